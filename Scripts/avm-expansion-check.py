#!/usr/bin/env python3
"""Expands every AVM main.json in the shared corpus with `bulwark expand`: once with no parameter file
(required parameters become unknowns) and once with each of its examples/*.parameters.json. Fails on any
crash or any entry in `errors`; prints, per expansion, the resources produced, the unknowns and the time.

usage: avm-expansion-check.py CORPUS_DIR BULWARK_BINARY
Skips with a message (exit 0) when CORPUS_DIR does not exist.
"""
import json
import subprocess
import sys
import time
from pathlib import Path


def expand(binary, template, parameters=None):
    command = [binary, "expand", str(template), "--format", "json", "--utc-now", "2026-01-01T00:00:00Z"]
    if parameters:
        command += ["--parameters", str(parameters)]
    start = time.perf_counter()
    completed = subprocess.run(command, capture_output=True, text=True)
    elapsed = time.perf_counter() - start
    if completed.returncode not in (0, 2):
        return None, elapsed, f"crashed with exit code {completed.returncode}: {completed.stderr[-500:]}"
    try:
        return json.loads(completed.stdout), elapsed, None
    except json.JSONDecodeError as error:
        return None, elapsed, f"printed invalid JSON: {error}"


def main():
    if len(sys.argv) != 3:
        raise SystemExit(__doc__)
    corpus, binary = Path(sys.argv[1]), sys.argv[2]
    if not corpus.is_dir():
        print(f"AVM expansion check skipped: {corpus} does not exist")
        return 0
    templates = sorted((corpus / "avm").rglob("main.json"))
    failures = []
    totals = {"expansions": 0, "resources": 0, "unknowns": 0, "warnings": 0}
    print(f"{'template':<60} {'parameters':<28} {'resources':>9} {'unknowns':>8} {'warnings':>8} {'ms':>7}")
    for template in templates:
        examples = sorted((template.parent / "examples").glob("*.parameters.json")) if (template.parent / "examples").is_dir() else []
        for parameters in [None] + examples:
            report, elapsed, failure = expand(binary, template, parameters)
            label = parameters.name if parameters else "(none)"
            name = str(template.relative_to(corpus / "avm"))
            if failure:
                failures.append(f"{name} with {label}: {failure}")
                continue
            resources = [r for r in report["resources"] if r["condition"] is not False]
            unknowns = sum(len(r["unknowns"]) for r in resources)
            totals["expansions"] += 1
            totals["resources"] += len(resources)
            totals["unknowns"] += unknowns
            totals["warnings"] += len(report["warnings"])
            print(f"{name:<60} {label:<28} {len(resources):>9} {unknowns:>8} {len(report['warnings']):>8} {elapsed * 1000:>7.1f}")
            for error in report["errors"]:
                failures.append(f"{name} with {label}: {error['file']}:{error['line']}:{error['column']}: {error['message']}")
    print(f"{totals['expansions']} expansions of {len(templates)} templates: {totals['resources']} resources, "
          f"{totals['unknowns']} unknown values, {totals['warnings']} warnings")
    for failure in failures:
        print(f"FAIL {failure}")
    print(f"AVM expansion check: {'failed' if failures else 'passed'}")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
