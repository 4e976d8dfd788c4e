"""`python -m grader doctor`: check, one line each, what grading depends on here.

Every check runs through the same sandbox the students get (with smaller
limits where a limit itself is being checked), so a line that says ok is
one the grader relies on, measured on this machine, now.
"""

import dataclasses
import os
import socket

from grader import course
from grader.course import INSTALLED_COURSE, PACKAGE
from grader.grade import grade_notebook
from grader.probe import call, check_environment
from grader.sandbox import (COURSE_ROOT, EnvironmentFault, Limits, SandboxDied, hidden_paths, inside, interpreter,
                            interpreter_paths, isolation_problem, open_sandbox)

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
'''
CAPPED = Limits(processes=8, memory_bytes=512 * 1024**2)
SECONDS = 30.0


@dataclasses.dataclass
class Check:
    """One line of the doctor's report."""

    name: str
    ok: bool
    detail: str

    def line(self):
        return f"{'ok  ' if self.ok else 'FAIL'}  {self.name}: {self.detail}"


def run_checks(limits=Limits()):
    """Yield every check in order, each a Check; after a failed isolation or interpreter check nothing else can run."""
    problem = isolation_problem()
    yield Check("isolation", not problem, problem or "bubblewrap creates its namespaces")
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
    """Network, hidden folders, process cap and memory cap, from inside one capped sandbox."""
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
        except (SandboxDied, EnvironmentFault) as error:
            return [Check("sandbox checks", False, f"the checks could not run in the sandbox ({error})")]
        finally:
            if sandbox is not None:
                sandbox.close()
    return [
        Check("network", not reached, "a listener on the grader's 127.0.0.1 is "
              + ("REACHABLE from inside" if reached else "unreachable from inside")),
        Check("hidden", not seen, f"{', '.join(seen)} visible inside" if seen
              else f"course root {COURSE_ROOT}, the hidden suites and home directories hidden"),
        Check("process cap", started < CAPPED.processes,
              f"{started} of {3 * CAPPED.processes} forks succeeded under a cap of {CAPPED.processes}"),
        Check("memory cap", not allocated, f"allocating {2 * CAPPED.memory_bytes // 1024**2} MiB under a cap of "
              f"{CAPPED.memory_bytes // 1024**2} MiB " + ("SUCCEEDED" if allocated else "was refused")),
    ]


def _must_be_hidden(per_folder=20):
    """What the course root and the home directories hold, besides the interpreter's own folders; the suites."""
    needed = interpreter_paths()
    paths = [str(path) for path in (PACKAGE / "suites", INSTALLED_COURSE) if path.exists()]
    for folder in hidden_paths()[1:]:
        entries = sorted(os.scandir(folder), key=lambda entry: entry.name)
        paths += [entry.path for entry in entries
                  if not any(inside(path, entry.path) or inside(entry.path, path) for path in needed)][:per_folder]
    return paths


def _reference_check(assignment, limits):
    try:
        report = grade_notebook(course.source_notebook_path(assignment), limits)
    except EnvironmentFault as fault:
        return Check(f"reference {assignment}", False, str(fault))
    full = report["score"] == report["max_score"] > 0
    failed = [test["name"] for test in report["tests"] if test["points"] < test["max_points"]]
    return Check(f"reference {assignment}", full, f"{report['score']:g}/{report['max_score']:g}"
                 + (f" (failed: {', '.join(failed)})" if failed else " through the sandbox"))


def main(limits=Limits()):
    """Print each check as it completes; 0 if all pass, 1 otherwise."""
    ok = True
    for check in run_checks(limits):
        print(check.line(), flush=True)
        ok &= check.ok
    print("all checks passed" if ok else "some checks FAILED: the grader will refuse to grade until they pass")
    return 0 if ok else 1
