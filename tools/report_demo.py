"""Grade a demonstration class and write its report; the figure of the book's "After grading" page comes from here.

Builds a scratch course with one 01_forward submission of each kind that
`tools.bench_batch` uses (perfect, blank, and every mistake of the test
corpus), grades it with `python -m grader autograde --jobs 2`, writes the
class report with `python -m grader report`, and copies the report's
pass-rate figure to book/instructors/report_pass_rates.svg (shown by
book/instructors/after_grading.md; rebuild the book to publish it).

    python -m tools.report_demo [--keep DIR]
"""

import argparse
import pathlib
import shutil
import subprocess
import sys
import tempfile

from tools.bench_batch import ASSIGNMENT, build_class
from tools.notebooks import ROOT, venv_environment

sys.path.insert(0, str(ROOT / "tests"))
import support  # noqa: E402  (the tests' submission builder)

FIGURE = ROOT / "book" / "instructors" / "report_pass_rates.svg"


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--keep", type=pathlib.Path, help="build the course in DIR (kept) instead of a temporary one")
    args = parser.parse_args()
    root = args.keep or pathlib.Path(tempfile.mkdtemp(prefix="report-demo-"))
    root.mkdir(parents=True, exist_ok=True)
    count = 2 + len(support.corpus("wrong", [ASSIGNMENT]))
    build_class(root, count)
    for command in (["autograde", ASSIGNMENT, "--jobs", "2", "--no-progress"], ["report", ASSIGNMENT]):
        done = subprocess.run(
            [sys.executable, "-m", "grader", *command], cwd=root, env=venv_environment(), capture_output=True, text=True
        )
        if done.returncode:
            sys.exit(f"python -m grader {' '.join(command)} failed:\n{done.stderr[-2000:]}")
        print(done.stdout.strip())
    FIGURE.parent.mkdir(exist_ok=True)
    shutil.copy(root / "reports" / ASSIGNMENT / "pass_rates.svg", FIGURE)
    print(f"{FIGURE.relative_to(ROOT)} written")
    if not args.keep:
        shutil.rmtree(root)


if __name__ == "__main__":
    main()
