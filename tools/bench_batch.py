"""Benchmark: stock `nbgrader autograde` against `python -m grader autograde --jobs N` on one class.

Builds a scratch course with N synthetic 01_forward submissions (perfect,
blank and wrong ones from the test corpus, mixed), grades one copy with
stock nbgrader and another with our grader, checks that every student gets
the same score from both, and prints both wall times, their ratio, the time
per submission and the peak memory of the largest process.

    python -m tools.bench_batch [--submissions 100] [--jobs 2]
"""

import argparse
import pathlib
import resource
import shutil
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
    shutil.copy(ROOT / "nbgrader_config.py", root)
    shutil.copytree(ROOT / "solutions" / ASSIGNMENT, root / "solutions" / ASSIGNMENT)
    perfect = support.filled_submission(ASSIGNMENT)
    variants = [perfect, support.released_notebook(ASSIGNMENT)]
    variants += [support.apply_corpus_file(perfect, entry) for entry in support.corpus("wrong", [ASSIGNMENT])]
    for index in range(count):
        student = f"student{index:03d}"
        support.write(variants[index % len(variants)], root / "submitted" / student / ASSIGNMENT / f"{ASSIGNMENT}.ipynb")
    subprocess.run(["nbgrader", "generate_assignment", ASSIGNMENT, "--force", "--log-level=ERROR"], cwd=root,
                   env=venv_environment(), check=True, capture_output=True)


def timed(command, cwd):
    start = time.perf_counter()
    subprocess.run(command, cwd=cwd, env=venv_environment(), check=True, capture_output=True)
    return time.perf_counter() - start


def scores(root):
    with Gradebook(f"sqlite:///{root / 'gradebook.db'}") as gradebook:
        return {s.student_id: s.score for s in gradebook.find_assignment(ASSIGNMENT).submissions}


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--submissions", type=int, default=100)
    parser.add_argument("--jobs", type=int, default=2)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as scratch:
        stock_root, ours_root = pathlib.Path(scratch, "stock"), pathlib.Path(scratch, "ours")
        for root in (stock_root, ours_root):
            root.mkdir()
            build_class(root, args.submissions)
        ours = timed([sys.executable, "-m", "grader", "autograde", ASSIGNMENT, "--jobs", str(args.jobs),
                      "--no-progress"], ours_root)
        ours_memory = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
        stock = timed(["nbgrader", "autograde", ASSIGNMENT, "--log-level=ERROR"], stock_root)
        all_memory = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
        stock_scores, our_scores = scores(stock_root), scores(ours_root)
        disagree = sorted(s for s in stock_scores if stock_scores[s] != our_scores.get(s))
        print(f"{args.submissions} submissions of {ASSIGNMENT}, {args.jobs} jobs")
        print(f"stock nbgrader autograde:        {stock:8.1f} s  ({stock / args.submissions:.2f} s per submission)")
        print(f"python -m grader autograde:      {ours:8.1f} s  ({ours / args.submissions:.2f} s per submission)")
        print(f"speed-up:                        {stock / ours:8.1f} x")
        print(f"peak memory of the largest process: ours {ours_memory:.0f} MiB, over both runs {all_memory:.0f} MiB")
        print(f"scores agree: {not disagree}" + (f" (differ for {disagree[:5]})" if disagree else ""))
        if disagree:
            raise SystemExit(1)


if __name__ == "__main__":
    main()
