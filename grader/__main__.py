"""Command line: `python -m grader grade NOTEBOOK [--json]`, `python -m grader autograde ASSIGNMENT [--jobs N]
[--scheduler ADDRESS]`, `doctor`, `report`, `similar` and `serve`.

See docs/contract.md in the course repository: `grade` and `autograde` are part of the course's contract.
This module imports only what the command needs: `grade` answered by a warm grader (grader.pipeline.server) starts
in a few hundredths of a second, without NumPy.
"""

import argparse
import json
import os
import pathlib
import sys

from grader import course
from grader.judging.grade_report import GradeReport
from grader.pipeline import server
from grader.sandbox.limits import EnvironmentFault, Limits


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m grader", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)
    grade = commands.add_parser("grade", help="grade one notebook and print its score")
    grade.add_argument("notebook", help="path to a submitted .ipynb")
    grade.add_argument("--json", action="store_true", help="print the result as one JSON object")
    grade.add_argument(
        "--course",
        metavar="DIR",
        help="grade with this course (default: the one whose root holds "
        "the notebook, else the one the grader belongs to)",
    )
    grade.add_argument(
        "--no-server",
        action="store_true",
        help=f"grade in this process only: neither ask nor start a warm grader (or set {server.SWITCH}=off)",
    )
    add_limit_options(grade)
    batch = commands.add_parser("autograde", help="grade every submission of an assignment into the gradebook")
    batch.add_argument("assignment", help="assignment name, e.g. 01_forward")
    batch.add_argument(
        "--jobs",
        type=int,
        default=os.cpu_count() or 1,
        help="submissions graded at once (default: the number of CPUs, %(default)s)",
    )
    batch.add_argument("--no-progress", action="store_true", help="no progress bar")
    batch.add_argument(
        "--scheduler",
        metavar="ADDRESS",
        help="judge on the workers of this Dask cluster (e.g. tcp://10.0.0.5:8786); --jobs then "
        "sets the local processes that record the verdicts in the gradebook",
    )
    add_limit_options(batch)
    doctor = commands.add_parser("doctor", help="check what grading depends on here, one line each")
    add_limit_options(doctor)
    report = commands.add_parser("report", help="write the class report (HTML) of a graded assignment")
    report.add_argument("assignment", help="assignment name, e.g. 01_forward")
    report.add_argument("--out", help="folder for index.html and its figures (default reports/ASSIGNMENT)")
    similar = commands.add_parser("similar", help="group submissions whose long answers are unusually alike")
    similar.add_argument("assignment", help="assignment name, e.g. 04_dead_neurons")
    similar.add_argument("--out", help="folder for similar.html (default reports/ASSIGNMENT)")
    similar.add_argument("--threshold", type=float, help="similarity in %% from which a pair is flagged (default 90)")
    serve = commands.add_parser("serve", help="run the warm grader that answers `grade` (grade starts one itself)")
    serve.add_argument(
        "--idle",
        type=float,
        default=server.IDLE_SECONDS,
        help="seconds without a request after which it leaves (default %(default)s)",
    )
    serve.add_argument(
        "--warm",
        action="append",
        default=[],
        metavar="ASSIGNMENT",
        help="warm this assignment up before the first request (repeatable)",
    )
    serve.add_argument("--stop", action="store_true", help="stop this user's warm grader instead")
    serve.add_argument("--status", action="store_true", help="say whether this user's warm grader runs, and for what")
    serve.add_argument("--course", metavar="DIR", help="the course it grades with (default: the grader's own)")
    serve.add_argument("--lock-fd", type=int, help=argparse.SUPPRESS)  # the lock, from the `grade` that starts it
    add_limit_options(serve)
    args = parser.parse_args(argv)
    if args.command in ("report", "similar"):
        from grader.instructor import commands  # imports nbgrader and matplotlib: only these commands need them

        return commands.run(args)
    limits = Limits(
        call_seconds=args.call_timeout,
        cell_seconds=args.call_timeout,
        notebook_seconds=args.notebook_timeout,
        memory_bytes=args.memory_mb * 1024**2,
        processes=args.processes,
        isolate=not args.no_sandbox,
    )
    try:
        if args.command == "serve":
            return run_serve(args, limits)
        if args.command == "doctor":
            from grader import doctor as checks

            return checks.main(limits)
        if args.command == "autograde":
            return run_autograde(args, limits)
        return run_grade(args, limits)
    except (course.NotACourseNotebook, course.NotACourseRoot, server.RefusedFolder) as error:
        print(f"grader: {error}", file=sys.stderr)
        return 2
    except EnvironmentFault as fault:
        print(f"grader: refusing to grade: {fault}", file=sys.stderr)
        return 3


def run_grade(args: argparse.Namespace, limits: Limits) -> int:
    """Grade one notebook with its course: by the warm grader if one answers for it, else here (and start one)."""
    course.use(args.course or course.course_of(args.notebook) or course.own_course())
    if not course.available_assignments():
        print(
            f"grader: {course.COURSE_ROOT} is not a course (no solutions/ with source notebooks): name one with "
            f"--course DIR ({course.COURSE_ROOT_HOLDS})",
            file=sys.stderr,
        )
        return 2
    # Without the sandbox a submission could reach a long-lived grader of the user's: grade cold only.
    warm = not args.no_server and limits.isolate and server.enabled()
    report = server.grade(args.notebook, limits) if warm else None
    if report is None:
        from grader.pipeline.grade import grade_notebook

        report = grade_notebook(args.notebook, limits)
        options = [*limit_arguments(limits), "--course", str(course.COURSE_ROOT)]
        if warm and server.start_in_background(options, report["assignment"]) and sys.stderr.isatty():
            print(
                f"grader: a warm grader now runs in the background for the next `grade` (it leaves after "
                f"{server.IDLE_SECONDS / 60:g} idle minutes; --no-server or {server.SWITCH}=off: none)",
                file=sys.stderr,
            )
    report["course"] = str(course.COURSE_ROOT)  # which course graded it: the notebook's, or the one named
    print(json.dumps(report) if args.json else format_table(report))
    return 0


def run_serve(args: argparse.Namespace, limits: Limits) -> int:
    if args.course:
        course.use(args.course)
    if args.stop:
        pid = server.stop()
        print(f"grader: stopped the warm grader (pid {pid})" if pid else "grader: no warm grader was running")
        return 0
    if args.status:
        state = server.status()
        print(json.dumps(state) if state else "grader: no warm grader is running")
        return 0
    try:
        return server.serve(limits, args.idle, args.warm, args.lock_fd)
    except KeyboardInterrupt:
        return 130


def add_limit_options(parser: argparse.ArgumentParser) -> None:
    """The sandbox's limits, with Limits' defaults."""
    limits = parser.add_argument_group("limits for each submission")
    limits.add_argument(
        "--call-timeout",
        type=float,
        default=Limits.call_seconds,
        help="seconds one cell or one call of a student function may take (default %(default)s)",
    )
    limits.add_argument(
        "--notebook-timeout",
        type=float,
        default=Limits.notebook_seconds,
        help="seconds the whole notebook may take (default %(default)s)",
    )
    limits.add_argument(
        "--memory-mb",
        type=int,
        default=Limits.memory_bytes // 1024**2,
        help="address space of the submission's process, in MiB (default %(default)s)",
    )
    limits.add_argument(
        "--processes",
        type=int,
        default=Limits.processes,
        help="processes the submission may run at once (default %(default)s)",
    )
    limits.add_argument(
        "--no-sandbox",
        action="store_true",
        help="grade without bubblewrap's isolation, with resource limits only (not for "
        "untrusted submissions: they can read files and use the network)",
    )


def limit_arguments(limits: Limits) -> list[str]:
    """The options of add_limit_options that give these limits back (a warm grader started for them)."""
    return [
        "--call-timeout",
        repr(limits.call_seconds),
        "--notebook-timeout",
        repr(limits.notebook_seconds),
        "--memory-mb",
        str(limits.memory_bytes // 1024**2),
        "--processes",
        str(limits.processes),
        *(["--no-sandbox"] if not limits.isolate else []),
    ]


def run_autograde(args: argparse.Namespace, limits: Limits) -> int:
    from grader.pipeline import batch  # imports nbgrader and nbconvert (over a second): only the batch needs them

    root = pathlib.Path.cwd()
    course.check_course_root(root, args.assignment, "autograde")  # NotACourseRoot: exit status 2
    try:
        summary = batch.autograde(
            root,
            args.assignment,
            jobs=args.jobs,
            progress=not args.no_progress,
            limits=limits,
            scheduler=args.scheduler,
        )
    except KeyboardInterrupt:
        print("\ngrader: interrupted; what was graded is kept: run the same command again to finish", file=sys.stderr)
        return 130
    print(batch.format_summary(summary))
    # 1: someone's grade is not in the gradebook (the environment failed them, or recording did): run again
    return 1 if summary["not_graded_environment"] or summary["not_recorded"] else 0


def format_table(report: GradeReport) -> str:
    """A readable table of a grade report: one line per test, then the total (and the warning, if any)."""
    width = max([len(test["name"]) for test in report["tests"]] + [4])
    lines = [f"{report['assignment']} (course {report['course']})", f"{'test':<{width}}  points  message"]
    for test in report["tests"]:
        points = f"{test['points']:g}/{test['max_points']:g}"
        lines.append(f"{test['name']:<{width}}  {points:>6}  {test['message']}")
    lines.append(f"{'total':<{width}}  {report['score']:g}/{report['max_score']:g}")
    if report.get("warning"):
        lines.append(f"warning: {report['warning']}")
    return "\n".join(lines)


if __name__ == "__main__":
    sys.exit(main())
