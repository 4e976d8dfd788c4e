"""Command line: `python -m grader grade NOTEBOOK [--json]`, `python -m grader autograde ASSIGNMENT [--jobs N]
[--scheduler ADDRESS]`, `doctor`, `report` and `similar`.

See docs/contract.md in the course repository: both are part of the course's contract.
"""

import argparse
import json
import os
import pathlib
import sys

from grader import course
from grader.grade import format_table, grade_notebook
from grader.sandbox import EnvironmentFault, Limits


def main(argv=None):
    parser = argparse.ArgumentParser(prog="python -m grader", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)
    grade = commands.add_parser("grade", help="grade one notebook and print its score")
    grade.add_argument("notebook", help="path to a submitted .ipynb")
    grade.add_argument("--json", action="store_true", help="print the result as one JSON object")
    add_limit_options(grade)
    batch = commands.add_parser("autograde", help="grade every submission of an assignment into the gradebook")
    batch.add_argument("assignment", help="assignment name, e.g. 01_forward")
    batch.add_argument("--jobs", type=int, default=os.cpu_count() or 1,
                       help="submissions graded at once (default: the number of CPUs, %(default)s)")
    batch.add_argument("--no-progress", action="store_true", help="no progress bar")
    batch.add_argument("--scheduler", metavar="ADDRESS",
                       help="judge on the workers of this Dask cluster (e.g. tcp://10.0.0.5:8786); --jobs then "
                            "sets the local processes that record the verdicts in the gradebook")
    add_limit_options(batch)
    doctor = commands.add_parser("doctor", help="check what grading depends on here, one line each")
    add_limit_options(doctor)
    report = commands.add_parser("report", help="write the class report (HTML) of a graded assignment")
    report.add_argument("assignment", help="assignment name, e.g. 01_forward")
    report.add_argument("--out", help="folder for index.html and its figures (default reports/ASSIGNMENT)")
    similar = commands.add_parser("similar", help="list pairs of submissions whose long answers are unusually alike")
    similar.add_argument("assignment", help="assignment name, e.g. 04_dead_neurons")
    similar.add_argument("--out", help="folder for similar.html (default reports/ASSIGNMENT)")
    similar.add_argument("--threshold", type=float, help="similarity in %% from which a pair is flagged (default 90)")
    args = parser.parse_args(argv)
    if args.command in ("report", "similar"):
        from grader import instructor  # imports nbgrader and matplotlib: only these commands need them

        return instructor.run(args)
    limits = Limits(call_seconds=args.call_timeout, cell_seconds=args.call_timeout,
                    notebook_seconds=args.notebook_timeout, memory_bytes=args.memory_mb * 1024**2,
                    processes=args.processes, isolate=not args.no_sandbox)
    try:
        if args.command == "doctor":
            from grader import doctor as checks

            return checks.main(limits)
        if args.command == "autograde":
            return run_autograde(args, limits)
        if not course.available_assignments():
            print(f"grader: no course found in {course.COURSE_ROOT} or the working directory: run it in the course "
                  "root (the folder with nbgrader_config.py and solutions/)", file=sys.stderr)
            return 2
        report = grade_notebook(args.notebook, limits)
    except course.NotACourseNotebook as error:
        print(f"grader: {error}", file=sys.stderr)
        return 2
    except EnvironmentFault as fault:
        print(f"grader: refusing to grade: {fault}", file=sys.stderr)
        return 3
    print(json.dumps(report) if args.json else format_table(report))
    return 0


def add_limit_options(parser):
    """The sandbox's limits, with Limits' defaults."""
    limits = parser.add_argument_group("limits for each submission")
    limits.add_argument("--call-timeout", type=float, default=Limits.call_seconds,
                        help="seconds one cell or one call of a student function may take (default %(default)s)")
    limits.add_argument("--notebook-timeout", type=float, default=Limits.notebook_seconds,
                        help="seconds the whole notebook may take (default %(default)s)")
    limits.add_argument("--memory-mb", type=int, default=Limits.memory_bytes // 1024**2,
                        help="address space of the submission's process, in MiB (default %(default)s)")
    limits.add_argument("--processes", type=int, default=Limits.processes,
                        help="processes the submission may run at once (default %(default)s)")
    limits.add_argument("--no-sandbox", action="store_true",
                        help="grade without bubblewrap's isolation, with resource limits only (not for "
                             "untrusted submissions: they can read files and use the network)")


def run_autograde(args, limits):
    from grader import batch  # imports nbgrader and nbconvert (over a second): only the batch needs them

    root = pathlib.Path.cwd()
    if not (root / "nbgrader_config.py").exists():
        print("grader: run autograde in the course root (the folder with nbgrader_config.py)", file=sys.stderr)
        return 2
    if not (root / "solutions" / args.assignment).is_dir():
        print(f"grader: no assignment {args.assignment!r} in solutions/", file=sys.stderr)
        return 2
    try:
        summary = batch.autograde(root, args.assignment, jobs=args.jobs, progress=not args.no_progress,
                                  limits=limits, scheduler=args.scheduler)
    except KeyboardInterrupt:
        print("\ngrader: interrupted; what was graded is kept: run the same command again to finish",
              file=sys.stderr)
        return 130
    print(batch.format_summary(summary))
    return 1 if summary["not_graded_environment"] else 0  # 1: run again once the environment is fixed


if __name__ == "__main__":
    sys.exit(main())
