#!/usr/bin/env python3
"""Peak memory of `bulwark scan --nessus` against the size of the .nessus file: proof that the reader streams.

Generates Nessus v2 exports of the given sizes (hosts with mostly informational items carrying large plugin output,
as agent scans have, and a fixed number of vulnerabilities), scans each beside a one-resource template, and prints
the size, the peak resident set size of the bulwark process and the wall time. Peak RSS must stay flat as the file
grows: the file is never held whole, and only hosts, vulnerabilities and open ports are kept.

usage: nessus-memory.py BULWARK_BINARY [SIZE_MB ...]      (default sizes: 16 64 256)

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
    binary = sys.argv[1]
    sizes = [int(size) for size in sys.argv[2:]] or [16, 64, 256]
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
            timed = subprocess.run(["/usr/bin/time", "-f", "%M", binary, "scan", template, "--nessus", export, "--format", "json",
                                    "--output", os.devnull, "--quiet"], capture_output=True, text=True)
            elapsed = time.monotonic() - start
            peak_kb = int(timed.stderr.strip().splitlines()[-1])
            print(f"{actual:.0f}\t{peak_kb / 1024:.1f}\t{elapsed:.1f}\t{timed.returncode}", flush=True)
            os.remove(export)


if __name__ == "__main__":
    main()
