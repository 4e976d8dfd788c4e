"""The grader works wherever its Python lives, or refuses before grading anyone; it never blames a student.

Layouts: the course's .venv, the same through a relative path from an
exercise folder, a venv under /tmp and a venv with copied binaries under
/opt (its standard library stays under the hidden home directory). The
extra venvs get the course's packages through `site.addsitedir` of the
course's site-packages (a .pth file; tests/support_venv.py), which makes a Python that lives
elsewhere with the course installed, without a minute of pip install per
layout. Then: bubblewrap missing or unusable, `doctor`, and an environment
that breaks in the middle of a batch.
"""

import json
import os
import pathlib
import shutil
import subprocess
import sys
import textwrap
import time

import nbformat
import outer_sandbox
import psutil
import pytest
import support
from nbgrader.api import Gradebook
from support_venv import grading_venv, installed_course, site_packages_of

from grader import course
from grader.pipeline.grade import grade_notebook
from grader.sandbox.limits import Limits
from tools.notebooks import venv_environment

pytestmark = pytest.mark.slow  # end to end: sandboxes, processes, notebooks

SOLVED = course.source_notebook_path("01_forward")
FULL_MARKS = 19


def grade(python, *extra, cwd=None, env=None):
    return subprocess.run(
        [str(python), "-m", "grader", "grade", str(SOLVED), "--json", *extra],
        capture_output=True,
        text=True,
        timeout=300,
        cwd=cwd,
        env=env,
    )


@pytest.fixture
def opt_folder():
    folder = pathlib.Path("/opt") / f"activation-course-test-{os.getpid()}"
    yield folder
    shutil.rmtree(folder, ignore_errors=True)


@pytest.mark.parametrize(
    "layout", ["course venv", "relative path from an exercise folder", "venv under /tmp", "copied venv under /opt"]
)
def test_reference_gets_full_marks_wherever_python_lives(layout, tmp_path, opt_folder):
    exercise = course.release_notebook_path("01_forward").parent
    cwd = None
    if layout == "course venv":
        python = sys.executable
    elif layout == "relative path from an exercise folder":
        python, cwd = os.path.relpath(sys.executable, exercise), exercise
        assert python.startswith("..")
    elif layout == "venv under /tmp":
        python = grading_venv(tmp_path / "venv")
        assert str(python).startswith("/tmp/")
    else:
        python = grading_venv(opt_folder, copies=True)
    result = grade(python, cwd=cwd)
    assert result.returncode == 0, result.stderr[-2000:]
    report = json.loads(result.stdout)
    assert report["score"] == report["max_score"] == FULL_MARKS, [t for t in report["tests"] if t["points"] == 0]
    assert "warning" not in report


def path_without_bwrap(tmp_path, fake=None):
    """A PATH with this Python's folder and, if given, a fake bwrap script: bubblewrap is out of reach."""
    folder = tmp_path / "bin"
    folder.mkdir()
    if fake is not None:
        (folder / "bwrap").write_text(fake)
        (folder / "bwrap").chmod(0o755)
    return {**os.environ, "PATH": f"{folder}:{pathlib.Path(sys.executable).parent}"}


@pytest.mark.parametrize(
    "fake, problem",
    [
        (None, "not installed"),
        ("#!/bin/sh\necho 'No permissions to create new namespace' >&2\nexit 1\n", "cannot create its namespaces"),
    ],
)
def test_without_isolation_grade_refuses_with_exit_3(tmp_path, fake, problem):
    result = grade(sys.executable, env=path_without_bwrap(tmp_path, fake))
    assert result.returncode == 3
    assert result.stdout == ""
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, lines
    assert problem in lines[0] and "apt-get install bubblewrap" in lines[0] and "--no-sandbox" in lines[0]


def test_no_sandbox_grades_with_limits_only_and_says_so(tmp_path):
    env = path_without_bwrap(tmp_path)
    report = json.loads(grade(sys.executable, "--no-sandbox", env=env).stdout)
    assert report["score"] == FULL_MARKS and "without isolation" in report["warning"]
    table = subprocess.run(
        [sys.executable, "-m", "grader", "grade", str(SOLVED), "--no-sandbox"],
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert table.returncode == 0 and table.stdout.splitlines()[-1].startswith("warning: --no-sandbox")


def test_autograde_without_isolation_refuses_and_writes_nothing(tmp_path):
    shutil.copy(course.COURSE_ROOT / "nbgrader_config.py", tmp_path)
    shutil.copytree(course.COURSE_ROOT / "solutions" / "01_forward", tmp_path / "solutions" / "01_forward")
    support.write(
        support.filled_submission("01_forward"), tmp_path / "submitted" / "ada" / "01_forward" / "01_forward.ipynb"
    )
    env = path_without_bwrap(tmp_path)
    result = subprocess.run(
        [sys.executable, "-m", "grader", "autograde", "01_forward", "--no-progress"],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 3, result.stderr[-2000:]
    assert "bubblewrap" in result.stderr and "--no-sandbox" in result.stderr
    assert not (tmp_path / "gradebook.db").exists() and not (tmp_path / "autograded").exists()
    assert not (tmp_path / ".grader").exists()


def test_doctor_passes_here_and_names_the_failing_check_without_bubblewrap(tmp_path):
    doctor = [sys.executable, "-m", "grader", "doctor"]
    passed = subprocess.run(doctor, capture_output=True, text=True, timeout=600)
    assert passed.returncode == 0, passed.stdout + passed.stderr[-2000:]
    lines = passed.stdout.splitlines()
    names = [line.split(":")[0].split(None, 1)[1] for line in lines[:-1]]
    assert names == [
        "isolation",
        "interpreter",
        "network",
        "hidden",
        "process cap",
        "memory cap",
        "capabilities",
        "mount",
        "keyring",
        "user namespaces",
        "parent's limits",
        "writable",
        *[f"reference {name}" for name in course.available_assignments()],
    ]
    assert all(line.startswith("ok") for line in lines[:-1]) and lines[-1] == "all checks passed"
    failed = subprocess.run(doctor, capture_output=True, text=True, timeout=600, env=path_without_bwrap(tmp_path))
    assert failed.returncode == 1
    assert failed.stdout.splitlines()[0].startswith("FAIL  isolation: bubblewrap (bwrap) is not installed")


def test_doctor_as_an_ordinary_user_never_raises(tmp_path):
    """As the real uid 65534, with /root unreadable and HOME there: one line per check, no traceback."""
    command = outer_sandbox.as_real_nobody([sys.executable, "-m", "grader", "doctor"])
    done = subprocess.run(
        command,
        capture_output=True,
        text=True,
        timeout=600,
        cwd=tmp_path,
        env={**venv_environment(), "HOME": "/root", "MPLCONFIGDIR": str(tmp_path)},
    )
    assert done.returncode in (0, 1) and "Traceback" not in done.stderr, done.stderr[-2000:]
    lines = done.stdout.splitlines()
    assert len(lines) > 4 and all(line.startswith(("ok ", "FAIL ")) for line in lines[:-1]), done.stdout
    assert any(line.startswith(("ok    hidden", "FAIL  hidden")) for line in lines), done.stdout


def test_doctor_checks_the_interpreter_under_the_limits_it_is_given():
    """Too little memory for NumPy: the interpreter line fails (and nothing runs after it), not a reference line."""
    failed = subprocess.run(
        [sys.executable, "-m", "grader", "doctor", "--memory-mb", "40"], capture_output=True, text=True, timeout=600
    )
    lines = failed.stdout.splitlines()
    assert failed.returncode == 1 and lines[1].startswith("FAIL  interpreter:"), failed.stdout
    assert len(lines) == 3  # isolation, interpreter, the verdict


def test_installing_a_package_changes_the_warm_graders_key(tmp_path):
    """A warm grader started before `pip install -U numpy` must not answer after it (grader.pipeline.server.key)."""
    python = grading_venv(tmp_path / "venv")
    ask = [
        str(python),
        "-c",
        "from grader.pipeline import server; from grader.sandbox.limits import Limits; print(server.key(Limits()))",
    ]
    before = subprocess.run(ask, check=True, capture_output=True, text=True).stdout
    assert subprocess.run(ask, check=True, capture_output=True, text=True).stdout == before  # stable meanwhile
    (site_packages_of(python) / "numpy-99.0.dist-info").mkdir()  # what pip leaves of an upgrade
    assert subprocess.run(ask, check=True, capture_output=True, text=True).stdout != before


def test_an_extra_hidden_folder_is_out_of_sight(tmp_path, opt_folder):
    """The machine beyond the allow-list is out of sight (here a folder under /opt), named in Limits.hide (a
    batch's course root) or not; without the sandbox the same cell sees it, so the check bites."""
    opt_folder.mkdir()
    (opt_folder / "gradebook.db").write_text("secret")
    notebook = support.released_notebook("01_forward")
    notebook.cells.append(
        nbformat.v4.new_code_cell(
            textwrap.dedent(f"""
        import os
        if os.path.exists({str(opt_folder / "gradebook.db")!r}):
            def step(x):
                x = np.asarray(x)
                return (x > 0).astype(x.dtype if x.dtype.kind == "f" else np.float64)
        """)
        )
    )
    path = support.write(notebook, tmp_path / "peek.ipynb")
    assert grade_notebook(path, Limits(isolate=False))["tests"][0]["points"] == 1
    assert grade_notebook(path, Limits())["tests"][0]["points"] == 0
    assert grade_notebook(path, Limits(hide=(str(opt_folder),)))["tests"][0]["points"] == 0


def test_environment_broken_mid_batch_is_never_scored_and_next_run_grades_everyone(tmp_path):
    python = grading_venv(tmp_path / "venv")
    root = tmp_path / "course"
    shutil.copytree(course.COURSE_ROOT / "solutions" / "01_forward", root / "solutions" / "01_forward")
    shutil.copy(course.COURSE_ROOT / "nbgrader_config.py", root)
    students = [f"student{index}" for index in range(6)]
    for student in students:
        support.write(
            support.filled_submission("01_forward"), root / "submitted" / student / "01_forward" / "01_forward.ipynb"
        )
    command = [str(python), "-m", "grader", "autograde", "01_forward", "--jobs", "1", "--no-progress"]
    batch = subprocess.Popen(
        command, cwd=root, env=venv_environment(), stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )
    state = root / ".grader" / "01_forward"
    deadline = time.monotonic() + 300
    while not list(state.glob("*.done")):
        assert batch.poll() is None, "the batch ended before the environment could break: " + batch.stderr.read()
        assert time.monotonic() < deadline
        time.sleep(0.02)
    moved = python.with_name("python.moved")
    python.rename(moved)  # a new sandbox can no longer start the interpreter...
    for process in psutil.process_iter(["name", "cmdline"]):  # ...and the worker's warm one is gone
        if process.info["name"] == "bwrap" and str(python) in (process.info["cmdline"] or []):
            process.kill()
    try:
        out, err = batch.communicate(timeout=300)
    finally:
        moved.rename(python)
    assert batch.returncode == 1, err[-2000:]
    done = {path.stem for path in state.glob("*.done")}
    assert 0 < len(done) < len(students)
    assert f"{len(students) - len(done)} submissions not graded: environment" in out
    with Gradebook(f"sqlite:///{root / 'gradebook.db'}") as gradebook:
        scores = {s.student_id: s.score for s in gradebook.find_assignment("01_forward").submissions}
    assert scores == {student: FULL_MARKS for student in done}  # nobody else got a score, not even 0
    again = subprocess.run(command, cwd=root, env=venv_environment(), capture_output=True, text=True, timeout=300)
    assert again.returncode == 0, again.stderr[-2000:]
    assert f"({len(done)} already done before this run)" in again.stdout
    with Gradebook(f"sqlite:///{root / 'gradebook.db'}") as gradebook:
        submissions = gradebook.find_assignment("01_forward").submissions
        assert sorted(s.student_id for s in submissions) == students
        assert all(s.score == FULL_MARKS for s in submissions)


def test_pip_install_grades_with_no_course_in_sight_and_hides_its_suites(tmp_path):
    """Installed with `pip install .` (what a cluster worker has), run from /: the source notebooks came along."""
    python = installed_course(tmp_path)
    where = subprocess.run(
        [str(python), "-c", "import grader.course as c; print(c.COURSE_ROOT)"],
        cwd="/",
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    assert where.startswith(str(tmp_path / "venv")) and where.endswith("grader/course_files")
    result = grade(python, cwd="/")
    assert result.returncode == 0, result.stderr[-2000:]
    assert json.loads(result.stdout)["score"] == FULL_MARKS
    for hide in (True, False):  # the doctor's sandbox checks; then with the grader's folder left in sight
        patch = "" if hide else "launcher.package_hidden = lambda *a: []; "
        checks = subprocess.run(
            [
                str(python),
                "-c",
                f"import json; from grader import doctor; from grader.sandbox import launcher; {patch}"
                "print(json.dumps([(c.name, c.ok, c.detail) for c in doctor._sandbox_checks()]))",
            ],
            cwd="/",
            capture_output=True,
            text=True,
            timeout=600,
        )
        assert checks.returncode == 0, checks.stderr[-2000:]
        hidden = next(check for check in json.loads(checks.stdout) if check[0] == "hidden")
        assert hidden[1] is hide, hidden
        assert (where in hidden[2]) if hide else ("grader/suites" in hidden[2] and "course_files" in hidden[2])
