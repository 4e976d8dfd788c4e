"""The sandbox holds: hostile submissions are graded with a clear reason and nothing else changes.

Each attack runs through the real command line (`python -m grader grade`) in
an outer throwaway sandbox (tests/outer_sandbox.py: the machine read-only, a
private /tmp) that carries outer limits of its own (wall clock, address
space, and a pids cgroup where available), so that a sandbox bug fails the
test instead of taking the machine down. The course files the attacks try
to write are read-only there anyway, so the attacks that write are rewarded
with points, which the outer sandbox cannot mask.
"""

import hashlib
import json
import resource
import socket
import sys
import textwrap
import threading

import nbformat
import outer_sandbox
import pytest
import support
from support_bubblewrap import needs_bubblewrap

from grader import course
from grader.sandbox.pids import PidsCgroup

pytestmark = pytest.mark.slow  # end to end: sandboxes, processes, notebooks

OUTER_MEMORY = 8 * 1024**3
OUTER_PROCESSES = 400


def grade_with_outer_limits(path, timeout=240, share_network=False):
    """`python -m grader grade PATH --json` under outer limits, in the outer sandbox; returns the parsed report."""
    outer = PidsCgroup.create(OUTER_PROCESSES)

    def limit():
        resource.setrlimit(resource.RLIMIT_AS, (OUTER_MEMORY, OUTER_MEMORY))
        if outer is not None:
            outer.join()

    try:
        result = outer_sandbox.run(
            [sys.executable, "-m", "grader", "grade", str(path), "--json", "--call-timeout", "3"],
            path.parent,
            timeout=timeout,
            preexec_fn=limit,
            share_network=share_network,
        )
    finally:
        if outer is not None:
            outer.kill_and_remove()
    assert result.returncode == 0, result.stderr[-2000:]
    return json.loads(result.stdout)


def submission_with(tmp_path, code, fill=True):
    """01_forward, correct answers (or blank ones), with `code` as an extra cell run before the answers."""
    notebook = support.filled_submission("01_forward") if fill else support.released_notebook("01_forward")
    notebook.cells.insert(2, nbformat.v4.new_code_cell(textwrap.dedent(code)))
    return support.write(notebook, tmp_path / "attack.ipynb")


def full_marks(report):
    return report["score"] == report["max_score"] == 19


ATTACKS = {
    "fork_bomb": """
        import os
        while True:
            try:
                os.fork()
            except OSError:
                pass
        """,
    "memory_bomb": """
        blocks = []
        while True:
            blocks.append(bytearray(256 * 1024 * 1024))
        """,
    "gigabytes_of_output": """
        import sys
        chunk = "x" * (1 << 20)
        for _ in range(4096):
            sys.stdout.write(chunk)
            sys.stderr.write(chunk)
        """,
    "huge_file": """
        with open("big.bin", "wb") as file:
            for _ in range(4096):
                file.write(b"\\0" * (1 << 20))
        """,
    "exit_and_loop": """
        import os, signal
        signal.signal(signal.SIGALRM, signal.SIG_IGN)
        if os.fork() == 0:
            while True:
                pass
        os._exit(3)
        """,
}


@pytest.mark.parametrize("attack", list(ATTACKS))
def test_attack_in_a_cell_costs_only_that_cell(attack, tmp_path):
    """A correct notebook with one hostile cell still gets full marks, and the grader finishes."""
    report = grade_with_outer_limits(submission_with(tmp_path, ATTACKS[attack]))
    assert full_marks(report), [t["message"] for t in report["tests"] if t["points"] < t["max_points"]]


@pytest.mark.parametrize("attack", list(ATTACKS))
def test_attack_gains_nothing(attack, tmp_path):
    report = grade_with_outer_limits(submission_with(tmp_path, ATTACKS[attack], fill=False))
    assert report["score"] == 0


def test_hung_function_is_reported_and_the_rest_graded(tmp_path):
    code = """
        def sigmoid(x):
            while True:
                pass
        """
    notebook = support.filled_submission("01_forward")
    notebook.cells.append(nbformat.v4.new_code_cell(textwrap.dedent(code)))
    report = grade_with_outer_limits(support.write(notebook, tmp_path / "hang.ipynb"))
    tests = {test["name"]: test for test in report["tests"]}
    assert tests["test_sigmoid"]["points"] == 0 and "time limit" in tests["test_sigmoid"]["message"]
    assert tests["test_relu"]["points"] == tests["test_relu"]["max_points"]


def _course_digest():
    digest = hashlib.sha256()
    for folder in ("solutions", "grader", "exercises"):
        for path in sorted((course.COURSE_ROOT / folder).rglob("*")):
            if path.is_file() and "__pycache__" not in path.parts:
                digest.update(str(path).encode() + path.read_bytes())
    return digest.hexdigest()


def test_course_files_are_out_of_sight_and_out_of_reach(tmp_path):
    """Reading the reference or the suites, importing the grader, writing course files: all fail."""
    needs_bubblewrap()
    root = str(course.COURSE_ROOT)
    code = f"""
        import os, sys
        found = []
        for path in ["{root}/solutions/01_forward/01_forward.ipynb", "{root}/grader/suites/test_01_forward.py",
                     "{root}/gradebook.db", "{root}/nbgrader_config.py"]:
            try:
                found.append(open(path).read(10))
            except OSError:
                pass
        for path in ["{root}/grader/suites/test_01_forward.py", "{root}/solutions/01_forward/01_forward.ipynb",
                     "{root}/grader/judging/judge.py", "{root}/evil.txt"]:
            try:
                with open(path, "w") as file:
                    file.write("pwned")
                found.append(path)
            except OSError:
                pass
        try:
            import grader.reference
            found.append("grader")
        except ImportError:
            pass
        if found:
            def step(x):
                return np.where(np.asarray(x) > 0, 1.0, 0.0)
        """
    before = _course_digest()
    report = grade_with_outer_limits(submission_with(tmp_path, code, fill=False))
    assert report["score"] == 0, "the submission could see course files"
    assert _course_digest() == before
    assert not (course.COURSE_ROOT / "evil.txt").exists()


def test_no_network_even_to_localhost(tmp_path):
    needs_bubblewrap()
    server = socket.create_server(("127.0.0.1", 0))
    port = server.getsockname()[1]
    server.settimeout(0.2)
    connections = []
    stop = threading.Event()

    def accept():
        while not stop.is_set():
            try:
                connections.append(server.accept())
            except OSError:
                continue

    thread = threading.Thread(target=accept, daemon=True)
    thread.start()
    code = f"""
        import socket
        for host in ("127.0.0.1", "localhost", "::1"):
            try:
                socket.create_connection((host, {port}), timeout=1).sendall(b"hello")
            except OSError:
                pass
        """
    try:
        grade_with_outer_limits(submission_with(tmp_path, code, fill=False), share_network=True)  # the host's
    finally:
        stop.set()
        thread.join()
        server.close()
    assert connections == []


def test_environment_secrets_do_not_reach_the_submission(tmp_path, monkeypatch):
    code = """
        import os
        if "GRADER_SECRET" in os.environ:
            def step(x):
                return np.where(np.asarray(x) > 0, 1.0, 0.0)
        """
    monkeypatch.setenv("GRADER_SECRET", "postgresql://instructor:password@db/gradebook")
    report = grade_with_outer_limits(submission_with(tmp_path, code, fill=False))
    assert report["score"] == 0
