"""Command line: `python -m grader grade NOTEBOOK [--json]` (see exercise-contract.md)."""

import argparse
import json
import sys

from grader import course
from grader.grade import format_table, grade_notebook
from grader.sandbox import Limits


def main(argv=None):
    parser = argparse.ArgumentParser(prog="python -m grader", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)
    grade = commands.add_parser("grade", help="grade one notebook and print its score")
    grade.add_argument("notebook", help="path to a submitted .ipynb")
    grade.add_argument("--json", action="store_true", help="print the result as one JSON object")
    grade.add_argument("--call-timeout", type=float, default=Limits.call_seconds,
                       help="seconds one call of a student function may take (default %(default)s)")
    grade.add_argument("--notebook-timeout", type=float, default=Limits.notebook_seconds,
                       help="seconds the whole notebook may take (default %(default)s)")
    args = parser.parse_args(argv)
    limits = Limits(call_seconds=args.call_timeout, cell_seconds=args.call_timeout,
                    notebook_seconds=args.notebook_timeout)
    try:
        report = grade_notebook(args.notebook, limits)
    except course.NotACourseNotebook as error:
        print(f"grader: {error}", file=sys.stderr)
        return 2
    print(json.dumps(report) if args.json else format_table(report))
    return 0


if __name__ == "__main__":
    sys.exit(main())
