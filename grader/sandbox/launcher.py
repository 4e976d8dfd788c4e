"""Start the sandboxed process that runs a submission, and talk to it.

The submission runs in a separate process under bubblewrap (see
`bubblewrap`): its own namespaces, "nobody" with no capability, a
system-call filter, and an allow-list of the machine's folders, read-only:
the system's programs and libraries and exactly what the grading
interpreter needs, wherever it lives (a venv in the course, under /tmp or a
home directory, conda under /opt...), with every course root inside them
hidden; the only writable places are a private /tmp (its working
directory) and /dev/shm, size-capped. Resource limits apply in every case:
address space (less what the scratch folders may hold), CPU time, file
size, open files, the number of processes (a pids cgroup, or RLIMIT_NPROC
where cgroups are out of reach), and a wall clock in the parent behind each
request's time limit. Its output goes to /dev/null.

Without working bubblewrap the grader refuses to run student code
(IsolationUnavailable) unless `Limits(isolate=False)` (`--no-sandbox`) asks
for resource limits only.
"""

import functools
import inspect
import json
import os
import resource
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time

from grader import course
from grader.course import PACKAGE
from grader.sandbox import harness, lifetime, seccomp
from grader.sandbox.channel import Channel, SandboxDied
from grader.sandbox.limits import EnvironmentFault, Limits
from grader.sandbox.pids import PidsCgroup

SWEEP_SECONDS = 10.0  # a sweep takes milliseconds; a zygote that does not answer in time is replaced


class IsolationUnavailable(EnvironmentFault):
    """bubblewrap is missing or cannot create its namespaces here."""


INSTALL_BUBBLEWRAP = (
    "install bubblewrap 0.8 or newer and libseccomp (Debian/Ubuntu: sudo apt-get install "
    "bubblewrap libseccomp2) and make sure "
    "unprivileged user namespaces are allowed (sysctl kernel.unprivileged_userns_clone=1, "
    "or on Ubuntu 24.04+ an AppArmor profile for bwrap); or pass --no-sandbox to grade "
    "with resource limits only (no isolation: submissions can read files and use the network)"
)


@functools.cache
def isolation_problem():
    """Why bubblewrap cannot isolate a submission here (one line), or "" when it can.

    The probe starts bubblewrap with the very options a submission's sandbox
    uses (a bubblewrap older than 0.8 lacks --disable-userns, say), under the
    system-call filter.
    """
    bwrap = shutil.which("bwrap")
    if bwrap is None:
        return "bubblewrap (bwrap) is not installed or not on PATH"
    try:
        program = seccomp.program_file()
    except seccomp.SeccompUnavailable as error:
        return f"the system-call filter cannot be built: {error} (install libseccomp2)"
    with program:
        probe = subprocess.run(
            [*bubblewrap(Limits(), program.fileno()), "/bin/true"], capture_output=True, pass_fds=[program.fileno()]
        )
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


# The machine's folders a sandbox shows, read-only: the system's programs and libraries, then the few files
# of /etc that the dynamic loader and the C library read. Everything else (homes, /srv, /opt, /var, other
# copies of the course...) is absent unless the grading interpreter lives there (see interpreter_paths).
SYSTEM_FOLDERS = ("/usr", "/bin", "/sbin", "/lib", "/lib32", "/lib64", "/libx32")
SYSTEM_FILES = ("/etc/ld.so.cache", "/etc/ld.so.conf", "/etc/ld.so.conf.d", "/etc/localtime", "/etc/alternatives")
SANDBOX_UID = 65534  # "nobody", in the sandbox's own user namespace


def hidden_paths(limits=Limits()):
    """What the submission must not see even inside a folder the interpreter needs: the course roots."""
    folders = {*map(str, limits.hide)}
    if not inside(str(course.COURSE_ROOT), str(PACKAGE)):  # the course installed with the grader: see package_hidden
        folders.add(str(course.COURSE_ROOT))
    return sorted(os.path.realpath(path) for path in folders if os.path.isdir(path))


@functools.cache
def _isolated_sys_path():
    """sys.path of the interpreter as the sandbox starts it (`-I`: no PYTHONPATH, no user site)."""
    try:
        probe = subprocess.run(
            [interpreter(), "-I", "-c", "import json, sys; print(json.dumps(sys.path))"],
            capture_output=True,
            text=True,
            env=_environment(),
        )
    except OSError:
        return []  # the sandbox will not start either, and says why
    return json.loads(probe.stdout) if probe.returncode == 0 else []


def interpreter_paths(limits=Limits()):
    """Every existing folder the grading interpreter needs, resolved, parents first.

    sys.prefix, sys.base_prefix, sys.exec_prefix, the interpreter's folders
    and the folders on its isolated sys.path. A folder that is or contains
    a course root or the machine's root (an editable install's entry, say)
    is left out: showing it would show the course.
    """
    candidates = [
        sys.prefix,
        sys.base_prefix,
        sys.exec_prefix,
        os.path.dirname(interpreter()),
        os.path.dirname(os.path.realpath(sys.executable)),
        *_isolated_sys_path(),
    ]
    protected = hidden_paths(limits)
    found = set()
    for path in candidates:
        if not path or not os.path.isdir(path):
            continue
        path = os.path.realpath(path)
        if path != "/" and not any(inside(guarded, path) for guarded in protected):
            found.add(path)
    return sorted(found, key=lambda path: (path.count(os.sep), path))


def package_hidden(bound):
    """The grader's own folder if the sandbox would show it, else nothing.

    Installed with `pip install .`, the grader's folder in site-packages holds
    the hidden suites and the source notebooks (grader/course_files): it is
    hidden when it lies inside a folder bound for the interpreter or the
    system. In a checkout it lies in the course root, hidden already.
    """
    package = os.path.realpath(PACKAGE)
    return [package] if any(inside(package, path) for path in bound) else []


def inside(path, folder):
    """Whether `path` is `folder` or lies below it."""
    return path == folder or path.startswith(folder.rstrip(os.sep) + os.sep)


def _system_mounts():
    """bubblewrap arguments that show the system folders as they are here: bound read-only, or the same symlink."""
    arguments = []
    for path in SYSTEM_FOLDERS:
        if os.path.islink(path):
            arguments += ["--symlink", os.readlink(path), path]
        elif os.path.isdir(path):
            arguments += ["--ro-bind", path, path]
    for path in SYSTEM_FILES:
        arguments += ["--ro-bind-try", path, path]
    return arguments


def scratch_sizes(limits):
    """(bytes of /tmp, bytes of /dev/shm, address space): the tmpfs caps are carved out of the memory cap,
    so what a submission keeps in its scratch folders counts against its memory."""
    tmp = min(limits.tmp_bytes, limits.memory_bytes // 4)
    shm = min(limits.shm_bytes, limits.memory_bytes // 8)
    return tmp, shm, limits.memory_bytes - tmp - shm


def _command(limits, control_fd, preload, seccomp_fd=None):
    """The command line that starts the zygote: bubblewrap around the interpreter, or the interpreter alone."""
    python = [
        interpreter(),
        "-I",
        "-c",
        _harness_source(),
        str(control_fd),
        "isolated" if limits.isolate else "unisolated",
        *preload,
    ]
    return bubblewrap(limits, seccomp_fd) + python if limits.isolate else python


def bubblewrap(limits, seccomp_fd):
    """bubblewrap's command line up to the program it runs: the sandbox every submission gets.

    Its own namespaces (user, pid, network, IPC, mount, UTS, cgroup), "nobody"
    as the user, no capability, no nested user namespace, the system-call
    filter (grader.sandbox.seccomp); an allow-list of the machine's folders, read-only;
    size-capped private /tmp and /dev/shm, the only writable places.
    """
    tmp, shm, _ = scratch_sizes(limits)
    command = [
        shutil.which("bwrap"),
        "--unshare-all",
        "--unshare-user",
        "--uid",
        str(SANDBOX_UID),
        "--gid",
        str(SANDBOX_UID),
        "--disable-userns",
        "--cap-drop",
        "ALL",
        "--die-with-parent",
        "--new-session",
        "--seccomp",
        str(seccomp_fd),
    ]
    command += _system_mounts()
    command += [
        "--proc",
        "/proc",
        "--dev",
        "/dev",
        "--size",
        str(shm),
        "--tmpfs",
        "/dev/shm",
        "--size",
        str(tmp),
        "--tmpfs",
        "/tmp",
    ]
    bound = interpreter_paths(limits)
    for path in bound:
        command += ["--ro-bind", path, path]
    shown = bound + [path for path in SYSTEM_FOLDERS if os.path.isdir(path) and not os.path.islink(path)]
    for path in [
        path for path in hidden_paths(limits) if any(inside(path, folder) for folder in shown)
    ] + package_hidden(shown):
        command += ["--size", "4096", "--tmpfs", path, "--remount-ro", path]
    return command + ["--remount-ro", "/dev", "--remount-ro", "/", "--chdir", "/tmp"]


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
        self.tampered = False  # whether the last sweep found the zygote changed by the submission it served
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
        with theirs, seccomp.program_file() if limits.isolate else tempfile.TemporaryFile() as program:
            try:
                self.process = subprocess.Popen(
                    _command(limits, theirs.fileno(), self.preload, program.fileno()),
                    stdin=subprocess.DEVNULL,
                    stdout=subprocess.DEVNULL,
                    stderr=self._startup_errors,
                    pass_fds=[theirs.fileno(), program.fileno()],
                    cwd=self.workdir or "/",
                    env=_environment(),
                    preexec_fn=self._limit_child,
                    start_new_session=True,
                )
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
                raise EnvironmentFault(
                    f"the sandbox cannot start {interpreter()} ({died}: {said}); it must see "
                    "the interpreter and its libraries, and NumPy must import"
                ) from None

    def _limit_child(self):
        """Runs in the child before exec: it dies with the worker; rlimits, and the pids cgroup (or RLIMIT_NPROC)."""
        lifetime.die_with_parent()  # bubblewrap's --die-with-parent aside, a zygote without the sandbox needs it
        limits = self.limits
        address_space = scratch_sizes(limits)[2] if limits.isolate else limits.memory_bytes
        resource.setrlimit(resource.RLIMIT_AS, (address_space, address_space))
        resource.setrlimit(resource.RLIMIT_NOFILE, (limits.open_files, limits.open_files))
        resource.setrlimit(resource.RLIMIT_CPU, (limits.cpu_seconds, limits.cpu_seconds + 5))
        resource.setrlimit(resource.RLIMIT_FSIZE, (limits.file_bytes, limits.file_bytes))
        resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
        if self._cgroup is not None:
            self._cgroup.join()
        else:
            resource.setrlimit(resource.RLIMIT_NPROC, (limits.processes, limits.processes))

    def _sweep(self):
        """After a submission: the zygote kills what it left and empties /tmp, or is replaced.

        The zygote also compares what it passes on to every child (its limits,
        priority, scheduling, mounts) with what it had at start: if they
        changed, the last submission reached it (`tampered` is set for the
        caller to read) and it is replaced before it forks anyone else.
        """
        if self.process is None:
            return
        try:
            reply = self._control.request({"op": "sweep"}, SWEEP_SECONDS)
        except SandboxDied:
            reply = {}
        self.tampered = reply.get("tampered") is True
        if reply.get("clean") is not True or self.tampered:
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
    return {
        "PATH": "/usr/bin:/bin",
        "HOME": "/tmp",
        "LANG": "C.UTF-8",
        "MPLBACKEND": "Agg",
        "OPENBLAS_NUM_THREADS": "1",
        "OMP_NUM_THREADS": "1",
        "MKL_NUM_THREADS": "1",
        "PYTHONDONTWRITEBYTECODE": "1",
    }


NO_SANDBOX_WARNING = (
    "--no-sandbox: submissions ran without isolation (resource limits only): "
    "they could read the file system and use the network"
)
