#!/usr/bin/env python3
"""Checks Bulwark's Terraform reading against the shared corpus of third-party inputs.

1. Every Checkov Terraform fixture (checkov/terraform/checks/resource/azure/example_*) is scanned, and Bulwark's
   verdict on each resource, found by its Terraform address (`resource.address`), is compared with Checkov's
   expected.json through the Bulwark rules that name the Checkov id in `equivalents`. A disagreement fails the
   check unless Scripts/checkov-terraform-differences.tsv lists it with a reason.
2. Every Terraform root module under terraform/ (a folder with .tf files that no other folder there calls as a
   local module), and every plan under terraform/plans/, is scanned on its own. Per root it prints the resources,
   the undecided findings, the warnings and the time; a crash or any input error fails the check.

usage: terraform-corpus-check.py CORPUS_DIR BULWARK_BINARY
Skips with a message (exit 0) when CORPUS_DIR does not exist.
"""
import json
import re
import sys
from pathlib import Path

from checkov_fixtures import Verdicts, rules_by_checkov_id, scan_json, verdict

MODULE_SOURCE = re.compile(r'^\s*source\s*=\s*"(\.{1,2}/[^"]*)"', re.MULTILINE)


def check_checkov(corpus, binary, verdicts):
    by_checkov = rules_by_checkov_id(binary)
    failures = verdicts.failures
    fixtures = sorted((corpus / "checkov" / "terraform" / "checks" / "resource" / "azure").glob("example_*"))
    if not fixtures:
        failures.append("no Checkov Terraform fixtures found")
    for folder in fixtures:
        expected = json.loads((folder / "expected.json").read_text())
        checkov_id = expected["checkov_id"]
        rule_ids = by_checkov.get(checkov_id)
        if not rule_ids:
            failures.append(f"{folder.name}: no Bulwark rule names {checkov_id} in its equivalents")
            continue
        _, report, _ = scan_json(binary, [str(folder)])
        # Checkov's fixtures are fragments, and some are not valid Terraform (a bare `enabled`): their input errors
        # are shown, and only the verdicts are compared.
        for error in report["errors"]:
            print(f"  input error in a fixture: {error['file']}:{error['line']}:{error['column']}: {error['message']}")
        findings = [f for f in report["findings"] if f["ruleId"] in rule_ids]
        for want, addresses in (("pass", expected.get("passing") or []), ("fail", expected.get("failing") or [])):
            for address in addresses:
                matching = [f for f in findings if f["resource"].get("address") == address]
                verdicts.compare(
                    checkov_id, address, want, verdict(matching), f"{checkov_id} ({', '.join(rule_ids)}) {address} in {folder.name}")
    return verdicts.finish("Checkov Terraform fixtures")


def root_modules(folder):
    """Folders holding .tf files that no other folder calls as a local module, as `bulwark scan` finds them."""
    with_tf = sorted({path.parent for path in folder.rglob("*.tf") if ".terraform" not in path.parts})
    called = set()
    for module in with_tf:
        for path in module.glob("*.tf"):
            for source in MODULE_SOURCE.findall(path.read_text(errors="replace")):
                called.add((module / source).resolve())
    return [module for module in with_tf if module.resolve() not in called]


def check_roots(corpus, binary):
    failures = []
    terraform = corpus / "terraform"
    if not terraform.is_dir():
        return [f"{terraform} is missing"]
    inputs = [(root, root.relative_to(terraform)) for root in root_modules(terraform)]
    inputs += [(plan, plan.relative_to(terraform)) for plan in sorted((terraform / "plans").glob("*.json"))]
    total_resources, total_time = 0, 0.0
    for path, name in inputs:
        _, report, elapsed = scan_json(binary, [str(path)])
        summary = report["summary"]
        total_resources += summary["resources"]
        total_time += elapsed
        print(f"  {name}: {summary['resources']} resources, {summary['unknown']} undecided, "
              f"{len(report.get('warnings', []))} warnings, {summary['errors']} errors, {elapsed * 1000:.0f} ms")
        if summary["resources"] == 0 and "plans" not in name.parts:
            failures.append(f"{name}: no resources read from a root module")
        for error in report["errors"]:
            failures.append(f"{error['file']}:{error['line']}:{error['column']}: {error['message']}")
    print(f"Terraform corpus: {len(inputs)} roots and plans, {total_resources} resources, {total_time:.2f} s in all")
    return failures


def main():
    if len(sys.argv) != 3:
        raise SystemExit(__doc__)
    corpus, binary = Path(sys.argv[1]), sys.argv[2]
    if not corpus.is_dir():
        print(f"Terraform corpus check skipped: {corpus} does not exist")
        return 0
    verdicts = Verdicts(Path(__file__).with_name("checkov-terraform-differences.tsv"))
    failures = check_checkov(corpus, binary, verdicts) + check_roots(corpus, binary)
    for failure in failures:
        print(f"FAIL {failure}")
    print(f"Terraform corpus check: {'failed' if failures else 'passed'}")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
