#!/usr/bin/env python3
"""Acceptance test of the gateway with the real `openai` Python package and curl, as users call it.

usage: gateway-acceptance.py BULWARK_BINARY
Starts a fake Azure OpenAI upstream (this script, on a loopback port), creates gateway keys, starts
`bulwark gateway` in front of it, then calls it with openai.AzureOpenAI (chat, streamed chat, embeddings, and a
realtime session over WebSocket against a fake realtime upstream), openai.OpenAI against /openai/v1 (chat, the
Responses API plain and streamed, models.list, images.generate), curl, and the websockets package (a realtime upgrade
without credentials, an event that is not JSON); checks the answers, that a key without the responses operation is
refused, that the upstream received the gateway's key
and never the client's, that refusals come back in Azure's error shape, that the audit log carries each call's token usage, and that
SIGTERM with a stream still open cuts it at the drain deadline, records it, and seals the log. A second gateway then checks
issue 18: guards on system messages, a slow client cut by the header timeout, /metrics only on the metrics listener,
request ids, one log line per request, and "address in use" with exit 2.
Prints "N passed, M failed".
"""
import http.server
import json
import os
import socket
import subprocess
import sys
import tempfile
import threading
import time

import openai
from websockets.exceptions import InvalidStatus
from websockets.sync.client import connect as ws_connect
from websockets.sync.server import serve as ws_serve

UPSTREAM_KEY = "upstream-key-for-acceptance"
received = []


class FakeAzureOpenAI(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *args):
        pass

    def do_POST(self):
        length = int(self.headers.get("content-length", "0"))
        if self.path.startswith("/openai/v1/files"):
            return self.store_file(length)
        body = json.loads(self.rfile.read(length) or b"{}")
        received.append({"path": self.path, "headers": {k.lower(): v for k, v in self.headers.items()}, "body": body})
        if self.path.startswith("/openai/v1/responses"):
            return self.respond(body)
        if "/images/generations" in self.path:
            return self.send_json({"created": 1, "data": [{"url": "https://images.example/lighthouse.png"}]})
        if "embeddings" in self.path:
            payload = {"object": "list", "model": "text-embedding-3-small",
                       "data": [{"object": "embedding", "index": 0, "embedding": [0.1, 0.2, 0.3]}],
                       "usage": {"prompt_tokens": 2, "total_tokens": 2}}
            return self.send_json(payload)
        if body.get("stream") and body.get("messages", [{}])[0].get("content") == "hang":
            # One event, then nothing: a stream still open when the gateway is told to stop.
            self.send_response(200)
            self.send_header("content-type", "text/event-stream")
            self.send_header("transfer-encoding", "chunked")
            self.end_headers()
            chunk = {"id": "c2", "object": "chat.completion.chunk", "created": 1, "model": "gpt-4o",
                     "choices": [{"index": 0, "delta": {"role": "assistant", "content": "..."}, "finish_reason": None}]}
            try:
                self.write_chunk(f"data: {json.dumps(chunk)}\n\n".encode())
                time.sleep(15)
            except OSError:
                pass
            return
        if body.get("stream"):
            self.send_response(200)
            self.send_header("content-type", "text/event-stream")
            self.send_header("transfer-encoding", "chunked")
            self.end_headers()
            chunks = [
                {"id": "c1", "object": "chat.completion.chunk", "created": 1, "model": "gpt-4o",
                 "choices": [{"index": 0, "delta": {"role": "assistant", "content": "Hel"}, "finish_reason": None}]},
                {"id": "c1", "object": "chat.completion.chunk", "created": 1, "model": "gpt-4o",
                 "choices": [{"index": 0, "delta": {"content": "lo"}, "finish_reason": "stop"}]},
                {"id": "c1", "object": "chat.completion.chunk", "created": 1, "model": "gpt-4o", "choices": [],
                 "usage": {"prompt_tokens": 3, "completion_tokens": 2, "total_tokens": 5}},
            ]
            for chunk in chunks:
                self.write_chunk(f"data: {json.dumps(chunk)}\n\n".encode())
                time.sleep(0.05)
            self.write_chunk(b"data: [DONE]\n\n")
            self.write_chunk(b"")
            return
        payload = {"id": "c1", "object": "chat.completion", "created": 1, "model": "gpt-4o",
                   "choices": [{"index": 0, "message": {"role": "assistant", "content": "Hello"}, "finish_reason": "stop"}],
                   "usage": {"prompt_tokens": 3, "completion_tokens": 1, "total_tokens": 4}}
        self.send_json(payload)

    def store_file(self, length):
        """A file upload (multipart): read as it arrives, noting its size and which form fields came before the file."""
        start = self.rfile.read(min(length, 65536))
        remaining, total = length - len(start), len(start)
        while remaining > 0:
            chunk = self.rfile.read(min(remaining, 1 << 20))
            if not chunk:
                break
            remaining -= len(chunk)
            total += len(chunk)
        head = start.split(b"filename=", 1)[0].decode("utf-8", "replace")
        received.append({"path": self.path, "headers": {k.lower(): v for k, v in self.headers.items()},
                         "body": {"bytes": total, "before_file": head}})
        self.send_json({"id": "file-1", "object": "file", "bytes": total, "created_at": 1, "filename": "big.bin",
                        "purpose": "assistants", "status": "processed"})

    def respond(self, body):
        """The Responses API: "Hello", as one object or as typed events, with usage in response.completed."""
        message = {"type": "message", "id": "msg_1", "status": "completed", "role": "assistant",
                   "content": [{"type": "output_text", "text": "Hello", "annotations": []}]}
        response = {"id": "resp_1", "object": "response", "created_at": 1, "status": "completed", "model": body.get("model"),
                    "output": [message], "parallel_tool_calls": True, "tool_choice": "auto", "tools": [],
                    "usage": {"input_tokens": 5, "output_tokens": 2, "total_tokens": 7,
                              "input_tokens_details": {"cached_tokens": 0}, "output_tokens_details": {"reasoning_tokens": 0}}}
        if not body.get("stream"):
            return self.send_json(response)
        self.send_response(200)
        self.send_header("content-type", "text/event-stream")
        self.send_header("transfer-encoding", "chunked")
        self.end_headers()
        started = dict(response, status="in_progress", output=[], usage=None)
        events = [
            {"type": "response.created", "sequence_number": 0, "response": started},
            {"type": "response.output_text.delta", "sequence_number": 1, "item_id": "msg_1", "output_index": 0,
             "content_index": 0, "delta": "Hel", "logprobs": []},
            {"type": "response.output_text.delta", "sequence_number": 2, "item_id": "msg_1", "output_index": 0,
             "content_index": 0, "delta": "lo", "logprobs": []},
            {"type": "response.completed", "sequence_number": 3, "response": response},
        ]
        for event in events:
            self.write_chunk(f"event: {event['type']}\ndata: {json.dumps(event)}\n\n".encode())
        self.write_chunk(b"")

    def send_json(self, payload):
        data = json.dumps(payload).encode()
        self.send_response(200)
        self.send_header("content-type", "application/json")
        self.send_header("content-length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def write_chunk(self, data):
        self.wfile.write(f"{len(data):x}\r\n".encode() + data + b"\r\n")
        self.wfile.flush()


realtime_received = []


def fake_realtime(connection):
    """A fake Azure OpenAI realtime endpoint: confirms items, answers response.create with two output text deltas and
    a response.done carrying usage (7 input, 5 output, 12 total tokens)."""
    session = {"path": connection.request.path, "headers": {k.lower(): v for k, v in connection.request.headers.raw_items()},
               "events": []}
    realtime_received.append(session)
    for message in connection:
        event = json.loads(message)
        session["events"].append(event)
        if event.get("type") == "conversation.item.create":
            connection.send(json.dumps({"type": "conversation.item.created", "event_id": "evt_1", "item": event.get("item", {})}))
        elif event.get("type") == "response.create":
            connection.send(json.dumps({"type": "response.created", "event_id": "evt_2", "response": {"id": "resp_1", "status": "in_progress"}}))
            for delta in ["Hel", "lo"]:
                connection.send(json.dumps({"type": "response.output_text.delta", "event_id": "evt_3", "response_id": "resp_1",
                                            "item_id": "item_1", "output_index": 0, "content_index": 0, "delta": delta}))
            connection.send(json.dumps({"type": "response.done", "event_id": "evt_4", "response": {
                "id": "resp_1", "status": "completed", "output": [],
                "usage": {"input_tokens": 7, "output_tokens": 5, "total_tokens": 12}}}))


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_for_port(port):
    for _ in range(100):
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            return
        except OSError:
            time.sleep(0.1)


def operations_checks(bulwark, check, upstream_port, store, secret, work):
    """Issue 18 on a second gateway (its own audit log, so the main run's counts stand): guards on system messages,
    slow clients cut by the header timeout, /metrics only on the metrics listener, request ids, one log line per
    request, and a clear exit when the port is taken."""
    port, metrics_port = free_port(), free_port()
    config = f"{work}/operations.yaml"
    with open(config, "w") as handle:
        handle.write(f"""listen: "127.0.0.1:{port}"
upstreams:
  - {{ name: fake, endpoint: "http://127.0.0.1:{upstream_port}", region: westeurope, deployments: [gpt-4o], auth: {{ type: apiKey, keyEnv: UPSTREAM_KEY }} }}
keys: {{ store: "{store}" }}
audit: {{ path: "{work}/operations-audit.jsonl", hmacKeyEnv: AUDIT_KEY }}
server: {{ shutdownDrainSeconds: 1, headerTimeoutSeconds: 1 }}
metrics: {{ listen: "127.0.0.1:{metrics_port}" }}
guards:
  default: strict
  profiles:
    strict: {{ personalData: mask, secrets: block }}
""")
    environment = dict(os.environ, UPSTREAM_KEY=UPSTREAM_KEY, AUDIT_KEY="acceptance-audit-key-of-at-least-32-bytes")
    with open(f"{work}/operations.log", "w") as log:
        gateway = subprocess.Popen([bulwark, "gateway", "--config", config], env=environment, stdout=subprocess.DEVNULL, stderr=log)
    try:
        wait_for_port(port)
        endpoint = f"http://127.0.0.1:{port}"
        azure = openai.AzureOpenAI(azure_endpoint=endpoint, api_key=secret, api_version="2024-10-21")
        system = "Escalate to jane@contoso.com, card 4111 1111 1111 1111."
        raw = azure.chat.completions.with_raw_response.create(
            model="gpt-4o", messages=[{"role": "system", "content": system}, {"role": "user", "content": "hi"}])
        sent = json.dumps(received[-1]["body"])
        check("a system message's e-mail and card number are masked before the upstream sees them",
              raw.http_response.status_code == 200 and "jane@contoso.com" not in sent and "4111 1111 1111 1111" not in sent
              and "[EMAIL_1]" in sent and "[CREDIT_CARD_1]" in sent)
        request_id = raw.headers.get("x-request-id")
        check("x-request-id and apim-request-id come back", bool(request_id) and raw.headers.get("apim-request-id") == request_id)
        try:
            azure.chat.completions.create(model="gpt-4o", messages=[
                {"role": "system", "content": "Use ghp_" + "a1B2" * 9 + " for the repo."}, {"role": "user", "content": "hi"}])
            check("a token in a system message is blocked", False)
        except openai.BadRequestError as error:
            check("a token in a system message is blocked (400 content_filter)", error.code == "content_filter")
        slow = socket.create_connection(("127.0.0.1", port))
        slow.sendall(b"GET /healthz HTTP/1.1\r\nHost: gateway\r\nX-Slow: ")
        started = time.monotonic()
        normal = subprocess.run(["curl", "-s", f"{endpoint}/healthz"], capture_output=True, text=True)
        slow.settimeout(10)
        try:
            cut = slow.recv(1024) == b""
        except OSError:
            cut = True
        elapsed = time.monotonic() - started
        slow.close()
        check(f"a client sending part of its headers is cut after the 1 s header timeout ({elapsed:.1f} s) while curl is served",
              cut and 0.5 < elapsed < 5 and normal.stdout == "ok")
        api_metrics = subprocess.run(["curl", "-s", "-w", "%{http_code}", f"{endpoint}/metrics"], capture_output=True, text=True)
        check("/metrics on the API listener is Azure's 404",
              api_metrics.stdout == '{"error":{"code":"404","message":"Resource not found"}}404')
        scraped = subprocess.run(["curl", "-s", f"http://127.0.0.1:{metrics_port}/metrics"], capture_output=True, text=True)
        check("the metrics listener serves /metrics, the slow client's cut counted",
              "bulwark_gateway_requests_total" in scraped.stdout
              and 'bulwark_gateway_connections_closed_total{reason="header_timeout"} 1' in scraped.stdout)
        with open(f"{work}/taken.yaml", "w") as handle:
            handle.write(f"""listen: "127.0.0.1:{port}"
upstreams:
  - {{ name: fake, endpoint: "http://127.0.0.1:{upstream_port}", region: westeurope, deployments: [gpt-4o], auth: {{ type: apiKey, keyEnv: UPSTREAM_KEY }} }}
keys: {{ store: "{store}" }}
""")
        taken = subprocess.run([bulwark, "gateway", "--config", f"{work}/taken.yaml"], env=environment, capture_output=True, text=True,
                               timeout=30)
        check("a second gateway on the same port says the address is in use and exits 2",
              taken.returncode == 2 and f"address 127.0.0.1:{port} is already in use" in taken.stderr)
    finally:
        gateway.terminate()
        gateway.wait(timeout=20)
    with open(f"{work}/operations.log") as log:
        lines = [json.loads(line) for line in log if line.startswith("{")]
    requests = [line for line in lines if line.get("message") == "request"]
    line = next((line for line in requests if line.get("request.id") == request_id), {})
    check("one JSON log line per request (2 chat calls, 1 unrouted), with id, identity, status, decision, latency, upstream",
          len(requests) == 3 and line.get("level") == "info" and line.get("status") == "200" and line.get("decision") == "allowed"
          and line.get("upstream") == "fake" and line.get("identity") == secret[:16] and "latency_ms" in line)
    with open(f"{work}/operations.log") as log:
        check("no secret in the log", secret not in log.read())


def main():
    if len(sys.argv) != 2:
        raise SystemExit(__doc__)
    bulwark = os.path.abspath(sys.argv[1])
    passed, failed = 0, 0

    def check(name, condition):
        nonlocal passed, failed
        print(("ok   " if condition else "FAIL ") + name)
        if condition:
            passed += 1
        else:
            failed += 1

    upstream = http.server.ThreadingHTTPServer(("127.0.0.1", 0), FakeAzureOpenAI)
    threading.Thread(target=upstream.serve_forever, daemon=True).start()
    realtime_upstream = ws_serve(fake_realtime, "127.0.0.1", 0)
    threading.Thread(target=realtime_upstream.serve_forever, daemon=True).start()
    work = tempfile.mkdtemp()
    store = f"sqlite:{work}/keys.db"
    created = subprocess.run([bulwark, "keys", "create", "--store", store, "--name", "acceptance",
                              "--deployments", "gpt-4o,text-embedding-3-small,gpt-4o-realtime"], capture_output=True, text=True, check=True)
    secret = created.stdout.strip().splitlines()[-1]
    # The contract of the routes issue: a key for gpt-4o and dall-e-3 (every operation), and one for chat only.
    contract = subprocess.run([bulwark, "keys", "create", "--store", store, "--name", "contract", "--deployments", "gpt-4o,dall-e-3"],
                              capture_output=True, text=True, check=True).stdout.strip().splitlines()[-1]
    chat_only = subprocess.run([bulwark, "keys", "create", "--store", store, "--name", "chat-only", "--deployments", "gpt-4o",
                                "--operations", "chat"], capture_output=True, text=True, check=True).stdout.strip().splitlines()[-1]
    port = free_port()
    config = f"{work}/gateway.yaml"
    with open(config, "w") as handle:
        handle.write(f"""listen: "127.0.0.1:{port}"
upstreams:
  - name: fake
    endpoint: "http://127.0.0.1:{upstream.server_port}"
    region: westeurope
    deployments: [gpt-4o, text-embedding-3-small, other-model, dall-e-3]
    auth: {{ type: apiKey, keyEnv: UPSTREAM_KEY }}
  - name: realtime
    endpoint: "http://127.0.0.1:{realtime_upstream.socket.getsockname()[1]}"
    region: westeurope
    deployments: [gpt-4o-realtime]
    auth: {{ type: apiKey, keyEnv: UPSTREAM_KEY }}
keys: {{ store: "{store}" }}
audit: {{ path: "{work}/audit.jsonl", hmacKeyEnv: AUDIT_KEY }}
server: {{ shutdownDrainSeconds: 1 }}
""")
    environment = dict(os.environ, UPSTREAM_KEY=UPSTREAM_KEY, AUDIT_KEY="acceptance-audit-key-0123456789abcdef")
    gateway = subprocess.Popen([bulwark, "gateway", "--config", config], env=environment, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    try:
        for _ in range(100):
            try:
                socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
                break
            except OSError:
                time.sleep(0.1)
        endpoint = f"http://127.0.0.1:{port}"
        azure = openai.AzureOpenAI(azure_endpoint=endpoint, api_key=secret, api_version="2024-10-21")
        reply = azure.chat.completions.create(model="gpt-4o", messages=[{"role": "user", "content": "hi"}])
        check("AzureOpenAI chat", reply.choices[0].message.content == "Hello")
        stream = azure.chat.completions.create(model="gpt-4o", messages=[{"role": "user", "content": "hi"}], stream=True,
                                               stream_options={"include_usage": True})
        pieces, usage = [], None
        for chunk in stream:
            if chunk.choices and chunk.choices[0].delta.content:
                pieces.append(chunk.choices[0].delta.content)
            if chunk.usage:
                usage = chunk.usage.total_tokens
        check("AzureOpenAI streamed chat, chunk by chunk, with the final usage chunk", "".join(pieces) == "Hello" and usage == 5)
        embedding = azure.embeddings.create(model="text-embedding-3-small", input="hello")
        check("AzureOpenAI embeddings", embedding.data[0].embedding == [0.1, 0.2, 0.3])
        v1 = openai.OpenAI(base_url=f"{endpoint}/openai/v1", api_key=secret)
        reply = v1.chat.completions.create(model="gpt-4o", messages=[{"role": "user", "content": "hi"}])
        check("OpenAI client on /openai/v1", reply.choices[0].message.content == "Hello")
        curl = subprocess.run(["curl", "-s", "-H", f"api-key: {secret}", "-H", "content-type: application/json",
                               "-d", '{"messages":[{"role":"user","content":"hi"}]}',
                               f"{endpoint}/openai/deployments/gpt-4o/chat/completions?api-version=2024-10-21"], capture_output=True, text=True)
        check("curl", '"Hello"' in curl.stdout)
        try:
            openai.AzureOpenAI(azure_endpoint=endpoint, api_key="bwk_000000000000_" + "A" * 43, api_version="2024-10-21") \
                .chat.completions.create(model="gpt-4o", messages=[{"role": "user", "content": "hi"}])
            check("a wrong key is refused", False)
        except openai.AuthenticationError as error:
            check("a wrong key is refused with 401 and a reason code", error.status_code == 401 and error.code == "key_unknown")
        try:
            azure.chat.completions.create(model="gpt-35-turbo", messages=[{"role": "user", "content": "hi"}])
            check("an unlisted deployment is refused", False)
        except openai.PermissionDeniedError as error:
            check("an unlisted deployment is refused with 403", error.status_code == 403 and error.code == "deployment_not_allowed")
        realtime = openai.AzureOpenAI(azure_endpoint=endpoint, api_key=secret, api_version="2025-04-01-preview",
                                      websocket_base_url=f"ws://127.0.0.1:{port}/openai")
        with realtime.realtime.connect(model="gpt-4o-realtime") as connection:
            connection.conversation.item.create(
                item={"type": "message", "role": "user", "content": [{"type": "input_text", "text": "Say hello"}]})
            connection.response.create()
            pieces, usage = [], None
            for event in connection:
                if event.type == "response.output_text.delta":
                    pieces.append(event.delta)
                if event.type == "response.done":
                    usage = event.response.usage.total_tokens
                    break
        check("AzureOpenAI realtime session through the gateway, usage from response.done", "".join(pieces) == "Hello" and usage == 12)
        check("the realtime upstream got the gateway's key, the deployment and the item, never the client's key",
              realtime_received and realtime_received[0]["headers"].get("api-key") == UPSTREAM_KEY
              and "deployment=gpt-4o-realtime" in realtime_received[0]["path"]
              and [e["type"] for e in realtime_received[0]["events"]] == ["conversation.item.create", "response.create"]
              and secret not in json.dumps(realtime_received))
        realtime_url = f"ws://127.0.0.1:{port}/openai/realtime?api-version=2025-04-01-preview&deployment=gpt-4o-realtime"
        try:
            ws_connect(realtime_url).close()
            check("a realtime upgrade without credentials is refused", False)
        except InvalidStatus as error:
            body = json.loads(error.response.body or b"{}")
            check("a realtime upgrade without credentials is refused before upgrading, 401 key_missing",
                  error.response.status_code == 401 and body.get("error", {}).get("code") == "key_missing")
        with ws_connect(realtime_url, additional_headers={"api-key": secret}) as raw:
            raw.send("this is not JSON")
            reply = json.loads(raw.recv(timeout=5))
        check("a realtime event that is not JSON gets an error event and is not forwarded",
              reply.get("type") == "error" and reply.get("error", {}).get("code") == "invalid_event"
              and "this is not JSON" not in json.dumps(realtime_received))
        routes = openai.OpenAI(base_url=f"{endpoint}/openai/v1/", api_key=contract)
        answer = routes.responses.create(model="gpt-4o", input="hi")
        check("responses.create returns the upstream's text", answer.output_text == "Hello")
        streamed = routes.responses.create(model="gpt-4o", input="hi", stream=True)
        kinds, text = [], ""
        for event in streamed:
            kinds.append(event.type)
            if event.type == "response.output_text.delta":
                text += event.delta
        check("responses.create(stream=True) relays the typed events one by one",
              text == "Hello" and kinds[0] == "response.created" and kinds[-1] == "response.completed")
        check("models.list lists exactly the deployments the key may use", sorted(m.id for m in routes.models.list()) == ["dall-e-3", "gpt-4o"])
        image = routes.images.generate(model="dall-e-3", prompt="a lighthouse")
        check("images.generate", image.data[0].url == "https://images.example/lighthouse.png")
        big = bytes(3 * 1024 * 1024)
        uploaded = routes.files.create(file=("big.bin", big), purpose="assistants")
        upload = next((r for r in received if r["path"].startswith("/openai/v1/files")), None)
        check("files.create of 3 MiB: the SDK sends purpose before the file, and the upload is streamed on whole with its length",
              uploaded.id == "file-1" and upload is not None and 'name="purpose"' in upload["body"]["before_file"]
              and upload["body"]["bytes"] == int(upload["headers"].get("content-length", "-1")) > len(big))
        try:
            openai.OpenAI(base_url=f"{endpoint}/openai/v1/", api_key=chat_only).responses.create(model="gpt-4o", input="hi")
            check("a key for chat only is refused the Responses API", False)
        except openai.PermissionDeniedError as error:
            check("a key for chat only is refused the Responses API with 403", error.status_code == 403)
        check("the upstream got the gateway's key on every request", all(r["headers"].get("api-key") == UPSTREAM_KEY for r in received))
        check("the client's key never reached the upstream",
              not any(key in json.dumps(r) for r in received for key in (secret, contract, chat_only)))
        hung = azure.chat.completions.create(model="gpt-4o", messages=[{"role": "user", "content": "hang"}], stream=True)
        first = next(iter(hung))
        check("a stream is open when SIGTERM arrives", first.choices[0].delta.content == "...")
        live = subprocess.run([bulwark, "audit", "verify", "--live", "--key-env", "AUDIT_KEY", f"{work}/audit.jsonl"],
                              env=environment, capture_output=True, text=True)
        check("audit verify --live: the running gateway's log is open (chain intact, tail not sealed yet), exit 0",
              live.returncode == 0 and live.stdout.startswith("open: "))
    finally:
        stopping = time.monotonic()
        gateway.terminate()
        gateway.wait(timeout=20)
        stopped_after = time.monotonic() - stopping
        upstream.shutdown()
        realtime_upstream.shutdown()
    check(f"SIGTERM: the open stream is cut after the 1 s drain deadline and the gateway exits ({stopped_after:.1f} s)", stopped_after < 8)
    upstream = http.server.ThreadingHTTPServer(("127.0.0.1", 0), FakeAzureOpenAI)
    threading.Thread(target=upstream.serve_forever, daemon=True).start()
    try:
        operations_checks(bulwark, check, upstream.server_port, store, secret, work)
    finally:
        upstream.shutdown()
    verify = subprocess.run([bulwark, "audit", "verify", "--key-env", "AUDIT_KEY", f"{work}/audit.jsonl"], env=environment, capture_output=True, text=True)
    check("the audit log is intact and sealed after shutdown (14 requests, 3 realtime upgrades)",
          verify.returncode == 0 and "intact: 17 records, 1 seals" in verify.stdout)
    with open(f"{work}/audit.jsonl") as log:
        decisions = [json.loads(line).get("decision") for line in log]
    check("the cut stream is in the audit log as stream_interrupted", "stream_interrupted" in decisions)
    with open(f"{work}/audit.jsonl") as log:
        tokens = sorted(record.get("totalTokens") or 0 for record in map(json.loads, log) if record.get("decision") == "allowed")
    check("allowed requests carry the upstream's token usage in the audit log (streamed and realtime included)",
          tokens == [0, 0, 0, 0, 2, 4, 4, 4, 5, 7, 7, 12])
    with open(f"{work}/audit.jsonl") as log:
        responses = [record for record in map(json.loads, log) if record.get("operation") == "responses"]
    check("each Responses call is audited as responses with the upstream's total tokens",
          [(r.get("decision"), r.get("totalTokens")) for r in responses] == [("allowed", 7), ("allowed", 7), ("operation_not_allowed", None)])
    print(f"{passed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
