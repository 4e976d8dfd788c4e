"""The notebooks are generated from one source each and leak nothing to students."""

import json
import re

import nbformat
import pytest

from grader import course
from tools import notebooks

pytestmark = pytest.mark.slow  # end to end: sandboxes, processes, notebooks

ASSIGNMENTS = notebooks.assignments()


def _cells(notebook):
    return [(cell.get("id"), cell.cell_type, cell.source, cell.metadata) for cell in notebook.cells]


@pytest.mark.parametrize("assignment", ASSIGNMENTS)
def test_source_notebook_matches_its_twin(assignment):
    """solutions/<a>/<a>.ipynb is exactly what its .py twin gives: run `make exercises` after editing the .py."""
    committed = nbformat.read(course.source_notebook_path(assignment), as_version=4)
    built = notebooks.notebook_from_twin(assignment)
    assert _cells(committed) == _cells(built), "out of date: run `make exercises`"
    assert committed.metadata == built.metadata


@pytest.mark.parametrize("assignment", ASSIGNMENTS)
def test_student_copy_is_regenerated_without_drift(assignment, tmp_path):
    """exercises/<a>/<a>.ipynb is exactly what `nbgrader generate_assignment` makes of the source."""
    fresh = nbformat.read(notebooks.generate_release(assignment, tmp_path), as_version=4)
    committed = nbformat.read(course.release_notebook_path(assignment), as_version=4)
    assert _cells(committed) == _cells(fresh), "exercises/ drifted from solutions/: run `make exercises`"


@pytest.mark.parametrize("assignment", ASSIGNMENTS)
def test_student_copy_contains_no_solution_or_hidden_test(assignment):
    text = course.release_notebook_path(assignment).read_text()
    # The visible checks import grader.visible; nothing else of the grader may appear.
    for marker in (
        "BEGIN SOLUTION",
        "END SOLUTION",
        "BEGIN HIDDEN TESTS",
        "run_hidden_tests",
        "grader.inkernel",
        "grader.suites",
        "grader.reference",
    ):
        assert marker not in text, f"{marker!r} leaked into the student copy"
    released = json.loads(text)
    answers = [
        cell
        for cell in course.source_notebook(assignment).cells
        if course.nbgrader_metadata(cell).get("solution") and cell.cell_type == "code"
    ]
    released_sources = ["".join(cell["source"]) for cell in released["cells"]]
    for cell in answers:
        body = re.search(r"### BEGIN SOLUTION\n(.*?)### END SOLUTION", cell.source, re.S).group(1)
        solution_lines = [line.strip() for line in body.splitlines() if len(line.strip()) > 12]
        for line in solution_lines:
            assert not any(line in source for source in released_sources), f"solution line leaked: {line}"


CONTRACT_FUNCTIONS = {
    "01_forward": [
        "step",
        "linear",
        "sigmoid",
        "tanh",
        "relu",
        "leaky_relu",
        "prelu",
        "elu",
        "selu",
        "gelu",
        "swish",
        "silu",
    ],
    "02_backward": [
        f"{name}_grad"
        for name in ("step", "linear", "sigmoid", "tanh", "relu", "leaky_relu", "elu", "selu", "gelu", "swish")
    ]
    + ["prelu_backward", "numerical_grad", "dense_forward", "dense_backward"],
    "03_softmax": [
        "softmax_naive",
        "softmax",
        "logsumexp",
        "log_softmax",
        "softmax_backward",
        "cross_entropy",
        "cross_entropy_backward",
    ],
    "04_dead_neurons": ["dead_unit_fraction", "he_init", "init_mlp", "train_mlp", "run_comparison"],
    "05_vanishing_gradients": ["init_weights", "forward_deep", "backward_gradient_norms", "gradient_norms_per_layer"],
}


@pytest.mark.parametrize("assignment", [name for name in CONTRACT_FUNCTIONS if name in ASSIGNMENTS])
def test_every_contract_function_has_its_own_answer_cell_and_test_cell(assignment):
    """One def per answer cell, whose grade id is the function's name, followed by a test cell with points."""
    source = course.source_notebook(assignment)
    answers = {
        course.nbgrader_metadata(cell).get("grade_id"): cell
        for cell in source.cells
        if course.nbgrader_metadata(cell).get("solution") and cell.cell_type == "code"
    }
    tests = {cell.grade_id: cell.points for cell in course.test_cells(assignment)}
    for name in CONTRACT_FUNCTIONS[assignment]:
        assert name in answers, f"{name} has no answer cell"
        assert len(re.findall(r"^def ", answers[name].source, re.M)) == 1, f"{name}'s cell has more than one def"
        assert tests.get(f"test_{name}", 0) > 0, f"{name} has no test cell with points"
    for cell in source.cells:
        if course.is_test_cell(cell):
            first_line = cell.source.splitlines()[0]
            assert first_line.startswith('"""') and first_line.endswith('"""'), "test cells open with a docstring"
