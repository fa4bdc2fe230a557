#!/usr/bin/env python3
"""Alternating A/B of gateways with and without limits: the cost of a limit store, measured so that machine noise
falls on every target alike.

Each target is a `bulwark gateway` (any build) in front of one fake Azure OpenAI, with the same key store and one of:
  none     no limits (the baseline the others are compared with);
  memory   three rules every request passes (a rolling rate, requests in flight, a monthly quota), in memory;
  redis    the same three rules in Redis (REDIS_URL), under a key prefix of each target's own;
  everything  gateway-load.py's "everything on" (authorisation, a region, a client IP allow-list with X-Forwarded-For
           from a trusted proxy, Entra ID configured, metrics, the audit log on disk), with its limited key;
  direct   no gateway: the fake upstream itself (BULWARK is ignored), for the gateway's added latency.
  relay    no gateway: BULWARK is a `LoopbackRelay` binary, a TCP relay with no HTTP in it, in front of the fake upstream:
           the cost of the second loopback hop alone, the floor under any gateway's added latency;
  stack    no gateway: BULWARK is a `StackRelay` binary, Hummingbird relaying with AsyncHTTPClient and nothing else: what
           the gateway's HTTP stack costs without the gateway.
Every round runs `wrk -t1 -c1` (one request at a time) against each target in turn, so a slow moment of the machine
hits neighbouring samples of every target; the medians over rounds are printed, with the added p50 against the
first target, and the gateway process's own CPU time per request over those runs (user + system, from /proc: less
sensitive to the machine's other work than latency is) and its context switches per request (voluntary and not, all
threads, from /proc: how often a request wakes a thread or gives one up). With RPS=1 in the environment each round
also measures requests/s with 2 threads x 64 connections.

usage: limits-ab.py FAKE_UPSTREAM REDIS_URL ROUNDS SECONDS NAME=BULWARK:KIND [NAME=BULWARK:KIND ...]
  e.g. limits-ab.py .build/release/FakeAzureOpenAI redis://127.0.0.1:6379 5 4 \\
           auth=.build/release/bulwark:none memory=.build/release/bulwark:memory redis=.build/release/bulwark:redis
"""
import importlib.util
import os
import statistics
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
spec = importlib.util.spec_from_file_location("gateway_load", os.path.join(HERE, "gateway-load.py"))
load = importlib.util.module_from_spec(spec)
spec.loader.exec_module(load)

RULES = """
  rules:
    - { name: key-rate, scope: key, requests: 1000000000, per: 60s }
    - { name: key-inflight, scope: key, concurrent: 100000 }
    - { name: monthly, scope: global, requests: 1000000000, period: month }
"""


def limits(kind, redis, tag):
    if kind == "none":
        return ""
    if kind == "memory":
        return "limits:" + RULES
    if kind == "redis":
        return f'limits:\n  store: "{redis}"\n  keyPrefix: "{{ab-{tag}}}:"' + RULES
    raise SystemExit(f"unknown kind {kind}: none, memory or redis")


def cpu_seconds(pid):
    """User plus system CPU time of a process so far, from /proc."""
    with open(f"/proc/{pid}/stat") as file:
        fields = file.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def context_switches(pid):
    """Voluntary plus involuntary context switches of every thread of a process so far, from /proc."""
    total = 0
    for thread in os.listdir(f"/proc/{pid}/task"):
        try:
            with open(f"/proc/{pid}/task/{thread}/status") as file:
                for line in file:
                    if line.startswith(("voluntary_ctxt_switches", "nonvoluntary_ctxt_switches")):
                        total += int(line.split()[1])
        except FileNotFoundError:
            pass  # a thread that ended meanwhile
    return total


EVERYTHING = """
trustedProxies: [127.0.0.1/32]
audit: {{ path: "{work}/audit-{tag}.jsonl", hmacKeyEnv: AUDIT_KEY }}
entra:
  tenants: [00000000-0000-0000-0000-000000000001]
  audiences: [api://bulwark]
  jwksUrl: "http://127.0.0.1:9/keys"
  policies: [{{ name: chat, roles: [Gateway.Chat], deployments: [gpt-4o], operations: [chat], requireMFA: true }}]
"""


def main():
    if len(sys.argv) < 6:
        raise SystemExit(__doc__)
    fake, redis, rounds, seconds = os.path.abspath(sys.argv[1]), sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
    targets = []
    for argument in sys.argv[5:]:
        name, _, spec_text = argument.partition("=")
        binary, _, kind = spec_text.rpartition(":")
        targets.append((name, os.path.abspath(binary), kind))
    processes = []
    with tempfile.TemporaryDirectory() as work:
        try:
            upstream = load.free_port()
            processes.append(subprocess.Popen([fake, str(upstream)], stdout=subprocess.DEVNULL))
            load.wait_for(upstream)
            store = f"sqlite:{work}/keys.db"
            creator = next(binary for _, binary, kind in targets if kind not in ("direct", "relay", "stack"))
            key = subprocess.run([creator, "keys", "create", "--store", store, "--name", "ab", "--deployments", "gpt-4o"],
                                 capture_output=True, text=True, check=True).stdout.strip().splitlines()[-1]
            limited = subprocess.run([creator, "keys", "create", "--store", store, "--name", "ab-limited", "--deployments", "gpt-4o",
                                      "--operations", "chat", "--regions", "eu", "--client-ips", "10.0.0.0/8"],
                                     capture_output=True, text=True, check=True).stdout.strip().splitlines()[-1]
            environment = dict(os.environ, UPSTREAM_KEY="upstream-key", AUDIT_KEY="benchmark-audit-key-0123456789abcdef")
            urls, pids, scripts = {}, {}, {}
            for index, (name, binary, kind) in enumerate(targets):
                if kind == "direct":
                    urls[name] = f"http://127.0.0.1:{upstream}/openai/v1/chat/completions"
                    pids[name] = processes[0].pid
                    scripts[name] = load.wrk_script(work, {"api-key": "upstream-key"})
                    continue
                if kind in ("relay", "stack"):
                    port = load.free_port()
                    process = subprocess.Popen([binary, str(port), str(upstream)], stdout=subprocess.DEVNULL)
                    processes.append(process)
                    load.wait_for(port)
                    urls[name] = f"http://127.0.0.1:{port}/openai/v1/chat/completions"
                    pids[name] = process.pid
                    scripts[name] = load.wrk_script(work, {"api-key": "upstream-key"})
                    continue
                extra = EVERYTHING.format(work=work, tag=index) if kind == "everything" else limits(kind, redis, f"{os.getpid()}-{index}")
                port = load.free_port()
                config = f"{work}/gateway-{port}.yaml"
                with open(config, "w") as file:
                    file.write(f"""listen: "127.0.0.1:{port}"
upstreams:
  - {{ name: fake, endpoint: "http://127.0.0.1:{upstream}", region: westeurope, deployments: [gpt-4o], auth: {{ type: apiKey, keyEnv: UPSTREAM_KEY }} }}
keys: {{ store: "{store}" }}
{extra}""")
                process = subprocess.Popen([binary, "gateway", "--config", config], env=environment,
                                           stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
                processes.append(process)
                pids[name] = process.pid
                load.wait_for(port)
                urls[name] = f"http://127.0.0.1:{port}/openai/v1/chat/completions"
                headers = {"api-key": limited, "X-Forwarded-For": "10.1.2.3"} if kind == "everything" else {"api-key": key}
                scripts[name] = load.wrk_script(work, headers)
            for name, url in urls.items():
                load.wrk(url, scripts[name], 1, 1, 2)  # warm-up
            p50 = {name: [] for name in urls}
            p99 = {name: [] for name in urls}
            rps = {name: [] for name in urls}
            cpu = {name: [0.0, 0, 0] for name in urls}  # CPU seconds, requests, context switches
            for _ in range(rounds):
                for name, url in urls.items():
                    before, switches = cpu_seconds(pids[name]), context_switches(pids[name])
                    latency, rate = load.wrk(url, scripts[name], 1, 1, seconds)
                    cpu[name][0] += cpu_seconds(pids[name]) - before
                    cpu[name][1] += rate * seconds
                    cpu[name][2] += context_switches(pids[name]) - switches
                    p50[name].append(latency[50] * 1000)
                    p99[name].append(latency[99] * 1000)
                if os.environ.get("RPS"):
                    for name, url in urls.items():
                        _, throughput = load.wrk(url, scripts[name], 2, 64, seconds)
                        rps[name].append(throughput)
            base = statistics.median(p50[targets[0][0]])
            base_rps = statistics.median(rps[targets[0][0]]) if rps[targets[0][0]] else None
            print(f"{os.cpu_count()} cores; {rounds} rounds of wrk -t1 -c1 -d{seconds}s per target, alternating")
            base_cpu = cpu[targets[0][0]][0] / cpu[targets[0][0]][1] * 1e6
            print("| target | p50 (median of rounds) | p99 (median) | added p50 | rounds | gateway CPU per request | added CPU | "
                  "context switches per request | requests/s (64 connections) | kept |")
            print("|---|---|---|---|---|---|---|---|---|---|")
            for name in urls:
                median = statistics.median(p50[name])
                throughput = f"{statistics.median(rps[name]):,.0f}" if rps[name] else ""
                kept = f"{statistics.median(rps[name]) / base_rps:.0%}" if rps[name] and base_rps else ""
                rounds_text = ", ".join(f"{value:.0f}" for value in p50[name])
                per_request = cpu[name][0] / cpu[name][1] * 1e6
                switches = cpu[name][2] / cpu[name][1]
                print(f"| {name} | {median:.0f} µs | {statistics.median(p99[name]):.0f} µs | {median - base:+.0f} µs | {rounds_text} | "
                      f"{per_request:.0f} µs | {per_request - base_cpu:+.0f} µs | {switches:.1f} | {throughput} | {kept} |")
        finally:
            for process in processes:
                process.terminate()


if __name__ == "__main__":
    main()
