#!/usr/bin/env python3
"""Scans every AVM main.json with each of its examples/*.parameters.json (and with none) and counts findings
by status. With a second binary, shows how verdicts moved between the two (for example from the issue-2
engine to the full ARM engine): how many findings went from `unknown` to `pass` or `fail`.

usage: avm-findings.py CORPUS_DIR BULWARK_BINARY [BASELINE_BINARY]
Skips with a message (exit 0) when CORPUS_DIR does not exist. Exits 1 if a scan crashes.
"""
import collections
import json
import subprocess
import sys
from pathlib import Path


def scan(binary, template, parameters):
    command = [binary, "scan", str(template), "--format", "json"]
    if parameters:
        command += ["--parameters", str(parameters)]
    completed = subprocess.run(command, capture_output=True, text=True)
    if completed.returncode not in (0, 1, 2):
        raise SystemExit(f"{' '.join(command)} crashed with exit code {completed.returncode}")
    report = json.loads(completed.stdout)
    return {(f["ruleId"], f["resource"]["type"].lower(), f["resource"]["name"]): f["status"] for f in report["findings"]}


def main():
    if len(sys.argv) not in (3, 4):
        raise SystemExit(__doc__)
    corpus, binary = Path(sys.argv[1]), sys.argv[2]
    baseline = sys.argv[3] if len(sys.argv) == 4 else None
    if not corpus.is_dir():
        print(f"AVM findings skipped: {corpus} does not exist")
        return 0
    totals = collections.Counter()
    moves = collections.Counter()
    for template in sorted((corpus / "avm").rglob("main.json")):
        examples = sorted((template.parent / "examples").glob("*.parameters.json")) if (template.parent / "examples").is_dir() else []
        for parameters in [None] + examples:
            current = scan(binary, template, parameters)
            totals.update(current.values())
            if baseline:
                before = scan(baseline, template, parameters)
                before_by_rule = collections.defaultdict(collections.Counter)
                for (rule, _, _), status in before.items():
                    before_by_rule[rule][status] += 1
                for (rule, _, _), status in current.items():
                    if before_by_rule[rule]["unknown"] > 0 and status != "unknown":
                        before_by_rule[rule]["unknown"] -= 1
                        moves[f"unknown -> {status}"] += 1
                totals.update({"baseline " + s: n for s, n in collections.Counter(before.values()).items()})
    print("AVM findings (every main.json, with no parameters and with each example):")
    for key in ("pass", "fail", "unknown"):
        line = f"  {key:<8} {totals[key]:>6}"
        if baseline:
            line += f"   (baseline {totals['baseline ' + key]})"
        print(line)
    for move, count in sorted(moves.items()):
        print(f"  moved {move}: {count}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
