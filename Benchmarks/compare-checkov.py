#!/usr/bin/env python3
"""Times whole-process scans of one folder by Bulwark and by Checkov, side by side in the same run.

usage: compare-checkov.py FOLDER RUNS CHECKOV_BINARY LABEL=BULWARK_BINARY...

Each command runs RUNS times, in turn, each time with a fresh empty HOME and working directory so no cache
survives between runs. Wall time is measured around the whole process. Prints the median, min and max for
each, and each Bulwark build's speed-up over Checkov (ratio of medians), as a Markdown table.
"""
import os
import statistics
import subprocess
import sys
import tempfile
import time


def timed(command):
    with tempfile.TemporaryDirectory() as home:
        environment = dict(os.environ, HOME=home, XDG_CACHE_HOME=os.path.join(home, ".cache"), NO_COLOR="1")
        start = time.perf_counter()
        completed = subprocess.run(command, cwd=home, env=environment, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        elapsed = time.perf_counter() - start
    # Both tools exit 1 when checks fail; anything else means the run did not do its job.
    if completed.returncode not in (0, 1):
        raise SystemExit(f"{command[0]} exited {completed.returncode}: {completed.stderr.decode()[-2000:]}")
    return elapsed


def main():
    if len(sys.argv) < 5:
        raise SystemExit(__doc__)
    folder, runs, checkov = os.path.abspath(sys.argv[1]), int(sys.argv[2]), os.path.abspath(sys.argv[3])
    commands = {"checkov " + subprocess.run([checkov, "--version"], capture_output=True, text=True).stdout.strip():
                [checkov, "-d", folder, "--framework", "arm", "--output", "json", "--skip-download"]}
    for argument in sys.argv[4:]:
        label, binary = argument.split("=", 1)
        commands[label] = [os.path.abspath(binary), "scan", folder, "--format", "json"]
    times = {name: [] for name in commands}
    for _ in range(runs):
        for name, command in commands.items():
            times[name].append(timed(command))
    checkov_median = statistics.median(next(iter(times.values())))
    print("| command | median | min | max | runs | Checkov ÷ this |")
    print("|---|---|---|---|---|---|")
    for name, values in times.items():
        median = statistics.median(values)
        print(f"| {name} | {median * 1000:.1f} ms | {min(values) * 1000:.1f} ms | {max(values) * 1000:.1f} ms | {runs} | {checkov_median / median:.0f}x |")


if __name__ == "__main__":
    main()
