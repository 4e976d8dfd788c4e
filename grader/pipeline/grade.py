"""Grade one notebook: run its code in a sandbox, judge it with the hidden suite.

The judge (pytest, the suite, the reference and SciPy with it) is imported
only once the sandbox has been launched, so that a one-notebook `grade`
pays for those imports while the sandbox starts, not before.
"""

import os
import pathlib

from grader import course, timings
from grader.judging.grade_report import GradeReport
from grader.judging.student import SandboxTransport, Student
from grader.sandbox.launcher import NO_SANDBOX_WARNING, Zygote
from grader.sandbox.limits import EnvironmentFault, Limits
from grader.sandbox.probe import check_environment, preload, warm_sandbox

NOT_GRADED_ENVIRONMENT = "not graded: environment"
TAMPERED = (
    "not graded: the submission changed the sandbox that starts every student's process (its limits, "
    "priority or mounts), twice; 0 points"
)


def warm_up(assignment: str, limits: Limits) -> tuple[Zygote | None, EnvironmentFault | None]:
    """What a long-lived worker keeps for `assignment`: (its warm sandbox, the probe's fault or None), the suite
    collected and the reference loaded once the probe passed. Cluster workers and the warm grader start here."""
    zygote, fault = warm_sandbox(assignment, limits)
    if fault is None:
        from grader.judging.judge import prepare  # pytest and the suite: imported by the processes that judge only

        prepare(assignment)
    return zygote, fault


def grade_notebook(
    path: str | os.PathLike[str], limits: Limits = Limits(), *, zygote: Zygote | None = None, data: bytes | None = None
) -> GradeReport:
    """The contract's result object for the notebook at `path` (or in `data`, its bytes, when given).

    Raises course.NotACourseNotebook for a file that is not a notebook of
    the course, and EnvironmentFault (never a score) when the sandbox or the
    grading environment fails. Without a `zygote` (a batch worker's warm
    one, already probed) it starts one and runs the start-up probe in it
    first; either way the probe runs again after a run in which the sandbox
    died or a cell could not import or open something, to tell the
    student's fault from the environment's. A run after which the zygote
    turned out changed (grader.sandbox.launcher.Zygote._sweep) is done again in a
    fresh one; changed again, the submission scores 0 with TAMPERED as the
    reason. Points come from the source notebook, never from the file.
    """
    notebook = course.read_notebook(path) if data is None else course.parse_notebook(data, path)
    assignment = course.assignment_of(notebook, path)
    own = zygote is None
    if own:
        zygote = Zygote(limits, preload([assignment]))  # starts in the background...
    try:
        from grader.judging.judge import forfeit, judge, prepare

        prepare(assignment)  # ...while the suite is collected here
        if own:
            check_environment([assignment], limits, zygote)
        for _ in range(2):  # once more in a fresh zygote if the sweep found this one changed
            transport = SandboxTransport(course.code_cells(notebook), limits, zygote)
            try:
                with timings.stage("judge"):
                    results = judge(assignment, Student(transport))
            finally:
                transport.close()  # the sweep: it sets zygote.tampered
            if not zygote.tampered:
                break
        else:
            results = forfeit(assignment, TAMPERED)  # twice: the submission's doing, not the machine's
        if transport.environment_suspect:
            check_environment([assignment], limits, zygote)
    finally:
        if own:
            zygote.close()
    report: GradeReport = {
        "assignment": assignment,
        "score": sum(result.points for result in results),
        "max_score": sum(result.max_points for result in results),
        "tests": [result.as_dict() for result in results],
    }
    if not limits.isolate:
        report["warning"] = NO_SANDBOX_WARNING
    return report


def judge_file(
    notebook: str,
    digest: str,
    limits: Limits,
    *,
    zygote: Zygote | None = None,
    fault: EnvironmentFault | None = None,
    data: bytes | None = None,
) -> GradeReport:
    """The grade report for one file, or the reason it could not be graded (`environment`: not its fault).

    `zygote` is the worker's warm sandbox and `fault` its probe's failure, if
    any; `data`, the file's bytes when they travelled (a cluster task).
    """
    if digest == "missing":
        return {"digest": digest, "error": f"{pathlib.Path(notebook).name}: no such file"}
    if digest == "irregular":
        return {"digest": digest, "error": f"{notebook}: not a regular file (a link?): not graded"}
    try:
        if fault is not None:
            raise fault
        report = grade_notebook(notebook, limits, zygote=zygote, data=data)
    except course.NotACourseNotebook as error:
        return {"digest": digest, "error": str(error)}
    except EnvironmentFault as fault:
        return {
            "digest": digest,
            "error": f"{NOT_GRADED_ENVIRONMENT} ({fault}); run again once fixed",
            "environment": True,
        }
    return {"digest": digest, **report}
