#!/usr/bin/env python3
"""Runs one command RUNS times (after a warm-up run) and prints the median, min and max wall time.

usage: time-command.py RUNS COMMAND [ARGUMENT...]
"""
import statistics
import subprocess
import sys
import time


def main():
    if len(sys.argv) < 3:
        raise SystemExit(__doc__)
    runs, command = int(sys.argv[1]), sys.argv[2:]
    subprocess.run(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        completed = subprocess.run(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        times.append(time.perf_counter() - start)
        if completed.returncode not in (0, 1):
            raise SystemExit(f"{command[0]} exited {completed.returncode}")
    print(f"median {statistics.median(times) * 1000:.1f} ms, min {min(times) * 1000:.1f} ms, max {max(times) * 1000:.1f} ms over {runs} runs")


if __name__ == "__main__":
    main()
