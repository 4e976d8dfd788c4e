"""Checks the hidden suites are built from, with messages that teach.

A failed check raises `Failure`, whose text is all the student sees: the
function, the class of input and the likely cause, never the hidden values.
Values are compared with the contract's tolerances, so any correct
implementation passes whatever its formula or rounding.
"""

import dataclasses

import numpy as np

from grader.judging.credit import DTYPES_AND_SHAPES, EDGE_CASES, IN_PLACE, WARNINGS
from grader.judging.failures import Failure, StudentError, fail

CASE_SEED = 20261123  # each class of input is built from this seed, so a suite can rebuild the very input
TOLERANCES = {np.dtype(np.float64): (1e-7, 1e-12), np.dtype(np.float32): (1e-4, 1e-5)}


@dataclasses.dataclass(frozen=True)
class Case:
    """A class of inputs: `label` is how feedback names it; `make(rng)` builds one."""

    key: str
    label: str
    make: object
    finite: bool = True


def _spread(rng, low, high, n=200):
    magnitudes = np.logspace(np.log10(low), np.log10(high), n)
    return magnitudes * rng.uniform(0.9, 1.0, n)


ELEMENTWISE_CASES = (
    Case("typical", "typical inputs", lambda rng: rng.normal(0, 3, 500)),
    Case("kink", "inputs exactly at 0 (the kink)", lambda rng: np.array([0.0, -0.0, 0.0, 1e-300, -1e-300, 0.0])),
    Case("large_positive", "large positive inputs (up to 1e4)", lambda rng: _spread(rng, 10, 1e4)),
    Case("large_negative", "large negative inputs (down to -1e4)", lambda rng: -_spread(rng, 10, 1e4)),
    Case(
        "float32",
        "float32 inputs",
        lambda rng: np.concatenate(
            [rng.normal(0, 3, 300), _spread(rng, 10, 1e4, 50), -_spread(rng, 10, 1e4, 50), [0.0]]
        ).astype(np.float32),
    ),
    Case("integer", "integer inputs", lambda rng: np.arange(-6, 7)),
    Case("python_float", "a Python float", lambda rng: float(rng.normal(0, 2))),
    Case("zero_d", "a 0-d array", lambda rng: np.array(rng.normal(0, 2))),
    Case("empty", "an empty array", lambda rng: np.zeros((0, 3))),
    Case("nd", "a 3-d array", lambda rng: rng.normal(0, 3, (2, 3, 4))),
    Case("nan", "NaN inputs", lambda rng: np.array([np.nan, 1.0, -1.0, 0.0, np.nan]), finite=False),
)

GENERIC_HINTS = {
    "dtype": "float32 input must give float32 and integer input float64: start from as_float_array(x) "
    "and keep constants as Python floats",
    "shape": "return an array of the same shape as the input",
    "mutated": "work on a copy: the caller's array must not change",
    "warning": "an intermediate value overflows: rearrange the formula so nothing large is exponentiated",
    "nan": "NaN must propagate: np.where(x > 0, x, 0) and comparisons turn NaN into a number",
    "values": "compare your formula with the one above",
}


def expected_dtype(x):
    """The dtype the contract asks for: floating input keeps its dtype, anything else is float64."""
    dtype = np.asarray(x).dtype
    return dtype if dtype.kind == "f" else np.dtype(np.float64)


def call(function, *args, context="", **kwargs):
    """Call a student function; Failure naming `context` if it did not return normally."""
    outcome = function.outcome(*args, **kwargs)
    if outcome.status != "ok":
        raise StudentError(function.name, outcome, context)
    return outcome


def call_clean(function, *args, where, hints=None, finite=True, returns=None, preposition="with", **kwargs):
    """Call a student function and fail unless it returned cleanly: no error, overflow warning or
    in-place change; with `returns` (names of the parts), unless it returned a tuple of that many."""
    outcome = call(function, *args, context=f" {preposition} {where}", **kwargs)
    check_outcome_clean(function.name, outcome, where, hints or {}, finite=finite)
    if returns is not None and (not isinstance(outcome.value, tuple) or len(outcome.value) != len(returns)):
        fail(f"{function.name}: return a tuple ({', '.join(returns)})")
    return outcome


def check_outcome_clean(name, outcome, label, hints, finite=True):
    """Fail on in-place modification, and on overflow/invalid warnings for finite input."""
    if outcome.mutated:
        fail(
            f"{name}: modified its input in place on {label}; {hints.get('mutated', GENERIC_HINTS['mutated'])}",
            IN_PLACE,
        )
    if finite and any("overflow" in w or "invalid value" in w for w in outcome.warnings):
        fail(
            f"{name}: RuntimeWarning (overflow or invalid value) on {label}; "
            f"{hints.get('warning', GENERIC_HINTS['warning'])}",
            WARNINGS,
        )


def check_close(name, got, want, label, hints, dtype=None, exact_shape=True):
    """Fail unless got is a numeric array matching want in shape, dtype and value (contract tolerance)."""
    if not isinstance(got, (np.ndarray, np.generic, float, int)) or isinstance(got, bool):
        fail(f"{name}: did not return a NumPy array on {label}")
    got_array = np.asarray(got)
    want = np.asarray(want)
    if got_array.dtype.kind not in "fiu":
        fail(f"{name}: returned a {got_array.dtype} array on {label}; return floats")
    # A wrong shape or dtype costs only its category when the values are right; else it hides wrong values.
    values_right = values_match(got_array, want)
    form = DTYPES_AND_SHAPES if values_right else None
    if exact_shape and got_array.shape != want.shape:
        fail(f"{name}: wrong output shape on {label}; {hints.get('shape', GENERIC_HINTS['shape'])}", form)
    dtype = want.dtype if dtype is None else np.dtype(dtype)
    if (
        isinstance(got, np.ndarray | np.generic)
        and got_array.dtype != dtype
        or isinstance(got, (float, int))
        and dtype != np.float64
    ):
        fail(f"{name}: wrong dtype on {label}; {hints.get('dtype', GENERIC_HINTS['dtype'])}", form)
    if not values_right:
        key = "nan" if np.isnan(want).any() and not np.isnan(got_array).any() else "values"
        problem = (
            "NaN where a number is expected"
            if np.isnan(got_array).any() and not np.isnan(want).any()
            else "wrong values"
        )
        fail(f"{name}: {problem} on {label}; {hints.get(key, GENERIC_HINTS[key])}")


def values_match(got, want):
    """Equal within the contract's tolerance for want's dtype; NaN and infinities must match exactly."""
    rtol, atol = TOLERANCES.get(want.dtype, TOLERANCES[np.dtype(np.float64)])
    got = got.astype(np.float64)
    want = want.astype(np.float64)
    try:
        got, want = np.broadcast_arrays(got, want)
    except ValueError:
        return False
    nan = np.isnan(want)
    if not np.array_equal(nan, np.isnan(got)):
        return False
    inf = np.isinf(want)
    if not np.array_equal(got[inf], want[inf]):
        return False
    finite = ~nan & ~inf
    with np.errstate(all="ignore"):
        return bool(np.all(np.abs(got[finite] - want[finite]) <= atol + rtol * np.abs(want[finite])))


def check_elementwise(student_fn, reference_fn, case, kwargs=None, hints=None, rng=None, context=""):
    """The common contract of an elementwise function on one class of input (see docs/contract.md)."""
    kwargs = kwargs or {}
    hints = hints or {}
    rng = rng or np.random.default_rng(CASE_SEED)
    x = case.make(rng)
    label = case.label + context
    try:
        check_against_reference(
            student_fn,
            reference_fn,
            (x,),
            kwargs,
            label,
            _hint_for_case(hints, case.key),
            expected_dtype(x),
            finite=case.finite,
        )
    except Failure as failure:
        if failure.category is None and case.key != "typical":  # wrong values or an error on an edge case
            failure.category = EDGE_CASES
        raise


def check_against_reference(student_fn, reference_fn, args, kwargs, label, hints, dtype, finite=True):
    """Call both with the same arguments; the student's call must be clean and match in shape, dtype and value."""
    name = student_fn.name
    outcome = call(student_fn, *args, context=f" on {label}", **kwargs)
    check_outcome_clean(name, outcome, label, hints, finite=finite)
    with np.errstate(all="ignore"):
        want = reference_fn(*[np.copy(a) if isinstance(a, np.ndarray) else a for a in args], **kwargs)
    check_close(name, outcome.value, want, label, hints, dtype=dtype)


def _hint_for_case(hints, key):
    """A per-case hint replaces the generic hints for that case's failures: a string for every symptom
    (values, NaN, warning), a dict ({"warning": ...}) only for the symptoms it names, so that a hint
    about overflow is never given for wrong values."""
    hint = hints.get(key)
    if isinstance(hint, str):
        return {**hints, "values": hint, "nan": hint, "warning": hint}
    if isinstance(hint, dict):
        return {**hints, **hint}
    return hints
