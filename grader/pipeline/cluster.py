"""Grade a class on a Dask cluster: `python -m grader autograde ASSIGNMENT --scheduler ADDRESS`.

The client (the instructor's machine, in the course root) keeps all that a
local batch keeps: the gradebook, autograded/, the verdict files, the
progress bar and the summary (grader.pipeline.batch). Only the judging moves: each
pending submission is one Dask task that carries the notebook's bytes and
the fingerprint of the course the client grades with; it returns the
verdict as a JSON string (plain data: nothing a student's code made is
ever unpickled), which the client saves and records as it arrives, so a
killed client resumes as a local batch does.

Each worker (`dask worker ADDRESS --nthreads 1`, where the course is
installed and bubblewrap works) holds a GradingPlugin, set up once when the
client registers it and on every worker that joins later: it computes its
own course's fingerprint, starts its warm sandbox (a Zygote), runs the
start-up probe and collects the suite. Only a worker whose warm-up passed
is given the grading resource, so one that cannot grade safely takes no
tasks; one unit of it per worker also keeps one submission at a time in a
worker's warm sandbox. A worker with another version of the course refuses
every task, and the client stops (exit 3) before any submission is sent if
such a worker is there when it connects.
"""

import asyncio
import json
import threading
from collections.abc import Iterator

from distributed import Client, Worker, WorkerPlugin, as_completed

from grader import course, timings
from grader.judging.grade_report import GradeReport
from grader.pipeline.grade import judge_file, warm_up
from grader.pipeline.submissions import Submission
from grader.sandbox.limits import EnvironmentFault, Limits

CONNECT_SECONDS = 30
WORKER_WAIT_SECONDS = 120
TASKS_PER_WORKER_IN_FLIGHT = 8  # enough to keep every worker busy; the notebooks wait on the client, not the scheduler


def plugin_name(assignment: str) -> str:
    return f"activation-course-grader-{assignment}"


def resource_name(assignment: str) -> str:
    return f"grader-{assignment}"


class GradingPlugin(WorkerPlugin):
    """A worker's warm grading state for one assignment: its fingerprint, warm sandbox and probe result."""

    def __init__(self, assignment: str, limits: Limits, expected: str) -> None:
        self.name = plugin_name(assignment)
        self.assignment = assignment
        self.limits = limits
        self.expected = expected
        self.fingerprint = None
        self.problem = None  # why this worker cannot grade, if it cannot
        self.zygote = None

    async def setup(self, worker: Worker) -> None:
        self._lock = threading.Lock()
        try:
            self.fingerprint = course.fingerprint(self.assignment)
        except OSError as error:
            self.problem = f"it cannot read its copy of the course ({error})"
            return  # no grading resource: this worker takes no tasks
        if self.fingerprint == self.expected:
            try:
                await asyncio.to_thread(self._warm_up)
            except EnvironmentFault as fault:
                self.problem = f"its start-up probe failed: {fault}"
                return
            except Exception as error:  # noqa: BLE001  (whatever it is, it is not a student's fault)
                self.problem = f"its warm-up failed: {error!r}"
                return
        # A worker of another version takes tasks too, to refuse them: the client then stops (exit 3).
        await worker.set_resources(**{resource_name(self.assignment): 1})

    def _warm_up(self):
        self.zygote, fault = warm_up(self.assignment, self.limits)
        if fault is not None:
            raise fault

    def teardown(self, worker: Worker) -> None:
        if self.zygote is not None:
            self.zygote.close()

    def status(self) -> dict[str, str | None]:
        return {"fingerprint": self.fingerprint, "problem": self.problem, "course": str(course.COURSE_ROOT)}

    def grade(self, path: str, data: bytes, digest: str, fingerprint: str) -> str:
        """The verdict on one notebook as a JSON string, or the refusal of a task meant for another version."""
        if fingerprint != self.fingerprint:
            return json.dumps({"refused": _refusal(self.assignment, fingerprint, self.fingerprint)})
        fault = EnvironmentFault(self.problem) if self.problem else None  # (such a worker gets no tasks)
        with self._lock, timings.recording() as seconds, timings.stage("other"):
            verdict = judge_file(path, digest, self.limits, zygote=self.zygote, fault=fault, data=data)
        verdict["timings"] = timings.rounded(seconds)
        return json.dumps(verdict)


def _refusal(assignment, expected, found):
    return (
        f"a worker runs another version of the course (fingerprint {found} of {assignment}, the client's is "
        f"{expected}): install the same course and grader on every worker (pip install . of one commit)"
    )


def _grade_task(name: str, path: str, *, data: bytes, digest: str, fingerprint: str) -> str:
    """The Dask task: the worker's plugin judges the notebook (see GradingPlugin.grade)."""
    from distributed import get_worker

    return get_worker().plugins[name].grade(path, data, digest, fingerprint)


def _status(name, dask_worker=None):
    plugin = dask_worker.plugins.get(name)
    return plugin.status() if plugin is not None else {"fingerprint": None, "problem": "the plugin is missing"}


class Cluster:
    """A connection to a Dask scheduler whose workers are warm for one assignment (see `connect`)."""

    def __init__(self, scheduler: str | Client, assignment: str, limits: Limits) -> None:
        """`scheduler`: the scheduler's address, or a connected distributed.Client (Dask Gateway's, say)."""
        self.assignment = assignment
        self.expected = course.fingerprint(assignment)
        self.warnings = []
        self._own_client = isinstance(scheduler, str)
        try:
            self.client = (
                Client(scheduler, timeout=CONNECT_SECONDS, set_as_default=False) if self._own_client else scheduler
            )
        except (OSError, TimeoutError, ValueError) as error:
            raise EnvironmentFault(
                f"cannot reach the Dask scheduler at {scheduler} ({error}): start it with "
                f"`dask scheduler`, or check the address"
            ) from None
        address = self.client.scheduler.address
        try:
            self._warm_workers(address, limits)
        except BaseException:
            self.close()
            raise

    def _warm_workers(self, address, limits):
        try:
            self.client.wait_for_workers(1, timeout=WORKER_WAIT_SECONDS)
        except TimeoutError:
            raise EnvironmentFault(
                f"no worker joined the scheduler at {address} within {WORKER_WAIT_SECONDS} s: "
                f"start some with `dask worker {address} --nthreads 1`"
            ) from None
        plugin = GradingPlugin(self.assignment, limits, self.expected)
        try:
            self.client.register_plugin(plugin, name=plugin.name)
        except Exception as error:  # noqa: BLE001  (typically: the grader is not installed on a worker)
            raise EnvironmentFault(
                f"the workers could not load the grader ({error!r}): install the course on every "
                f"worker (pip install -r requirements.txt && pip install .)"
            ) from None
        statuses = self.client.run(_status, plugin.name)
        for worker, status in sorted(statuses.items()):
            if status["fingerprint"] != self.expected:
                raise EnvironmentFault(
                    f"worker {worker} refused: " + _refusal(self.assignment, self.expected, status["fingerprint"])
                )
        failed = {worker: status["problem"] for worker, status in statuses.items() if status["problem"]}
        self.warnings = [f"worker {worker} takes no tasks: {problem}" for worker, problem in sorted(failed.items())]
        if len(failed) == len(statuses):
            raise EnvironmentFault(
                f"no worker can grade: {self.warnings[0]}; run `python -m grader doctor` on the workers"
            )
        self.workers = len(statuses) - len(failed)

    def close(self) -> None:
        if self._own_client:
            self.client.close()

    def judge(
        self, submissions: list[Submission], digests: dict[str, str]
    ) -> Iterator[tuple[Submission, GradeReport | None, str | None]]:
        """Yield (submission, verdict, None) as each verdict arrives, or (submission, None, reason) if the task failed.

        At most TASKS_PER_WORKER_IN_FLIGHT tasks per worker are submitted at a
        time, so a large class does not sit in the scheduler's memory. A
        refusal raises EnvironmentFault after cancelling what is in flight.
        """
        queue = list(reversed(submissions))
        owners = {}
        running = as_completed(loop=self.client.loop)

        def send_next():
            submission = queue.pop()
            data = submission.notebook.read_bytes()
            future = self.client.submit(
                _grade_task,
                plugin_name(self.assignment),
                submission.label,
                data=data,
                digest=digests[submission.student],
                fingerprint=self.expected,
                resources={resource_name(self.assignment): 1},
                key=f"grade-{self.assignment}-{submission.student}-{digests[submission.student][:12]}",
                pure=False,
            )
            owners[future] = submission
            running.add(future)

        for _ in range(min(len(queue), TASKS_PER_WORKER_IN_FLIGHT * max(1, self.workers))):
            send_next()
        for future in running:
            submission = owners.pop(future)
            if queue:
                send_next()
            if future.status != "finished":
                reason = repr(future.exception()) if future.status == "error" else future.status
                yield submission, None, f"the cluster lost the task ({reason})"
                continue
            verdict = json.loads(future.result())
            if "refused" in verdict:
                self.client.cancel(list(owners))
                raise EnvironmentFault(verdict["refused"])
            yield submission, verdict, None
