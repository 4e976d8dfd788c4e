"""The warm judge: one collection of the hidden suite per process, and nothing passed between students.

`grader.judging.judge` collects an assignment's suite once and runs its items for
each student. A student judged after others must get exactly what a cold
judge (a fresh `python -m grader grade`) gives, and judging must leave the
suite's module and its parameters as they were collected.
"""

import dataclasses
import json
import subprocess
import sys

import numpy as np
import pytest
import support

from grader import course
from grader.judging import judge
from grader.judging.student import Student
from grader.pipeline.grade import grade_notebook

pytestmark = pytest.mark.slow  # end to end: sandboxes, processes, notebooks

ASSIGNMENT = "01_forward"


def _cold(path):
    """The report of a fresh grader process, less the course it names (the command line's, not the judge's)."""
    result = subprocess.run(
        [sys.executable, "-m", "grader", "grade", str(path), "--json"],
        capture_output=True,
        text=True,
        timeout=600,
        check=True,
    )
    report = json.loads(result.stdout)
    assert report.pop("course") == str(course.COURSE_ROOT)
    return report


def _state(value):
    """A comparable deep copy of plain data, NumPy arrays included; functions and modules by identity."""
    if isinstance(value, np.ndarray):
        return ("array", value.dtype.str, value.shape, value.tobytes())
    if isinstance(value, dict):
        return tuple((repr(key), _state(item)) for key, item in value.items())
    if isinstance(value, (list, tuple, set, frozenset)):
        return (type(value).__name__, tuple(_state(item) for item in value))
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return (type(value).__name__, _state(dataclasses.asdict(value)))
    if callable(value) or type(value).__name__ == "module":
        return ("object", id(value))
    return repr(value)


def _suite_state():
    suite = judge._suite(ASSIGNMENT)
    module = sys.modules[suite.tests[0].function.__module__]
    params = [test.params for test in suite.tests]
    return _state({name: value for name, value in vars(module).items() if not name.startswith("__")}), _state(params)


@pytest.fixture
def submissions(tmp_path):
    """A: several mistakes; blank: nothing implemented (every call fails); B: correct."""
    perfect = support.filled_submission(ASSIGNMENT)
    wrong = perfect
    for entry in support.corpus("wrong", [ASSIGNMENT])[:4]:
        wrong = support.apply_corpus_file(wrong, entry)
    notebooks = {"A": wrong, "blank": support.released_notebook(ASSIGNMENT), "B": perfect}
    return {name: support.write(notebook, tmp_path / f"{name}.ipynb") for name, notebook in notebooks.items()}


def test_each_student_gets_what_a_cold_judge_gives(submissions, monkeypatch):
    """A (wrong), blank, B (correct) and A again in one process: each report equals a fresh process's."""
    first = grade_notebook(submissions["A"])
    before = _suite_state()
    monkeypatch.setattr(
        judge.pytest.Session,
        "perform_collect",
        lambda *args, **kwargs: pytest.fail("the suite was collected again for a later student"),
    )
    warm = {name: grade_notebook(submissions[name]) for name in ("blank", "B", "A")}
    assert warm["B"]["score"] == warm["B"]["max_score"], warm["B"]
    assert 0 < warm["A"]["score"] < warm["A"]["max_score"] and warm["blank"]["score"] == 0
    assert warm["A"] == first
    for name, report in warm.items():
        assert {**report, "course": None} == {**_cold(submissions[name]), "course": None}, name  # the CLI names it
    assert _suite_state() == before, "judging changed the suite's module globals or its parameters"


def test_parametrized_arrays_are_read_only():
    """A check that wrote into its parameters would change them for the next student: it cannot."""
    arrays = [
        value
        for test in judge._suite("03_softmax").tests
        for value in test.params.values()
        if isinstance(value, np.ndarray)
    ]
    assert arrays and not any(array.flags.writeable for array in arrays)


def _write_suite(folder, name, body):
    """A suite `test_<name>.py` in `folder` (pytest keeps each module it imported: one name per suite)."""
    (folder / "pytest.ini").write_text((judge.SUITES / "pytest.ini").read_text())
    (folder / f"test_{name}.py").write_text("import pytest\n\n" + body)


class _Calls:
    """A transport that records the names called and answers with `reply`."""

    cell_errors = []

    def __init__(self, reply):
        self.reply, self.names = reply, []

    def call(self, name, args, kwargs):
        self.names.append(name)
        return self.reply


def test_the_direct_call_keeps_pytests_semantics(tmp_path, monkeypatch):
    """Parameters and fixtures arrive; a check's own bug is the instructor's; a function that raises on its
    cell's first test is judged once; pytest.skip in a check neither fails nor passes the cell."""
    _write_suite(
        tmp_path,
        "toy",
        """
@pytest.mark.cell("a")
@pytest.mark.parametrize("n", [1, 2, 3])
def test_calls(student, ref, n):
    assert ref == "the reference"
    student.f(n)

@pytest.mark.cell("b")
def test_buggy_check(student):
    {}["missing"]

@pytest.mark.cell("b")
def test_check_that_gives_up(student):
    pytest.fail("gave up")

@pytest.mark.cell("c")
def test_skips(student):
    pytest.skip("not today")
""",
    )
    monkeypatch.setattr(judge, "SUITES", tmp_path)
    suite = judge._Suite("toy")
    calls = _Calls({"status": "error", "error_type": "NotImplementedError"})
    ran, failures = suite.run(Student(calls), "the reference")
    assert calls.names == ["f"] and ran == {"a": 1, "b": 2, "c": 1}
    assert {cell: list(messages) for cell, messages in failures.items()} == {
        "a": ["f: not implemented yet (it raises NotImplementedError)"],
        "b": [
            "test_buggy_check: the check itself failed (KeyError); tell your instructor",
            "test_check_that_gives_up: the check itself failed (Failed); tell your instructor",
        ],
    }
    calls = _Calls({"status": "ok", "result": None})
    assert suite.run(Student(calls), "the reference") == ({"a": 3, "b": 2, "c": 1}, {"b": failures["b"]})
    assert calls.names == ["f", "f", "f"]


@pytest.mark.parametrize(
    "name, body",
    [
        ("fixture", '@pytest.mark.cell("a")\ndef test_wants_a_folder(student, tmp_path):\n    pass\n'),
        ("mark", '@pytest.mark.cell("a")\n@pytest.mark.xfail\ndef test_expects_to_fail(student):\n    pass\n'),
    ],
)
def test_what_the_direct_call_cannot_honour_is_refused_at_collection(tmp_path, monkeypatch, name, body):
    """Another fixture or a mark such as xfail would be ignored by the direct call: the suite is refused."""
    _write_suite(tmp_path, name, body)
    monkeypatch.setattr(judge, "SUITES", tmp_path)
    with pytest.raises(RuntimeError, match="only the fixtures student and ref"):
        judge._Suite(name)
