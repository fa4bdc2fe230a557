#!/usr/bin/env python3
"""Writes Sources/BicepCompiler/Resources/resource-types.txt: resource type names in the casing the Bicep compiler
writes them, one type a line followed by the API versions it has in that casing (`Type v1 v2 ...`).

The compiler writes a type in its Azure type library's casing when the library has that type at that API version,
and as written otherwise. Two sources, the library first:
1. Azure/bicep-types-az (the library itself): every `## Resource Type@version` heading of `generated/**/types.md`,
   read from a git directory (a mirror of the repository); skipped when none is given.
2. Every compiled template in the Bicep corpus (main.json, main.symbolicnames.json, the registry's main.json files,
   nested templates included): a literal `type` with a literal `apiVersion` adds `Type@version` when the library
   does not have that type and version; one the corpus shows in several casings (so not from a library) is left out.

Usage: Scripts/bicep-resource-types.py [CORPUS_BICEP_DIR [BICEP_TYPES_AZ_GIT_DIR]]
"""
import collections
import json
import os
import subprocess
import sys

here = os.path.dirname(os.path.abspath(__file__))
corpus = sys.argv[1] if len(sys.argv) > 1 else os.path.join(here, "..", "..", "shared", "corpus", "bicep")
types_az = sys.argv[2] if len(sys.argv) > 2 else None

library = {}  # (type lowercased, version) -> type
if types_az:
    listing = subprocess.run(["git", "--git-dir", types_az, "ls-tree", "-r", "HEAD", "generated"], capture_output=True,
                             text=True, check=True).stdout
    blobs = "\n".join(line.split()[2] for line in listing.splitlines() if line.endswith("/types.md")) + "\n"
    contents = subprocess.run(["git", "--git-dir", types_az, "cat-file", "--batch"], input=blobs.encode(),
                              capture_output=True, check=True).stdout.decode("utf-8", "replace")
    for line in contents.splitlines():
        if line.startswith("## Resource ") and "@" in line:
            name = line[len("## Resource "):].split()[0]
            kind, version = name.rsplit("@", 1)
            library.setdefault((kind.lower(), version), kind)

seen = collections.defaultdict(collections.Counter)


def walk(node):
    if isinstance(node, dict):
        resources = node.get("resources")
        items = resources.values() if isinstance(resources, dict) else resources if isinstance(resources, list) else []
        for resource in items:
            if isinstance(resource, dict):
                kind = resource.get("type")
                version = resource.get("apiVersion")
                if (isinstance(kind, str) and "/" in kind and not kind.startswith("[") and isinstance(version, str)
                        and not version.startswith("[") and not resource.get("existing")):
                    seen[(kind.lower(), version)][kind] += 1
        for value in node.values():
            walk(value)
    elif isinstance(node, list):
        for value in node:
            walk(value)


for folder, _, files in os.walk(corpus):
    for name in files:
        if name.endswith(".json") and name not in ("manifest.json", "bicepconfig.json") and "parameters" not in name:
            try:
                with open(os.path.join(folder, name), encoding="utf-8-sig") as handle:
                    walk(json.load(handle))
            except (ValueError, OSError):
                pass

table = dict(library)
from_corpus = 0
for key, counter in seen.items():
    if key not in table and len(counter) == 1:
        table[key] = next(iter(counter))
        from_corpus += 1

versions = collections.defaultdict(list)
for (_, version), kind in table.items():
    versions[kind].append(version)
target = os.path.join(here, "..", "Sources", "BicepCompiler", "Resources", "resource-types.txt")
with open(target, "w", encoding="utf-8") as out:
    out.write("# Resource types in the Bicep compiler's casing, each with its API versions; made by "
              "Scripts/bicep-resource-types.py.\n")
    for kind in sorted(versions, key=lambda k: (k.lower(), k)):
        out.write(kind + " " + " ".join(sorted(versions[kind])) + "\n")
print(f"{len(table)} type versions ({len(library)} from bicep-types-az, {from_corpus} from the corpus), "
      f"{len(versions)} lines, written to {os.path.normpath(target)}")
