#!/usr/bin/env python3
"""Screenshot-tests the HTML report in Debian's headless Chromium over the DevTools protocol.

usage: html-report-check.py BULWARK [OUT_DIR]

For the report of Examples/ and for a synthetic scan of at least 10,000 findings (written to a temporary template
and scanned by BULWARK), each report opened from file://:
  - screenshots at 1366x900 and 390x844 into OUT_DIR (default: a new temporary folder), checked to be real PNGs of
    those sizes with more than a handful of colours;
  - the filters exercised (severity, control, status, text search, combined, cleared), the visible finding rows
    compared with counts computed from the JSON report of the same scan;
  - keyboard focus: Tab reaches the skip link first, then the filters;
  - no network request of any kind (DevTools Network events), no Content-Security-Policy violation, no script error;
  - with JavaScript disabled every finding is still listed; print media hides the filters.
Prints one line (with the load and filter times of the 10,000-finding report) and exits 1 on any failure.
Needs `chromium` and the `websocket-client` package (Scripts/test.sh installs both when missing).
"""
import base64
import json
import os
import shutil
import struct
import subprocess
import sys
import tempfile
import time
import urllib.request
import zlib
from pathlib import Path

import websocket

SIZES = [(1366, 900), (390, 844)]
SYNTHETIC_FINDINGS = 10_000
failures = []


def check(condition, message):
    if not condition:
        failures.append(message)
    return condition


# ── Reports ────────────────────────────────────────────────────────────────────────────────────────────────────

def scan(bulwark, target, out, stem):
    """Writes OUT/STEM.html and OUT/STEM.json for TARGET; returns (html path, JSON document)."""
    paths = {}
    for fmt in ("html", "json"):
        path = out / f"{stem}.{fmt}"
        status = subprocess.run([bulwark, "scan", str(target), "--format", fmt, "--output", str(path), "--quiet"]).returncode
        if status > 1:
            raise SystemExit(f"html-report-check: scan of {target} --format {fmt} failed with exit code {status}")
        paths[fmt] = path
    return paths["html"], json.loads(paths["json"].read_text())


def synthetic_template(count):
    """COUNT insecure Azure OpenAI accounts named synth-0000...: several failing checks each."""
    resources = [{
        "type": "Microsoft.CognitiveServices/accounts", "apiVersion": "2024-10-01", "name": f"synth-{index:05d}",
        "location": "eastus", "kind": "OpenAI", "sku": {"name": "S0"},
        "properties": {"disableLocalAuth": False, "publicNetworkAccess": "Enabled",
                       "networkAcls": {"defaultAction": "Allow", "ipRules": [{"value": "0.0.0.0/0"}]}},
    } for index in range(count)]
    return {"$schema": "https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#",
            "contentVersion": "1.0.0.0", "resources": resources}


def synthetic(bulwark, out):
    probe = out / "probe"
    probe.mkdir()
    (probe / "synthetic.json").write_text(json.dumps(synthetic_template(1)))
    _, facts = scan(bulwark, probe, probe, "probe")
    per_resource = len(listed(facts))
    if per_resource == 0:
        raise SystemExit("html-report-check: the synthetic resource gives no finding; cannot build the 10,000-finding report")
    count = -(-SYNTHETIC_FINDINGS // per_resource)
    folder = out / "synthetic"
    folder.mkdir()
    # One resource a template (many small files, scanned concurrently): a search for one name then finds its findings only.
    template = synthetic_template(count)
    for start in range(count):
        part = dict(template, resources=template["resources"][start:start + 1])
        (folder / f"synthetic-{start:05d}.json").write_text(json.dumps(part))
    return scan(bulwark, folder, out, "synthetic")


def listed(facts):
    """The JSON report's findings the HTML report lists: all but passes."""
    return [finding for finding in facts["findings"] if finding["status"] != "pass"]


# ── PNG ────────────────────────────────────────────────────────────────────────────────────────────────────────

def png_facts(data):
    """(width, height, distinct colours of a sample of rows) of an 8-bit RGB/RGBA PNG."""
    if data[:8] != b"\x89PNG\r\n\x1a\n":
        return None
    offset, idat, header = 8, b"", None
    while offset < len(data):
        length, kind = struct.unpack(">I4s", data[offset:offset + 8])
        chunk = data[offset + 8:offset + 8 + length]
        if kind == b"IHDR":
            header = struct.unpack(">IIBBBBB", chunk)
        elif kind == b"IDAT":
            idat += chunk
        offset += 12 + length
    width, height, depth, colour_type = header[0], header[1], header[2], header[3]
    if depth != 8 or colour_type not in (2, 6):
        return width, height, None
    channels = 3 if colour_type == 2 else 4
    raw, stride = zlib.decompress(idat), width * channels
    previous, colours, position = bytearray(stride), set(), 0
    for row in range(height):
        kind, line = raw[position], bytearray(raw[position + 1:position + 1 + stride])
        position += 1 + stride
        for i in range(stride):
            left = line[i - channels] if i >= channels else 0
            up, corner = previous[i], previous[i - channels] if i >= channels else 0
            if kind == 1:
                line[i] = (line[i] + left) & 0xFF
            elif kind == 2:
                line[i] = (line[i] + up) & 0xFF
            elif kind == 3:
                line[i] = (line[i] + (left + up) // 2) & 0xFF
            elif kind == 4:
                estimate = left + up - corner
                pa, pb, pc = abs(estimate - left), abs(estimate - up), abs(estimate - corner)
                line[i] = (line[i] + (left if pa <= pb and pa <= pc else up if pb <= pc else corner)) & 0xFF
        if row % 7 == 0:
            colours.update(bytes(line[i:i + channels]) for i in range(0, stride, channels))
        previous = line
    return width, height, len(colours)


# ── DevTools ───────────────────────────────────────────────────────────────────────────────────────────────────

class Browser:
    def __init__(self, profile):
        chromium = shutil.which("chromium") or shutil.which("chromium-browser")
        if not chromium:
            raise SystemExit("html-report-check: chromium is not installed")
        self.process = subprocess.Popen(
            [chromium, "--headless=new", "--no-sandbox", "--disable-gpu", "--no-first-run", "--no-default-browser-check",
             "--disable-background-networking", "--disable-component-update", "--disable-sync", "--hide-scrollbars",
             "--remote-debugging-port=0", f"--user-data-dir={profile}", "about:blank"],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        port_file = Path(profile) / "DevToolsActivePort"
        for _ in range(300):
            if port_file.exists() and port_file.read_text().strip():
                break
            time.sleep(0.1)
        port = port_file.read_text().split()[0]
        pages = json.load(urllib.request.urlopen(f"http://127.0.0.1:{port}/json/list"))
        page = next(target for target in pages if target["type"] == "page")
        self.socket = websocket.create_connection(page["webSocketDebuggerUrl"], timeout=120, suppress_origin=True)
        self.next_id, self.events = 0, []
        for domain in ("Page", "Network", "Runtime", "Log"):
            self.call(f"{domain}.enable")

    def call(self, method, **params):
        self.next_id += 1
        self.socket.send(json.dumps({"id": self.next_id, "method": method, "params": params}))
        while True:
            message = json.loads(self.socket.recv())
            if message.get("id") == self.next_id:
                if "error" in message:
                    raise RuntimeError(f"{method}: {message['error']}")
                return message.get("result", {})
            if "method" in message:
                self.events.append(message)

    def wait_for(self, method, timeout=120):
        deadline = time.time() + timeout
        while time.time() < deadline:
            for index, event in enumerate(self.events):
                if event["method"] == method:
                    return self.events.pop(index)
            self.events.append(json.loads(self.socket.recv()))
        raise RuntimeError(f"timed out waiting for {method}")

    def evaluate(self, expression, await_promise=False):
        result = self.call("Runtime.evaluate", expression=expression, returnByValue=True, awaitPromise=await_promise)
        if "exceptionDetails" in result:
            raise RuntimeError(f"{expression[:60]}: {result['exceptionDetails']}")
        return result["result"].get("value")

    def open(self, path, width, height):
        self.call("Emulation.setDeviceMetricsOverride", width=width, height=height, deviceScaleFactor=1, mobile=width < 600)
        self.events.clear()
        self.call("Page.navigate", url=path.resolve().as_uri())
        self.wait_for("Page.loadEventFired")

    def screenshot(self, target):
        data = base64.b64decode(self.call("Page.captureScreenshot", format="png")["data"])
        target.write_bytes(data)
        return data

    def close(self):
        self.socket.close()
        self.process.terminate()
        self.process.wait(timeout=30)


def problems_seen(browser, report):
    """Network requests other than the report itself, CSP violations and script errors, from the recorded events."""
    own = report.resolve().as_uri()
    for event in browser.events:
        method, params = event["method"], event.get("params", {})
        if method == "Network.requestWillBeSent" and params["request"]["url"] != own:
            failures.append(f"{report.name}: a network request was attempted: {params['request']['url'][:120]}")
        elif method == "Network.loadingFailed" and params.get("blockedReason"):
            failures.append(f"{report.name}: a load was blocked ({params['blockedReason']})")
        elif method == "Log.entryAdded" and params["entry"]["level"] in ("error", "warning"):
            failures.append(f"{report.name}: console {params['entry']['level']}: {params['entry']['text'][:160]}")
        elif method == "Runtime.exceptionThrown":
            failures.append(f"{report.name}: script error: {params['exceptionDetails'].get('text', '')[:160]}")


# ── Checks ─────────────────────────────────────────────────────────────────────────────────────────────────────

VISIBLE = "document.querySelectorAll('#finding-list > .finding:not([hidden])').length"


def set_filters(browser, severity="", control="", status="", search=""):
    """Sets the four filters as a person would (change and input events) and returns (visible rows, milliseconds to
    the next painted frame)."""
    return browser.evaluate(f"""new Promise(resolve => {{
        const start = performance.now();
        const set = (id, value, event) => {{ const element = document.getElementById(id);
            if (element.value !== value) {{ element.value = value; element.dispatchEvent(new Event(event)); }} }};
        set('filter-severity', {json.dumps(severity)}, 'change');
        set('filter-control', {json.dumps(control)}, 'change');
        set('filter-status', {json.dumps(status)}, 'change');
        set('filter-search', {json.dumps(search)}, 'input');
        document.getElementById('filters').requestSubmit();
        requestAnimationFrame(() => setTimeout(() => resolve([{VISIBLE}, performance.now() - start]), 0));
    }})""", await_promise=True)


def exercise_filters(browser, name, facts, search_term, search_expected):
    rows = listed(facts)
    shown = browser.evaluate("document.documentElement.getAttribute('data-shown')")
    check(shown == str(len(rows)), f"{name}: the script shows {shown} rows at first, the JSON lists {len(rows)} non-passing findings")
    check(browser.evaluate(VISIBLE) == len(rows), f"{name}: not every listed finding is visible before filtering")
    controls = {}
    for finding in rows:
        for control in finding["controls"]:
            controls[control] = controls.get(control, 0) + 1
    control = max(sorted(controls), key=lambda key: controls[key]) if controls else ""
    severity = max(("critical", "high", "medium", "low", "info"), key=lambda s: sum(f["severity"] == s for f in rows))
    cases = [
        ({"severity": severity}, sum(f["severity"] == severity for f in rows)),
        ({"control": control}, sum(control in f["controls"] for f in rows)),
        ({"status": "fail"}, sum(f["status"] == "fail" for f in rows)),
        ({"status": "unknown"}, sum(f["status"] == "unknown" for f in rows)),
        ({"search": search_term}, search_expected),
        ({"severity": severity, "status": "fail", "control": control},
         sum(f["severity"] == severity and f["status"] == "fail" and control in f["controls"] for f in rows)),
        ({}, len(rows)),
    ]
    timings = []
    for filters, expected in cases:
        visible, milliseconds = set_filters(browser, **filters)
        timings.append(milliseconds)
        check(visible == expected, f"{name}: filter {filters} shows {visible} findings, the JSON facts say {expected}")
    # The typed search (debounced) as a person types it.
    browser.evaluate(f"(() => {{ const s = document.getElementById('filter-search'); s.value = {json.dumps(search_term)};"
                     " s.dispatchEvent(new Event('input')); })()")
    time.sleep(0.5)
    check(browser.evaluate(VISIBLE) == search_expected, f"{name}: typing {search_term!r} does not show {search_expected} findings")
    set_filters(browser)
    return max(timings), timings[4]


def check_keyboard(browser, name):
    reached = []
    for _ in range(40):
        for kind in ("rawKeyDown", "keyUp"):
            browser.call("Input.dispatchKeyEvent", type=kind, key="Tab", code="Tab", windowsVirtualKeyCode=9)
        reached.append(browser.evaluate("document.activeElement.id || document.activeElement.className"))
        if "filter-search" in reached:
            break
    check(reached[:1] == ["skip-link"], f"{name}: the first Tab does not reach the skip link ({reached[:1]})")
    for control in ("filter-severity", "filter-control", "filter-status", "filter-search"):
        check(control in reached, f"{name}: Tab never reaches #{control} (reached {reached})")
    outline = browser.evaluate("getComputedStyle(document.activeElement).outlineStyle")
    check(outline not in (None, "none"), f"{name}: the focused filter has no visible focus outline")


def check_screenshot(data, path, width, height):
    facts = png_facts(data)
    if not check(facts is not None, f"{path.name}: not a PNG"):
        return
    check(facts[:2] == (width, height), f"{path.name}: {facts[0]}x{facts[1]}, expected {width}x{height}")
    check(facts[2] is None or facts[2] > 16, f"{path.name}: only {facts[2]} colours: a blank page?")


def check_report(browser, name, report, facts, out, search_term, search_expected):
    result = {}
    for width, height in SIZES:
        browser.open(report, width, height)
        timing = browser.evaluate("(() => { const n = performance.getEntriesByType('navigation')[0];"
                                  " return [n.domInteractive, n.domContentLoadedEventEnd, n.loadEventEnd]; })()")
        result.setdefault("load", timing[2])
        check(browser.evaluate("document.documentElement.classList.contains('js')"),
              f"{name}: the report's script did not run (CSP hash?)")
        shot = out / f"{name}-{width}x{height}.png"
        check_screenshot(browser.screenshot(shot), shot, width, height)
        if width == SIZES[0][0]:
            result["filter"], result["search"] = exercise_filters(browser, name, facts, search_term, search_expected)
            check_keyboard(browser, name)
        # A finding opened, as a person reads it.
        browser.evaluate("(() => { const f = document.querySelector('#finding-list > .finding'); if (f) { f.open = true;"
                         " f.scrollIntoView(); } })()")
        shot = out / f"{name}-{width}x{height}-finding.png"
        check_screenshot(browser.screenshot(shot), shot, width, height)
        problems_seen(browser, report)
    browser.call("Emulation.setEmulatedMedia", media="print")
    check(browser.evaluate("getComputedStyle(document.getElementById('filters')).display") == "none",
          f"{name}: the filters are printed")
    browser.call("Emulation.setEmulatedMedia", media="")
    return result


def check_without_script(browser, report, facts):
    browser.call("Emulation.setScriptExecutionDisabled", value=True)
    browser.open(report, *SIZES[0])
    rows = browser.evaluate("[...document.querySelectorAll('#finding-list > .finding')].filter(r => r.offsetParent !== null).length")
    check(rows == len(listed(facts)), f"without JavaScript {rows} findings are visible, expected {len(listed(facts))}")
    check(browser.evaluate("getComputedStyle(document.getElementById('filters')).display") == "none",
          "without JavaScript the (inoperative) filters are shown")
    browser.call("Emulation.setScriptExecutionDisabled", value=False)


def main():
    if len(sys.argv) < 2:
        raise SystemExit(__doc__)
    bulwark = sys.argv[1]
    out = Path(sys.argv[2]) if len(sys.argv) > 2 else Path(tempfile.mkdtemp(prefix="bulwark-html-"))
    out.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix="bulwark-html-work-"))
    examples_html, examples = scan(bulwark, Path("Examples"), work, "examples")
    synthetic_html, big = synthetic(bulwark, work)
    rows = listed(examples)
    counts = {}
    for finding in rows:
        counts[finding["ruleId"]] = counts.get(finding["ruleId"], 0) + 1
    rule = max(sorted(counts), key=lambda key: counts[key])
    big_rows = listed(big)
    check(len(big_rows) >= SYNTHETIC_FINDINGS, f"the synthetic scan lists {len(big_rows)} findings, fewer than {SYNTHETIC_FINDINGS}")
    target = "synth-00042"
    target_count = sum(f["resource"]["name"] == target for f in big_rows)
    profile = tempfile.mkdtemp(prefix="bulwark-chromium-")
    browser = Browser(profile)
    try:
        check_report(browser, "examples", examples_html, examples, out, rule, counts[rule])
        numbers = check_report(browser, "synthetic", synthetic_html, big, out, target, target_count)
        check_without_script(browser, examples_html, examples)
    finally:
        browser.close()
        shutil.rmtree(profile, ignore_errors=True)
        shutil.rmtree(work, ignore_errors=True)
    shots = len(list(out.glob("*.png")))
    if failures:
        for failure in failures:
            print(f"html-report-check: {failure}", file=sys.stderr)
        print(f"html-report-check: FAILED ({len(failures)} problems); screenshots in {out}")
        sys.exit(1)
    print(f"html-report-check: ok: Examples ({len(rows)} findings) and {len(big_rows)} synthetic findings, filters and keyboard"
          f" checked, no network; {len(big_rows)}-finding report loads in {numbers['load']:.0f} ms, filters in at most"
          f" {numbers['filter']:.0f} ms (search {numbers['search']:.0f} ms); {shots} screenshots in {out}")


if __name__ == "__main__":
    main()
