"""`python -m grader autograde`: a class graded into nbgrader's gradebook, resumable after kill -9.

Each test works on a scratch copy of the course with a mix of submissions:
perfect, blank, plausible mistakes, a file that is not JSON and a missing
notebook (tests/support_course.py makes it).
"""

import json
import os
import shutil
import signal
import subprocess
import sys
import time

import nbformat
import psutil
import pytest
import support
from nbgrader.api import Gradebook
from support_course import ASSIGNMENT, AUTOGRADE, LIMITS, autograde, expected_score, gradebook_scores, make_course

from grader.pipeline.grade import grade_notebook
from tools.notebooks import ROOT, venv_environment

pytestmark = pytest.mark.slow  # end to end: sandboxes, processes, notebooks


@pytest.fixture(scope="module")
def graded_course(tmp_path_factory):
    root = tmp_path_factory.mktemp("batch")
    students = make_course(root)
    result = autograde(root)
    assert result.returncode == 0, result.stderr[-3000:]
    return root, students, result


def test_batch_gives_each_student_the_score_grade_gives(graded_course):
    root, students, _ = graded_course
    cells, totals = gradebook_scores(root)
    assert set(totals) == set(students)
    for student, path in students.items():
        if path is None:
            assert totals[student] == 0
            continue
        report = grade_notebook(path, LIMITS)
        assert cells[student] == {test["name"]: test["points"] for test in report["tests"]}, student
        assert totals[student] == report["score"]
        assert (root / "autograded" / student / ASSIGNMENT / f"{ASSIGNMENT}.ipynb").exists()


def test_hostile_submissions_in_the_batch_cost_only_themselves(graded_course):
    root, _, _ = graded_course
    _, totals = gradebook_scores(root)
    assert totals["forkbomb"] == 19  # the fork bomb's cell failed, its answers were graded
    assert totals["exiter"] == 11  # sigmoid crashed: sigmoid, gelu, swish and silu lost
    assert totals["perfect0"] == 19


def test_summary_reports_scores_failures_and_ungradable(graded_course):
    _, students, result = graded_course
    out = result.stdout
    assert f"{len(students) - 2} of {len(students)} submissions graded" in out
    assert "mean score" in out and "distribution:" in out and "most often failed: test_" in out
    assert "could not grade malformed: " in out and "not JSON" in out
    assert "could not grade missing: " in out
    assert "%|" in result.stderr  # the progress bar, with its ETA, went to stderr


def test_feedback_and_export_work_and_hide_the_hidden_tests(graded_course):
    root, _, _ = graded_course
    for command in (["generate_feedback", ASSIGNMENT], ["export"]):
        subprocess.run(
            ["nbgrader", *command, "--log-level=ERROR"],
            cwd=root,
            env=venv_environment(),
            check=True,
            capture_output=True,
            timeout=600,
        )
    feedback = (root / "feedback" / "sigmoid_naive0" / ASSIGNMENT / f"{ASSIGNMENT}.html").read_text()
    assert "exp(-x) overflows" in feedback and "large negative inputs" in feedback
    assert "cdnjs" not in feedback and "../../../node_modules/mathjax/es5/tex-chtml.js" in feedback  # the course's
    for secret in ("BEGIN HIDDEN TESTS", "run_hidden_tests", "grader.inkernel"):
        assert secret not in feedback
    grades = (root / "grades.csv").read_text()
    assert "perfect0" in grades and ",19.0,19.0" in grades


def test_run_again_changes_nothing(graded_course):
    root, students, _ = graded_course
    before = gradebook_scores(root)
    result = autograde(root, "--no-progress")
    assert result.returncode == 0, result.stderr[-2000:]
    assert f"({len(students)} already done before this run)" in result.stdout
    assert gradebook_scores(root) == before


def test_killed_batch_resumes_and_grades_everyone_exactly_once(tmp_path):
    students = make_course(tmp_path, copies=2)
    process = subprocess.Popen(
        [*AUTOGRADE, "--no-progress"],
        cwd=tmp_path,
        env=venv_environment(),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    state = tmp_path / ".grader" / ASSIGNMENT
    deadline = time.monotonic() + 300
    while len(list(state.glob("*.done"))) < 3:
        assert process.poll() is None, "the batch finished before it could be killed: make it bigger"
        assert time.monotonic() < deadline
        time.sleep(0.05)
    os.killpg(process.pid, signal.SIGKILL)
    process.wait()
    done_before = len(list(state.glob("*.done")))
    assert done_before < len(students), "killed too late to prove anything"
    result = autograde(tmp_path, "--no-progress")
    assert result.returncode == 0, result.stderr[-2000:]
    assert f"({done_before} already done before this run)" in result.stdout
    cells, totals = gradebook_scores(tmp_path)
    assert set(totals) == set(students)  # one submission row per student, none twice
    with Gradebook(f"sqlite:///{tmp_path / 'gradebook.db'}") as gradebook:
        assert len(gradebook.find_assignment(ASSIGNMENT).submissions) == len(students)
    for student, path in students.items():
        assert totals[student] == expected_score(path), student
        if path:
            autograded = tmp_path / "autograded" / student / ASSIGNMENT / f"{ASSIGNMENT}.ipynb"
            json.loads(autograded.read_text())  # complete, valid JSON


@pytest.mark.browser
def test_feedback_page_reads_well_in_a_browser(graded_course, chromium):
    """The feedback HTML opens without script errors and shows each test's points and our message."""
    root, _, _ = graded_course
    feedback = root / "feedback" / "sigmoid_naive0" / ASSIGNMENT / f"{ASSIGNMENT}.html"
    if not feedback.exists():
        subprocess.run(
            ["nbgrader", "generate_feedback", ASSIGNMENT, "--log-level=ERROR"],
            cwd=root,
            env=venv_environment(),
            check=True,
            capture_output=True,
            timeout=600,
        )
    mathjax = ROOT / "node_modules"
    assert (mathjax / "mathjax" / "es5" / "tex-chtml.js").exists(), "no local MathJax: run `make book` (npm ci)"
    if not (root / "node_modules").exists():
        os.symlink(mathjax, root / "node_modules")  # the course's MathJax, where a feedback page looks for it
    page = chromium.new_page(viewport={"width": 1100, "height": 900})
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.route("http*://**/*", lambda route: route.abort())  # offline: the CDN's MathJax stays out
    page.goto(feedback.as_uri())
    page.wait_for_function("window.MathJax && MathJax.startup && MathJax.startup.promise", timeout=30000)
    page.evaluate("MathJax.startup.promise")
    formulas = page.locator("mjx-container").count()  # typeset offline, with the course's own MathJax
    text = page.inner_text("body")
    screenshots = ROOT / "test-artifacts" / "screenshots"
    screenshots.mkdir(parents=True, exist_ok=True)
    page.locator("text=test_sigmoid").first.scroll_into_view_if_needed()
    page.screenshot(path=str(screenshots / "feedback-sigmoid.png"))
    page.close()
    assert not errors, errors
    assert formulas > 0 and "$$" not in text
    cells, totals = gradebook_scores(root)  # the page shows what the gradebook holds
    sigmoid = next(score for name, score in cells["sigmoid_naive0"].items() if "sigmoid" in name)
    assert 0 < sigmoid < 2 and totals["sigmoid_naive0"] < 19  # right values, overflow warnings: partial credit
    assert f"Score: {totals['sigmoid_naive0']:.1f} / 19.0" in text
    assert "exp(-x) overflows" in text and f"Score: {sigmoid} / 2.0" in text
    assert "All hidden tests passed." in text


def start_batch(root, *extra):
    """`autograde --jobs 2` of the scratch course at `root`, in a session of its own, as run from a terminal."""
    return subprocess.Popen(
        [sys.executable, "-m", "grader", "autograde", ASSIGNMENT, "--jobs", "2", "--no-progress", *extra],
        cwd=root,
        env=venv_environment(),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,
        # as in a terminal, whatever ran the tests: a runner started in the background
        # (`cmd &` in a script) passes SIGINT down ignored, and Python then keeps it ignored
        preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL),
    )


def busy_descendants(process, seconds=120):
    """The batch's processes once both workers grade (a worker and its sandbox each, and the students')."""
    deadline = time.monotonic() + seconds
    while len(descendants := psutil.Process(process.pid).children(recursive=True)) < 6:
        assert process.poll() is None and time.monotonic() < deadline, descendants
        time.sleep(0.05)
    return descendants


def still_running(processes, seconds):
    """Those of `processes` still running (zombies aside) after up to `seconds`."""
    deadline = time.monotonic() + seconds
    while True:
        alive = [p for p in processes if p.is_running() and p.status() != psutil.STATUS_ZOMBIE]
        if not alive or time.monotonic() > deadline:
            return alive
        time.sleep(0.05)


def test_ctrl_c_stops_cleanly_and_the_next_run_finishes(tmp_path):
    students = make_course(tmp_path)
    process = start_batch(tmp_path, "--call-timeout", "5")
    deadline = time.monotonic() + 300
    while len(list((tmp_path / ".grader" / ASSIGNMENT).glob("*.done"))) < 2:
        assert process.poll() is None and time.monotonic() < deadline
        time.sleep(0.05)
    descendants = busy_descendants(process)
    os.killpg(process.pid, signal.SIGINT)  # what Ctrl-C sends to the terminal's foreground group
    _, stderr = process.communicate(timeout=10)  # within seconds: its workers do not grade what was queued
    assert process.returncode == 130, stderr[-2000:]
    assert "interrupted" in stderr and "run the same command again" in stderr
    assert not still_running(descendants, 2)
    result = autograde(tmp_path, "--no-progress")
    assert result.returncode == 0, result.stderr[-2000:]
    _, totals = gradebook_scores(tmp_path)
    assert set(totals) == set(students)


def test_kill_9_of_the_batch_leaves_no_worker_or_sandbox_running(tmp_path):
    """Killed while both workers grade a student who sleeps 20 s: nothing of the batch sleeps on."""
    shutil.copy(ROOT / "nbgrader_config.py", tmp_path)
    shutil.copytree(ROOT / "solutions" / ASSIGNMENT, tmp_path / "solutions" / ASSIGNMENT)
    sleeper = support.filled_submission(ASSIGNMENT)
    sleeper.cells.insert(len(sleeper.cells) // 2, nbformat.v4.new_code_cell("import time\ntime.sleep(20)"))
    for student in ("a", "b", "c"):
        support.write(sleeper, tmp_path / "submitted" / student / ASSIGNMENT / f"{ASSIGNMENT}.ipynb")
    process = start_batch(tmp_path, "--call-timeout", "30")
    descendants = busy_descendants(process)
    os.kill(process.pid, signal.SIGKILL)
    process.communicate(timeout=10)
    assert not still_running(descendants, 5)
