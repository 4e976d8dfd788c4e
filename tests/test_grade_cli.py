"""`python -m grader grade`: the contract's command line, scores and errors."""

import copy
import json
import subprocess
import sys

import nbformat
import pytest
import support

from grader import course
from grader.pipeline.grade import grade_notebook

pytestmark = pytest.mark.slow  # end to end: sandboxes, processes, notebooks

ASSIGNMENTS = course.available_assignments()


def run_grader(path, *extra):
    return subprocess.run(
        [sys.executable, "-m", "grader", "grade", str(path), *extra], capture_output=True, text=True, timeout=600
    )


@pytest.mark.parametrize("assignment", ASSIGNMENTS)
def test_solution_gets_full_marks_and_student_copy_gets_zero(assignment):
    solved = run_grader(course.source_notebook_path(assignment), "--json")
    assert solved.returncode == 0, solved.stderr
    report = json.loads(solved.stdout)
    assert report["assignment"] == assignment
    assert report["score"] == report["max_score"] > 0, [t for t in report["tests"] if t["message"] != "passed"]
    assert [test["name"] for test in report["tests"]] == [cell.grade_id for cell in course.test_cells(assignment)]
    blank = json.loads(run_grader(course.release_notebook_path(assignment), "--json").stdout)
    assert blank["score"] == 0 and blank["max_score"] == report["max_score"]
    assert all(test["message"] for test in blank["tests"])


def test_table_output_lists_tests_and_total():
    result = run_grader(course.release_notebook_path("01_forward"))
    assert result.returncode == 0
    lines = result.stdout.splitlines()
    assert lines[0] == f"01_forward (course {course.COURSE_ROOT})"
    assert any(line.startswith("test_sigmoid") and "0/2" in line for line in lines)
    assert lines[-1].split() == ["total", "0/19"]


@pytest.mark.parametrize(
    "content, reason",
    [
        ("this is not json", "not JSON"),
        ('{"just": "json"}', "not a notebook"),
        (b"\x89PNG\r\n\x1a\n\x00\x00", "not a text file"),
    ],
)
def test_bad_files_get_one_line_and_exit_2(tmp_path, content, reason):
    path = tmp_path / "bad.ipynb"
    path.write_bytes(content if isinstance(content, bytes) else content.encode())
    result = run_grader(path, "--json")
    assert result.returncode == 2
    assert result.stdout == ""
    assert result.stderr.count("\n") == 1 and reason in result.stderr, result.stderr


def test_the_course_is_the_notebooks_or_the_one_named_never_the_working_directorys(tmp_path):
    other = support.copy_of_the_course(tmp_path, ["03_softmax"], extra_points=2)  # 03_softmax: 14 points here
    inside = other / "solutions" / "03_softmax" / "03_softmax.ipynb"
    outside = support.write(support.filled_submission("03_softmax"), tmp_path / "loose.ipynb")
    for path, named, root, max_score in [
        (inside, None, other, 16),
        (outside, None, course.COURSE_ROOT, 14),
        (outside, other, other, 16),
    ]:
        result = subprocess.run(
            [
                sys.executable,
                "-m",
                "grader",
                "grade",
                str(path),
                "--json",
                *(["--course", str(named)] if named else []),
            ],
            capture_output=True,
            text=True,
            timeout=600,
            cwd=course.COURSE_ROOT,
        )
        report = json.loads(result.stdout)
        assert (report["course"], report["max_score"]) == (str(root), max_score), (path, named)


def test_notebook_of_another_course_and_missing_file_exit_2(tmp_path):
    other = tmp_path / "other.ipynb"
    nbformat.write(nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("print(1)")]), other)
    for path in (other, tmp_path / "missing.ipynb"):
        result = run_grader(path, "--json")
        assert result.returncode == 2 and result.stderr.count("\n") == 1, result.stderr


def test_deleted_and_duplicated_cells_are_graded_on_what_is_there(tmp_path):
    notebook = support.filled_submission("01_forward")
    ids = [course.nbgrader_metadata(cell).get("grade_id") for cell in notebook.cells]
    relu_cell = copy.deepcopy(notebook.cells[ids.index("relu")])
    relu_cell["id"] = "relu-again"
    del notebook.cells[ids.index("tanh")]  # tanh's answer cell deleted
    notebook.cells.append(relu_cell)  # relu's answer cell duplicated at the end
    report = grade_notebook(support.write(notebook, tmp_path / "edited.ipynb"))
    scores = {test["name"]: test for test in report["tests"]}
    assert scores["test_tanh"]["points"] == 0 and "not defined" in scores["test_tanh"]["message"]
    assert all(test["points"] == test["max_points"] for name, test in scores.items() if name != "test_tanh")


def test_assignment_is_found_without_the_notebook_metadata(tmp_path):
    notebook = support.filled_submission("03_softmax")
    del notebook.metadata[course.METADATA_KEY]
    report = grade_notebook(support.write(notebook, tmp_path / "no-metadata.ipynb"))
    assert report["assignment"] == "03_softmax" and report["score"] == report["max_score"]
