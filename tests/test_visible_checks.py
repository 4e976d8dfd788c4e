"""The notebooks' visible checks tell the truth: they pass on correct code and fail only where the grader does.

The student copy's code cells run in order in one namespace, as in a
student's kernel (the released notebook has no hidden tests), and every test
cell's outcome is recorded. A correct answer, the reference or any corpus
entry in correct/, must pass every visible check; a mistake in wrong/ may fail
only the test cells the grader takes points for (its `expect:` line). The
corpora are trusted files of this project, so they run in this process. (The
experiments' corpora, 04 and 05, are left out: each entry reruns an experiment.)
"""

import contextlib
import io

import matplotlib
import pytest

import support
from grader import course
from grader.visible import PASSED, VisibleCheckFailed

matplotlib.use("Agg")
FIRST_THREE = ["01_forward", "02_backward", "03_softmax"]


def visible_outcomes(notebook):
    """{grade id of each test cell: its printed line, or the exception it raised}."""
    namespace = {"__name__": "__main__"}
    outcomes = {}
    for cell in notebook.cells:
        if cell.cell_type != "code":
            continue
        grade_id = course.nbgrader_metadata(cell).get("grade_id")
        with contextlib.redirect_stdout(io.StringIO()) as printed:
            try:
                exec(compile(cell.source, f"<{grade_id}>", "exec"), namespace)
                outcome = printed.getvalue().strip()
            except Exception as error:  # a failed check, or a wrong answer's own error
                outcome = error
        if course.is_test_cell(cell):
            outcomes[grade_id] = outcome
    return outcomes


def failed(outcomes):
    return {grade_id: str(outcome) for grade_id, outcome in outcomes.items() if isinstance(outcome, Exception)}


@pytest.mark.parametrize("assignment", course.ASSIGNMENTS)
def test_reference_passes_and_says_so(assignment):
    outcomes = visible_outcomes(support.filled_submission(assignment))
    assert not failed(outcomes)
    for grade_id, printed in outcomes.items():
        name = "the experiment" if grade_id == "test_experiment" else grade_id.removeprefix("test_")
        assert printed == PASSED.format(name=name), grade_id


@pytest.mark.parametrize("assignment", course.ASSIGNMENTS)
def test_unfinished_functions_say_so_in_one_line(assignment):
    outcomes = visible_outcomes(support.released_notebook(assignment))
    outcomes.pop("test_experiment", None)  # no results to check: the experiment's own cell failed
    for grade_id, outcome in outcomes.items():
        assert isinstance(outcome, VisibleCheckFailed), (grade_id, outcome)
        assert outcome._render_traceback_() == [f"\x1b[0;31m{outcome}\x1b[0m"]
        assert "not implemented yet" in str(outcome), (grade_id, str(outcome))


@pytest.mark.parametrize("entry", support.corpus("correct", FIRST_THREE), ids=lambda entry: entry.id)
def test_correct_code_passes_every_visible_check(entry):
    assert not failed(visible_outcomes(support.apply_corpus_file(support.filled_submission(entry.assignment),
                                                                 entry)))


@pytest.mark.parametrize("entry", support.corpus("wrong", FIRST_THREE), ids=lambda entry: entry.id)
def test_wrong_code_fails_visibly_only_where_the_grader_takes_points(entry):
    outcomes = visible_outcomes(support.apply_corpus_file(support.filled_submission(entry.assignment), entry))
    assert set(failed(outcomes)) <= set(entry.expect), failed(outcomes)
