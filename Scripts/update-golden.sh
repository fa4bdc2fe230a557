#!/usr/bin/env bash
# Rewrites the golden expansions of three AVM examples from the shared corpus:
#   Scripts/update-golden.sh [CORPUS_DIR]
# Review every change (`git diff Tests/ScanningTests/Golden`) against the module's documentation before
# committing: a golden file is only as good as that check.
set -euo pipefail
cd "$(dirname "$0")/.."
corpus="${1:-../shared/corpus}"
swift build --product bulwark >/dev/null
bulwark=$(swift build --show-bin-path)/bulwark
out=Tests/ScanningTests/Golden
mkdir -p "$out"
while read -r name template parameters; do
    # Paths in the output are written relative to the corpus, so the files do not depend on where it lives.
    (cd "$corpus" && "$bulwark" expand "$template" --parameters "$parameters" --format json --utc-now 2026-01-01T00:00:00Z) > "$out/$name.json" || [ $? -eq 2 ]
    echo "wrote $out/$name.json"
done <<'LIST'
cognitive-services-openai-private avm/res/cognitive-services/account/main.json avm/res/cognitive-services/account/examples/10-using-openai-and-deployments-in-parameter-set-with-private-e.parameters.json
ml-workspace-ai-hub avm/res/machine-learning-services/workspace/main.json avm/res/machine-learning-services/workspace/examples/01-creating-azure-ai-studio-hub-resource.parameters.json
ai-foundry-defaults avm/ptn/ai-ml/ai-foundry/main.json avm/ptn/ai-ml/ai-foundry/examples/01-using-only-defaults.parameters.json
LIST
