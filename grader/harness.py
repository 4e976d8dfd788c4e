"""The sandbox side of the grader: runs a submission's cells and answers calls.

This file is both a module of the grader (its encoding and call-checking
functions are shared with the in-kernel transport) and, unchanged, the whole
program that runs inside the sandbox with ``python -I -c <this source>``.
It therefore imports nothing but the standard library and NumPy.

Protocol: each message is a 4-byte big-endian length followed by that many
bytes of JSON. Arrays travel as base64 ``.npy`` bytes read back with
``allow_pickle=False``; anything that is not plain data stays in the
sandbox and travels as a handle. Nothing is ever pickled.
"""

import base64
import io
import json
import os
import signal
import struct
import sys
import traceback
import warnings

import numpy as np

MAX_MESSAGE_BYTES = 256 * 1024 * 1024


class CallTimeout(BaseException):
    """Raised inside the sandbox when a cell or a call runs past its time limit."""


class Lambda:
    """Grader-written source of a function for the submission to call, e.g. "lambda x: np.sin(x)"."""

    def __init__(self, source):
        self.source = source


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
    if isinstance(value, (np.ndarray, np.generic)) and np.asarray(value).dtype.kind in "biufc":
        buffer = io.BytesIO()
        np.save(buffer, np.array(value, copy=True), allow_pickle=False)
        return {"__ndarray__": base64.b64encode(buffer.getvalue()).decode("ascii"),
                "__scalar__": isinstance(value, np.generic)}
    if type(value) is dict and all(type(key) is str for key in value):
        return {"__dict__": {key: encode(item, handles) for key, item in value.items()}}
    if type(value) in (tuple, list):
        return {"__" + type(value).__name__ + "__": [encode(item, handles) for item in value]}
    if isinstance(value, Handle):
        return {"__handle__": value.number}
    if isinstance(value, Lambda):
        return {"__lambda__": value.source}
    handles.append(value)
    return {"__handle__": len(handles) - 1}


def decode(data, handles=None):
    """Inverse of encode. With `handles` (inside the sandbox) handles resolve to their objects."""
    if not isinstance(data, dict):
        return data
    if "__int__" in data:
        return int(data["__int__"])
    if "__float__" in data:
        return float(data["__float__"])
    if "__ndarray__" in data:
        raw = base64.b64decode(data["__ndarray__"])
        array = np.load(io.BytesIO(raw), allow_pickle=False)
        return array[()] if data.get("__scalar__") else array
    if "__tuple__" in data:
        return tuple(decode(item, handles) for item in data["__tuple__"])
    if "__dict__" in data:
        return {key: decode(item, handles) for key, item in data["__dict__"].items()}
    if "__list__" in data:
        return [decode(item, handles) for item in data["__list__"]]
    if "__handle__" in data:
        number = data["__handle__"]
        if handles is None:
            return Handle(number)
        if not 0 <= number < len(handles):
            raise LookupError("unknown handle")
        return handles[number]
    if "__lambda__" in data:
        return eval(data["__lambda__"], {"np": np, "__builtins__": {}})  # grader-written source only
    raise ValueError("unknown encoding")


def _arrays_in(values):
    """Every ndarray among values, looking inside tuples and lists."""
    for value in values:
        if isinstance(value, np.ndarray):
            yield value
        elif isinstance(value, (tuple, list)):
            yield from _arrays_in(value)


def call_and_check(function, args, kwargs, handles):
    """Call function(*args, **kwargs) and report what happened as a plain-data reply.

    The reply says whether the call raised (and the exception's type only:
    its message may echo a hidden input), which warnings it issued, whether
    it modified an array argument in place, and whether its result is one of
    its arguments.
    """
    inputs = list(_arrays_in(list(args) + list(kwargs.values())))
    before = [array.copy() for array in inputs]
    with warnings.catch_warnings(record=True) as caught, np.errstate(
            over="warn", invalid="warn", divide="warn", under="ignore"):
        warnings.simplefilter("always")
        try:
            result = function(*args, **kwargs)
        except CallTimeout:
            return {"status": "timeout"}
        except Exception as error:  # the student's error, reported by type
            return {"status": "error", "error_type": type(error).__name__}
    mutated = any(
        after.shape != old.shape or not np.array_equal(after, old, equal_nan=after.dtype.kind in "fc")
        for after, old in zip(inputs, before))
    aliased = any(result is array or (isinstance(result, np.ndarray) and np.shares_memory(result, array))
                  for array in inputs)
    return {
        "status": "ok",
        "result": encode(result, handles),
        "warnings": sorted({f"{w.category.__name__}: {w.message}" for w in caught}),
        "mutated": bool(mutated),
        "aliased": bool(aliased),
    }


# ----------------------------------------------------------------------
# The sandbox program: everything below runs only inside the sandbox.

def _read_message(stream):
    header = stream.read(4)
    if len(header) < 4:
        return None
    (size,) = struct.unpack(">I", header)
    return json.loads(stream.read(size))


def _write_message(stream, message):
    data = json.dumps(message).encode()
    stream.write(struct.pack(">I", len(data)) + data)
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
        return {"error": type(error).__name__}
    return {"error": None}


def _answer(namespace, handles, request):
    if request["op"] == "exec":
        return _exec_cell(namespace, request["source"], request["timeout"])
    if request["op"] == "call":
        function = namespace.get(request["name"])
        if not callable(function):
            return {"status": "missing"}
        try:
            args = [decode(item, handles) for item in request["args"]]
            kwargs = {key: decode(item, handles) for key, item in request["kwargs"].items()}
        except LookupError:
            return {"status": "error", "error_type": "StaleHandle"}
        try:
            return _run_with_alarm(request["timeout"],
                                   lambda: call_and_check(function, args, kwargs, handles))
        except CallTimeout:
            return {"status": "timeout"}
    return {"status": "error", "error_type": "UnknownRequest"}


def serve():
    """Answer requests on stdin until it closes. Student output goes to /dev/null."""
    requests = os.fdopen(os.dup(0), "rb")
    replies = os.fdopen(os.dup(1), "wb")
    devnull = os.open(os.devnull, os.O_RDWR)
    for fd in (0, 1, 2):
        os.dup2(devnull, fd)
    signal.signal(signal.SIGALRM, _on_alarm)
    namespace = {"__name__": "__main__"}
    handles = []
    _write_message(replies, {"id": 0, "ready": True})  # the interpreter and NumPy work: no student code ran yet
    while True:
        request = _read_message(requests)
        if request is None:
            return
        try:
            reply = _answer(namespace, handles, request)
        except CallTimeout:
            reply = {"status": "timeout", "error": "timeout"}
        except BaseException:  # a reply that cannot be encoded, say
            reply = {"status": "error", "error_type": "HarnessError", "error": "HarnessError",
                     "detail": traceback.format_exc(limit=1)}
        _write_message(replies, {**reply, "id": request.get("id")})


if __name__ == "__main__":
    sys.setrecursionlimit(10000)
    serve()
