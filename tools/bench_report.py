"""Benchmark: `python -m grader report` on a synthetic graded class of 1,000 students.

Writes a gradebook and verdict files for N students of 01_forward directly
(tools/synthetic_class.py; each test cell failed by a share of the class with
a feedback message of the grader's kind, 2 % not graded), then times the
report three ways: reading the gradebook and verdicts, drawing and writing the
page, and the whole command in a fresh process (start-up and nbgrader's
configuration included). Prints the median wall and CPU time of --repeat runs
of each, and the load average (the machine may be shared).

    python -m tools.bench_report [--students 1000] [--repeat 3]
"""

import argparse
import os
import pathlib
import random
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

from grader import course
from grader.instructor import report
from grader.nbgrader_bridge import classresults
from tools import synthetic_class
from tools.notebooks import ROOT, venv_environment

ASSIGNMENT = "01_forward"
PROBLEMS = [
    "RuntimeWarning (overflow or invalid value) on large negative inputs (down to -1e4); exp(-x) overflows",
    "wrong values on inputs exactly at 0 (the kink); compare your formula with the one above",
    "wrong dtype on float32 inputs; float32 input must give float32",
    "raised NotImplementedError on typical inputs",
]


def synthetic_verdicts(count, seed=2026):
    """{student: verdict}: each test cell failed by 5-40 % of the class, 2 % not graded."""
    rng = random.Random(seed)
    fail_rate = {cell.grade_id: rng.uniform(0.05, 0.4) for cell in course.test_cells(ASSIGNMENT)}
    verdicts = {}
    for index in range(count):
        student = f"student{index:04d}"
        if rng.random() < 0.02:
            verdicts[student] = {"digest": "x", "error": "the sandbox could not start", "environment": True}
            continue
        failures = {
            grade_id: f"{grade_id.removeprefix('test_')}: {rng.choice(PROBLEMS)}"
            for grade_id, rate in fail_rate.items()
            if rng.random() < rate
        }
        verdicts[student] = synthetic_class.grade_report(ASSIGNMENT, failures)
    return verdicts


def median_seconds(action, repeat):
    """Median wall time and median CPU time (this process and its children) of `repeat` runs of action()."""
    walls, cpus = [], []
    for _ in range(repeat):
        start, cpu = time.perf_counter(), _cpu_seconds()
        action()
        walls.append(time.perf_counter() - start)
        cpus.append(_cpu_seconds() - cpu)
    return statistics.median(walls), statistics.median(cpus)


def _cpu_seconds():
    own, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--students", type=int, default=1000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    root = pathlib.Path(tempfile.mkdtemp(prefix="bench-report-"))
    try:
        shutil.copy(ROOT / "nbgrader_config.py", root)
        shutil.copytree(ROOT / "solutions" / ASSIGNMENT, root / "solutions" / ASSIGNMENT)
        start = time.perf_counter()
        db_url = synthetic_class.write_class(root, ASSIGNMENT, synthetic_verdicts(args.students))
        print(f"synthetic gradebook of {args.students} students written in {time.perf_counter() - start:.1f} s")
        state = root / ".grader" / ASSIGNMENT
        load = lambda: classresults.load(db_url, synthetic_class.COURSE_ID, ASSIGNMENT, state)  # noqa: E731
        results = load()
        out = root / "reports" / ASSIGNMENT
        reading = median_seconds(load, args.repeat)
        writing = median_seconds(lambda: report.write_report(results, out, root / "_build" / "html"), args.repeat)
        command = [sys.executable, "-m", "grader", "report", ASSIGNMENT]
        whole = median_seconds(
            lambda: subprocess.run(command, cwd=root, env=venv_environment(), check=True, capture_output=True),
            args.repeat,
        )
        print(f"median of {args.repeat} runs, wall time (CPU time), load average {os.getloadavg()[0]:.1f}:")
        for label, (wall, cpu) in [
            ("read gradebook and verdicts", reading),
            ("draw and write the page", writing),
            ("python -m grader report (fresh process)", whole),
        ]:
            print(f"  {label:<40} {wall:6.2f} s ({cpu:.2f} s)")
    finally:
        shutil.rmtree(root)


if __name__ == "__main__":
    main()
