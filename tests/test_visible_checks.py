"""The notebooks' visible checks tell the truth: they pass on correct code and fail only where the grader does.

The student copy's code cells run in order in one namespace, as in a
student's kernel (tools.visible_coverage does it). A correct answer, the
reference or any corpus entry in correct/, must pass every visible check; a
mistake in wrong/ may fail only the test cells the grader takes points for
(its `expect:` line), and must fail at least one, unless its docstring says
why only hidden values can reveal it (`hidden_only:`). (The experiments'
corpora, 04 and 05, are left out: each entry reruns an experiment.)
"""

import warnings

import pytest
import support

from grader import course
from grader.visible import PASSED, VisibleCheckFailed
from tools.visible_coverage import FIRST_THREE, entry_outcomes, failed, visible_outcomes

EXPERIMENTS = ("04_dead_neurons", "05_vanishing_gradients")
NOT_YET = "the experiment: not implemented yet (finish the functions above, then run this cell again)"


@pytest.mark.parametrize("assignment", course.ASSIGNMENTS)
def test_reference_passes_and_says_so(assignment):
    outcomes = visible_outcomes(support.filled_submission(assignment))
    assert not failed(outcomes)
    for grade_id, printed in outcomes.items():
        name = "the experiment" if grade_id == "test_experiment" else grade_id.removeprefix("test_")
        assert printed == PASSED.format(name=name), grade_id


@pytest.mark.parametrize("assignment", course.ASSIGNMENTS)
def test_unfinished_functions_say_so_in_one_line(assignment):
    outcomes = visible_outcomes(support.released_notebook(assignment), also=("experiment", "settings"))
    experiment = [outcomes.pop(grade_id) for grade_id in ("settings", "experiment") if grade_id in outcomes]
    if assignment in EXPERIMENTS:  # the locked cells that run the experiment print one line, no traceback
        assert set(experiment) in ({NOT_YET}, {"", NOT_YET}), experiment
    for grade_id, outcome in outcomes.items():
        assert isinstance(outcome, VisibleCheckFailed), (grade_id, outcome)
        assert outcome._render_traceback_() == [f"\x1b[0;31m{outcome}\x1b[0m"]
        assert "not implemented yet" in str(outcome), (grade_id, str(outcome))


@pytest.mark.parametrize("entry", support.corpus("correct", FIRST_THREE), ids=lambda entry: entry.id)
def test_correct_code_passes_every_visible_check(entry):
    assert not failed(entry_outcomes(entry))


@pytest.mark.parametrize("entry", support.corpus("wrong", FIRST_THREE), ids=lambda entry: entry.id)
def test_wrong_code_fails_visibly_where_the_grader_takes_points(entry):
    with warnings.catch_warnings(record=True) as shown:  # a raw RuntimeWarning above a check's line is noise
        warnings.simplefilter("always")
        failures = failed(entry_outcomes(entry))
    assert not [str(warning.message) for warning in shown if warning.category is RuntimeWarning]
    assert set(failures) <= set(entry.expect), failures
    assert failures or entry.hidden_only, f"{entry.summary}: passes every visible check (or say why: hidden_only:)"
