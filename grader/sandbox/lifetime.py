"""No process of the grader outlives the one that started it, even after `kill -9`.

A batch's pool workers and every sandbox's first process ask the kernel
(prctl PR_SET_PDEATHSIG) to be killed when their parent dies: a killed
`autograde` leaves no worker grading on, and no zygote holding memory, for
minutes (bubblewrap's --die-with-parent does the same for what runs inside
it). The kernel sends the signal when the thread that started the process
exits: the grader starts them from its main thread.
"""

import ctypes
import os
import signal

PR_SET_PDEATHSIG = 1
_LIBC = ctypes.CDLL(None, use_errno=True)  # loaded here, not in a child between fork and exec


def die_with_parent(parent=None):
    """Have this process killed when its parent dies; if `parent` (its pid) has already died, exit now."""
    _LIBC.prctl(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
    if parent is not None and os.getppid() != parent:  # it died before the request was made: nobody will kill us
        os._exit(1)
