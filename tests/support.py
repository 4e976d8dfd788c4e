"""Build submissions for the grader's tests: student copies with answers filled in or replaced.

A submission starts from the released student notebook (what a student
downloads). `filled_submission` puts the reference answer into every answer
cell (a perfect student); `apply_corpus_file` then replaces some cells with a
corpus file's code, as the file's docstring says.
"""

import ast
import copy
import dataclasses
import json
import pathlib
import shutil

import nbformat

from grader import course

CORPUS = pathlib.Path(__file__).resolve().parent / "corpus"


@dataclasses.dataclass(frozen=True)
class CorpusFile:
    """One corpus entry: its code, the cells it replaces and the test cells it must lose."""

    path: pathlib.Path
    assignment: str
    kind: str  # wrong, correct or hostile
    cells: tuple
    expect: tuple
    summary: str
    causes: tuple = ()  # text the grader's message must contain (`cause:` lines, one each)
    not_causes: tuple = ()  # text it must not contain: causes that are not there (`not:` lines)
    hidden_only: str = ""  # why no visible check can catch it (`hidden_only:`): only hidden values are wrong

    @property
    def source(self):
        return self.path.read_text()

    @property
    def id(self):
        return f"{self.assignment}/{self.kind}/{self.path.stem}"


LISTS = ("cell", "expect")  # comma-separated grade ids
REPEATED = ("cause", "not")  # one text per line, the line may repeat


def read_corpus_file(path):
    """Parse the docstring's `cell:`, `expect:`, `cause:`, `not:` and `hidden_only:` lines."""
    path = pathlib.Path(path)
    docstring = ast.get_docstring(ast.parse(path.read_text())) or ""
    fields = {key: () for key in REPEATED}
    for line in docstring.splitlines()[1:]:
        key, _, value = line.partition(":")
        key, value = key.strip(), value.strip()
        if not value or " " in key:
            continue
        if key in LISTS:
            fields[key] = tuple(item.strip() for item in value.split(",") if item.strip())
        elif key in REPEATED:
            fields[key] += (value,)
        else:
            fields[key] = value
    if "cell" not in fields:
        raise ValueError(f"{path}: the docstring needs a 'cell:' line")
    return CorpusFile(
        path,
        path.parent.parent.name,
        path.parent.name,
        fields["cell"],
        fields.get("expect", ()),
        docstring.splitlines()[0] if docstring else "",
        fields["cause"],
        fields["not"],
        fields.get("hidden_only", ""),
    )


def corpus(kind, assignments=None):
    """Every corpus file of a kind, over the assignments that have a solution notebook."""
    names = assignments or course.available_assignments()
    return [read_corpus_file(path) for name in names for path in sorted((CORPUS / name / kind).glob("*.py"))]


def _cell_index(notebook, grade_id):
    for index, cell in enumerate(notebook.cells):
        if course.nbgrader_metadata(cell).get("grade_id") == grade_id:
            return index
    raise KeyError(f"no cell with grade id {grade_id!r}")


def released_notebook(assignment):
    return nbformat.read(course.release_notebook_path(assignment), as_version=4)


def filled_submission(assignment):
    """The student copy with every answer cell holding the reference solution."""
    notebook = released_notebook(assignment)
    for cell in course.source_notebook(assignment).cells:
        meta = course.nbgrader_metadata(cell)
        if meta.get("solution") and cell.cell_type == "code":
            notebook.cells[_cell_index(notebook, meta["grade_id"])].source = cell.source
    return notebook


def apply_corpus_file(notebook, entry):
    """A copy of notebook with entry's code in its first cell (`new`: a new last cell), the others emptied."""
    notebook = copy.deepcopy(notebook)
    first, *rest = entry.cells
    if first == "new":
        notebook.cells.append(nbformat.v4.new_code_cell(entry.source))
    else:
        notebook.cells[_cell_index(notebook, first)].source = entry.source
    for grade_id in rest:
        notebook.cells[_cell_index(notebook, grade_id)].source = ""
    return notebook


def write(notebook, path):
    path = pathlib.Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    nbformat.write(notebook, path)
    return path


def copy_of_the_course(folder, assignments=None, extra_points=0):
    """A copy of the course's trusted files (nbgrader_config.py and solutions/, of `assignments` or all) in
    folder/course, its first test cell of each worth `extra_points` more: its root."""
    root = pathlib.Path(folder).resolve() / "course"
    root.mkdir()
    shutil.copy(course.COURSE_ROOT / "nbgrader_config.py", root)
    for assignment in assignments or course.available_assignments():
        shutil.copytree(course.source_notebook_path(assignment).parent, root / "solutions" / assignment)
        if extra_points:
            add_points(root / "solutions" / assignment / f"{assignment}.ipynb", extra_points)
    return root


def add_points(path, extra_points):
    """Make the first test cell of the source notebook at `path` worth `extra_points` more."""
    notebook = json.loads(pathlib.Path(path).read_text())
    test_cell = next(cell for cell in notebook["cells"] if cell["metadata"].get("nbgrader", {}).get("points"))
    test_cell["metadata"]["nbgrader"]["points"] += extra_points
    pathlib.Path(path).write_text(json.dumps(notebook))
