#!/usr/bin/env python3
"""Instructions per proxied request, counted by callgrind: a measure of the gateway's per-request cost that the
machine's other work does not disturb (unlike latency on a shared machine).

Starts the fake Azure OpenAI, then `bulwark gateway` under `valgrind --tool=callgrind` with the auth-only
configuration of limits-ab.py (or `--everything`), sends FEW and then MANY chat completions one at a time over one
keep-alive connection (two separate gateway runs), and prints the difference of the two totals divided by the
difference of the request counts: the cost of one request, with start-up and shutdown cancelled out. The profile of
the larger run is kept (its path is printed) for `callgrind_annotate --inclusive=yes`.

usage: gateway-callgrind.py BULWARK FAKE_UPSTREAM [FEW MANY] [--everything]
"""
import http.client
import json
import os
import re
import signal
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import importlib.util

spec = importlib.util.spec_from_file_location("gateway_load", os.path.join(HERE, "gateway-load.py"))
load = importlib.util.module_from_spec(spec)
spec.loader.exec_module(load)

BODY = json.dumps({"model": "gpt-4o", "messages": [{"role": "user", "content": "Say hello."}], "max_tokens": 16})


def profile(bulwark, upstream_port, work, key, requests, everything):
    port = load.free_port()
    config = f"{work}/gateway-{port}.yaml"
    extra = ""
    if everything:
        extra = f'audit: {{ path: "{work}/audit-{port}.jsonl", hmacKeyEnv: AUDIT_KEY }}\nlimits:\n  rules:\n' \
                '    - { name: key-rate, scope: key, requests: 1000000000, per: 60s }\n'
    with open(config, "w") as file:
        file.write(f"""listen: "127.0.0.1:{port}"
upstreams:
  - {{ name: fake, endpoint: "http://127.0.0.1:{upstream_port}", region: westeurope, deployments: [gpt-4o], auth: {{ type: apiKey, keyEnv: UPSTREAM_KEY }} }}
keys: {{ store: "sqlite:{work}/keys.db" }}
{extra}""")
    output = f"{work}/callgrind-{requests}.out"
    environment = dict(os.environ, UPSTREAM_KEY="upstream-key", AUDIT_KEY="benchmark-audit-key-0123456789abcdef")
    process = subprocess.Popen(
        ["valgrind", "--tool=callgrind", f"--callgrind-out-file={output}", bulwark, "gateway", "--config", config],
        env=environment, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    deadline = time.time() + 120
    while time.time() < deadline:
        try:
            http.client.HTTPConnection("127.0.0.1", port, timeout=5).connect()
            break
        except OSError:
            time.sleep(0.5)
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    for _ in range(requests):
        connection.request("POST", "/openai/v1/chat/completions", body=BODY,
                           headers={"api-key": key, "content-type": "application/json"})
        response = connection.getresponse()
        response.read()
        if response.status != 200:
            raise SystemExit(f"the gateway answered {response.status}")
    connection.close()
    process.send_signal(signal.SIGTERM)
    _, errors = process.communicate(timeout=120)
    total = re.search(rb"Collected : (\d+)", errors)
    if not total:
        raise SystemExit(f"callgrind printed no total:\n{errors.decode()[-2000:]}")
    return int(total.group(1)), output


def main():
    arguments = [a for a in sys.argv[1:] if a != "--everything"]
    everything = len(arguments) != len(sys.argv) - 1
    if len(arguments) not in (2, 4):
        raise SystemExit(__doc__)
    bulwark, fake = os.path.abspath(arguments[0]), os.path.abspath(arguments[1])
    few, many = (int(arguments[2]), int(arguments[3])) if len(arguments) == 4 else (100, 300)
    work = tempfile.mkdtemp(prefix="gateway-callgrind-")
    upstream_port = load.free_port()
    upstream = subprocess.Popen([fake, str(upstream_port)], stdout=subprocess.DEVNULL)
    try:
        load.wait_for(upstream_port)
        key = subprocess.run([bulwark, "keys", "create", "--store", f"sqlite:{work}/keys.db", "--name", "cg", "--deployments", "gpt-4o"],
                             capture_output=True, text=True, check=True).stdout.strip().splitlines()[-1]
        small, _ = profile(bulwark, upstream_port, work, key, few, everything)
        large, output = profile(bulwark, upstream_port, work, key, many, everything)
    finally:
        upstream.terminate()
    print(f"{few} requests: {small:,} instructions; {many} requests: {large:,} instructions")
    print(f"per request: {(large - small) / (many - few):,.0f} instructions ({'everything on' if everything else 'auth only'})")
    print(f"profile of the larger run: {output}")


if __name__ == "__main__":
    main()
