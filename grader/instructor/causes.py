"""The class's most frequent failure causes, read back from the grader's own feedback messages.

A failed test cell's message is built by `grader.judging.judge.summarise` from the
checks' failures (`grader/judging/checks.py`, `grader/judging/failures.py`): distinct problems
joined by ". ", each "function: problem on class of input, ...; hint". A cause
is the pair (function, problem); its share is the fraction of graded students
whose feedback names it, and the classes of input are tallied with it. Each
cause links to the book page that explains the function. A function not
attempted yet (it still raises NotImplementedError) is a cause of its own
kind: the report lists it apart from the mistakes, which it would bury.
"""

import collections
import dataclasses
import re
from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING

from grader.judging.failures import NOT_IMPLEMENTED
from grader.judging.grade_report import CellReport

if TYPE_CHECKING:
    from grader.nbgrader_bridge.classresults import StudentResult  # imports nbgrader

MORE_CLASSES = re.compile(r" and \d+ more classes of input$")
MORE_PROBLEMS = re.compile(r"^\d+ more problems?$")

# Functions without a page of their own in book/activations/, by name, then by assignment.
CONCEPT_PAGES = {
    "softmax": "activations/softmax",
    "softmax_naive": "activations/softmax",
    "logsumexp": "concepts/softmax_numerics",
    "log_softmax": "concepts/softmax_numerics",
    "softmax_backward": "activations/softmax",
    "cross_entropy": "concepts/softmax_numerics",
    "silu": "activations/swish",
    "dense_forward": "concepts/why_nonlinearity",
    "dense_backward": "concepts/why_nonlinearity",
}
ASSIGNMENT_PAGES = {
    "04_dead_neurons": "concepts/dead_neurons",
    "05_vanishing_gradients": "concepts/vanishing_gradients",
}
ACTIVATIONS = ("step", "linear", "sigmoid", "tanh", "relu", "leaky_relu", "prelu", "elu", "selu", "gelu", "swish")


@dataclasses.dataclass
class Cause:
    """A (function, problem) pair and who hit it."""

    function: str
    problem: str
    hint: str
    students: set[str] = dataclasses.field(default_factory=set)
    inputs: collections.Counter[str] = dataclasses.field(default_factory=collections.Counter)


def parse_message(message: str) -> list[tuple[str, str, list[str], str]]:
    """[(function, problem, [classes of input], hint)] for each problem a feedback message names."""
    problems = []
    for part in message.split(". "):
        part = part.strip().rstrip(".")
        if not part or MORE_PROBLEMS.match(part) or ": " not in part:
            continue
        function, _, rest = part.partition(": ")
        rest, _, hint = rest.partition("; ")
        problem, _, where = rest.partition(" on ")
        # "raised ValueError with ..." and "... with the default alpha" name the input after "with"
        if not where and " with " in problem:
            problem, _, where = problem.partition(" with ")
        places = [place for place in MORE_CLASSES.sub("", where).split(", ") if place]
        problems.append((function.strip(), problem.strip(), places, hint.strip()))
    return problems


def common_causes(
    results: Iterable["StudentResult"], tests_of: Callable[["StudentResult"], list[CellReport]]
) -> tuple[list[Cause], int]:
    """Causes across the class, most frequent first: (list of Cause, number of graded students)."""
    causes = {}
    graded = 0
    for result in results:
        if result.not_graded:
            continue
        graded += 1
        for test in tests_of(result):
            if test["points"] >= test["max_points"]:
                continue
            for function, problem, places, hint in parse_message(str(test.get("message", ""))):
                cause = causes.setdefault((function, problem), Cause(function, problem, hint))
                cause.students.add(result.student)
                cause.inputs.update(places)
    ranked = sorted(causes.values(), key=lambda cause: (-len(cause.students), cause.function, cause.problem))
    return ranked, graded


def split_unattempted(ranked: list[Cause]) -> tuple[list[Cause], list[Cause]]:
    """(mistakes, functions not attempted yet), each still most frequent first."""
    unattempted = [cause for cause in ranked if cause.problem == NOT_IMPLEMENTED]
    return [cause for cause in ranked if cause.problem != NOT_IMPLEMENTED], unattempted


def book_page(function: str, assignment: str) -> str:
    """The book page (path under the built site, without .html) that explains a function, or None."""
    base = re.sub(r"_(grad|backward|naive)$", "", function)
    if function in CONCEPT_PAGES:
        return CONCEPT_PAGES[function]
    if base in ACTIVATIONS:
        return f"activations/{base}"
    if base in CONCEPT_PAGES:
        return CONCEPT_PAGES[base]
    return ASSIGNMENT_PAGES.get(assignment, "concepts/exercises")
