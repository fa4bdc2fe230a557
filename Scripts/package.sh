#!/usr/bin/env bash
# Builds a release `bulwark` for Linux with the Swift runtime and Foundation linked in, strips it, and writes
# dist/bulwark-<version>-linux-<arch>.tar.gz and its .sha256.
#
#   Scripts/package.sh [--scratch-path DIR] [--output DIR] [--linking static|static-stdlib] [--jobs N]
#
#   --scratch-path DIR  SwiftPM's build folder (default .build/package, apart from the debug build).
#   --output DIR        where the tarball and its checksum go (default dist).
#   --linking MODE      static (default): one fully static executable (-static-executable), no shared library
#                       needed at all. static-stdlib: the Swift runtime and Foundation linked statically
#                       (--static-swift-stdlib), the C libraries (glibc, libstdc++, zlib, sqlite3, libxml2) shared.
#   --jobs N            passed to swift build.
#
# The tarball holds one folder, bulwark-<version>-linux-<arch>/, with the executable and the resource bundles
# (*.resources: the rule pack, mappings, vocabularies) that must stay next to it. Swift itself is needed only to build.
# Not run by CI: a release build is a second full build. Run it niced on a shared machine.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
scratch="$root/.build/package"
output="$root/dist"
linking="static"
jobs=()

while [[ $# -gt 0 ]]; do
    case "$1" in
        --scratch-path) scratch="$(realpath -m "${2:?--scratch-path needs a folder}")"; shift 2 ;;
        --output) output="$(realpath -m "${2:?--output needs a folder}")"; shift 2 ;;
        --linking) linking="${2:?--linking needs static or static-stdlib}"; shift 2 ;;
        --jobs) jobs=(--jobs "${2:?--jobs needs a number}"); shift 2 ;;
        -h | --help) sed -n '2,17p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'; exit 0 ;;
        *) echo "package.sh: unknown option '$1' (try --help)" >&2; exit 2 ;;
    esac
done

case "$linking" in
    # FoundationXML (the Nessus reader) links libxml2, whose static archive needs liblzma and ICU after it.
    static) link_flags=(--static-swift-stdlib -Xswiftc -static-executable -Xlinker -llzma -Xlinker -licuuc -Xlinker -licudata) ;;
    static-stdlib) link_flags=(--static-swift-stdlib) ;;
    *) echo "package.sh: --linking must be static or static-stdlib, not '$linking'" >&2; exit 2 ;;
esac

if [[ "$(uname -s)" != "Linux" ]]; then
    echo "package.sh: builds the Linux package; on $(uname -s) use swift build -c release" >&2
    exit 2
fi

if [[ "$linking" == static ]]; then
    # The static archives of the C libraries Foundation's XML parser needs (Debian's -dev packages).
    missing=()
    for archive in libxml2.a liblzma.a libicuuc.a libicudata.a libz.a; do
        compgen -G "/usr/lib/*/$archive" >/dev/null || compgen -G "/usr/lib/$archive" >/dev/null || missing+=("$archive")
    done
    if [[ ${#missing[@]} -gt 0 ]]; then
        if command -v apt-get >/dev/null && [[ $(id -u) -eq 0 ]]; then
            apt-get update -qq && apt-get install -y -qq libxml2-dev liblzma-dev libicu-dev zlib1g-dev
        else
            echo "package.sh: static linking needs ${missing[*]}: install libxml2-dev liblzma-dev libicu-dev zlib1g-dev," \
                "or use --linking static-stdlib" >&2
            exit 2
        fi
    fi
fi

version="$(sed -n 's/.*static let version = "\([^"]*\)".*/\1/p' "$root/Sources/PostureModel/ToolInfo.swift")"
if [[ -z "$version" ]]; then
    echo "package.sh: could not read the version from Sources/PostureModel/ToolInfo.swift" >&2
    exit 1
fi
arch="$(uname -m)"
name="bulwark-$version-linux-$arch"

cd "$root"
started=$(date +%s)
swift build -c release --product bulwark --scratch-path "$scratch" "${link_flags[@]}" "${jobs[@]}"
bin_dir="$(swift build -c release --product bulwark --scratch-path "$scratch" "${link_flags[@]}" --show-bin-path)"
built=$(date +%s)

staging="$(mktemp -d)"
trap 'rm -rf "$staging"' EXIT
mkdir "$staging/$name"
cp "$bin_dir/bulwark" "$staging/$name/bulwark"
strip "$staging/$name/bulwark"
for bundle in "$bin_dir"/*.resources; do
    [[ -d "$bundle" ]] && cp -R "$bundle" "$staging/$name/"
done
cp README.md "$staging/$name/"

# The packaged executable must run from its own folder, with its resource bundles beside it.
"$staging/$name/bulwark" --version
set +e
"$staging/$name/bulwark" scan Examples/ --quiet >/dev/null
scan_status=$?
set -e
if [[ $scan_status -gt 1 ]]; then
    echo "package.sh: the packaged bulwark failed to scan Examples/ (exit $scan_status)" >&2
    exit 1
fi

mkdir -p "$output"
tar -C "$staging" -czf "$output/$name.tar.gz" "$name"
(cd "$output" && sha256sum "$name.tar.gz" > "$name.tar.gz.sha256")

echo "package.sh: $output/$name.tar.gz ($(du -h "$output/$name.tar.gz" | cut -f1) compressed," \
    "executable $(du -h "$staging/$name/bulwark" | cut -f1) stripped, built in $((built - started)) s, linking $linking)"
echo "package.sh: shared libraries the executable needs:"
ldd "$staging/$name/bulwark" 2>&1 | sed 's/^/  /' || true
