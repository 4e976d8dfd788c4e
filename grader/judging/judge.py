"""Run an assignment's hidden suite against a student and score each test cell.

The suite is an ordinary pytest file, `grader/suites/test_<assignment>.py`;
each of its tests carries `@pytest.mark.cell("<grade id>")` naming the test
cell of the source notebook it belongs to. A cell earns its points when all
of its tests pass, a share of them when only some categories of check failed
(grader.judging.credit: none if its values are wrong); its message says the points,
the categories lost, and the distinct failures, worded for the student.
A function that raises on the first test of a cell (NotImplementedError, say)
is judged once: the cell's other tests are not run, and it is said once.
"""

import contextlib
import dataclasses
import io
import warnings

import numpy as np
import pytest
from _pytest.config import _prepareconfig  # what pytest.main builds its Config with

from grader import course
from grader.course import PACKAGE
from grader.judging import credit
from grader.judging.failures import Failure, StudentError
from grader.judging.grade_report import CellReport
from grader.judging.student import Student
from grader.reference import load_reference

SUITES = PACKAGE / "suites"
MAX_MESSAGES = 3
# pytest's own plugins that collecting a suite does not need (loading them took half the collection's time).
UNUSED_PLUGINS = (
    "cacheprovider",
    "terminal",
    "faulthandler",
    "debugging",
    "unittest",
    "skipping",
    "legacypath",
    "tmpdir",
    "monkeypatch",
    "recwarn",
    "pastebin",
    "junitxml",
    "doctest",
    "setuponly",
    "setupplan",
    "stepwise",
    "unraisableexception",
    "threadexception",
    "warnings",
    "logging",
    "subtests",
)


@dataclasses.dataclass
class CellResult:
    """The outcome of one test cell: the JSON the contract describes, one entry of `tests`."""

    name: str
    points: float
    max_points: float
    message: str

    def as_dict(self) -> CellReport:
        return CellReport(name=self.name, points=self.points, max_points=self.max_points, message=self.message)


class _Collector:
    """Records the suite's collection errors (pytest reports them through this hook)."""

    def __init__(self):
        self.errors = []

    def pytest_collectreport(self, report):
        if report.failed:
            self.errors.append(report.longreprtext)


@dataclasses.dataclass(frozen=True)
class _Test:
    """One collected test: its cell, its function and the arguments it is called with (fixtures aside)."""

    name: str
    cell: str
    function: object
    fixtures: tuple
    params: dict


class _Suite:
    """An assignment's hidden suite, collected once by pytest; `run` judges one student with it.

    pytest collects the file (parametrization, marks) once per process and
    its session is closed at once. Each test is then called directly with
    its parameters and the two fixtures the suites use, `student` and `ref`:
    pytest's per-test protocol (hooks, fixture set-up and tear-down, reports)
    cost more than the checks themselves, and nothing in a test needs it. A
    test that asks for another fixture or carries a mark the direct call
    would ignore (skip, xfail, usefixtures...) is refused at collection. The
    parametrized arrays are read-only and each run starts with nothing
    recorded, so nothing of one student's run reaches the next.
    """

    FIXTURES = ("student", "ref")
    MARKS = {"cell", "parametrize"}

    def __init__(self, assignment):
        collector = _Collector()
        suite = SUITES / f"test_{assignment}.py"
        args = [
            str(suite),
            *(arg for name in UNUSED_PLUGINS for arg in ("-p", f"no:{name}")),
            "--disable-plugin-autoload",
            "--capture=no",
            "--assert=plain",
            "-c",
            str(SUITES / "pytest.ini"),
            "--rootdir",
            str(SUITES),
        ]
        config = _prepareconfig(args, [collector])
        config._do_configure()
        session = pytest.Session.from_config(config)
        config.hook.pytest_sessionstart(session=session)
        try:
            session.perform_collect()
        except pytest.UsageError:
            pass  # a collection error: reported below
        try:
            if session.testsfailed or not session.items:
                raise RuntimeError(
                    f"the hidden suite for {assignment} did not collect "
                    f"({len(session.items)} tests):\n" + "\n".join(collector.errors)
                )
            self.tests = [_test(item) for item in session.items]
        finally:
            config.hook.pytest_sessionfinish(session=session, exitstatus=0)
            config._ensure_unconfigure()
        for test in self.tests:
            _make_read_only(test.params)

    def run(self, student, reference, only_cell=None):
        """Run the suite (or one cell's tests); (tests run per cell, {failure message: its categories} per cell)."""
        fixtures = {"student": student, "ref": reference}
        ran, failures = {}, {}
        settled = set()  # cells whose function raised on their first test: 0 points, nothing more to run
        with contextlib.redirect_stdout(io.StringIO()), warnings.catch_warnings():
            warnings.simplefilter("ignore")  # what a check itself warns is nobody's business (pytest hid it too)
            for test in self.tests:
                if only_cell is not None and test.cell != only_cell or test.cell in settled:
                    continue
                first_test = not ran.get(test.cell)
                ran[test.cell] = ran.get(test.cell, 0) + 1
                message = _outcome(test, {name: fixtures[name] for name in test.fixtures})
                if getattr(student, "environment_fault", None) is not None:
                    raise student.environment_fault  # nothing of this run may be scored; the suite is rebuilt
                if message is None:
                    continue
                if first_test and isinstance(message, StudentError):
                    settled.add(test.cell)
                    message.category = credit.VALUES  # nothing of the cell could be judged
                failures.setdefault(test.cell, {}).setdefault(str(message), set()).add(
                    message.category or credit.VALUES
                )
        return ran, failures

    def close(self):
        """Nothing to release: pytest's session ended with the collection."""


def _test(item):
    """A collected pytest item as a _Test; RuntimeError if the direct call could not honour it."""
    params = dict(getattr(item, "callspec", None) and item.callspec.params or {})
    fixtures = tuple(name for name in item._fixtureinfo.argnames if name not in params)
    unknown = [name for name in fixtures if name not in _Suite.FIXTURES]
    marks = {mark.name for mark in item.iter_markers()} - _Suite.MARKS
    if unknown or marks or not isinstance(item, pytest.Function):
        raise RuntimeError(
            f"the hidden test {item.nodeid} uses what the judge does not provide "
            f"(fixtures {unknown}, marks {sorted(marks)}): only the fixtures student and ref, "
            "and the marks cell and parametrize"
        )
    return _Test(item.originalname, _cell_of(item), item.obj, fixtures, params)


def _outcome(test, fixtures):
    """None if the test passed (or skipped itself); else the Failure to report, worded for the student."""
    try:
        test.function(**fixtures, **test.params)
    except pytest.skip.Exception:
        return None
    except Failure as failure:
        return failure
    except KeyboardInterrupt:
        raise
    except BaseException as error:  # pytest.fail and SystemExit too, as pytest's protocol reported them
        return Failure(f"{test.name}: the check itself failed ({type(error).__name__}); tell your instructor")
    return None


def _make_read_only(params):
    """Freeze the NumPy arrays among a test's parameters: a check that wrote to one would change the next run."""
    for value in (params or {}).values():
        for array in value if isinstance(value, (tuple, list)) else (value,):
            if isinstance(array, np.ndarray):
                array.flags.writeable = False


_suites = {}


def _suite(assignment):
    """The assignment's suite, collected on first use in this process."""
    if assignment not in _suites:
        _suites[assignment] = _Suite(assignment)
    return _suites[assignment]


def prepare(assignment: str) -> None:
    """Collect the suite and load the reference now (e.g. while a sandbox starts), not at the first judging."""
    _suite(assignment)
    load_reference(assignment)


def _cell_of(item):
    marker = item.get_closest_marker("cell")
    return marker.args[0] if marker else None


def summarise(messages: list[str]) -> str:
    """Merge failures that differ only in the class of input ("f: problem on <class>; hint")."""
    groups = {}
    for message in messages:
        head, _, tail = message.partition(" on ")
        where, _, hint = tail.partition("; ")
        groups.setdefault((head, hint), []).append(where)
    parts = []
    for (head, hint), places in list(groups.items())[:MAX_MESSAGES]:
        places = list(dict.fromkeys(place for place in places if place))
        if places:
            more = len(places) - MAX_MESSAGES
            head += (
                " on " + ", ".join(places[:MAX_MESSAGES]) + (f" and {more} more classes of input" if more > 0 else "")
            )
        parts.append(head + (f"; {hint}" if hint else ""))
    if len(groups) > MAX_MESSAGES:
        parts.append(f"{len(groups) - MAX_MESSAGES} more problems")
    return ". ".join(parts)


def judge(assignment: str, student: Student, only_cell: str | None = None) -> list[CellResult]:
    """Run the suite; a list of CellResult, one per test cell of the source notebook (or only one).

    The suite is collected and the reference loaded once per process; a run
    that does not finish (an interrupt) discards the suite, so the next
    student gets a freshly collected one.
    """
    suite = _suite(assignment)
    try:
        ran, failures = suite.run(student, load_reference(assignment), only_cell)
    except BaseException:
        del _suites[assignment]
        suite.close()
        raise
    results = []
    for cell in course.test_cells(assignment):
        if only_cell is not None and cell.grade_id != only_cell:
            continue
        messages = failures.get(cell.grade_id, {})
        if not ran.get(cell.grade_id):
            messages = {"no hidden tests ran for this cell; tell your instructor": {credit.VALUES}}
        lost = set().union(*messages.values())
        points = credit.points(cell.points, lost)
        text = summarise(list(messages)) if messages else "passed"
        if 0 < points < cell.points:
            text = f"{_score(points, cell.points, lost)}: {text}"
        results.append(CellResult(cell.grade_id, points, cell.points, text))
    return results


def _score(points, max_points, lost):
    """How the cell was scored, for its message: "2.625 of 3 points (lost: edge cases; split: values 50%, ...)"."""
    return f"{points:g} of {max_points:g} points (lost: {', '.join(sorted(lost))}; split: {credit.split()})"


def forfeit(assignment: str, message: str) -> list[CellResult]:
    """Every test cell of `assignment` at 0 points, with `message`: a submission that may not be scored."""
    return [CellResult(cell.grade_id, 0.0, cell.points, message) for cell in course.test_cells(assignment)]
