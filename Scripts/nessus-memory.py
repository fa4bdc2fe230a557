#!/usr/bin/env python3
"""Peak memory of `bulwark scan --nessus` against the size of the .nessus file: proof that the reader streams.

Generates Nessus v2 exports of the given sizes (hosts with mostly informational items carrying large plugin output,
as agent scans have, and a fixed number of vulnerabilities), scans each beside a one-resource template, and prints
the size, the peak resident set size of the bulwark process and the wall time. Peak RSS must stay flat as the file
grows: the file is never held whole, and only hosts, vulnerabilities and open ports are kept.

usage: nessus-memory.py [--check] BULWARK_BINARY [SIZE_MB ...]      (default sizes: 16 64 256)

With --check (Scripts/test.sh runs it with two sizes), exit 1 when the peak RSS at the largest size exceeds the peak at
the smallest by more than 48 MB: a part of the scan that holds the file whole fails it.

Measured by hand (debug build of bulwark, 2-core machine shared with other builds, Swift 6.3.1):
    size_mb  peak_rss_mb  seconds
    19       43.2         0.1
    132      43.1         0.2
    525      43.5         0.7
    1049     43.1         1.4
"""
import os
import resource
import subprocess
import sys
import tempfile
import time

TEMPLATE = """{"$schema": "https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#",
 "contentVersion": "1.0.0.0", "resources": []}"""
OUTPUT = "x" * 60_000  # plugin output of one informational item, far beyond the 2,000 characters kept


def write_export(path, size_bytes):
    """Writes a .nessus file of about size_bytes, streaming, with 40 hosts of one vulnerability each."""
    with open(path, "w") as out:
        out.write('<?xml version="1.0" ?>\n<NessusClientData_v2><Report name="memory">\n')
        written, host = 0, 0
        items_per_host = max(1, size_bytes // (40 * (len(OUTPUT) + 300)))
        while written < size_bytes:
            out.write(f'<ReportHost name="10.1.{host // 250}.{host % 250}"><HostProperties>'
                      f'<tag name="host-ip">10.1.{host // 250}.{host % 250}</tag></HostProperties>\n')
            out.write('<ReportItem port="443" svc_name="www" protocol="tcp" severity="4" pluginID="900" '
                      'pluginName="Remote code execution"><synopsis>s</synopsis>'
                      f'<plugin_output>{OUTPUT}</plugin_output></ReportItem>\n')
            for item in range(items_per_host):
                chunk = (f'<ReportItem port="{1024 + item % 60000}" svc_name="www" protocol="tcp" severity="0" '
                         f'pluginID="34220" pluginName="Netstat Portscanner"><plugin_output>{OUTPUT}</plugin_output>'
                         '</ReportItem>\n')
                out.write(chunk)
                written += len(chunk)
            out.write("</ReportHost>\n")
            host += 1
        out.write("</Report></NessusClientData_v2>\n")


def main():
    arguments = sys.argv[1:]
    check = "--check" in arguments
    arguments = [argument for argument in arguments if argument != "--check"]
    binary = arguments[0]
    sizes = sorted(int(size) for size in arguments[1:]) or [16, 64, 256]
    peaks = []
    with tempfile.TemporaryDirectory() as folder:
        template = os.path.join(folder, "empty.json")
        with open(template, "w") as out:
            out.write(TEMPLATE)
        print("size_mb\tpeak_rss_mb\tseconds\tfindings_exit")
        for size in sizes:
            export = os.path.join(folder, f"scan-{size}.nessus")
            write_export(export, size * 1024 * 1024)
            actual = os.path.getsize(export) / 1024 / 1024
            start = time.monotonic()
            run = subprocess.run([binary, "scan", template, "--nessus", export, "--format", "json", "--output", os.devnull,
                                  "--quiet"], capture_output=True, text=True)
            elapsed = time.monotonic() - start
            # The largest resident set of any child so far: sizes grow, so this is this run's peak or an earlier, lower one.
            peak_mb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
            peaks.append(peak_mb)
            print(f"{actual:.0f}\t{peak_mb:.1f}\t{elapsed:.1f}\t{run.returncode}", flush=True)
            os.remove(export)
            if run.returncode > 1:
                print(f"nessus-memory: the scan failed with exit code {run.returncode}: {run.stderr.strip()[:500]}")
                sys.exit(1)
    if check:
        growth = peaks[-1] - peaks[0]
        if growth > 48:
            print(f"nessus-memory: peak RSS grew by {growth:.1f} MB from {sizes[0]} MB to {sizes[-1]} MB: the file is held, not streamed")
            sys.exit(1)
        print(f"nessus-memory: streamed; peak RSS grew by {growth:.1f} MB from {sizes[0]} MB to {sizes[-1]} MB")


if __name__ == "__main__":
    main()
