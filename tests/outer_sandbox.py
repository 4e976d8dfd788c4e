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
import subprocess

USERS = ("root", "nobody")
CGROUPS = "/sys/fs/cgroup"


def command(inner, work, user="root", share_network=False):
    """`inner` (a command line) run in the outer sandbox as `user`, with `work` writable (and the machine's
    network only with `share_network`: a test that the inner sandbox has none must not be masked)."""
    outer = ["bwrap", "--ro-bind", "/", "/", "--dev-bind", "/dev", "/dev", "--bind", "/proc", "/proc",
             "--tmpfs", "/tmp", "--bind", str(work), str(work), "--unshare-ipc",
             *([] if share_network else ["--unshare-net"]), "--die-with-parent", "--chdir", str(work)]
    if user == "nobody":
        outer = ["unshare", "--user", "--map-user=65534", "--map-group=65534", *outer]
    elif os.path.isdir(CGROUPS):
        outer[4:4] = ["--bind", CGROUPS, CGROUPS]  # after "/": root's grader caps each sandbox's processes there
    return [*outer, *inner]


def run(inner, work, user="root", timeout=300, share_network=False, **kwargs):
    """subprocess.run of `inner` in the outer sandbox; its output captured as text."""
    return subprocess.run(command(inner, work, user, share_network), capture_output=True, text=True,
                          timeout=timeout, **kwargs)
