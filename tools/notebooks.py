"""Build the course's notebooks from their single sources.

`solutions/<a>/<a>.py` (a jupytext percent twin, the file instructors edit)
gives `solutions/<a>/<a>.ipynb`, the nbgrader source notebook; `nbgrader
generate_assignment` gives `exercises/<a>/<a>.ipynb`, the student copy.
Cell ids are derived from grade ids and positions so that regenerating
changes nothing unless a source changed.

    python -m tools.notebooks sync     # rewrite both from the .py twins
"""

import os
import pathlib
import shutil
import subprocess
import sys
import tempfile

import jupytext
import nbformat

ROOT = pathlib.Path(__file__).resolve().parent.parent


def assignments():
    return sorted(path.name for path in (ROOT / "solutions").iterdir() if (path / f"{path.name}.py").exists())


def notebook_from_twin(assignment):
    """The source notebook built from its .py twin, with stable cell ids."""
    notebook = jupytext.read(ROOT / "solutions" / assignment / f"{assignment}.py")
    for index, cell in enumerate(notebook.cells):
        grade_id = cell.metadata.get("nbgrader", {}).get("grade_id")
        cell["id"] = grade_id.replace("_", "-") if grade_id else f"{cell.cell_type}-{index}"
    return notebook


def write_source_notebook(assignment):
    nbformat.write(notebook_from_twin(assignment), ROOT / "solutions" / assignment / f"{assignment}.ipynb")


def generate_release(assignment, course_root):
    """Run `nbgrader generate_assignment` in a scratch copy of the course; the path of the student copy."""
    course_root = pathlib.Path(course_root)
    shutil.copy(ROOT / "nbgrader_config.py", course_root / "nbgrader_config.py")
    shutil.copytree(ROOT / "solutions" / assignment, course_root / "solutions" / assignment, dirs_exist_ok=True)
    subprocess.run(
        [
            "nbgrader",
            "generate_assignment",
            assignment,
            "--force",
            "--log-level=ERROR",
            f"--CourseDirectory.root={course_root}",
        ],
        cwd=course_root,
        check=True,
        capture_output=True,
        text=True,
        env=venv_environment(),
    )
    return course_root / "exercises" / assignment / f"{assignment}.ipynb"


def venv_environment():
    """os.environ with this Python's bin directory first: nbgrader runs `alembic` from PATH."""
    bin_dir = str(pathlib.Path(sys.executable).parent)
    return {**os.environ, "PATH": bin_dir + os.pathsep + os.environ.get("PATH", "")}


def sync():
    """Rewrite every source notebook from its twin, then every student copy from its source."""
    for assignment in assignments():
        write_source_notebook(assignment)
        with tempfile.TemporaryDirectory() as scratch:
            released = generate_release(assignment, scratch)
            target = ROOT / "exercises" / assignment
            target.mkdir(parents=True, exist_ok=True)
            shutil.copy(released, target / released.name)
        print(f"{assignment}: solutions/ and exercises/ regenerated")


if __name__ == "__main__":
    if sys.argv[1:] != ["sync"]:
        sys.exit("usage: python -m tools.notebooks sync")
    sync()
