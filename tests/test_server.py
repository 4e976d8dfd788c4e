"""The warm grader (grader.pipeline.server): `grade` answered by a warm process gives exactly the cold answer.

Each test starts from no warm grader and leaves none. The warm grader is
the real one, started by `python -m grader grade` itself in the background
(the tests' conftest turns it off for every other test).
"""

import base64
import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time

import nbformat
import pytest
import support
import support_leaks

from grader import course
from grader.pipeline import server
from grader.sandbox.limits import EnvironmentFault, Limits
from tools.notebooks import venv_environment

pytestmark = pytest.mark.slow  # end to end: sandboxes, processes, notebooks

OPTIONS = ("--call-timeout", "4")  # the limits these tests grade with (a warm grader serves one set of limits)
READY_SECONDS = 120


@pytest.fixture
def warm_environment(monkeypatch):
    """The environment of a `grade` that may ask and start a warm grader, in a runtime folder of this test's own
    (so that neither the user's warm grader nor another test run's meets it); none runs before or after."""
    folder = tempfile.mkdtemp(prefix="grader-server-", dir="/tmp")  # short: a socket's path has at most 107 bytes
    monkeypatch.setenv("GRADER_SERVER_DIR", folder)
    yield {**venv_environment(), server.SWITCH: "on"}
    for slot in server.runtime_dir().iterdir():  # one per course and interpreter
        server.stop(folder=slot)
    shutil.rmtree(folder)


def grade(path, environment, *extra, cwd=None):
    return subprocess.run(
        [sys.executable, "-m", "grader", "grade", str(path), "--json", *OPTIONS, *extra],
        capture_output=True,
        text=True,
        timeout=600,
        env=environment,
        cwd=cwd,
    )


def wait_until_warm(key=None, root=None):
    """The status of the warm grader (of course `root`, default ours) once it answers (with this key, if given);
    fails after READY_SECONDS."""
    deadline = time.monotonic() + READY_SECONDS
    while time.monotonic() < deadline:
        state = server.status(root=root)
        if state and "key" in state and (key is None or state["key"] == key):
            return state
        time.sleep(0.1)
    raise AssertionError(f"no warm grader answered within {READY_SECONDS} s; its log:\n" + _log())


def _log():
    folder = server.slot_dir()
    log = folder / "server.log" if folder else None
    return log.read_text()[-3000:] if log and log.exists() else "(none)"


def submissions(folder):
    """Notebooks of every kind a grader meets, and files that are not notebooks of the course."""
    made = {
        "perfect 01": support.write(support.filled_submission("01_forward"), folder / "perfect01.ipynb"),
        "blank 01": course.release_notebook_path("01_forward"),
        "perfect 02": course.source_notebook_path("02_backward"),
        "perfect 03": support.write(support.filled_submission("03_softmax"), folder / "perfect03.ipynb"),
    }
    for kind, name in [
        ("wrong", "sigmoid_naive"),
        ("wrong", "gelu_ignores_mode"),
        ("hostile", "exit_in_cell"),
        ("hostile", "infinite_loop_in_function"),
        ("hostile", "monkeypatch_testing"),
        ("hostile", "read_the_reference"),
    ]:
        entry = support.read_corpus_file(support.CORPUS / "01_forward" / kind / f"{name}.py")
        notebook = support.apply_corpus_file(support.filled_submission("01_forward"), entry)
        made[name] = support.write(notebook, folder / f"{name}.ipynb")
    (folder / "not_json.ipynb").write_text("{ not json")
    made["not JSON"] = folder / "not_json.ipynb"
    made["missing"] = folder / "missing.ipynb"
    made["another course"] = support.write(nbformat.v4.new_notebook(), folder / "other.ipynb")
    return made


def test_the_warm_grader_answers_exactly_as_the_cold_one(tmp_path, warm_environment):
    made = submissions(tmp_path)
    cold = {name: grade(path, warm_environment, "--no-server") for name, path in made.items()}
    started = grade(made["perfect 01"], warm_environment)  # none runs: graded here, and one is started
    assert started.returncode == 0 and json.loads(started.stdout)["score"] == 19, started.stderr
    state = wait_until_warm()
    for name, path in made.items():
        warm = grade(path, warm_environment)
        assert (warm.returncode, warm.stdout, warm.stderr) == (
            cold[name].returncode,
            cold[name].stdout,
            cold[name].stderr,
        ), name
    after = server.status()
    assert after["pid"] == state["pid"], "the warm grader was replaced: it did not answer every request"
    # Every notebook that could be read went to it (missing files never leave the caller).
    assert after["served"] == len(made) - 1, after
    scores = {name: json.loads(result.stdout)["score"] for name, result in cold.items() if result.returncode == 0}
    assert scores["perfect 01"] == 19 and scores["blank 01"] == 0 and scores["sigmoid_naive"] < 19
    assert {cold[name].returncode for name in ("not JSON", "missing", "another course")} == {2}


def test_the_next_student_of_a_warm_grader_sees_nothing_of_the_last(tmp_path, warm_environment):
    planter = support.write(support_leaks.notebook_with(support_leaks.PLANT), tmp_path / "a.ipynb")
    detector = support.write(support_leaks.notebook_with(support_leaks.DETECT), tmp_path / "b.ipynb")
    assert grade(planter, warm_environment).returncode == 0  # graded here; a warm grader starts
    wait_until_warm()
    for path in (planter, detector, detector):
        result = grade(path, warm_environment)
        assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout)
    assert report["score"] == 19, [test for test in report["tests"] if test["points"] < test["max_points"]]
    assert server.status()["served"] == 3


def test_a_warm_grader_killed_mid_request_costs_the_student_nothing(tmp_path, warm_environment):
    slow = support_leaks.notebook_with("import time\ntime.sleep(3)")
    path = support.write(slow, tmp_path / "slow.ipynb")
    assert grade(path, warm_environment).returncode == 0
    pid = wait_until_warm()["pid"]
    caller = subprocess.Popen(
        [sys.executable, "-m", "grader", "grade", str(path), "--json", *OPTIONS],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=warm_environment,
    )
    deadline = time.monotonic() + 30
    while server.status(0.5) is not None:  # it answers nobody while it grades the caller's
        assert time.monotonic() < deadline, "the caller never reached the warm grader"
        time.sleep(0.05)
    os.kill(pid, signal.SIGKILL)
    out, err = caller.communicate(timeout=300)
    assert caller.returncode == 0, err
    assert json.loads(out)["score"] == 19  # graded again, cold, in the caller


def copy_of_the_course(folder):
    """A copy of the course with its own grader under `folder`: its root."""
    copy = support.copy_of_the_course(folder)
    shutil.copytree(course.PACKAGE, copy / "grader", ignore=shutil.ignore_patterns("__pycache__", "course_files"))
    return copy


def test_the_second_grade_is_warm_through_a_relative_interpreter(warm_environment):
    """`../../.venv/bin/python -m grader grade` from an exercise folder: the second call is answered warm (the
    interpreter's path is normalised: unnormalised, each call made the last one's grader leave)."""
    folder = course.release_notebook_path("03_softmax").parent
    relative = [
        os.path.relpath(sys.executable, folder),
        "-m",
        "grader",
        "grade",
        "03_softmax.ipynb",
        "--json",
        *OPTIONS,
    ]
    for _ in range(2):  # the second comes at once: it waits for the grader the first started to warm up
        result = subprocess.run(relative, capture_output=True, text=True, timeout=600, env=warm_environment, cwd=folder)
        assert result.returncode == 0 and json.loads(result.stdout)["score"] == 0, result.stderr
    assert server.status()["served"] == 1, _log()


def test_two_courses_keep_two_warm_graders(tmp_path, warm_environment):
    copy = copy_of_the_course(tmp_path)
    notebook = course.release_notebook_path("03_softmax")
    assert grade(notebook, warm_environment).returncode == 0
    ours = wait_until_warm()
    theirs = copy / "solutions" / "03_softmax" / "03_softmax.ipynb"
    assert grade(theirs, {**warm_environment, "PYTHONPATH": str(copy)}, cwd=copy).returncode == 0
    state = wait_until_warm(root=copy)
    assert state["course"] == str(copy) and state["pid"] != ours["pid"]
    assert server.status()["pid"] == ours["pid"]  # still there: no course stops another's grader


def test_at_most_max_servers_run_and_the_least_recently_used_leaves(tmp_path, monkeypatch):
    monkeypatch.setenv("GRADER_SERVER_DIR", tempfile.mkdtemp(prefix="grader-server-", dir="/tmp"))
    slots, locks = [], []
    for age in range(server.MAX_SERVERS + 1):  # one more than may run
        slot = server.runtime_dir() / f"slot{age}"
        slot.mkdir()
        locks.append(server._lock(slot))  # held: as by a running warm grader
        os.utime(slot / "server.lock", (0, 1000 - age))  # slot0 was used last
        slots.append(slot)
    stopped = []
    monkeypatch.setattr(server, "stop", lambda folder: stopped.append(folder.name))
    server._make_room(keep=server.runtime_dir() / "new")  # five run: the two used longest ago make room for it
    assert sorted(stopped) == [f"slot{server.MAX_SERVERS - 1}", f"slot{server.MAX_SERVERS}"]
    for lock in locks:
        lock.close()
    shutil.rmtree(server.runtime_dir())


def test_a_server_folder_outside_tmp_is_refused_with_one_line(tmp_path):
    environment = {**venv_environment(), server.SWITCH: "on", "GRADER_SERVER_DIR": str(tmp_path.resolve())}
    if str(tmp_path.resolve()).startswith("/tmp/"):
        environment["GRADER_SERVER_DIR"] = os.path.expanduser("~/grader-server")
    result = grade(course.release_notebook_path("03_softmax"), environment)
    assert result.returncode == 2 and result.stdout == ""
    assert result.stderr.count("\n") == 1 and "GRADER_SERVER_DIR" in result.stderr and "/tmp" in result.stderr


def test_another_version_of_the_course_replaces_the_warm_grader(tmp_path, warm_environment):
    """A copy of the course with its own grader: once a source notebook changes, the old warm grader leaves."""
    copy = copy_of_the_course(tmp_path)
    environment = {**warm_environment, "PYTHONPATH": str(copy)}
    solved = copy / "solutions" / "01_forward" / "01_forward.ipynb"
    assert json.loads(grade(solved, environment, cwd=copy).stdout)["max_score"] == 19
    first = wait_until_warm(root=copy)
    assert first["course"] == str(copy)
    assert json.loads(grade(solved, environment, cwd=copy).stdout)["max_score"] == 19
    assert server.status(root=copy)["served"] == 1

    support.add_points(solved, 2)
    changed = grade(solved, environment, cwd=copy)
    assert json.loads(changed.stdout)["max_score"] == 21, changed.stderr
    second = wait_until_warm(root=copy)
    assert second["pid"] != first["pid"] and second["key"] != first["key"]
    assert json.loads(grade(solved, environment, cwd=copy).stdout)["max_score"] == 21
    assert server.status(root=copy)["served"] == 1


def test_other_limits_replace_the_warm_grader(tmp_path, warm_environment):
    path = course.source_notebook_path("03_softmax")
    assert grade(path, warm_environment).returncode == 0
    first = wait_until_warm()
    other = subprocess.run(
        [sys.executable, "-m", "grader", "grade", str(path), "--json", "--call-timeout", "7"],
        capture_output=True,
        text=True,
        timeout=600,
        env=warm_environment,
    )
    assert json.loads(other.stdout)["score"] == 14
    second = wait_until_warm()
    assert second["pid"] != first["pid"] and second["served"] == 0


def test_serve_leaves_when_idle_and_runs_once_per_user(warm_environment):
    command = [sys.executable, "-m", "grader", "serve", "--idle", "3", *OPTIONS]
    first = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=warm_environment)
    wait_until_warm()
    second = subprocess.run(command, capture_output=True, text=True, timeout=60, env=warm_environment)
    assert second.returncode == 1 and "already runs" in second.stderr
    assert first.wait(timeout=60) == 0
    assert not (server.slot_dir() / "server.sock").exists() and server.status() is None


def test_no_private_folder_no_warm_grader(tmp_path, warm_environment):
    folder = server.runtime_dir()
    os.chmod(folder, 0o755)
    try:
        result = grade(course.source_notebook_path("03_softmax"), warm_environment)
        assert result.returncode == 0 and json.loads(result.stdout)["score"] == 14
        refused = subprocess.run(
            [sys.executable, "-m", "grader", "serve"], capture_output=True, text=True, timeout=60, env=warm_environment
        )
        assert refused.returncode == 1 and "not a private folder" in refused.stderr
    finally:
        os.chmod(folder, 0o700)
    assert server.status() is None


def test_a_fault_of_the_warm_grader_sends_the_caller_to_cold_grading(monkeypatch):
    with server.WarmGrader(Limits()) as warm:
        warm.sandboxes["01_forward"] = (None, EnvironmentFault("its probe failed"))
        data = course.source_notebook_path("01_forward").read_bytes()
        request = {"op": "grade", "key": warm.key, "path": "x.ipynb", "data": base64.b64encode(data).decode()}
        assert warm._reply(request) == ({"fault": "its probe failed"}, True)
        assert warm._reply({**request, "key": "other"})[1] is True
    monkeypatch.setattr(server, "_ask", lambda request, timeout: {"fault": "its probe failed"})
    assert server.grade(course.source_notebook_path("01_forward"), Limits()) is None
    monkeypatch.setattr(server, "_ask", lambda request, timeout: {"not_a_course_notebook": "x.ipynb: not JSON"})
    with pytest.raises(course.NotACourseNotebook, match="not JSON"):
        server.grade(course.source_notebook_path("01_forward"), Limits())
