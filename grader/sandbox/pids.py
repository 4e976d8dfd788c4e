"""A cap on the number of processes of one sandbox, which a fork bomb cannot escape.

RLIMIT_NPROC counts per user and does not apply to root, so where the
grader runs as root it is no defence. A cgroup with `pids.max` is: every
process the submission starts joins it, and the kernel refuses a fork past
the cap. The pids controller is found at the cgroup-v1 mount
(/sys/fs/cgroup/pids) or a cgroup-v2 hierarchy that offers it; where
neither is writable, `PidsCgroup.create` returns None and the caller falls
back to RLIMIT_NPROC.
"""

import itertools
import os
import pathlib
import signal
import time

_counter = itertools.count()


def _own_cgroups():
    """Where this process's pids cgroup is, for v1 and v2: new cgroups nest inside it, so outer limits hold."""
    candidates = []
    for line in _read(pathlib.Path("/proc/self/cgroup")).splitlines():
        _, controllers, path = line.split(":", 2)
        if "pids" in controllers.split(","):
            candidates.append(pathlib.Path("/sys/fs/cgroup/pids") / path.lstrip("/"))
        elif controllers == "":
            candidates.append(pathlib.Path("/sys/fs/cgroup") / path.lstrip("/"))
    return candidates


class PidsCgroup:
    """One cgroup limited to `limit` processes; `join()` runs in the child before exec."""

    def __init__(self, path):
        self.path = path

    @classmethod
    def create(cls, limit):
        for base in _own_cgroups():
            if not (base / "cgroup.procs").exists():
                continue
            if "pids" not in str(base) and "pids" not in _read(base / "cgroup.subtree_control"):
                continue
            _remove_stale(base)
            path = base / f"grader-{os.getpid()}-{next(_counter)}"
            try:
                path.mkdir()
                (path / "pids.max").write_text(str(limit))
                return cls(path)
            except OSError:
                _remove(path)
        return None

    def join(self):
        """Move the calling process into the cgroup (call it in the child, before exec)."""
        with open(self.path / "cgroup.procs", "w") as procs:
            procs.write(str(os.getpid()))

    def kill_and_remove(self):
        """Kill every process left in the cgroup, then remove it."""
        for _ in range(50):
            pids = [int(pid) for pid in _read(self.path / "cgroup.procs").split()]
            if not pids:
                break
            for pid in pids:
                try:
                    os.kill(pid, signal.SIGKILL)
                except ProcessLookupError:
                    pass
            time.sleep(0.02)
        _remove(self.path)


def _remove_stale(base):
    """Remove empty cgroups left by graders that were killed (kill -9 leaves no chance to clean up)."""
    for path in base.glob("grader-*-*"):
        owner = path.name.split("-")[1]
        if owner.isdigit() and not pathlib.Path(f"/proc/{owner}").exists() and not _read(path / "cgroup.procs"):
            _remove(path)


def _read(path):
    try:
        return path.read_text()
    except OSError:
        return ""


def _remove(path):
    for _ in range(50):
        try:
            path.rmdir()
            return
        except FileNotFoundError:
            return
        except OSError:
            time.sleep(0.02)
