"""nbgrader export plugins that write grades in the CSV formats Canvas's and Moodle's gradebooks import.

    nbgrader export --exporter=grader.lms.CanvasExporter --to canvas.csv --CanvasExporter.roster=roster.csv
    nbgrader export --exporter=grader.lms.MoodleExporter --to moodle.csv --MoodleExporter.roster=roster.csv

(or `c.ExportApp.plugin_class` and `c.CanvasExporter.roster` in nbgrader_config.py). Scores are the
gradebook's totals (automatic and manual), one column per assignment (`--assignment` limits them).

The roster is the LMS's own gradebook export (Canvas: Grades > Export; Moodle: Export > Plain text
file) with one column added, `nbgrader_id`, giving each student's nbgrader id; the identifying columns
are copied from it unchanged, so the importer recognises every row. A student in the gradebook who
is missing from the roster is reported (a warning naming each one, and `missing` after the export),
never dropped silently; a roster student without a submission gets an empty cell, which neither
importer treats as a grade. A submission the grader could not grade (not a notebook, malformed, an
environment fault: "not graded" in the class report, read from the same verdicts in .grader/) gets
`not_graded` (blank by default, so that the LMS shows no grade rather than a 0 the student did not
earn; `--CanvasExporter.not_graded=0` exports a 0), and the export's summary line says how many and
as what. Example rosters: tests/lms/canvas_roster.csv and tests/lms/moodle_roster.csv.

Canvas (Instructure, "How do I import grades in the Gradebook?",
https://community.canvaslms.com/t5/Instructor-Guide/How-do-I-import-grades-in-the-Gradebook/ta-p/807,
and e.g. Ohio State's guide to the same importer,
https://teaching.resources.osu.edu/toolsets/carmencanvas/guides/calculating-final-grades/import-csv-file-carmen-grades):
the columns Student, ID, SIS User ID, SIS Login ID and Section identify the student (Student as
"Last, First"; ID is Canvas's user id), then one column per assignment, named as in Canvas's export
("Name (assignment id)") to update an existing assignment or by a new name to create one. Canvas's own
export puts a "Points Possible" row under the header; the importer reads it, so this exporter writes it
too (the maximum score of each assignment).

Moodle (MoodleDocs, "Grade import", https://docs.moodle.org/311/en/Grade_import): a CSV file in the
format of Moodle's plain-text grade export, "First name", "Last name", "ID number", "Institution",
"Department", "Email address", then one column per grade item; on import the instructor maps the user
column ("Map from: Email address" to "useremail", or "ID number" to "useridnumber") and each grade
column to a grade item.
"""

import csv
import os
import pathlib
from collections.abc import Iterable

from nbgrader.api import Gradebook, MissingEntry
from nbgrader.plugins import ExportPlugin
from traitlets import Dict, Unicode

from grader.nbgrader_bridge.classresults import not_graded_reason, read_verdict

ROSTER_ID = "nbgrader_id"
NOT_GRADED = object()  # a score's place for a submission the grader could not grade


class RosterError(Exception):
    """The roster file cannot be used (missing, or without a required column)."""


class LmsExporter(ExportPlugin):
    """Shared by the LMS formats: read the roster, collect the scores, write header, extra rows and students."""

    roster = Unicode("roster.csv", help="the LMS's gradebook export with an added nbgrader_id column").tag(config=True)
    columns = Dict(
        {},
        help="column name for an assignment in the LMS, e.g. {'01_forward': '01_forward (1234)'}; "
        "default: the assignment's name",
    ).tag(config=True)
    not_graded = Unicode(
        "",
        help="what the LMS gets for a submission the grader could not grade (not a notebook, "
        "malformed, an environment fault): blank by default, or e.g. 0",
    ).tag(config=True)
    verdicts = Unicode(
        ".grader", help="the grader's verdicts (<assignment>/<student>.json), which say who was not graded"
    ).tag(config=True)
    identity = ()  # the roster columns copied into the file, in order
    default_to = "grades.csv"

    def export(self, gradebook: Gradebook) -> None:
        """Write the file; a bad roster or assignment is one error line and exit status 1."""
        try:
            self._export(gradebook)
        except RosterError as error:
            self.log.error("%s (see --%s.roster)", error, type(self).__name__)
            raise SystemExit(1) from None

    def _export(self, gradebook):
        roster = read_roster(self.roster, self.identity)
        assignments = [str(name) for name in self.assignment] or [a.name for a in gradebook.assignments]
        scores, max_scores = {}, {}
        for name in assignments:
            try:
                max_scores[name] = gradebook.find_assignment(name).max_score
            except MissingEntry:
                raise RosterError(f"the gradebook has no assignment {name!r}") from None
            for row in gradebook.submission_dicts(name):
                scores.setdefault(row["student"], {})[name] = (
                    NOT_GRADED if self._not_graded(name, row["student"]) else row["score"]
                )
        wanted = {str(student) for student in self.student}
        self.missing = sorted(
            student for student in scores if student not in roster and (not wanted or student in wanted)
        )
        for student in self.missing:
            self.log.warning("%s has grades but is not in the roster %s: not exported", student, self.roster)
        header = list(self.identity) + [self.columns.get(name, name) for name in assignments]
        with open(self.to or self.default_to, "w", newline="", encoding="utf-8") as file:
            writer = csv.writer(file)
            writer.writerow(header)
            writer.writerows(self.extra_rows(assignments, max_scores))
            for student, identity in roster.items():
                if wanted and student not in wanted:
                    continue
                row = [identity[column] for column in self.identity]
                writer.writerow(row + [self._cell(scores.get(student, {}).get(name)) for name in assignments])
        not_graded = sum(score is NOT_GRADED for row in scores.values() for score in row.values())
        self.log.info(
            "wrote %s (%d students, %d missing from the roster; %d submissions not graded, exported as %s)",
            self.to or self.default_to,
            len(roster),
            len(self.missing),
            not_graded,
            repr(self.not_graded) if self.not_graded else "blank",
        )

    def _not_graded(self, assignment, student):
        """Whether the grader's verdict says it could not grade this submission (no verdict: nbgrader's own
        autograde graded it, and the gradebook's score stands)."""
        path = pathlib.Path(self.verdicts) / assignment / f"{student}.json"
        return path.exists() and not_graded_reason(read_verdict(path)) is not None

    def _cell(self, score):
        return self.not_graded if score is NOT_GRADED else _number(score)

    def extra_rows(self, assignments: list[str], max_scores: dict[str, float]) -> list[list[str]]:
        """Rows between the header and the students (none by default)."""
        return []


class CanvasExporter(LmsExporter):
    """Canvas's gradebook import CSV (see the module docstring)."""

    identity = ("Student", "ID", "SIS User ID", "SIS Login ID", "Section")
    default_to = "canvas_grades.csv"

    def extra_rows(self, assignments: list[str], max_scores: dict[str, float]) -> list[list[str]]:
        return [["Points Possible", "", "", "", ""] + [_number(max_scores[name]) for name in assignments]]


class MoodleExporter(LmsExporter):
    """Moodle's CSV grade import, in its plain-text export format (see the module docstring)."""

    identity = ("First name", "Last name", "ID number", "Institution", "Department", "Email address")
    default_to = "moodle_grades.csv"


def read_roster(path: str | os.PathLike[str], identity: Iterable[str]) -> dict[str, dict[str, str]]:
    """{nbgrader id: {column: value}} from the roster CSV; RosterError naming what is wrong."""
    try:
        with open(path, newline="", encoding="utf-8-sig") as file:  # Excel's UTF-8 files start with a BOM
            reader = csv.DictReader(file)
            missing = [column for column in (ROSTER_ID, *identity) if column not in (reader.fieldnames or [])]
            if missing:
                raise RosterError(f"{path}: the roster has no column {', '.join(map(repr, missing))}")
            return {row[ROSTER_ID].strip(): row for row in reader if row[ROSTER_ID].strip()}
    except FileNotFoundError:
        raise RosterError(f"{path}: no such roster file") from None


def _number(value):
    """A score as the importers read it: '7', '7.5' or '' for none."""
    return "" if value is None else f"{value:g}"
