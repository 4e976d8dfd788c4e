"""The instructor's commands after grading: `python -m grader report` and `python -m grader similar`.

Both run in the course root (the folder with nbgrader_config.py) and write
into `reports/<assignment>/` unless told `--out DIR`. Bad input (not the
course root, an unknown assignment, nothing graded yet) is one line on stderr
and exit status 2.
"""

import argparse
import contextlib
import pathlib
import sys
import time

from grader import course


class UsageError(Exception):
    """A one-line reason the command cannot run here."""


def run(args: argparse.Namespace) -> int:
    """Run `report` or `similar` as `args` (the command line's) say; the exit status."""
    root = pathlib.Path.cwd()
    out = pathlib.Path(args.out) if args.out else root / "reports" / args.assignment
    try:
        course.check_course_root(root, args.assignment, args.command)
        if args.command == "report":
            return _report(root, args.assignment, out)
        return _similar(root, args.assignment, out, args.threshold)
    except (UsageError, course.NotACourseRoot) as error:
        print(f"grader: {error}", file=sys.stderr)
        return 2


def _report(root, assignment, out):
    from grader.instructor import report
    from grader.nbgrader_bridge import classresults, gradebook

    started = time.perf_counter()
    with contextlib.chdir(root):  # nbgrader reads nbgrader_config.py from the working directory
        settings = gradebook.course_settings(root)
    if settings.db_url.startswith("sqlite:///") and not pathlib.Path(settings.db_url[len("sqlite:///") :]).exists():
        raise UsageError(f"no gradebook ({settings.db_url}): grade {assignment} first")
    try:
        results = classresults.load(settings.db_url, settings.course_id, assignment, root / ".grader" / assignment)
    except classresults.NoSuchAssignment as error:
        raise UsageError(str(error)) from None
    index = report.write_report(results, out, root / "_build" / "html")
    print(f"{index} ({len(results.students)} students, {time.perf_counter() - started:.1f} s)")
    return 0


def _similar(root, assignment, out, threshold):
    from grader.instructor import similar

    submissions = course.submitted_notebooks(root, assignment)
    if not submissions:
        raise UsageError(f"no submissions of {assignment} in submitted/")
    threshold = similar.THRESHOLD if threshold is None else threshold
    clusters, answers = similar.similar_clusters(submissions, assignment, threshold)
    page = similar.write_page(clusters, answers, assignment, threshold, out / "similar.html")
    for cluster in clusters:
        print(similar.describe(cluster))
    suspicious = sum(not cluster.expected for cluster in clusters)
    print(
        f"{suspicious} groups at or above {threshold:g}% among {len(submissions)} submissions (and "
        f"{len(clusters) - suspicious} of the reference's answer, expected); side by side: {page}"
    )
    return 0
