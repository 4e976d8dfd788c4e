"""Hostile submissions gain nothing, and cannot stop the grader or hide the rest of a notebook.

Files in tests/corpus/<assignment>/hostile/ are added to a blank student
copy: the result must score exactly what the blank copy scores (0). Other
attacks edit the notebook itself and are written out below.
"""

import json
import subprocess
import sys

import pytest
import support
from support_bubblewrap import needs_bubblewrap

from grader import course
from grader.pipeline.grade import grade_notebook
from grader.sandbox.limits import Limits

pytestmark = pytest.mark.slow  # end to end: sandboxes, processes, notebooks

FAST = Limits(cell_seconds=3, call_seconds=3, notebook_seconds=90)


@pytest.mark.parametrize("entry", support.corpus("hostile"), ids=lambda entry: entry.id)
def test_hostile_code_gains_nothing_over_a_blank_notebook(entry, tmp_path):
    if "reference" in entry.path.stem:
        needs_bubblewrap()
    notebook = support.apply_corpus_file(support.released_notebook(entry.assignment), entry)
    report = grade_notebook(support.write(notebook, tmp_path / "hostile.ipynb"), FAST)
    gained = {test["name"]: test["message"] for test in report["tests"] if test["points"] > 0}
    assert report["score"] == 0 and not gained, f"{entry.summary}: gained {gained}"
    assert report["max_score"] == sum(cell.points for cell in course.test_cells(entry.assignment))


@pytest.mark.parametrize(
    "entry", [e for e in support.corpus("hostile") if e.cells == ("new",)], ids=lambda entry: entry.id
)
def test_hostile_cell_does_not_cost_the_rest_of_the_notebook(entry, tmp_path):
    """Appended to a correct notebook, a hostile cell (exit, endless loop...) leaves the answers graded."""
    if "reference" in entry.path.stem:
        needs_bubblewrap()
    notebook = support.apply_corpus_file(support.filled_submission(entry.assignment), entry)
    notebook.cells.insert(2, notebook.cells.pop())  # run it early, before the answers
    report = grade_notebook(support.write(notebook, tmp_path / "mixed.ipynb"), FAST)
    replaced = {f"test_{name}" for name in ("sigmoid", "relu")}  # the hostile files redefine these
    lost = {
        t["name"]: t["message"] for t in report["tests"] if t["points"] < t["max_points"] and t["name"] not in replaced
    }
    assert not lost, f"{entry.summary}: {lost}"


def test_edited_test_cells_and_points_change_nothing(tmp_path):
    notebook = support.released_notebook("01_forward")
    for cell in notebook.cells:
        meta = course.nbgrader_metadata(cell)
        if course.is_test_cell(cell):
            cell.source = "pass  # tests removed by the student"
            meta["points"] = 100
        if meta:
            meta["grade_id"] = meta["grade_id"]  # ids kept so the assignment is recognised
    report = grade_notebook(support.write(notebook, tmp_path / "edited.ipynb"), FAST)
    assert report["score"] == 0
    assert report["max_score"] == 19


def test_retyped_and_stripped_cells_are_still_graded(tmp_path):
    """Answer cells turned into markdown and back, metadata stripped: graded on the code that is there."""
    notebook = support.filled_submission("01_forward")
    for cell in notebook.cells:
        cell.metadata.pop("nbgrader", None)
    sigmoid_cell = next(cell for cell in notebook.cells if "def sigmoid" in cell.source)
    sigmoid_cell.cell_type = "markdown"
    sigmoid_cell.pop("outputs", None)
    sigmoid_cell.pop("execution_count", None)
    report = grade_notebook(support.write(notebook, tmp_path / "retyped.ipynb"), FAST)
    scores = {test["name"]: test["points"] for test in report["tests"]}
    assert scores["test_sigmoid"] == 0 and scores["test_swish"] == 0  # swish needs sigmoid
    assert scores["test_relu"] == 1 and scores["test_elu"] == 2


def test_grader_process_survives_a_hostile_batch_from_the_command_line(tmp_path):
    """The CLI returns a JSON report with exit 0 for a notebook that exits, loops and prints fake results."""
    notebook = support.released_notebook("01_forward")
    for name in ("print_fake_results", "exit_in_cell"):
        entry = support.read_corpus_file(support.CORPUS / "01_forward" / "hostile" / f"{name}.py")
        notebook = support.apply_corpus_file(notebook, entry)
    path = support.write(notebook, tmp_path / "noisy.ipynb")
    result = subprocess.run(
        [sys.executable, "-m", "grader", "grade", str(path), "--json", "--call-timeout", "3"],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0
    report = json.loads(result.stdout)
    assert report["score"] == 0 and report["max_score"] == 19
