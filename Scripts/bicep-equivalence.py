#!/usr/bin/env python3
"""The Bicep front end's "done when" checks (issue 12), over CORPUS_DIR/bicep:

1. Resources. For every case in bicep/manifest.json, `bulwark expand` of the entry `.bicep` gives the same
   resources as `bulwark expand` of the compiled JSON beside it (`main.json`, `main.symbolicnames.json`, and each
   `also_compiled` file against its JSON): same type, name, condition, location, sku, kind, identity and
   properties. Unknown values compare as unknown (whatever expression they came from), positions are left out,
   and `Microsoft.Resources/deployments` wrappers are left out (their resources are compared). Parameters without
   a default get the engine's generated values on both sides. AVM modules are also expanded with every example
   parameter file in CORPUS_DIR/avm/<same path>/examples/. `.bicepparam` cases expand the `.bicepparam` against
   the `using` template with the compiled `parameters.json`. Registry artifacts (the published JSON the AVM
   modules use) must expand without an error.
2. Findings. The AVM cognitive-services account and ML workspace modules, scanned from `main.bicep` and from
   `main.json` with the same parameters (none, then each example), give the same findings (rule, resource type and
   name, status), and every finding of the Bicep scan points into a `.bicep` file.

A case that is not equivalent fails the check unless Scripts/bicep-equivalence-exceptions.tsv lists it
(case<TAB>reason); a listed case that now passes is reported so the list can shrink.

usage: bicep-equivalence.py CORPUS_DIR BULWARK_BINARY
Skips with a message (exit 0) when CORPUS_DIR/bicep does not exist.
"""
import csv
import json
import os
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

UTC_NOW = "2026-01-01T00:00:00Z"
FIELDS = ("type", "name", "condition", "location", "sku", "kind", "identity", "properties")
NO_RESOURCES = "(no resources on either side)"
# The environment the Bicep compiler's own baseline tests set when they built baselines_bicepparam/Parameters
# (its parameters.json holds these values, read with readEnvironmentVariable).
BASELINE_ENVIRONMENT = {"stringEnvVariableName": "test", "intEnvVariableName": "100", "boolEnvironmentVariable": "true"}
FINDINGS_MODULES = ("avm/res/cognitive-services/account", "avm/res/machine-learning-services/workspace")


class Context:
    def __init__(self, corpus, binary):
        self.corpus = corpus
        self.bicep = corpus / "bicep"
        self.binary = binary

    def run(self, args):
        command = [self.binary, *args, "--utc-now", UTC_NOW, "--bicep-registry", str(self.bicep / "registry")]
        completed = subprocess.run(command, capture_output=True, text=True)
        if completed.returncode not in (0, 1, 2):
            return None, f"crashed with exit code {completed.returncode}: {completed.stderr.strip()[-300:]}"
        try:
            return json.loads(completed.stdout), None
        except json.JSONDecodeError as error:
            return None, f"printed invalid JSON ({error}): {completed.stderr.strip()[-300:]}"

    def expand(self, template, parameters=None):
        args = ["expand", str(template), "--format", "json"]
        if parameters:
            args += ["--parameters", str(parameters)]
        return self.run(args)

    def scan(self, template, parameters=None):
        args = ["scan", str(template), "--format", "json", "--fail-on", "critical"]
        if parameters:
            args += ["--parameters", str(parameters)]
        return self.run(args)

    def relative(self, path):
        return str(Path(path).relative_to(self.bicep)) if Path(path).is_relative_to(self.bicep) else str(path)


def normalized(value):
    """The value with every unknown as one marker: an unknown matches an unknown, whatever made it."""
    if isinstance(value, dict):
        if "$unknown" in value:
            return "<unknown>"
        return {key: normalized(member) for key, member in value.items()}
    if isinstance(value, list):
        return [normalized(element) for element in value]
    return value


def resource_key(resource):
    return (resource["type"].lower(), json.dumps(resource["name"], sort_keys=True))


def comparable(report):
    resources = []
    for resource in report["resources"]:
        if resource["type"].lower() == "microsoft.resources/deployments":
            continue
        entry = {field: normalized(resource.get(field)) for field in FIELDS}
        entry["type"] = entry["type"].lower()
        resources.append(entry)
    return sorted(resources, key=lambda r: json.dumps(r, sort_keys=True))


def first_difference(left, right, path=""):
    if type(left) is not type(right):
        return f"{path or 'value'}: {json.dumps(left)[:80]} vs {json.dumps(right)[:80]}"
    if isinstance(left, dict):
        for key in sorted(set(left) | set(right)):
            if key not in left or key not in right:
                side = "only in the Bicep expansion" if key in left else "only in the JSON expansion"
                return f"{path}.{key} {side}".lstrip(".")
            found = first_difference(left[key], right[key], f"{path}.{key}")
            if found:
                return found
        return None
    if isinstance(left, list):
        if len(left) != len(right):
            return f"{path or 'value'}: {len(left)} elements vs {len(right)}"
        for index, (a, b) in enumerate(zip(left, right)):
            found = first_difference(a, b, f"{path}[{index}]")
            if found:
                return found
        return None
    if left != right:
        return f"{path.lstrip('.') or 'value'}: {json.dumps(left)[:80]} vs {json.dumps(right)[:80]}"
    return None


def compare_resources(bicep_report, json_report):
    """None when equivalent, else the first difference."""
    left, right = comparable(bicep_report), comparable(json_report)
    if left == right:
        return None
    by_key_right = {}
    for resource in right:
        by_key_right.setdefault(resource_key(resource), []).append(resource)
    for resource in left:
        candidates = by_key_right.get(resource_key(resource))
        if not candidates:
            return f"{resource['type']} {json.dumps(resource['name'])} only in the Bicep expansion"
        if resource not in candidates:
            return f"{resource['type']} {json.dumps(resource['name'])}: {first_difference(resource, candidates[0])}"
    left_keys = {resource_key(resource) for resource in left}
    for resource in right:
        if resource_key(resource) not in left_keys:
            return f"{resource['type']} {json.dumps(resource['name'])} only in the JSON expansion"
    return f"{len(left)} resources vs {len(right)} (duplicates differ)"


def first_error(report):
    error = report["errors"][0]
    return f"{error['file']}:{error['line']}:{error['column']}: {error['message']}"


def equivalence(context, bicep, compiled, bicep_parameters=None, json_parameters=None):
    """One comparison: (verdict, detail), verdict one of equivalent, differs, does-not-compile, json-error."""
    bicep_report, failure = context.expand(bicep, bicep_parameters)
    if failure:
        return "does-not-compile", f"{context.relative(bicep)} {failure}"
    if bicep_report["errors"]:
        return "does-not-compile", first_error(bicep_report)
    json_report, failure = context.expand(compiled, json_parameters)
    if failure or json_report["errors"]:
        return "json-error", f"{context.relative(compiled)}: {failure or first_error(json_report)}"
    difference = compare_resources(bicep_report, json_report)
    if difference is not None:
        return "differs", difference
    # Outputs are not part of `bulwark expand`, so a program without resources is equivalent by resources alone.
    return "equivalent", None if comparable(bicep_report) else NO_RESOURCES


def bicepparam_values(context, case):
    """A `.bicepparam` case: its values (from `bulwark build`) equal the compiled parameters.json, value by value,
    and expanding it gives the resources of the `using` template with those values. (verdict, detail)."""
    folder = context.bicep / case["path"]
    entry = folder / case["entry"]
    report, failure = context.expand(entry)
    if failure:
        return "does-not-compile", f"{context.relative(entry)} {failure}"
    problems = report["errors"] + [w for w in report["warnings"] if w["code"] == "bicepparam-not-applied"]
    if problems:
        return "does-not-compile", f"{problems[0]['file']}:{problems[0]['line']}:{problems[0]['column']}: {problems[0]['message']}"
    command = [context.binary, "build", str(entry), "--bicep-registry", str(context.bicep / "registry")]
    built = subprocess.run(command, capture_output=True, text=True)
    if built.returncode != 0:
        return "does-not-compile", (built.stderr.strip().splitlines() or [f"build exited {built.returncode}"])[0]
    try:
        emitted = json.loads(built.stdout)
    except json.JSONDecodeError as error:
        return "does-not-compile", f"build printed invalid JSON: {error}"
    expected = json.loads((folder / "parameters.json").read_text())
    difference = first_difference(emitted, expected)
    if difference:
        return "differs", f"parameters: {difference}"
    return equivalence(context, entry, folder / "main.bicep", None, folder / "parameters.json")


def comparisons(context, case):
    """Every (label, bicep file, compiled file, bicep parameters, json parameters) a case asks for."""
    folder = context.bicep / case["path"]
    entry = folder / case["entry"]
    pairs = [(name, entry, folder / name, None, None) for name in case["expected"]]
    for extra in case.get("also_compiled", []):
        compiled = (folder / extra).with_suffix(".json")
        if compiled.is_file():
            pairs.append((str(Path(extra).with_suffix(".json")), folder / extra, compiled, None, None))
    if case["kind"] == "avm":
        examples = context.corpus / case["path"] / "examples"
        for example in sorted(examples.glob("*.parameters.json")) if examples.is_dir() else []:
            pairs.append((f"main.json + {example.name[:40]}", entry, folder / "main.json", example, example))
    return pairs


def check_case(context, case):
    """(case path, [(label, verdict, detail)])."""
    if case["kind"] == "registry-artifact":
        artifact = context.bicep / case["path"]
        if artifact.is_dir():
            artifact = artifact / "main.json"
        report, failure = context.expand(artifact)
        if failure or report["errors"]:
            return case["path"], [("main.json", "json-error", failure or first_error(report))]
        return case["path"], [("main.json", "equivalent", None)]
    if case["kind"] == "bicepparam":
        return case["path"], [("parameters.json", *bicepparam_values(context, case))]
    results = []
    for label, bicep, compiled, bicep_parameters, json_parameters in comparisons(context, case):
        verdict, detail = equivalence(context, bicep, compiled, bicep_parameters, json_parameters)
        results.append((label, verdict, detail))
    return case["path"], results


def finding_set(report):
    return sorted(
        (f["ruleId"], f["resource"]["type"].lower(), json.dumps(f["resource"]["name"]), f["status"]) for f in report["findings"]
    )


def check_findings(context, module):
    """(case name, [(label, verdict, detail)]) for one AVM module scanned from Bicep and from JSON."""
    folder = context.bicep / module
    examples = context.corpus / module / "examples"
    parameter_files = [None] + (sorted(examples.glob("*.parameters.json")) if examples.is_dir() else [])
    results = []
    for parameters in parameter_files:
        label = f"findings + {parameters.name[:40]}" if parameters else "findings"
        bicep_report, failure = context.scan(folder / "main.bicep", parameters)
        if failure or bicep_report["errors"]:
            results.append((label, "does-not-compile", failure or first_error(bicep_report)))
            continue
        json_report, failure = context.scan(folder / "main.json", parameters)
        if failure or json_report["errors"]:
            results.append((label, "json-error", failure or first_error(json_report)))
            continue
        # A finding points into a .bicep file, or at the value in the parameter file given, when that decided it
        # (as the JSON scan does); never into compiled JSON.
        def outside_bicep(finding):
            file = finding["resource"]["file"]
            return not file.endswith(".bicep") and not (parameters and Path(file).resolve() == parameters.resolve())

        outside = [f for f in bicep_report["findings"] if outside_bicep(f)]
        if outside:
            where = outside[0]["resource"]
            results.append((label, "differs", f"{outside[0]['ruleId']} points into {where['file']}, not a .bicep file"))
            continue
        left, right = finding_set(bicep_report), finding_set(json_report)
        if left == right:
            results.append((label, "equivalent", None))
            continue
        only_bicep = sorted(set(left) - set(right))
        only_json = sorted(set(right) - set(left))
        detail = (
            f"only from Bicep: {' '.join(only_bicep[0])}" if only_bicep
            else f"only from JSON: {' '.join(only_json[0])}" if only_json
            else f"{len(left)} findings vs {len(right)}"
        )
        results.append((label, "differs", detail))
    return f"{module} (findings)", results


def load_exceptions(path):
    exceptions = {}
    if path.is_file():
        with path.open(newline="") as handle:
            for row in csv.reader(handle, delimiter="\t"):
                if row and not row[0].startswith("#") and len(row) >= 2:
                    exceptions[row[0]] = row[1]
    return exceptions


def main():
    if len(sys.argv) != 3:
        raise SystemExit(__doc__)
    context = Context(Path(sys.argv[1]).resolve(), sys.argv[2])
    manifest_path = context.bicep / "manifest.json"
    if not manifest_path.is_file():
        print(f"Bicep equivalence check skipped: {manifest_path} does not exist")
        return 0
    cases = json.loads(manifest_path.read_text())["cases"]
    exceptions = load_exceptions(Path(__file__).with_name("bicep-equivalence-exceptions.tsv"))
    os.environ.update(BASELINE_ENVIRONMENT)  # every bulwark this script starts inherits them
    with ThreadPoolExecutor(max_workers=2) as pool:
        jobs = [pool.submit(check_case, context, case) for case in cases]
        jobs += [pool.submit(check_findings, context, module) for module in FINDINGS_MODULES]
        results = [job.result() for job in jobs]
    # Paths in details are relative to the Bicep corpus, so the output does not depend on where it lives.
    prefix = str(context.bicep) + "/"
    results = [(name, [(label, verdict, detail and detail.replace(prefix, "")) for label, verdict, detail in done]) for name, done in results]

    totals = {"equivalent": 0, "differs": 0, "does-not-compile": 0, "json-error": 0}
    case_totals = dict(totals)
    unexpected, fixed = [], []
    print(f"{'case':<58} {'comparison':<48} {'verdict':<17} first difference or error")
    for name, comparisons_done in results:
        for label, verdict, detail in comparisons_done:
            totals[verdict] += 1
            print(f"{name:<58} {label:<48} {verdict:<17} {(detail or '')[:220]}")
        failing = [c for c in comparisons_done if c[1] != "equivalent"]
        verdict = failing[0][1] if failing else "equivalent"
        case_totals[verdict] += 1
        if failing and name not in exceptions:
            unexpected.append(f"{name}: {failing[0][0]} {failing[0][1]}: {failing[0][2]}")
        if not failing and name in exceptions:
            fixed.append(name)
    vacuous = sum(1 for _, done in results for _, _, detail in done if detail == NO_RESOURCES)
    print(
        f"comparisons: {sum(totals.values())} ({totals['equivalent']} equivalent, of which {vacuous} with no resources on "
        f"either side; {totals['differs']} differ, "
        f"{totals['does-not-compile']} do not compile, {totals['json-error']} with an error in the compiled JSON)"
    )
    print(
        f"cases: {len(results)} ({case_totals['equivalent']} equivalent, {case_totals['differs']} differ, "
        f"{case_totals['does-not-compile']} do not compile, {case_totals['json-error']} with an error in the compiled JSON); "
        f"{len(exceptions)} listed in bicep-equivalence-exceptions.tsv"
    )
    known = {name for name, _ in results}
    for name in sorted(set(exceptions) - known):
        print(f"NOTE bicep-equivalence-exceptions.tsv lists {name}, which is not a case: remove it")
    for name in fixed:
        print(f"NOTE {name} is now equivalent: remove it from bicep-equivalence-exceptions.tsv")
    for failure in unexpected:
        print(f"FAIL {failure}")
    print(f"Bicep equivalence check: {'failed' if unexpected else 'passed'}")
    return 1 if unexpected else 0


if __name__ == "__main__":
    sys.exit(main())
