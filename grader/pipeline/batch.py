"""`python -m grader autograde ASSIGNMENT [--jobs N]`: grade a class into nbgrader's gradebook.

Submissions (`submitted/<student>/<assignment>/<assignment>.ipynb`, where
`nbgrader collect` puts them) are graded in parallel worker processes, each
notebook in its own sandbox, exactly as `python -m grader grade` does. Each
verdict is saved atomically under `.grader/<assignment>/` with the hash of
the file it judged; the same worker then records it with nbgrader's own
autograde bookkeeping and marks the student done, so the bookkeeping runs in
parallel too. Interrupted (Ctrl-C or kill -9) and run again, it grades only
what is not done: nobody twice.

The start-up probe runs before anyone is graded (EnvironmentFault: the
caller exits 3) and again in each worker as it starts. A submission whose
run fails because of the environment (the worker's probe failed, or the
probe fails again after the run) is "not graded: environment": no verdict
is kept, nothing goes to the gradebook, and the next run grades it.
"""

import collections
import concurrent.futures
import contextlib
import dataclasses
import json
import multiprocessing.util
import os
import pathlib
import resource
import signal
import statistics
import time
from typing import TYPE_CHECKING, NotRequired, TypedDict

from tqdm import tqdm

from grader import timings
from grader.judging.grade_report import GradeReport
from grader.nbgrader_bridge import gradebook
from grader.pipeline.grade import NOT_GRADED_ENVIRONMENT, judge_file
from grader.pipeline.submissions import Submission, find_submissions
from grader.sandbox import lifetime
from grader.sandbox.launcher import NO_SANDBOX_WARNING
from grader.sandbox.limits import EnvironmentFault, Limits
from grader.sandbox.probe import check_environment, warm_sandbox

if TYPE_CHECKING:
    import distributed

RECORD_ATTEMPTS = 20
NO_FILE = ("missing", "irregular")  # the digests of a submission with no regular file to grade
# Set once per worker process by _start_worker: its warm sandbox, and the probe's EnvironmentFault if any.
_worker_zygote = None
_worker_fault = None


def _write_atomically(path, text):
    temporary = path.with_suffix(path.suffix + ".tmp")
    temporary.write_text(text)
    os.replace(temporary, path)


def _start_worker(parent, assignment=None, limits=None):
    """ProcessPoolExecutor's initializer: the worker dies with `parent` (the batch's pid) and leaves Ctrl-C to it;
    with an `assignment`, its warm sandbox (a Zygote), probed before any submission."""
    global _worker_fault, _worker_zygote
    lifetime.die_with_parent(parent)
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the batch stops its workers itself (_stop_workers)
    if assignment is None:  # a cluster judges: this worker only records
        return
    _worker_zygote, _worker_fault = warm_sandbox(assignment, limits)
    if _worker_zygote is not None:
        multiprocessing.util.Finalize(_worker_zygote, _worker_zygote.close, exitpriority=10)  # workers skip atexit


def process_submission(
    root: pathlib.Path,
    assignment: str,
    submission: Submission,
    *,
    digest: str,
    limits: Limits,
    db_url: str,
    course_id: str,
) -> GradeReport:
    """Worker: judge the file (unless a verdict for this exact file is saved), record it, mark it done.

    The verdict is saved before the gradebook is touched and the done-marker
    written after, so a run killed at any point redoes at most the
    bookkeeping of the students it was busy with, which nbgrader's
    update-or-create makes idempotent.
    """
    with timings.recording() as seconds, timings.stage("other"):
        verdict = _read_verdict(submission)
        if verdict is None or verdict.get("digest") != digest:
            verdict = judge_file(
                submission.label,
                digest,
                limits,
                zygote=_worker_zygote,
                fault=_worker_fault,
                data=submission.notebook.read_bytes() if digest not in NO_FILE else None,
            )
            if verdict.get("environment"):
                return verdict  # not the student's fault: nothing kept, nothing recorded, graded next run
            _write_atomically(submission.report_path, json.dumps(verdict))
        with timings.stage("bookkeeping"):
            _record(root, assignment, submission, verdict, db_url=db_url, course_id=course_id)
    if seconds.get("judge"):  # judged in this run: keep the seconds of each stage for tools.bench_batch
        verdict["timings"] = timings.rounded(seconds)
        verdict["worker_peak_mib"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        _write_atomically(submission.report_path, json.dumps(verdict))
    _write_atomically(submission.done_path, digest)
    return verdict


def _record(root, assignment, submission, verdict, *, db_url, course_id):
    """Record one verdict in the gradebook, retrying while another worker holds SQLite's lock."""
    for attempt in range(RECORD_ATTEMPTS):
        try:
            if "error" in verdict or verdict.get("assignment") != assignment:
                gradebook.record_ungradable(db_url, course_id, assignment, submission.student)
            else:
                gradebook.record(root, assignment, submission.student, submission.report_path)
            break
        except (gradebook.GradebookBusy, RuntimeError) as error:  # SQLite allows one writer at a time
            if attempt == RECORD_ATTEMPTS - 1:
                raise RuntimeError(f"the gradebook refused the result: {error}") from None
            time.sleep(0.1 * (attempt + 1))


def autograde(
    root: str | os.PathLike[str],
    assignment: str,
    jobs: int = 1,
    progress: bool = True,
    limits: Limits = Limits(),
    scheduler: "str | distributed.Client | None" = None,
) -> "Summary":
    """Grade every pending submission of `assignment`; returns the summary dict.

    With `scheduler` (a Dask scheduler's address, or a distributed.Client) the submissions are judged
    on that cluster's workers (grader.pipeline.cluster) and recorded here by `jobs`
    local processes; otherwise `jobs` local workers judge and record.
    """
    root = pathlib.Path(root).resolve()
    limits = dataclasses.replace(limits, hide=(*limits.hide, str(root)))  # the gradebook, the other students
    with (
        contextlib.chdir(root),
        _judges(scheduler, assignment, limits) as cluster,
    ):  # nbgrader reads ./nbgrader_config.py
        return _autograde(root, assignment, jobs=jobs, progress=progress, limits=limits, cluster=cluster)


@contextlib.contextmanager
def _judges(scheduler, assignment, limits):
    """The warm cluster to judge on, or None to judge here; EnvironmentFault (exit 3) before anything is written."""
    if scheduler is None:
        check_environment([assignment], limits)
        yield None
        return
    from grader.pipeline.cluster import Cluster  # imports dask: only a cluster batch needs it

    cluster = Cluster(scheduler, assignment, limits)
    try:
        yield cluster
    finally:
        cluster.close()


def _autograde(root, assignment, *, jobs, progress, limits, cluster):
    settings = gradebook.course_settings(root)
    if not gradebook.assignment_in_gradebook(settings.db_url, settings.course_id, assignment):
        gradebook.add_assignment(root, assignment)
    submissions = find_submissions(root, assignment)
    if submissions:
        submissions[0].state_dir.mkdir(parents=True, exist_ok=True)
    digests = {s.student: s.digest for s in submissions}
    pending = [s for s in submissions if not s.is_done(digests[s.student])]
    bar = tqdm(total=len(pending), desc=f"grading {assignment}", unit="student", disable=not progress)
    local = cluster is None  # local workers judge and record; with a cluster they only record
    pool = concurrent.futures.ProcessPoolExecutor(
        max_workers=max(1, jobs),
        initializer=_start_worker,
        initargs=(os.getpid(), *((assignment, limits) if local else ())),
    )
    futures, unrecorded, environment = {}, {}, {}

    def record(submission):
        future = pool.submit(
            process_submission,
            root,
            assignment,
            submission,
            digest=digests[submission.student],
            limits=limits,
            db_url=settings.db_url,
            course_id=settings.course_id,
        )
        future.add_done_callback(lambda _: bar.update(1))
        futures[future] = submission

    try:
        if local:
            for submission in pending:
                record(submission)
        else:
            _judge_on(cluster, pending, digests, record=record, environment=environment, unrecorded=unrecorded, bar=bar)
        for future in concurrent.futures.as_completed(futures):
            try:
                verdict = future.result()
                if verdict.get("environment"):
                    environment[futures[future].student] = verdict["error"]
            except Exception as error:  # not recorded, so not done: the next run tries again
                unrecorded[futures[future].student] = str(error)
    except EnvironmentFault:  # a cluster worker of another version: what was recorded stays, nothing more is sent
        pool.shutdown(cancel_futures=True)
        bar.close()
        raise
    except KeyboardInterrupt:
        _stop_workers(pool)  # what is saved stays; the rest waits for the next run
        bar.close()
        raise
    pool.shutdown()
    bar.close()
    verdicts = {
        submission.student: _current_verdict(submission, digests[submission.student]) for submission in submissions
    }
    summary = summarise(assignment, verdicts, already_done=len(submissions) - len(pending))
    summary["ungradable"].update(
        {student: f"not recorded ({reason}); run again" for student, reason in unrecorded.items()}
    )
    summary["ungradable"].update(environment)
    summary["not_graded_environment"] = len(environment)
    summary["not_recorded"] = len(unrecorded)
    warnings = ([] if limits.isolate else [NO_SANDBOX_WARNING]) + (cluster.warnings if cluster else [])
    summary["warning"] = "; ".join(warnings)
    return summary


def _stop_workers(pool, seconds=2.0):
    """Stop the pool now: nothing more is sent, and the workers (busy ones too, with their sandboxes) are ended.

    A worker ended mid-student leaves at most that student's bookkeeping to
    redo, which the next run does (see process_submission); left alone, the
    workers would grade every submission already queued before exiting.
    """
    processes = list((pool._processes or {}).values())  # noqa: SLF001  (the executor offers no public handle)
    pool.shutdown(wait=False, cancel_futures=True)
    for process in processes:
        with contextlib.suppress(OSError):
            process.terminate()
    deadline = time.monotonic() + seconds
    for process in processes:
        process.join(max(0.0, deadline - time.monotonic()))


def _judge_on(cluster, pending, digests, *, record, environment, unrecorded, bar):
    """Judge the pending submissions on the cluster, handing each verdict to `record` as it arrives.

    A verdict saved by an earlier run for this very file (the client was
    killed before recording it) is recorded without judging again.
    """
    to_judge = []
    for submission in pending:
        judged = digests[submission.student] in NO_FILE or _current_verdict(submission, digests[submission.student])
        (record if judged else to_judge.append)(submission)
    for submission, verdict, problem in cluster.judge(to_judge, digests):
        if problem is not None or verdict.get("environment"):
            (unrecorded if problem else environment)[submission.student] = problem or verdict["error"]
            bar.update(1)
            continue
        _write_atomically(submission.report_path, json.dumps(verdict))
        record(submission)


def _current_verdict(submission: Submission, digest: str) -> GradeReport | None:
    """The saved verdict if it judged this very file, else None."""
    verdict = _read_verdict(submission)
    return verdict if verdict and verdict.get("digest") == digest else None


def _read_verdict(submission: Submission) -> GradeReport | None:
    try:
        return json.loads(submission.report_path.read_text())
    except (OSError, ValueError):
        return None


class Summary(TypedDict):
    """A batch's summary (`summarise`; `autograde` adds the keys not required), as `format_summary` reads it."""

    assignment: str
    students: int
    graded: int
    already_done: int  # submissions done by an earlier run
    max_score: float
    mean: float | None  # None: nobody graded
    distribution: list[tuple[str, int]]  # (score range, students in it)
    most_failed: list[tuple[str, int]]  # (test cell, students who failed it), the five most failed
    ungradable: dict[str, str]  # student: why there is no score
    not_graded_environment: NotRequired[int]
    not_recorded: NotRequired[int]
    warning: NotRequired[str]


def summarise(assignment: str, verdicts: dict[str, GradeReport | None], already_done: int = 0) -> Summary:
    """Students graded, score statistics, the most failed tests and the submissions that could not be graded."""
    graded = {student: v for student, v in verdicts.items() if v and "error" not in v}
    scores = [v["score"] for v in graded.values()]
    failures = collections.Counter(
        test["name"] for v in graded.values() for test in v["tests"] if test["points"] < test["max_points"]
    )
    max_score = max((v["max_score"] for v in graded.values()), default=0.0)
    return {
        "assignment": assignment,
        "students": len(verdicts),
        "graded": len(graded),
        "already_done": already_done,
        "max_score": max_score,
        "mean": statistics.fmean(scores) if scores else None,
        "distribution": _histogram(scores, max_score),
        "most_failed": failures.most_common(5),
        "ungradable": {
            student: (v or {}).get("error", "no verdict") for student, v in verdicts.items() if student not in graded
        },
    }


def _histogram(scores, max_score, bins=5):
    """Counts of scores in `bins` equal ranges of [0, max_score]."""
    if not scores or max_score <= 0:
        return []
    counts = [0] * bins
    for score in scores:
        counts[min(bins - 1, int(bins * score / max_score))] += 1
    width = max_score / bins
    return [(f"{i * width:g}-{(i + 1) * width:g}", count) for i, count in enumerate(counts)]


def format_summary(summary: Summary) -> str:
    """The summary as the lines an instructor reads at the end of a batch."""
    lines = [
        f"{summary['assignment']}: {summary['graded']} of {summary['students']} submissions graded"
        + (f" ({summary['already_done']} already done before this run)" if summary["already_done"] else "")
    ]
    if summary["mean"] is not None:
        lines.append(f"mean score {summary['mean']:.2f} / {summary['max_score']:g}")
        lines.append("distribution: " + ", ".join(f"{span}: {count}" for span, count in summary["distribution"]))
    if summary["most_failed"]:
        lines.append("most often failed: " + ", ".join(f"{name} ({count})" for name, count in summary["most_failed"]))
    if summary.get("not_graded_environment"):
        lines.append(
            f"{summary['not_graded_environment']} submissions {NOT_GRADED_ENVIRONMENT} "
            "(the grader's fault, not the students'; nothing recorded for them): fix it, then run again"
        )
    for student, reason in summary["ungradable"].items():
        lines.append(f"could not grade {student}: {reason}")
    if summary.get("warning"):
        lines.append(f"warning: {summary['warning']}")
    return "\n".join(lines)
