"""The pure core of the grader, in process and in seconds: no sandbox, no notebook, no browser.

What travels between the grader and a sandbox (grader.sandbox.harness's encoding,
read back through grader.sandbox.replies), the framing and deadlines of
grader.sandbox.channel, the contract's tolerances (grader.judging.checks.values_match) and
the stage clock (grader.timings). `pytest -m "not slow"` runs these and the
other quick tests: the loop for whoever changes the grader.
"""

import ast
import json
import shutil
import socket
import struct
import threading
import time
from pathlib import Path

import numpy as np
import pytest

from grader import course, timings
from grader.judging import checks
from grader.sandbox import channel, harness, replies


def travel(value):
    """`value` as the grader reads it back after the harness encoded it and it crossed the socket as JSON."""
    return replies.value(json.loads(json.dumps(harness.encode(value, []))))


@pytest.mark.parametrize(
    "value",
    [
        None,
        True,
        "text",
        7,
        -(2**80),
        1.5,
        float("inf"),
        np.float32(0.25),
        np.int64(-3),
        np.arange(6, dtype=np.float32).reshape(2, 3),
        np.array([], dtype=np.float64),
        np.array([True, False]),
        (1, [2.0, {"a": np.ones(2)}]),
    ],
    ids=repr,
)
def test_plain_data_travels_unchanged(value):
    back = travel(value)
    assert type(back) is type(value)
    if isinstance(value, (np.ndarray, np.generic)):
        assert back.dtype == value.dtype and np.shape(back) == np.shape(value)
        np.testing.assert_array_equal(back, value)
    elif isinstance(value, tuple):
        assert back[0] == 1 and back[1][0] == 2.0 and np.array_equal(back[1][1]["a"], np.ones(2))
    else:
        assert back == value or (value != value and back != back)


def test_an_object_travels_as_a_handle_and_stays_behind():
    handles = []
    encoded = harness.encode({"model": object()}, handles)
    back = replies.value(encoded)
    assert len(handles) == 1 and isinstance(back["model"], harness.Handle) and back["model"].number == 0


def test_a_read_array_is_writable_and_owns_its_memory():
    back = travel(np.arange(4.0))
    back[0] = 9.0  # np.frombuffer over bytes would be read-only
    assert back[0] == 9.0


def _array(**change):
    encoded = harness.encode(np.arange(3.0), [])
    encoded.update(change)
    return encoded


@pytest.mark.parametrize(
    "data",
    [
        {"__lambda__": "lambda x: x"},  # source is never read back
        {"__function__": "sin"},  # a function goes to the submission, never back
        {"__rng__": 5},  # so does a generator
        {"__pickle__": "gASV"},  # unknown tag
        {"__int__": 5},  # an int must be its digits as text
        {"__int__": "1" * 5000},  # past Python's own digit limit
        {"__float__": "1e5" + "0" * 50},  # too long to be a float's repr
        {"__handle__": -1},
        {"__tuple__": [1], "__list__": [2]},  # two tags
        _array(dtype="|O8"),  # objects: never
        _array(dtype="<U3"),  # text arrays are not numbers
        _array(shape=[4]),  # bytes do not match the shape
        _array(shape=[-3]),
        _array(__ndarray__="not base64!"),
        _array(__scalar__=True),  # a scalar has no shape
        _array(extra=1),
        [1, 2],  # a bare list is not an encoded value
        "x" * (replies.MAX_TEXT + 1),
    ],
    ids=lambda data: json.dumps(data)[:40],
)
def test_a_malformed_value_is_refused(data):
    with pytest.raises(replies.Malformed):
        replies.value(data)


def test_nesting_and_count_are_bounded():
    deep = 1
    for _ in range(replies.MAX_DEPTH + 2):
        deep = [deep]
    with pytest.raises(replies.Malformed):
        travel(deep)
    with pytest.raises(replies.Malformed):
        travel([0] * (replies.MAX_VALUES + 1))
    assert len(travel([0] * 1000)) == 1000


def test_a_call_reply_names_only_what_python_defines():
    reply = {"id": 1, "status": "error", "error_type": "StudentMadeThisUp", "warnings": ["RuntimeWarning: overflow"]}
    assert replies.call_reply(reply)["error_type"] == "Exception"
    assert replies.call_reply({**reply, "error_type": "ZeroDivisionError"})["error_type"] == "ZeroDivisionError"
    for warning in ["RuntimeWarning: you lose 3 points", "NotAWarning", "ValueError: overflow"]:
        with pytest.raises(replies.Malformed):
            replies.call_reply({**reply, "warnings": [warning]})
    for forged in [
        {**reply, "status": "full marks"},
        {**reply, "result": None},
        {**reply, "mutated": "yes"},
        {**reply, "score": 10},
    ]:
        with pytest.raises(replies.Malformed):
            replies.call_reply(forged)


def test_a_reply_budget_grows_with_the_request():
    small = replies.budget((np.zeros(3).tolist(),), {})
    large = replies.budget((list(range(3_000_000)),), {})
    assert small == replies.MIN_REPLY_BYTES and large > replies.MIN_REPLY_BYTES


@pytest.fixture
def pair():
    """A Channel and the raw socket at the sandbox's end."""
    ours, theirs = socket.socketpair()
    closed = []
    yield channel.Channel(ours, on_close=lambda: closed.append(True)), theirs, closed
    theirs.close()


def _answer(sock, make_reply):
    """In a thread: read one framed request from `sock` and write back what make_reply(request) gives (bytes)."""

    def run():
        (size,) = struct.unpack(">I", sock.recv(4))
        request = json.loads(sock.recv(size))
        data = make_reply(request)
        sock.sendall(struct.pack(">I", len(data)) + data)

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    return thread


def test_a_reply_comes_back_with_its_id(pair):
    chan, theirs, _ = pair
    _answer(theirs, lambda request: json.dumps({"id": request["id"], "echo": request["op"]}).encode())
    assert chan.request({"op": "ping"}, seconds=5) == {"id": 1, "echo": "ping"}


@pytest.mark.parametrize(
    "make_reply, how",
    [
        (lambda request: b"x" * (channel.MAX_CONTROL_BYTES + 1), "oversized"),
        (lambda request: json.dumps({"id": request["id"] + 1}).encode(), "garbled"),
        (lambda request: b"{not json", "garbled"),
        (lambda request: b"[" * 100_000 + b"]" * 100_000, "oversized"),
    ],
)
def test_a_bad_reply_kills_the_channel(pair, make_reply, how):
    chan, theirs, closed = pair
    _answer(theirs, make_reply)
    with pytest.raises(channel.SandboxDied, match=how):
        chan.request({"op": "ping"}, seconds=5)
    assert chan.closed and closed == [True]


def test_a_deeply_nested_reply_within_its_size_is_garbled_not_a_crash(pair):
    chan, theirs, _ = pair
    _answer(theirs, lambda request: b"[" * 50_000 + b"]" * 50_000)
    with pytest.raises(channel.SandboxDied, match="garbled"):
        chan.request({"op": "ping"}, seconds=5, max_reply=200_000)


def test_silence_is_a_timeout_and_a_closed_end_is_an_exit(pair):
    chan, theirs, _ = pair
    started = time.monotonic()
    with pytest.raises(channel.SandboxDied, match="timeout"):
        chan.request({"op": "ping"}, seconds=0.2)
    assert time.monotonic() - started < 2
    ours, other = socket.socketpair()
    other.close()
    with pytest.raises(channel.SandboxDied, match="exited"):
        channel.Channel(ours).request({"op": "ping"}, seconds=5)


@pytest.mark.parametrize(
    "want, got, match",
    [
        (np.array([1.0, np.nan, np.inf]), np.array([1.0, np.nan, np.inf]), True),
        (np.array([1.0]), np.array([1.0 + 1e-12]), True),
        (np.array([1.0]), np.array([1.001]), False),
        (np.array([np.nan]), np.array([0.0]), False),
        (np.array([np.inf]), np.array([1e308]), False),
        (np.array([1.0], dtype=np.float32), np.array([1.0 + 1e-6]), True),  # float32's looser tolerance
        (np.array([1.0, 2.0]), np.array([1.0, 2.0, 3.0]), False),  # shapes that do not broadcast
    ],
)
def test_values_match_the_contracts_tolerance(want, got, match):
    assert checks.values_match(got, want) is match


def test_each_second_counts_once_to_the_innermost_stage():
    started = time.perf_counter()
    with timings.recording() as seconds:
        with timings.stage("outer"):
            time.sleep(0.02)
            with timings.stage("inner"):
                time.sleep(0.05)
    total = time.perf_counter() - started
    assert seconds["inner"] >= 0.05 and seconds["outer"] >= 0.02
    assert seconds["outer"] + seconds["inner"] <= total  # the inner block's seconds were not counted twice
    with timings.stage("nowhere"):  # outside a recording: records nothing, raises nothing
        pass
    assert timings.rounded({"a": 0.1234567}) == {"a": 0.123457}


def test_the_fingerprint_covers_every_module_of_the_grader(tmp_path, monkeypatch):
    """A worker or a warm grader whose code differs anywhere, subpackages included, is another version."""
    copy = tmp_path / "grader"
    shutil.copytree(course.PACKAGE, copy, ignore=shutil.ignore_patterns("__pycache__", "course_files"))
    monkeypatch.setattr(course, "PACKAGE", copy)
    before = course.fingerprint("01_forward")
    assert course.fingerprint("01_forward") == before
    for module in ("sandbox/harness.py", "judging/credit.py", "suites/test_01_forward.py", "course.py"):
        original = (copy / module).read_text()
        (copy / module).write_text(original + "\n# changed\n")
        assert course.fingerprint("01_forward") != before, module
        (copy / module).write_text(original)
    assert course.fingerprint("01_forward") == before


LAYERS = ["foundation", "sandbox", "judging", "suites", "nbgrader_bridge", "pipeline", "instructor", "commands"]
FOUNDATION = {"grader", "grader.course", "grader.timings", "grader.reference"}


def layer_of(module):
    """A grader module's layer: its subpackage, the foundation it all stands on, or the commands at the top."""
    if module in FOUNDATION:
        return "foundation"
    parts = module.split(".")
    return parts[1] if len(parts) > 2 or parts[1] in LAYERS else "commands"


def imported(source):
    """(line, name) for each import in Python `source`, lazy ones included: `import a.b` gives a.b, and
    `from a import b` gives a.b (b a module or a name); relative imports are left out."""
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            yield from ((node.lineno, alias.name) for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and not node.level:
            yield from ((node.lineno, f"{node.module}.{alias.name}") for alias in node.names)


def grader_imports():
    """(importing module, imported module) for every import of a grader module in grader/, lazy ones included."""
    modules = {}
    for path in course.PACKAGE.rglob("*.py"):
        parts = path.relative_to(course.PACKAGE.parent).with_suffix("").parts
        modules[".".join(parts[:-1] if parts[-1] == "__init__" else parts)] = path
    for module, path in sorted(modules.items()):
        for _, name in imported(path.read_text()):
            target = name if name in modules else name.rpartition(".")[0]  # a name imported from its module
            if name.partition(".")[0] == "grader" and target != module:
                yield module, target


def test_each_layer_imports_only_from_the_layers_below_it():
    """The grader's folders are layers (book/instructors/guide.md has the table): nothing imports upwards."""
    upward = [
        f"{module} imports {target}"
        for module, target in grader_imports()
        if LAYERS.index(layer_of(target)) > LAYERS.index(layer_of(module))
    ]
    assert layer_of("grader.sandbox.harness") == "sandbox" and layer_of("grader.visible") == "commands"
    assert not upward, upward


def test_no_module_of_the_grader_imports_itself_back():
    """No import cycle, through lazy imports either: each module can be read after those it imports."""
    graph = {}
    for module, target in grader_imports():
        graph.setdefault(module, set()).add(target)

    def reaches(start, goal, seen):
        return any(
            t == goal or (t not in seen and not seen.add(t) and reaches(t, goal, seen)) for t in graph.get(start, ())
        )

    cycles = sorted(module for module in graph if reaches(module, module, set()))
    assert not cycles, cycles


def imports_of_test_modules(source):
    """The test modules (test_*) and conftest that Python `source` imports, anywhere in it: [(line, module)]."""
    tops = dict.fromkeys((line, name.partition(".")[0]) for line, name in imported(source))
    return [(line, top) for line, top in tops if top == "conftest" or top.startswith("test_")]


def test_test_modules_share_helpers_through_support_modules_and_conftest_only():
    """No tests/*.py imports a test module or conftest: plain helpers and constants live in the support modules
    (tests/support*.py), fixtures in tests/conftest.py, where pytest finds them without an import (issue 22)."""
    assert imports_of_test_modules(
        "import support\nfrom test_batch import make_course\ndef f():\n    import conftest, test_isolation.x\n"
    ) == [(2, "test_batch"), (4, "conftest"), (4, "test_isolation")]  # the check bites, in a function too
    found = [
        f"tests/{path.name}:{line} imports {module}"
        for path in sorted(Path(__file__).resolve().parent.glob("*.py"))
        for line, module in imports_of_test_modules(path.read_text())
    ]
    assert not found, "\n".join(found)


def test_one_check_of_a_course_root_and_one_glob_of_a_class(tmp_path):
    """course.check_course_root gives the one line autograde, report and similar print outside a course root;
    course.submitted_notebooks finds a class's notebooks where `nbgrader collect` puts them, by student id."""
    with pytest.raises(course.NotACourseRoot) as refused:
        course.check_course_root(tmp_path, "01_forward", "report")
    assert str(refused.value) == "run report in the course root (the folder with nbgrader_config.py and solutions/)"
    (tmp_path / "nbgrader_config.py").write_text("c = get_config()\n")
    (tmp_path / "solutions").mkdir()
    assert course.is_course_root(tmp_path) and not course.is_course_root(tmp_path / "solutions")
    with pytest.raises(course.NotACourseRoot, match=r"^no assignment '01_forward' in solutions/$"):
        course.check_course_root(tmp_path, "01_forward", "autograde")
    (tmp_path / "solutions" / "01_forward").mkdir()
    course.check_course_root(tmp_path, "01_forward", "autograde")
    for folder in ("b/01_forward", "a/01_forward", "c/02_backward", "d"):
        (tmp_path / "submitted" / folder).mkdir(parents=True)
    (tmp_path / "submitted" / "d" / "01_forward").write_text("")  # a file, not the assignment's folder
    found = course.submitted_notebooks(tmp_path, "01_forward")
    assert list(found) == ["a", "b"]
    assert found["a"] == tmp_path / "submitted" / "a" / "01_forward" / "01_forward.ipynb"


def test_sqlite_locked_is_gradebook_busy():
    """SQLite's "database is locked", raised or logged by an nbgrader app before it exits, is GradebookBusy (the
    batch retries); any other failure stays what it was."""
    from sqlalchemy.exc import OperationalError

    from grader.nbgrader_bridge import gradebook

    def failing(error, cause=""):
        with gradebook._busy_when_locked(lambda: cause):
            raise error

    with pytest.raises(gradebook.GradebookBusy):
        failing(OperationalError("UPDATE grade", {}, Exception("database is locked")))
    with pytest.raises(gradebook.GradebookBusy):
        failing(SystemExit(1), "sqlite3.OperationalError: database is locked")
    with pytest.raises(OperationalError):
        failing(OperationalError("SELECT", {}, Exception("no such table: grade")))
    with pytest.raises(SystemExit):
        failing(SystemExit(1), "ValueError: the locked cell's checksum changed")


def test_the_grade_report_types_name_the_contracts_keys():
    """grader.judging.grade_report names the keys of docs/contract.md's result object, and a judged cell has exactly the
    keys of one entry of its `tests`."""
    from grader.judging.grade_report import CellReport, GradeReport
    from grader.judging.judge import CellResult

    assert {"assignment", "score", "max_score", "tests", "course", "warning"} <= GradeReport.__optional_keys__
    assert CellReport.__required_keys__ == {"name", "points", "max_points", "message"}
    assert CellResult("test_relu", 1.0, 2.0, "passed").as_dict() == {
        "name": "test_relu",
        "points": 1.0,
        "max_points": 2.0,
        "message": "passed",
    }


def test_the_grader_hands_functions_and_generators_over_by_name_and_the_harness_evaluates_no_source():
    """harness.Function names one of harness.FUNCTIONS and harness.Generator a seed: no source crosses to the sandbox,
    and nothing in the harness can run any (eval and exec are left to the submission's own cells)."""
    import inspect

    def arrive(value):
        return harness.decode_request(json.loads(json.dumps(harness.encode(value, []))), [])

    assert arrive(harness.Function("cube"))(np.arange(3.0)).tolist() == [0.0, 1.0, 8.0]
    assert arrive(harness.Generator(5)).normal() == np.random.default_rng(5).normal()
    with pytest.raises(ValueError):
        harness.Function("__import__")
    for data in [{"__function__": "eval"}, {"__function__": ["sin"]}, {"__rng__": "5"}, {"__rng__": True}]:
        with pytest.raises(ValueError):
            harness.decode_request(data, [])
    with pytest.raises(ValueError, match="unknown encoding"):
        harness.decode_request({"__lambda__": "lambda x: x"}, [])
    calls = [
        node.func.id
        for node in ast.walk(ast.parse(inspect.getsource(harness)))
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Name)
    ]
    assert "eval" not in calls and calls.count("exec") == 1  # _exec_cell's, for a submission's cell
