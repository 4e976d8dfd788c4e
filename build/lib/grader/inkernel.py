"""The hidden-test hook of the source notebooks, for stock `nbgrader autograde`.

Each test cell's hidden block calls `run_hidden_tests(assignment, grade_id,
globals())`: the same suite the hardened grader runs, handed the notebook's
functions directly. The cell raises if any check fails, so nbgrader gives it
0 points, with the student-facing messages as the error.
"""

from grader.judge import judge
from grader.student import InKernelTransport, Student


class HiddenTestsFailed(AssertionError):
    """Raised in the test cell; its text is the feedback (no hidden inputs)."""


def run_hidden_tests(assignment, grade_id, namespace):
    """Run the hidden tests of one test cell against the functions in `namespace`."""
    (result,) = judge(assignment, Student(InKernelTransport(namespace)), only_cell=grade_id)
    if result.points < result.max_points:
        raise HiddenTestsFailed(result.message)
