"""What the sandbox promises, without its machinery: the limits of one submission, and EnvironmentFault.

A module of its own, without NumPy (grader.sandbox.launcher imports it and says the
rest), so that the command line can read its options and ask a warm grader
(grader.pipeline.server) to grade in a few hundredths of a second of start-up.
"""

import dataclasses


@dataclasses.dataclass(frozen=True)
class Limits:
    """Resource limits for one submission's process; the defaults suit this course's notebooks."""

    memory_bytes: int = 2 * 1024**3
    cpu_seconds: int = 600
    processes: int = 32
    file_bytes: int = 64 * 1024**2
    tmp_bytes: int = 64 * 1024**2  # the private /tmp; it and /dev/shm count against memory_bytes
    shm_bytes: int = 16 * 1024**2  # the private /dev/shm
    open_files: int = 256
    cell_seconds: float = 30.0
    call_seconds: float = 30.0
    notebook_seconds: float = 300.0
    startup_seconds: float = 60.0  # for the interpreter and NumPy to start (a loaded machine is slow)
    isolate: bool = True  # False (--no-sandbox): resource limits only, no bubblewrap
    hide: tuple = ()  # more folders to hide, e.g. the root of the course a batch grades


class EnvironmentFault(Exception):
    """The grader or its environment failed, not the submission: never scored; the message says how to fix it."""
