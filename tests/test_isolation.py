"""Nothing passes from one student's run to the next, although a worker's warm sandbox serves both.

Student A plants things (files in /tmp and /dev/shm, a patched NumPy
function, a module in sys.modules, a global in builtins, an environment
variable, a background process that outlives its notebook, an open file);
student B's correct notebook ends with a cell that looks for each of them
and, if it finds one, breaks a function of its own, so a leak costs B
points. A self-test runs both cells in one notebook to prove that each
detector bites. (The two cells are in tests/support_leaks.py.)
"""

import shutil
import subprocess
import sys
import textwrap

import pytest
import support
from nbgrader.api import Gradebook
from support_leaks import ASSIGNMENT, BROKEN_BY_DETECTORS, DETECT, PLANT, notebook_with

from grader import course
from grader.pipeline.grade import grade_notebook
from grader.sandbox.launcher import Zygote
from grader.sandbox.limits import Limits
from tools.notebooks import venv_environment

pytestmark = pytest.mark.slow  # end to end: sandboxes, processes, notebooks


def test_detectors_bite_when_the_plants_are_in_the_same_run(tmp_path):
    report = grade_notebook(support.write(notebook_with(PLANT, DETECT), tmp_path / "both.ipynb"))
    lost = {test["name"] for test in report["tests"] if test["points"] < test["max_points"]}
    assert BROKEN_BY_DETECTORS <= lost, f"detectors that did not fire: {BROKEN_BY_DETECTORS - lost}"


def test_the_next_student_in_the_same_warm_sandbox_sees_nothing(tmp_path):
    shutil.copy(course.COURSE_ROOT / "nbgrader_config.py", tmp_path)
    shutil.copytree(course.COURSE_ROOT / "solutions" / ASSIGNMENT, tmp_path / "solutions" / ASSIGNMENT)
    notebook = f"{ASSIGNMENT}.ipynb"
    # One worker grades them in order (students sorted by id): A plants, then B and C look.
    support.write(notebook_with(PLANT), tmp_path / "submitted" / "a_planter" / ASSIGNMENT / notebook)
    for student in ("b_detector", "c_detector"):
        support.write(notebook_with(DETECT), tmp_path / "submitted" / student / ASSIGNMENT / notebook)
    result = subprocess.run(
        [sys.executable, "-m", "grader", "autograde", ASSIGNMENT, "--jobs", "1", "--no-progress"],
        cwd=tmp_path,
        env=venv_environment(),
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    with Gradebook(f"sqlite:///{tmp_path / 'gradebook.db'}") as gradebook:
        scores = {s.student_id: s.score for s in gradebook.find_assignment(ASSIGNMENT).submissions}
    assert scores["b_detector"] == scores["c_detector"] == 19, scores


def test_a_sweep_keeps_the_warm_sandbox_when_its_course_root_is_under_tmp(tmp_path):
    """The sweep empties /tmp but keeps bubblewrap's own mount points there (a course root or a venv under
    /tmp): the same zygote serves the next submission instead of being started again."""
    zygote = Zygote(Limits(hide=(str(tmp_path),)), ("numpy",))
    try:
        first = None
        for _ in range(3):
            channel = zygote.spawn()
            first = first or zygote.process.pid
            reply = channel.request(
                {
                    "op": "exec",
                    "timeout": 10,
                    "source": textwrap.dedent(f"""
                import os
                open("/tmp/left-behind", "w").write("x")
                os.makedirs("/tmp/deep/folder", exist_ok=True)
                try:
                    open({str(tmp_path / "planted")!r}, "w")
                except OSError:
                    pass
                """),
                },
                15,
            )
            assert reply["error"] is None
            channel.close()
            assert zygote.process is not None and zygote.process.pid == first, "the sweep was not clean"
        assert not (tmp_path / "planted").exists()
    finally:
        zygote.close()
