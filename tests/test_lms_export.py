"""Grades for Canvas and Moodle through nbgrader's export plugins (grader/nbgrader_bridge/lms.py).

The fixtures in tests/lms/ are written from each system's documentation
(cited in grader/nbgrader_bridge/lms.py): a roster as the LMS exports it, with an added
`nbgrader_id` column, and the file its importer expects. The gradebook holds
01_forward (max 19) and 03_softmax (max 14) for ada (19, 11), ben (16, no
03 submission) and cyd (19, missing from the rosters); the rosters add dee,
who has no submission.
"""

import csv
import json
import logging
import subprocess
import sys

import pytest
from nbgrader.api import Gradebook

from grader.nbgrader_bridge import lms
from tools import synthetic_class
from tools.notebooks import ROOT, venv_environment

pytestmark = pytest.mark.slow  # end to end: sandboxes, processes, notebooks

FIXTURES = ROOT / "tests" / "lms"


@pytest.fixture(scope="module")
def gradebook_url(tmp_path_factory):
    root = tmp_path_factory.mktemp("lms")
    report = synthetic_class.grade_report
    synthetic_class.write_class(
        root,
        "01_forward",
        {
            "ada": report("01_forward", {}),
            "ben": report("01_forward", {"test_gelu": "gelu: raised ValueError with approximate='tanh'"}),
            "cyd": report("01_forward", {}),
        },
    )
    return synthetic_class.write_class(
        root, "03_softmax", {"ada": report("03_softmax", {"test_softmax": "softmax: wrong values on large inputs"})}
    )


def rows(path):
    with open(path, newline="", encoding="utf-8") as file:
        return list(csv.reader(file))


def export(exporter_class, gradebook_url, tmp_path, caplog, **settings):
    exporter = exporter_class(to=str(tmp_path / "out.csv"), **settings)
    exporter.log = logging.getLogger("test_lms_export")
    with Gradebook(gradebook_url, synthetic_class.COURSE_ID) as gradebook, caplog.at_level(logging.INFO):
        exporter.export(gradebook)
    return exporter, rows(tmp_path / "out.csv")


def test_canvas_file_matches_the_documented_format(gradebook_url, tmp_path, caplog):
    exporter, written = export(
        lms.CanvasExporter,
        gradebook_url,
        tmp_path,
        caplog,
        roster=str(FIXTURES / "canvas_roster.csv"),
        columns={"01_forward": "01_forward (501)"},
    )
    expected = rows(FIXTURES / "canvas_expected.csv")
    assert written[0] == expected[0]
    assert written[1:] == expected[1:]
    assert exporter.missing == ["cyd"]
    assert "cyd has grades but is not in the roster" in caplog.text


def test_moodle_file_matches_the_documented_format(gradebook_url, tmp_path, caplog):
    exporter, written = export(
        lms.MoodleExporter, gradebook_url, tmp_path, caplog, roster=str(FIXTURES / "moodle_roster.csv")
    )
    expected = rows(FIXTURES / "moodle_expected.csv")
    assert written[0] == expected[0]
    assert written[1:] == expected[1:]
    assert exporter.missing == ["cyd"]


def test_only_the_chosen_assignments_and_students(gradebook_url, tmp_path, caplog):
    exporter, written = export(
        lms.MoodleExporter,
        gradebook_url,
        tmp_path,
        caplog,
        roster=str(FIXTURES / "moodle_roster.csv"),
        assignment=["03_softmax"],
        student=["ada"],
    )
    assert written == [
        rows(FIXTURES / "moodle_expected.csv")[0][:6] + ["03_softmax"],
        ["Ada", "Lovelace", "S1001", "Example University", "Physics", "ada@example.edu", "11"],
    ]
    assert exporter.missing == []


def test_a_roster_without_the_id_column_is_one_clear_error(gradebook_url, tmp_path, caplog):
    roster = tmp_path / "roster.csv"
    roster.write_text('Student,ID,SIS User ID,SIS Login ID,Section\n"Lovelace, Ada",1001,S1001,ada@x,A\n')
    with pytest.raises(SystemExit):
        export(lms.CanvasExporter, gradebook_url, tmp_path, caplog, roster=str(roster))
    assert "the roster has no column 'nbgrader_id'" in caplog.text


def test_nbgrader_export_runs_the_plugin(gradebook_url, tmp_path):
    """The real command line: `nbgrader export --exporter=grader.lms.CanvasExporter` in a course folder."""
    (tmp_path / "nbgrader_config.py").write_text(
        f"c = get_config()\nc.CourseDirectory.db_url = {gradebook_url!r}\n"
        f"c.CourseDirectory.course_id = {synthetic_class.COURSE_ID!r}\n"
        "c.CanvasExporter.columns = {'01_forward': '01_forward (501)'}\n"
    )
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "nbgrader",
            "export",
            "--exporter=grader.lms.CanvasExporter",
            "--to=canvas.csv",
            f"--CanvasExporter.roster={FIXTURES / 'canvas_roster.csv'}",
        ],
        cwd=tmp_path,
        env=venv_environment(),
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr
    assert rows(tmp_path / "canvas.csv") == rows(FIXTURES / "canvas_expected.csv")
    assert "cyd has grades but is not in the roster" in done.stderr


def test_not_graded_is_blank_by_default_or_what_the_instructor_chose_and_the_summary_says(
    gradebook_url, tmp_path, caplog
):
    """A malformed submission, "not graded" in the class report (its verdict says so), is not exported as the 0
    the gradebook holds for it."""
    verdicts = tmp_path / "verdicts"
    (verdicts / "01_forward").mkdir(parents=True)
    (verdicts / "01_forward" / "ben.json").write_text(json.dumps({"digest": "d", "error": "ben.ipynb: not JSON"}))
    for chosen, said in [("", "exported as blank"), ("0", "exported as '0'")]:
        caplog.clear()
        _, written = export(
            lms.MoodleExporter,
            gradebook_url,
            tmp_path,
            caplog,
            verdicts=str(verdicts),
            roster=str(FIXTURES / "moodle_roster.csv"),
            not_graded=chosen,
        )
        assert {row[0]: row[6] for row in written[1:]} == {"Ada": "19", "Ben": chosen, "Dee": ""}
        assert f"1 submissions not graded, {said}" in caplog.text
