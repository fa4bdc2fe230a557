#!/usr/bin/env python3
"""Tests the pre-commit hook for real: pre-commit (from PyPI), a temporary git repository, real commits.

    python3 Scripts/pre-commit-check.py BULWARK_BINARY

The temporary repository's .pre-commit-config.yaml points at this repository (its path and HEAD commit, so commit
the hook before running this) and its bulwark-scan hook, with BULWARK_BINARY on PATH as `bulwark`. Then:
1. an insecure ARM template committed -> the hook fails and prints the finding;
2. the template fixed -> the commit passes;
3. a README change alone -> the hook is skipped;
4. a JSON file that is no template (package.json) -> the hook runs and passes;
5. a change to a Terraform variables file in a subfolder -> its folder is scanned: the findings are on main.tf;
6. a Terraform root module at the repository's top -> scanned too;
7. the hook script's mapping from changed files to scan arguments, with `echo` standing in for bulwark: options
   passed first, a parameter file scans its template, Bicep files as they are, Terraform files by folder (once),
   other JSON and unknown files left out.
pre-commit is used from PATH, or installed into .build-venv/pre-commit when missing.
"""

import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "Examples"


def pre_commit_command() -> list[str]:
    found = shutil.which("pre-commit")
    if found:
        return [found]
    venv = ROOT / ".build-venv" / "pre-commit"
    python = venv / "bin" / "python"
    if not (venv / "bin" / "pre-commit").exists():
        subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
        subprocess.run([str(python), "-m", "pip", "install", "--quiet", "pre-commit"], check=True)
    return [str(venv / "bin" / "pre-commit")]


def run(args: list[str], cwd: Path, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(args, cwd=cwd, env=env, text=True, capture_output=True)


class Check:
    def __init__(self, repo: Path, env: dict[str, str]) -> None:
        self.repo = repo
        self.env = env
        self.failures: list[str] = []

    def git(self, *args: str) -> subprocess.CompletedProcess[str]:
        return run(["git", *args], self.repo, self.env)

    def commit(self, name: str, files: dict[str, str], expect_ok: bool, expect_in: list[str]) -> None:
        for path, text in files.items():
            target = self.repo / path
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(text)
        self.git("add", "-A")
        result = self.git("commit", "-q", "-m", name)
        output = result.stdout + result.stderr
        problems = []
        if (result.returncode == 0) != expect_ok:
            problems.append(f"commit {'failed' if expect_ok else 'succeeded'} (exit {result.returncode})")
        problems += [f"output lacks {text!r}" for text in expect_in if text not in output]
        if problems:
            self.failures.append(f"{name}: " + "; ".join(problems) + "\n" + output)
            print(f"FAIL {name}")
        else:
            print(f"ok   {name}")
        if not expect_ok and result.returncode != 0:
            self.git("reset", "-q")  # unstage what the hook refused, as a developer would before fixing it


def check_mapping(check: Check, temp: Path) -> None:
    folder = temp / "mapping"
    files = {
        "app/site.json": (EXAMPLES / "azure-openai-hardened.json").read_text(),
        "app/site.parameters.json": (EXAMPLES / "azure-openai-hardened.parameters.json").read_text(),
        "orphan.parameters.json": (EXAMPLES / "azure-openai-hardened.parameters.json").read_text(),
        "package.json": '{"name": "x"}',
        "main.bicep": "param location string\n",
        "prod.bicepparam": "using 'main.bicep'\n",
        "tf/a.tf": "",
        "tf/b.tfvars": "",
        "top.tf": "",
    }
    for path, text in files.items():
        (folder / path).parent.mkdir(parents=True, exist_ok=True)
        (folder / path).write_text(text)
    arguments = ["--fail-on=high", *files, "missing.bicep"]
    env = check.env | {"BULWARK": "echo"}
    result = run(["bash", str(ROOT / "Scripts" / "pre-commit-hook.sh"), *arguments], folder, env)
    expected = f"scan --fail-on=high app/site.json main.bicep prod.bicepparam tf {folder}\n"
    if result.returncode == 0 and result.stdout == expected:
        print("ok   changed files mapped to scan arguments")
    else:
        check.failures.append(f"mapping: expected {expected!r}, got {result.stdout!r} {result.stderr}")
        print("FAIL changed files mapped to scan arguments")


def main() -> int:
    if len(sys.argv) != 2:
        print(__doc__, file=sys.stderr)
        return 2
    binary = Path(sys.argv[1]).resolve()
    if not os.access(binary, os.X_OK):
        print(f"pre-commit-check: {binary} is not an executable bulwark", file=sys.stderr)
        return 2
    head = subprocess.run(["git", "rev-parse", "HEAD"], cwd=ROOT, text=True, capture_output=True, check=True)
    pre_commit = pre_commit_command()
    manifest = subprocess.run([*pre_commit, "validate-manifest", str(ROOT / ".pre-commit-hooks.yaml")], text=True, capture_output=True)
    if manifest.returncode != 0:
        print(f"pre-commit-check: .pre-commit-hooks.yaml is not a valid manifest:\n{manifest.stdout}{manifest.stderr}", file=sys.stderr)
        return 1
    print("ok   .pre-commit-hooks.yaml is a valid manifest")

    with tempfile.TemporaryDirectory(prefix="bulwark-pre-commit-") as temp:
        temp_path = Path(temp)
        bin_dir = temp_path / "bin"
        bin_dir.mkdir()
        (bin_dir / "bulwark").symlink_to(binary)
        env = {k: v for k, v in os.environ.items() if not k.startswith(("GIT_", "PRE_COMMIT"))}
        env.update(
            PATH=f"{bin_dir}{os.pathsep}{env.get('PATH', '')}",
            PRE_COMMIT_HOME=str(temp_path / "cache"),
            NO_COLOR="1",
            GIT_AUTHOR_NAME="Check",
            GIT_AUTHOR_EMAIL="check@example.invalid",
            GIT_COMMITTER_NAME="Check",
            GIT_COMMITTER_EMAIL="check@example.invalid",
        )
        repo = temp_path / "repo"
        repo.mkdir()
        check = Check(repo, env)
        check.git("init", "-q", "-b", "main")
        (repo / ".pre-commit-config.yaml").write_text(
            f"repos:\n  - repo: {ROOT}\n    rev: {head.stdout.strip()}\n    hooks:\n      - id: bulwark-scan\n"
        )
        check.git("add", ".pre-commit-config.yaml")
        check.git("commit", "-q", "-m", "pre-commit configuration")
        installed = run([*pre_commit, "install"], repo, env)
        if installed.returncode != 0:
            print(installed.stdout + installed.stderr, file=sys.stderr)
            return 1

        insecure = (EXAMPLES / "azure-openai-insecure.json").read_text()
        hardened = (EXAMPLES / "azure-openai-hardened.json").read_text()
        terraform = (EXAMPLES / "terraform-openai-insecure" / "main.tf").read_text()
        start = terraform.index('variable "location"')
        end = terraform.index('resource "azurerm_resource_group"')
        variables, resources = terraform[start:end], terraform[:start] + terraform[end:]

        check.commit(
            "insecure ARM template",
            {"infra/openai.json": insecure},
            expect_ok=False,
            expect_in=["bulwark scan", "Failed", "BW-AOAI-001", "infra/openai.json"],
        )
        check.commit("fixed ARM template", {"infra/openai.json": hardened}, expect_ok=True, expect_in=["Passed"])
        check.commit(
            "README alone", {"README.md": "# Notes\n"}, expect_ok=True, expect_in=["(no files to check)Skipped"]
        )
        check.commit("package.json alone", {"package.json": '{"name": "x"}\n'}, expect_ok=True, expect_in=["Passed"])
        # The variables file has no resources: the findings prove the hook scanned the whole folder.
        (repo / "tf").mkdir()
        (repo / "tf" / "main.tf").write_text(resources)
        check.git("add", "-A")
        check.git("commit", "-q", "--no-verify", "-m", "Terraform resources, committed before the hook saw them")
        check.commit(
            "Terraform variables changed",
            {"tf/variables.tf": variables},
            expect_ok=False,
            expect_in=["BW-AOAI-004", "tf/main.tf"],
        )
        check.git("checkout", "-q", "--", ".")
        shutil.rmtree(repo / "tf")
        check.git("add", "-A")
        check.git("commit", "-q", "--no-verify", "-m", "no Terraform")
        check.commit("Terraform at the top", {"main.tf": terraform}, expect_ok=False, expect_in=["BW-AOAI-004", "main.tf"])

        check_mapping(check, temp_path)

    for failure in check.failures:
        print(f"\n--- {failure}", file=sys.stderr)
    print(f"pre-commit hook: {7 - len(check.failures)} of 7 checks passed")
    return 1 if check.failures else 0


if __name__ == "__main__":
    sys.exit(main())
