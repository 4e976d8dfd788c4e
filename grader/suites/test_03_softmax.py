"""Hidden tests for 03_softmax: stable softmax, log-sum-exp, log-softmax and their gradients."""

import numpy as np
import pytest

from grader.judging.checks import call, check_against_reference, check_close, check_outcome_clean, expected_dtype
from grader.judging.failures import fail

MAX_TRICK = (
    "exp overflows for large scores: subtract the maximum along the axis first "
    "(softmax is unchanged by a constant shift)"
)
AXIS = "reduce along the given axis and keep its dimension (keepdims=True) so the division broadcasts"
# log_softmax's causes, named where observed: -inf in the result is np.log of an underflowed probability;
# an overflow is an exponential of large scores (in log_softmax or in the logsumexp it calls).
UNDERFLOW = "np.log(softmax(x)) gives -inf where a probability underflows: compute x - logsumexp(x) instead"
LOG_SOFTMAX_OVERFLOW = (
    "exp overflows for large scores: compute x - logsumexp(x) with a logsumexp that "
    "subtracts the maximum along the axis first"
)
DEFAULT = "default"  # an axis or temperature left out of the call, so that the signature's default applies
DEFAULT_AXIS = (
    "called without axis, the last axis is reduced: keep the default axis=-1 of the signature "
    "and pass axis on to every reduction"
)


def _inputs(rng):
    """Classes of input for the softmax family: (key, label, x, axis)."""
    return [
        ("typical", "typical scores along the last axis", rng.normal(0, 3, (4, 7)), -1),
        ("axis0", "typical scores along axis 0", rng.normal(0, 3, (5, 3)), 0),
        ("axis1_3d", "a 3-d array along axis 1", rng.normal(0, 3, (2, 6, 3)), 1),
        ("vector", "a 1-d array", rng.normal(0, 3, 9), -1),
        ("large", "large scores (up to 1e4)", rng.uniform(-1e4, 1e4, (3, 8)), -1),
        ("large_float32", "large float32 scores", rng.uniform(-1e4, 1e4, (3, 8)).astype(np.float32), -1),
        ("float32", "float32 scores", rng.normal(0, 3, (4, 6)).astype(np.float32), -1),
        ("integer", "integer scores", rng.integers(-5, 6, (3, 5)), -1),
        ("empty", "an empty batch", np.zeros((0, 5)), -1),
        ("batch_of_one", "a batch of one (a 1 x C array)", rng.normal(0, 3, (1, 7)), -1),
        ("default_axis", "a 3-d array with the default axis", rng.normal(0, 3, (2, 3, 4)), DEFAULT),
    ]


def _axis(axis):
    """The keyword arguments that pass `axis`: none for DEFAULT, so the student's default applies."""
    return {} if axis == DEFAULT else {"axis": axis}


def _hints(axis, hints):
    """With the default axis, the likely cause of any wrong value or shape is the default itself."""
    return {**hints, "values": DEFAULT_AXIS, "shape": DEFAULT_AXIS} if axis == DEFAULT else hints


def _params(cell, skip=()):
    rng = np.random.default_rng(31)
    for key, label, x, axis in _inputs(rng):
        if key not in skip:
            yield pytest.param(x, axis, label, marks=pytest.mark.cell(cell), id=key)


@pytest.mark.parametrize("x, axis, label", list(_params("test_softmax_naive", skip=("large", "large_float32"))))
def test_softmax_naive(student, ref, x, axis, label):
    """The formula as written, on moderate inputs only."""
    check_against_reference(
        student.softmax_naive,
        ref.softmax_naive,
        (x,),
        _axis(axis),
        label,
        _hints(axis, {"values": "exp(x) divided by the sum of exp(x) along the axis", "shape": AXIS}),
        expected_dtype(x),
        finite=False,
    )


@pytest.mark.parametrize("x, axis, label", list(_params("test_softmax")))
@pytest.mark.parametrize("temperature", [DEFAULT, 0.5, 3.0])
def test_softmax(student, ref, x, axis, label, temperature):
    """Stable for any finite input, along any axis, at any temperature (the default temperature is 1)."""
    where = label + ("" if temperature == DEFAULT else " at a temperature other than 1")
    hints = {
        "warning": MAX_TRICK,
        "nan": MAX_TRICK,
        "shape": AXIS,
        "values": "softmax(x / temperature) along the axis: divide by the temperature, along the right axis"
        + ("; called without temperature, it is 1.0 (the signature's default)" if temperature == DEFAULT else ""),
    }
    kwargs = {**_axis(axis), **({} if temperature == DEFAULT else {"temperature": temperature})}
    check_against_reference(student.softmax, ref.softmax, (x,), kwargs, where, _hints(axis, hints), expected_dtype(x))


@pytest.mark.cell("test_softmax")
def test_softmax_minus_infinity(student, ref):
    """-inf scores get probability exactly 0."""
    x = np.array([[0.0, -np.inf, 1.0, -np.inf], [-np.inf, 5.0, 2.0, 1.0]])
    check_against_reference(
        student.softmax,
        ref.softmax,
        (x,),
        {},
        "scores of -inf",
        {"values": "exp(-inf) is 0: -inf scores get probability 0"},
        np.float64,
        finite=False,
    )


@pytest.mark.cell("test_softmax")
@pytest.mark.parametrize("temperature", [0.0, -1.0])
def test_softmax_rejects_bad_temperature(student, temperature):
    """temperature <= 0 raises ValueError."""
    outcome = student.softmax.outcome(np.array([1.0, 2.0]), temperature=temperature)
    if outcome.status != "error" or outcome.error_type != "ValueError":
        fail("softmax: a temperature <= 0 must raise ValueError")


@pytest.mark.parametrize("x, axis, label", list(_params("test_logsumexp")))
def test_logsumexp(student, ref, x, axis, label):
    """Stable, reduced along axis, the other axes kept."""
    shape = (
        "reduce along axis and keep the other axes, even those of length 1 (no keepdims in the result; "
        "np.squeeze needs axis=axis)"
    )
    check_against_reference(
        student.logsumexp,
        ref.logsumexp,
        (x,),
        _axis(axis),
        label,
        _hints(
            axis,
            {
                "warning": MAX_TRICK,
                "nan": MAX_TRICK,
                "shape": shape,
                "values": "m + log(sum(exp(x - m))) with m the maximum along the axis",
            },
        ),
        expected_dtype(x),
    )


@pytest.mark.cell("test_logsumexp")
def test_logsumexp_minus_infinity(student, ref):
    """-inf entries add nothing to the sum."""
    x = np.array([[0.0, -np.inf, 1.0], [-np.inf, 5.0, 2.0]])
    check_against_reference(
        student.logsumexp,
        ref.logsumexp,
        (x,),
        {},
        "entries of -inf",
        {"values": "exp(-inf) is 0: -inf entries add nothing"},
        np.float64,
        finite=False,
    )


@pytest.mark.parametrize("x, axis, label", list(_params("test_log_softmax")))
def test_log_softmax(student, ref, x, axis, label):
    """x - logsumexp(x): finite wherever x is finite."""
    check_against_reference(
        student.log_softmax,
        ref.log_softmax,
        (x,),
        _axis(axis),
        label,
        _hints(
            axis,
            {
                "warning": LOG_SOFTMAX_OVERFLOW,
                "values": "x - logsumexp(x) along the axis (kept so it broadcasts)",
                "shape": AXIS,
            },
        ),
        expected_dtype(x),
    )


@pytest.mark.cell("test_log_softmax")
def test_log_softmax_far_apart(student, ref):
    """Scores far apart: the small probabilities underflow, their logs must not."""
    x = np.array([[0.0, -1000.0, -50.0], [800.0, 0.0, -800.0]])
    outcome = student.log_softmax.outcome(x)
    underflowed = outcome.status == "ok" and np.isneginf(np.asarray(outcome.value, dtype=np.float64)).any()
    values = UNDERFLOW if underflowed else "x - logsumexp(x) along the axis, with a logsumexp stable row by row"
    check_against_reference(
        student.log_softmax,
        ref.log_softmax,
        (x,),
        {},
        "scores far apart",
        {"values": values, "warning": LOG_SOFTMAX_OVERFLOW},
        np.float64,
    )


@pytest.mark.parametrize("x, axis, label", list(_params("test_softmax_backward", skip=("integer",))))
def test_softmax_backward(student, ref, x, axis, label):
    """y * (dout - sum(dout * y)) along the axis, for a random upstream gradient."""
    rng = np.random.default_rng(37)
    y = ref.softmax(x, **_axis(axis))
    dout = rng.normal(0, 1, x.shape).astype(y.dtype)
    check_against_reference(
        student.softmax_backward,
        ref.softmax_backward,
        (dout, y),
        _axis(axis),
        label,
        _hints(axis, {"values": "y * (dout - sum(dout * y)) with the sum along the axis", "shape": AXIS}),
        y.dtype,
    )


CROSS_ENTROPY_CASES = [
    ("typical logits", lambda rng: rng.normal(0, 2, (8, 5))),
    ("large logits (up to 1e4)", lambda rng: rng.uniform(-1e4, 1e4, (6, 4))),
    ("float32 logits", lambda rng: rng.normal(0, 2, (8, 5)).astype(np.float32)),
    ("a batch of one", lambda rng: rng.normal(0, 2, (1, 3))),
]


@pytest.mark.cell("test_cross_entropy")
@pytest.mark.parametrize("label, make", CROSS_ENTROPY_CASES)
def test_cross_entropy(student, ref, label, make):
    """The mean negative log-probability of the labels, stable for large logits."""
    rng = np.random.default_rng(41)
    logits = make(rng)
    labels = rng.integers(0, logits.shape[1], logits.shape[0])
    outcome = call(student.cross_entropy, logits, labels, context=f" on {label}")
    hints = {
        "warning": "use log_softmax, not np.log(softmax(...))",
        "values": "the mean over the batch of -log_softmax(logits)[n, labels[n]]",
        "shape": "return a single number (the mean over the batch)",
    }
    check_outcome_clean("cross_entropy", outcome, label, hints)
    check_close(
        "cross_entropy",
        outcome.value,
        ref.cross_entropy(logits, labels),
        label,
        hints,
        dtype=np.asarray(outcome.value).dtype if isinstance(outcome.value, float) else logits.dtype,
    )


@pytest.mark.cell("test_cross_entropy_backward")
@pytest.mark.parametrize("label, make", CROSS_ENTROPY_CASES)
def test_cross_entropy_backward(student, ref, label, make):
    """(softmax(logits) - onehot(labels)) / N."""
    rng = np.random.default_rng(43)
    logits = make(rng)
    labels = rng.integers(0, logits.shape[1], logits.shape[0])
    check_against_reference(
        student.cross_entropy_backward,
        ref.cross_entropy_backward,
        (logits, labels),
        {},
        label,
        {"values": "(softmax(logits) - onehot(labels)) / N: divide by the batch size", "warning": MAX_TRICK},
        logits.dtype,
    )
