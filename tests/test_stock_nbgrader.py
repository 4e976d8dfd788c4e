"""Stock `nbgrader autograde` runs the same hidden suites in-kernel and gives the same scores as our grader.

A scratch copy of the course gets three honest submissions per assignment
(perfect, one plausible mistake, blank); nbgrader grades them into its
gradebook, and every test cell's score must equal `python -m grader grade`'s,
partial credit included.
"""

import shutil
import subprocess

import pytest
import support
from nbgrader.api import Gradebook

from grader import course
from grader.pipeline.grade import grade_notebook
from tools.notebooks import ROOT, venv_environment

pytestmark = pytest.mark.slow  # end to end: sandboxes, processes, notebooks

MISTAKES = {
    "01_forward": "sigmoid_naive",
    "02_backward": "relu_grad_kink_one",
    "03_softmax": "logsumexp_keepdims",
    "04_dead_neurons": "train_mean_of_layer_fractions",
    "05_vanishing_gradients": "backward_uses_layer_output",
}


@pytest.fixture(scope="module")
def stock_course(tmp_path_factory):
    """A scratch course whose submissions stock nbgrader has autograded; yields (root, submissions)."""
    root = tmp_path_factory.mktemp("course")
    shutil.copy(ROOT / "nbgrader_config.py", root)
    submissions = {}
    for assignment, mistake in MISTAKES.items():
        shutil.copytree(ROOT / "solutions" / assignment, root / "solutions" / assignment)
        wrong = support.read_corpus_file(support.CORPUS / assignment / "wrong" / f"{mistake}.py")
        notebooks = {
            "perfect": support.filled_submission(assignment),
            "mistaken": support.apply_corpus_file(support.filled_submission(assignment), wrong),
            "blank": support.released_notebook(assignment),
        }
        for student, notebook in notebooks.items():
            path = support.write(notebook, root / "submitted" / student / assignment / f"{assignment}.ipynb")
            submissions[assignment, student] = path
        for command in (["generate_assignment", assignment, "--force"], ["autograde", assignment, "--force"]):
            subprocess.run(
                ["nbgrader", *command, "--log-level=ERROR"],
                cwd=root,
                env=venv_environment(),
                check=True,
                capture_output=True,
                text=True,
                timeout=900,
            )
    return root, submissions


@pytest.mark.parametrize("assignment", list(MISTAKES))
@pytest.mark.parametrize("student", ["perfect", "mistaken", "blank"])
def test_same_scores_as_stock_nbgrader(stock_course, assignment, student):
    root, submissions = stock_course
    ours = {test["name"]: test["points"] for test in grade_notebook(submissions[assignment, student])["tests"]}
    with Gradebook(f"sqlite:///{root / 'gradebook.db'}") as gradebook:
        stock = {
            cell.grade_id: gradebook.find_grade(cell.grade_id, assignment, assignment, student).score
            for cell in course.test_cells(assignment)
        }
    assert ours == stock
    if student == "perfect":
        assert all(stock[cell.grade_id] == cell.points for cell in course.test_cells(assignment))
    if student == "mistaken":
        assert any(stock[cell.grade_id] < cell.points for cell in course.test_cells(assignment))
    if (assignment, student) == ("01_forward", "mistaken"):  # an overflow warning alone: nbgrader's partial credit
        assert 0 < stock["test_sigmoid"] < 2
