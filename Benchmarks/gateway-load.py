#!/usr/bin/env python3
"""Load benchmark of the gateway: wrk sends chat completions to a fast fake Azure OpenAI (SwiftNIO) directly,
through `bulwark gateway` with key authentication only, through the gateway with every policy on, and through
LiteLLM's proxy in front of the same fake upstream, all in the same run.

usage: [BULWARK_REDIS_URL=redis://...] gateway-load.py BULWARK FAKE_UPSTREAM LITELLM_BINARY|- [SECONDS]

Two measurements per target:
  latency     wrk -t1 -c1 --latency: one request at a time, so p50/p99 show the per-request cost; the gateway's
              added latency is its p50/p99 minus the direct p50/p99;
  throughput  wrk -t2 -c64: requests per second with 64 connections.
"everything on" means: key authentication, deployment and operation authorisation, a client IP allow-list
(with X-Forwarded-For from a trusted proxy), a region restriction, an Entra ID configuration (the token
validator is set up; the key path is what is measured), metrics, and the hash-chained HMAC audit log on disk;
"auth only + limits" adds three limit rules every request passes (a rate, requests in flight, a monthly
quota), in the memory store, and (with BULWARK_REDIS_URL) the same three in Redis on loopback; "token limits" are a
token rate and a monthly token quota (the prompt counted with the BPE tokenizer, settled from the answer's usage); "+ all guards" adds injection detection, personal data and secret redaction, a blocklist, completion checks
and abuse monitoring.
Prints a Markdown table. Nothing here asserts a time: the numbers are for docs/benchmarks.md.
"""
import json
import os
import re
import socket
import subprocess
import sys
import tempfile
import time

BODY = json.dumps({"model": "gpt-4o", "messages": [{"role": "user", "content": "Say hello."}], "max_tokens": 16})


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for(port, path="/", timeout=60):
    deadline = time.time() + timeout
    while time.time() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                return
        except OSError:
            time.sleep(0.1)
    raise SystemExit(f"nothing listened on {port} within {timeout} s")


def wrk_script(folder, headers):
    path = os.path.join(folder, f"request-{len(os.listdir(folder))}.lua")
    with open(path, "w") as script:
        script.write('wrk.method = "POST"\n')
        script.write(f"wrk.body = {json.dumps(BODY)}\n")
        script.write('wrk.headers["Content-Type"] = "application/json"\n')
        for name, value in headers.items():
            script.write(f'wrk.headers["{name}"] = "{value}"\n')
        # Any answer but 200 makes the run worthless: wrk counts them, and the first few are shown.
        script.write('shown = 0\n')
        script.write('response = function(status, headers, body) if status ~= 200 and shown < 3 then '
                     'shown = shown + 1; io.write(status .. " " .. body .. "\\n") end end\n')
        script.write('done = function(summary, latency, requests) end\n')
    return path


UNITS = {"us": 1e-3, "ms": 1.0, "s": 1000.0}


def to_ms(text):
    number, unit = re.fullmatch(r"([\d.]+)(us|ms|s)", text).groups()
    return float(number) * UNITS[unit]


def wrk(url, script, threads, connections, seconds):
    out = subprocess.run(["wrk", f"-t{threads}", f"-c{connections}", f"-d{seconds}s", "--latency", "-s", script, url],
                         capture_output=True, text=True, check=True).stdout
    percentiles = {int(p): to_ms(v) for p, v in re.findall(r"^\s+(50|75|90|99)%\s+(\S+)", out, re.M)}
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    if errors:
        raise SystemExit(f"{url}: {errors.group(1)} non-2xx answers\n{out}")
    return percentiles, rps


def main():
    if len(sys.argv) < 4:
        raise SystemExit(__doc__)
    bulwark, fake, litellm = os.path.abspath(sys.argv[1]), os.path.abspath(sys.argv[2]), sys.argv[3]
    seconds = int(sys.argv[4]) if len(sys.argv) > 4 else 10
    processes = []
    with tempfile.TemporaryDirectory() as work:
        try:
            upstream_port = free_port()
            processes.append(subprocess.Popen([fake, str(upstream_port)], stdout=subprocess.DEVNULL))
            wait_for(upstream_port)
            store = f"sqlite:{work}/keys.db"
            environment = dict(os.environ, UPSTREAM_KEY="upstream-key", AUDIT_KEY="benchmark-audit-key-0123456789abcdef")
            created = subprocess.run([bulwark, "keys", "create", "--store", store, "--name", "bench", "--deployments", "gpt-4o"],
                                     capture_output=True, text=True, check=True)
            key = created.stdout.strip().splitlines()[-1]
            limited = subprocess.run([bulwark, "keys", "create", "--store", store, "--name", "bench-limited", "--deployments", "gpt-4o",
                                      "--operations", "chat", "--regions", "eu", "--client-ips", "10.0.0.0/8"],
                                     capture_output=True, text=True, check=True).stdout.strip().splitlines()[-1]
            targets = {}
            upstream = f"http://127.0.0.1:{upstream_port}"
            everything = f"""
trustedProxies: [127.0.0.1/32]
audit: {{ path: "{work}/audit-PORT.jsonl", hmacKeyEnv: AUDIT_KEY }}
entra:
  tenants: [00000000-0000-0000-0000-000000000001]
  audiences: [api://bulwark]
  jwksUrl: "http://127.0.0.1:9/keys"
  policies: [{{ name: chat, roles: [Gateway.Chat], deployments: [gpt-4o], operations: [chat], requireMFA: true }}]
"""
            guards = """
guards:
  default: all
  profiles:
    all:
      injection: { flag: 0.6, block: 0.9 }
      personalData: mask
      secrets: block
      blocklist: [ { word: "project zeus" }, { fuzzy: "confidential", distance: 1 } ]
      completions: true
abuse: { threshold: 1000 }
"""
            # Limits that every request passes, so the cost of checking and charging them is what is measured.
            limits = """
limits:
  rules:
    - { name: key-rate, scope: key, requests: 1000000000, per: 60s }
    - { name: key-inflight, scope: key, concurrent: 100000 }
    - { name: monthly, scope: global, requests: 1000000000, period: month }
"""
            # Token limits: the prompt is counted (BPE) and the cap reserved, then settled from the answer's usage.
            token_limits = """
limits:
  rules:
    - { name: key-tpm, scope: key, tokens: 1000000000000, per: 60s }
    - { name: monthly-tokens, scope: global, tokens: 1000000000000, period: month }
"""
            configurations = [("auth only", ""), ("auth only + limits (memory store)", limits)]
            redis = os.environ.get("BULWARK_REDIS_URL")
            if redis:
                # The same rules on a loopback Redis, under a key prefix of this run's own.
                shared = limits.replace("limits:\n", f'limits:\n  store: "{redis}"\n  keyPrefix: "{{bench-{os.getpid()}}}:"\n', 1)
                configurations.append(("auth only + limits (Redis store)", shared))
            configurations += [("auth only + token limits (memory store)", token_limits), ("everything on", everything),
                               ("everything on + all guards", everything + guards)]
            for name, extra in configurations:
                port = free_port()
                config = f"{work}/gateway-{port}.yaml"
                extra = extra.replace("PORT", str(port))
                with open(config, "w") as file:
                    file.write(f"""listen: "127.0.0.1:{port}"
upstreams:
  - {{ name: fake, endpoint: "{upstream}", region: westeurope, deployments: [gpt-4o], auth: {{ type: apiKey, keyEnv: UPSTREAM_KEY }} }}
keys: {{ store: "{store}" }}
{extra}""")
                processes.append(subprocess.Popen([bulwark, "gateway", "--config", config], env=environment,
                                                  stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL))
                wait_for(port)
                headers = {"api-key": key} if name.startswith("auth only") else {"api-key": limited, "X-Forwarded-For": "10.1.2.3"}
                targets[f"bulwark gateway, {name}"] = (f"http://127.0.0.1:{port}/openai/v1/chat/completions", headers)
            if litellm != "-":
                port = free_port()
                with open(f"{work}/litellm.yaml", "w") as file:
                    file.write(f"""model_list:
  - model_name: gpt-4o
    litellm_params: {{ model: azure/gpt-4o, api_base: "{upstream}", api_key: upstream-key, api_version: "2024-10-21" }}
general_settings: {{ master_key: sk-benchmark-master-key }}
litellm_settings: {{ telemetry: false }}
""")
                litellm_env = dict(os.environ, LITELLM_LOCAL_MODEL_COST_MAP="True", LITELLM_LOG="ERROR")
                processes.append(subprocess.Popen([litellm, "--config", f"{work}/litellm.yaml", "--port", str(port), "--host", "127.0.0.1",
                                                   "--num_workers", "1"], env=litellm_env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL))
                wait_for(port, timeout=180)
                time.sleep(3)
                targets["LiteLLM proxy"] = (f"http://127.0.0.1:{port}/v1/chat/completions", {"Authorization": "Bearer sk-benchmark-master-key"})

            direct = ("direct to the fake upstream", (f"{upstream}/openai/v1/chat/completions", {"api-key": "upstream-key"}))
            rows = []
            for name, (url, headers) in [direct] + list(targets.items()):
                script = wrk_script(work, headers)
                wrk(url, script, 1, 1, 2)  # warm-up: connections, caches, JIT-free but page-faulted
                latency, _ = wrk(url, script, 1, 1, seconds)
                _, rps = wrk(url, script, 2, 64, seconds)
                rows.append((name, latency, rps))
            base = rows[0][1]
            litellm_rps = next((rps for name, _, rps in rows if name.startswith("LiteLLM")), None)
            print(f"{os.cpu_count()} cores; wrk 1 connection for latency, 2 threads x 64 connections for throughput; {seconds} s each")
            print("| target | p50 | p99 | added p50 | added p99 | requests/s (64 connections) | ÷ LiteLLM |")
            print("|---|---|---|---|---|---|---|")
            for name, latency, rps in rows:
                added = "" if name.startswith("direct") else f"{(latency[50] - base[50]) * 1000:.0f} µs"
                added99 = "" if name.startswith("direct") else f"{(latency[99] - base[99]) * 1000:.0f} µs"
                ratio = f"{rps / litellm_rps:.1f}x" if litellm_rps else ""
                print(f"| {name} | {latency[50] * 1000:.0f} µs | {latency[99] * 1000:.0f} µs | {added} | {added99} | {rps:,.0f} | {ratio} |")
            for audit in sorted(f for f in os.listdir(work) if f.startswith("audit-")):
                with open(os.path.join(work, audit)) as file:
                    print(f"{audit}: {sum(1 for _ in file)} audit records")
        finally:
            for process in processes:
                process.terminate()
            for process in processes:
                try:
                    process.wait(timeout=30)
                except subprocess.TimeoutExpired:
                    process.kill()


if __name__ == "__main__":
    main()
