"""`python -m grader doctor`: check, one line each, what grading depends on here.

Every check runs through the same sandbox the students get (with smaller
limits where a limit itself is being checked), so a line that says ok is
one the grader relies on, measured on this machine, now.
"""

import dataclasses
import os
import platform
import socket
from collections.abc import Iterator

from grader import course
from grader.course import INSTALLED_COURSE, PACKAGE
from grader.pipeline.grade import grade_notebook
from grader.sandbox.channel import SandboxDied
from grader.sandbox.launcher import (
    hidden_paths,
    inside,
    interpreter,
    interpreter_paths,
    isolation_problem,
    open_sandbox,
    scratch_sizes,
)
from grader.sandbox.limits import EnvironmentFault, Limits
from grader.sandbox.probe import call, check_environment

CHECK_SOURCE = '''
import os

def can_connect(port):
    import socket
    try:
        socket.create_connection(("127.0.0.1", port), timeout=2).close()
        return True
    except OSError:
        return False

def visible(paths):
    return [path for path in paths if os.path.lexists(path)]

def forks(n):
    import time
    children = []
    for _ in range(n):
        try:
            pid = os.fork()
        except OSError:
            break
        if pid == 0:
            time.sleep(30)
            os._exit(0)
        children.append(pid)
    for pid in children:
        os.kill(pid, 9)
        os.waitpid(pid, 0)
    return len(children)

def allocates(size):
    try:
        block = bytearray(size)
        return len(block) == size
    except MemoryError:
        return False

def hardening(add_key_number):
    """What a submission could do to the machine or to the next one: each must be refused."""
    import ctypes, resource, tempfile
    libc = ctypes.CDLL(None, use_errno=True)
    with open("/proc/self/status") as status:
        capabilities = next(int(line.split()[1], 16) for line in status if line.startswith("CapEff:"))
    mounted = libc.mount(b"none", b"/tmp", b"tmpfs", 0, None) == 0 or libc.umount2(b"/tmp", 2) == 0
    keyring = add_key_number is not None and libc.syscall(add_key_number, b"user", b"grader-doctor", b"x", 1,
                                                          -3) >= 0  # KEY_SPEC_SESSION_KEYRING
    namespace = libc.unshare(0x10000000) == 0  # CLONE_NEWUSER
    try:
        resource.prlimit(os.getppid(), resource.RLIMIT_CORE, (0, 0))  # what the zygote has: harmless if allowed
        parent = True
    except OSError:
        parent = False
    writable = {}
    with open("/proc/self/mountinfo") as mountinfo:
        points = sorted({line.split()[4] for line in mountinfo})
    for point in points:
        try:
            with tempfile.NamedTemporaryFile(dir=point):
                stats = os.statvfs(point)
                writable[point] = stats.f_blocks * stats.f_frsize
        except OSError:
            pass
    return {"capabilities": capabilities, "mounted": mounted, "keyring": keyring, "namespace": namespace,
            "parent": parent, "writable": writable}
'''
CAPPED = Limits(processes=8, memory_bytes=512 * 1024**2)
ADD_KEY = {"x86_64": 248, "aarch64": 217}  # the add_key system call's number (the C library has no wrapper)
SECONDS = 30.0


@dataclasses.dataclass
class Check:
    """One line of the doctor's report."""

    name: str
    ok: bool
    detail: str

    def line(self) -> str:
        return f"{'ok  ' if self.ok else 'FAIL'}  {self.name}: {self.detail}"


def run_checks(limits: Limits = Limits()) -> Iterator[Check]:
    """Yield every check in order, each a Check; after a failed isolation or interpreter check nothing else can run."""
    problem = isolation_problem()
    yield Check(
        "isolation",
        not problem,
        problem or "bubblewrap starts the students' sandbox (namespaces, no capabilities, the system-call filter)",
    )
    if problem:
        return
    try:
        check_environment(course.available_assignments(), limits)  # the limits the grader will use
        yield Check("interpreter", True, f"{interpreter()} and the course's modules run in the sandbox")
    except EnvironmentFault as fault:
        yield Check("interpreter", False, str(fault))
        return
    yield from _sandbox_checks()
    for assignment in course.available_assignments():
        yield _reference_check(assignment, limits)


def _sandbox_checks():
    """Network, hidden folders, process and memory caps and the sandbox's walls, from inside one capped sandbox."""
    with socket.create_server(("127.0.0.1", 0)) as listener:
        port = listener.getsockname()[1]
        sandbox = None
        try:
            sandbox = open_sandbox(CAPPED)
            sandbox.request({"op": "exec", "source": CHECK_SOURCE, "timeout": SECONDS}, SECONDS + 5)
            reached = call(sandbox, "can_connect", port)
            seen = call(sandbox, "visible", _must_be_hidden())
            started = call(sandbox, "forks", 3 * CAPPED.processes)
            allocated = call(sandbox, "allocates", 2 * CAPPED.memory_bytes)
            facts = call(sandbox, "hardening", ADD_KEY.get(platform.machine()))
        except (SandboxDied, EnvironmentFault) as error:
            return [Check("sandbox checks", False, f"the checks could not run in the sandbox ({error})")]
        finally:
            if sandbox is not None:
                sandbox.close()
    return [
        Check(
            "network",
            not reached,
            "a listener on the grader's 127.0.0.1 is "
            + ("REACHABLE from inside" if reached else "unreachable from inside"),
        ),
        Check(
            "hidden",
            not seen,
            f"{', '.join(seen)} visible inside"
            if seen
            else f"course root {course.COURSE_ROOT}, the hidden suites and home directories hidden",
        ),
        Check(
            "process cap",
            started < CAPPED.processes,
            f"{started} of {3 * CAPPED.processes} forks succeeded under a cap of {CAPPED.processes}",
        ),
        Check(
            "memory cap",
            not allocated,
            f"allocating {2 * CAPPED.memory_bytes // 1024**2} MiB under a cap of "
            f"{CAPPED.memory_bytes // 1024**2} MiB " + ("SUCCEEDED" if allocated else "was refused"),
        ),
        *_hardening_checks(facts),
    ]


def _hardening_checks(facts):
    """The lines for what the sandbox's own walls refuse a submission (see CHECK_SOURCE's `hardening`)."""
    tmp, shm, _ = scratch_sizes(CAPPED)
    writable = facts["writable"]
    expected = {"/tmp": tmp, "/dev/shm": shm}
    return [
        Check("capabilities", facts["capabilities"] == 0, f"effective capabilities {facts['capabilities']:#x}"),
        Check("mount", not facts["mounted"], "mount and umount " + ("SUCCEEDED" if facts["mounted"] else "refused")),
        Check("keyring", not facts["keyring"], "add_key " + ("SUCCEEDED" if facts["keyring"] else "refused")),
        Check(
            "user namespaces",
            not facts["namespace"],
            "a nested user namespace " + ("WAS CREATED" if facts["namespace"] else "is refused"),
        ),
        Check(
            "parent's limits",
            not facts["parent"],
            "prlimit on the process that forks every submission " + ("SUCCEEDED" if facts["parent"] else "is refused"),
        ),
        Check(
            "writable",
            writable == expected,
            "only "
            + ", ".join(
                f"{point} ({size // 1024**2} MiB{'' if expected.get(point) == size else ', NOT EXPECTED'})"
                for point, size in sorted(writable.items())
            ),
        ),
    ]


def _must_be_hidden(per_folder=20):
    """What the course root and the home directories hold, besides the interpreter's own folders; the suites."""
    needed = interpreter_paths()
    paths = [str(path) for path in (PACKAGE / "suites", INSTALLED_COURSE) if path.exists()]
    homes = [path for path in ("/root", "/home", os.path.expanduser("~")) if os.path.isdir(path)]
    for folder in dict.fromkeys(hidden_paths() + homes):
        try:
            entries = sorted(os.scandir(folder), key=lambda entry: entry.name)
        except OSError:  # unreadable here (/root for an ordinary user): unreadable from the sandbox too
            continue
        paths += [
            entry.path
            for entry in entries
            if not any(inside(path, entry.path) or inside(entry.path, path) for path in needed)
        ][:per_folder]
    return paths


def _reference_check(assignment, limits):
    try:
        report = grade_notebook(course.source_notebook_path(assignment), limits)
    except EnvironmentFault as fault:
        return Check(f"reference {assignment}", False, str(fault))
    full = report["score"] == report["max_score"] > 0
    failed = [test["name"] for test in report["tests"] if test["points"] < test["max_points"]]
    return Check(
        f"reference {assignment}",
        full,
        f"{report['score']:g}/{report['max_score']:g}"
        + (f" (failed: {', '.join(failed)})" if failed else " through the sandbox"),
    )


def main(limits: Limits = Limits()) -> int:
    """Print each check as it completes; 0 if all pass, 1 otherwise."""
    ok = True
    for check in run_checks(limits):
        print(check.line(), flush=True)
        ok &= check.ok
    print("all checks passed" if ok else "some checks FAILED: the grader will refuse to grade until they pass")
    return 0 if ok else 1
