"""The trust boundary: every reply from a sandbox is parsed here, as hostile data, before anything reads it.

The submission runs in the same process as the code that answers the
grader (grader.sandbox.harness), so whatever comes back may have been written by
the submission: forged, oversized, malformed or shaped like something else.
A reply is accepted only if it fits its schema exactly: known keys, known
statuses, values of the right types, text the grader itself could have
written (a built-in exception's name, a warning's category and kind), plain
data (numbers, strings, NumPy arrays of numbers, tuples, lists, dicts,
handles) nested at most MAX_DEPTH deep. Nothing is evaluated, unpickled or
imported; anything else raises Malformed, which the caller treats like a
crash of the submission's process. The sizes are bounded before this
(grader.sandbox.channel reads no more than the caller allows).
"""

import base64
import binascii
import builtins
import json
import math
import re

import numpy as np

from grader.sandbox.harness import NUMERIC, WARNING_KINDS, Handle

MAX_DEPTH = 32
MAX_VALUES = 100_000  # a reference answer's reply has at most 917 (04's init_mlp)
MAX_TEXT = 10_000
MAX_DIMENSIONS = 32
MIN_REPLY_BYTES = 16 * 1024 * 1024  # about 4x the largest reply of a reference answer (4.3 MB, 05's results)
REPLY_FACTOR = 8
CALL_STATUSES = {"ok", "error", "timeout", "missing"}
# Exception names a reply may carry: Python's built-in ones, and the harness's own.
EXCEPTION_NAMES = frozenset(
    name for name, value in vars(builtins).items() if isinstance(value, type) and issubclass(value, BaseException)
)
HARNESS_ERRORS = frozenset({"StaleHandle", "UnknownRequest", "HarnessError"})
WARNING = re.compile(r"(?P<category>[A-Za-z]+)(: (?P<kind>[a-z ]+))?")
DTYPE = re.compile(r"[<>|=][biufc][0-9]{1,2}")
INTEGER = re.compile(r"-?[0-9]{1,4300}")


def budget(args, kwargs):
    """How many bytes a call's reply may take: a few times what it was sent, and at least MIN_REPLY_BYTES.

    A graded function returns an array of its input's shape, gradients of
    the weights it was passed, or (04, 05) weights and histories of at most
    4.3 MB of JSON, measured on the reference answers: a correct reply fits
    with room to spare (the solutions' full marks in tests/test_grade_cli.py
    depend on it), and a reply past it is refused on its length header,
    before it is read (a 156 MiB reply once took the grader to 809 MB).
    """
    return max(MIN_REPLY_BYTES, REPLY_FACTOR * len(json.dumps([args, kwargs])))


class Malformed(ValueError):
    """A reply that does not fit its schema: the submission wrote it, or broke the process that should have."""


def call_reply(reply):
    """A call's reply as {status, value, error_type, warnings, mutated, aliased}, checked; Malformed otherwise."""
    _keys(reply, {"id", "status"}, {"result", "error_type", "warnings", "mutated", "aliased"})
    status = reply["status"]
    if status not in CALL_STATUSES:
        raise Malformed("unknown status")
    if status == "ok" and "result" not in reply or status != "ok" and "result" in reply:
        raise Malformed("a result where none belongs, or none where one does")
    warnings = reply.get("warnings", [])
    if not isinstance(warnings, list) or len(warnings) > 20:
        raise Malformed("warnings")
    return {
        "status": status,
        "value": value(reply["result"]) if "result" in reply else None,
        "error_type": exception_name(reply["error_type"]) if "error_type" in reply else "",
        "warnings": tuple(_warning(item) for item in warnings),
        "mutated": _flag(reply.get("mutated", False)),
        "aliased": _flag(reply.get("aliased", False)),
    }


def exec_reply(reply):
    """A cell's outcome: None, "timeout", or the name of the built-in exception it raised; Malformed otherwise."""
    _keys(reply, {"id", "error"}, set())
    error = reply["error"]
    if error is None or error == "timeout":
        return error
    return exception_name(error)


def exception_name(name):
    """The name if Python or the harness defines it, else "Exception": a class the submission named is not quoted."""
    if not isinstance(name, str):
        raise Malformed("exception name")
    return name if name in EXCEPTION_NAMES or name in HARNESS_ERRORS else "Exception"


def value(data, depth=0, budget=None):
    """The plain value `harness.encode` describes; handles stay opaque numbers (Handle).

    At most MAX_DEPTH deep and MAX_VALUES values in all (an array counts
    one): parsing a reply costs the grader no more than a correct one does.
    """
    budget = budget if budget is not None else [MAX_VALUES]
    budget[0] -= 1
    if depth > MAX_DEPTH or budget[0] < 0:
        raise Malformed("nested too deep or too many values")
    if data is None or isinstance(data, bool):
        return data
    if isinstance(data, str):
        if len(data) > MAX_TEXT:
            raise Malformed("text too long")
        return data
    if not isinstance(data, dict):
        raise Malformed("not an encoded value")
    if "__ndarray__" in data:
        return _array(data)
    if len(data) != 1:
        raise Malformed("not an encoded value")
    ((tag, content),) = data.items()
    if tag == "__int__" and isinstance(content, str) and INTEGER.fullmatch(content):
        return int(content)
    if tag == "__float__" and isinstance(content, str) and len(content) < 40:
        return _float(content)
    if tag in ("__tuple__", "__list__") and isinstance(content, list):
        items = [value(item, depth + 1, budget) for item in content]
        return tuple(items) if tag == "__tuple__" else items
    if tag == "__dict__" and isinstance(content, dict):
        return {_text(key): value(item, depth + 1, budget) for key, item in content.items()}
    if tag == "__handle__" and type(content) is int and 0 <= content < 2**31:
        return Handle(content)
    raise Malformed("not an encoded value")


def _array(data):
    if data.keys() != {"__ndarray__", "dtype", "shape", "__scalar__"}:
        raise Malformed("not an array")
    dtype, shape, scalar = data["dtype"], data["shape"], data["__scalar__"]
    if not (
        isinstance(dtype, str)
        and DTYPE.fullmatch(dtype)
        and isinstance(shape, list)
        and len(shape) <= MAX_DIMENSIONS
        and all(type(size) is int and size >= 0 for size in shape)
        and isinstance(scalar, bool)
        and isinstance(data["__ndarray__"], str)
    ):
        raise Malformed("not an array")
    try:
        dtype = np.dtype(dtype)
        raw = base64.b64decode(data["__ndarray__"], validate=True)
    except (TypeError, ValueError, binascii.Error):
        raise Malformed("not an array") from None
    if (
        dtype.kind not in NUMERIC
        or dtype.hasobject
        or len(raw) != math.prod(shape) * dtype.itemsize
        or scalar
        and shape
    ):
        raise Malformed("not an array")
    array = np.frombuffer(bytearray(raw), dtype=dtype).reshape(shape)
    return array[()] if scalar else array


def _float(text):
    try:
        return float(text)
    except ValueError:
        raise Malformed("not a float") from None


def _text(text):
    if not isinstance(text, str) or len(text) > MAX_TEXT:
        raise Malformed("not a key")
    return text


def _warning(text):
    match = WARNING.fullmatch(text) if isinstance(text, str) else None
    category = match and match["category"]
    if (
        not match
        or not isinstance(getattr(builtins, category, None), type)
        or not issubclass(getattr(builtins, category), Warning)
        or match["kind"] not in (None, *WARNING_KINDS)
    ):
        raise Malformed("not a warning")
    return text


def _flag(flag):
    if not isinstance(flag, bool):
        raise Malformed("not a flag")
    return flag


def _keys(reply, required, optional):
    if not isinstance(reply, dict) or not required <= reply.keys() <= required | optional:
        raise Malformed("unexpected keys")
