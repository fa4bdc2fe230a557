#!/usr/bin/env bash
# Runs every test Bulwark has, on a fresh machine or a warm one:
#   Scripts/test.sh [SHARED_DIR]      (SHARED_DIR defaults to ../shared; its corpus and schemas are optional)
# 1. installs what is missing (SQLite's headers for the key store, Python's jsonschema for SARIF validation);
# 2. builds once (debug, with tests) and refuses warnings in Bulwark's own code; checks that Package.swift keeps
#    its layering promises (Scripts/check-layers.py) and that the code is formatted as .swift-format says;
# 3. validates a SARIF report against the OASIS schema, when SHARED_DIR/schemas has it, a JUnit report against
#    Tests/ReportsTests/Schemas/junit-bulwark.xsd and a GitLab SAST report against schema 15.0.x;
#    and screenshot-tests the HTML report in headless Chromium (Scripts/html-report-check.py; chromium is installed
#    when missing);
# 4. runs the corpus checks, when SHARED_DIR/corpus exists: Checkov fixture verdicts, quickstart and AVM templates
#    scanned without a reader error, every AVM template expanded with each example without an evaluation error,
#    the AVM findings counted by status, and the Bicep corpus: each .bicep expands to the same resources as its
#    compiled JSON, and the AVM AI modules give the same findings from Bicep as from JSON
#    (Scripts/bicep-equivalence.py, with its known exceptions in Scripts/bicep-equivalence-exceptions.tsv);
# 5. checks the `bulwark guard` command line end to end (the check --jsonl contract, eval, train);
# 6. runs the gateway acceptance test with the real openai Python package and websockets (installed into .build-venv/);
# 7. starts throwaway Redis and PostgreSQL servers and runs the three-replica limits test against them;
# 8. checks the CI integrations: the pre-commit hook with the real pre-commit package in a temporary git repository
#    (installed into .build-venv/ when missing; it uses this repository's HEAD commit), and action.yml's references
#    and its scan step's shell run here with a fake $GITHUB_OUTPUT and $GITHUB_STEP_SUMMARY;
# 9. runs the Swift test suite (Swift Testing) last, so its summary closes the output.
set -euo pipefail
cd "$(dirname "$0")/.."
shared="${1:-../shared}"

if ! command -v swift >/dev/null; then
    echo "swift is not on PATH: install the Swift 6.1+ toolchain" >&2
    exit 2
fi
# GRDB (the gateway's key store) links the system SQLite.
if ! dpkg -s libsqlite3-dev >/dev/null 2>&1; then
    apt-get update -qq && apt-get install -y -qq libsqlite3-dev
fi
if ! python3 -c 'import jsonschema' 2>/dev/null; then
    python3 -m pip install --quiet jsonschema
fi
# The JUnit report is checked against its XSD with xmlschema.
if ! python3 -c 'import xmlschema' 2>/dev/null; then
    python3 -m pip install --quiet xmlschema
fi
if ! python3 -c 'import yaml' 2>/dev/null; then
    python3 -m pip install --quiet pyyaml
fi

echo "== build"
build_log=$(mktemp)
set +e
swift build --build-tests 2>&1 | tee "$build_log" | grep -vE '^\[[0-9]+/[0-9]+\]'
build_status=${PIPESTATUS[0]}
set -e
if [ "$build_status" -ne 0 ]; then
    echo "build failed" >&2
    exit 1
fi
if grep -E "^$PWD/(Sources|Tests|Benchmarks)/.*warning: " "$build_log"; then
    echo "warnings in Bulwark's own code: fix them" >&2
    exit 1
fi
bulwark=.build/debug/bulwark

echo "== layout and formatting"
python3 Scripts/check-layers.py
if command -v swift-format >/dev/null; then
    swift-format lint --strict --recursive --parallel Sources Tests Benchmarks Package.swift
    echo "swift-format: no findings"
else
    echo "skipped: swift-format is not on PATH"
fi

echo "== SARIF schema"
schema="$shared/schemas/sarif-schema-2.1.0.json"
if [ -f "$schema" ]; then
    sarif=$(mktemp --suffix=.sarif)
    status=0
    "$bulwark" scan Examples --format sarif --output "$sarif" || status=$?
    if [ "$status" -gt 1 ]; then echo "scan of Examples failed with exit code $status" >&2; exit 1; fi
    python3 Scripts/validate-sarif.py "$schema" "$sarif"
else
    echo "skipped: $schema not found"
fi

echo "== JUnit and GitLab SAST reports"
junit=$(mktemp --suffix=.xml)
gitlab=$(mktemp --suffix=.json)
status=0
"$bulwark" scan Examples --report "junit=$junit" --report "gitlab=$gitlab" --quiet >/dev/null || status=$?
if [ "$status" -gt 1 ]; then echo "scan of Examples failed with exit code $status" >&2; exit 1; fi
python3 Scripts/validate-junit.py Tests/ReportsTests/Schemas/junit-bulwark.xsd "$junit"
# GitLab's own schema when SHARED_DIR has it (gitlab.com security-report-schemas, v15.0.4), else the subset we keep.
gitlab_schema="$shared/schemas/sast-report-format-15.0.4.json"
[ -f "$gitlab_schema" ] || gitlab_schema=Tests/ReportsTests/Schemas/gitlab-sast-15.0-subset.schema.json
python3 Scripts/validate-gitlab-sast.py "$gitlab_schema" "$gitlab"
rm -f "$junit" "$gitlab"

echo "== HTML report in headless Chromium"
# Debian's chromium and the DevTools client are installed when missing; without chromium the check is skipped.
if ! command -v chromium >/dev/null; then
    echo "installing chromium"
    (apt-get update -qq && apt-get install -y -qq chromium) >/dev/null 2>&1 || true
fi
if command -v chromium >/dev/null; then
    if ! python3 -c 'import websocket' 2>/dev/null; then
        python3 -m pip install --quiet websocket-client
    fi
    python3 Scripts/html-report-check.py "$bulwark"
else
    echo "skipped: chromium could not be installed"
fi

echo "== corpus"
python3 Scripts/corpus-check.py "$shared/corpus" "$bulwark"
python3 Scripts/avm-expansion-check.py "$shared/corpus" "$bulwark"
python3 Scripts/avm-findings.py "$shared/corpus" "$bulwark"
python3 Scripts/bicep-equivalence.py "$shared/corpus" "$bulwark"
python3 Scripts/terraform-corpus-check.py "$shared/corpus" "$bulwark"

echo "== Nessus results streamed (peak memory flat from an 8 MB to a 128 MB export)"
python3 Scripts/nessus-memory.py --check "$bulwark" 8 128

echo "== guard command line (check --jsonl contract, eval, train)"
python3 Scripts/guard-cli-check.py "$bulwark"

echo "== gateway acceptance (the openai Python package, websockets and curl through bulwark gateway)"
venv=.build-venv/openai
if [ ! -x "$venv/bin/python" ] || ! "$venv/bin/python" -c 'import openai, websockets' 2>/dev/null; then
    python3 -m venv "$venv"
    "$venv/bin/pip" install --quiet openai websockets
fi
"$venv/bin/python" Scripts/gateway-acceptance.py "$bulwark"

# The replicas test, the RESP tests and the limit store's tests talk to throwaway loopback redis-servers, the
# key store's tests and the replicas to a throwaway PostgreSQL; all are stopped on exit whatever the outcome.
eval "$(Scripts/redis-for-tests.sh start)"
trap 'Scripts/redis-for-tests.sh stop "$BULWARK_REDIS_DIR"' EXIT
eval "$(Scripts/postgres-for-tests.sh start)"
trap 'Scripts/redis-for-tests.sh stop "$BULWARK_REDIS_DIR"; Scripts/postgres-for-tests.sh stop "$BULWARK_POSTGRES_DIR"' EXIT

echo "== limits across three gateway replicas (PostgreSQL keys and ledger, Redis counters, faults)"
python3 Scripts/replicas-acceptance.py "$bulwark"

echo "== CI integrations (pre-commit hook in a temporary repository, action.yml's steps)"
python3 Scripts/pre-commit-check.py "$bulwark"
python3 Scripts/action-check.py "$bulwark"

# Two runs of the one test build: the parsers' and engines' tests are CPU-bound and synchronous, and beside them
# the servers' tests (timeouts, heartbeats, connection limits) would wait seconds for a thread of the two-core
# machine's cooperative pool. Together the two runs cover every test.
servers='^(GatewayTests|PostgresStoreTests|RedisLimitStoreTests|RESPTests|EntraIDTests|AzureCredentialsTests)\.'
echo "== swift test: scanner, parsers, engines and command line"
swift test --skip-build --skip "$servers"
echo "== swift test: gateway, stores and their servers"
swift test --skip-build --filter "$servers"
