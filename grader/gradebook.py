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
between students what it would rebuild for each (grader.warm_nbgrader).
"""

import functools
import json
import re
import textwrap
import warnings

from grader import warm_nbgrader  # first: it keeps jsonschema from importing what nbgrader does not need

from nbconvert.preprocessors import ClearMetadataPreprocessor
from nbformat.v4 import new_output
from nbgrader import utils
from nbgrader.api import Gradebook, MissingEntry
from nbgrader.apps import AutogradeApp, GenerateAssignmentApp
from nbgrader.preprocessors import (AssignLatePenalties, CheckCellMetadata, IgnorePattern, LimitOutput,
                                    NbGraderPreprocessor, SaveAutoGrades)
from sqlalchemy.exc import OperationalError, SAWarning
from traitlets import Unicode
from traitlets.config import Config

class GradebookBusy(Exception):
    """Another writer holds the gradebook (SQLite's lock): try again shortly."""


HIDDEN_TESTS = re.compile(r"^[ \t]*### BEGIN HIDDEN TESTS.*?### END HIDDEN TESTS[ \t]*\n?", re.S | re.M)


class InjectJudgement(NbGraderPreprocessor):
    """Stands in for nbgrader's Execute: each test cell's output is the judge's verdict."""

    report_path = Unicode("", help="JSON report of `python -m grader grade` for this notebook").tag(config=True)

    def preprocess(self, nb, resources):
        with open(self.report_path) as file:
            results = {test["name"]: test for test in json.load(file)["tests"]}
        for cell in nb.cells:
            if cell.cell_type == "code" and utils.is_grade(cell) and not utils.is_solution(cell):
                cell.source = HIDDEN_TESTS.sub("", cell.source).rstrip() + "\n"
                result = results.get(cell.metadata.nbgrader["grade_id"])
                cell.outputs = [_verdict(result)]
        return nb, resources


def _verdict(result):
    if result is not None and result["points"] >= result["max_points"]:
        return new_output("stream", name="stdout", text="All hidden tests passed.\n")
    message = result["message"] if result else "this test cell was not graded"
    lines = ["Hidden tests failed:"]
    for problem in message.split(". "):  # judge.summarise joins distinct problems with ". "
        lines += textwrap.wrap(problem, width=88, initial_indent="  - ", subsequent_indent="    ")
    return new_output("error", ename="HiddenTestsFailed", evalue=message, traceback=["\n".join(lines)])


def _run(app_class, config, *args):
    """Run an nbgrader app in this process; GradebookBusy if SQLite was locked, RuntimeError if it failed."""
    app = app_class(config=config)
    app.initialize(["--log-level=ERROR", *args])
    _start(app)
    return app


def _start(app):
    try:
        app.start()
    except OperationalError as error:
        if "locked" in str(error):
            raise GradebookBusy() from error
        raise
    except SystemExit as error:  # nbgrader apps exit(1) when a conversion fails
        raise RuntimeError(f"{type(app).name} failed (exit status {error.code})") from None


def course_settings(course_root):
    """nbgrader's CourseDirectory as nbgrader_config.py sets it (db_url, course_id...); run in the course root."""
    config = Config()
    config.CourseDirectory.root = str(course_root)
    app = AutogradeApp(config=config)
    app.initialize(["--log-level=ERROR"])
    return app.coursedir


def add_assignment(course_root, assignment):
    """Register an assignment and its cells in the gradebook, as `nbgrader generate_assignment` does."""
    config = Config()
    config.CourseDirectory.root = str(course_root)
    config.BaseConverter.force = True
    _run(GenerateAssignmentApp, config, assignment)


def record(course_root, assignment, student, report_path):
    """Run nbgrader's autograde bookkeeping for one student with the verdicts in report_path."""
    app = _autograde_app(str(course_root), assignment)
    app.coursedir.student_id = student
    app.config.InjectJudgement.report_path = str(report_path)
    _start(app)


@functools.cache
def _autograde_app(course_root, assignment):
    """nbgrader's AutogradeApp with InjectJudgement for Execute, configured once per process: each start
    builds a fresh Autograde converter (and its preprocessors) for the student then set in it."""
    config = Config()
    config.CourseDirectory.root = course_root
    config.CourseDirectory.assignment_id = assignment
    config.BaseConverter.force = True
    config.Autograde.autograde_preprocessors = [InjectJudgement, IgnorePattern, ClearMetadataPreprocessor,
                                                LimitOutput, SaveAutoGrades, AssignLatePenalties, CheckCellMetadata]
    app = AutogradeApp(config=config)
    app.initialize(["--log-level=ERROR"])
    warm_nbgrader.install()
    return app


def record_ungradable(db_url, course_id, assignment, student):
    """Give every grade of a submission nbgrader could not read 0 points (as it does for a missing notebook)."""
    try:
        _zero_submission(db_url, course_id, assignment, student)
    except OperationalError as error:
        if "locked" in str(error):
            raise GradebookBusy() from error
        raise


def _zero_submission(db_url, course_id, assignment, student):
    with Gradebook(db_url, course_id) as gradebook, warnings.catch_warnings():
        warnings.simplefilter("ignore", SAWarning)  # nbgrader's own autoflush notice for a new submission
        gradebook.update_or_create_student(student)
        submission = gradebook.update_or_create_submission(assignment, student)
        for notebook in submission.notebooks:
            for grade in notebook.grades:
                grade.auto_score = 0
                grade.needs_manual_grade = False
        gradebook.db.commit()


def assignment_in_gradebook(db_url, course_id, assignment):
    with Gradebook(db_url, course_id) as gradebook:
        try:
            gradebook.find_assignment(assignment)
        except MissingEntry:
            return False
        return True
