"""An outer throwaway sandbox for the tests that attack the grader: a hole fails a test, never the machine.

The grader under attack runs inside bubblewrap of its own: the machine
read-only, a private /tmp that holds only the test's folder (bound in
writable), its own IPC and network namespaces, killed with the test. (It
shares the machine's /proc and pids: bubblewrap inside it must write the
uid maps of its children there, which a private, nested /proc refuses.)
As "nobody" it also runs in a user namespace of its own as uid 65534 (the
grader's unprivileged path: bubblewrap without root), as root it keeps
root's powers (the path CI, Docker images and JupyterHub admins take).
"""

import os
import pathlib
import subprocess
import sys

USERS = ("root", "nobody")
CGROUPS = "/sys/fs/cgroup"
ROOT = pathlib.Path(__file__).resolve().parent.parent


def command(inner, work, user="root", share_network=False, read_only=()):
    """`inner` (a command line) run in the outer sandbox as `user`, with `work` writable (and the machine's
    network only with `share_network`: a test that the inner sandbox has none must not be masked), but for
    the files in `read_only`."""
    outer = ["bwrap", "--ro-bind", "/", "/"]
    if user == "root" and os.path.isdir(CGROUPS):
        outer += ["--bind", CGROUPS, CGROUPS]  # root's grader caps each sandbox's processes there
    outer += ["--dev-bind", "/dev", "/dev", "--bind", "/proc", "/proc", "--tmpfs", "/tmp"]
    for path in _under_tmp():  # a course or a venv under /tmp (a CI clone, say), read-only as the rest
        outer += ["--ro-bind", path, path]
    outer += [
        "--bind",
        str(work),
        str(work),
        *(item for path in read_only for item in ("--ro-bind", path, path)),
        "--unshare-ipc",
        *([] if share_network else ["--unshare-net"]),
        "--die-with-parent",
        "--chdir",
        str(work),
    ]
    if user == "nobody":
        outer = ["unshare", "--user", "--map-user=65534", "--map-group=65534", *outer]
    return [*outer, *inner]


def _under_tmp():
    """The course root and the interpreter's folders that lie under /tmp, which the outer sandbox replaces."""
    folders = {os.path.realpath(path) for path in (ROOT, sys.prefix, sys.base_prefix, sys.exec_prefix)}
    return sorted(path for path in folders if path.startswith("/tmp/"))


def run(inner, work, user="root", timeout=300, share_network=False, read_only=(), **kwargs):
    """subprocess.run of `inner` in the outer sandbox; its output captured as text."""
    return subprocess.run(
        command(inner, work, user, share_network, read_only), capture_output=True, text=True, timeout=timeout, **kwargs
    )


def as_real_nobody(inner):
    """`inner` as the real uid 65534 (no user namespace, no capability) where the tests run as root, else as is;
    /root replaced by a folder nobody may list (as Debian's 0700 /root is) through which the interpreter's
    folders there (a pyenv, say) stay reachable."""
    if os.getuid() != 0:
        return list(inner)
    under_root = sorted(
        {
            "/root/" + path.split("/")[2]
            for path in map(os.path.realpath, (sys.prefix, sys.base_prefix, str(ROOT)))
            if path.startswith("/root/")
        }
    )  # the folder under /root that holds it (~/.pyenv, say)
    return [
        "bwrap",
        "--dev-bind",
        "/",
        "/",
        "--perms",
        "0711",
        "--tmpfs",
        "/root",
        *(item for path in under_root for item in ("--ro-bind", path, path)),
        "--die-with-parent",
        "--",
        "setpriv",
        "--reuid=65534",
        "--regid=65534",
        "--clear-groups",
        "--inh-caps=-all",
        "--bounding-set=-all",
        *inner,
    ]
