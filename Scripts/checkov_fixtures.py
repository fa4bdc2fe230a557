"""What corpus-check.py (ARM) and terraform-corpus-check.py share: running `bulwark scan` for JSON, the rules that
name each Checkov id, the verdict of a resource's findings, and comparing verdicts with Checkov's expected.json
against a differences file (Checkov id, resource, Bulwark's verdict, reason)."""
import csv
import json
import subprocess
import time


def run_bulwark(binary, args):
    completed = subprocess.run([binary, *args], capture_output=True, text=True)
    if completed.returncode not in (0, 1, 2):
        raise SystemExit(f"bulwark {' '.join(args)} crashed with exit code {completed.returncode}:\n{completed.stderr}")
    return completed


def scan_json(binary, paths):
    """The exit code, the JSON report and the seconds the scan took."""
    start = time.perf_counter()
    completed = run_bulwark(binary, ["scan", *paths, "--format", "json"])
    elapsed = time.perf_counter() - start
    try:
        return completed.returncode, json.loads(completed.stdout), elapsed
    except json.JSONDecodeError as error:
        raise SystemExit(f"bulwark printed invalid JSON for {paths}: {error}\n{completed.stderr}")


def rules_by_checkov_id(binary):
    by_checkov = {}
    for rule in json.loads(run_bulwark(binary, ["rules", "list", "--format", "json"]).stdout):
        for equivalent in rule.get("equivalents", []):
            by_checkov.setdefault(equivalent, []).append(rule["id"])
    return by_checkov


def verdict(findings):
    statuses = {finding["status"] for finding in findings}
    if not statuses:
        return "not-checked"
    for status in ("fail", "unknown"):
        if status in statuses:
            return status
    return "pass"


class Verdicts:
    """Checkov's expected verdicts beside Bulwark's: agreements, differences the file explains, and failures (a
    disagreement it does not list, a listed one that no longer differs or was never seen)."""

    def __init__(self, differences_path):
        self.differences = {}
        with open(differences_path, newline="") as handle:
            for row in csv.reader((line for line in handle if line.strip() and not line.startswith("#")), delimiter="\t"):
                checkov_id, resource, bulwark_verdict, reason = row[0], row[1], row[2], row[3]
                if not reason.strip():
                    raise SystemExit(f"{differences_path}: the difference for {checkov_id} {resource} has no reason")
                self.differences[(checkov_id, resource)] = bulwark_verdict
        self.agreements, self.used, self.failures = 0, set(), []

    def compare(self, checkov_id, resource, want, got, context):
        key = (checkov_id, resource)
        if got == want:
            self.agreements += 1
            if key in self.differences:
                self.failures.append(f"{checkov_id} {resource}: listed as a difference but Bulwark now agrees ({got}); remove the entry")
        elif self.differences.get(key) == got:
            self.used.add(key)
            print(f"  differs on purpose: {checkov_id} {resource}: Checkov {want}, Bulwark {got}")
        else:
            self.failures.append(f"{context}: Checkov expects {want}, Bulwark says {got}")

    def finish(self, label):
        """The failures, with listed differences never seen; prints the summary line."""
        for key in set(self.differences) - self.used:
            if not any(failure.startswith(f"{key[0]} {key[1]}:") for failure in self.failures):
                self.failures.append(f"{key[0]} {key[1]}: listed in the differences file but not seen in the corpus")
        print(f"{label}: {self.agreements} verdicts agree, {len(self.used)} differ on purpose, {len(self.failures)} problems")
        return self.failures
