"""Put the grader's verdicts into nbgrader's gradebook and autograded notebooks.

nbgrader's own `Autograde` converter does the bookkeeping (the student and
submission rows, the timestamp and late penalty, `autograded/<student>/<a>/`,
the source versions of locked cells); only its `Execute` step is replaced by
`InjectJudgement`, which writes the judge's result into each test cell's
output (an error for a failed cell, as if it had raised) instead of running
the student's code in a kernel. `nbgrader generate_feedback` and `nbgrader
export` then work unchanged, and the feedback shows our messages, with the
hidden tests removed from the test cells.

`record` configures nbgrader's app once per process, and has nbgrader share
between students what it would rebuild for each (grader.nbgrader_bridge.warm_nbgrader).
"""

import contextlib
import functools
import json
import logging
import os
import re
import sysconfig
import textwrap
import warnings
from collections.abc import Callable, Iterator
from typing import Any

from nbconvert.preprocessors import ClearMetadataPreprocessor
from nbformat import NotebookNode
from nbformat.v4 import new_output
from nbgrader import utils
from nbgrader.api import Gradebook, MissingEntry
from nbgrader.apps import AutogradeApp, GenerateAssignmentApp
from nbgrader.converters import Autograde
from nbgrader.coursedir import CourseDirectory
from nbgrader.nbgraderformat import MetadataValidator, ValidationError
from nbgrader.preprocessors import (
    AssignLatePenalties,
    CheckCellMetadata,
    IgnorePattern,
    LimitOutput,
    NbGraderPreprocessor,
    SaveAutoGrades,
)
from sqlalchemy.exc import OperationalError, SAWarning
from traitlets import Unicode
from traitlets.config import Config

from grader.judging.grade_report import CellReport, GradeReport
from grader.nbgrader_bridge import (
    warm_nbgrader,  # first: it keeps jsonschema from importing what nbgrader does not need
)

# nbgrader stamps a new gradebook by running its `alembic` command by name (nbgrader.api.get_alembic_version):
# it must be this environment's, whatever PATH says (`.venv/bin/python -m grader ...` without activating .venv).
os.environ["PATH"] = os.pathsep.join([sysconfig.get_path("scripts"), os.environ.get("PATH", os.defpath)])


class GradebookBusy(Exception):
    """Another writer holds the gradebook (SQLite's lock): try again shortly."""


LOCKED = "database is locked"  # what SQLite says while another connection writes the gradebook


@contextlib.contextmanager
def _busy_when_locked(cause: Callable[[], str] = lambda: "") -> Iterator[None]:
    """Run the block with SQLite's "database is locked" turned into GradebookBusy (the caller retries): raised as
    an OperationalError, or said by `cause()` (what an nbgrader app logged before it exited)."""
    try:
        yield
    except OperationalError as error:
        if LOCKED in str(error):
            raise GradebookBusy() from error
        raise
    except SystemExit:
        if LOCKED in cause():
            raise GradebookBusy() from None
        raise


HIDDEN_TESTS = re.compile(r"^[ \t]*### BEGIN HIDDEN TESTS.*?### END HIDDEN TESTS[ \t]*\n?", re.S | re.M)


class InjectJudgement(NbGraderPreprocessor):
    """Stands in for nbgrader's Execute: each test cell's output is the judge's verdict."""

    report_path = Unicode("", help="JSON report of `python -m grader grade` for this notebook").tag(config=True)

    def preprocess(self, nb: NotebookNode, resources: dict[str, Any]) -> tuple[NotebookNode, dict[str, Any]]:
        results = {test["name"]: test for test in _tests(self.report_path)}
        for cell in nb.cells:
            if cell.cell_type == "code" and utils.is_grade(cell) and not utils.is_solution(cell):
                cell.source = HIDDEN_TESTS.sub("", cell.source).rstrip() + "\n"
                result = results.get(cell.metadata.nbgrader["grade_id"])
                cell.outputs = _verdict(result)
        return nb, resources


class DropForgedMetadata(NbGraderPreprocessor):
    """Runs first among nbgrader's sanitizing steps: a cell whose nbgrader metadata the submission broke loses it.

    A student can edit any cell's metadata: a grade id renamed, one cell's id
    given to another, points that are not a number. nbgrader's own checks then
    refuse the whole notebook, on every run, although the grade comes from the
    source notebook (grader.judging.judge) whatever the metadata says. So a cell whose
    grade id the source notebook lacks, repeats an earlier cell's, or whose
    metadata does not validate becomes a plain cell; nbgrader then restores the
    missing grade cells from the gradebook, as for a deleted cell.
    """

    def preprocess(self, nb: NotebookNode, resources: dict[str, Any]) -> tuple[NotebookNode, dict[str, Any]]:
        info = resources["nbgrader"]
        with Gradebook(info["db_url"]) as gradebook:
            known = {cell.name for cell in gradebook.find_notebook(info["notebook"], info["assignment"]).source_cells}
        seen = set()
        for cell in nb.cells:
            meta = cell.get("metadata", {}).get("nbgrader")
            if meta is None:
                continue
            grade_id = meta.get("grade_id") if isinstance(meta, dict) else None
            if grade_id not in known or grade_id in seen or not _valid(cell):
                del cell.metadata["nbgrader"]
            else:
                seen.add(grade_id)
        return nb, resources


def _valid(cell):
    try:
        MetadataValidator().validate_cell(cell)
        return True
    except (ValidationError, KeyError, TypeError, ValueError):
        return False


def _verdict(result: CellReport | None) -> list[NotebookNode]:
    """A test cell's outputs as stock nbgrader would leave them: nothing failed, an error (0 points), or the
    failures printed and the partial score as the cell's result (nbgrader's partial credit)."""
    if result is not None and result["points"] >= result["max_points"]:
        return [new_output("stream", name="stdout", text="All hidden tests passed.\n")]
    message = result["message"] if result else "this test cell was not graded"
    lines = ["Hidden tests failed:"]
    for problem in message.split(". "):  # judge.summarise joins distinct problems with ". "
        lines += textwrap.wrap(problem, width=88, initial_indent="  - ", subsequent_indent="    ")
    if result is not None and result["points"] > 0:
        return [
            new_output("stream", name="stdout", text="\n".join(lines) + "\n"),
            new_output("execute_result", data={"text/plain": repr(result["points"])}, execution_count=None),
        ]
    return [new_output("error", ename="HiddenTestsFailed", evalue=message, traceback=["\n".join(lines)])]


def _tests(report_path: str | os.PathLike[str]) -> list[CellReport]:
    """The tests of the grade report saved at `report_path`."""
    with open(report_path) as file:
        report: GradeReport = json.load(file)
    return report["tests"]


def _run(app_class, config, *args):
    """Run an nbgrader app in this process; GradebookBusy if SQLite was locked, RuntimeError if it failed."""
    app = app_class(config=config)
    app.initialize(["--log-level=ERROR", *args])
    _start(app)
    return app


def _start(app):
    errors = _ErrorLines()
    app.log.addHandler(errors)
    try:
        with _busy_when_locked(lambda: errors.cause):
            app.start()
    except SystemExit as error:  # nbgrader apps exit(1) when a conversion fails, after logging why
        raise RuntimeError(f"{type(app).name} failed (exit status {error.code}): {errors.cause}") from None
    finally:
        app.log.removeHandler(errors)


class _ErrorLines(logging.Handler):
    """Keeps the exception line of the last traceback an nbgrader app logs: the cause, in one line."""

    def __init__(self):
        super().__init__(logging.ERROR)
        self.cause = "see nbgrader's messages above"

    def emit(self, record):
        lines = record.getMessage().splitlines()
        starts = [number for number, line in enumerate(lines) if line.startswith("Traceback")]
        if starts:
            after = [line for line in lines[starts[-1] + 1 :] if line and not line.startswith(" ")]
            if after:
                self.cause = after[0][:300]


def course_settings(course_root: str | os.PathLike[str]) -> CourseDirectory:
    """nbgrader's CourseDirectory as nbgrader_config.py sets it (db_url, course_id...); run in the course root."""
    config = Config()
    config.CourseDirectory.root = str(course_root)
    app = AutogradeApp(config=config)
    app.initialize(["--log-level=ERROR"])
    return app.coursedir


def add_assignment(course_root: str | os.PathLike[str], assignment: str) -> None:
    """Register an assignment and its cells in the gradebook, as `nbgrader generate_assignment` does."""
    config = Config()
    config.CourseDirectory.root = str(course_root)
    config.BaseConverter.force = True
    _run(GenerateAssignmentApp, config, assignment)


def record(
    course_root: str | os.PathLike[str], assignment: str, student: str, report_path: str | os.PathLike[str]
) -> None:
    """Run nbgrader's autograde bookkeeping for one student with the verdicts in report_path."""
    app = _autograde_app(str(course_root), assignment)
    app.coursedir.student_id = student
    app.config.InjectJudgement.report_path = str(report_path)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", SAWarning)  # nbgrader's autoflush notices: dozens a student, on stderr
        _start(app)
    points = {test["name"]: test["points"] for test in _tests(report_path)}
    with _busy_when_locked():
        _set_scores(app.coursedir.db_url, app.coursedir.course_id, assignment, student, points=points)


@functools.cache
def _autograde_app(course_root, assignment):
    """nbgrader's AutogradeApp with InjectJudgement for Execute, configured once per process: each start
    builds a fresh Autograde converter (and its preprocessors) for the student then set in it."""
    config = Config()
    config.CourseDirectory.root = course_root
    config.CourseDirectory.assignment_id = assignment
    config.BaseConverter.force = True
    config.Autograde.sanitize_preprocessors = [DropForgedMetadata, *Autograde.sanitize_preprocessors.default()]
    config.Autograde.autograde_preprocessors = [
        InjectJudgement,
        IgnorePattern,
        ClearMetadataPreprocessor,
        LimitOutput,
        SaveAutoGrades,
        AssignLatePenalties,
        CheckCellMetadata,
    ]
    app = AutogradeApp(config=config)
    app.initialize(["--log-level=ERROR"])
    warm_nbgrader.install()
    return app


def record_ungradable(db_url: str, course_id: str, assignment: str, student: str) -> None:
    """Give every grade of a submission nbgrader could not read 0 points (as it does for a missing notebook)."""
    with _busy_when_locked():
        _set_scores(db_url, course_id, assignment, student, points={}, others=0)


def _set_scores(
    db_url: str, course_id: str, assignment: str, student: str, *, points: dict[str, float], others: float | None = None
) -> None:
    """Each grade of the submission that the judge scored gets the judge's points for its cell; the others
    (a written answer an instructor grades by hand) keep theirs, or all get `others` (0: not gradable).

    nbgrader's bookkeeping scores a notebook from the test cells it finds in
    it; a submission whose cells were deleted, retyped or stripped of their
    metadata can make that differ from the judge's verdict, which alone counts.
    """
    with Gradebook(db_url, course_id) as gradebook, warnings.catch_warnings():
        warnings.simplefilter("ignore", SAWarning)  # nbgrader's own autoflush notice for a new submission
        gradebook.update_or_create_student(student)
        submission = gradebook.update_or_create_submission(assignment, student)
        for notebook in submission.notebooks:
            for grade in notebook.grades:
                if grade.name in points or others is not None:
                    grade.auto_score = points.get(grade.name, others)
                    grade.needs_manual_grade = False
        gradebook.db.commit()


def assignment_in_gradebook(db_url: str, course_id: str, assignment: str) -> bool:
    with Gradebook(db_url, course_id) as gradebook:
        try:
            gradebook.find_assignment(assignment)
        except MissingEntry:
            return False
        return True
