#!/usr/bin/env python3
"""Validates a GitLab SAST report (bulwark scan --format gitlab) against a security report schema 15.0.x.

usage: validate-gitlab-sast.py SCHEMA.json REPORT.json
"""
import json
import sys

import jsonschema


def main():
    if len(sys.argv) != 3:
        raise SystemExit(__doc__)
    schema = json.load(open(sys.argv[1]))
    report = json.load(open(sys.argv[2]))
    validator_class = jsonschema.validators.validator_for(schema)
    validator = validator_class(schema, format_checker=validator_class.FORMAT_CHECKER)
    errors = sorted(validator.iter_errors(report), key=lambda error: list(error.absolute_path))
    for error in errors:
        location = "/".join(str(part) for part in error.absolute_path)
        print(f"FAIL {sys.argv[2]} at /{location}: {error.message}")
    if not errors:
        print(f"GitLab SAST report valid against {sys.argv[1]}: {len(report.get('vulnerabilities', []))} vulnerabilities")
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
