#!/usr/bin/env python3
"""Validates a JUnit XML report against Bulwark's JUnit schema (the junit-10.xsd shape) and checks its counts add up.

usage: validate-junit.py SCHEMA.xsd REPORT.xml
"""
import sys
import xml.etree.ElementTree as ElementTree

import xmlschema


def main():
    if len(sys.argv) != 3:
        raise SystemExit(__doc__)
    schema = xmlschema.XMLSchema(sys.argv[1])
    errors = list(schema.iter_errors(sys.argv[2]))
    for error in errors:
        print(f"FAIL {sys.argv[2]}: {error.reason} at {error.path}")
    root = ElementTree.parse(sys.argv[2]).getroot()
    totals = {"tests": 0, "failures": 0, "errors": 0, "skipped": 0}
    for suite in root.iter("testsuite"):
        cases = suite.findall("testcase")
        counted = {
            "tests": len(cases),
            "failures": sum(1 for case in cases if case.find("failure") is not None),
            "errors": sum(1 for case in cases if case.find("error") is not None),
            "skipped": sum(1 for case in cases if case.find("skipped") is not None),
        }
        for key, value in counted.items():
            totals[key] += value
            if int(suite.get(key, "0")) != value:
                errors.append(key)
                print(f"FAIL {sys.argv[2]}: suite {suite.get('name')!r} says {key}={suite.get(key)}, has {value}")
    for key, value in totals.items():
        if int(root.get(key, "0")) != value:
            errors.append(key)
            print(f"FAIL {sys.argv[2]}: testsuites says {key}={root.get(key)}, the suites have {value}")
    if not errors:
        print(f"JUnit valid against {sys.argv[1]}: {totals['tests']} test cases, {totals['failures']} failures")
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
