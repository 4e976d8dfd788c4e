"""Attacks on the grader itself, not on the checks: each class of attack fails, as root and as an ordinary user.

Each attack is a cell of a blank 01_forward notebook (plus, where an attack
needs them, cells that stand in for a student's functions). An attack that
works makes the notebook *gain* points: it defines a correct function (the
reference's own answer, pasted in) that the blank notebook lacks, so the
test names the wall that broke by the function that gained. Every notebook
is graded by `python -m grader grade` inside an outer throwaway sandbox
(tests/outer_sandbox.py), so a hole fails a test, never the machine.
"""

import json
import os
import resource
import shutil
import subprocess
import sys
import textwrap

import nbformat
import numpy as np
import outer_sandbox
import pytest
import support
from support_bubblewrap import needs_bubblewrap

from grader import course
from grader.judging.student import SandboxTransport, Student
from grader.sandbox import replies
from grader.sandbox.launcher import Zygote
from grader.sandbox.limits import Limits
from grader.sandbox.probe import warm_sandbox

pytestmark = pytest.mark.slow  # end to end: sandboxes, processes, notebooks

ASSIGNMENT = "01_forward"

# Each wall, tried from inside: if it gives way, the function named gets the reference's answer.
WALLS = """
import ctypes, os, platform, resource, tempfile
libc = ctypes.CDLL(None, use_errno=True)
broken = set()
with open("/proc/self/status") as status:
    if any(line.startswith("CapEff:") and int(line.split()[1], 16) for line in status):
        broken.add("step")                                        # root's capabilities kept
if libc.umount2(b"/tmp", 2) == 0 or libc.mount(b"none", b"/tmp", b"tmpfs", 0, None) == 0 \\
        or libc.mount(b"none", b"/", b"none", 0x20 | 0x1000, None) == 0:   # MS_REMOUNT | MS_BIND
    broken.add("linear")                                      # mounts
number = {"x86_64": 248, "aarch64": 217}.get(platform.machine())
if number and libc.syscall(number, b"user", b"attack", b"x", 1, -3) >= 0:
    broken.add("relu")                                        # the kernel keyring
if libc.unshare(0x10000000) == 0:
    broken.add("tanh")                                        # nested user namespaces
for attack in (lambda: resource.prlimit(os.getppid(), resource.RLIMIT_NOFILE, (6, 6)),
               lambda: os.setpriority(os.PRIO_USER, 0, 19),
               lambda: os.sched_setaffinity(os.getppid(), {0}),
               lambda: os.kill(os.getppid(), 0), lambda: os.kill(-1, 0)):
    try:
        attack()
        broken.add("sigmoid")                                 # the zygote that forks every student
    except OSError:
        pass
if hasattr(os, "memfd_create"):
    try:
        os.close(os.memfd_create("outside-the-limits"))
        broken.add("swish")                                   # memory no limit counts
    except OSError:
        pass
DEVICES = {"/dev/null", "/dev/zero", "/dev/full", "/dev/random", "/dev/urandom", "/dev/tty", "/dev/pts"}
with open("/proc/self/mountinfo") as mountinfo:  # read-only mounts, whatever the outer sandbox masks
    for line in mountinfo:
        point, options = line.split()[4], line.split()[5].split(",")
        if "rw" in options and point not in {"/tmp", "/dev/shm", "/proc", *DEVICES}:
            broken.add("leaky_relu")                          # a writable mount besides the scratch folders
for path in ("/dev/planted", "/planted", "/usr/planted", "/etc/planted"):
    try:
        open(path, "w").close()
        broken.add("leaky_relu")                              # writable outside the scratch folders
    except OSError:
        pass
for name in ("shmget", "msgget", "semget"):
    if getattr(libc, name)(0x4752, 64, 0o1666) >= 0 if name == "shmget" else getattr(libc, name)(0x4752, 0o1666) >= 0:
        broken.add("gelu")                                    # System V IPC outlives the sweep
try:
    with open("/dev/shm/big", "wb") as big:
        for _ in range(64):
            big.write(b"\\0" * (1 << 20))
    broken.add("swish")                                       # an uncapped /dev/shm
except OSError:
    pass
finally:
    if os.path.exists("/dev/shm/big"):
        os.unlink("/dev/shm/big")
for path in (*ELSEWHERE, "/etc/shadow", "/etc/passwd", "/root/.bashrc", "/root/.profile", "/home", "/var", "/srv"):
    if os.path.lexists(path):
        broken.add("elu")                                     # the machine beyond the allow-list
"""
WALL_FUNCTIONS = ("step", "linear", "relu", "tanh", "sigmoid", "leaky_relu", "gelu", "swish", "elu")

# Replies forged two ways (the harness's own Function, a frame written on the channel), and student text in
# an exception's class name and a warning's message. MARKER is defined in a cell before.
FORGED = """
import json, struct, sys
import numpy as np
import __main__

# Evaluated in the grader, this expression would write a file there (it reaches `open` without builtins).
ESCAPE = ("[c for c in ().__class__.__base__.__subclasses__() if c.__name__ == 'catch_warnings'][0]()"
          f"._module.__builtins__['open']({MARKER!r}, 'w')")

def step(x):
    function = object.__new__(__main__.Function)  # past its check that the name is one of FUNCTIONS
    function.name = ESCAPE
    return function

def relu(x):
    frame = sys._getframe()
    while not {"request", "replies"} <= frame.f_locals.keys():  # the harness's serve loop
        frame = frame.f_back
    request, channel = frame.f_locals["request"], frame.f_locals["replies"]
    forged = {"id": request["id"], "status": "ok", "result": {"__function__": ESCAPE},
              "warnings": [], "mutated": False, "aliased": False}
    data = json.dumps(forged).encode()
    channel.write(struct.pack(">I", len(data)) + data)
    channel.flush()
    return np.maximum(x, 0)

SECRET = type("<inputs 1.0532998716941768, -7.25>", (ValueError,), {})

def sigmoid(x):
    raise SECRET("hidden input 1.0532998716941768")

def tanh(x):
    import warnings
    warnings.warn("overflow <inputs 1.0532998716941768>", RuntimeWarning)
    return np.tanh(x)
"""


def reference_answer(function):
    """The source of the reference answer cell that defines `function`."""
    for cell in course.source_notebook(ASSIGNMENT).cells:
        if cell.cell_type == "code" and f"def {function}(" in cell.source and not course.is_test_cell(cell):
            return cell.source
    raise LookupError(function)


def blank_with(tmp_path, *cells):
    notebook = support.released_notebook(ASSIGNMENT)
    notebook.cells += [nbformat.v4.new_code_cell(textwrap.dedent(source)) for source in cells]
    return support.write(notebook, tmp_path / "attack.ipynb")


def grade_inside_outer_sandbox(path, work, user):
    result = outer_sandbox.run(
        [sys.executable, "-m", "grader", "grade", str(path), "--json", "--no-server", "--call-timeout", "5"], work, user
    )
    assert result.returncode == 0, result.stderr[-2000:]
    return json.loads(result.stdout)


def gained(report):
    return {test["name"]: test["message"] for test in report["tests"] if test["points"] > 0}


@pytest.mark.parametrize("user", outer_sandbox.USERS)
def test_the_walls_hold(user, tmp_path):
    """Capabilities, mounts, keyring, namespaces, the zygote, writable places, IPC, /dev/shm's cap, the allow-list."""
    needs_bubblewrap()
    backup = tmp_path / "srv-backup"
    (backup / "solutions").mkdir(parents=True)
    rewards = [f"if {name!r} in broken:\n" + textwrap.indent(reference_answer(name), "    ") for name in WALL_FUNCTIONS]
    elsewhere = [str(backup), str(course.COURSE_ROOT / "solutions"), str(course.COURSE_ROOT / "grader")]
    path = blank_with(tmp_path, f"ELSEWHERE = {elsewhere!r}\n" + WALLS, *rewards)
    report = grade_inside_outer_sandbox(path, tmp_path, user)
    assert report["score"] == 0, f"walls that gave way (by the function that gained): {gained(report)}"


def test_the_rewards_are_earned_when_a_wall_is_missing(tmp_path):
    """The same cells with every wall "broken" by hand: each reward function gains, so the test above can fail."""
    rewards = [f"if {name!r} in broken:\n" + textwrap.indent(reference_answer(name), "    ") for name in WALL_FUNCTIONS]
    path = blank_with(tmp_path, f"broken = set({list(WALL_FUNCTIONS)!r})", *rewards)
    report = grade_inside_outer_sandbox(path, tmp_path, "root")
    assert {f"test_{name}" for name in WALL_FUNCTIONS} - {"test_swish", "test_gelu"} <= set(gained(report)), report[
        "tests"
    ]


@pytest.mark.parametrize("user", outer_sandbox.USERS)
def test_forged_replies_are_data_and_student_text_stays_out_of_feedback(user, tmp_path):
    needs_bubblewrap()
    marker = tmp_path / "escaped"
    report = grade_inside_outer_sandbox(blank_with(tmp_path, f"MARKER = {str(marker)!r}\n" + FORGED), tmp_path, user)
    assert not marker.exists(), "a forged reply ran code in the grader"
    # Only tanh's right values earn anything (partial credit): its forged warning still costs it the warnings share.
    assert set(gained(report)) <= {"test_tanh"}, gained(report)
    tanh = next(test for test in report["tests"] if test["name"] == "test_tanh")
    assert tanh["points"] < tanh["max_points"] and "lost: warnings" in tanh["message"], tanh
    feedback = json.dumps(report)
    assert "<inputs" not in feedback and "1.0532998716941768" not in feedback, feedback
    sigmoid = next(test for test in report["tests"] if test["name"] == "test_sigmoid")
    assert "raised ValueError" in sigmoid["message"]


def test_an_oversized_reply_is_refused_before_it_is_read():
    """A 150 MB result is refused on its length header: the grader's memory does not grow by it."""
    needs_bubblewrap()
    big = "import numpy as np\ndef relu(x):\n    return np.zeros(14_000_000)\n"
    transport = SandboxTransport([big], Limits(call_seconds=60))
    try:
        before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        outcome = Student(transport).relu.outcome(np.linspace(-3, 3, 7))
        grown_mib = (resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before) / 1024
    finally:
        transport.close()
    assert outcome.status == "oversized"
    assert grown_mib < 60, f"the grader's peak memory grew by {grown_mib:.0f} MiB"


@pytest.mark.parametrize(
    "reply",
    [
        {"id": 1, "status": "ok", "result": {"__lambda__": "lambda x: x"}},
        {"id": 1, "status": "ok", "result": {"__function__": "sin"}},
        {"id": 1, "status": "ok", "result": {"__rng__": 5}},
        {"id": 1, "status": "ok", "result": {"__ndarray__": "AAAA", "dtype": "|O8", "shape": [1], "__scalar__": False}},
        {"id": 1, "status": "ok", "result": {"__ndarray__": "AAAA", "dtype": "<f8", "shape": [9], "__scalar__": False}},
        {"id": 1, "status": "won", "result": None},
        {"id": 1, "status": "ok", "result": None, "extra": 1},
        {"id": 1, "status": "ok", "result": None, "warnings": ["MadeUpWarning: overflow"]},
        {"id": 1, "status": "ok", "result": {"__list__": [{"__list__": []}]}, "mutated": "no"},
        {"id": 1, "status": "ok", "result": json.loads("[" * 40 + "]" * 40)},
    ],
)
def test_the_reply_schema_refuses_what_no_harness_writes(reply):
    with pytest.raises(replies.Malformed):
        replies.call_reply(reply)


def test_a_deep_or_numerous_value_is_refused_and_a_plain_one_read():
    deep = None
    for _ in range(replies.MAX_DEPTH + 2):
        deep = {"__list__": [deep]}
    with pytest.raises(replies.Malformed):
        replies.value(deep)
    with pytest.raises(replies.Malformed):
        replies.value({"__list__": [None] * replies.MAX_VALUES})
    assert replies.value({"__list__": [None] * (replies.MAX_VALUES - 1)}) == [None] * (replies.MAX_VALUES - 1)
    reply = replies.call_reply({"id": 3, "status": "error", "error_type": "<made up>"})
    assert reply["error_type"] == "Exception"


def _zygote_host_pid(zygote):
    """The zygote's pid as the machine sees it: bubblewrap's init's child."""
    pid = zygote.process.pid
    for _ in range(2):
        children = open(f"/proc/{pid}/task/{pid}/children").read().split()
        pid = int(children[0])
    return pid


def test_a_zygote_changed_from_outside_is_noticed_and_replaced():
    """The backstop behind the filter: the sweep compares the zygote's limits with those it started with."""
    needs_bubblewrap()
    zygote = Zygote(Limits(), ("numpy",))
    try:
        channel = zygote.spawn()
        first = zygote.process.pid
        resource.prlimit(_zygote_host_pid(zygote), resource.RLIMIT_NOFILE, (6, 6))
        channel.close()
        assert zygote.tampered and zygote.process is None
        channel = zygote.spawn()  # a fresh zygote serves the next submission
        assert zygote.process.pid != first
        channel.close()
        assert not zygote.tampered
    finally:
        zygote.close()


@pytest.mark.parametrize("times, expected", [(1, 19.0), (2, 0.0)])
def test_a_tampering_run_is_graded_again_once_then_scored_zero(times, expected, tmp_path, monkeypatch):
    """Found once (it may be the machine's doing), the notebook is graded again in a fresh zygote; found again,
    the submission scores 0 with the reason."""
    from grader.pipeline import grade
    from grader.sandbox import launcher

    sweeps = []
    real_sweep = launcher.Zygote._sweep

    def sweep(self):
        real_sweep(self)
        sweeps.append(1)
        if len(sweeps) <= times:
            self.tampered = True
            self.close()

    path = support.write(support.filled_submission(ASSIGNMENT), tmp_path / "good.ipynb")
    zygote, fault = warm_sandbox(ASSIGNMENT, Limits())  # probed, as a batch worker's: the next sweeps are grading's
    assert fault is None
    monkeypatch.setattr(launcher.Zygote, "_sweep", sweep)
    try:
        report = grade.grade_notebook(path, zygote=zygote)
    finally:
        zygote.close()
    assert report["score"] == expected and len(sweeps) == 2
    if not expected:
        assert all(test["message"] == grade.TAMPERED for test in report["tests"])


def test_crafted_notebooks_get_one_line_and_exit_2(tmp_path):
    nested = tmp_path / "nested.ipynb"
    nested.write_text("[" * 100_000)
    listed = tmp_path / "listed.ipynb"
    listed.write_text(
        json.dumps(
            {
                "nbformat": 4,
                "nbformat_minor": 5,
                "metadata": {},
                "cells": [{"cell_type": "code", "source": [1], "metadata": {}, "outputs": []}],
            }
        )
    )
    for path, reason in ((nested, "nested too deep"), (listed, "has no text as its source")):
        result = subprocess.run(
            [sys.executable, "-m", "grader", "grade", str(path)], capture_output=True, text=True, timeout=120
        )
        assert result.returncode == 2 and reason in result.stderr and len(result.stderr.splitlines()) == 1, (
            result.stderr[-2000:]
        )


def test_a_linked_submission_is_not_graded(tmp_path):
    from grader.pipeline import grade, submissions

    folder = tmp_path / "submitted" / "linker" / ASSIGNMENT
    folder.mkdir(parents=True)
    os.symlink(course.source_notebook_path(ASSIGNMENT), folder / f"{ASSIGNMENT}.ipynb")
    (submission,) = submissions.find_submissions(tmp_path, ASSIGNMENT)
    assert submission.digest == "irregular"
    verdict = grade.judge_file(submission.label, submission.digest, Limits())
    assert "not a regular file" in verdict["error"] and "score" not in verdict


def _edit_metadata(notebook, how):
    """A perfect notebook whose nbgrader metadata the student edited `how`."""
    tests = [cell for cell in notebook.cells if course.is_test_cell(cell)]
    if how == "renamed":
        course.nbgrader_metadata(tests[0])["grade_id"] = "mine"
    elif how == "duplicated":
        course.nbgrader_metadata(tests[1])["grade_id"] = course.nbgrader_metadata(tests[0])["grade_id"]
    elif how == "points_as_text":
        course.nbgrader_metadata(tests[0])["points"] = "all of them"
    elif how == "deleted":
        notebook.cells.remove(tests[0])
    elif how == "stripped":
        for cell in notebook.cells:
            cell.metadata = {}
    return notebook


def test_edited_metadata_is_recorded_once_with_the_judges_score(tmp_path):
    """nbgrader's bookkeeping refused such notebooks on every run ("not recorded, run again") or scored them
    otherwise than the judge: now each is recorded at the first run, with the judge's points. (Run with the
    machine's plain PATH, as `.venv/bin/python -m grader` is without activating .venv: nbgrader's `alembic`
    is still found, and the new gradebook is stamped.)"""
    import sqlite3

    from nbgrader.api import Gradebook

    shutil.copy(course.COURSE_ROOT / "nbgrader_config.py", tmp_path)
    shutil.copytree(course.COURSE_ROOT / "solutions" / ASSIGNMENT, tmp_path / "solutions" / ASSIGNMENT)
    edits = ("renamed", "duplicated", "points_as_text", "deleted", "stripped")
    for how in edits:
        support.write(
            _edit_metadata(support.filled_submission(ASSIGNMENT), how),
            tmp_path / "submitted" / how / ASSIGNMENT / f"{ASSIGNMENT}.ipynb",
        )
    result = subprocess.run(
        [sys.executable, "-m", "grader", "autograde", ASSIGNMENT, "--jobs", "2", "--no-progress"],
        cwd=tmp_path,
        env={**os.environ, "PATH": "/usr/bin:/bin"},
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert result.returncode == 0, result.stdout[-2000:] + result.stderr[-2000:]
    assert "SAWarning" not in result.stderr  # nbgrader's notices no longer flood the progress bar's stream
    with sqlite3.connect(tmp_path / "gradebook.db") as database:
        assert database.execute("select version_num from alembic_version").fetchall()
    with Gradebook(f"sqlite:///{tmp_path / 'gradebook.db'}") as gradebook:
        scores = {s.student_id: s.score for s in gradebook.find_assignment(ASSIGNMENT).submissions}
    assert scores == {how: 19.0 for how in edits}


def test_a_gradebook_that_refuses_writes_means_a_failed_run(tmp_path):
    """Students not recorded (here: the gradebook is read-only) give exit status 1 and a reason each, not 0."""
    shutil.copy(course.COURSE_ROOT / "nbgrader_config.py", tmp_path)
    shutil.copytree(course.COURSE_ROOT / "solutions" / ASSIGNMENT, tmp_path / "solutions" / ASSIGNMENT)
    command = [sys.executable, "-m", "grader", "autograde", ASSIGNMENT, "--jobs", "1", "--no-progress"]
    assert outer_sandbox.run(command, tmp_path).returncode == 0  # an empty class: the gradebook is made
    support.write(support.filled_submission(ASSIGNMENT), tmp_path / "submitted" / "ada" / ASSIGNMENT / "x.ipynb")
    (tmp_path / "submitted" / "ada" / ASSIGNMENT / "x.ipynb").rename(
        tmp_path / "submitted" / "ada" / ASSIGNMENT / f"{ASSIGNMENT}.ipynb"
    )
    result = outer_sandbox.run(command, tmp_path, read_only=[str(tmp_path / "gradebook.db")])
    assert result.returncode == 1, result.stdout[-2000:] + result.stderr[-2000:]
    assert "could not grade ada: not recorded (" in result.stdout and "readonly" in result.stdout, result.stdout
