#!/usr/bin/env python3
"""Checks that Package.swift keeps the architecture it promises:

1. the scanner core (Scanning, Reports, every input front end and everything they depend on) and the scanner's
   tests reach no server package (Hummingbird, AsyncHTTPClient, NIO, GRDB, jwt-kit, service-lifecycle,
   Prometheus) and no gateway target;
2. Scanning and Reports never depend on an input format, and Reports never on Scanning;
3. the gateway's building blocks never depend on the gateway's configuration or on the Gateway target;
4. every target has a comment line above it in Package.swift.

usage: check-layers.py [PACKAGE_DIR]      (runs `swift package dump-package`; prints each violation, exits 1 on any)
"""
import json
import re
import subprocess
import sys
from pathlib import Path

SERVER_PACKAGES = {"hummingbird", "async-http-client", "swift-nio", "swift-nio-ssl", "grdb.swift", "jwt-kit", "postgres-nio",
                   "swift-service-lifecycle", "swift-prometheus", "swift-metrics", "swift-log"}
SCANNER_CORE = ["SourceModel", "BicepSyntax", "HCLSyntax", "TerraformModel", "TerraformPlan", "TerraformFrontEnd", "TerraformMapping", "TerraformFunctions", "TerraformEvaluation", "BicepCompiler", "LocatedJSON", "LocatedYAML", "PostureModel", "ARMTemplates", "BicepFrontEnd", "LiveSnapshot", "RuleEngine",
                "SensitiveData", "Scanning", "Reports", "Baselines", "Suppressions", "HTMLReport", "NessusResults"]
# The scanner's tests build without the server stack: a change to the scanner never waits for the gateway's build.
SCANNER_TESTS = ["ScanTesting", "SourceModelTests", "BicepSyntaxTests", "HCLSyntaxTests", "TerraformModelTests", "TerraformPlanTests", "TerraformFrontEndTests", "TerraformMappingTests", "TerraformFunctionsTests", "TerraformEvaluationTests", "LiveSnapshotTests", "BicepCompilerTests", "LocatedJSONTests", "ARMTemplatesTests", "RuleEngineTests",
                 "SensitiveDataTests", "ScanningTests", "ReportsTests", "BaselinesTests", "SuppressionsTests", "HTMLReportTests", "NessusResultsTests"]
INPUT_FORMATS = {"ARMTemplates", "LocatedJSON", "BicepSyntax", "HCLSyntax", "TerraformModel", "TerraformPlan", "TerraformFrontEnd", "TerraformMapping", "TerraformFunctions", "TerraformEvaluation", "BicepCompiler", "BicepFrontEnd", "LiveSnapshot", "NessusResults"}
GATEWAY_TARGETS = {"Gateway", "GatewayConfig", "APIKeys", "PostgresStore", "AuditLog", "EntraID", "AzureCredentials",
                   "PromptGuards", "RedisLimitStore"}
# Parts that the configuration maps into; the arrow runs GatewayConfig -> them, never back.
CONFIGURED_PARTS = ["EntraID", "AzureCredentials", "APIKeys", "PostgresStore", "AuditLog", "PromptGuards", "SensitiveData",
                    "RateLimits", "RESP", "RedisLimitStore"]


def main():
    root = Path(sys.argv[1] if len(sys.argv) > 1 else ".")
    dump = subprocess.run(["swift", "package", "dump-package"], cwd=root, capture_output=True, text=True, check=True)
    package = json.loads(dump.stdout)
    targets = {t["name"]: t for t in package["targets"]}

    def direct(name):
        for dependency in targets[name]["dependencies"]:
            if "byName" in dependency:
                yield ("target", dependency["byName"][0])
            elif "target" in dependency:
                yield ("target", dependency["target"][0])
            elif "product" in dependency:
                yield ("package", (dependency["product"][1] or dependency["product"][0]).lower())

    def closure(name):
        seen, stack, packages = set(), [name], set()
        while stack:
            current = stack.pop()
            for kind, value in direct(current):
                if kind == "package":
                    packages.add(value)
                elif value in targets and value not in seen:
                    seen.add(value)
                    stack.append(value)
        return seen, packages

    problems = []
    for name in SCANNER_CORE + SCANNER_TESTS:
        if name not in targets:
            problems.append(f"{name}: expected a scanner target of that name")
            continue
        reached, packages = closure(name)
        for package_name in sorted(packages & SERVER_PACKAGES):
            problems.append(f"{name} reaches the server package {package_name}")
        for target in sorted(reached & GATEWAY_TARGETS):
            problems.append(f"{name} reaches the gateway target {target}")
    for name in ("Scanning", "Reports", "HTMLReport"):
        reached, _ = closure(name)
        for target in sorted(reached & INPUT_FORMATS):
            problems.append(f"{name} depends on the input format {target}; front ends are wired in by the CLI")
    for name in ("Reports", "HTMLReport"):
        if "Scanning" in closure(name)[0]:
            problems.append(f"{name} depends on Scanning; reports see findings, not how they were found")
    for name in CONFIGURED_PARTS:
        if name in targets:
            reached, _ = closure(name)
            for target in sorted(reached & {"GatewayConfig", "Gateway"}):
                problems.append(f"{name} depends on {target}; the configuration maps into the parts, not the reverse")

    manifest = (root / "Package.swift").read_text().splitlines()
    for index, line in enumerate(manifest):
        match = re.search(r'\.(?:target|executableTarget|testTarget)\(\s*$', line) or \
            re.search(r'\.(?:target|executableTarget)\(name: "', line)
        if not match or ".testTarget" in line:
            continue
        previous = next((manifest[i].strip() for i in range(index - 1, -1, -1) if manifest[i].strip()), "")
        if not previous.startswith("//"):
            problems.append(f"Package.swift:{index + 1}: a target without a comment line saying what it is")

    for problem in problems:
        print(problem)
    print(f"{len(targets)} targets checked, {len(problems)} problem(s)")
    sys.exit(1 if problems else 0)


if __name__ == "__main__":
    main()
