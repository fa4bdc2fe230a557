#!/usr/bin/env bash
# The pre-commit hook (.pre-commit-hooks.yaml, id bulwark-scan): scans what a commit changes.
#
#   Scripts/pre-commit-hook.sh [--bulwark-option[=value]]... FILE...
#
# pre-commit passes the hook's `args` and then the changed files that match its `files` pattern. Arguments that
# start with `-` go to `bulwark scan` as they are, so give options with a value in the `--fail-on=high` form. Each
# changed file becomes what to scan:
# - Terraform (.tf, .tf.json, .tfvars, .tfvars.json): its folder, since a root module is a folder;
# - .bicep and .bicepparam: the file;
# - other .json: the file when it is an ARM deployment template, its template (x.json beside it) when it is a
#   parameter file x.parameters.json, and nothing when it is any other JSON (package.json, settings...).
# The scan runs once over all of them; its exit code is the hook's (0 clean, 1 failures, 2 errors).
# `bulwark` must be on PATH, or named by the BULWARK environment variable.
set -euo pipefail

bulwark="${BULWARK:-bulwark}"
if ! command -v "$bulwark" >/dev/null 2>&1; then
    echo "bulwark-scan: '$bulwark' not found: put bulwark on PATH (see docs/ci.md) or set BULWARK" >&2
    exit 2
fi

options=()
targets=()
declare -A seen=()

add_target() {
    if [[ -z "${seen[$1]:-}" ]]; then
        seen[$1]=1
        targets+=("$1")
    fi
}

folder_of() {
    local folder
    folder="$(dirname "$1")"
    # A root module at the repository's top is named by its absolute path: `bulwark scan .` reads no Terraform
    # resources when the folder is the current directory (noted in docs/ci.md).
    if [[ "$folder" == "." ]]; then folder="$PWD"; fi
    echo "$folder"
}

is_template() {
    grep -q 'deploymentTemplate\.json#' "$1" || { grep -q '"resources"' "$1" && grep -q '"contentVersion"' "$1"; }
}

for argument in "$@"; do
    if [[ "$argument" == -* ]]; then
        options+=("$argument")
        continue
    fi
    file="$argument"
    [[ -f "$file" ]] || continue
    case "$file" in
        *.tf | *.tf.json | *.tfvars | *.tfvars.json) add_target "$(folder_of "$file")" ;;
        *.bicep | *.bicepparam) add_target "$file" ;;
        *.json)
            if grep -q 'deploymentParameters\.json#' "$file"; then
                template="${file%.parameters.json}.json"
                if [[ "$template" != "$file" && -f "$template" ]]; then add_target "$template"; fi
            elif is_template "$file"; then
                add_target "$file"
            fi
            ;;
    esac
done

if [[ ${#targets[@]} -eq 0 ]]; then
    exit 0
fi
exec "$bulwark" scan "${options[@]}" "${targets[@]}"
