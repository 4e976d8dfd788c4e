"""`python -m grader report`: the class report, from the gradebook and the grader's verdicts.

The unit tests read a class written directly (tools/synthetic_class.py:
gradebook rows through nbgrader's API and verdict files), so every number is
known. One end-to-end test grades a small mixed class of 01_forward with
`python -m grader autograde --jobs 2` (perfect, blank, a corpus mistake,
a notebook whose sigmoid kills its process, and a file that is not a
notebook), writes the report with the command line, and opens it in
Chromium: every image loads and has alt text, no console error, no request
outside, the links to the book reach their pages, and the numbers on the page
are the gradebook's.
"""

import json
import os
import shutil
import statistics
import subprocess
import sys

import nbformat
import pytest
import support
from nbgrader.api import Gradebook
from support_audit import Audit  # the website's checks: loads, images, math, links, sliders
from support_chromium import require_chromium
from support_site import require_site, serve_directory

from grader.instructor import causes, report, similar
from grader.judging import failures
from grader.nbgrader_bridge import classresults
from tools import synthetic_class
from tools.notebooks import ROOT, venv_environment

pytestmark = pytest.mark.slow  # end to end: sandboxes, processes, notebooks

SCREENSHOTS = ROOT / "test-artifacts" / "report"
OVERFLOW = (
    "sigmoid: RuntimeWarning (overflow or invalid value) on large negative inputs (down to -1e4); "
    "exp(-x) overflows for large |x|: use a form that only exponentiates non-positive numbers"
)
NAN = "relu: wrong values on NaN inputs; NaN must propagate"


# ---------------------------------------------------------------------------
# A class written directly: 04_dead_neurons (max 14 automatic + 4 written).


@pytest.fixture(scope="module")
def written_class(tmp_path_factory):
    root = tmp_path_factory.mktemp("report-unit")
    verdict = synthetic_class.grade_report
    verdicts = {
        "ann": verdict("04_dead_neurons", {}),
        "bob": verdict(
            "04_dead_neurons",
            {
                "test_he_init": "he_init: wrong values on typical inputs; hint. "
                "he_init: wrong dtype on typical inputs; hint"
            },
        ),
        "cat": verdict(
            "04_dead_neurons",
            {
                "test_he_init": "he_init: wrong values on typical inputs; hint",
                "test_train_mlp": "train_mlp: crashed the process running the notebook",
            },
        ),
        "dan": verdict(
            "04_dead_neurons",
            {
                name: "dead_unit_fraction: raised TypeError with a 1-d array"
                for name in (
                    "test_dead_unit_fraction",
                    "test_he_init",
                    "test_init_mlp",
                    "test_train_mlp",
                    "test_run_comparison",
                    "test_experiment",
                )
            },
        ),
        "eve": {"digest": "d", "error": "bubblewrap cannot start here", "environment": True},
        "fay": None,  # in the gradebook, no verdict (yet)
        "gus": {"digest": "d", "unexpected": "a verdict of a newer grader"},
    }
    db_url = synthetic_class.write_class(
        root, "04_dead_neurons", verdicts, manual={"ann": {"written_answer": 4}, "bob": {"written_answer": 2}}
    )
    (root / ".grader" / "04_dead_neurons" / "gus.json").write_text("not json")
    # hal's verdict was saved but the run stopped before the gradebook recorded it
    (root / ".grader" / "04_dead_neurons" / "hal.json").write_text(json.dumps(verdict("04_dead_neurons", {})))
    results = classresults.load(
        db_url, synthetic_class.COURSE_ID, "04_dead_neurons", root / ".grader" / "04_dead_neurons"
    )
    return root, results


def test_summary_counts_only_graded_students(written_class):
    _, results = written_class
    summary = report.summarise(results)
    # ann 14 + 4 written, bob 12 + 2, cat 9, dan 0
    assert (summary.students, summary.graded) == (8, 4)
    assert summary.mean == pytest.approx((18 + 14 + 9 + 0) / 4)
    assert summary.median == 11.5
    assert (summary.full_marks, summary.zeros) == (1, 1)
    assert summary.not_graded == {
        "environment: bubblewrap cannot start here": 1,
        "no verdict from the grader yet": 2,  # fay has none, gus's is not JSON
        "not recorded in the gradebook yet": 1,
    }


def test_unknown_verdict_shape_is_not_graded_with_a_reason():
    assert classresults.not_graded_reason({"digest": "d"}) == "the verdict has an unknown format"
    assert classresults.not_graded_reason({"error": "timeout", "environment": True}) == "environment: timeout"
    assert classresults.not_graded_reason({"tests": [{"name": "t", "points": 1, "max_points": 1}]}) is None


def test_pass_rates_worst_first(written_class):
    _, results = written_class
    rates = dict(report.pass_rates(results))
    assert report.pass_rates(results)[0] == ("test_he_init", 0.25)  # bob, cat and dan failed it
    assert rates["test_train_mlp"] == 0.5 and rates["test_experiment"] == 0.75


def test_causes_grouped_by_function_and_cause(written_class):
    _, results = written_class
    ranked, graded = causes.common_causes(results.students, classresults.tests_of)
    shares = {(cause.function, cause.problem): len(cause.students) / graded for cause in ranked}
    assert graded == 4
    assert shares[("he_init", "wrong values")] == 0.5  # bob and cat; dan's message is about dead_unit_fraction
    assert shares[("dead_unit_fraction", "raised TypeError")] == 0.25
    assert ranked[0].function == "he_init"
    assert ranked[0].inputs["typical inputs"] == 2


def test_unattempted_work_is_apart_from_mistakes_and_every_cause_can_be_seen(tmp_path):
    """A class that has not started everything: "not implemented yet" gets its own table, and the mistakes past
    the first TOP_CAUSES open in a <details> table (no cause hidden behind "and N rarer causes")."""
    functions = [f"f{index:02}" for index in range(report.TOP_CAUSES + 3)]
    message = ". ".join(
        [f"{name}: wrong values on typical inputs" for name in functions]
        + [failures.not_implemented("gelu"), failures.not_implemented("swish")]
    )
    tests = [{"name": "test_all", "points": 0.0, "max_points": 1.0, "message": message}]
    verdict = {"assignment": "01_forward", "score": 0.0, "max_score": 1.0, "tests": tests}
    students = [classresults.StudentResult(name, 0.0, 1.0, verdict) for name in ("ann", "bob")]
    page = report.write_report(
        classresults.ClassResults("01_forward", 1.0, students, []), tmp_path, ROOT / "_build" / "html"
    ).read_text()
    shown, rest = page.split('id="cause-table"')[1].split('id="rarer-cause-table"')
    rest, unattempted = rest.split('id="unattempted-table"')
    assert "not implemented" not in shown + rest
    assert [name for name in functions if f">{name}</a>" in shown] == functions[: report.TOP_CAUSES]
    assert [name for name in functions if f">{name}</a>" in rest] == functions[report.TOP_CAUSES :]
    assert "<td>gelu</td>" in unattempted and "<td>swish</td>" in unattempted


def test_each_cause_links_to_a_page_of_the_book():
    for function, assignment in [
        ("sigmoid", "01_forward"),
        ("gelu_grad", "02_backward"),
        ("prelu_backward", "02_backward"),
        ("log_softmax", "03_softmax"),
        ("cross_entropy_backward", "03_softmax"),
        ("he_init", "04_dead_neurons"),
        ("forward_deep", "05_vanishing_gradients"),
        ("dense_forward", "02_backward"),
    ]:
        page = causes.book_page(function, assignment)
        assert (ROOT / "book" / f"{page}.md").exists(), (function, page)
    assert causes.book_page("gelu_grad", "02_backward") == "activations/gelu"


def test_parse_message_reads_the_judges_summaries():
    message = (
        "sigmoid: RuntimeWarning (overflow or invalid value) on large negative inputs (down to -1e4), "
        "float32 inputs and 2 more classes of input; exp(-x) overflows. tanh: wrong values on typical "
        "inputs; compare your formula with the one above. 1 more problems"
    )
    assert causes.parse_message(message) == [
        (
            "sigmoid",
            "RuntimeWarning (overflow or invalid value)",
            ["large negative inputs (down to -1e4)", "float32 inputs"],
            "exp(-x) overflows",
        ),
        ("tanh", "wrong values", ["typical inputs"], "compare your formula with the one above"),
    ]


def test_page_shows_manual_progress_and_students_to_look_at(written_class, tmp_path):
    _, results = written_class
    index = report.write_report(results, tmp_path / "out", ROOT / "_build" / "html")
    page = index.read_text()
    assert "written_answer</code>: 2 of 7 graded" in page
    for student, why in [
        ("cat", "sandbox killed the code"),
        ("dan", "zero"),
        ("eve", "not graded (environment: bubblewrap cannot start here)"),
        ("gus", "not graded (no verdict from the grader yet)"),
        ("hal", "not graded (not recorded in the gradebook yet)"),
    ]:
        assert f"<td>{student}</td><td>{why}</td>" in page
    assert "<td>ann</td>" not in page and "<td>bob</td>" not in page
    assert sorted(path.name for path in (tmp_path / "out").iterdir()) == [
        "index.html",
        "pass_rates.svg",
        "scores.svg",
        "similar.html",
    ]


def test_the_report_links_to_similar_submissions_whichever_ran_first(written_class, tmp_path):
    _, results = written_class
    for order in (("report", "similar"), ("similar", "report")):
        out = tmp_path / order[0]
        for step in order:
            if step == "report":
                index = report.write_report(results, out, ROOT / "_build" / "html")
            else:
                similar.write_page([], {}, "04_dead_neurons", 90, out / "similar.html")
        assert '<a href="similar.html">' in index.read_text()
        assert "No pair reached the threshold." in (out / "similar.html").read_text(), order
    fresh = report.write_report(results, tmp_path / "alone", ROOT / "_build" / "html").with_name("similar.html")
    assert "Not computed yet: run <code>python -m grader similar 04_dead_neurons</code>" in fresh.read_text()


def test_report_outside_the_course_or_before_grading_is_one_line(tmp_path):
    run = [sys.executable, "-m", "grader", "report", "01_forward"]
    outside = subprocess.run(run, cwd=tmp_path, env=venv_environment(), capture_output=True, text=True, timeout=120)
    assert outside.returncode == 2 and "course root" in outside.stderr
    shutil.copy(ROOT / "nbgrader_config.py", tmp_path)
    shutil.copytree(ROOT / "solutions" / "01_forward", tmp_path / "solutions" / "01_forward")
    ungraded = subprocess.run(run, cwd=tmp_path, env=venv_environment(), capture_output=True, text=True, timeout=120)
    assert ungraded.returncode == 2 and "first" in ungraded.stderr
    assert not (tmp_path / "gradebook.db").exists()
    for done in (outside, ungraded):
        assert done.stderr.strip().count("\n") == 0, done.stderr


# ---------------------------------------------------------------------------
# End to end: a small class graded by the real grader, the report in Chromium.


@pytest.fixture(scope="module")
def graded_class(tmp_path_factory):
    root = tmp_path_factory.mktemp("report-e2e")
    assignment = "01_forward"
    shutil.copy(ROOT / "nbgrader_config.py", root)
    shutil.copytree(ROOT / "solutions" / assignment, root / "solutions" / assignment)
    perfect = support.filled_submission(assignment)
    notebooks = {"perfect": perfect, "blank": support.released_notebook(assignment)}
    entry = support.read_corpus_file(support.CORPUS / assignment / "wrong" / "sigmoid_naive.py")
    notebooks["sigmoid_naive"] = support.apply_corpus_file(perfect, entry)
    notebooks["exiter"] = nbformat.from_dict(perfect)
    notebooks["exiter"].cells.append(nbformat.v4.new_code_cell("import os\n\ndef sigmoid(x):\n    os._exit(1)\n"))
    for student, notebook in notebooks.items():
        support.write(notebook, root / "submitted" / student / assignment / f"{assignment}.ipynb")
    malformed = root / "submitted" / "malformed" / assignment / f"{assignment}.ipynb"
    malformed.parent.mkdir(parents=True)
    malformed.write_text("{ not a notebook")
    env = venv_environment()
    graded = subprocess.run(
        [
            sys.executable,
            "-m",
            "grader",
            "autograde",
            assignment,
            "--jobs",
            "2",
            "--no-progress",
            "--call-timeout",
            "5",
        ],
        cwd=root,
        env=env,
        capture_output=True,
        text=True,
        timeout=900,
    )
    assert graded.returncode == 0, graded.stderr[-3000:]
    written = subprocess.run(
        [sys.executable, "-m", "grader", "report", assignment],
        cwd=root,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert written.returncode == 0, written.stderr[-3000:]
    return root, written.stdout


def gradebook_numbers(root):
    """What the page must show, computed from nbgrader's gradebook directly (malformed is not graded)."""
    with Gradebook(f"sqlite:///{root / 'gradebook.db'}") as gradebook:
        submissions = gradebook.find_assignment("01_forward").submissions
        scores = {s.student_id: s.score for s in submissions if s.student_id != "malformed"}
        passed = {}
        for submission in submissions:
            if submission.student_id == "malformed":
                continue
            for grade in submission.notebooks[0].grades:
                passed.setdefault(grade.name, []).append(grade.score >= grade.max_score)
    return {
        "stat-students": str(len(submissions)),
        "stat-graded": str(len(scores)),
        "stat-mean": f"{statistics.fmean(scores.values()):.2f}",
        "stat-median": f"{statistics.median(scores.values()):g}",
        "stat-full": str(sum(score == 19 for score in scores.values())),
        "stat-zeros": str(sum(score == 0 for score in scores.values())),
        "stat-not-graded": "1",
    }, {name: f"{round(100 * sum(flags) / len(flags))}%" for name, flags in passed.items()}


@pytest.mark.browser
def test_report_of_a_graded_class_in_chromium(graded_class, browser_context):
    require_chromium()
    site = require_site()
    root, stdout = graded_class
    assert "reports/01_forward/index.html (5 students" in stdout
    (root / "_build").mkdir(exist_ok=True)
    os.symlink(site, root / "_build" / "html")  # the report links to the book's pages
    stats, rates = gradebook_numbers(root)
    page = browser_context.new_page()
    try:
        audit = Audit(page)
        with serve_directory(root) as url:
            problems = audit(url + "reports/01_forward/index.html", screenshot=SCREENSHOTS / "01_forward.png")
            assert {check: found for check, found in problems.items() if found} == {}
            assert {key: page.locator(f"#{key}").inner_text() for key in stats} == stats
            shown = dict(
                page.locator("#pass-rates tbody tr").evaluate_all(
                    "rows => rows.map(r => [r.cells[0].innerText, r.cells[1].innerText])"
                )
            )
            assert shown == rates
            assert page.locator("#cause-table a").count() >= 3  # each cause linked to its page
            causes_text = page.locator("#cause-table").inner_text()
            assert "sigmoid: RuntimeWarning (overflow or invalid value)" in causes_text
            assert "crashed the process running the notebook" in causes_text
            flagged = page.locator("#flagged").inner_text()
            assert "blank\tzero" in flagged and "malformed\tnot graded" in flagged
            assert "exiter\tsandbox killed the code" in flagged
            page.emulate_media(color_scheme="dark")
            page.set_viewport_size({"width": 390, "height": 844})
            assert page.evaluate("document.documentElement.scrollWidth") <= 390  # no sideways scrolling on a phone
            page.screenshot(path=SCREENSHOTS / "01_forward-phone-dark.png", full_page=True)
    finally:
        page.close()


@pytest.mark.parametrize("max_score", [19, 14, 7.5, 100, 250])
def test_the_score_histogram_draws_every_score_full_marks_included(max_score):
    """Its bins hold every score from 0 to the maximum: full-mark students were left out once."""
    import numpy as np

    from grader.instructor.report_figures import histogram_edges

    scores = [0, max_score / 3, max_score - 1, max_score, max_score]
    counts, _ = np.histogram(scores, bins=histogram_edges(max_score))
    assert counts.sum() == len(scores) and counts[-1] >= 2
