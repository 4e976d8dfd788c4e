"""The sandbox side of the grader: runs a submission's cells and answers calls.

This file is both a module of the grader (its encoding and call-checking
functions are shared with the in-kernel transport) and, unchanged, the whole
program that runs inside the sandbox with ``python -I -c <this source>``.
It therefore imports nothing but the standard library and NumPy.

Protocol: each message is a 4-byte big-endian length followed by that many
bytes of JSON (`frame` and `frame_length`: the one definition of the format,
which grader.sandbox.channel uses on the grader's side). Arrays of numbers
travel as their dtype (a string such as "<f8"), their shape and their raw
bytes in base64, read back with ``np.frombuffer`` for numeric dtypes only
(what ``.npy`` with ``allow_pickle=False`` allows, without its header
parser, the slowest step of a call); anything that is not plain data stays
in the sandbox and travels as a handle. Nothing is ever pickled.
"""

import base64
import json
import os
import signal
import struct
import sys
import warnings

import numpy as np

NUMERIC = "biufc"  # the dtype kinds that travel: booleans, integers, floats, complex
FRAME_HEADER = struct.Struct(">I")  # a message's length in bytes, before its JSON


def frame(message):
    """A message (plain data) as it travels: its length in FRAME_HEADER, then its JSON."""
    data = json.dumps(message).encode()
    return FRAME_HEADER.pack(len(data)) + data


def frame_length(header):
    """How many bytes of JSON a frame's header (FRAME_HEADER.size bytes) announces."""
    (size,) = FRAME_HEADER.unpack(header)
    return size


class CallTimeout(BaseException):
    """Raised inside the sandbox when a cell or a call runs past its time limit."""


def _sin(x):
    return np.sin(x)


def _exp_half(x):
    return np.exp(0.5 * x)


def _cube(x):
    return x**3


def _triple(x):
    return 3.0 * x


# The functions the grader may hand a submission (numerical_grad's f, say), by name: no source travels.
FUNCTIONS = {"sin": _sin, "exp_half": _exp_half, "cube": _cube, "triple": _triple}


class Function:
    """One of FUNCTIONS, by name, for the submission to call: Function("sin") arrives as x -> np.sin(x)."""

    def __init__(self, name):
        if name not in FUNCTIONS:
            raise ValueError(f"no function {name!r} in harness.FUNCTIONS")
        self.name = name


class Generator:
    """A fresh NumPy generator for the submission to draw from: Generator(seed) arrives as
    np.random.default_rng(seed)."""

    def __init__(self, seed):
        self.seed = int(seed)


class Handle:
    """An opaque reference to an object that stays inside the sandbox."""

    def __init__(self, number):
        self.number = number

    def __repr__(self):
        return f"<object kept in the sandbox #{self.number}>"


def encode(value, handles):
    """Turn value into JSON-ready plain data; what is not plain data becomes a handle in `handles`."""
    if value is None or type(value) in (bool, str):
        return value
    if isinstance(value, int):  # bool has no subclasses, so only ints (and int subclasses) get here
        return {"__int__": str(int(value))}
    if isinstance(value, float):
        return {"__float__": float.__repr__(float(value))}
    if isinstance(value, (np.ndarray, np.generic)) and np.asarray(value).dtype.kind in NUMERIC:
        array = np.asarray(value)
        return {
            "__ndarray__": base64.b64encode(array.tobytes()).decode("ascii"),
            "dtype": array.dtype.str,
            "shape": list(array.shape),
            "__scalar__": isinstance(value, np.generic),
        }
    if type(value) is dict and all(type(key) is str for key in value):
        return {"__dict__": {key: encode(item, handles) for key, item in value.items()}}
    if type(value) in (tuple, list):
        return {"__" + type(value).__name__ + "__": [encode(item, handles) for item in value]}
    if isinstance(value, Handle):
        return {"__handle__": value.number}
    if isinstance(value, Function):
        return {"__function__": value.name}
    if isinstance(value, Generator):
        return {"__rng__": value.seed}
    handles.append(value)
    return {"__handle__": len(handles) - 1}


def decode_request(data, handles):
    """Inverse of encode, for what the grader sends to the submission's process: it runs there (or in the
    kernel, under stock nbgrader), where handles resolve to their objects, a Function's name to one of
    FUNCTIONS and a Generator's seed to a generator: nothing in it is evaluated. The grader never decodes a
    reply with it: see grader.sandbox.replies."""
    if not isinstance(data, dict):
        return data
    if "__int__" in data:
        return int(data["__int__"])
    if "__float__" in data:
        return float(data["__float__"])
    if "__ndarray__" in data:
        return _decode_array(data)
    if "__tuple__" in data:
        return tuple(decode_request(item, handles) for item in data["__tuple__"])
    if "__dict__" in data:
        return {key: decode_request(item, handles) for key, item in data["__dict__"].items()}
    if "__list__" in data:
        return [decode_request(item, handles) for item in data["__list__"]]
    if "__handle__" in data:
        number = data["__handle__"]
        if not 0 <= number < len(handles):
            raise LookupError("unknown handle")
        return handles[number]
    if "__function__" in data:
        name = data["__function__"]
        if not isinstance(name, str) or name not in FUNCTIONS:
            raise ValueError("unknown function")
        return FUNCTIONS[name]
    if "__rng__" in data:
        seed = data["__rng__"]
        if type(seed) is not int:
            raise ValueError("not a seed")
        return np.random.default_rng(seed)
    raise ValueError("unknown encoding")


def _decode_array(data):
    """The array `encode` described: a fresh, writable array of a numeric dtype (ValueError for anything else)."""
    dtype = np.dtype(str(data["dtype"]))
    if dtype.kind not in NUMERIC or dtype.hasobject:
        raise ValueError("not an array of numbers")
    shape = tuple(int(size) for size in data["shape"])
    array = np.frombuffer(bytearray(base64.b64decode(data["__ndarray__"])), dtype=dtype).reshape(shape)
    return array[()] if data.get("__scalar__") else array


def _arrays_in(values):
    """Every ndarray among values, looking inside tuples and lists."""
    for value in values:
        if isinstance(value, np.ndarray):
            yield value
        elif isinstance(value, (tuple, list)):
            yield from _arrays_in(value)


def _builtin_name(cls, default):
    """The name of the nearest class in `cls`'s ancestry that Python itself defines: never one the submission chose."""
    import builtins

    return next((base.__name__ for base in cls.__mro__ if getattr(builtins, base.__name__, None) is base), default)


def error_name(error):
    """The name of the nearest built-in class of an exception."""
    return _builtin_name(type(error), "BaseException")


# What a warning may say in a reply: its built-in category and, for NumPy's floating-point warnings, the kind.
WARNING_KINDS = ("overflow", "invalid value", "divide by zero")


def warning_token(caught):
    """A caught warning as grader-worded text: "RuntimeWarning: overflow", say; never its own message."""
    category = _builtin_name(caught.category, "Warning")
    kind = next((kind for kind in WARNING_KINDS if str(caught.message).startswith(kind)), None)
    return f"{category}: {kind}" if kind else category


def call_and_check(function, args, kwargs, handles):
    """Call function(*args, **kwargs) and report what happened as a plain-data reply.

    The reply says whether the call raised (and the exception's type only:
    its message may echo a hidden input), which warnings it issued, whether
    it modified an array argument in place, and whether its result is one of
    its arguments.
    """
    inputs = list(_arrays_in(list(args) + list(kwargs.values())))
    before = [array.copy() for array in inputs]
    with (
        warnings.catch_warnings(record=True) as caught,
        np.errstate(over="warn", invalid="warn", divide="warn", under="ignore"),
    ):
        warnings.simplefilter("always")
        try:
            result = function(*args, **kwargs)
        except CallTimeout:
            return {"status": "timeout"}
        except Exception as error:  # the student's error, reported by type
            return {"status": "error", "error_type": error_name(error)}
    mutated = any(
        after.shape != old.shape or not np.array_equal(after, old, equal_nan=after.dtype.kind in "fc")
        for after, old in zip(inputs, before, strict=True)
    )
    aliased = any(
        result is array or (isinstance(result, np.ndarray) and np.shares_memory(result, array)) for array in inputs
    )
    return {
        "status": "ok",
        "result": encode(result, handles),
        "warnings": sorted({warning_token(w) for w in caught}),
        "mutated": bool(mutated),
        "aliased": bool(aliased),
    }


# ----------------------------------------------------------------------
# The sandbox program: everything below runs only inside the sandbox.


def _read_message(stream):
    header = stream.read(FRAME_HEADER.size)
    if len(header) < FRAME_HEADER.size:
        return None
    return json.loads(stream.read(frame_length(header)))


def _write_message(stream, message):
    stream.write(frame(message))
    stream.flush()


def _on_alarm(signum, frame):
    raise CallTimeout()


def _run_with_alarm(seconds, action):
    """Run action() with an alarm after `seconds`; the parent's wall clock is the backstop."""
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        return action()
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)


def _exec_cell(namespace, source, timeout):
    try:
        code = compile(source, "<cell>", "exec")
        _run_with_alarm(timeout, lambda: exec(code, namespace))
    except CallTimeout:
        return {"error": "timeout"}
    except BaseException as error:  # SystemExit and KeyboardInterrupt included: the cell failed
        return {"error": error_name(error)}
    return {"error": None}


def _answer(namespace, handles, request):
    if request["op"] == "exec":
        return _exec_cell(namespace, request["source"], request["timeout"])
    if request["op"] == "call":
        function = namespace.get(request["name"])
        if not callable(function):
            return {"status": "missing"}
        try:
            args = [decode_request(item, handles) for item in request["args"]]
            kwargs = {key: decode_request(item, handles) for key, item in request["kwargs"].items()}
        except LookupError:
            return {"status": "error", "error_type": "StaleHandle"}
        try:
            return _run_with_alarm(request["timeout"], lambda: call_and_check(function, args, kwargs, handles))
        except CallTimeout:
            return {"status": "timeout"}
    return {"status": "error", "error_type": "UnknownRequest"}


def serve(channel_fd):
    """Answer requests on the channel until it closes. Student output goes to /dev/null."""
    requests = os.fdopen(os.dup(channel_fd), "rb")
    replies = os.fdopen(os.dup(channel_fd), "wb")
    os.close(channel_fd)
    signal.signal(signal.SIGALRM, _on_alarm)
    namespace = {"__name__": "__main__"}
    handles = []
    _write_message(replies, {"id": 0, "ready": True})  # a fresh process: no student code ran in it yet
    while True:
        request = _read_message(requests)
        if request is None:
            return
        cell = request.get("op") == "exec"
        try:
            reply = _answer(namespace, handles, request)
        except CallTimeout:
            reply = {"error": "timeout"} if cell else {"status": "timeout"}
        except BaseException:  # a reply that cannot be encoded, say
            reply = {"error": "HarnessError"} if cell else {"status": "error", "error_type": "HarnessError"}
        _write_message(replies, {**reply, "id": request.get("id")})


# ----------------------------------------------------------------------
# The zygote: one per sandbox, it never runs student code. It imports the
# heavy modules once, then on each "fork" request forks a fresh child that
# serves one submission over the socket that came with the request; on
# "sweep" it kills every other process of the sandbox and empties the
# writable folders, so nothing passes from one submission to the next.

WRITABLE = ("/tmp", "/dev/shm")


def _undumpable():
    """No other process of the same user may read or write this one's memory (/proc/PID/mem, ptrace)."""
    import ctypes

    ctypes.CDLL(None).prctl(4, 0, 0, 0, 0)  # PR_SET_DUMPABLE = 4


def _others(isolated, child):
    """The processes a sweep kills: all but pid 1 and this one (in the sandbox's own pid namespace),
    or only the child's process group (without isolation, where /proc shows the whole machine)."""
    if not isolated:
        return [-child] if child else []
    me = os.getpid()
    return [int(name) for name in os.listdir("/proc") if name.isdigit() and int(name) not in (1, me)]


def _sweep(isolated, child, scratch, keep, devices):
    """Kill what the last submission left running and empty its folders; whether it all went."""
    import time

    for _ in range(200):
        victims = _others(isolated, child)
        for pid in victims:
            try:
                os.kill(pid, signal.SIGKILL)
            except (ProcessLookupError, PermissionError):
                pass
        try:
            while os.waitpid(-1, os.WNOHANG)[0]:
                pass
        except ChildProcessError:
            pass
        if not victims or (not isolated and not _group_alive(child)):
            break
        time.sleep(0.005)
    else:
        return False
    try:
        folders = WRITABLE if isolated else (scratch,)
        return all([_wipe(folder, keep, devices[folder]) for folder in folders]) and not _ipc_objects()
    except Exception:  # a tree too deep to walk, say: the grader replaces this sandbox
        return False


def _sandbox_mounts():
    """The sandbox's own mount points inside the writable folders, and the folders that lead to them.

    bubblewrap makes them (a venv under /tmp bound back read-only, say):
    a sweep keeps them and empties whatever in them is writable.
    """
    points = set()
    for _, point in _mounts():
        if any(point.startswith(folder + os.sep) for folder in WRITABLE):
            points.add(point)
    keep = set(points)
    for point in points:
        parent = os.path.dirname(point)
        while parent not in WRITABLE and parent != os.sep:
            keep.add(parent)
            parent = os.path.dirname(parent)
    return frozenset(keep)


def _mounts():
    """The sandbox's mounts as (mount id, mount point): a submission cannot change them; if they changed, it did."""
    with open("/proc/self/mountinfo") as mountinfo:
        return frozenset(
            (line.split()[0], os.path.normpath(line.split()[4].encode().decode("unicode_escape"))) for line in mountinfo
        )


def _ipc_objects():
    """How many System V IPC objects exist in the sandbox's IPC namespace (the filter refuses creating any)."""
    count = 0
    for kind in ("shm", "msg", "sem"):
        try:
            with open(f"/proc/sysvipc/{kind}") as table:
                count += len(table.readlines()[1:])
        except OSError:
            pass
    return count


def _own_state():
    """What every forked child inherits from the zygote and a submission might try to change from outside:
    resource limits, priority, scheduling policy and CPU affinity. If it changed, the zygote was tampered with."""
    import resource

    return (
        {name: resource.getrlimit(getattr(resource, name)) for name in dir(resource) if name.startswith("RLIMIT_")},
        os.getpriority(os.PRIO_PROCESS, 0),
        os.sched_getscheduler(0),
        sorted(os.sched_getaffinity(0)),
    )


def _wipe(folder, keep, device):
    """Remove everything in `folder` but the sandbox's own mounts, never leaving the file system `folder`
    had at start (`device`); whether nothing else is left."""
    if os.lstat(folder).st_dev != device:
        return False  # not the scratch folder the sandbox started with: touch nothing
    clean = True
    for entry in os.listdir(folder):
        path = os.path.join(folder, entry)
        if path in keep:
            if os.access(path, os.W_OK) and not os.path.islink(path):  # a writable mount, or a folder on the way
                clean &= _wipe(path, keep, os.lstat(path).st_dev)
            continue
        clean &= _remove(path, device)
    return clean


def _remove(path, device):
    """Delete `path` and what is below it, on file system `device` only; whether it is gone."""
    import stat

    info = os.lstat(path)
    if info.st_dev != device:
        return False  # a mount the sandbox did not make: never descend into it
    if stat.S_ISDIR(info.st_mode):
        for entry in os.listdir(path):
            _remove(os.path.join(path, entry), device)
        remove = os.rmdir
    else:
        remove = os.unlink
    try:
        remove(path)
    except OSError:
        pass
    return not os.path.lexists(path)


def _group_alive(child):
    try:
        os.killpg(child, 0)
        return True
    except (ProcessLookupError, PermissionError):
        return False


def zygote(control_fd, isolated, preload):
    """Import `preload`, then fork one fresh child per "fork" request; "sweep" cleans up after it."""
    import importlib
    import socket

    control = socket.socket(fileno=control_fd)
    devnull = os.open(os.devnull, os.O_RDWR)
    for name in preload:
        try:
            importlib.import_module(name)
        except Exception:
            pass  # the start-up probe names what cannot be imported
    for fd in (0, 1, 2):
        os.dup2(devnull, fd)
    if isolated:
        _undumpable()
    scratch = os.getcwd()
    keep = _sandbox_mounts() if isolated else frozenset()
    devices = {folder: os.lstat(folder).st_dev for folder in (WRITABLE if isolated else (scratch,))}
    mounts = _mounts() if isolated else None
    state = _own_state()
    child = 0
    control.sendall(frame({"id": 0, "ready": True}))
    while True:
        message, fds = _receive_with_fds(control)
        if message is None:
            return
        reply = {"id": message.get("id")}
        if message.get("op") == "fork" and len(fds) == 1:
            child = os.fork()
            if child == 0:
                control.close()
                os.setsid()
                sys.setrecursionlimit(10000)
                try:
                    serve(fds[0])
                finally:
                    os._exit(0)
            reply["forked"] = True
        elif message.get("op") == "sweep":
            reply["clean"] = _sweep(isolated, child, scratch, keep, devices)
            reply["tampered"] = _own_state() != state or (isolated and _mounts() != mounts)
            child = 0
        for fd in fds:  # the child has its own copy of the channel; none of them stays open here
            os.close(fd)
        control.sendall(frame(reply))


def _receive_with_fds(sock):
    """One message and the file descriptors that came with it; (None, []) when the grader hangs up."""
    import socket

    header, fds, _, _ = socket.recv_fds(sock, FRAME_HEADER.size, 4)
    if len(header) < FRAME_HEADER.size:
        return None, fds
    size = frame_length(header)
    data = b""
    while len(data) < size:
        chunk = sock.recv(size - len(data))
        if not chunk:
            return None, fds
        data += chunk
    return json.loads(data), fds


if __name__ == "__main__":
    zygote(int(sys.argv[1]), sys.argv[2] == "isolated", sys.argv[3:])
