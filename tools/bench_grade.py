"""Benchmark: the median time to grade one notebook of each assignment, cold and warm.

Times `python -m grader grade NOTEBOOK --json` as an instructor runs it (a
fresh process each time) on the solution notebook of every assignment:

- cold: `--no-server`, the process does everything itself (start-up,
  imports, sandbox, suite, reference);
- warm: a warm grader (grader.pipeline.server) answers, as it does for every `grade`
  after the first; the benchmark checks that it answered each of them.

    python -m tools.bench_grade [--runs N]
"""

import argparse
import json
import os
import statistics
import subprocess
import sys
import time

from grader import course
from grader.pipeline import server

READY_SECONDS = 120


def time_grade(path, *extra):
    """Seconds for one `python -m grader grade --json` run; fails loudly if the run fails."""
    start = time.perf_counter()
    result = subprocess.run(
        [sys.executable, "-m", "grader", "grade", str(path), "--json", *extra],
        capture_output=True,
        text=True,
        check=True,
        env={**os.environ, server.SWITCH: "on"},
    )
    elapsed = time.perf_counter() - start
    report = json.loads(result.stdout)
    if report["score"] != report["max_score"]:
        raise SystemExit(f"{path}: the solution did not get full marks: {report['score']}/{report['max_score']}")
    return elapsed


def warm_times(path, runs):
    """The seconds of `runs` gradings answered by a warm grader (started by a first, cold one)."""
    server.stop()
    time_grade(path)
    deadline = time.monotonic() + READY_SECONDS
    while not (server.status() or {}).get("key"):
        if time.monotonic() > deadline:
            raise SystemExit("no warm grader started: see /tmp/activation-grader-<uid>/<slot>/server.log")
        time.sleep(0.1)
    times = [time_grade(path) for _ in range(runs)]
    served = server.status()["served"]
    server.stop()
    if served != runs:
        raise SystemExit(f"the warm grader answered {served} of {runs} runs")
    return times


def describe(times):
    return f"{statistics.median(times):6.2f} s (min {min(times):.2f}, max {max(times):.2f})"


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    print(
        f"median of {args.runs} runs of `python -m grader grade NOTEBOOK --json` (solution notebooks, "
        "a fresh process each)"
    )
    print(f"{'assignment':<24} {'cold (--no-server)':<30} warm (a warm grader answers)")
    for assignment in course.available_assignments():
        path = course.source_notebook_path(assignment)
        cold = [time_grade(path, "--no-server") for _ in range(args.runs)]
        print(f"{assignment:<24} {describe(cold):<30} {describe(warm_times(path, args.runs))}", flush=True)


if __name__ == "__main__":
    main()
