"""The hidden-test hook of the source notebooks, for stock `nbgrader autograde`.

Each test cell of a source notebook reads

    ### BEGIN HIDDEN TESTS
    from grader.inkernel import run_hidden_tests
    _points = run_hidden_tests(assignment, grade_id, globals())
    ### END HIDDEN TESTS
    (the visible checks)
    ### BEGIN HIDDEN TESTS
    _points
    ### END HIDDEN TESTS

`run_hidden_tests` runs the same suite the hardened grader runs, handed the
notebook's functions directly. A cell that earns nothing raises, with the
student-facing messages as the error, so nbgrader gives it 0 points. A cell
that earns part of its points prints the messages and ends with the points
as its result, nbgrader's own partial credit (a single number as the cell's
output); the visible checks that follow then print their failures instead
of raising, since an error anywhere in the cell would zero it.
"""

from grader import visible
from grader.judging.judge import judge
from grader.judging.student import InKernelTransport, Student


class HiddenTestsFailed(AssertionError):
    """Raised in the test cell; its text is the feedback (no hidden inputs)."""


def run_hidden_tests(assignment, grade_id, namespace):
    """Run the hidden tests of one test cell against the functions in `namespace`; the points it earns
    (None for all of them), or HiddenTestsFailed if none."""
    (result,) = judge(assignment, Student(InKernelTransport(namespace)), only_cell=grade_id)
    if result.points <= 0:
        raise HiddenTestsFailed(result.message)
    visible.defer_failures()
    if result.points < result.max_points:
        print(result.message)
        return result.points
    return None
