#!/usr/bin/env python3
"""Runs one command RUNS times (after a warm-up run) and prints the median, min and max wall time.

usage: time-command.py [--allow-failure] RUNS COMMAND [ARGUMENT...]

An exit code other than 0 or 1 stops the benchmark, unless --allow-failure is given: then the times are printed
with the exit code and the command's first error line, so a time is never mistaken for a successful run.
"""
import json
import statistics
import subprocess
import sys
import time


def main():
    arguments = sys.argv[1:]
    allow_failure = arguments[:1] == ["--allow-failure"]
    if allow_failure:
        arguments = arguments[1:]
    if len(arguments) < 2:
        raise SystemExit(__doc__)
    runs, command = int(arguments[0]), arguments[1:]
    subprocess.run(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    times = []
    failure = None
    for _ in range(runs):
        start = time.perf_counter()
        completed = subprocess.run(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        times.append(time.perf_counter() - start)
        if completed.returncode not in (0, 1):
            failure = failure or (completed.returncode, first_error(completed))
            if not allow_failure:
                raise SystemExit(f"{command[0]} exited {completed.returncode}: {failure[1]}")
    summary = f"median {statistics.median(times) * 1000:.1f} ms, min {min(times) * 1000:.1f} ms, max {max(times) * 1000:.1f} ms over {runs} runs"
    if failure:
        summary += f"; FAILED with exit code {failure[0]}: {failure[1]}"
    print(summary)


def first_error(completed):
    """What went wrong: the first entry of a Bulwark JSON report's "errors", else the first error line printed."""
    try:
        error = json.loads(completed.stdout)["errors"][0]
        return f"{error['file']}:{error['line']}:{error['column']}: {error['message']}"[:300]
    except (ValueError, KeyError, IndexError, TypeError):
        pass
    for line in (completed.stderr + completed.stdout).splitlines():
        if "error" in line.lower():
            return line.strip()[:300]
    return "(no error text)"


if __name__ == "__main__":
    main()
