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

import subprocess

USERS = ("root", "nobody")


def command(inner, work, user="root"):
    """`inner` (a command line) run in the outer sandbox as `user`, with `work` writable."""
    outer = ["bwrap", "--ro-bind", "/", "/", "--dev-bind", "/dev", "/dev", "--bind", "/proc", "/proc",
             "--tmpfs", "/tmp", "--bind", str(work), str(work), "--unshare-ipc", "--unshare-net",
             "--die-with-parent", "--chdir", str(work)]
    if user == "nobody":
        outer = ["unshare", "--user", "--map-user=65534", "--map-group=65534", *outer]
    return [*outer, *inner]


def run(inner, work, user="root", timeout=300, **kwargs):
    """subprocess.run of `inner` in the outer sandbox; its output captured as text."""
    return subprocess.run(command(inner, work, user), capture_output=True, text=True, timeout=timeout, **kwargs)
