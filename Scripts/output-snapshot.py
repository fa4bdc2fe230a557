#!/usr/bin/env python3
"""Writes everything Bulwark prints for the shared corpus and the bundled examples into one folder, so two builds
can be compared with `diff -r`: a refactoring must leave every byte of it unchanged.

usage: output-snapshot.py CORPUS_DIR BULWARK_BINARY OUT_DIR

For each Checkov ARM fixture folder, the quickstarts, the AVM folder, the whole corpus and Examples/: the scan in
json, sarif and table (--verbose) with its exit code; every AVM template expanded with and without each of its
examples; `rules list --format json`. Skips the corpus parts with a message when CORPUS_DIR does not exist.
"""
import subprocess
import sys
from pathlib import Path


def run(binary, args, out, name):
    completed = subprocess.run([binary, *args], capture_output=True)
    (out / name).write_bytes(completed.stdout + completed.stderr + f"\nexit {completed.returncode}\n".encode())


def scan_all_formats(binary, paths, out, name):
    for fmt in ("json", "sarif"):
        run(binary, ["scan", *paths, "--format", fmt], out, f"{name}.{fmt}")
    run(binary, ["scan", *paths, "--verbose"], out, f"{name}.table")


def main():
    if len(sys.argv) != 4:
        raise SystemExit(__doc__)
    corpus, binary, out = Path(sys.argv[1]), sys.argv[2], Path(sys.argv[3])
    out.mkdir(parents=True, exist_ok=True)
    run(binary, ["rules", "list", "--format", "json"], out, "rules.json")
    scan_all_formats(binary, ["Examples"], out, "examples")
    if not corpus.is_dir():
        print(f"skipped the corpus: {corpus} not found")
        return
    for folder in sorted((corpus / "checkov" / "arm" / "checks" / "resource").glob("example_*")):
        scan_all_formats(binary, [str(folder)], out, f"checkov-{folder.name}")
    for name in ("quickstarts", "avm"):
        scan_all_formats(binary, [str(corpus / name)], out, name)
    scan_all_formats(binary, [str(corpus)], out, "corpus")
    for template in sorted((corpus / "avm").rglob("main.json")):
        examples = sorted((template.parent / "examples").glob("*.parameters.json"))
        label = str(template.parent.relative_to(corpus)).replace("/", "_")
        for parameters in [None] + examples:
            args = ["expand", str(template), "--format", "json", "--utc-now", "2026-01-01T00:00:00Z"]
            suffix = ""
            if parameters:
                args += ["--parameters", str(parameters)]
                suffix = "-" + parameters.name
            run(binary, args, out, f"expand-{label}{suffix}.json")
    print(f"wrote {len(list(out.iterdir()))} files to {out}")


if __name__ == "__main__":
    main()
