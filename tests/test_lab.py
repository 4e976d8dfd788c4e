"""The student's loop in JupyterLab itself: type answers, run the checks, save, grade the saved file.

The test starts JupyterLab as `make lab` does (the student configuration in
jupyter/student) on 127.0.0.1 with a token, on a scratch copy of the
released 01_forward notebook, and drives it with Playwright in Debian's
Chromium. It types a correct `relu` and wrong answers of several kinds (an
overflow, a dtype, wrong values, an edge case) into their answer cells, runs
them and their test cells and the test cell of `step` (left unfinished), and
reads what the page shows; then it saves the notebook and grades the saved
file with `python -m grader grade`: each wrong answer fails in the notebook
in one line and at grading, both naming the same cause. It also checks that
the student's Lab has no instructor tools and no "Jupyter news" pop-up.
Screenshots: test-artifacts/lab/.
"""

import json
import os
import secrets
import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request

import pytest
from support_chromium import require_chromium
from support_site import ROOT

from grader import course
from tools.notebooks import venv_environment

pytestmark = [pytest.mark.browser, pytest.mark.slow]

SCREENSHOTS = ROOT / "test-artifacts" / "lab"
ASSIGNMENT = "01_forward"
RELU = "def relu(x):\n    return np.maximum(as_float_array(x), 0)\n"
NAIVE_SIGMOID = "def sigmoid(x):\n    x = as_float_array(x)\n    return 1 / (1 + np.exp(-x))\n"
PASSED_RELU = "relu: visible checks passed (the grader runs many more)"
SIGMOID_FAILED = "sigmoid: RuntimeWarning (overflow or invalid value) on -1000 and 1000"
STEP_UNFINISHED = "step: not implemented yet (it raises NotImplementedError)"
# Wrong answers, one per kind of check, and the cause both the notebook and the grader must name.
WRONG = {
    "sigmoid": (NAIVE_SIGMOID, "overflow"),
    "linear": ("def linear(x):\n    return np.array(x, dtype=float)\n", "wrong dtype on float32 input"),
    "leaky_relu": (
        "def leaky_relu(x, alpha=0.01):\n    x = as_float_array(x)\n    return np.where(x > 0, alpha * x, x)\n",
        "wrong values",
    ),
    "gelu": (
        "FORMS = {'none': lambda v: v * 0.5 * math.erfc(-v / math.sqrt(2)),\n"
        "         'tanh': lambda v: 0.5 * v * (1 + math.tanh(math.sqrt(2 / math.pi) * (v + 0.044715 * v**3))),\n"
        "         'sigmoid': lambda v: v * float(sigmoid(1.702 * v))}\n\n"
        "def gelu(x, approximate='none'):\n    if approximate not in FORMS:\n"
        "        raise ValueError(approximate)\n    x = as_float_array(x)\n"
        "    return np.vectorize(FORMS[approximate])(x).astype(x.dtype)\n",
        "raised ValueError on an empty array",
    ),
}


def _free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _wait_for_server(url, process, log, seconds=60):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"JupyterLab exited with status {process.returncode}:\n{log.read_text()[-2000:]}")
        try:
            with urllib.request.urlopen(url, timeout=2):
                return
        except (urllib.error.URLError, ConnectionError):
            time.sleep(0.3)
    raise RuntimeError(f"JupyterLab did not answer on {url} within {seconds} s")


@pytest.fixture(scope="module")
def student_lab(tmp_path_factory):
    """JupyterLab in student mode on a scratch copy of the released notebook; yields (base URL, token, folder)."""
    require_chromium()
    scratch = tmp_path_factory.mktemp("lab")
    notebooks = scratch / "exercises"
    notebooks.mkdir()
    shutil.copy(course.release_notebook_path(ASSIGNMENT), notebooks)
    settings = scratch / "settings" / "@jupyterlab" / "notebook-extension"
    settings.mkdir(parents=True)
    # Every cell in the page (no virtual scrolling), so that cells can be found by position.
    (settings / "tracker.jupyterlab-settings").write_text(json.dumps({"windowingMode": "none"}))
    token, port = secrets.token_hex(16), _free_port()
    environment = {
        **venv_environment(),
        "JUPYTER_CONFIG_DIR": str(ROOT / "jupyter" / "student"),
        "JUPYTERLAB_SETTINGS_DIR": str(scratch / "settings"),
        "JUPYTERLAB_WORKSPACES_DIR": str(scratch / "workspaces"),
        "JUPYTER_RUNTIME_DIR": str(scratch / "runtime"),
    }
    log = open(scratch / "lab.log", "w")
    as_root = ["--allow-root"] if os.geteuid() == 0 else []  # CI containers run as root
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "jupyterlab",
            "--no-browser",
            "--ServerApp.ip=127.0.0.1",
            f"--ServerApp.port={port}",
            f"--IdentityProvider.token={token}",
            f"--ServerApp.root_dir={notebooks}",
            "--ServerApp.port_retries=0",
            "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate",
            *as_root,
        ],
        cwd=notebooks,
        env=environment,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    base = f"http://127.0.0.1:{port}/"
    try:
        _wait_for_server(f"{base}api/status?token={token}", process, scratch / "lab.log")
        yield base, token, notebooks
    finally:
        process.terminate()
        try:
            process.wait(15)
        except subprocess.TimeoutExpired:
            process.kill()
        log.close()


def _cell_index(grade_id):
    """The position of the cell with `grade_id` in the released notebook."""
    cells = course.read_notebook(course.release_notebook_path(ASSIGNMENT)).cells
    return next(index for index, cell in enumerate(cells) if course.nbgrader_metadata(cell).get("grade_id") == grade_id)


def _cell(page, grade_id):
    return page.locator(".jp-NotebookPanel:visible .jp-Notebook .jp-Cell").nth(_cell_index(grade_id))


def _type_answer(page, grade_id, source):
    """Replace the cell's text with `source`, as a student pasting code into the cell would."""
    editor = _cell(page, grade_id).locator(".cm-content")
    editor.click()
    page.keyboard.press("Control+a")
    page.keyboard.press("Delete")
    page.keyboard.insert_text(source)


def _run(page, grade_id):
    """Run one cell with Shift+Enter and wait until its prompt shows an execution count."""
    cell = _cell(page, grade_id)
    cell.locator(".jp-InputArea-prompt").click()  # select the cell (command mode)
    page.keyboard.press("Shift+Enter")
    prompt = cell.locator(".jp-InputArea-prompt")
    page.wait_for_function(
        "(element) => /\\[\\d+\\]/.test(element.textContent)", arg=prompt.element_handle(), timeout=60_000
    )
    return cell


def _output(cell):
    return cell.locator(".jp-OutputArea").inner_text().strip()


def test_student_loop_in_jupyterlab(student_lab, browser_context):
    base, token, notebooks = student_lab
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    (SCREENSHOTS / "failure.png").unlink(missing_ok=True)
    page = browser_context.new_page()
    try:
        page.goto(f"{base}lab/tree/{ASSIGNMENT}.ipynb?token={token}")
        page.locator(".jp-NotebookPanel .jp-Notebook .jp-Cell").first.wait_for()
        page.get_by_text("Python 3 (ipykernel) | Idle").wait_for(timeout=60_000)  # the kernel is ready

        _run(page, "setup")
        _type_answer(page, "relu", RELU)
        for grade_id, (source, _) in WRONG.items():
            _type_answer(page, grade_id, source)
        outputs = {}
        for grade_id in _in_notebook_order(["relu", "step", *WRONG]):
            outputs[grade_id] = _output(_run(page, grade_id))
            outputs[f"test_{grade_id}"] = _output(_run(page, f"test_{grade_id}"))
        _cell(page, "test_sigmoid").scroll_into_view_if_needed()
        page.screenshot(path=SCREENSHOTS / "01_forward_checks.png")

        assert outputs["test_relu"] == PASSED_RELU
        assert outputs["test_sigmoid"].startswith(SIGMOID_FAILED), outputs["test_sigmoid"]
        assert outputs["test_step"] == STEP_UNFINISHED
        for grade_id, (_, cause) in WRONG.items():
            assert outputs[f"test_{grade_id}"].startswith(f"{grade_id}: "), outputs[f"test_{grade_id}"]
            assert cause in outputs[f"test_{grade_id}"], outputs[f"test_{grade_id}"]
        for grade_id in ("step", *WRONG):  # one line, no traceback
            output = outputs[f"test_{grade_id}"]
            assert "\n" not in output and "Traceback" not in output, output

        page.keyboard.press("Control+s")
        saved = notebooks / f"{ASSIGNMENT}.ipynb"
        deadline = time.monotonic() + 20
        while "np.exp(-x))" not in saved.read_text() and time.monotonic() < deadline:
            time.sleep(0.2)

        _check_no_instructor_tools(page, base, token)
        assert page.get_by_text("Jupyter news").count() == 0  # the announcements pop-up is switched off
    except Exception:
        page.screenshot(path=SCREENSHOTS / "failure.png")
        raise
    finally:
        page.close()

    graded = subprocess.run(
        [sys.executable, "-m", "grader", "grade", str(saved), "--json"],
        cwd=ROOT,
        env=venv_environment(),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert graded.returncode == 0, graded.stderr
    tests = {test["name"]: test for test in json.loads(graded.stdout)["tests"]}
    assert tests["test_relu"]["points"] == tests["test_relu"]["max_points"] == 1
    assert tests["test_step"]["message"] == STEP_UNFINISHED
    for grade_id, (_, cause) in WRONG.items():  # the same verdict as the notebook's, naming the same cause
        test = tests[f"test_{grade_id}"]
        assert test["points"] < test["max_points"], test
        assert cause.removesuffix(" input") in test["message"], test


def _in_notebook_order(grade_ids):
    return sorted(grade_ids, key=_cell_index)


def _check_no_instructor_tools(page, base, token):
    """The student's Lab: an Nbgrader menu with the assignment list only, no Create Assignment, no formgrader."""
    page.locator("#jp-MainMenu .lm-MenuBar-itemLabel", has_text="Nbgrader").click()
    menu = page.locator("#jp-mainmenu-nbgrader")
    menu.wait_for()
    labels = [label.strip() for label in menu.locator(".lm-Menu-itemLabel:visible").all_inner_texts()]
    page.screenshot(path=SCREENSHOTS / "nbgrader_menu.png")
    page.keyboard.press("Escape")
    assert labels == ["Assignment List"], labels
    assert page.locator("[data-id='nbgrader-create_assignemnt'], [title*='Create Assignment']").count() == 0
    with pytest.raises(urllib.error.HTTPError) as missing:
        urllib.request.urlopen(f"{base}formgrader?token={token}", timeout=10)
    assert missing.value.code == 404
    assert page.get_by_role("button", name="Validate").count() == 1  # the student's Validate button is there
