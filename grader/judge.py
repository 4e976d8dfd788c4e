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

import numpy as np
import pytest
from _pytest.config import _prepareconfig  # what pytest.main builds its Config with

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
    """Gives the suite its `student` and `ref` fixtures and records each failure's message.

    One plugin serves one collected suite for the life of the process; `start`
    hands it the next student, with nothing recorded.
    """

    def __init__(self):
        self.start(None, None)

    collect_errors = ()

    def start(self, student, reference):
        self._student = student
        self._reference = reference
        self.ran = {}
        self.failures = {}
        self.settled = set()  # cells whose function raised on their first test: 0 points, nothing more to run

    @pytest.fixture
    def student(self):
        return self._student

    @pytest.fixture
    def ref(self):
        return self._reference

    def pytest_collectreport(self, report):
        if report.failed:
            self.collect_errors += (report.longreprtext,)

    @pytest.hookimpl(tryfirst=True)
    def pytest_runtest_setup(self, item):
        if _cell_of(item) in self.settled:
            pytest.skip("the function already raised on this cell's first test")

    @pytest.hookimpl(tryfirst=True)
    def pytest_runtest_makereport(self, item, call):
        """Record the outcome; the report carries the student-facing message instead of a formatted
        traceback, which nobody reads and which costs more than the check itself."""
        cell = _cell_of(item)
        first_test = call.when == "call" and not self.ran.get(cell)
        self.ran.setdefault(cell, 0)
        self.ran[cell] += call.when == "call"
        error = call.excinfo.value if call.excinfo else None
        if error is None:
            outcome, message = "passed", None
        elif isinstance(error, pytest.skip.Exception):
            outcome, message = "skipped", (str(item.path), item.location[1], str(error))
        else:
            outcome = "failed"
            if first_test and isinstance(error, StudentError):
                self.settled.add(cell)
            message = str(error) if isinstance(error, Failure) else \
                f"{item.originalname}: the check itself failed ({type(error).__name__}); tell your instructor"
            self.failures.setdefault(cell, [])
            if message not in self.failures[cell]:
                self.failures[cell].append(message)
        return pytest.TestReport(item.nodeid, item.location, {}, outcome, message, call.when,
                                 duration=call.duration, start=call.start, stop=call.stop)


class _Suite:
    """An assignment's hidden suite, collected once; `run` judges one student with it.

    pytest's own session machinery is used as pytest-xdist's workers use it:
    configure and collect once, then run each item through the
    `pytest_runtest_protocol` hook. Each run ends by tearing every fixture
    down (the last item has no next item), so each student gets fresh
    fixtures; the items' report sections and the plugin's records are cleared
    before each run, and the parametrized arrays are read-only, so nothing of
    one student's run reaches the next.
    """

    def __init__(self, assignment):
        self._plugin = _JudgePlugin()
        suite = SUITES / f"test_{assignment}.py"
        args = [str(suite), "-p", "no:cacheprovider", "-p", "no:terminal", "-p", "no:faulthandler",
                "--capture=no", "--assert=plain", "-c", str(SUITES / "pytest.ini"), "--rootdir", str(SUITES)]
        self._config = _prepareconfig(args, [self._plugin])
        self._config._do_configure()
        self._session = pytest.Session.from_config(self._config)
        self._config.hook.pytest_sessionstart(session=self._session)
        try:
            self._session.perform_collect()
        except pytest.UsageError:
            pass  # a collection error: reported below
        if self._session.testsfailed or not self._session.items:
            self.close()
            raise RuntimeError(f"the hidden suite for {assignment} did not collect "
                               f"({len(self._session.items)} tests):\n" + "\n".join(self._plugin.collect_errors))
        for item in self._session.items:
            _make_read_only(getattr(item, "callspec", None) and item.callspec.params)

    def run(self, student, reference, only_cell=None):
        """Run the suite (or one cell's tests); (tests run per cell, failure messages per cell)."""
        items = [item for item in self._session.items if only_cell is None or _cell_of(item) == only_cell]
        self._plugin.start(student, reference)
        self._session.testsfailed = 0
        hook = self._config.hook
        with contextlib.redirect_stdout(io.StringIO()):
            for index, item in enumerate(items):
                item._report_sections = []
                item.user_properties = []
                hook.pytest_runtest_protocol(item=item, nextitem=items[index + 1] if index + 1 < len(items) else None)
                if getattr(student, "environment_fault", None) is not None:
                    raise student.environment_fault  # nothing of this run may be scored; the suite is rebuilt
        ran, failures = self._plugin.ran, self._plugin.failures
        self._plugin.start(None, None)
        return ran, failures

    def close(self):
        self._config.hook.pytest_sessionfinish(session=self._session, exitstatus=0)
        self._config._ensure_unconfigure()


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


def prepare(assignment):
    """Collect the suite and load the reference now (e.g. while a sandbox starts), not at the first judging."""
    _suite(assignment)
    load_reference(assignment)


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
        messages = failures.get(cell.grade_id, [])
        if not ran.get(cell.grade_id):
            messages = ["no hidden tests ran for this cell; tell your instructor"]
        passed = not messages
        text = "passed" if passed else summarise(messages)
        results.append(CellResult(cell.grade_id, cell.points if passed else 0.0, cell.points, text))
    return results
