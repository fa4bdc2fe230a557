#!/usr/bin/env bash
# Release-build benchmarks, recorded in docs/benchmarks.md:
#   Benchmarks/run.sh [SHARED_DIR] [RUNS]
# 1. the positioned JSON reader's throughput on the 1.5 MB AVM AI Foundry template;
# 2. expansion time of the AI Foundry pattern module with its first example;
# 3. start-up: `bulwark scan` of an empty folder (no rules are read);
# 4. whole-process scan time of Checkov's ARM fixtures and of the whole AVM folder, Bulwark beside Checkov
#    (installed from PyPI into a virtual environment under .build-bench/ when it is not already there);
# 5. Bicep: compiling and expanding the AI Foundry pattern module from its .bicep with its registry modules, and
#    the whole Bicep corpus folder scanned beside `checkov --framework bicep`;
# 6. Terraform: the whole Terraform corpus folder scanned beside `checkov --framework terraform`.
set -euo pipefail
cd "$(dirname "$0")/.."
shared="${1:-../shared}"
runs="${2:-7}"
corpus="$shared/corpus"
if [ ! -d "$corpus" ]; then
    echo "benchmarks skipped: $corpus does not exist"
    exit 0
fi

swift build -c release --product bulwark >/dev/null
swift build -c release --product JSONReaderBenchmark >/dev/null
release=$(swift build -c release --show-bin-path)
# The same code linked statically (Swift runtime and Foundation inside the binary), as a release ships it:
# process start-up drops from about 9 ms to about 4 ms.
swift build -c release --product bulwark --static-swift-stdlib --scratch-path .build-static >/dev/null 2>&1
static=$(swift build -c release --static-swift-stdlib --scratch-path .build-static --show-bin-path)

echo "== JSON reader"
"$release/JSONReaderBenchmark" "$corpus/avm/ptn/ai-ml/ai-foundry/main.json" 50

echo "== expansion of avm/ptn/ai-ml/ai-foundry/main.json with examples/01-using-only-defaults.parameters.json"
python3 Benchmarks/time-command.py "$runs" "$static/bulwark" expand "$corpus/avm/ptn/ai-ml/ai-foundry/main.json" \
    --parameters "$corpus/avm/ptn/ai-ml/ai-foundry/examples/01-using-only-defaults.parameters.json"

echo "== start-up: scan of an empty folder"
empty=$(mktemp -d)
python3 Benchmarks/time-command.py "$runs" "$static/bulwark" scan "$empty" --format json
python3 Benchmarks/time-command.py "$runs" "$release/bulwark" scan "$empty" --format json
rmdir "$empty"

echo "== scan of $corpus/checkov/arm: Bulwark beside Checkov"
venv=.build-bench/checkov-venv
if [ ! -x "$venv/bin/checkov" ]; then
    python3 -m venv "$venv"
    "$venv/bin/pip" install --quiet "checkov==3.3.30" || "$venv/bin/pip" install --quiet checkov
fi
echo "$(nproc) cores; $(swift --version 2>&1 | head -1)"
python3 Benchmarks/compare-checkov.py "$corpus/checkov/arm" "$runs" "$venv/bin/checkov" \
    "bulwark (release, static)=$static/bulwark" "bulwark (release, dynamic)=$release/bulwark"

echo "== scan of $corpus/avm: Bulwark beside Checkov"
python3 Benchmarks/compare-checkov.py "$corpus/avm" "$runs" "$venv/bin/checkov" \
    "bulwark (release, static)=$static/bulwark" "bulwark (release, dynamic)=$release/bulwark"

echo "== scan of the whole shared corpus ($corpus): Bulwark beside Checkov"
python3 Benchmarks/compare-checkov.py "$corpus" "$runs" "$venv/bin/checkov" \
    "bulwark (release, static)=$static/bulwark" "bulwark (release, dynamic)=$release/bulwark"

echo "== compile and expand avm/ptn/ai-ml/ai-foundry/main.bicep with its registry modules"
# Target 100 ms. It exits 2 while the front end refuses languageVersion 2.0 programs; the time then says so.
python3 Benchmarks/time-command.py --allow-failure "$runs" "$static/bulwark" expand \
    "$corpus/bicep/avm/ptn/ai-ml/ai-foundry/main.bicep" --bicep-registry "$corpus/bicep/registry"

echo "== scan of $corpus/bicep: Bulwark beside checkov --framework bicep"
python3 Benchmarks/compare-checkov.py --framework bicep "$corpus/bicep" "$runs" "$venv/bin/checkov" \
    "bulwark (release, static)=$static/bulwark" "bulwark (release, dynamic)=$release/bulwark"

echo "== scan of $corpus/terraform: Bulwark beside checkov --framework terraform"
python3 Benchmarks/compare-checkov.py --framework terraform "$corpus/terraform" "$runs" "$venv/bin/checkov" \
    "bulwark (release, static)=$static/bulwark" "bulwark (release, dynamic)=$release/bulwark"
