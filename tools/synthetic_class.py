"""A graded class written directly: gradebook rows through nbgrader's API and the grader's verdict files.

For the report's tests and its benchmark (`tools/bench_report.py`): what
`python -m grader autograde` would leave behind, without grading anything.
A verdict is either the contract's grade report or `{"error": ..., ...}` for
a submission the grader did not grade (its gradebook row gets 0 points, as
`grader.nbgrader_bridge.gradebook.record_ungradable` does). Written answers get
`needs_manual_grade` until `manual` gives them a score.
"""

import json
import os
import pathlib
import warnings
from unittest import mock

from nbgrader.api import Gradebook
from sqlalchemy.exc import SAWarning

from grader import course
from tools.notebooks import venv_environment

COURSE_ID = "activation-functions"  # nbgrader_config.py's c.CourseDirectory.course_id


def grade_cells(assignment):
    """(grade id, points, cell type) of every graded cell of the source notebook, in order."""
    cells = []
    for cell in course.source_notebook(assignment).cells:
        meta = course.nbgrader_metadata(cell)
        if meta.get("grade"):
            cells.append((meta["grade_id"], float(meta["points"]), cell["cell_type"]))
    return cells


def grade_report(assignment, failures):
    """A verdict in the contract's format: every test cell passes except those in failures {grade id: message}."""
    tests = [
        {
            "name": grade_id,
            "points": 0.0 if grade_id in failures else points,
            "max_points": points,
            "message": failures.get(grade_id, "passed"),
        }
        for grade_id, points, cell_type in grade_cells(assignment)
        if cell_type == "code"
    ]
    return {
        "digest": "synthetic",
        "assignment": assignment,
        "score": sum(t["points"] for t in tests),
        "max_score": sum(t["max_points"] for t in tests),
        "tests": tests,
    }


def write_class(root, assignment, verdicts, manual=None):
    """Write gradebook.db and .grader/<assignment>/<student>.json under root; returns the db_url.

    `verdicts` maps each student to a verdict dict (or None: a gradebook row
    and no verdict file); `manual` maps students to {written answer grade id: score}.
    """
    root = pathlib.Path(root)
    db_url = f"sqlite:///{root / 'gradebook.db'}"
    state = root / ".grader" / assignment
    state.mkdir(parents=True, exist_ok=True)
    manual = manual or {}
    # a new gradebook runs nbgrader's `alembic` from PATH
    with (
        mock.patch.dict(os.environ, {"PATH": venv_environment()["PATH"]}),
        Gradebook(db_url, COURSE_ID) as gradebook,
        warnings.catch_warnings(),
    ):
        warnings.simplefilter("ignore", SAWarning)  # nbgrader's own autoflush notice for a new submission
        gradebook.add_assignment(assignment)
        gradebook.add_notebook(assignment, assignment)
        for grade_id, points, cell_type in grade_cells(assignment):
            gradebook.add_grade_cell(grade_id, assignment, assignment, max_score=points, cell_type=cell_type)
        for student, verdict in verdicts.items():
            gradebook.update_or_create_student(student)
            submission = gradebook.add_submission(assignment, student)
            points = {t["name"]: t["points"] for t in verdict.get("tests", [])} if verdict else {}
            for grade in submission.notebooks[0].grades:
                if grade.cell_type == "markdown":
                    grade.manual_score = manual.get(student, {}).get(grade.name)
                    grade.needs_manual_grade = grade.manual_score is None
                else:
                    grade.auto_score = points.get(grade.name, 0.0)
                    grade.needs_manual_grade = False
            if verdict is not None:
                (state / f"{student}.json").write_text(json.dumps(verdict))
        gradebook.db.commit()
    return db_url
