"""Start the sandboxed process that runs a submission, and talk to it.

The submission runs in a separate process under bubblewrap when it is
available: no network, the system read-only, a private size-capped /tmp
(its working directory), the course root (solutions, suites, gradebook,
other students' files) hidden behind an empty tmpfs, and only the virtual
environment bound back, read-only. Resource limits apply in every case:
address space, CPU time, file size, the number of processes (a pids cgroup,
or RLIMIT_NPROC where cgroups are out of reach), and a wall clock in the
parent behind each request's time limit. Its output goes to /dev/null.
"""

import dataclasses
import functools
import inspect
import json
import os
import resource
import select
import shutil
import signal
import struct
import subprocess
import sys
import tempfile
import time

from grader import harness
from grader.course import COURSE_ROOT
from grader.pids import PidsCgroup

_warned_unisolated = False


@dataclasses.dataclass(frozen=True)
class Limits:
    """Resource limits for one submission's process; the defaults suit this course's notebooks."""

    memory_bytes: int = 2 * 1024**3
    cpu_seconds: int = 600
    processes: int = 32
    file_bytes: int = 64 * 1024**2
    tmp_bytes: int = 64 * 1024**2
    cell_seconds: float = 30.0
    call_seconds: float = 30.0
    notebook_seconds: float = 300.0


class SandboxDied(Exception):
    """The sandboxed process exited, was killed or stopped answering."""


@functools.cache
def bubblewrap_available():
    """Whether bubblewrap is installed and can create its namespaces here."""
    if shutil.which("bwrap") is None:
        return False
    probe = subprocess.run(["bwrap", "--ro-bind", "/", "/", "--unshare-all", "true"], capture_output=True)
    return probe.returncode == 0


@functools.cache
def _harness_source():
    return inspect.getsource(harness)


def _command(limits, use_bwrap):
    python = [sys.executable, "-I", "-c", _harness_source()]
    if not use_bwrap:
        return python
    venv = sys.prefix
    command = ["bwrap", "--ro-bind", "/", "/", "--dev", "/dev", "--proc", "/proc",
               "--size", str(limits.tmp_bytes), "--tmpfs", "/tmp", "--tmpfs", str(COURSE_ROOT)]
    if venv.startswith(str(COURSE_ROOT) + os.sep):
        command += ["--ro-bind", venv, venv]
    command += ["--chdir", "/tmp", "--unshare-all", "--die-with-parent", "--new-session"]
    return command + python


class Sandbox:
    """One running submission process, answering exec and call requests."""

    def __init__(self, limits=Limits()):
        self.limits = limits
        self._requests = 0
        use_bwrap = bubblewrap_available()
        warn_if_unisolated()
        # Under bubblewrap the working directory is its private /tmp; without it, a scratch folder of our own.
        self.workdir = None if use_bwrap else tempfile.mkdtemp(prefix="grader-")
        self._cgroup = PidsCgroup.create(limits.processes)
        self.process = subprocess.Popen(
            _command(limits, use_bwrap), stdin=subprocess.PIPE, stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL, cwd=self.workdir or "/", env=_environment(),
            preexec_fn=self._limit_child, start_new_session=True)
        os.set_blocking(self.process.stdin.fileno(), False)

    def _limit_child(self):
        """Runs in the child before exec: rlimits, and the pids cgroup (or RLIMIT_NPROC)."""
        limits = self.limits
        resource.setrlimit(resource.RLIMIT_AS, (limits.memory_bytes, limits.memory_bytes))
        resource.setrlimit(resource.RLIMIT_CPU, (limits.cpu_seconds, limits.cpu_seconds + 5))
        resource.setrlimit(resource.RLIMIT_FSIZE, (limits.file_bytes, limits.file_bytes))
        resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
        if self._cgroup is not None:
            self._cgroup.join()
        else:
            resource.setrlimit(resource.RLIMIT_NPROC, (limits.processes, limits.processes))

    def request(self, message, seconds):
        """Send one request and return its reply; SandboxDied if no well-formed reply comes within `seconds`."""
        deadline = time.monotonic() + seconds
        self._requests += 1
        data = json.dumps({**message, "id": self._requests}).encode()
        self._write(struct.pack(">I", len(data)) + data, deadline)
        (size,) = struct.unpack(">I", self._read(4, deadline))
        if size > harness.MAX_MESSAGE_BYTES:
            self.close()
            raise SandboxDied("garbled")
        try:
            reply = json.loads(self._read(size, deadline))
        except ValueError:
            reply = None
        if not isinstance(reply, dict) or reply.get("id") != self._requests:
            # Something else wrote to the reply pipe (the submission can reach it): treat as a crash.
            self.close()
            raise SandboxDied("garbled")
        return reply

    def _write(self, data, deadline):
        fd = self.process.stdin.fileno()
        while data:
            if not select.select([], [fd], [], max(0.0, deadline - time.monotonic()))[1]:
                self.close()
                raise SandboxDied("timeout")
            try:
                data = data[os.write(fd, data):]
            except (BrokenPipeError, OSError):
                self.close()
                raise SandboxDied("exited") from None

    def _read(self, size, deadline):
        fd = self.process.stdout.fileno()
        chunks, remaining = [], size
        while remaining:
            if not select.select([fd], [], [], max(0.0, deadline - time.monotonic()))[0]:
                self.close()
                raise SandboxDied("timeout")
            chunk = os.read(fd, min(remaining, 1 << 20))
            if not chunk:
                self.close()
                raise SandboxDied("exited")
            chunks.append(chunk)
            remaining -= len(chunk)
        return b"".join(chunks)

    def close(self):
        """Kill the process and everything it started, and remove its working directory."""
        try:
            os.killpg(self.process.pid, signal.SIGKILL)
        except (ProcessLookupError, PermissionError):
            pass
        if self._cgroup is not None:
            self._cgroup.kill_and_remove()
            self._cgroup = None
        self.process.wait()
        for stream in (self.process.stdin, self.process.stdout):
            try:
                stream.close()
            except OSError:
                pass
        if self.workdir is not None:
            shutil.rmtree(self.workdir, ignore_errors=True)


def _environment():
    """A minimal environment: nothing of the grader's (database URLs, tokens) reaches the submission."""
    return {"PATH": "/usr/bin:/bin", "HOME": "/tmp", "LANG": "C.UTF-8", "MPLBACKEND": "Agg",
            "OPENBLAS_NUM_THREADS": "1", "OMP_NUM_THREADS": "1", "MKL_NUM_THREADS": "1",
            "PYTHONDONTWRITEBYTECODE": "1"}


def warn_if_unisolated():
    """Say once, on stderr, what is not isolated when bubblewrap cannot run (call it outside pytest's capture)."""
    global _warned_unisolated
    if not bubblewrap_available() and not _warned_unisolated:
        _warned_unisolated = True
        print("grader: bubblewrap is unavailable: submissions run in a separate process with resource "
              "limits but can read the file system and use the network", file=sys.stderr)
