"""`python -m grader similar`: a renamed copy is flagged, two honest independent answers are not.

The class of 04_dead_neurons: `honest_ref` has the reference answers;
`honest_alt` wrote init_mlp, train_mlp and run_comparison differently (the
corpus's correct alternatives) and plot_comparison in its own way; `copier`
took honest_alt's notebook, renamed its variables, added comments and
changed the layout; two students handed in the blank release (their only
code is the skeleton, which never counts).
"""

import copy
import re
import subprocess
import sys

import pytest
import support

from grader.instructor import similar
from tools.notebooks import venv_environment

pytestmark = pytest.mark.slow  # end to end: sandboxes, processes, notebooks

ASSIGNMENT = "04_dead_neurons"
ALTERNATIVES = ("init_mlp_comprehension", "train_in_place_updates", "run_comparison_stack")
OWN_PLOT = '''def plot_comparison(results, title="Dead units during training"):
    """Mean dead fraction per setting, one line each."""
    fig, ax = plt.subplots(figsize=(6, 3.5))
    for name in results:
        curve = np.asarray(results[name]["dead_fraction"])
        ax.plot(np.arange(curve.size), curve, label=name, linewidth=1.5)
    ax.set(title=title, xlabel="epoch", ylabel="fraction of dead units", ylim=(0, 1))
    ax.legend(loc="upper right")
    return fig
'''
RENAMES = {
    "params": "weights_and_biases",
    "history": "log_book",
    "logits": "scores",
    "results": "outcome",
    "curve": "line_values",
    "layer_sizes": "widths",
    "step": "iteration",
}


def disguise(source):
    """A copier's edits: other names, a comment on every other line, blank lines and spaces moved."""
    for old, new in RENAMES.items():
        source = re.sub(rf"\b{old}\b", new, source)
    lines = []
    for number, line in enumerate(source.splitlines()):
        if number % 2 and line.strip() and not line.rstrip().endswith(("(", ",", "\\")):
            line += "  # my own step"
        lines.append(line.replace(" = ", "  =  ") if "==" not in line else line)
        if line.strip().startswith("return"):
            lines.append("")
    return "\n".join(lines) + "\n"


def honest_alternative():
    notebook = support.filled_submission(ASSIGNMENT)
    for name in ALTERNATIVES:
        notebook = support.apply_corpus_file(
            notebook, support.read_corpus_file(support.CORPUS / ASSIGNMENT / "correct" / f"{name}.py")
        )
    for cell in notebook.cells:
        if cell.get("metadata", {}).get("nbgrader", {}).get("grade_id") == "plot_comparison":
            cell.source = OWN_PLOT
    return notebook


@pytest.fixture(scope="module")
def class_folder(tmp_path_factory):
    root = tmp_path_factory.mktemp("similar")
    alternative = honest_alternative()
    copied = copy.deepcopy(alternative)
    for cell in copied.cells:
        if cell.get("metadata", {}).get("nbgrader", {}).get("solution"):
            cell.source = disguise(cell.source)
    notebooks = {
        "honest_ref": support.filled_submission(ASSIGNMENT),
        "honest_alt": alternative,
        "copier": copied,
        "blank1": support.released_notebook(ASSIGNMENT),
        "blank2": support.released_notebook(ASSIGNMENT),
    }
    paths = {
        student: support.write(notebook, root / "submitted" / student / ASSIGNMENT / f"{ASSIGNMENT}.ipynb")
        for student, notebook in notebooks.items()
    }
    return root, paths


def test_the_copy_is_flagged_and_the_honest_pair_is_not(class_folder):
    _, paths = class_folder
    pairs, answers = similar.similar_pairs(paths, ASSIGNMENT)
    assert [(pair.first, pair.second) for pair in pairs] == [("copier", "honest_alt")]
    assert pairs[0].score >= similar.THRESHOLD
    # the disguise changed the text: the raw sources differ on most lines
    assert answers["copier"]["train_mlp"].source != answers["honest_alt"]["train_mlp"].source
    # and the honest pair is far below the threshold, not just under it
    everything, _ = similar.similar_pairs(paths, ASSIGNMENT, threshold=0)
    honest = [pair.score for pair in everything if {pair.first, pair.second} == {"honest_ref", "honest_alt"}]
    assert honest and honest[0] < similar.THRESHOLD - 20
    assert not any("blank1" in (pair.first, pair.second) for pair in everything)


def test_command_writes_the_side_by_side_page(class_folder):
    root, _ = class_folder
    (root / "nbgrader_config.py").write_text("c = get_config()\n")
    (root / "solutions" / ASSIGNMENT).mkdir(parents=True, exist_ok=True)
    done = subprocess.run(
        [sys.executable, "-m", "grader", "similar", ASSIGNMENT],
        cwd=root,
        env=venv_environment(),
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    assert lines[0].startswith("copier, honest_alt: ") and lines[1] == "expected (the reference's answer): honest_ref"
    page = (root / "reports" / ASSIGNMENT / "similar.html").read_text()
    assert "copier and honest_alt" in page
    assert "<mark>" in page and "log_book" in page  # the copy's own text, with the matching lines marked
    assert "not a verdict" in page


def test_students_with_one_answer_are_one_cluster_and_the_references_is_expected(class_folder, tmp_path):
    _, paths = class_folder
    sharing = {
        f"ref{index}": support.write(support.filled_submission(ASSIGNMENT), tmp_path / f"ref{index}.ipynb")
        for index in range(3)
    }
    clusters, answers = similar.similar_clusters({**paths, **sharing}, ASSIGNMENT)
    assert [(cluster.students, cluster.expected) for cluster in clusters] == [
        (["copier", "honest_alt"], False),
        (["honest_ref", "ref0", "ref1", "ref2"], True),
    ]
    assert similar.describe(clusters[1]) == "expected (the reference's answer): honest_ref, ref0, ref1, ref2"
    page = similar.write_page(clusters, answers, ASSIGNMENT, similar.THRESHOLD, tmp_path / "similar.html").read_text()
    assert page.count("<section>") == 3  # the group, its most alike pair's inside it, the expected one (no pairs)
    assert page.index("Group 1: copier, honest_alt") < page.index("<h2>expected (the reference")


def test_similar_outside_a_course_is_one_line_error(tmp_path):
    done = subprocess.run(
        [sys.executable, "-m", "grader", "similar", ASSIGNMENT],
        cwd=tmp_path,
        env=venv_environment(),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 2
    assert done.stderr.strip().count("\n") == 0 and "course root" in done.stderr


def test_normalisation_ignores_names_comments_and_layout():
    original = "def f(x, y):\n    '''Doc.'''\n    total = x + y  # sum\n    return total * 2\n"
    renamed = "def g(a,b):\n\n    s=a+b\n    return s*2\n"
    assert [s.text for s in similar.normalised_statements(original)] == [
        s.text for s in similar.normalised_statements(renamed)
    ]
    assert similar.normalised_statements("def broken(:\n") == []


def test_submissions_are_parsed_never_run(class_folder):
    """Submissions are parsed, never run: a notebook whose code would exit the process is read like any other."""
    _, paths = class_folder
    hostile = support.filled_submission(ASSIGNMENT)
    hostile.cells[-1].source = "import os\nos._exit(3)\n"
    path = support.write(hostile, paths["blank1"].parent.parent.parent / "hostile" / ASSIGNMENT / "h.ipynb")
    pairs, _ = similar.similar_pairs({"hostile": path, "honest_ref": paths["honest_ref"]}, ASSIGNMENT)
    assert [(pair.first, pair.second) for pair in pairs] == [("honest_ref", "hostile")]
