"""`python -m grader similar ASSIGNMENT`: pairs of submissions whose long answers are unusually alike.

It flags, it never accuses. Submissions are read as JSON and parsed with
Python's `ast` (never run). Each answer cell (an autograded-answer cell of the
source notebook, matched by grade id) is normalised: comments, docstrings
and layout disappear, and every variable, argument and local function name is
renamed in order of first use (v0, v1, ...), so renaming and reformatting a
copy changes nothing. Statements that also occur, normalised, in the released
notebook (the skeleton, the signature, code in the hints) are dropped. Only the
cells whose reference answer is long enough to be written in many ways count
(dense layers, training loops, the experiments: `MIN_TOKENS`), and a student
must have written `MIN_TOKENS` of their own for a pair to be scored.

Each student's remaining statements become one token stream (each distinct
token one character), and every pair is scored with RapidFuzz's normalised
Indel similarity (`fuzz.ratio`, 0..100) in one `process.cdist` call. Pairs at
or above `THRESHOLD` join their students into clusters (connected components:
a class where 17 students share one answer is one cluster, not 136 pairs).
The source notebook's own answer takes part as one more member: a cluster that
holds it is the reference's answer, expected rather than suspicious (an answer
that is only the released code has nothing of its own left and is in no
cluster). The other clusters are ranked, most alike first, and written to
`similar.html` with their most alike pair side by side, each line that matched
a statement of the other submission highlighted.
"""

import ast
import builtins
import collections
import dataclasses
import html
import io
import itertools
import os
import pathlib
import tokenize

import numpy as np
from rapidfuzz import fuzz, process

from grader import course

MIN_TOKENS = 60
THRESHOLD = 90.0
KEEP = frozenset(dir(builtins))
REFERENCE = "(the reference answer)"  # the source notebook, a member of the clusters like a student


@dataclasses.dataclass
class Statement:
    """One statement of an answer: its normalised text and its lines in the cell (1-based, inclusive)."""

    text: str
    first: int
    last: int


@dataclasses.dataclass
class Answer:
    """A student's answer cell: its source and its normalised statements that are not in the release."""

    grade_id: str
    source: str
    statements: list[Statement]


class _Canonical(ast.NodeTransformer):
    """Rename every non-builtin name to v0, v1, ... in order of first appearance; drop docstrings."""

    def __init__(self):
        self.names = {}

    def _rename(self, name):
        if name in KEEP:
            return name
        return self.names.setdefault(name, f"v{len(self.names)}")

    def visit_Name(self, node):
        node.id = self._rename(node.id)
        return node

    def visit_arg(self, node):
        node.arg = self._rename(node.arg)
        node.annotation = None
        return node

    def generic_visit(self, node):
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            node.name = self._rename(node.name)
            if not isinstance(node, ast.ClassDef):
                node.returns = None
        body = getattr(node, "body", None)
        if (
            isinstance(body, list)
            and body
            and isinstance(body[0], ast.Expr)
            and isinstance(body[0].value, ast.Constant)
            and isinstance(body[0].value.value, str)
        ):
            node.body = body[1:] or [ast.copy_location(ast.Pass(), body[0])]
        return super().generic_visit(node)


def normalised_statements(source: str) -> list[Statement]:
    """[Statement] of a cell in source order (a compound statement contributes its header), or [] if unparsable."""
    try:
        tree = _Canonical().visit(ast.parse(source))
    except (SyntaxError, ValueError, RecursionError):
        return []
    statements = []
    for node in ast.walk(tree):
        if not isinstance(node, ast.stmt):
            continue
        text = ast.unparse(node)
        last = node.end_lineno
        if isinstance(getattr(node, "body", None), list):  # a compound statement: its header only
            text = text.splitlines()[0]
            last = max(node.lineno, node.body[0].lineno - 1)
        statements.append(Statement(text, node.lineno, last))
    return sorted(statements, key=lambda s: s.first)


def tokens(text: str) -> list[str]:
    """The Python tokens of a normalised statement (names already canonical)."""
    try:
        return [
            token.string
            for token in tokenize.generate_tokens(io.StringIO(text).readline)
            if token.type not in (tokenize.NEWLINE, tokenize.NL, tokenize.ENDMARKER, tokenize.INDENT, tokenize.DEDENT)
        ]
    except (tokenize.TokenError, SyntaxError):
        return text.split()


def long_answer_cells(assignment: str) -> list[str]:
    """Grade ids of the answer cells whose reference answer has at least MIN_TOKENS normalised tokens."""
    long_cells = []
    for cell in course.source_notebook(assignment).cells:
        meta = course.nbgrader_metadata(cell)
        if cell.get("cell_type") == "code" and meta.get("solution") and meta.get("grade_id"):
            count = sum(len(tokens(s.text)) for s in normalised_statements(cell.source))
            if count >= MIN_TOKENS:
                long_cells.append(meta["grade_id"])
    return long_cells


def released_statements(assignment: str) -> set[str]:
    """Normalised statements of every code cell of the released notebook: the skeleton and the hints."""
    notebook = course.read_notebook(course.release_notebook_path(assignment))
    return {s.text for source in course.code_cells(notebook) for s in normalised_statements(source)}


def student_answers(notebook_path: str | os.PathLike[str], cells: list[str], skeleton: set[str]) -> dict[str, Answer]:
    """{grade id: Answer} of one submission, for the given cells; {} if the file cannot be read."""
    try:
        notebook = course.read_notebook(notebook_path)
    except course.NotACourseNotebook:
        return {}
    answers = {}
    for cell in notebook.cells:
        grade_id = course.nbgrader_metadata(cell).get("grade_id")
        if grade_id in cells and grade_id not in answers and isinstance(cell.get("source"), str):
            own = [s for s in normalised_statements(cell.source) if s.text not in skeleton]
            answers[grade_id] = Answer(grade_id, cell.source, own)
    return answers


@dataclasses.dataclass
class Pair:
    """Two submissions and their similarity (0..100) over the long answer cells."""

    first: str
    second: str
    score: float


def similar_pairs(
    submissions: dict[str, pathlib.Path], assignment: str, threshold: float = THRESHOLD, with_reference: bool = False
) -> tuple[list[Pair], dict[str, dict[str, Answer]]]:
    """(pairs at or above threshold, most alike first; {student: {grade id: Answer}}).

    `submissions` maps each student to their notebook's path; `with_reference`
    adds the source notebook's answer as the member REFERENCE.
    """
    cells = long_answer_cells(assignment)
    skeleton = released_statements(assignment)
    if with_reference:
        submissions = {**submissions, REFERENCE: course.source_notebook_path(assignment)}
    answers = {student: student_answers(path, cells, skeleton) for student, path in submissions.items()}
    vocabulary = {}
    streams = {}
    for student, by_cell in answers.items():
        stream = [
            token
            for grade_id in cells
            if grade_id in by_cell
            for statement in by_cell[grade_id].statements
            for token in tokens(statement.text)
        ]
        if len(stream) >= MIN_TOKENS:
            streams[student] = "".join(chr(0x4E00 + vocabulary.setdefault(token, len(vocabulary))) for token in stream)
    students = sorted(streams)
    if len(students) < 2:
        return [], answers
    texts = [streams[student] for student in students]
    matrix = process.cdist(texts, texts, scorer=fuzz.ratio, dtype=np.float32, workers=1, score_cutoff=threshold)
    pairs = [
        Pair(students[i], students[j], float(matrix[i, j]))
        for i, j in itertools.combinations(range(len(students)), 2)
        if matrix[i, j] >= threshold
    ]
    return sorted(pairs, key=lambda pair: (-pair.score, pair.first, pair.second)), answers


@dataclasses.dataclass
class Cluster:
    """Students whose answers are alike (each at or above the threshold with another of them), their pairs
    (most alike first), and whether the reference's answer is among them (`expected`)."""

    students: list[str]
    pairs: list[Pair]
    expected: bool


def similar_clusters(
    submissions: dict[str, pathlib.Path], assignment: str, threshold: float = THRESHOLD
) -> tuple[list[Cluster], dict[str, dict[str, Answer]]]:
    """(clusters: those not expected first, most alike first, then the expected ones; {student: {grade id:
    Answer}})."""
    pairs, answers = similar_pairs(submissions, assignment, threshold, with_reference=True)
    leader = {}

    def find(member):
        while leader.setdefault(member, member) != member:
            member = leader[member]
        return member

    for pair in pairs:
        leader[find(pair.first)] = find(pair.second)
    members = collections.defaultdict(set)
    for pair in pairs:
        members[find(pair.first)].update((pair.first, pair.second))
    clusters = [
        Cluster(sorted(group - {REFERENCE}), [pair for pair in pairs if pair.first in group], REFERENCE in group)
        for group in members.values()
    ]
    clusters.sort(
        key=lambda cluster: (cluster.expected, -cluster.pairs[0].score, -len(cluster.students), cluster.students)
    )
    return clusters, answers


def side_by_side(pair: Pair, answers: dict[str, dict[str, Answer]]) -> str:
    """An HTML section showing both submissions' long answers, lines matching the other's highlighted."""
    left, right = answers[pair.first], answers[pair.second]
    parts = [f"<section><h2>{html.escape(pair.first)} and {html.escape(pair.second)}: {pair.score:.0f}% alike</h2>"]
    for grade_id in [g for g in left if g in right]:
        texts = ({s.text for s in left[grade_id].statements}, {s.text for s in right[grade_id].statements})
        parts.append(f'<h3><code>{html.escape(grade_id)}</code></h3><div class="pair">')
        for answer, other in ((left[grade_id], texts[1]), (right[grade_id], texts[0])):
            marked = {line for s in answer.statements if s.text in other for line in range(s.first, s.last + 1)}
            lines = [
                f"<mark>{html.escape(line)}</mark>" if number in marked else html.escape(line)
                for number, line in enumerate(answer.source.splitlines(), start=1)
            ]
            parts.append("<pre>" + "\n".join(lines) + "</pre>")
        parts.append("</div>")
    parts.append("</section>")
    return "\n".join(parts)


PAGE = """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="color-scheme" content="light dark"><title>Similar submissions: {assignment}</title>
<style>body {{ font: 16px/1.5 system-ui, sans-serif; margin: 0 auto; padding: 1rem; max-width: 80rem; }}
.pair {{ display: grid; grid-template-columns: repeat(auto-fit, minmax(18rem, 1fr)); gap: 0.5rem; }}
pre {{ overflow-x: auto; font-size: 0.8rem; border: 1px solid #8884; padding: 0.5rem; }}
mark {{ background: #f5d76e88; color: inherit; }}</style></head><body>
<h1>Similar submissions: {assignment}</h1>
<p>Groups of submissions whose long answers ({cells}) are at least {threshold:g}% alike, pair by pair, after
comments, layout and names are normalised and the code given in the released notebook is removed; the most
alike first, each with its most alike pair side by side. Highlighted: the lines whose normalised statement also
occurs in the other submission. Similar code has innocent causes too (the lecture, a shared hint, a study
group): this is a hint where to look, not a verdict. Answers that are the reference's are listed apart, at the
end: expected, not suspicious.</p>
{body}
</body></html>
"""


def describe(cluster: Cluster) -> str:
    """One line for a cluster: its students and how alike they are."""
    if cluster.expected:
        return f"expected (the reference's answer): {', '.join(cluster.students)}"
    scores = [pair.score for pair in cluster.pairs]
    alike = f"{max(scores):.0f}%" if min(scores) >= max(scores) - 0.5 else f"{min(scores):.0f}-{max(scores):.0f}%"
    return f"{', '.join(cluster.students)}: {alike} alike"


def _section(number, cluster, answers):
    """An HTML section for a cluster: the expected ones named only, the others with their most alike pair."""
    title = f"<h2>{'' if cluster.expected else f'Group {number}: '}{html.escape(describe(cluster))}</h2>"
    if cluster.expected:
        return f"<section>{title}<p>Not suspicious: the reference's answer.</p></section>"
    return f"<section>{title}\n{side_by_side(cluster.pairs[0], answers)}</section>"


def write_page(
    clusters: list[Cluster],
    answers: dict[str, dict[str, Answer]],
    assignment: str,
    threshold: float,
    path: str | os.PathLike[str],
) -> pathlib.Path:
    """Write the page of the clusters of alike submissions."""
    body = (
        "\n".join(_section(number, cluster, answers) for number, cluster in enumerate(clusters, start=1))
        or "<p>No pair reached the threshold.</p>"
    )
    cells = ", ".join(long_answer_cells(assignment)) or "none"
    path = pathlib.Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(
        PAGE.format(assignment=html.escape(assignment), cells=html.escape(cells), threshold=threshold, body=body)
    )
    return path
