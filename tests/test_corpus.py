"""The hidden suites judged by corpora: wrong code loses points, correct code of another shape does not.

Each file in tests/corpus/<assignment>/wrong/ is a plausible mistake that
must lose exactly the test cells its docstring names (and no other), with
feedback that says each of its `cause:` lines and none of its `not:` lines
(causes that are not there); each in
correct/ is a right answer written differently from the reference, which
must get full marks. See tests/support.py for the file format.
"""

import pytest
import support

from grader.pipeline.grade import grade_notebook

pytestmark = pytest.mark.slow  # end to end: sandboxes, processes, notebooks

EXPERIMENTS = ("04_dead_neurons", "05_vanishing_gradients")  # their entries' causes are not declared yet


def _scores(notebook, tmp_path):
    report = grade_notebook(support.write(notebook, tmp_path / "submission.ipynb"))
    return {test["name"]: test for test in report["tests"]}


@pytest.mark.parametrize("entry", support.corpus("wrong"), ids=lambda entry: entry.id)
def test_wrong_implementation_loses_points(entry, tmp_path):
    tests = _scores(support.apply_corpus_file(support.filled_submission(entry.assignment), entry), tmp_path)
    assert entry.expect, f"{entry.path}: name the test cells it must fail with an 'expect:' line"
    assert entry.causes or entry.assignment in EXPERIMENTS, f"{entry.path}: name its cause with a 'cause:' line"
    lost = {name for name, test in tests.items() if test["points"] < test["max_points"]}
    assert lost == set(entry.expect), f"{entry.summary}: lost {sorted(lost)}, expected {sorted(entry.expect)}"
    for name in entry.expect:
        message = tests[name]["message"]
        assert message and message != "passed" and "tell your instructor" not in message, message
    messages = " ".join(tests[name]["message"] for name in entry.expect)
    for cause in entry.causes:  # the cause the entry declares is named ...
        assert cause in messages, f"{entry.summary}: the feedback does not say {cause!r}: {messages}"
    for cause in entry.not_causes:  # ... and no cause that is not there
        assert cause not in messages, f"{entry.summary}: the feedback names {cause!r}, not its cause: {messages}"


@pytest.mark.parametrize("entry", support.corpus("correct"), ids=lambda entry: entry.id)
def test_correct_implementation_gets_full_marks(entry, tmp_path):
    tests = _scores(support.apply_corpus_file(support.filled_submission(entry.assignment), entry), tmp_path)
    lost = {name: test["message"] for name, test in tests.items() if test["points"] < test["max_points"]}
    assert not lost, f"{entry.summary}: {lost}"


def test_corpora_are_large_enough():
    """At least 40 wrong and 15 correct implementations over the first three notebooks, 8 and 4 for each experiment."""
    first_three = ["01_forward", "02_backward", "03_softmax"]
    assert len(support.corpus("wrong", first_three)) >= 40
    assert len(support.corpus("correct", first_three)) >= 15
    for experiment in ("04_dead_neurons", "05_vanishing_gradients"):
        assert len(support.corpus("wrong", [experiment])) >= 8
        assert len(support.corpus("correct", [experiment])) >= 4
