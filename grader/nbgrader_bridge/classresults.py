"""One assignment's results for the whole class: nbgrader's gradebook joined with the grader's verdicts.

Scores come from the gradebook (nbgrader's API, SQLite or PostgreSQL,
whatever `db_url` names), so the report shows what `nbgrader export` would;
the reasons behind them come from the verdicts `python -m grader autograde`
keeps in `.grader/<assignment>/<student>.json` (the contract's grade report,
or `{"error": ...}` for a submission it could not grade). A verdict that is
missing, unreadable or of an unknown shape makes the student "not graded"
with a reason, never an exception.
"""

import dataclasses
import json
import os
import pathlib

from nbgrader.api import Assignment, Grade, Gradebook, GradeCell, MissingEntry, SubmittedAssignment, SubmittedNotebook

from grader.judging.grade_report import CellReport, GradeReport


@dataclasses.dataclass
class StudentResult:
    """One student's submission: the gradebook's score and the grader's verdict (None if there is none)."""

    student: str
    score: float | None
    max_score: float
    verdict: GradeReport | None
    not_graded: str | None = None  # why the grader gave no score, if it did not


@dataclasses.dataclass
class CellProgress:
    """A manually graded cell (a written answer): how many of the submissions a person has graded."""

    name: str
    graded: int
    total: int


@dataclasses.dataclass
class ClassResults:
    """One assignment's results for the class: its maximum score, each student's, and the manual grading's progress."""

    assignment: str
    max_score: float
    students: list[StudentResult]
    manual: list[CellProgress]  # one for each manually graded cell, in the gradebook's order


class NoSuchAssignment(Exception):
    """The gradebook does not know the assignment (nothing has been graded)."""


def load(db_url: str, course_id: str, assignment: str, state_dir: str | os.PathLike[str]) -> ClassResults:
    """The class's results; NoSuchAssignment if the gradebook has no such assignment."""
    with Gradebook(db_url, course_id) as gradebook:
        try:
            max_score = gradebook.find_assignment(assignment).max_score
        except MissingEntry:
            raise NoSuchAssignment(f"the gradebook has no assignment {assignment!r}: grade it first") from None
        totals = {row["student"]: row["score"] for row in gradebook.submission_dicts(assignment)}
        manual = _manual_progress(gradebook, assignment)
    state_dir = pathlib.Path(state_dir)
    students = sorted(totals.keys() | _students_with_verdicts(state_dir))
    results = []
    for student in students:
        verdict = read_verdict(state_dir / f"{student}.json")
        reason = not_graded_reason(verdict) or (None if student in totals else "not recorded in the gradebook yet")
        results.append(StudentResult(student, totals.get(student), max_score, verdict, reason))
    return ClassResults(assignment, max_score, results, manual)


def _students_with_verdicts(state_dir):
    return {path.stem for path in state_dir.glob("*.json")} if state_dir.is_dir() else set()


def _manual_progress(gradebook, assignment):
    """Written answers (markdown grade cells): how many submissions have their manual grade."""
    rows = (
        gradebook.db.query(GradeCell.name, Grade.needs_manual_grade)
        .select_from(Grade)
        .join(GradeCell, Grade.cell_id == GradeCell.id)
        .join(SubmittedNotebook)
        .join(SubmittedAssignment)
        .join(Assignment)
        .filter(Assignment.name == assignment, GradeCell.cell_type == "markdown")
        .all()
    )
    progress = {}
    for name, needs_manual_grade in rows:
        cell = progress.setdefault(name, CellProgress(name, 0, 0))
        cell.total += 1
        cell.graded += not needs_manual_grade
    return list(progress.values())


def read_verdict(path: str | os.PathLike[str]) -> GradeReport | None:
    """The saved verdict as a dict, or None if there is none or it is not a JSON object."""
    try:
        verdict = json.loads(pathlib.Path(path).read_text())
    except (OSError, ValueError):
        return None
    return verdict if isinstance(verdict, dict) else None


def not_graded_reason(verdict: GradeReport | None) -> str | None:
    """Why a verdict gives no score ("not graded: environment ..."), or None for a usable grade report."""
    if verdict is None:
        return "no verdict from the grader yet"
    if "error" in verdict:
        kind = "environment" if verdict.get("environment") else "submission"
        return f"{kind}: {verdict['error']}"
    tests = verdict.get("tests")
    if not isinstance(tests, list) or not all(
        isinstance(test, dict) and {"name", "points", "max_points"} <= test.keys() for test in tests
    ):
        return "the verdict has an unknown format"
    return None


def tests_of(result: StudentResult) -> list[CellReport]:
    """The grade report's tests of a graded student ([] for one not graded)."""
    return [] if result.not_graded else result.verdict["tests"]
