"""The grade report of one notebook, as types: the contract's result object (docs/contract.md).

A report stays a plain dict at run time: it is printed as JSON by `python
-m grader grade --json`, saved as a verdict file by the batch
(`.grader/<assignment>/<student>.json`), sent back by a cluster worker and
by the warm grader, and read again by nbgrader's bookkeeping, the class
report and the LMS exporters. These TypedDicts only name its keys, once,
for the code that makes, passes and reads it; external graders rely on the
keys, so they change only with the contract.
"""

from typing import TypedDict


class CellReport(TypedDict):
    """One test cell of the source notebook, one entry of a report's `tests` (grader.judging.judge.CellResult).

    - `name`: the cell's nbgrader grade id (e.g. "test_sigmoid");
    - `points`: the points it earned, from 0 to `max_points`;
    - `max_points`: its points in the source notebook, never the submission's;
    - `message`: "passed", or what failed, worded for the student (the class of input and the likely cause,
      never the hidden inputs), preceded by how a partial score was made ("2.625 of 3 points (lost: ...)").
    """

    name: str
    points: float
    max_points: float
    message: str


class GradeReport(TypedDict, total=False):
    """The report of one notebook: the contract's result object, and the batch's verdict on one submission.

    A graded notebook (grader.pipeline.grade.grade_notebook) has
    - `assignment`: the assignment it was graded as (read from the notebook itself);
    - `score`: the points earned, the sum of its tests' `points`;
    - `max_score`: the points possible, the sum of its tests' `max_points`;
    - `tests`: a CellReport for each test cell of the source notebook, in notebook order;
    - `warning`: only when it was graded without the sandbox (`--no-sandbox`): that it was.
    `python -m grader grade` adds
    - `course`: the root of the course that graded it.
    A batch or cluster verdict (grader.pipeline.grade.judge_file) adds
    - `digest`: the sha256 of the file it judged, or "missing" or "irregular" when there was no regular file;
    and, for a file it could not grade, has instead of `assignment`, `score`, `max_score` and `tests`
    - `error`: the one-line reason (not a notebook of the course, no such file, "not graded: environment ...");
    - `environment`: True when the reason is the grading environment's fault, not the submission's (such a
      verdict is neither kept nor recorded: the next run grades the file again).
    A verdict a cluster worker made, or a batch worker judged in the run that saved it, also keeps, for the
    benchmarks (tools/bench_batch.py, tools/bench_cluster.py),
    - `timings`: {stage: seconds} of grading it (grader.timings);
    - `worker_peak_mib`: (a batch worker's only) the worker's peak resident memory, in MiB.
    """

    assignment: str
    score: float
    max_score: float
    tests: list[CellReport]
    warning: str
    course: str
    digest: str
    error: str
    environment: bool
    timings: dict[str, float]
    worker_peak_mib: float
