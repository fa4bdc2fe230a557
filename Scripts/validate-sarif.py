#!/usr/bin/env python3
"""Validates a SARIF log against the OASIS SARIF 2.1.0 JSON schema.

usage: validate-sarif.py SCHEMA SARIF_FILE
"""
import json
import sys

import jsonschema


def main():
    if len(sys.argv) != 3:
        raise SystemExit(__doc__)
    schema = json.load(open(sys.argv[1]))
    log = json.load(open(sys.argv[2]))
    validator_class = jsonschema.validators.validator_for(schema)
    validator = validator_class(schema)
    errors = sorted(validator.iter_errors(log), key=lambda error: list(error.absolute_path))
    for error in errors:
        location = "/".join(str(part) for part in error.absolute_path)
        print(f"FAIL {sys.argv[2]} at /{location}: {error.message}")
    results = sum(len(run.get("results", [])) for run in log.get("runs", []))
    rules = sum(len(run["tool"]["driver"].get("rules", [])) for run in log.get("runs", []))
    if not errors:
        print(f"SARIF valid against {sys.argv[1]}: {rules} rules, {results} results")
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
