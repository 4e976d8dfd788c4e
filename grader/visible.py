"""The visible checks of the student notebooks: a few of the hidden suites' own checks, on inputs the student sees.

A test cell reads

    with checking(sigmoid):
        check(sigmoid, np.array([0.0, 2.0]), want=[0.5, 0.8807970779778823], on="0 and 2")

`check` calls the function the way the hidden suites do (through the same
plain-data transport, `grader.judging.student.InKernelTransport`) and judges the
result with the same functions (`grader.judging.checks`): same dtype and shape rules,
same tolerances, an overflow or invalid-value `RuntimeWarning` on finite
input fails. So a visible check can only fail where the grader fails too, and
its message reads like the grader's feedback.

`check_forms` (elementwise functions) and `check_axes` (functions along an
axis) then try, on the same small example, every other form of input the
hidden suites grade (float32, integer, a Python float, 0-d, n-d, empty, NaN;
2-d input with the default axis and with axis=0), judged against the
function's own float64 result on the example: so "visible checks passed"
leaves only values on unseen inputs to be wrong, and no hidden value is
ever shown.

`checking` turns the outcome into one line: "sigmoid: visible checks passed
(the grader runs many more)", "step: not implemented yet", or the failure's
message, raised without a traceback (IPython shows `_render_traceback_`), so
that the cell still fails as nbgrader expects a failed test cell to. Under
the hidden tests (`grader.inkernel`), which have already scored the cell,
the failure is printed instead: an error would zero a cell that earned
partial credit.
"""

import contextlib
import traceback

import numpy as np

from grader.judging.checks import check_close, check_outcome_clean, expected_dtype
from grader.judging.failures import Failure, StudentError, not_implemented
from grader.judging.student import InKernelTransport, StudentFunction

PASSED = "{name}: visible checks passed (the grader runs many more)"
_deferred = False  # set by the hidden tests: a failure is printed, not raised


def defer_failures():
    """From now on, a failed visible check prints its message instead of raising (the cell is scored already)."""
    global _deferred
    _deferred = True


class VisibleCheckFailed(AssertionError):
    """A visible check failed; IPython shows its message alone, in red, instead of a traceback."""

    def _render_traceback_(self):
        return [f"\x1b[0;31m{self}\x1b[0m"]


def _name(function):
    return getattr(function, "__name__", str(function))


def check(function, *args, want, on, hint=None, dtype=None, part=None, **kwargs):
    """Call function(*args, **kwargs) and fail unless it matches `want` as the hidden suites require.

    `on` names the inputs in the message; `hint` (text) replaces the generic
    advice; `dtype` is the dtype the result must have (default: the contract's
    for the first argument: floating kept, integer to float64); `part`, as
    (index, name), judges that part of a returned tuple, e.g. (0, "dx").
    """
    name = _name(function)
    dtype = np.dtype(dtype) if dtype is not None else expected_dtype(args[0])
    hints = {key: hint for key in ("values", "nan", "warning")} if hint else {}
    outcome = StudentFunction(name, InKernelTransport({name: function})).outcome(*args, **kwargs)
    if outcome.status != "ok":
        raise StudentError(name, outcome, f" on {on}")
    finite = all(np.isfinite(arg).all() for arg in args if isinstance(arg, (np.ndarray, float)))
    check_outcome_clean(name, outcome, on, hints, finite=finite)
    got = outcome.value
    if part is not None:
        index, part_name = part
        if not isinstance(got, tuple) or len(got) <= index:
            raise Failure(f"{name}: return a tuple whose item {index} is {part_name}")
        got, name = got[index], f"{name} ({part_name})"
    check_close(name, got, np.asarray(want, dtype=dtype), on, hints, dtype=dtype)


def _own(function, *args, **kwargs):
    """The function's own result on args (already judged by `check`), as a float64 array."""
    name = _name(function)
    outcome = StudentFunction(name, InKernelTransport({name: function})).outcome(*args, **kwargs)
    if outcome.status != "ok":
        raise StudentError(name, outcome)
    try:
        return np.asarray(outcome.value, dtype=np.float64)
    except (TypeError, ValueError):
        raise Failure(f"{name}: did not return a NumPy array") from None


def _forms(args, transform):
    """args with `transform` applied to the arrays shaped like the first (the others, alpha say, pass through)."""
    shape = np.shape(args[0])
    return tuple(transform(arg) if isinstance(arg, np.ndarray) and arg.shape == shape else arg for arg in args)


def check_forms(function, *args, on, nan=False, integer=True, **kwargs):
    """Check an elementwise function on every form of input the contract names, built from `args`.

    `args` are inputs whose values a `check` just judged; the forms are
    float32 (kept), integer (float64 out), a Python float, a 0-d array, one
    more dimension, an empty array and, with `nan`, NaN (which must stay NaN).
    """
    want = _own(function, *args, **kwargs)
    rounded = _forms(args, np.round)
    forms = [
        ("float32 input", _forms(args, lambda a: a.astype(np.float32)), want),
        ("a Python float", _forms(args, lambda a: float(a.flat[0])), want.flat[0]),
        ("a 0-d array", _forms(args, lambda a: np.array(a.flat[0])), want.flat[0]),
        ("one more dimension", _forms(args, lambda a: np.stack([a, a])), np.stack([want, want])),
        ("an empty array", _forms(args, lambda a: np.zeros((0,) + a.shape[1:])), np.zeros((0,) + want.shape[1:])),
    ]
    if integer:
        forms.append(
            ("integer input", _forms(rounded, lambda a: a.astype(np.int64)), _own(function, *rounded, **kwargs))
        )
    if nan:
        forms.append(("NaN input", _forms(args, lambda a: np.full(a.shape, np.nan)), np.full(want.shape, np.nan)))
    for label, form, form_want in forms:
        check(function, *form, want=form_want, on=f"{label} ({on})", **kwargs)


def check_axes(function, *args, on, integer=True, **kwargs):
    """Check a function that works along an axis on the 2-d and other forms of input, built from 1-d `args`.

    `args` are 1-d inputs whose values a `check` just judged; the forms are
    a 2-d array (the default axis is the last), its transpose with axis=0,
    an empty batch, float32 (kept) and integer (float64 out).
    """
    want = _own(function, *args, **kwargs)
    flipped = _forms(args, lambda a: a[::-1])
    rows = np.stack([want, _own(function, *flipped, **kwargs)])
    pairs = tuple(np.stack([a, b]) if isinstance(a, np.ndarray) else a for a, b in zip(args, flipped, strict=True))
    forms = [
        ("a 2-d array with the default axis", pairs, {}, rows),
        (
            "a 2-d array along axis 0",
            tuple(a.T if isinstance(a, np.ndarray) else a for a in pairs),
            {"axis": 0},
            rows.T,
        ),
        ("an empty batch", _forms(args, lambda a: np.zeros((0,) + a.shape)), {}, np.zeros((0,) + want.shape)),
        ("float32 input", _forms(args, lambda a: a.astype(np.float32)), {}, want),
    ]
    if integer:
        rounded = _forms(args, np.round)
        forms.append(
            ("integer input", _forms(rounded, lambda a: a.astype(np.int64)), {}, _own(function, *rounded, **kwargs))
        )
    for label, form, axis, form_want in forms:
        check(function, *form, want=form_want, on=f"{label} ({on})", **kwargs, **axis)


def expect_error(function, error, *args, on, **kwargs):
    """Fail unless function(*args, **kwargs) raises `error` (an exception class)."""
    name = _name(function)
    outcome = StudentFunction(name, InKernelTransport({name: function})).outcome(*args, **kwargs)
    if outcome.error_type == "NotImplementedError":
        raise StudentError(name, outcome)
    if outcome.status != "error" or outcome.error_type != error.__name__:
        raise Failure(f"{name}: should raise {error.__name__} {on}")


@contextlib.contextmanager
def checking(function):
    """Run a test cell's checks of `function`; print one line if they pass, raise one line if not
    (print it, under the hidden tests)."""
    name = _name(function)
    try:
        with _one_line(name):
            yield
    except VisibleCheckFailed as failure:
        if not _deferred:
            raise
        print(failure)
        return
    except Exception:  # noqa: BLE001 (an error would zero a cell the hidden tests scored)
        if not _deferred:
            raise
        print(f"{name}: a visible check raised an error")
        return
    print(PASSED.format(name=name))


@contextlib.contextmanager
def _one_line(name):
    """The failure of a test cell's checks as one VisibleCheckFailed."""
    try:
        yield
    except NotImplementedError as error:  # named after the function that raised it: maybe one this one calls
        raiser = _frames(error)[-1].name
        raise VisibleCheckFailed(not_implemented(name if raiser.startswith("<") else raiser)) from None
    except NameError as error:  # a result an earlier cell did not make, as when the experiment cell found work to do
        raise VisibleCheckFailed(
            f"{name}: not implemented yet ({error.name} is not defined: finish the functions above and run their cells)"
        ) from None
    except Failure as failure:
        raise VisibleCheckFailed(str(failure)) from None
    except AssertionError as error:
        message = str(error).strip()
        if not message or "\n" in message:  # numpy.testing's messages span lines: the check, and its first line
            reason = message.splitlines()[0].strip() if message else ""
            message = f"visible check failed: {_frames(error)[0].line}" + (f" ({reason})" if reason else "")
        raise VisibleCheckFailed(f"{name}: {message}") from None


def _frames(error):
    """The frames of an exception's traceback outside this module: the test cell's first."""
    return [
        frame for frame in traceback.extract_tb(error.__traceback__) if frame.filename != __file__
    ] or traceback.extract_tb(error.__traceback__)
