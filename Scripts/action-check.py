#!/usr/bin/env python3
"""Checks action.yml mechanically and runs its steps' shell here, as a runner would.

    python3 Scripts/action-check.py BULWARK_BINARY [--release-dir DIR]

1. Every `${{ inputs.x }}` names a declared input, every declared input is used, every
   `${{ steps.id.outputs.y }}` names an earlier step that writes `y` to $GITHUB_OUTPUT, and inputs reach the shell
   only through `env:` (never pasted into a `run:` script).
2. The scan step's shell runs against BULWARK_BINARY with a fake $GITHUB_OUTPUT, $GITHUB_STEP_SUMMARY and
   $RUNNER_TEMP: failing findings (exit 1, SARIF, Markdown and JUnit written, the summary appended), a clean scan
   (exit 0), JUnit and the summary turned off, and a configuration error (exit 2); the last step fails with the
   scan's exit code. The scan step uses `--report`, so BULWARK_BINARY must have it.
3. With --release-dir (a folder holding Scripts/package.sh's tarball and .sha256), the install step downloads that
   release from a file:// URL, checks its checksum and runs the unpacked bulwark.
"""

import json
import os
import re
import subprocess
import sys
import tempfile
import xml.etree.ElementTree as ElementTree
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
EXPRESSION = re.compile(r"\$\{\{\s*(.*?)\s*\}\}")
failures: list[str] = []


def expect(condition: bool, what: str) -> None:
    print(("ok   " if condition else "FAIL ") + what)
    if not condition:
        failures.append(what)


def strings(node: object, where: str):
    if isinstance(node, dict):
        for key, value in node.items():
            yield from strings(value, f"{where}.{key}")
    elif isinstance(node, list):
        for index, value in enumerate(node):
            yield from strings(value, f"{where}[{index}]")
    elif isinstance(node, str):
        yield where, node


def check_references(action: dict) -> None:
    declared = set(action.get("inputs", {}))
    steps = action["runs"]["steps"]
    used: set[str] = set()
    for where, text in strings(action, "action"):
        for expression in EXPRESSION.findall(text):
            for name in re.findall(r"\binputs\.([A-Za-z0-9_-]+)", expression):
                used.add(name)
                expect(name in declared, f"{where}: inputs.{name} is declared")
            for step_id, output in re.findall(r"\bsteps\.([A-Za-z0-9_-]+)\.outputs\.([A-Za-z0-9_-]+)", expression):
                index = next((i for i, s in enumerate(steps) if s.get("id") == step_id), None)
                expect(index is not None, f"{where}: step {step_id} exists")
                if index is None:
                    continue
                here = re.match(r"action\.runs\.steps\[(\d+)\]", where)
                if here:
                    expect(index < int(here.group(1)), f"{where}: step {step_id} runs before it")
                writes = re.search(rf'echo "{re.escape(output)}=', steps[index].get("run", ""))
                expect(writes is not None, f"{where}: step {step_id} writes {output} to GITHUB_OUTPUT")
    expect(used == declared, f"every declared input is used (unused: {sorted(declared - used)})")
    for step in steps:
        run = step.get("run", "")
        expect(not EXPRESSION.search(run), f"step {step.get('name')}: no expression pasted into its script")


def evaluate(text: str, inputs: dict[str, str], outputs: dict[str, str]) -> str:
    def value(match: re.Match[str]) -> str:
        expression = match.group(1)
        if m := re.fullmatch(r"inputs\.([A-Za-z0-9_-]+)", expression):
            return inputs[m.group(1)]
        if m := re.fullmatch(r"steps\.([A-Za-z0-9_-]+)\.outputs\.([A-Za-z0-9_-]+)", expression):
            return outputs.get(f"{m.group(1)}.{m.group(2)}", "")
        if expression == "github.action_repository":
            return ""
        raise ValueError(f"the check does not evaluate ${{{{ {expression} }}}}")

    return EXPRESSION.sub(value, text)


def run_step(step: dict, inputs: dict[str, str], outputs: dict[str, str], temp: Path, cwd: Path) -> tuple[int, dict]:
    """Runs one `run:` step as GitHub does (bash -e -o pipefail), returning its exit code and what it wrote."""
    github_output, summary = temp / "github_output", temp / "step_summary"
    github_output.write_text("")
    env = dict(os.environ)
    env.update({k: evaluate(str(v), inputs, outputs) for k, v in step.get("env", {}).items()})
    env.update(
        RUNNER_TEMP=str(temp / "runner"),
        GITHUB_OUTPUT=str(github_output),
        GITHUB_STEP_SUMMARY=str(summary),
        GITHUB_ACTION_PATH=str(ROOT),
    )
    (temp / "runner").mkdir(exist_ok=True)
    script = temp / "step.sh"
    script.write_text(step["run"])
    result = subprocess.run(
        ["bash", "--noprofile", "--norc", "-eo", "pipefail", str(script)], cwd=cwd, env=env, text=True, capture_output=True
    )
    written = dict(line.split("=", 1) for line in github_output.read_text().splitlines() if "=" in line)
    written["::log"] = result.stdout + result.stderr
    return result.returncode, written


def check_scan(action: dict, binary: Path) -> None:
    steps = {step.get("id", step.get("name")): step for step in action["runs"]["steps"]}
    defaults = {name: str(spec.get("default", "")) for name, spec in action["inputs"].items()}
    installed = {"install.bulwark": str(binary)}
    insecure, hardened = "Examples/azure-openai-insecure.json", "Examples/azure-openai-hardened.json"

    with tempfile.TemporaryDirectory(prefix="bulwark-action-") as name:
        temp = Path(name)
        summary = temp / "step_summary"

        summary.write_text("# earlier step\n")
        inputs = defaults | {"paths": f"{insecure}\n{hardened}"}
        status, out = run_step(steps["scan"], inputs, installed, temp, ROOT)
        expect(status == 0, "scan step itself succeeds whatever the scan found")
        expect(out.get("exit-code") == "1", f"failing findings: exit-code=1 (got {out.get('exit-code')})")
        sarif, markdown, junit = (Path(out.get(key, "/nonexistent")) for key in ("sarif", "markdown", "junit"))
        expect(sarif.is_file(), "SARIF written and its path in the outputs")
        if sarif.is_file():
            document = json.loads(sarif.read_text())
            expect(document.get("version") == "2.1.0" and bool(document["runs"][0]["results"]), "SARIF has results")
        expect(junit.is_file(), "JUnit written and its path in the outputs")
        if junit.is_file():
            cases = list(ElementTree.parse(junit).getroot().iter("testcase"))
            expect(bool(cases), "JUnit is XML with test cases")
        expect(markdown.is_file() and markdown.stat().st_size > 0, "Markdown written")
        if markdown.is_file():
            expect(summary.read_text() == "# earlier step\n" + markdown.read_text(), "Markdown appended to the summary")
        status, _ = run_step(steps["fail"], inputs, {"scan.exit-code": out.get("exit-code", "")}, temp, ROOT)
        expect(status == 1, "the last step fails with the scan's exit code")

        summary.write_text("")
        status, out = run_step(steps["scan"], defaults | {"paths": hardened}, installed, temp, ROOT)
        expect(out.get("exit-code") == "0", f"clean scan: exit-code=0 (got {out.get('exit-code')})")

        summary.write_text("")
        inputs = defaults | {"paths": insecure, "junit": "false", "job-summary": "false", "fail-on": "critical"}
        status, out = run_step(steps["scan"], inputs, installed, temp, ROOT)
        expect("junit" not in out and summary.read_text() == "", "junit and job-summary false: neither written")
        expect("sarif" in out, "SARIF still written")

        inputs = defaults | {"paths": insecure, "config": str(temp / "missing.yaml")}
        status, out = run_step(steps["scan"], inputs, installed, temp, ROOT)
        expect(out.get("exit-code") == "2", f"configuration error: exit-code=2 (got {out.get('exit-code')})")
        expect("::error::" in out["::log"], "configuration error: an ::error:: annotation")


def check_install(action: dict, release_dir: Path) -> None:
    step = next(s for s in action["runs"]["steps"] if s.get("id") == "install")
    tarballs = sorted(release_dir.glob("bulwark-*-linux-*.tar.gz"))
    expect(bool(tarballs), f"a release tarball in {release_dir}")
    if not tarballs:
        return
    version = tarballs[0].name.removeprefix("bulwark-").split("-linux-")[0]
    defaults = {name: str(spec.get("default", "")) for name, spec in action["inputs"].items()}
    with tempfile.TemporaryDirectory(prefix="bulwark-action-") as name:
        inputs = defaults | {"version": version, "release-url": f"file://{release_dir.resolve()}"}
        status, out = run_step(step, inputs, {}, Path(name), ROOT)
        expect(status == 0, f"install from the release: exit 0\n{out['::log']}")
        binary = out.get("bulwark", "")
        expect(bool(binary) and version in out["::log"], "install: the unpacked bulwark runs and says its version")


def main() -> int:
    arguments = sys.argv[1:]
    if not arguments or arguments[0].startswith("-"):
        print(__doc__, file=sys.stderr)
        return 2
    binary = Path(arguments[0]).resolve()
    action = yaml.safe_load((ROOT / "action.yml").read_text())
    check_references(action)
    check_scan(action, binary)
    if "--release-dir" in arguments:
        check_install(action, Path(arguments[arguments.index("--release-dir") + 1]))
    print(f"action.yml: {len(failures)} failed checks" if failures else "action.yml: every check passed")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
