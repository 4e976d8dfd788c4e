"""The system-call filter every sandboxed process runs under, compiled with libseccomp for bubblewrap.

bubblewrap loads a compiled (classic BPF) filter from a file descriptor
(`--seccomp FD`) just before it starts the sandbox's program, and every
process of the sandbox inherits it. The filter allows everything but what
a submission never needs and an attacker wants, each refused with EPERM:

- the calls Docker's default profile refuses to a container (the anchor):
  mounts, namespaces, keyrings, ptrace and process_vm_*, bpf,
  perf_event_open, kernel modules, clocks, reboot, io_uring...;
- System V IPC and POSIX message queues: they live in the sandbox's IPC
  namespace, not in a folder the sweep empties, so they would outlive one
  submission and reach the next; and memfd_create, whose files hold memory
  that no limit counts until it is mapped;
- every way to act on a process by number that the submission did not
  start: signals to the sandbox's first two processes (bubblewrap's init,
  pid 1, and the zygote that forks every submission, pid 2) or to all
  processes (-1), resource limits, priority, scheduling and I/O priority
  of any process but the caller (`prlimit(os.getppid(), ...)` was how a
  submission changed the limits of every later one), pidfds.

libseccomp (libseccomp.so.2, on every Debian/Ubuntu system: systemd needs
it) is reached through ctypes: no compiled extension to install. Syscalls
from another architecture's ABI (i386 `int 0x80` on x86_64, x32) are killed
by libseccomp's architecture check.
"""

import ctypes
import ctypes.util
import errno
import functools
import os
import tempfile

SCMP_ACT_ALLOW = 0x7FFF0000
SCMP_ACT_ERRNO = 0x00050000
SCMP_CMP_NE, SCMP_CMP_EQ, SCMP_CMP_MASKED_EQ = 1, 4, 7
LOW_32_BITS = 0xFFFFFFFF
SANDBOX_INIT, ZYGOTE = 1, 2  # bubblewrap's pid-1 init and the first program it starts (grader.sandbox.harness.zygote)

REFUSED = (
    # Docker's default profile: administration, mounts, namespaces, kernel and clock.
    "acct",
    "add_key",
    "bpf",
    "chroot",
    "clock_adjtime",
    "clock_settime",
    "adjtimex",
    "settimeofday",
    "create_module",
    "delete_module",
    "finit_module",
    "init_module",
    "get_kernel_syms",
    "query_module",
    "fanotify_init",
    "iopl",
    "ioperm",
    "kcmp",
    "kexec_file_load",
    "kexec_load",
    "keyctl",
    "request_key",
    "lookup_dcookie",
    "mount",
    "umount2",
    "pivot_root",
    "move_mount",
    "open_tree",
    "fsopen",
    "fsconfig",
    "fsmount",
    "fspick",
    "mount_setattr",
    "name_to_handle_at",
    "open_by_handle_at",
    "nfsservctl",
    "perf_event_open",
    "process_vm_readv",
    "process_vm_writev",
    "process_madvise",
    "ptrace",
    "quotactl",
    "quotactl_fd",
    "reboot",
    "setns",
    "unshare",
    "swapon",
    "swapoff",
    "syslog",
    "sysfs",
    "uselib",
    "userfaultfd",
    "ustat",
    "vhangup",
    "io_uring_setup",
    "io_uring_enter",
    "io_uring_register",
    "mbind",
    "set_mempolicy",
    "migrate_pages",
    "move_pages",
    "memfd_secret",
    # Memory outside the address-space limit: a memfd's pages count only once mapped.
    "memfd_create",
    # State outside every swept folder: System V IPC and POSIX message queues.
    "shmget",
    "shmat",
    "shmdt",
    "shmctl",
    "msgget",
    "msgsnd",
    "msgrcv",
    "msgctl",
    "semget",
    "semop",
    "semtimedop",
    "semctl",
    "mq_open",
    "mq_unlink",
    "mq_timedsend",
    "mq_timedreceive",
    "mq_notify",
    "mq_getsetattr",
    # Acting on another process through a pidfd.
    "pidfd_open",
    "pidfd_send_signal",
    "pidfd_getfd",
)
# Calls refused when their first argument (a pid) is not 0, i.e. not the caller itself.
OWN_PROCESS_ONLY = ("prlimit64", "sched_setaffinity", "sched_setscheduler", "sched_setparam", "sched_setattr")
# Signals may not reach the sandbox's init, the zygote, their process groups or every process at once.
PROTECTED_PIDS = (SANDBOX_INIT, ZYGOTE, -1, -ZYGOTE)
SIGNALS = ("kill", "rt_sigqueueinfo")
THREAD_SIGNALS = ("tkill", "tgkill", "rt_tgsigqueueinfo")


class SeccompUnavailable(OSError):
    """libseccomp cannot be loaded or cannot build the filter here."""


class _Comparison(ctypes.Structure):
    """libseccomp's struct scmp_arg_cmp."""

    _fields_ = [
        ("arg", ctypes.c_uint),
        ("op", ctypes.c_int),
        ("datum_a", ctypes.c_uint64),
        ("datum_b", ctypes.c_uint64),
    ]


@functools.cache
def _library():
    name = ctypes.util.find_library("seccomp") or "libseccomp.so.2"
    try:
        library = ctypes.CDLL(name, use_errno=True)
    except OSError as error:
        raise SeccompUnavailable(f"libseccomp cannot be loaded ({error})") from None
    library.seccomp_init.restype = ctypes.c_void_p
    library.seccomp_init.argtypes = [ctypes.c_uint32]
    library.seccomp_release.argtypes = [ctypes.c_void_p]
    library.seccomp_syscall_resolve_name.argtypes = [ctypes.c_char_p]
    library.seccomp_rule_add_array.argtypes = [
        ctypes.c_void_p,
        ctypes.c_uint32,
        ctypes.c_int,
        ctypes.c_uint,
        ctypes.POINTER(_Comparison),
    ]
    library.seccomp_export_bpf.argtypes = [ctypes.c_void_p, ctypes.c_int]
    return library


def _add(library, context, name, *comparisons):
    """Refuse syscall `name` (with EPERM) when every comparison holds; a name this kernel lacks is skipped."""
    number = library.seccomp_syscall_resolve_name(name.encode())
    if number < 0:
        return
    array = (_Comparison * len(comparisons))(*comparisons) if comparisons else None
    result = library.seccomp_rule_add_array(context, SCMP_ACT_ERRNO | errno.EPERM, number, len(comparisons), array)
    if result < 0:
        raise SeccompUnavailable(f"libseccomp refused the rule for {name} ({os.strerror(-result)})")


def _pid_is(pid, arg=0):
    """The comparison `int argument == pid` on the argument's low 32 bits (a C int, sign-extended or not)."""
    return _Comparison(arg, SCMP_CMP_MASKED_EQ, LOW_32_BITS, pid & LOW_32_BITS)


@functools.cache
def filter_program():
    """The compiled filter (classic BPF, the bytes bubblewrap's --seccomp reads); SeccompUnavailable if it cannot."""
    library = _library()
    context = library.seccomp_init(SCMP_ACT_ALLOW)
    if not context:
        raise SeccompUnavailable("libseccomp could not start a filter")
    try:
        for name in REFUSED:
            _add(library, context, name)
        for name in OWN_PROCESS_ONLY:
            _add(library, context, name, _Comparison(0, SCMP_CMP_NE, 0, 0))
        _add(library, context, "setpriority", _Comparison(0, SCMP_CMP_NE, 0, 0))  # not PRIO_PROCESS
        _add(library, context, "setpriority", _Comparison(1, SCMP_CMP_NE, 0, 0))  # not the caller
        _add(library, context, "ioprio_set", _Comparison(1, SCMP_CMP_NE, 0, 0))
        for pid in PROTECTED_PIDS:
            for name in SIGNALS:
                _add(library, context, name, _pid_is(pid))
            for name in THREAD_SIGNALS:
                if pid > 0:
                    _add(library, context, name, _pid_is(pid))
        with tempfile.TemporaryFile() as program:
            result = library.seccomp_export_bpf(context, program.fileno())
            if result < 0:
                raise SeccompUnavailable(f"libseccomp could not export the filter ({os.strerror(-result)})")
            program.seek(0)
            return program.read()
    finally:
        library.seccomp_release(context)


def program_file():
    """A fresh file, positioned at its start, holding the compiled filter: bubblewrap reads it from its fd."""
    program = tempfile.TemporaryFile()
    program.write(filter_program())
    program.seek(0)
    return program
