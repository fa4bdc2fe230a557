#!/usr/bin/env python3
"""Checks Bulwark against the shared corpus of third-party inputs.

1. Every Checkov ARM fixture (checkov/arm/checks/resource/example_*) is scanned, and Bulwark's verdict on each
   resource is compared with Checkov's expected.json through the Bulwark rules that name the Checkov id in
   `equivalents`. A disagreement fails the check unless Scripts/checkov-differences.tsv lists it with a reason.
2. Every template under quickstarts/ and avm/ is scanned; a crash or any input error fails the check.

usage: corpus-check.py CORPUS_DIR BULWARK_BINARY
Skips with a message (exit 0) when CORPUS_DIR does not exist.
"""
import csv
import json
import os
import subprocess
import sys
from pathlib import Path


def run_bulwark(binary, args):
    completed = subprocess.run([binary, *args], capture_output=True, text=True)
    if completed.returncode not in (0, 1, 2):
        raise SystemExit(f"bulwark {' '.join(args)} crashed with exit code {completed.returncode}:\n{completed.stderr}")
    return completed


def scan_json(binary, paths):
    completed = run_bulwark(binary, ["scan", *paths, "--format", "json"])
    try:
        return completed.returncode, json.loads(completed.stdout)
    except json.JSONDecodeError as error:
        raise SystemExit(f"bulwark printed invalid JSON for {paths}: {error}\n{completed.stderr}")


def load_differences(path):
    differences = {}
    with open(path, newline="") as handle:
        for row in csv.reader((line for line in handle if line.strip() and not line.startswith("#")), delimiter="\t"):
            checkov_id, resource, bulwark_verdict, reason = row[0], row[1], row[2], row[3]
            if not reason.strip():
                raise SystemExit(f"{path}: the difference for {checkov_id} {resource} has no reason")
            differences[(checkov_id, resource)] = bulwark_verdict
    return differences


def verdict(findings):
    statuses = {finding["status"] for finding in findings}
    if not statuses:
        return "not-checked"
    for status in ("fail", "unknown"):
        if status in statuses:
            return status
    return "pass"


def check_checkov(corpus, binary, differences):
    rules = json.loads(run_bulwark(binary, ["rules", "list", "--format", "json"]).stdout)
    by_checkov = {}
    for rule in rules:
        for equivalent in rule.get("equivalents", []):
            by_checkov.setdefault(equivalent, []).append(rule["id"])
    failures, agreements, used = [], 0, set()
    fixtures = sorted((corpus / "checkov" / "arm" / "checks" / "resource").glob("example_*"))
    if not fixtures:
        failures.append("no Checkov ARM fixtures found")
    for folder in fixtures:
        expected = json.loads((folder / "expected.json").read_text())
        checkov_id = expected["checkov_id"]
        rule_ids = by_checkov.get(checkov_id)
        if not rule_ids:
            failures.append(f"{folder.name}: no Bulwark rule names {checkov_id} in its equivalents")
            continue
        code, report = scan_json(binary, [str(folder)])
        if report["errors"]:
            failures.append(f"{folder.name}: input errors {report['errors']}")
        findings = [f for f in report["findings"] if f["ruleId"] in rule_ids]
        cases = []
        if expected.get("passing") is not None or expected.get("failing") is not None:
            for want, names in (("pass", expected.get("passing") or []), ("fail", expected.get("failing") or [])):
                for qualified in names:
                    resource_type, name = qualified.rsplit(".", 1)
                    matching = [f for f in findings if f["resource"]["type"].lower() == resource_type.lower() and f["resource"]["name"] == name]
                    cases.append((qualified, want, verdict(matching)))
        else:
            # Checkov asserts only counts here; the file names say which file passes (see the fixture's note).
            for template in sorted(folder.glob("*.json")):
                if template.name == "expected.json":
                    continue
                want = "fail" if "fail" in template.name.lower() else "pass"
                matching = [f for f in findings if os.path.basename(f["resource"]["file"]) == template.name]
                cases.append((template.name, want, verdict(matching)))
            passed = sum(1 for _, _, got in cases if got == "pass")
            failed = sum(1 for _, _, got in cases if got == "fail")
            if (passed, failed) != (expected["passed_count"], expected["failed_count"]):
                failures.append(f"{folder.name}: Bulwark counts {passed} pass / {failed} fail, Checkov {expected['passed_count']} / {expected['failed_count']}")
        for resource, want, got in cases:
            key = (checkov_id, resource)
            if got == want:
                agreements += 1
                if key in differences:
                    failures.append(f"{checkov_id} {resource}: listed as a difference but Bulwark now agrees ({got}); remove the entry")
            elif differences.get(key) == got:
                used.add(key)
                print(f"  differs on purpose: {checkov_id} {resource}: Checkov {want}, Bulwark {got}")
            else:
                failures.append(f"{checkov_id} ({', '.join(rule_ids)}) {resource} in {folder.name}: Checkov expects {want}, Bulwark says {got}")
    for key in set(differences) - used:
        if not any(failure.startswith(f"{key[0]} {key[1]}:") for failure in failures):
            failures.append(f"{key[0]} {key[1]}: listed in the differences file but not seen in the corpus")
    print(f"Checkov ARM fixtures: {agreements} verdicts agree, {len(used)} differ on purpose, {len(failures)} problems")
    return failures


def check_templates(corpus, binary):
    failures = []
    for folder in ("quickstarts", "avm"):
        root = corpus / folder
        if not root.exists():
            failures.append(f"{root} is missing")
            continue
        code, report = scan_json(binary, [str(root)])
        summary = report["summary"]
        print(f"{folder}: {summary['files']} templates, {summary['resources']} resources, "
              f"{summary['passed']} passed, {summary['failed']} failed, {summary['unknown']} undecided, "
              f"{summary['errors']} errors, {len(report.get('warnings', []))} warnings")
        for error in report["errors"]:
            failures.append(f"{error['file']}:{error['line']}:{error['column']}: {error['message']}")
    return failures


def main():
    if len(sys.argv) != 3:
        raise SystemExit(__doc__)
    corpus, binary = Path(sys.argv[1]), sys.argv[2]
    if not corpus.is_dir():
        print(f"corpus check skipped: {corpus} does not exist")
        return 0
    differences = load_differences(Path(__file__).with_name("checkov-differences.tsv"))
    failures = check_checkov(corpus, binary, differences) + check_templates(corpus, binary)
    for failure in failures:
        print(f"FAIL {failure}")
    print(f"corpus check: {'failed' if failures else 'passed'}")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
