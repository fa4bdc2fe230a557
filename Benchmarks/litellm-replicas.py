#!/usr/bin/env python3
"""Does a shared-Redis rate limit hold across replicas? LiteLLM's proxy, 3 replicas sharing one Redis.

usage: [BULWARK=path/to/bulwark] litellm-replicas.py LITELLM_BINARY|- REDIS_URL [FEATURE ...]
         FEATURE: key-rpm, router-rpm (these two by default), key-rpm-redis-down, key-rpm-fail-closed-redis-down,
                  key-parallel, or all
       LITELLM_BINARY is the `litellm` entry point of a venv with `pip install 'litellm[proxy]'`
       (e.g. .build-bench/litellm-venv/bin/litellm); `-` skips LiteLLM (for when only other gateways are measured).
       REDIS_URL is redis://[:password@]host:port[/db], e.g. $BULWARK_REDIS_URL from
       `eval "$(Scripts/redis-for-tests.sh start)"`.

The scenario (issue 11): one limit of 50 requests, 3 gateway replicas sharing one Redis, 300 concurrent requests
spread round-robin over the replicas, in front of a fake Azure OpenAI upstream (a ThreadingHTTPServer in this
file) that counts what it received. A limit that holds admits 50 and the upstream sees 50; a limit that is kept
per replica admits up to 150. Prints one Markdown row per configuration:
  | gateway (feature) | replicas | limit | admitted (200) | upstream saw | other statuses |

What is configured for LiteLLM, and why:
  key-rpm     the per-key `rpm_limit`, enforced by the proxy's default limiter (parallel_request_limiter_v3), which
              counts in Redis (`litellm_settings.cache` of type redis, `mode: default_off` so no response is served from the
              cache: the proxy uses that Redis as its "redis_usage_cache" for cross-pod rpm/tpm). This is LiteLLM's counterpart of a per-key rate.
              A real virtual key (`/key/generate` with rpm_limit) needs the proxy database, i.e. Prisma, whose
              CLI and query engine are downloaded at run time (npm registry, binaries.prisma.sh); offline that
              fails (`npm install prisma@5.17.0` -> ENOTFOUND registry.npmjs.org). So the key is given by
              LiteLLM's documented `general_settings.custom_auth` hook instead, which returns a UserAPIKeyAuth
              with api_key=<one name for all replicas> and rpm_limit=50: the same object a database key yields,
              so the same limiter code path runs. Its window is LITELLM_RATE_LIMIT_WINDOW_SIZE seconds (default
              60); it is set to 3600 here, so the limit reads "50 per hour" like Bulwark's rule.
  router-rpm  a deployment `rpm: 50` in model_list with `router_settings.routing_strategy: usage-based-routing-v2`
              and the router's redis_host/redis_port (the router's cross-instance rpm tracking). Its window is the
              current UTC minute (not configurable), so it is "50 per minute"; num_retries is 0 so a refused
              request is answered at once instead of being retried into the next minute.
              The router counts in memory and pushes increments to Redis in batches (every
              DEFAULT_REDIS_SYNC_INTERVAL), so each replica admits on its own count until the next sync.
  key-parallel
              not a rate: the key's `max_parallel_requests: 50` (requests in flight), with the fake upstream holding
              each answer PARALLEL_HOLD seconds so that every admitted request is still in flight while the rest
              arrive. A cap shared through Redis admits about 50 of the 300; one kept per replica about 150.
  key-rpm-redis-down
              key-rpm, but against a private redis-server (started by this script, on a free loopback port) that is
              stopped after the replicas are up and before the load: what the limit does when Redis errors (#35533).
  key-rpm-fail-closed-redis-down
              the same with `general_settings.fail_closed_rate_limit_enforcement: true` (the setting this version
              has for refusing instead of falling back to per-pod counting when Redis cannot be reached).
Each run uses a fresh key name / deployment id, so nothing is flushed from Redis and reruns do not collide.
The redis-down variants need `redis-server` on PATH; REDIS_URL is not touched by them.

Bulwark, in the same run when BULWARK names its binary (a release build): 3 `bulwark gateway` replicas with
`limits.store` on REDIS_URL and one key made with `--limit requests=50/3600s` (PostgreSQL keys when
BULWARK_POSTGRES_URL and BULWARK_POSTGRES_PASSWORD are set, from Scripts/postgres-for-tests.sh; else one SQLite
file the replicas share), then the same key with Redis stopped (a private redis-server, as above) under the
default `onStoreError: closed` and under `local`, and `--limit concurrent=50` with the upstream holding answers.

Reusable pieces for other gateways in the same run: FakeUpstream (start, .url, .count, .reset(), .stop()) and
offer(urls, headers_per_url, body, total=300) -> (Counter of statuses, upstream count).
Needs only the standard library (plus LiteLLM itself in its own venv).
"""
import collections
import http.client
import json
import os
import re
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
import uuid
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

REPLICAS = 3
LIMIT = 50
TOTAL = 300
BODY = json.dumps({"model": "gpt-4o", "messages": [{"role": "user", "content": "Say hello."}], "max_tokens": 16})


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


# ---------------------------------------------------------------------------------------------------------------
# Fake Azure OpenAI upstream


class FakeUpstream:
    """Answers POST /openai/deployments/{d}/chat/completions?api-version=... (and /openai/v1/chat/completions) with a
    chat completion carrying a `usage` object, and counts the chat completions it received."""

    def __init__(self, delay=0.0):
        self.delay = delay  # seconds each answer is held, read per request
        self.count = 0
        self.paths = collections.Counter()
        self._lock = threading.Lock()
        upstream = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args):
                pass

            def do_POST(self):
                length = int(self.headers.get("Content-Length") or 0)
                raw = self.rfile.read(length) if length else b""
                path = urllib.parse.urlsplit(self.path).path
                if not re.fullmatch(r"/openai/(deployments/[^/]+|v1)/chat/completions", path):
                    return self._answer(404, {"error": {"code": "404", "message": f"no route {path}"}})
                with upstream._lock:
                    upstream.count += 1
                    upstream.paths[path] += 1
                if upstream.delay:
                    time.sleep(upstream.delay)
                try:
                    model = json.loads(raw or b"{}").get("model", "gpt-4o")
                except ValueError:
                    model = "gpt-4o"
                self._answer(200, {
                    "id": f"chatcmpl-{uuid.uuid4().hex[:12]}", "object": "chat.completion", "created": int(time.time()),
                    "model": model or "gpt-4o",
                    "choices": [{"index": 0, "finish_reason": "stop",
                                 "message": {"role": "assistant", "content": "Hello."}}],
                    "usage": {"prompt_tokens": 9, "completion_tokens": 2, "total_tokens": 11},
                })

            def do_GET(self):
                self._answer(200, {"ok": True})

            def _answer(self, status, payload):
                data = json.dumps(payload).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

        # The listen backlog is set when the socket listens, in the constructor: a subclass, not an attribute set later.
        class Server(ThreadingHTTPServer):
            request_queue_size = 1024
            daemon_threads = True

        self.server = Server(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        self._thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self._thread.start()

    def reset(self):
        with self._lock:
            self.count = 0
            self.paths.clear()

    def stop(self):
        self.server.shutdown()
        self.server.server_close()


# ---------------------------------------------------------------------------------------------------------------
# The load


def _post(url, headers, body, timeout):
    parts = urllib.parse.urlsplit(url)
    connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=timeout)
    try:
        target = parts.path + (f"?{parts.query}" if parts.query else "")
        connection.request("POST", target, body=body, headers={"Content-Type": "application/json", **headers})
        response = connection.getresponse()
        response.read()
        return response.status
    except Exception as error:  # a refused or reset connection is a result too
        return f"error:{type(error).__name__}"
    finally:
        connection.close()


def offer(urls, headers_per_url, body, total=TOTAL, upstream=None, timeout=120):
    """Fires `total` requests at once (one thread each, released together by a barrier), round-robin over `urls`
    (request i goes to urls[i % len(urls)] with headers_per_url[i % len(urls)]). Returns (Counter of HTTP
    statuses, or "error:<Exception>" for transport failures; how many chat completions `upstream` received
    during the offer, or None without an upstream)."""
    if upstream is not None:
        upstream.reset()
    if isinstance(body, str):
        body = body.encode()
    statuses = collections.Counter()
    lock = threading.Lock()
    barrier = threading.Barrier(total)

    def one(i):
        try:
            barrier.wait(timeout=60)
        except threading.BrokenBarrierError:
            pass
        status = _post(urls[i % len(urls)], headers_per_url[i % len(urls)], body, timeout)
        with lock:
            statuses[status] += 1

    old_stack = threading.stack_size()
    threading.stack_size(256 * 1024)
    try:
        threads = [threading.Thread(target=one, args=(i,), daemon=True) for i in range(total)]
    finally:
        threading.stack_size(old_stack)
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    time.sleep(0.5)  # let any request still in flight to the upstream land before reading the count
    return statuses, (upstream.count if upstream is not None else None)


def row(name, replicas, limit, statuses, upstream_count):
    admitted = statuses.get(200, 0)
    others = ", ".join(f"{count}× {status}" for status, count in sorted(statuses.items(), key=lambda kv: str(kv[0]))
                       if status != 200) or "none"
    return f"| {name} | {replicas} | {limit} | {admitted} | {upstream_count} | {others} |"


# ---------------------------------------------------------------------------------------------------------------
# Processes


class Processes:
    """Started processes (each in its own process group), all ended on exit, exception or Ctrl-C."""

    def __init__(self):
        self.items = []

    def start(self, args, **kwargs):
        process = subprocess.Popen(args, start_new_session=True, **kwargs)
        self.items.append(process)
        return process

    def stop(self, processes=None):
        targets = list(self.items if processes is None else processes)
        for process in targets:
            if process.poll() is None:
                try:
                    os.killpg(process.pid, signal.SIGTERM)
                except ProcessLookupError:
                    pass
        for process in targets:
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                try:
                    os.killpg(process.pid, signal.SIGKILL)
                except ProcessLookupError:
                    pass
                process.wait()
            if process in self.items:
                self.items.remove(process)


def wait_http(url, process, log, timeout=300):
    deadline = time.time() + timeout
    while time.time() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"{url} exited with {process.returncode} before it answered; last log lines:\n{tail(log)}")
        parts = urllib.parse.urlsplit(url)
        try:
            connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=2)
            connection.request("GET", parts.path)
            if connection.getresponse().status == 200:
                return
        except OSError:
            pass
        time.sleep(0.5)
    raise RuntimeError(f"{url} did not answer within {timeout} s; last log lines:\n{tail(log)}")


def tail(path, lines=30):
    try:
        with open(path, errors="replace") as file:
            return "".join(file.readlines()[-lines:])
    except OSError:
        return ""


def parse_redis_url(url):
    parts = urllib.parse.urlsplit(url)
    if parts.scheme not in ("redis", "rediss"):
        raise SystemExit(f"REDIS_URL must be redis://host:port, not {url}")
    return {"host": parts.hostname or "127.0.0.1", "port": parts.port or 6379, "password": parts.password,
            "db": int(parts.path.strip("/") or 0), "ssl": parts.scheme == "rediss"}


# ---------------------------------------------------------------------------------------------------------------
# LiteLLM

CUSTOM_AUTH = '''
import os
from fastapi import Request
from litellm.proxy._types import UserAPIKeyAuth


async def user_api_key_auth(request: Request, api_key: str) -> UserAPIKeyAuth:
    """Stands in for a database virtual key: every replica yields the same key with the same rpm_limit."""
    if api_key != os.environ["BENCH_CLIENT_KEY"]:
        raise Exception("unknown key")
    limit = int(os.environ["BENCH_LIMIT"])
    if os.environ["BENCH_LIMIT_KIND"] == "parallel":
        return UserAPIKeyAuth(api_key=os.environ["BENCH_KEY_NAME"], max_parallel_requests=limit)
    return UserAPIKeyAuth(api_key=os.environ["BENCH_KEY_NAME"], rpm_limit=limit)
'''


def litellm_version(binary):
    python = os.path.join(os.path.dirname(binary), "python")
    if not os.path.exists(python):
        return "?"
    out = subprocess.run([python, "-c", "import importlib.metadata as m; print(m.version('litellm'))"],
                         capture_output=True, text=True)
    return out.stdout.strip() or "?"


def yaml_redis(redis, prefix, indent):
    """Redis connection lines for a LiteLLM YAML block (JSON is YAML)."""
    pad = " " * indent
    lines = [f"{pad}{prefix}host: {json.dumps(redis['host'])}", f"{pad}{prefix}port: {redis['port']}"]
    if redis["password"]:
        lines.append(f"{pad}{prefix}password: {json.dumps(redis['password'])}")
    return "\n".join(lines)


def litellm_config(feature, upstream_url, redis, run_id):
    fail_closed = "\n  fail_closed_rate_limit_enforcement: true" if "fail-closed" in feature else ""
    deployment = f"""model_list:
  - model_name: gpt-4o
    litellm_params:
      model: azure/gpt-4o
      api_base: "{upstream_url}"
      api_key: upstream-key
      api_version: "2024-10-21"
"""
    if feature.startswith("key-"):
        if redis["db"]:
            extra_db = f"\n    db: {redis['db']}"
        else:
            extra_db = ""
        return deployment + f"""general_settings:
  master_key: sk-bench-master-{run_id}
  custom_auth: bench_auth.user_api_key_auth{fail_closed}
litellm_settings:
  telemetry: false
  cache: true
  cache_params:
    type: redis
{yaml_redis(redis, "", 4)}{extra_db}
    mode: default_off
"""
    if feature == "router-rpm":
        return deployment + f"""      rpm: {LIMIT}
    model_info: {{ id: "bench-{run_id}" }}
general_settings:
  master_key: sk-bench-master-{run_id}
litellm_settings:
  telemetry: false
router_settings:
  routing_strategy: usage-based-routing-v2
{yaml_redis(redis, "redis_", 2)}
  num_retries: 0
"""
    raise SystemExit(f"unknown feature {feature}")


FEATURE_NAMES = {
    "key-rpm": "key rpm_limit via custom_auth, limiter v3, Redis usage cache, window 3600 s",
    "router-rpm": "deployment rpm, usage-based-routing-v2, router Redis, window 1 min",
    "key-rpm-redis-down": "key rpm_limit as above, Redis stopped before the load",
    "key-rpm-fail-closed-redis-down": "key rpm_limit as above + fail_closed_rate_limit_enforcement, Redis stopped before the load",
    "key-parallel": "key max_parallel_requests via custom_auth, limiter v3, Redis usage cache; in flight, not a rate",
}
PARALLEL_HOLD = 3.0
DEFAULT_FEATURES = ["key-rpm", "router-rpm"]


def redis_ping(host, port, timeout=1.0):
    try:
        with socket.create_connection((host, port), timeout=timeout) as connection:
            connection.sendall(b"*1\r\n$4\r\nPING\r\n")
            return connection.recv(64).startswith(b"+PONG")
    except OSError:
        return False


def start_private_redis(processes, folder):
    """A throwaway redis-server on a free loopback port, owned by this script (so it can be stopped on purpose)."""
    port = free_port()
    log = os.path.join(folder, "redis.log")
    process = processes.start(["redis-server", "--bind", "127.0.0.1", "--port", str(port), "--save", "",
                               "--appendonly", "no", "--dir", folder, "--logfile", log])
    for _ in range(100):
        if redis_ping("127.0.0.1", port):
            return process, parse_redis_url(f"redis://127.0.0.1:{port}")
        if process.poll() is not None:
            break
        time.sleep(0.1)
    raise RuntimeError(f"redis-server did not start on 127.0.0.1:{port}; see:\n{tail(log)}")


def run_litellm(binary, redis, feature, upstream, processes, work):
    """Starts REPLICAS LiteLLM proxies with the same config and Redis, offers TOTAL requests, stops them.
    Returns (statuses, upstream count)."""
    run_id = uuid.uuid4().hex[:10]
    folder = os.path.join(work, f"litellm-{feature}")
    os.makedirs(folder)
    config = os.path.join(folder, "config.yaml")
    private_redis = None
    if feature.endswith("redis-down"):
        private_redis, redis = start_private_redis(processes, folder)
    with open(config, "w") as file:
        file.write(litellm_config(feature, upstream.url, redis, run_id))
    with open(os.path.join(folder, "bench_auth.py"), "w") as file:
        file.write(CUSTOM_AUTH)
    client_key = f"sk-bench-client-{run_id}"
    environment = dict(os.environ, LITELLM_LOCAL_MODEL_COST_MAP="True", LITELLM_LOG="ERROR",
                       LITELLM_RATE_LIMIT_WINDOW_SIZE="3600", BENCH_CLIENT_KEY=client_key,
                       BENCH_KEY_NAME=f"bench-key-{run_id}", BENCH_LIMIT=str(LIMIT),
                       BENCH_LIMIT_KIND="parallel" if feature == "key-parallel" else "rpm",
                       DISABLE_SCHEMA_UPDATE="True", NO_DOCS="True")
    for name in ("DATABASE_URL", "REDIS_HOST", "REDIS_PORT", "REDIS_PASSWORD", "REDIS_URL"):
        environment.pop(name, None)
    started, urls = [], []
    for index in range(REPLICAS):
        port = free_port()
        log = os.path.join(folder, f"replica-{index}.log")
        with open(log, "w") as out:
            started.append((processes.start([binary, "--config", config, "--port", str(port), "--host", "127.0.0.1",
                                             "--num_workers", "1"], env=environment, stdout=out,
                                            stderr=subprocess.STDOUT, cwd=folder), log))
        urls.append(f"http://127.0.0.1:{port}")
    try:
        for url, (process, log) in zip(urls, started):
            wait_http(f"{url}/health/liveliness", process, log)
        time.sleep(2)
        if private_redis is not None:
            processes.stop([private_redis])
            if redis_ping(redis["host"], redis["port"]):
                raise RuntimeError("the private redis-server still answers after it was stopped")
        if feature.startswith("router"):
            # The router's window is the UTC minute: start the load early in a minute so it cannot straddle two.
            while time.gmtime().tm_sec > 45:
                time.sleep(0.5)
        key = client_key if feature.startswith("key-") else f"sk-bench-master-{run_id}"
        started_at = time.time()
        headers = [{"Authorization": f"Bearer {key}"}] * REPLICAS
        upstream.delay = PARALLEL_HOLD if feature == "key-parallel" else 0.0
        try:
            statuses, seen = offer([f"{url}/v1/chat/completions" for url in urls], headers, BODY, TOTAL, upstream)
        finally:
            upstream.delay = 0.0
        print(f"{feature}: the load took {time.time() - started_at:.1f} s", file=sys.stderr)
        if feature.startswith("router") and time.gmtime(started_at).tm_min != time.gmtime().tm_min:
            print(f"note: the {feature} load straddled a UTC minute, i.e. two router windows", file=sys.stderr)
        for process, log in started:
            if process.poll() is not None:
                print(f"note: a {feature} replica exited during the run:\n{tail(log)}", file=sys.stderr)
        return statuses, seen
    finally:
        processes.stop([process for process, _ in started])
        if os.environ.get("KEEP_LOGS"):
            for _, log in started:
                print(f"--- {log}\n{tail(log, 60)}", file=sys.stderr)


# ---------------------------------------------------------------------------------------------------------------
# Bulwark

BULWARK_FEATURES = {
    "key-rpm": "key --limit requests=50/3600s, Redis store",
    "key-rpm-redis-down": "the same, Redis stopped before the load (onStoreError: closed, the default)",
    "key-rpm-local-redis-down": "the same, Redis stopped, onStoreError: local (limit ÷ 3 per replica)",
    "key-parallel": "key --limit concurrent=50, Redis store; in flight, not a rate",
}


def run_bulwark(binary, redis, feature, upstream, processes, work):
    """Starts REPLICAS `bulwark gateway` replicas sharing Redis (and PostgreSQL or one SQLite file for keys), offers
    TOTAL requests with one key, stops them. Returns (statuses, upstream count)."""
    folder = os.path.join(work, f"bulwark-{feature}")
    os.makedirs(folder)
    private_redis = None
    if feature.endswith("redis-down"):
        private_redis, redis = start_private_redis(processes, folder)
    environment = dict(os.environ, UPSTREAM_KEY="upstream-key")
    if os.environ.get("BULWARK_POSTGRES_URL") and os.environ.get("BULWARK_POSTGRES_PASSWORD"):
        store = os.environ["BULWARK_POSTGRES_URL"]
        environment["PGPASSWORD"] = os.environ["BULWARK_POSTGRES_PASSWORD"]
    else:
        store = f"sqlite:{folder}/keys.db"
    limit = f"concurrent={LIMIT}" if feature == "key-parallel" else f"requests={LIMIT}/3600s"
    created = subprocess.run([binary, "keys", "create", "--store", store, "--name", f"bench-{uuid.uuid4().hex[:8]}",
                              "--deployments", "gpt-4o", "--limit", limit], capture_output=True, text=True, env=environment)
    if created.returncode != 0:
        raise RuntimeError(f"keys create failed: {created.stderr.strip()}")
    secret = created.stdout.strip().splitlines()[-1]
    password = f'\n  passwordEnv: BENCH_REDIS_PASSWORD' if redis.get("password") else ""
    if redis.get("password"):
        environment["BENCH_REDIS_PASSWORD"] = redis["password"]
    policy = "local" if "local" in feature else "closed"
    # One key prefix for the run's replicas (they must share counters), new each run so reruns start empty.
    key_prefix = f"{{bench-{uuid.uuid4().hex[:8]}}}:"
    started, urls = [], []
    for index in range(REPLICAS):
        port = free_port()
        config = os.path.join(folder, f"gateway-{index}.yaml")
        with open(config, "w") as file:
            file.write(f"""listen: "127.0.0.1:{port}"
upstreams:
  - {{ name: fake, endpoint: "{upstream.url}", region: westeurope, deployments: [gpt-4o], auth: {{ type: apiKey, keyEnv: UPSTREAM_KEY }} }}
keys: {{ store: "{store}" }}
limits:
  store: "redis://{redis['host']}:{redis['port']}/{redis.get('db', 0)}"{password}
  keyPrefix: "{key_prefix}"
  onStoreError: {policy}
  replicas: {REPLICAS}
""")
        log = os.path.join(folder, f"replica-{index}.log")
        with open(log, "w") as out:
            started.append((processes.start([binary, "gateway", "--config", config], env=environment, stdout=out,
                                            stderr=subprocess.STDOUT), log))
        urls.append(f"http://127.0.0.1:{port}")
    try:
        for url, (process, log) in zip(urls, started):
            wait_http(f"{url}/readyz", process, log)
        if private_redis is not None:
            processes.stop([private_redis])
        headers = [{"api-key": secret}] * REPLICAS
        upstream.delay = PARALLEL_HOLD if feature == "key-parallel" else 0.0
        try:
            return offer([f"{url}/openai/deployments/gpt-4o/chat/completions?api-version=2024-10-21" for url in urls], headers,
                         BODY, TOTAL, upstream)
        finally:
            upstream.delay = 0.0
    finally:
        processes.stop([process for process, _ in started])
        if os.environ.get("KEEP_LOGS"):
            for _, log in started:
                print(f"--- {log}\n{tail(log, 60)}", file=sys.stderr)


def bulwark_version(binary):
    result = subprocess.run([binary, "version"], capture_output=True, text=True)
    return result.stdout.strip().split()[-1] if result.returncode == 0 and result.stdout.strip() else "?"


# ---------------------------------------------------------------------------------------------------------------


def main():
    if len(sys.argv) < 3:
        raise SystemExit(__doc__)
    binary, redis = sys.argv[1], parse_redis_url(sys.argv[2])
    features = sys.argv[3:] or DEFAULT_FEATURES
    if features == ["all"]:
        features = list(FEATURE_NAMES)
    unknown = [feature for feature in features if feature not in FEATURE_NAMES]
    if unknown:
        raise SystemExit(f"unknown feature(s) {unknown}; known: {list(FEATURE_NAMES)}")
    processes = Processes()
    upstream = FakeUpstream()
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    rows = []
    try:
        with tempfile.TemporaryDirectory() as work:
            if binary != "-":
                binary = os.path.abspath(binary)
                version = litellm_version(binary)
                for feature in features:
                    name = f"LiteLLM {version} ({FEATURE_NAMES[feature]})"
                    try:
                        statuses, seen = run_litellm(binary, redis, feature, upstream, processes, work)
                    except Exception as error:  # one feature that cannot run must not hide the others
                        print(f"{feature} could not run: {error}", file=sys.stderr)
                        rows.append(f"| {name} | {REPLICAS} | {LIMIT} | could not run: {type(error).__name__} | | |")
                        continue
                    rows.append(row(name, REPLICAS, LIMIT, statuses, seen))
            bulwark = os.environ.get("BULWARK")
            if bulwark:
                bulwark = os.path.abspath(bulwark)
                for feature, description in BULWARK_FEATURES.items():
                    name = f"Bulwark {bulwark_version(bulwark)} ({description})"
                    try:
                        statuses, seen = run_bulwark(bulwark, redis, feature, upstream, processes, work)
                    except Exception as error:
                        print(f"bulwark {feature} could not run: {error}", file=sys.stderr)
                        rows.append(f"| {name} | {REPLICAS} | {LIMIT} | could not run: {type(error).__name__} | | |")
                        continue
                    rows.append(row(name, REPLICAS, LIMIT, statuses, seen))
            print(f"{os.cpu_count()} cores; {TOTAL} concurrent requests round-robin over {REPLICAS} replicas sharing "
                  f"one Redis; limit {LIMIT}")
            print("| gateway (feature) | replicas | limit | admitted (200) | upstream saw | other statuses |")
            print("|---|---|---|---|---|---|")
            for line in rows:
                print(line)
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        sys.exit(130)
    finally:
        processes.stop()
        upstream.stop()


if __name__ == "__main__":
    main()
