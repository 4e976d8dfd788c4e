"""A scratch course with a mixed class of 01_forward, graded by `python -m grader autograde`: for the batch tests.

tests/test_batch.py, tests/test_postgres.py and tests/test_cluster.py grade
the same class (perfect, blank, plausible mistakes of the corpus, two hostile
cells among correct answers, a file that is not JSON and a missing notebook)
locally, into PostgreSQL and on a Dask cluster, and compare what nbgrader's
gradebook holds with what `python -m grader grade` gives each file.
"""

import shutil
import subprocess
import sys

import nbformat
import support
from nbgrader.api import Gradebook

from grader.pipeline.grade import grade_notebook
from grader.sandbox.limits import Limits
from tools.notebooks import ROOT, venv_environment

ASSIGNMENT = "01_forward"
LIMITS = Limits(cell_seconds=5, call_seconds=5)  # the batch runs with --call-timeout 5 too
HOSTILE_CELLS = {
    "forkbomb": "import os\nwhile True:\n    try:\n        os.fork()\n    except OSError:\n        pass\n",
    "exiter": "import os\n\ndef sigmoid(x):\n    os._exit(1)\n",
}
MISTAKES = ["sigmoid_naive", "relu_where_loses_nan", "gelu_no_valueerror", "elu_exp_overflow", "step_at_zero"]


def make_course(root, copies=1):
    """A scratch course with submissions; returns {student: path or None}."""
    shutil.copy(ROOT / "nbgrader_config.py", root)
    shutil.copytree(ROOT / "solutions" / ASSIGNMENT, root / "solutions" / ASSIGNMENT)
    notebooks = {}
    for copy in range(copies):
        notebooks[f"perfect{copy}"] = support.filled_submission(ASSIGNMENT)
        notebooks[f"blank{copy}"] = support.released_notebook(ASSIGNMENT)
        for mistake in MISTAKES:
            entry = support.read_corpus_file(support.CORPUS / ASSIGNMENT / "wrong" / f"{mistake}.py")
            notebooks[f"{mistake}{copy}"] = support.apply_corpus_file(support.filled_submission(ASSIGNMENT), entry)
    for name, code in HOSTILE_CELLS.items():  # a correct notebook with one hostile cell among its answers
        notebook = support.filled_submission(ASSIGNMENT)
        notebook.cells.insert(len(notebook.cells) // 2, nbformat.v4.new_code_cell(code))
        notebooks[name] = notebook
    paths = {
        student: support.write(nb, root / "submitted" / student / ASSIGNMENT / f"{ASSIGNMENT}.ipynb")
        for student, nb in notebooks.items()
    }
    malformed = root / "submitted" / "malformed" / ASSIGNMENT / f"{ASSIGNMENT}.ipynb"
    malformed.parent.mkdir(parents=True)
    malformed.write_text("{ this is not a notebook")
    (root / "submitted" / "missing" / ASSIGNMENT).mkdir(parents=True)
    return {**paths, "malformed": None, "missing": None}


def expected_score(path):
    """What `python -m grader grade` gives the file (0 for a missing or unreadable one)."""
    return grade_notebook(path, LIMITS)["score"] if path else 0


# The batch as these tests run it: two workers, and a short call limit for the answers that hang.
AUTOGRADE = [sys.executable, "-m", "grader", "autograde", ASSIGNMENT, "--jobs", "2", "--call-timeout", "5"]


def autograde(root, *extra, **kwargs):
    """AUTOGRADE (then `extra`) in the course at `root`, captured."""
    return subprocess.run(
        [*AUTOGRADE, *extra],
        cwd=root,
        env=venv_environment(),
        capture_output=True,
        text=True,
        timeout=900,
        **kwargs,
    )


def gradebook_scores(root):
    """{student: {grade id: score}} and {student: total} as nbgrader's gradebook holds them."""
    with Gradebook(f"sqlite:///{root / 'gradebook.db'}") as gradebook:
        submissions = gradebook.find_assignment(ASSIGNMENT).submissions
        totals = {s.student_id: s.score for s in submissions}
        cells = {
            s.student_id: {g.name: g.score for g in s.notebooks[0].grades if g.cell_type == "code"} for s in submissions
        }
    return cells, totals
