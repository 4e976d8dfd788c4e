"""The warm grader: `python -m grader grade` answered in a fraction of a second.

A cold `grade` pays, every time, for what does not depend on the student:
importing NumPy, SciPy and pytest, collecting the hidden suite, loading the
reference and starting the sandbox (about a second on a laptop). The warm
grader is a process of the instructor's own (`python -m grader serve`) that
has paid for all that once, as a batch worker has, and grades each notebook
it is sent exactly as a batch worker does: in a fresh process of its warm
sandbox (grader.pipeline.grade.warm_up, the same Zygote, probe and judge), so
nothing of one submission reaches the next.

`grade` asks it first. When none answers, `grade` grades cold, as it always
did, and then starts one in the background for the next time; it leaves
after `IDLE_SECONDS` without a request, or once it holds more than
`MAX_RESIDENT_BYTES`. A user has one per course root and interpreter (its
slot), at most `MAX_SERVERS` at once (starting another stops the one
used least recently): two instructors of one account grading two courses
keep theirs. A slot's lock, socket and log live in
/tmp/activation-grader-<uid>/<slot> (or under $GRADER_SERVER_DIR, which
must lie in /tmp), a folder only that user may open and that the sandbox
hides from every submission. It answers only a caller with the same key:
its slot, the same fingerprint of the grader, suites and source notebooks,
no package installed or removed since, the same limits; a caller of its
slot with another key makes it leave (a `git pull`, a `pip install`).
The interpreter is named by its normalised absolute path, so that
`../../.venv/bin/python -m grader grade` from an exercise folder is the
same slot as `.venv/bin/python` from the course root. A `grade` that
finds its slot's grader still warming up waits for it (as long as a cold
grading would take) rather than grading cold.

Whatever goes wrong with it (none running, another key, a crash, a fault in
its environment, a timeout) `grade` grades cold instead: the same answer,
only slower, and a fault of the environment is then reported by the cold
grading (exit 3) exactly as without a warm grader. It never scores anyone
on its own: it runs the same code the cold path runs.
"""

import base64
import contextlib
import dataclasses
import fcntl
import hashlib
import json
import os
import pathlib
import resource
import signal
import socket
import stat
import subprocess
import sys
import sysconfig
import time
import traceback
from collections.abc import Iterable
from typing import IO, TYPE_CHECKING, Any

from grader import course
from grader.judging.grade_report import GradeReport
from grader.sandbox.limits import EnvironmentFault, Limits

if TYPE_CHECKING:
    from grader.sandbox.launcher import Zygote  # imports NumPy: `grade` asks a warm grader without it

IDLE_SECONDS = 600.0
MAX_SERVERS = 4  # warm graders per user (course root and interpreter): starting a fifth stops the least used
MAX_RESIDENT_BYTES = 1024**3  # a warm grader whose peak resident memory passes this leaves after its answer
WARMING_SECONDS = 20.0  # how long `grade` waits for its slot's grader to finish warming up
MAX_NOTEBOOK_BYTES = 64 * 1024**2
REQUEST_SECONDS = 30.0  # for a caller to send its request (a notebook's bytes)
SWITCH = "GRADER_SERVER"  # GRADER_SERVER=off: `grade` neither asks nor starts a warm grader


def enabled() -> bool:
    return os.environ.get(SWITCH, "").lower() not in ("off", "0", "no")


class RefusedFolder(Exception):
    """$GRADER_SERVER_DIR names a folder the sandbox does not hide (outside /tmp): the message says so."""


def _runtime_path():
    """/tmp/activation-grader-<uid>, or $GRADER_SERVER_DIR; raises RefusedFolder if that is not in /tmp (the
    sandbox hides /tmp from submissions, and nothing else of the user's)."""
    chosen = os.environ.get("GRADER_SERVER_DIR", "")
    if not chosen:
        return pathlib.Path(f"/tmp/activation-grader-{os.getuid()}")
    if not os.path.realpath(chosen).startswith("/tmp/"):
        raise RefusedFolder(
            f"GRADER_SERVER_DIR={chosen} is not in /tmp, the only place the sandbox hides from "
            "submissions: choose a folder in /tmp or unset it"
        )
    return pathlib.Path(chosen)


def _private(folder):
    """`folder`, created private if new; None if it is not this user's alone (a symlink, somebody else's)."""
    try:
        folder.mkdir(mode=0o700)
    except FileExistsError:
        pass
    except OSError:
        return None
    info = os.lstat(folder)
    if not stat.S_ISDIR(info.st_mode) or info.st_uid != os.getuid() or info.st_mode & 0o077:
        return None  # no warm grader, cold grading only
    return folder


def runtime_dir() -> pathlib.Path | None:
    """The warm graders' folder (see _runtime_path), created private; None if it is not this user's alone."""
    return _private(_runtime_path())


def interpreter() -> str:
    """This interpreter's normalised absolute path (symlinks kept: a venv's python is a link to the system's)."""
    return os.path.abspath(sys.executable)


def slot_dir(root: str | os.PathLike[str] | None = None) -> pathlib.Path | None:
    """The private folder of the warm grader of course `root` (default: ours) and this interpreter, or None."""
    folder = runtime_dir()
    if folder is None:
        return None
    what = [str(root or course.COURSE_ROOT), interpreter()]
    return _private(folder / hashlib.sha256(json.dumps(what).encode()).hexdigest()[:12])


def key(limits: Limits) -> str:
    """What a warm grader must share with its caller: course root and fingerprint, interpreter and its packages,
    limits."""
    what = [
        str(course.COURSE_ROOT),
        course.fingerprint(*course.available_assignments()),
        interpreter(),
        _packages_changed(),
        dataclasses.asdict(limits),
    ]
    return hashlib.sha256(json.dumps(what).encode()).hexdigest()[:16]


def _packages_changed():
    """When the interpreter's packages last changed: installing, upgrading or removing one renames its folders in
    site-packages, which changes that folder's modification time (a warm grader must not keep an old NumPy)."""
    paths = sorted({sysconfig.get_paths()[name] for name in ("purelib", "platlib")})
    return [os.stat(path).st_mtime_ns for path in paths if os.path.isdir(path)]


def _ask(request, timeout, folder=None):
    """The JSON reply of the warm grader of slot `folder` (default: ours) to one request, or None if none
    answered (in time)."""
    folder = folder or slot_dir()
    if folder is None:
        return None
    try:
        with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as connection:
            connection.settimeout(timeout)
            connection.connect(str(folder / "server.sock"))
            connection.sendall(json.dumps(request).encode())
            connection.shutdown(socket.SHUT_WR)
            return json.loads(_read_all(connection, MAX_NOTEBOOK_BYTES))
    except (OSError, ValueError):
        return None


def _read_all(connection, limit):
    chunks, size = [], 0
    while chunk := connection.recv(1 << 20):
        size += len(chunk)
        if size > limit:
            raise ValueError("message too long")
        chunks.append(chunk)
    return b"".join(chunks)


def grade(path: str | os.PathLike[str], limits: Limits) -> GradeReport | None:
    """The report of a warm grader on the notebook at `path`, or None: then grade it cold.

    Raises course.NotACourseNotebook, as a cold grading would, for a file
    that is not a notebook of the course.
    """
    try:
        with open(path, "rb") as file:
            data = file.read(MAX_NOTEBOOK_BYTES + 1)
    except OSError:
        return None  # the cold grading says what is wrong with the path
    if len(data) > MAX_NOTEBOOK_BYTES:
        return None
    request = {"op": "grade", "key": key(limits), "path": str(path), "data": base64.b64encode(data).decode()}
    _wait_while_warming(slot_dir())
    # A warm grader serves one caller at a time: allow for the one before this one, then grade cold.
    reply = _ask(request, 2 * (limits.notebook_seconds + limits.startup_seconds) + 60) or {}
    if "not_a_course_notebook" in reply:
        raise course.NotACourseNotebook(reply["not_a_course_notebook"])
    return reply.get("report")


def _wait_while_warming(folder):
    """Wait (up to WARMING_SECONDS) while the grader of slot `folder` holds its lock but has no socket yet: one
    that a `grade` just started is warming up, and its answer comes no later than a cold grading's would."""
    deadline = time.monotonic() + WARMING_SECONDS
    while (
        folder is not None and not (folder / "server.sock").exists() and _locked(folder) and time.monotonic() < deadline
    ):
        time.sleep(0.05)


def _make_room(keep):
    """Stop the least recently used warm graders of this user until fewer than MAX_SERVERS run besides `keep`."""
    running = sorted(
        (os.stat(slot / "server.lock").st_mtime, slot)
        for slot in runtime_dir().iterdir()
        if slot != keep and (slot / "server.lock").exists() and _locked(slot)
    )
    for _, slot in running[: max(0, len(running) - MAX_SERVERS + 1)]:
        stop(folder=slot)


def start_in_background(options: list[str], assignment: str) -> bool:
    """Start `python -m grader serve` for the next `grade` (True), unless one runs or starts; never waits.

    `options` are the limits' command-line options, so that the warm
    grader's key is the caller's. The caller takes the lock and hands it
    over, so that from this moment on no second one starts and `stop`
    sees this one. It gets no other file of the caller's (no terminal, no
    pipe a caller may wait on) and a session of its own; its output goes to
    server.log in the runtime folder.
    """
    folder = slot_dir()
    lock = _lock(folder) if folder is not None else None
    if lock is None:
        return False
    _make_room(folder)
    with lock, open(folder / "server.log", "wb") as log:  # the last one's log: it has left (the lock was free)
        subprocess.Popen(
            [interpreter(), "-m", "grader", "serve", "--warm", assignment, *options, "--lock-fd", str(lock.fileno())],
            pass_fds=[lock.fileno()],
            stdin=subprocess.DEVNULL,
            stdout=log,
            stderr=log,
            start_new_session=True,
        )
    return True


def _lock(folder, inherited=None):
    """The open lock file of the one warm grader, locked by us (or handed over as fd `inherited`); None if taken."""
    lock = os.fdopen(inherited, "a") if inherited is not None else open(folder / "server.lock", "a")
    try:
        fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)  # a lock handed over is already ours: this succeeds
    except BlockingIOError:
        lock.close()
        return None
    return lock


def _locked(folder):
    lock = _lock(folder)
    if lock is not None:
        lock.close()  # closing the only descriptor releases it
    return lock is None


def stop(seconds: float = 2 * REQUEST_SECONDS, folder: pathlib.Path | None = None) -> int | None:
    """Stop the warm grader of slot `folder` (default: this course's and interpreter's), one still warming up
    too, and wait until it has left; its pid, or None."""
    folder = folder or slot_dir()
    deadline = time.monotonic() + seconds
    pid = None
    while folder is not None and _locked(folder) and time.monotonic() < deadline:
        pid = (_ask({"op": "stop"}, REQUEST_SECONDS, folder) or {}).get("stopped", pid)
        time.sleep(0.05)
    return pid


def status(seconds: float = REQUEST_SECONDS, root: str | os.PathLike[str] | None = None) -> dict[str, Any] | None:
    """What the warm grader of course `root` (default: ours) and this interpreter says of itself (pid, course,
    key, requests served), or None (none answered in `seconds`: none runs, or it is busy grading)."""
    return _ask({"op": "status"}, seconds, slot_dir(root))


def serve(limits: Limits, idle: float = IDLE_SECONDS, warm: Iterable[str] = (), lock_fd: int | None = None) -> int:
    """Run a warm grader until `idle` seconds pass without a request; exit status 0, or 1 if one already runs.

    `lock_fd`: the lock, already taken by the `grade` that started this one.
    """
    folder = slot_dir()
    if folder is None:
        print(
            f"grader: {_runtime_path()} is not a private folder of this user: remove it and try again", file=sys.stderr
        )
        return 1
    lock = _lock(folder, lock_fd)
    if lock is None:
        print(
            "grader: a warm grader already runs for this course and interpreter (`python -m grader serve "
            "--stop` stops it)",
            file=sys.stderr,
        )
        return 1
    with lock:
        signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))  # leave through the finally clauses below
        with WarmGrader(limits) as grader:
            for assignment in warm:
                _, fault = grader.warm(assignment)
                if fault is not None:  # `grade` grades cold meanwhile, and its own probe says what is wrong
                    print(f"grader: the warm grader cannot grade {assignment}: {fault}", file=sys.stderr)
                    return 1
            grader.listen(folder / "server.sock", idle, lock)
    return 0


def _peak_resident_bytes():
    """This process's peak resident memory (Linux counts ru_maxrss in KiB)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024


class WarmGrader:
    """The warm state of a server: its key, and per assignment a probed warm sandbox (the suite collected)."""

    def __init__(self, limits: Limits) -> None:
        self.limits = limits
        self.key = key(limits)  # before anything else is read: what this process grades with
        self.sandboxes = {}
        self.served = 0  # grade requests answered (tests and `serve --status` read it)

    def __enter__(self) -> "WarmGrader":
        return self

    def __exit__(self, *exc_info: object) -> None:
        for zygote, _ in self.sandboxes.values():
            if zygote is not None:
                zygote.close()

    def warm(self, assignment: str) -> tuple["Zygote | None", EnvironmentFault | None]:
        """The warm sandbox of `assignment` and its probe's fault (None if it passed), started on first use."""
        from grader.pipeline.grade import warm_up

        if assignment not in self.sandboxes:
            self.sandboxes[assignment] = warm_up(assignment, self.limits)
        return self.sandboxes[assignment]

    def listen(self, address: pathlib.Path, idle: float, lock: IO[str] | None = None) -> None:
        """Answer requests one at a time until `idle` seconds pass without one, or one says to leave."""
        temporary = address.with_name(f"server-{os.getpid()}.sock")
        with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as listener:
            with contextlib.suppress(FileNotFoundError):
                temporary.unlink()
            listener.bind(str(temporary))
            os.chmod(temporary, 0o600)
            listener.listen(16)
            os.replace(temporary, address)  # callers see it only now that it is warm
            inode = os.stat(address).st_ino
            listener.settimeout(idle)
            try:
                while True:
                    try:
                        connection, _ = listener.accept()
                    except TimeoutError:
                        return
                    with connection:
                        if self._answer(connection) or _peak_resident_bytes() > MAX_RESIDENT_BYTES:
                            return
                    if lock is not None:
                        os.utime(lock.fileno())  # when it was last used: _make_room stops the oldest first
            finally:
                with contextlib.suppress(FileNotFoundError):
                    if os.stat(address).st_ino == inode:
                        address.unlink()

    def _answer(self, connection):
        """Answer one request; True if the server should leave now."""
        connection.settimeout(REQUEST_SECONDS)
        try:
            request = json.loads(_read_all(connection, 2 * MAX_NOTEBOOK_BYTES))
            op = request.get("op")
        except (OSError, ValueError, AttributeError):
            return False  # a caller that hung up or sent garbage: it grades cold
        reply, leave = {"error": "unknown request"}, False
        if op == "grade":
            reply, leave = self._reply(request)
            self.served += 1
        elif op == "stop":
            reply, leave = {"stopped": os.getpid()}, True
        elif op == "status":
            reply = {
                "pid": os.getpid(),
                "course": str(course.COURSE_ROOT),
                "key": self.key,
                "served": self.served,
                "assignments": sorted(self.sandboxes),
            }
        with contextlib.suppress(OSError):  # a caller that gave up: it grades cold
            connection.sendall(json.dumps(reply).encode())
        return leave

    def _reply(self, request):
        """(reply, leave) for one grade request."""
        from grader.pipeline.grade import grade_notebook

        if request.get("key") != self.key:
            return {"stale": self.key}, True  # another course, version or limits: make room for it
        path = str(request.get("path"))
        try:
            data = base64.b64decode(request["data"], validate=True)
            assignment = course.assignment_of(course.parse_notebook(data, path), path)
            zygote, fault = self.warm(assignment)
            if fault is not None:
                raise fault
            return {"report": grade_notebook(path, self.limits, zygote=zygote, data=data)}, False
        except course.NotACourseNotebook as error:
            return {"not_a_course_notebook": str(error)}, False
        except EnvironmentFault as fault:
            return {"fault": str(fault)}, True  # the caller grades cold, whose probe says what is wrong
        except Exception:  # noqa: BLE001  (a bug of ours: the caller grades cold; the log keeps the traceback)
            traceback.print_exc()
            return {"fault": "the warm grader failed"}, True
