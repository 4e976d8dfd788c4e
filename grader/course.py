"""Where the course's files are, and what its notebooks declare.

The course root holds `nbgrader_config.py`, `solutions/<assignment>/` (the
nbgrader source notebooks) and `exercises/<assignment>/` (the student
copies); `nbgrader collect` puts a class's submissions in
`submitted/<student>/<assignment>/`. The source notebooks are trusted: test cells and their points are
always read from them, never from a submission.
"""

import dataclasses
import functools
import hashlib
import json
import os
import pathlib
from typing import Any

import grader

PACKAGE = pathlib.Path(__file__).resolve().parent
# `pip install .` copies the trusted course files (nbgrader_config.py, solutions/) here (see pyproject.toml).
INSTALLED_COURSE = PACKAGE / "course_files"


# What makes a folder a course root, as the messages that ask for one say it.
COURSE_ROOT_HOLDS = "the folder with nbgrader_config.py and solutions/"


def is_course_root(folder: pathlib.Path) -> bool:
    """Whether `folder` is a course root: it holds nbgrader_config.py and solutions/."""
    return (folder / "nbgrader_config.py").is_file() and (folder / "solutions").is_dir()


class NotACourseRoot(Exception):
    """A command that runs in a course root was run elsewhere, or named an assignment the course lacks."""


def check_course_root(root: pathlib.Path, assignment: str, command: str) -> None:
    """NotACourseRoot, with the one line `command` (autograde, report, similar) prints, unless `root` is a course root
    with `assignment` in its solutions/."""
    if not is_course_root(root):
        raise NotACourseRoot(f"run {command} in the course root ({COURSE_ROOT_HOLDS})")
    if not (root / "solutions" / assignment).is_dir():
        raise NotACourseRoot(f"no assignment {assignment!r} in solutions/")


def submitted_notebooks(root: pathlib.Path, assignment: str) -> dict[str, pathlib.Path]:
    """{student: their notebook of `assignment`} for every student folder that holds the assignment's folder, where
    `nbgrader collect` puts them (submitted/<student>/<assignment>/<assignment>.ipynb), sorted by student id."""
    return {
        folder.parent.name: folder / f"{assignment}.ipynb"
        for folder in sorted((pathlib.Path(root) / "submitted").glob(f"*/{assignment}"))
        if folder.is_dir()
    }


def _course_root():
    """The checkout the grader belongs to (an editable install), else the course root the command runs in.

    With `pip install .` the package lives in site-packages, away from the
    course's folders: then the course is the working directory or the
    nearest folder above it that holds nbgrader_config.py and solutions/,
    else the copy of the course's source notebooks installed with the
    package (what a cluster worker grades with).
    """
    cwd = pathlib.Path.cwd().resolve()
    for folder in (PACKAGE.parent, cwd, *cwd.parents):
        if is_course_root(folder):
            return folder
    return INSTALLED_COURSE if is_course_root(INSTALLED_COURSE) else PACKAGE.parent


COURSE_ROOT = _course_root()


def own_course() -> pathlib.Path:
    """The course the grader package belongs to: its checkout (an editable install), else the copy `pip install .`
    made (what `grade` uses for a notebook outside any course, never the working directory's)."""
    return PACKAGE.parent if is_course_root(PACKAGE.parent) else INSTALLED_COURSE


def course_of(path: str | os.PathLike[str]) -> pathlib.Path | None:
    """The root of the course that holds the file at `path` (the nearest folder above it with nbgrader_config.py
    and solutions/), or None."""
    return next((folder for folder in pathlib.Path(path).resolve().parents if is_course_root(folder)), None)


def use(root: str | os.PathLike[str]) -> None:
    """Grade with the course at `root` from now on (`grade` chooses it per notebook, or with --course)."""
    global COURSE_ROOT
    COURSE_ROOT = pathlib.Path(root).resolve()
    source_notebook.cache_clear()
    test_cells.cache_clear()


ASSIGNMENTS = ("01_forward", "02_backward", "03_softmax", "04_dead_neurons", "05_vanishing_gradients")
METADATA_KEY = "activation_course"


class NotACourseNotebook(Exception):
    """The file is not JSON, not a notebook, or not one of the course's assignments."""


@dataclasses.dataclass(frozen=True)
class TestCell:
    """An autograded test cell of a source notebook: its grade id and points."""

    grade_id: str
    points: float


def source_notebook_path(assignment: str) -> pathlib.Path:
    return COURSE_ROOT / "solutions" / assignment / f"{assignment}.ipynb"


def release_notebook_path(assignment: str) -> pathlib.Path:
    return COURSE_ROOT / "exercises" / assignment / f"{assignment}.ipynb"


def available_assignments() -> list[str]:
    """The assignments whose source notebook exists."""
    return [name for name in ASSIGNMENTS if source_notebook_path(name).exists()]


def nbgrader_metadata(cell: object) -> dict[str, Any]:
    metadata = cell.get("metadata") if isinstance(cell, dict) else None
    nbgrader = metadata.get("nbgrader") if isinstance(metadata, dict) else None
    return nbgrader if isinstance(nbgrader, dict) else {}


def is_test_cell(cell: dict[str, Any]) -> bool:
    meta = nbgrader_metadata(cell)
    return cell.get("cell_type") == "code" and bool(meta.get("grade")) and not meta.get("solution")


class Node(dict):
    """A notebook (or cell) as a dict whose keys also read as attributes, like nbformat's NotebookNode.

    The grader parses notebooks with the json module: importing nbformat costs
    about a second (its schema validator), more than grading a notebook.
    """

    def __getattr__(self, name: str) -> Any:
        try:
            return self[name]
        except KeyError:
            raise AttributeError(name) from None


def _as_node(value):
    if isinstance(value, dict):
        node = Node((key, _as_node(item)) for key, item in value.items())
        if isinstance(node.get("source"), list) and all(isinstance(line, str) for line in node["source"]):
            node["source"] = "".join(node["source"])
        return node
    if isinstance(value, list):
        return [_as_node(item) for item in value]
    return value


@functools.cache
def source_notebook(assignment: str) -> Node:
    return read_notebook(source_notebook_path(assignment))


@functools.cache
def test_cells(assignment: str) -> tuple[TestCell, ...]:
    """The trusted test cells of an assignment, in notebook order."""
    return tuple(
        TestCell(nbgrader_metadata(cell)["grade_id"], float(nbgrader_metadata(cell)["points"]))
        for cell in source_notebook(assignment).cells
        if is_test_cell(cell)
    )


def read_notebook(path: str | os.PathLike[str]) -> Node:
    """Read any notebook file; NotACourseNotebook with a one-line reason if it cannot be read."""
    try:
        with open(path, "rb") as file:
            data = file.read()
    except FileNotFoundError:
        raise NotACourseNotebook(f"{path}: no such file") from None
    except IsADirectoryError:
        raise NotACourseNotebook(f"{path}: a directory, not a notebook") from None
    return parse_notebook(data, path)


def parse_notebook(data: bytes, path: str | os.PathLike[str] = "notebook") -> Node:
    """A notebook from its file's bytes (`path` names it in the one-line reason if it cannot be read)."""
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        raise NotACourseNotebook(f"{path}: not a text file") from None
    try:
        notebook = _as_node(json.loads(text))
    except ValueError:
        raise NotACourseNotebook(f"{path}: not JSON") from None
    except RecursionError:
        raise NotACourseNotebook(f"{path}: not a notebook (JSON nested too deep)") from None
    if not isinstance(notebook, dict) or not isinstance(notebook.get("cells"), list) or notebook.get("nbformat") != 4:
        raise NotACourseNotebook(f"{path}: not a notebook (nbformat 4)")
    for number, cell in enumerate(notebook.cells, 1):
        if not isinstance(cell, dict) or not isinstance(cell.get("source"), str):
            raise NotACourseNotebook(f"{path}: not a valid notebook (cell {number} has no text as its source)")
    return notebook


def fingerprint(*assignments: str) -> str:
    """What grading these assignments depends on, hashed: the grader's version and code, its suites, the sources
    and the course's scoring rule (partial credit or all-or-nothing).

    A cluster worker grades only tasks whose fingerprint equals its own, and
    a warm grader only requests whose fingerprint (of every assignment)
    equals its own: one course, one version (see grader.pipeline.cluster, grader.pipeline.server).
    """
    digest = hashlib.sha256(grader.__version__.encode())
    digest.update(f"\0all_or_nothing={all_or_nothing()}".encode())  # the course's scoring rule
    code = [path for path in sorted(PACKAGE.rglob("*.py")) if "course_files" not in path.relative_to(PACKAGE).parts]
    named = [(path, path.relative_to(PACKAGE)) for path in [*code, PACKAGE / "suites" / "pytest.ini"]] + [
        (path, path.relative_to(path.parent.parent)) for path in map(source_notebook_path, assignments)
    ]
    for path, name in named:  # names as they are in a source tree and in an installed package alike
        digest.update(f"\0{name}\0".encode())
        digest.update(path.read_bytes() if path.exists() else b"missing")
    return digest.hexdigest()[:16]


def assignment_of(notebook: Node, path: str | os.PathLike[str] = "notebook") -> str:
    """The assignment a notebook belongs to: its metadata, else the grade ids of its cells."""
    metadata = notebook.get("metadata") if isinstance(notebook.get("metadata"), dict) else {}
    declared = metadata.get(METADATA_KEY, {})
    if isinstance(declared, dict) and declared.get("assignment") in available_assignments():
        return declared["assignment"]
    ids = {nbgrader_metadata(cell).get("grade_id") for cell in notebook.cells}
    overlap = {
        name: len(ids & {nbgrader_metadata(cell).get("grade_id") for cell in source_notebook(name).cells} - {None})
        for name in available_assignments()
    }
    best = max(overlap, key=overlap.get, default=None)
    if best is None or overlap[best] == 0:
        raise NotACourseNotebook(f"{path}: not a notebook of this course's assignments")
    return best


def code_cells(notebook: Node) -> list[str]:
    """The source of each code cell of a notebook that the submission's process runs, in order.

    Malformed cells and test cells are left out: the hidden suite, not a test
    cell, decides the points (and a submission's test cells are not trusted),
    and the visible checks import course modules the sandbox does not show.
    """
    sources = []
    for cell in notebook.cells:
        if (
            isinstance(cell, dict)
            and cell.get("cell_type") == "code"
            and isinstance(cell.get("source"), str)
            and not is_test_cell(cell)
        ):
            sources.append(cell["source"])
    return sources


def all_or_nothing() -> bool:
    """True if the course's nbgrader_config.py sets `c.PartialCredit.all_or_nothing` (see grader.judging.credit)."""
    return _read_option(str(COURSE_ROOT / "nbgrader_config.py"))


@functools.cache
def _read_option(path):
    from traitlets.config.loader import PyFileConfigLoader  # nbgrader's own config format; only scoring reads it

    if not os.path.isfile(path):
        return False
    loader = PyFileConfigLoader(os.path.basename(path), os.path.dirname(path))
    return bool(loader.load_config().get("PartialCredit", {}).get("all_or_nothing", False))
