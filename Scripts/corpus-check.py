#!/usr/bin/env python3
"""Checks Bulwark against the shared corpus of third-party inputs.

1. Every Checkov ARM fixture (checkov/arm/checks/resource/example_*) is scanned, and Bulwark's verdict on each
   resource is compared with Checkov's expected.json through the Bulwark rules that name the Checkov id in
   `equivalents`. A disagreement fails the check unless Scripts/checkov-differences.tsv lists it with a reason.
2. Every template under quickstarts/ and avm/ is scanned; a crash or any input error fails the check.

usage: corpus-check.py CORPUS_DIR BULWARK_BINARY
Skips with a message (exit 0) when CORPUS_DIR does not exist.
"""
import json
import os
import sys
from pathlib import Path

from checkov_fixtures import Verdicts, rules_by_checkov_id, scan_json, verdict


def check_checkov(corpus, binary, verdicts):
    by_checkov = rules_by_checkov_id(binary)
    failures = verdicts.failures
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
        _, report, _ = scan_json(binary, [str(folder)])
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
            verdicts.compare(checkov_id, resource, want, got, f"{checkov_id} ({', '.join(rule_ids)}) {resource} in {folder.name}")
    return verdicts.finish("Checkov ARM fixtures")


def check_templates(corpus, binary):
    failures = []
    for folder in ("quickstarts", "avm"):
        root = corpus / folder
        if not root.exists():
            failures.append(f"{root} is missing")
            continue
        _, report, _ = scan_json(binary, [str(root)])
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
    verdicts = Verdicts(Path(__file__).with_name("checkov-differences.tsv"))
    failures = check_checkov(corpus, binary, verdicts) + check_templates(corpus, binary)
    for failure in failures:
        print(f"FAIL {failure}")
    print(f"corpus check: {'failed' if failures else 'passed'}")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
