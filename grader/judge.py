"""Run an assignment's hidden suite against a student and score each test cell.

The suite is an ordinary pytest file, `grader/suites/test_<assignment>.py`;
each of its tests carries `@pytest.mark.cell("<grade id>")` naming the test
cell of the source notebook it belongs to. A cell earns its points when all
of its tests pass (as under stock nbgrader, where the cell either raises or
does not); its message lists the distinct failures, worded for the student.
A function that raises on the first test of a cell (NotImplementedError, say)
is judged once: the cell's other tests are not run, and it is said once.
"""

import contextlib
import dataclasses
import io
import pathlib

import pytest

from grader import course
from grader.failures import Failure, StudentError
from grader.reference import load_reference

SUITES = pathlib.Path(__file__).resolve().parent / "suites"
MAX_MESSAGES = 3


@dataclasses.dataclass
class CellResult:
    """The outcome of one test cell: the JSON the contract describes, one entry of `tests`."""

    name: str
    points: float
    max_points: float
    message: str

    def as_dict(self):
        return dataclasses.asdict(self)


class _JudgePlugin:
    """Gives the suite its `student` and `ref` fixtures and records each failure's message."""

    def __init__(self, student, reference, only_cell):
        self._student = student
        self._reference = reference
        self._only_cell = only_cell
        self.ran = {}
        self.failures = {}
        self.settled = set()  # cells whose function raised on their first test: 0 points, nothing more to run

    @pytest.fixture
    def student(self):
        return self._student

    @pytest.fixture
    def ref(self):
        return self._reference

    def pytest_collection_modifyitems(self, items, config):
        if self._only_cell is not None:
            items[:] = [item for item in items if _cell_of(item) == self._only_cell]

    @pytest.hookimpl(tryfirst=True)
    def pytest_runtest_setup(self, item):
        if _cell_of(item) in self.settled:
            pytest.skip("the function already raised on this cell's first test")

    @pytest.hookimpl(wrapper=True)
    def pytest_runtest_makereport(self, item, call):
        report = yield
        cell = _cell_of(item)
        first_test = call.when == "call" and not self.ran.get(cell)
        self.ran.setdefault(cell, 0)
        self.ran[cell] += call.when == "call"
        if report.failed:
            error = call.excinfo.value if call.excinfo else None
            if first_test and isinstance(error, StudentError):
                self.settled.add(cell)
            message = str(error) if isinstance(error, Failure) else \
                f"{item.originalname}: the check itself failed ({type(error).__name__}); tell your instructor"
            self.failures.setdefault(cell, [])
            if message not in self.failures[cell]:
                self.failures[cell].append(message)
        return report


def _cell_of(item):
    marker = item.get_closest_marker("cell")
    return marker.args[0] if marker else None


def summarise(messages):
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
            head += " on " + ", ".join(places[:MAX_MESSAGES]) + (f" and {more} more classes of input" if more > 0 else "")
        parts.append(head + (f"; {hint}" if hint else ""))
    if len(groups) > MAX_MESSAGES:
        parts.append(f"{len(groups) - MAX_MESSAGES} more problems")
    return ". ".join(parts)


def judge(assignment, student, only_cell=None):
    """Run the suite; a list of CellResult, one per test cell of the source notebook (or only one)."""
    plugin = _JudgePlugin(student, load_reference(assignment), only_cell)
    suite = SUITES / f"test_{assignment}.py"
    args = [str(suite), "-q", "-p", "no:cacheprovider", "-c", str(SUITES / "pytest.ini"),
            "--rootdir", str(SUITES), "-W", "ignore::pytest.PytestAssertRewriteWarning"]
    with contextlib.redirect_stdout(io.StringIO()) as log:
        exit_code = pytest.main(args, plugins=[plugin])
    if exit_code not in (pytest.ExitCode.OK, pytest.ExitCode.TESTS_FAILED):
        raise RuntimeError(f"the hidden suite for {assignment} did not run ({exit_code!r}):\n{log.getvalue()}")
    results = []
    for cell in course.test_cells(assignment):
        if only_cell is not None and cell.grade_id != only_cell:
            continue
        messages = plugin.failures.get(cell.grade_id, [])
        if not plugin.ran.get(cell.grade_id):
            messages = ["no hidden tests ran for this cell; tell your instructor"]
        passed = not messages
        text = "passed" if passed else summarise(messages)
        results.append(CellResult(cell.grade_id, cell.points if passed else 0.0, cell.points, text))
    return results
