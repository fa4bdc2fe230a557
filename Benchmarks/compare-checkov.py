#!/usr/bin/env python3
"""Times whole-process scans of one folder by Bulwark and by Checkov, side by side in the same run.

usage: compare-checkov.py [--framework arm|bicep] FOLDER RUNS CHECKOV_BINARY LABEL=BULWARK_BINARY...

Each command runs RUNS times, in turn, each time with a fresh empty HOME and working directory so no cache
survives between runs. Wall time is measured around the whole process. Prints the median, min and max for
each, and each Bulwark build's speed-up over Checkov (ratio of medians), as a Markdown table, with the CPU time
(user + system) of each, which other work on the machine disturbs less than wall time; then what each
tool could not read, from its own JSON output (Checkov's `parsing_errors`, Bulwark's input errors), since a tool
that skips a file it cannot parse does less work. `--framework` (default arm) is Checkov's framework; with
bicep, Bulwark's exit code 2 (some input did not compile, the rest was scanned) is accepted.
"""
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time


def timed(command, accepted):
    with tempfile.TemporaryDirectory() as home:
        environment = dict(os.environ, HOME=home, XDG_CACHE_HOME=os.path.join(home, ".cache"), NO_COLOR="1")
        start = time.perf_counter()
        with tempfile.TemporaryFile() as stdout, tempfile.TemporaryFile() as stderr:
            process = subprocess.Popen(command, cwd=home, env=environment, stdout=stdout, stderr=stderr)
            _, status, usage = os.wait4(process.pid, 0)
            elapsed = time.perf_counter() - start
            stdout.seek(0)
            stderr.seek(0)
            output, errors = stdout.read(), stderr.read()
    # Both tools exit 1 when checks fail; anything else means the run did not do its job.
    code = os.waitstatus_to_exitcode(status)
    if code not in accepted:
        raise SystemExit(f"{command[0]} exited {code}: {errors.decode()[-2000:]}")
    return elapsed, usage.ru_utime + usage.ru_stime, output


def unread(name, output):
    """What a tool's JSON report says it could not read."""
    try:
        report = json.loads(output)
    except json.JSONDecodeError:
        return "output is not JSON"
    if name.startswith("checkov"):
        reports = report if isinstance(report, list) else [report]
        summaries = [r.get("summary", {}) for r in reports if isinstance(r, dict)]
        parsing_errors = sum(s.get("parsing_errors", 0) for s in summaries)
        resources = sum(s.get("resource_count", 0) for s in summaries)
        return f"{parsing_errors} files it could not parse; {resources} resources"
    errors = report.get("errors", [])
    files = len({error["file"] for error in errors})
    return f"{len(errors)} input errors in {files} files; {report['summary']['files']} inputs, {report['summary']['resources']} resources"


def main():
    arguments = sys.argv[1:]
    framework = "arm"
    if arguments[:1] == ["--framework"] and len(arguments) > 1:
        framework, arguments = arguments[1], arguments[2:]
    if len(arguments) < 4:
        raise SystemExit(__doc__)
    folder, runs, checkov = os.path.abspath(arguments[0]), int(arguments[1]), os.path.abspath(arguments[2])
    commands = {"checkov " + subprocess.run([checkov, "--version"], capture_output=True, text=True).stdout.strip():
                [checkov, "-d", folder, "--framework", framework, "--output", "json", "--skip-download"]}
    for argument in arguments[3:]:
        label, binary = argument.split("=", 1)
        commands[label] = [os.path.abspath(binary), "scan", folder, "--format", "json"]
    accepted = (0, 1, 2) if framework == "bicep" else (0, 1)
    times = {name: [] for name in commands}
    cpu = {name: [] for name in commands}
    outputs = {}
    for _ in range(runs):
        for name, command in commands.items():
            elapsed, used, output = timed(command, (0, 1) if name.startswith("checkov") else accepted)
            times[name].append(elapsed)
            cpu[name].append(used)
            outputs[name] = output
    checkov_median = statistics.median(next(iter(times.values())))
    checkov_cpu = statistics.median(next(iter(cpu.values())))
    # CPU time (user + system, all threads) moves less than wall time when other work shares the machine.
    print("| command | median | min | max | runs | Checkov ÷ this | CPU time (median) | Checkov ÷ this, CPU |")
    print("|---|---|---|---|---|---|---|---|")
    for name, values in times.items():
        median = statistics.median(values)
        used = statistics.median(cpu[name])
        print(f"| {name} | {median * 1000:.1f} ms | {min(values) * 1000:.1f} ms | {max(values) * 1000:.1f} ms | {runs} "
              f"| {checkov_median / median:.0f}x | {used * 1000:.1f} ms | {checkov_cpu / used:.0f}x |")
    print()
    for name, output in outputs.items():
        print(f"- {name}: {unread(name, output)}")


if __name__ == "__main__":
    main()
