"""`python -m grader autograde ASSIGNMENT --scheduler ADDRESS`: grading on a real Dask cluster on 127.0.0.1.

A `dask scheduler` and two `dask worker` processes (the CLI, separate OS
processes) grade the mixed class of tests/support_course.py (perfect, blank,
mistakes, hostile, malformed, missing) with workers that have the course installed by
`pip install .`; the gradebook, the verdicts and the feedback
must equal a local `--jobs 2` run's. Then the faults: a worker and then the
client killed with kill -9 mid-batch, a worker whose start-up probe fails, a
worker with a changed suite; and the PostgreSQL gradebook.
"""

import json
import os
import shutil
import signal
import subprocess
import time

import pytest
import support
from nbgrader.api import Gradebook
from support_course import ASSIGNMENT, AUTOGRADE, autograde, gradebook_scores, make_course
from support_venv import installed_course

from grader import course
from grader.pipeline.cluster import GradingPlugin
from grader.sandbox.limits import Limits
from tools.daskcluster import dask_cluster
from tools.notebooks import ROOT, venv_environment

pytestmark = pytest.mark.slow  # end to end: sandboxes, processes, notebooks

VOLATILE = ("timings", "worker_peak_mib", "digest")  # time taken; the hostile cells get random ids


@pytest.fixture(scope="module")
def cluster(tmp_path_factory):
    """Two workers whose Python has the course installed by `pip install .`, started from /: no checkout in sight."""
    python = installed_course(tmp_path_factory.mktemp("installed"))
    with dask_cluster(tmp_path_factory.mktemp("dask-logs"), python=python) as started:
        yield started


@pytest.fixture(scope="module")
def local_class(tmp_path_factory):
    """The class graded locally with --jobs 2: what the cluster must reproduce."""
    root = tmp_path_factory.mktemp("local-class")
    make_course(root)
    result = autograde(root, "--no-progress")
    assert result.returncode == 0, result.stderr[-3000:]
    return root


def verdicts(root):
    found = {}
    for path in sorted((root / ".grader" / ASSIGNMENT).glob("*.json")):
        verdict = json.loads(path.read_text())
        found[path.stem] = {key: value for key, value in verdict.items() if key not in VOLATILE}
    return found


def feedback(root):
    """The outputs of every cell of every autograded notebook (what generate_feedback shows)."""
    shown = {}
    for path in sorted((root / "autograded").glob(f"*/{ASSIGNMENT}/{ASSIGNMENT}.ipynb")):
        cells = json.loads(path.read_text())["cells"]
        shown[path.parts[-3]] = [cell.get("outputs") for cell in cells]
    return shown


@pytest.fixture(scope="module")
def cluster_class(cluster, tmp_path_factory):
    """The same class graded through the cluster: (course root, the batch's result)."""
    root = tmp_path_factory.mktemp("cluster-class")
    make_course(root)
    return root, autograde(root, "--no-progress", "--scheduler", cluster.address)


def small_class(root):
    """Three students (perfect, blank, one mistake) for the tests about workers rather than grading."""
    make_course(root, copies=0)
    for student in ("forkbomb", "exiter", "malformed", "missing"):
        shutil.rmtree(root / "submitted" / student)
    support.write(
        support.filled_submission(ASSIGNMENT), root / "submitted" / "ada" / ASSIGNMENT / f"{ASSIGNMENT}.ipynb"
    )
    support.write(support.released_notebook(ASSIGNMENT), root / "submitted" / "bo" / ASSIGNMENT / f"{ASSIGNMENT}.ipynb")
    return root


def test_a_class_graded_on_the_cluster_equals_the_local_batch(cluster_class, local_class):
    root, result = cluster_class
    assert result.returncode == 0, result.stderr[-3000:]
    assert "9 of 11 submissions graded" in result.stdout, result.stdout  # malformed and missing cannot be graded
    assert gradebook_scores(root) == gradebook_scores(local_class)
    assert verdicts(root) == verdicts(local_class)
    assert feedback(root) == feedback(local_class)
    assert len(feedback(root)) >= 9


def test_run_again_grades_nobody_twice(cluster, cluster_class):
    root, _ = cluster_class
    result = autograde(root, "--no-progress", "--scheduler", cluster.address)
    assert result.returncode == 0, result.stderr[-3000:]
    assert "9 of 11 submissions graded (11 already done before this run)" in result.stdout, result.stdout


def test_a_worker_whose_probe_fails_takes_no_tasks(tmp_path):
    """One worker cannot start bubblewrap (not on its PATH): it takes no task, the other grades everyone."""
    small_class(tmp_path)
    broken = {**venv_environment(), "PATH": str(ROOT / ".venv" / "bin")}  # no /usr/bin: no bwrap
    with dask_cluster(tmp_path / "logs", workers=1) as small:
        small.add_worker(env=broken)
        result = autograde(tmp_path, "--no-progress", "--scheduler", small.address)
    assert result.returncode == 0, result.stderr[-3000:]
    assert "takes no tasks: its start-up probe failed" in result.stdout, result.stdout
    assert "2 of 2 submissions graded" in result.stdout
    assert "not graded: environment" not in result.stdout


def test_no_worker_that_can_grade_is_exit_3(tmp_path):
    small_class(tmp_path)
    broken = {**venv_environment(), "PATH": str(ROOT / ".venv" / "bin")}
    with dask_cluster(tmp_path / "logs", workers=0) as small:
        small.add_worker(env=broken)
        result = autograde(tmp_path, "--no-progress", "--scheduler", small.address)
    assert result.returncode == 3, result.stdout + result.stderr[-3000:]
    assert "no worker can grade" in result.stderr and "bubblewrap" in result.stderr
    assert not (tmp_path / "autograded").exists()


def changed_course(folder):
    """A copy of the course whose 01_forward suite differs by one test's tolerance."""
    for name in ("grader", "solutions"):
        shutil.copytree(ROOT / name, folder / name, ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(ROOT / "nbgrader_config.py", folder)
    suite = folder / "grader" / "suites" / f"test_{ASSIGNMENT}.py"
    suite.write_text(suite.read_text() + "\n# a changed copy of the suite\n")
    return folder


def test_a_worker_with_a_changed_suite_is_refused_before_anyone_is_graded(tmp_path):
    (tmp_path / "class").mkdir()
    small_class(tmp_path / "class")
    other = changed_course(tmp_path / "other-course")
    with dask_cluster(tmp_path / "logs", workers=1) as small:
        small.add_worker(env={**venv_environment(), "PYTHONPATH": str(other)})
        result = autograde(tmp_path / "class", "--no-progress", "--scheduler", small.address)
    assert result.returncode == 3, result.stdout + result.stderr[-3000:]
    assert "runs another version of the course" in result.stderr, result.stderr[-3000:]
    assert not (tmp_path / "class" / "autograded").exists()
    assert not list((tmp_path / "class").glob(".grader/*/*.json"))
    assert not (tmp_path / "class" / "gradebook.db").exists()


def test_a_task_for_another_version_is_refused_unjudged():
    plugin = GradingPlugin(ASSIGNMENT, Limits(), "0" * 16)
    plugin.fingerprint = course.fingerprint(ASSIGNMENT)
    verdict = json.loads(plugin.grade("submitted/x/01_forward/01_forward.ipynb", b"not even a notebook", "d", "0" * 16))
    assert "another version of the course" in verdict["refused"] and "score" not in verdict


def test_the_postgresql_gradebook_through_the_cluster(cluster, postgres_url, tmp_path):
    small_class(tmp_path)
    with open(tmp_path / "nbgrader_config.py", "a") as config:
        config.write(f"\nc.CourseDirectory.db_url = {postgres_url!r}\n")
    result = autograde(tmp_path, "--no-progress", "--scheduler", cluster.address)
    assert result.returncode == 0, result.stderr[-3000:]
    assert not (tmp_path / "gradebook.db").exists(), "the SQLite default was used instead of PostgreSQL"
    with Gradebook(postgres_url) as gradebook:
        totals = {s.student_id: s.score for s in gradebook.find_assignment(ASSIGNMENT).submissions}
    assert totals == {"ada": 19.0, "bo": 0.0}  # the reference solution's full marks, the blank notebook's none


def wait_until_done(root, count, batch):
    deadline = time.monotonic() + 300
    while len(list(root.glob(f".grader/{ASSIGNMENT}/*.done"))) < count:
        assert batch.poll() is None and time.monotonic() < deadline, "the batch ended before the kill"
        time.sleep(0.2)


def test_a_worker_then_the_client_killed_mid_batch_lose_nobody(cluster, local_class, tmp_path):
    """kill -9 a worker while it grades (Dask gives its task to another), then the client; run again:
    each student is recorded once, with the score the local batch gives."""
    make_course(tmp_path, copies=3)
    command = [*AUTOGRADE, "--no-progress", "--scheduler", cluster.address]
    batch = subprocess.Popen(
        command,
        cwd=tmp_path,
        env=venv_environment(),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    wait_until_done(tmp_path, 3, batch)
    before = cluster.workers()
    cluster.kill_a_worker_process(cluster.processes[1])
    wait_until_done(tmp_path, 8, batch)
    os.killpg(batch.pid, signal.SIGKILL)  # the client and its recording processes
    batch.wait(timeout=60)
    assert cluster.workers() != before  # the killed worker left; its nanny started a new one
    students = {path.parent.name for path in tmp_path.glob(f"submitted/*/{ASSIGNMENT}")}
    done = len(list(tmp_path.glob(f".grader/{ASSIGNMENT}/*.done")))
    assert done < len(students)
    result = subprocess.run(command, cwd=tmp_path, env=venv_environment(), capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stderr[-3000:]
    assert f"{len(students) - 2} of {len(students)} submissions graded ({done} already done" in result.stdout, (
        result.stdout
    )
    cells, totals = gradebook_scores(tmp_path)
    assert set(totals) == students
    reference_cells, _ = gradebook_scores(local_class)
    for student, scores in cells.items():  # perfect1 scores as perfect0 did, and so on
        twin = student if student in reference_cells else student[:-1] + "0"
        assert scores == reference_cells[twin], student
    with Gradebook(f"sqlite:///{tmp_path / 'gradebook.db'}") as gradebook:
        assert len(gradebook.find_assignment(ASSIGNMENT).submissions) == len(students)
