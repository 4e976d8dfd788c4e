"""Seconds spent in each stage of grading one submission, for the batch benchmark.

`recording()` starts a fresh record for the current submission; anywhere
below it, `with stage("judge"):` counts the seconds of its block to that
stage. Stages nest and each second counts once, to the innermost stage
running (the outer one's clock stops meanwhile), so the stages of a
submission add up to its total. Outside a recording `stage` records
nothing, so the grading code can be instrumented unconditionally.
"""

import contextlib
import contextvars
import time

_current = contextvars.ContextVar("grader_timings", default=None)


class _Recording:
    def __init__(self):
        self.seconds = {}
        self.running = []  # [stage, since] of the open stages, innermost last

    def charge(self, now):
        if self.running:
            name, since = self.running[-1]
            self.seconds[name] = self.seconds.get(name, 0.0) + now - since
            self.running[-1][1] = now


@contextlib.contextmanager
def recording():
    """Yields the dict {stage: seconds} that the stages run inside the block fill in."""
    record = _Recording()
    token = _current.set(record)
    try:
        yield record.seconds
    finally:
        _current.reset(token)


@contextlib.contextmanager
def stage(name):
    """Count the wall-clock seconds of the block, less those of stages inside it, to `name`."""
    record = _current.get()
    if record is None:
        yield
        return
    now = time.perf_counter()
    record.charge(now)
    record.running.append([name, now])
    try:
        yield
    finally:
        now = time.perf_counter()
        record.charge(now)
        record.running.pop()
        if record.running:
            record.running[-1][1] = now


def rounded(seconds):
    """A recording's {stage: seconds} as a verdict file keeps it (microseconds)."""
    return {name: round(value, 6) for name, value in seconds.items()}
