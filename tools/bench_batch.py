"""Benchmark: stock `nbgrader autograde` against `python -m grader autograde` on one class.

Builds scratch courses with N synthetic 01_forward submissions (perfect,
blank and wrong ones from the test corpus, mixed), grades one copy with
stock nbgrader and two with our grader (`--jobs 1` and `--jobs N`), checks
that every student gets the same score from all three, and prints the wall
times, the ratios, the median seconds per submission of each stage and the
peak memory.

Our stages come from the verdict files (`.grader/<a>/<student>.json`,
"timings", see grader.timings); stock nbgrader is timed from outside: its
debug log lines are timestamped as they arrive, and a submission's stages
are the gaps between the lines that start them ("Creating/updating
student", "Applying preprocessor: Execute", the first "Executing cell:", the
next preprocessor).

    python -m tools.bench_batch [--submissions 100] [--jobs 2]
    python -m tools.bench_batch --submissions 20      # quick: about two minutes
"""

import argparse
import json
import os
import pathlib
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

from nbgrader.api import Gradebook

from tools.notebooks import ROOT, venv_environment

sys.path.insert(0, str(ROOT / "tests"))
import support  # noqa: E402  (the tests' submission builder)

ASSIGNMENT = "01_forward"


def build_class(root, count):
    """A scratch course with `count` submissions cycling through perfect, blank and corpus mistakes."""
    root.mkdir()
    shutil.copy(ROOT / "nbgrader_config.py", root)
    shutil.copytree(ROOT / "solutions" / ASSIGNMENT, root / "solutions" / ASSIGNMENT)
    perfect = support.filled_submission(ASSIGNMENT)
    variants = [perfect, support.released_notebook(ASSIGNMENT)]
    variants += [support.apply_corpus_file(perfect, entry) for entry in support.corpus("wrong", [ASSIGNMENT])]
    for index in range(count):
        student = f"student{index:03d}"
        support.write(
            variants[index % len(variants)], root / "submitted" / student / ASSIGNMENT / f"{ASSIGNMENT}.ipynb"
        )
    subprocess.run(
        ["nbgrader", "generate_assignment", ASSIGNMENT, "--force", "--log-level=ERROR"],
        cwd=root,
        env=venv_environment(),
        check=True,
        capture_output=True,
    )


def run(command, cwd):
    """Run to the end; (seconds, peak MiB of its largest process, (stderr lines with their arrival times, end))."""
    start = time.perf_counter()
    process = subprocess.Popen(
        command, cwd=cwd, env=venv_environment(), stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True
    )
    lines = [(time.perf_counter(), line) for line in process.stderr]
    end = time.perf_counter()
    _, status, usage = os.wait4(process.pid, 0)  # ru_maxrss of the child and all it waited for
    seconds = time.perf_counter() - start
    process.returncode = os.waitstatus_to_exitcode(status)
    if process.returncode:
        raise SystemExit(
            f"{' '.join(command)} failed ({process.returncode}):\n" + "".join(line for _, line in lines[-20:])
        )
    return seconds, usage.ru_maxrss / 1024, (lines, end)


def scores(root):
    with Gradebook(f"sqlite:///{root / 'gradebook.db'}") as gradebook:
        return {s.student_id: s.score for s in gradebook.find_assignment(ASSIGNMENT).submissions}


def our_stages(root):
    """Median seconds per submission of each stage, and the largest worker's peak MiB, from the verdict files."""
    verdicts = [json.loads(path.read_text()) for path in (root / ".grader" / ASSIGNMENT).glob("*.json")]
    stages = {}
    for verdict in verdicts:
        for stage, seconds in verdict.get("timings", {}).items():
            stages.setdefault(stage, []).append(seconds)
    stages["total"] = [sum(verdict["timings"].values()) for verdict in verdicts if "timings" in verdict]
    peak = max((verdict.get("worker_peak_mib", 0.0) for verdict in verdicts), default=0.0)
    return {stage: statistics.median(values) for stage, values in stages.items()}, peak


def stock_stages(lines, end):
    """Median seconds per submission of each stage, from nbgrader's debug log lines as they arrived."""
    starts = [i for i, (_, line) in enumerate(lines) if "Creating/updating student with ID" in line]
    stages = {}
    for first, last in zip(starts, starts[1:] + [len(lines)], strict=True):
        segment = lines[first:last]
        finish = lines[last][0] if last < len(lines) else end
        execute = _first(segment, "Applying preprocessor: Execute")
        cell = _first(segment, "Executing cell:", after=execute)
        done = _first(segment, "Applying preprocessor:", after=execute + 1 if execute is not None else None)
        if None in (execute, cell, done):
            continue
        kernel = segment[cell][0] - segment[execute][0]
        cells = segment[done][0] - segment[cell][0]
        total = finish - segment[0][0]
        for stage, seconds in (
            ("kernel start", kernel),
            ("notebook run (answer cells, in-kernel tests)", cells),
            ("bookkeeping (nbgrader's other steps)", total - kernel - cells),
            ("total", total),
        ):
            stages.setdefault(stage, []).append(seconds)
    return {stage: statistics.median(values) for stage, values in stages.items()}


def _first(lines, text, after=0):
    """Index of the first line from `after` on that contains `text` (None if none, or if after is None)."""
    if after is None:
        return None
    return next((i for i in range(after, len(lines)) if text in lines[i][1]), None)


def ours(root, jobs):
    return run([sys.executable, "-m", "grader", "autograde", ASSIGNMENT, "--jobs", str(jobs), "--no-progress"], root)


def print_stages(title, stages):
    print(f"  {title}, median seconds per submission:")
    for stage, seconds in stages.items():
        print(f"    {stage:<44} {seconds:7.3f}")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--submissions", type=int, default=100, help="class size (20 for a quick run)")
    parser.add_argument("--jobs", type=int, default=2, help="workers of the parallel run (also run with 1)")
    args = parser.parse_args()
    n = args.submissions
    with tempfile.TemporaryDirectory() as scratch:
        roots = {name: pathlib.Path(scratch, name) for name in ("stock", "serial", "parallel")}
        for root in roots.values():
            build_class(root, n)
        serial, serial_peak, _ = ours(roots["serial"], 1)
        parallel, parallel_peak, _ = ours(roots["parallel"], args.jobs)
        stock, stock_peak, stock_log = run(["nbgrader", "autograde", ASSIGNMENT, "--log-level=DEBUG"], roots["stock"])
        all_scores = {name: scores(root) for name, root in roots.items()}
        disagree = sorted(
            s
            for s in all_scores["stock"]
            if not all_scores["stock"][s] == all_scores["serial"].get(s) == all_scores["parallel"].get(s)
        )
        stages, worker_peak = our_stages(roots["parallel"])
        serial_stages, serial_worker_peak = our_stages(roots["serial"])
        print(f"{n} submissions of {ASSIGNMENT} (wall-clock; the machine's other load counts too)")
        print(f"stock nbgrader autograde:             {stock:8.1f} s  ({stock / n:.3f} s per submission)")
        print(f"python -m grader autograde --jobs 1:  {serial:8.1f} s  ({serial / n:.3f} s per submission)")
        print(
            f"python -m grader autograde --jobs {args.jobs}:  {parallel:8.1f} s  ({parallel / n:.3f} s per submission)"
        )
        print(f"speed-up over stock:                  {stock / parallel:8.1f} x  (--jobs 1: {stock / serial:.1f} x)")
        print(f"--jobs 1 / --jobs {args.jobs}:                   {serial / parallel:8.2f}")
        print("stages:")
        print_stages("stock nbgrader (from its log)", stock_stages(*stock_log))
        print_stages("ours, --jobs 1", serial_stages)
        print_stages(f"ours, --jobs {args.jobs} (each worker's own clock)", stages)
        print(
            f"peak memory: a worker of ours {max(worker_peak, serial_worker_peak):.0f} MiB; "
            f"largest process of our runs {max(serial_peak, parallel_peak):.0f} MiB; "
            f"of stock nbgrader's run {stock_peak:.0f} MiB"
        )
        print(f"scores agree: {not disagree}" + (f" (differ for {disagree[:5]})" if disagree else ""))
        if disagree:
            raise SystemExit(1)


if __name__ == "__main__":
    main()
