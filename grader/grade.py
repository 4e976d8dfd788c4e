"""Grade one notebook: run its code in a sandbox, judge it with the hidden suite."""

from grader import course, timings
from grader.judge import judge
from grader.sandbox import Limits, warn_if_unisolated
from grader.student import SandboxTransport, Student


def grade_notebook(path, limits=Limits()):
    """The contract's result object for the notebook at `path`.

    Raises course.NotACourseNotebook for a file that is not a notebook of
    the course. Points come from the source notebook, never from the file.
    """
    notebook = course.read_notebook(path)
    assignment = course.assignment_of(notebook, path)
    warn_if_unisolated()
    transport = SandboxTransport(course.code_cells(notebook), limits)
    try:
        with timings.stage("judge"):
            results = judge(assignment, Student(_TimedStart(transport)))
    finally:
        transport.close()
    return {
        "assignment": assignment,
        "score": sum(result.points for result in results),
        "max_score": sum(result.max_points for result in results),
        "tests": [result.as_dict() for result in results],
    }


class _TimedStart:
    """Passes calls to a transport; the first one, which starts the sandbox and runs the answer cells,
    counts as the stage "sandbox start and answer cells" (see grader.timings)."""

    def __init__(self, transport):
        self._transport = transport
        self._started = False

    def call(self, name, args, kwargs):
        if self._started:
            return self._transport.call(name, args, kwargs)
        self._started = True
        with timings.stage("sandbox start and answer cells"):
            return self._transport.call(name, args, kwargs)

    @property
    def cell_errors(self):
        return self._transport.cell_errors


def format_table(report):
    """A readable table of a grade report: one line per test, then the total."""
    width = max([len(test["name"]) for test in report["tests"]] + [4])
    lines = [f"{report['assignment']}", f"{'test':<{width}}  points  message"]
    for test in report["tests"]:
        points = f"{test['points']:g}/{test['max_points']:g}"
        lines.append(f"{test['name']:<{width}}  {points:>6}  {test['message']}")
    lines.append(f"{'total':<{width}}  {report['score']:g}/{report['max_score']:g}")
    return "\n".join(lines)
