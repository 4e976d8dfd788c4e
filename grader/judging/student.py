"""The `student` object the hidden suites call: one interface, two transports.

`SandboxTransport` sends each call to the submission's sandboxed process
(the hardened grader); `InKernelTransport` calls the function in the same
kernel (the hidden-test cells under stock `nbgrader autograde`). Both pass
arguments and results through the same plain-data encoding, so a suite sees
the same values either way, and neither ever unpickles anything.
"""

import dataclasses
import json
import time

from grader import timings
from grader.judging.failures import StudentError
from grader.sandbox import harness, replies
from grader.sandbox.channel import SandboxDied
from grader.sandbox.launcher import Zygote
from grader.sandbox.limits import EnvironmentFault, Limits

MAX_RESTARTS = 12
MARGIN_SECONDS = 2.0
# Cell errors that a broken environment causes too (a module or a file the sandbox cannot see).
ENVIRONMENT_ERRORS = {"ImportError", "ModuleNotFoundError", "OSError", "FileNotFoundError", "PermissionError"}


@dataclasses.dataclass
class Outcome:
    """What one call of a student function did: status is ok, error, timeout, missing, crashed or oversized."""

    status: str
    value: object = None
    error_type: str = ""
    warnings: tuple = ()
    mutated: bool = False
    aliased: bool = False


def _outcome(reply):
    """An Outcome from a reply checked by grader.sandbox.replies.call_reply, or from {"status": why there is none}."""
    return Outcome(
        reply["status"],
        reply.get("value"),
        reply.get("error_type", ""),
        reply.get("warnings", ()),
        reply.get("mutated", False),
        reply.get("aliased", False),
    )


class StudentFunction:
    """A callable standing for the student's function `name`."""

    def __init__(self, name, transport):
        self.name = name
        self._transport = transport

    def outcome(self, *args, **kwargs):
        """Call the function and return the whole Outcome (never raises for the student's faults)."""
        encoded_args = [harness.encode(arg, _no_handles()) for arg in args]
        encoded_kwargs = {key: harness.encode(arg, _no_handles()) for key, arg in kwargs.items()}
        return _outcome(self._transport.call(self.name, encoded_args, encoded_kwargs))

    def __call__(self, *args, **kwargs):
        """Call the function and return its value; StudentError if it did not return one."""
        outcome = self.outcome(*args, **kwargs)
        if outcome.status != "ok":
            raise StudentError(self.name, outcome)
        return outcome.value


class _no_handles(list):
    """Arguments from the grader must be plain data: refuse to make handles for them."""

    def append(self, value):
        raise TypeError(f"cannot send {type(value).__name__} to a submission")


class Student:
    """Attribute access gives the student's functions: `student.sigmoid(x)`."""

    def __init__(self, transport):
        self._transport = transport

    def __getattr__(self, name):
        if name.startswith("_"):
            raise AttributeError(name)
        return StudentFunction(name, self._transport)

    @property
    def environment_fault(self):
        """The EnvironmentFault that kept the submission from running at all, or None."""
        return getattr(self._transport, "environment_fault", None)

    @property
    def cell_errors(self):
        """The exception type (or None) of each code cell, in order, as the transport ran them."""
        return self._transport.cell_errors


class InKernelTransport:
    """Calls functions in this process's namespace, through the same encoding as the sandbox."""

    def __init__(self, namespace):
        self._namespace = namespace
        self._handles = []
        self.cell_errors = []

    def call(self, name, args, kwargs):
        function = self._namespace.get(name)
        if not callable(function):
            return {"status": "missing"}
        args = [harness.decode_request(json.loads(json.dumps(item)), self._handles) for item in args]
        kwargs = {
            key: harness.decode_request(json.loads(json.dumps(item)), self._handles) for key, item in kwargs.items()
        }
        reply = json.loads(json.dumps(harness.call_and_check(function, args, kwargs, self._handles)))
        return replies.call_reply({**reply, "id": 0})


class SandboxTransport:
    """Runs a notebook's code cells in a Sandbox and forwards calls to it.

    A cell that kills the process is skipped when the process is started
    again, so the rest of the notebook is still graded; a function that
    kills it or hangs fails that call and every later call without running
    again (one hang costs one time limit, not one per test). Past the
    notebook's time limit every call fails. `environment_suspect` says
    whether the run showed what a broken environment would also cause (the
    process died, a cell could not import or open something): the caller
    then probes the environment before blaming the student;
    `environment_fault` holds the EnvironmentFault if the sandbox could not
    even start.
    """

    def __init__(self, cells, limits=Limits(), zygote=None):
        """`zygote` gives the fresh processes (a worker's warm one); without it the transport starts its own."""
        self._zygote = zygote or Zygote(limits)
        self._owns_zygote = zygote is None
        self._cells = list(cells)
        self._limits = limits
        self._deadline = time.monotonic() + limits.notebook_seconds
        self._fatal_cells = set()
        self._sandbox = None
        self._starts = 0
        self._broken = {}  # function name -> "timeout" or "crashed": judged once, not run again
        self.cell_errors = []
        self.environment_suspect = False
        self.environment_fault = None
        self._current_cell = None

    def _start(self):
        while True:
            self._starts += 1
            with timings.stage("sandbox start"):
                self._sandbox = self._zygote.spawn()
            self.cell_errors = []
            try:
                with timings.stage("answer cells"):
                    self._run_cells()
                return
            except SandboxDied:
                self.environment_suspect = True
                self._fatal_cells.add(self._current_cell)
                self._sandbox.close()
                self._sandbox = None
                if self._starts > MAX_RESTARTS or time.monotonic() > self._deadline:
                    raise

    def _run_cells(self):
        for index, source in enumerate(self._cells):
            if index in self._fatal_cells:
                self.cell_errors.append("crashed")
                continue
            self._current_cell = index
            reply = self._sandbox.request(
                {"op": "exec", "source": source, "timeout": self._limits.cell_seconds},
                self._limits.cell_seconds + MARGIN_SECONDS,
            )
            try:
                error = replies.exec_reply(reply)
            except replies.Malformed:
                self._sandbox.close()  # a forged reply: the process that sent it is not trusted again
                raise SandboxDied("garbled") from None
            self.cell_errors.append(error)
            self.environment_suspect |= error in ENVIRONMENT_ERRORS

    def call(self, name, args, kwargs):
        """The checked reply (grader.sandbox.replies.call_reply) to calling `name`, or {"status": why not} if none."""
        if name in self._broken:
            return {"status": self._broken[name]}
        if self.environment_fault is not None:
            return {"status": "crashed"}  # the caller raises environment_fault instead of scoring this
        if time.monotonic() > self._deadline or self._starts > MAX_RESTARTS:
            return {"status": "timeout"}
        try:
            if self._sandbox is None:
                try:
                    self._start()
                except EnvironmentFault as fault:  # the sandbox cannot start at all: not the student's doing
                    self.environment_fault = fault
                    return {"status": "crashed"}
            seconds = min(self._limits.call_seconds, max(0.1, self._deadline - time.monotonic()))
            reply = replies.call_reply(
                self._sandbox.request(
                    {"op": "call", "name": name, "args": args, "kwargs": kwargs, "timeout": seconds},
                    seconds + MARGIN_SECONDS,
                    max_reply=replies.budget(args, kwargs),
                )
            )
        except (SandboxDied, replies.Malformed) as died:
            if self._sandbox is not None:
                self._sandbox.close()  # dead, or it sent what no harness writes: not trusted again
            self._sandbox = None
            status = {"timeout": "timeout", "oversized": "oversized"}.get(str(died), "crashed")
            self.environment_suspect |= status == "crashed"
            reply = {"status": status}
        if reply["status"] in ("timeout", "crashed", "oversized"):
            self._broken[name] = reply["status"]
        return reply

    def close(self):
        if self._sandbox is not None:
            self._sandbox.close()
            self._sandbox = None
        if self._owns_zygote:
            self._zygote.close()
