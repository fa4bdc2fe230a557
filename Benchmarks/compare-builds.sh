#!/usr/bin/env bash
# Every release benchmark for two builds of Bulwark in the same run, so a refactoring can show it is no slower:
#   Benchmarks/compare-builds.sh BEFORE_BIN_DIR AFTER_BIN_DIR [SHARED_DIR] [RUNS]
# Each BIN_DIR is a release bin path (`swift build -c release --show-bin-path`) holding bulwark,
# JSONReaderBenchmark, GuardBenchmark and FakeAzureOpenAI. Checkov (from .build-bench/checkov-venv, as
# Benchmarks/run.sh installs it) runs beside both when it is there; the gateway load needs wrk.
set -euo pipefail
cd "$(dirname "$0")/.."
before="$1"
after="$2"
shared="${3:-../shared}"
runs="${4:-7}"
corpus="$shared/corpus"
if [ ! -d "$corpus" ]; then
    echo "benchmarks skipped: $corpus does not exist"
    exit 0
fi
echo "$(nproc) cores; $(swift --version 2>&1 | head -1)"

for build in before after; do
    dir=${!build}
    echo "== JSON reader ($build)"
    "$dir/JSONReaderBenchmark" "$corpus/avm/ptn/ai-ml/ai-foundry/main.json" 50
done

for build in before after; do
    dir=${!build}
    echo "== expansion of the AI Foundry pattern with its first example ($build)"
    python3 Benchmarks/time-command.py "$runs" "$dir/bulwark" expand "$corpus/avm/ptn/ai-ml/ai-foundry/main.json" \
        --parameters "$corpus/avm/ptn/ai-ml/ai-foundry/examples/01-using-only-defaults.parameters.json"
done

checkov=.build-bench/checkov-venv/bin/checkov
for folder in "$corpus/checkov/arm" "$corpus/avm" "$corpus"; do
    echo "== scan of $folder"
    if [ -x "$checkov" ]; then
        python3 Benchmarks/compare-checkov.py "$folder" "$runs" "$checkov" "before=$before/bulwark" "after=$after/bulwark"
    else
        for build in before after; do
            dir=${!build}
            echo "$build: $(python3 Benchmarks/time-command.py "$runs" "$dir/bulwark" scan "$folder" --format json)"
        done
    fi
done

for build in before after; do
    dir=${!build}
    echo "== prompt guards ($build)"
    "$dir/GuardBenchmark" "$shared/datasets/prompt-injection/samples.jsonl"
done

if command -v wrk >/dev/null; then
    for build in before after; do
        dir=${!build}
        echo "== gateway load ($build)"
        python3 Benchmarks/gateway-load.py "$dir/bulwark" "$dir/FakeAzureOpenAI" - 10
    done
else
    echo "== gateway load skipped: wrk is not installed (apt-get install wrk)"
fi
