"""Benchmark: the median time to grade one notebook of each assignment.

Times `python -m grader grade NOTEBOOK --json` as an instructor runs it (a
fresh process each time: start-up, sandbox, suite) on the solution notebook
of every assignment, and prints the median of several runs.

    python -m tools.bench_grade [--runs N]
"""

import argparse
import json
import statistics
import subprocess
import sys
import time

from grader import course


def time_grade(path):
    """Seconds for one `python -m grader grade --json` run; fails loudly if the run fails."""
    start = time.perf_counter()
    result = subprocess.run([sys.executable, "-m", "grader", "grade", str(path), "--json"],
                            capture_output=True, text=True, check=True)
    elapsed = time.perf_counter() - start
    report = json.loads(result.stdout)
    if report["score"] != report["max_score"]:
        raise SystemExit(f"{path}: the solution did not get full marks: {report['score']}/{report['max_score']}")
    return elapsed


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    print(f"median of {args.runs} runs of `python -m grader grade NOTEBOOK --json` (solution notebooks)")
    for assignment in course.available_assignments():
        times = [time_grade(course.source_notebook_path(assignment)) for _ in range(args.runs)]
        print(f"{assignment:<24} {statistics.median(times):6.2f} s   (min {min(times):.2f}, max {max(times):.2f})")


if __name__ == "__main__":
    main()
