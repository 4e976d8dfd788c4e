"""`python -m grader report ASSIGNMENT [--out DIR]`: the instructor's class report, a static HTML page.

Written to `reports/<assignment>/` by default: `index.html` with its SVG
figures next to it, no script, no server and nothing fetched from elsewhere,
readable on a phone and in dark mode. It shows the score distribution, each
test cell's pass rate, the most frequent failure causes (linked to the book
page that explains them), how far the manual grading of written answers is,
and the students to look at. Numbers come from `grader.nbgrader_bridge.classresults`.
"""

import collections
import dataclasses
import html
import os
import pathlib
import statistics

import jinja2

from grader.course import PACKAGE
from grader.instructor import causes, report_figures
from grader.nbgrader_bridge import classresults
from grader.nbgrader_bridge.classresults import ClassResults

TEMPLATE = PACKAGE / "templates" / "report.html"
TOP_CAUSES = 12
SIMILAR_PLACEHOLDER = (
    '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8"><title>{assignment}: similar '
    "submissions</title></head>\n<body><p>Not computed yet: run <code>python -m grader similar "
    "{assignment}</code> in the course root; it replaces this page.</p></body></html>\n"
)
# What a test message says when the sandbox stopped the student's code (grader/judging/failures.py REASONS).
STOPPED = {"crashed the process running the notebook": "sandbox killed the code", "ran past its time limit": "timeout"}


@dataclasses.dataclass
class Summary:
    """The report's numbers, as shown on the page."""

    students: int
    graded: int
    mean: float | None
    median: float | None
    full_marks: int
    zeros: int
    not_graded: dict[str, int]  # reason -> number of students


def graded_scores(results: ClassResults) -> list[float]:
    """The gradebook scores of the students the grader graded (not those it could not grade)."""
    return [r.score for r in results.students if not r.not_graded]


def summarise(results: ClassResults) -> Summary:
    """Summary of a ClassResults: statistics over the graded students' gradebook scores."""
    scores = graded_scores(results)
    not_graded = collections.Counter(result.not_graded for result in results.students if result.not_graded)
    return Summary(
        students=len(results.students),
        graded=len(scores),
        mean=statistics.fmean(scores) if scores else None,
        median=statistics.median(scores) if scores else None,
        full_marks=sum(score >= results.max_score for score in scores),
        zeros=sum(score == 0 for score in scores),
        not_graded=not_graded,
    )


def pass_rates(results: ClassResults) -> list[tuple[str, float]]:
    """[(test cell, fraction of graded students who passed it)], worst first (ties by name)."""
    passed, seen = {}, {}
    for result in results.students:
        for test in classresults.tests_of(result):
            seen[test["name"]] = seen.get(test["name"], 0) + 1
            passed[test["name"]] = passed.get(test["name"], 0) + (test["points"] >= test["max_points"])
    return sorted(((name, passed[name] / seen[name]) for name in seen), key=lambda item: (item[1], item[0]))


def students_to_look_at(results: ClassResults) -> list[tuple[str, str]]:
    """[(student, why)]: not graded, code stopped by the sandbox, or a score of zero."""
    flagged = []
    for result in results.students:
        reasons = [f"not graded ({result.not_graded})"] if result.not_graded else []
        messages = " ".join(str(test.get("message", "")) for test in classresults.tests_of(result))
        reasons += [label for phrase, label in STOPPED.items() if phrase in messages]
        if not result.not_graded and result.score == 0:
            reasons.append("zero")
        if reasons:
            flagged.append((result.student, "; ".join(reasons)))
    return flagged


def write_report(
    results: ClassResults, out_dir: str | os.PathLike[str], book_html: str | os.PathLike[str]
) -> pathlib.Path:
    """Write index.html and its figures into out_dir; returns the path of index.html."""
    out_dir = pathlib.Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    summary = summarise(results)
    rates = pass_rates(results)
    scores = graded_scores(results)
    figures = []
    if scores:
        report_figures.score_histogram(scores, results.max_score, out_dir / "scores.svg")
        figures.append("scores.svg")
    if rates:
        report_figures.pass_rates([name for name, _ in rates], [rate for _, rate in rates], out_dir / "pass_rates.svg")
        figures.append("pass_rates.svg")
    ranked, graded = causes.common_causes(results.students, classresults.tests_of)
    book = os.path.relpath(book_html, out_dir)
    mistakes, unattempted = causes.split_unattempted(ranked)
    cause_rows = [
        {
            "cause": cause,
            "share": len(cause.students) / graded,
            "inputs": [place for place, _ in cause.inputs.most_common(3)],
            "link": f"{book}/book/{causes.book_page(cause.function, results.assignment)}.html",
        }
        for cause in mistakes
    ]
    template = jinja2.Template(TEMPLATE.read_text(), autoescape=True, trim_blocks=True, lstrip_blocks=True)
    page = template.render(
        assignment=results.assignment,
        max_score=results.max_score,
        summary=summary,
        rates=rates,
        causes=cause_rows[:TOP_CAUSES],
        rarer_causes=cause_rows[TOP_CAUSES:],
        unattempted=[(cause.function, len(cause.students) / graded) for cause in unattempted],
        manual=results.manual,
        flagged=students_to_look_at(results),
        figures=figures,
    )
    index = out_dir / "index.html"
    index.write_text(page)
    _similar_placeholder(out_dir / "similar.html", results.assignment)
    return index


def _similar_placeholder(path, assignment):
    """The page the report links to for similar submissions, until `python -m grader similar` writes the real one
    (which it then replaces): the link works whichever command ran first."""
    if not path.exists():
        path.write_text(SIMILAR_PLACEHOLDER.format(assignment=html.escape(assignment)))
