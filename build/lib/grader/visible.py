"""The visible checks of the student notebooks: a few of the hidden suites' own checks, on inputs the student sees.

A test cell reads

    with checking(sigmoid):
        check(sigmoid, np.array([0.0, 2.0]), want=[0.5, 0.8807970779778823], on="0 and 2")

`check` calls the function the way the hidden suites do (through the same
plain-data transport, `grader.student.InKernelTransport`) and judges the
result with the same functions (`grader.checks`): same dtype and shape rules,
same tolerances, an overflow or invalid-value `RuntimeWarning` on finite
input fails. So a visible check can only fail where the grader fails too, and
its message reads like the grader's feedback.

`checking` turns the outcome into one line: "sigmoid: visible checks passed
(the grader runs many more)", "step: not implemented yet", or the failure's
message, raised without a traceback (IPython shows `_render_traceback_`), so
that the cell still fails as nbgrader expects a failed test cell to.
"""

import contextlib
import traceback

import numpy as np

from grader.checks import check_close, check_outcome_clean, expected_dtype
from grader.failures import Failure, StudentError, not_implemented
from grader.student import InKernelTransport, StudentFunction

PASSED = "{name}: visible checks passed (the grader runs many more)"


class VisibleCheckFailed(AssertionError):
    """A visible check failed; IPython shows its message alone, in red, instead of a traceback."""

    def _render_traceback_(self):
        return [f"\x1b[0;31m{self}\x1b[0m"]


def _name(function):
    return getattr(function, "__name__", str(function))


def check(function, *args, want, on, hint=None, dtype=None, **kwargs):
    """Call function(*args, **kwargs) and fail unless it matches `want` as the hidden suites require.

    `on` names the inputs in the message; `hint` (text) replaces the generic
    advice; `dtype` is the dtype the result must have (default: the contract's
    for the first argument: floating kept, integer to float64).
    """
    name = _name(function)
    dtype = np.dtype(dtype) if dtype is not None else expected_dtype(args[0])
    hints = {key: hint for key in ("values", "nan", "warning")} if hint else {}
    outcome = StudentFunction(name, InKernelTransport({name: function})).outcome(*args, **kwargs)
    if outcome.status != "ok":
        raise StudentError(name, outcome, f" on {on}")
    finite = all(np.isfinite(arg).all() for arg in args if isinstance(arg, (np.ndarray, float)))
    check_outcome_clean(name, outcome, on, hints, finite=finite)
    check_close(name, outcome.value, np.asarray(want, dtype=dtype), on, hints, dtype=dtype)


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
    """Run a test cell's checks of `function`; print one line if they pass, raise one line if not."""
    name = _name(function)
    try:
        yield
    except NotImplementedError as error:  # named after the function that raised it: maybe one this one calls
        raiser = _frames(error)[-1].name
        raise VisibleCheckFailed(not_implemented(name if raiser.startswith("<") else raiser)) from None
    except Failure as failure:
        raise VisibleCheckFailed(str(failure)) from None
    except AssertionError as error:
        message = str(error).strip()
        if not message or "\n" in message:  # numpy.testing's messages span lines: name the check instead
            message = f"visible check failed: {_frames(error)[0].line}"
        raise VisibleCheckFailed(f"{name}: {message}") from None
    print(PASSED.format(name=name))


def _frames(error):
    """The frames of an exception's traceback outside this module: the test cell's first."""
    return [frame for frame in traceback.extract_tb(error.__traceback__) if frame.filename != __file__] \
        or traceback.extract_tb(error.__traceback__)
