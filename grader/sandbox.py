"""Start the sandboxed process that runs a submission, and talk to it.

The submission runs in a separate process under bubblewrap: no network,
the system read-only, a private size-capped /tmp (its working directory),
the course root (solutions, suites, gradebook, other students' files) and
the home directories hidden behind empty tmpfs mounts, and then exactly
what the grading interpreter needs bound back, read-only, wherever it lives
(a venv in the course, under /tmp or a home directory, conda under /opt...).
Resource limits apply in every case: address space, CPU time, file size,
the number of processes (a pids cgroup, or RLIMIT_NPROC where cgroups are
out of reach), and a wall clock in the parent behind each request's time
limit. Its output goes to /dev/null.

Without working bubblewrap the grader refuses to run student code
(IsolationUnavailable) unless `Limits(isolate=False)` (`--no-sandbox`) asks
for resource limits only.
"""

import functools
import inspect
import json
import os
import resource
import socket
import shutil
import signal
import subprocess
import sys
import tempfile
import time

from grader import harness
from grader.channel import Channel, SandboxDied
from grader.course import COURSE_ROOT, PACKAGE
from grader.limits import EnvironmentFault, Limits
from grader.pids import PidsCgroup


class IsolationUnavailable(EnvironmentFault):
    """bubblewrap is missing or cannot create its namespaces here."""


INSTALL_BUBBLEWRAP = ("install bubblewrap (Debian/Ubuntu: sudo apt-get install bubblewrap) and make sure "
                      "unprivileged user namespaces are allowed (sysctl kernel.unprivileged_userns_clone=1, "
                      "or on Ubuntu 24.04+ an AppArmor profile for bwrap); or pass --no-sandbox to grade "
                      "with resource limits only (no isolation: submissions can read files and use the network)")


@functools.cache
def isolation_problem():
    """Why bubblewrap cannot isolate a submission here (one line), or "" when it can."""
    bwrap = shutil.which("bwrap")
    if bwrap is None:
        return "bubblewrap (bwrap) is not installed or not on PATH"
    probe = subprocess.run([bwrap, "--ro-bind", "/", "/", "--unshare-all", "true"], capture_output=True)
    if probe.returncode != 0:
        reason = probe.stderr.decode(errors="replace").strip().splitlines()[-1:] or ["no message"]
        return f"bubblewrap cannot create its namespaces here ({reason[0]})"
    return ""


def bubblewrap_available():
    """Whether bubblewrap is installed and can create its namespaces here."""
    return not isolation_problem()


def require_isolation(limits):
    """Raise IsolationUnavailable, saying how to fix it, unless isolation works or is waived."""
    if limits.isolate and isolation_problem():
        raise IsolationUnavailable(f"{isolation_problem()}; " + INSTALL_BUBBLEWRAP)


@functools.cache
def _harness_source():
    return inspect.getsource(harness)


def interpreter():
    """The grading interpreter's path with every `..` and symlinked folder resolved, its own name kept.

    `exercises/01_forward/../../.venv/bin/python` cannot be followed inside the
    sandbox (the course folders on the way are hidden); the file's own name is
    kept because a venv's `bin/python` symlink is how Python finds pyvenv.cfg.
    """
    folder, name = os.path.split(os.path.abspath(sys.executable))
    return os.path.join(os.path.realpath(folder), name)


def hidden_paths(limits=Limits()):
    """What the submission must not see: the grader's /tmp, then the course roots and the home directories."""
    folders = {"/root", "/home", os.path.expanduser("~"), *map(str, limits.hide)}
    if not inside(str(COURSE_ROOT), str(PACKAGE)):  # the course installed with the grader: see package_hidden
        folders.add(str(COURSE_ROOT))
    return ["/tmp", *sorted(path for path in folders if os.path.isdir(path))]


@functools.cache
def _isolated_sys_path():
    """sys.path of the interpreter as the sandbox starts it (`-I`: no PYTHONPATH, no user site)."""
    try:
        probe = subprocess.run([interpreter(), "-I", "-c", "import json, sys; print(json.dumps(sys.path))"],
                               capture_output=True, text=True, env=_environment())
    except OSError:
        return []  # the sandbox will not start either, and says why
    return json.loads(probe.stdout) if probe.returncode == 0 else []


def interpreter_paths(limits=Limits()):
    """Every existing folder the grading interpreter needs, resolved, parents first.

    sys.prefix, sys.base_prefix, sys.exec_prefix, the interpreter's folders
    and the folders on its isolated sys.path. A folder that is or contains
    the course root or a home directory (an editable install's entry, say)
    is left out: binding it back would undo the hiding.
    """
    candidates = [sys.prefix, sys.base_prefix, sys.exec_prefix, os.path.dirname(interpreter()),
                  os.path.dirname(os.path.realpath(sys.executable)), *_isolated_sys_path()]
    protected = hidden_paths(limits)[1:]
    found = set()
    for path in candidates:
        if not path or not os.path.isdir(path):
            continue
        path = os.path.realpath(path)
        if path != "/" and not any(inside(guarded, path) for guarded in protected):
            found.add(path)
    return sorted(found, key=lambda path: (path.count(os.sep), path))


def package_hidden(hidden, bound):
    """The grader's own folder if the sandbox would show it, else nothing.

    Installed with `pip install .`, the grader's folder in site-packages holds
    the hidden suites and the source notebooks (grader/course_files): it is
    hidden when it lies outside every hidden folder (a venv under /opt) or
    inside a folder bound back for the interpreter (a venv under /tmp or the
    home). In a checkout it lies in the hidden course root already.
    """
    package = str(PACKAGE)
    shown = not any(inside(package, folder) for folder in hidden) or any(inside(package, path) for path in bound)
    return [package] if shown else []


def inside(path, folder):
    """Whether `path` is `folder` or lies below it."""
    return path == folder or path.startswith(folder.rstrip(os.sep) + os.sep)


def _command(limits, control_fd, preload):
    python = [interpreter(), "-I", "-c", _harness_source(), str(control_fd),
              "isolated" if limits.isolate else "unisolated", *preload]
    if not limits.isolate:
        return python
    command = [shutil.which("bwrap"), "--ro-bind", "/", "/", "--dev", "/dev", "--proc", "/proc"]
    hidden = hidden_paths(limits)
    for path in hidden:
        if path == "/tmp":
            command += ["--size", str(limits.tmp_bytes)]
        command += ["--tmpfs", path]
    bound = [path for path in interpreter_paths(limits) if any(inside(path, folder) for folder in hidden)]
    for path in bound:
        command += ["--ro-bind", path, path]
    package = package_hidden(hidden, bound)
    command += [item for path in package for item in ("--tmpfs", path)]
    for path in hidden[1:] + package:  # what hides the course and the homes is read-only too: only /tmp is writable
        command += ["--remount-ro", path]
    command += ["--chdir", "/tmp", "--unshare-all", "--die-with-parent", "--new-session"]
    return command + python


class Zygote:
    """A sandbox that is started once and gives each submission a fresh process of its own.

    Its first process (the zygote, see harness.zygote) imports NumPy and the
    `preload` modules and never runs student code; `spawn()` has it fork a
    child that serves one submission over a socket of its own. Closing that
    child's channel sweeps the sandbox: every process the submission left
    is killed and /tmp and /dev/shm are emptied, so no file, process, module,
    global or monkeypatch passes to the next submission (each child starts
    from the zygote's untouched memory, which no child can write to). A
    zygote that dies, hangs or cannot sweep is replaced by a new one.
    """

    def __init__(self, limits=Limits(), preload=()):
        """Launch the zygote; it imports in the background until the first spawn() waits for it."""
        require_isolation(limits)
        self.limits = limits
        self.preload = tuple(preload)
        self.process = None
        self._lease = None
        self._cgroup = self.workdir = self._startup_errors = None
        self._launch()

    def spawn(self):
        """A Channel to a fresh process for one submission; EnvironmentFault if none can be had."""
        assert self._lease is None or self._lease.closed, "one submission at a time"
        for attempt in (1, 2):  # a zygote killed by the last submission is replaced once
            if self.process is None:
                self._launch()
            if self._startup_errors is not None:
                self._await_ready()
            ours, theirs = socket.socketpair()
            try:
                self._control.request({"op": "fork"}, self.limits.startup_seconds, fds=[theirs.fileno()])
            except SandboxDied:
                self.close()
                if attempt == 2:
                    raise EnvironmentFault(f"the sandbox running {interpreter()} stopped forking") from None
                continue
            finally:
                theirs.close()
            self._lease = Channel(ours, on_close=self._sweep)
            try:
                self._lease.receive(0, time.monotonic() + self.limits.startup_seconds)
            except SandboxDied as died:
                raise EnvironmentFault(f"a fresh process of the sandbox did not start ({died})") from None
            return self._lease

    def _launch(self):
        """Start bubblewrap and the zygote in it, without waiting for it to be ready."""
        limits = self.limits
        # Under bubblewrap the working directory is its private /tmp; without it, a scratch folder of our own.
        self.workdir = None if limits.isolate else tempfile.mkdtemp(prefix="grader-")
        self._cgroup = PidsCgroup.create(limits.processes)
        self._startup_errors = tempfile.TemporaryFile()
        ours, theirs = socket.socketpair()
        with theirs:
            try:
                self.process = subprocess.Popen(
                    _command(limits, theirs.fileno(), self.preload), stdin=subprocess.DEVNULL,
                    stdout=subprocess.DEVNULL, stderr=self._startup_errors, pass_fds=[theirs.fileno()],
                    cwd=self.workdir or "/", env=_environment(), preexec_fn=self._limit_child,
                    start_new_session=True)
            except (OSError, subprocess.SubprocessError) as error:
                self.process = None
                ours.close()
                self._cleanup()
                raise EnvironmentFault(f"the sandbox cannot start {interpreter()}: {error}") from None
        self._control = Channel(ours)
        self._started = time.monotonic()

    def _await_ready(self):
        """Wait for the zygote's "ready"; until then no student code ran, so a failure is the environment's."""
        errors, self._startup_errors = self._startup_errors, None
        with errors:
            try:
                self._control.receive(0, self._started + self.limits.startup_seconds)
            except SandboxDied as died:
                errors.seek(0)
                said = " ".join(errors.read().decode(errors="replace").split())[-500:] or "no message"
                self.close()
                raise EnvironmentFault(f"the sandbox cannot start {interpreter()} ({died}: {said}); it must see "
                                       "the interpreter and its libraries, and NumPy must import") from None

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

    def _sweep(self):
        """After a submission: the zygote kills what it left and empties /tmp, or is replaced."""
        if self.process is None:
            return
        try:
            clean = self._control.request({"op": "sweep"}, self.limits.startup_seconds).get("clean")
        except SandboxDied:
            clean = False
        if not clean:
            self.close()

    def close(self):
        """Kill the sandbox and everything in it; the next spawn() starts a new one."""
        if self.process is not None:
            self._control.close()
            try:
                os.killpg(self.process.pid, signal.SIGKILL)
            except (ProcessLookupError, PermissionError):
                pass
        self._cleanup()

    def _cleanup(self):
        if self._startup_errors is not None:
            self._startup_errors.close()
            self._startup_errors = None
        if self._cgroup is not None:
            self._cgroup.kill_and_remove()
            self._cgroup = None
        if self.process is not None:
            self.process.wait()
            self.process = None
        if self.workdir is not None:
            shutil.rmtree(self.workdir, ignore_errors=True)
            self.workdir = None


def open_sandbox(limits=Limits(), preload=()):
    """A Channel to a fresh sandboxed process that owns its sandbox: closing it closes both."""
    zygote = Zygote(limits, preload)
    channel = zygote.spawn()
    channel._on_close = zygote.close
    return channel


def _environment():
    """A minimal environment: nothing of the grader's (database URLs, tokens) reaches the submission."""
    return {"PATH": "/usr/bin:/bin", "HOME": "/tmp", "LANG": "C.UTF-8", "MPLBACKEND": "Agg",
            "OPENBLAS_NUM_THREADS": "1", "OMP_NUM_THREADS": "1", "MKL_NUM_THREADS": "1",
            "PYTHONDONTWRITEBYTECODE": "1"}


NO_SANDBOX_WARNING = ("--no-sandbox: submissions ran without isolation (resource limits only): "
                      "they could read the file system and use the network")
