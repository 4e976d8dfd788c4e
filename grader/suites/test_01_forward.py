"""Hidden tests for 01_forward: each forward activation against the reference solution."""

import numpy as np
import pytest

from grader.judging.checks import (
    CASE_SEED,
    call,
    check_close,
    check_elementwise,
    check_outcome_clean,
    values_match,
)
from grader.judging.failures import fail
from grader.suites import elementwise_params

# Overflow hints are given for the overflow they explain only (a dict names the symptom), never for wrong values.
NEGATIVE_OVERFLOW = {
    "warning": "exp overflowed on large negative inputs: only exponentiate non-positive numbers, e.g. exp(-|x|)"
}
BOTH_SIGMOID = {
    "warning": "exp overflowed on large positive inputs, where the sigmoid needs no large exponential: "
    "np.where evaluates both branches everywhere, so make each branch safe for every x "
    "(exponentiate -|x| or np.minimum(x, 0))"
}
FLOAT32_OVERFLOW = {
    "warning": "exp overflows in float32 past about 88: only exponentiate non-positive numbers, e.g. exp(-|x|)"
}
BOTH_BRANCHES = {
    "warning": "np.where evaluates both branches everywhere, so exp(x) overflows for large x even "
    "where it is not selected: exponentiate np.minimum(x, 0)"
}
TANH_OVERFLOW = {
    key: "e^x overflows and inf / inf is NaN: use np.tanh or the form with e^(-2|x|)" for key in ("warning", "nan")
}
SIGMOID_HINTS = {"large_negative": NEGATIVE_OVERFLOW, "large_positive": BOTH_SIGMOID, "float32": FLOAT32_OVERFLOW}

HINTS = {
    "step": {"kink": "step(0) is 0: test x > 0, not x >= 0", "typical": "1.0 where x > 0, else 0.0"},
    "sigmoid": SIGMOID_HINTS,
    "tanh": {key: TANH_OVERFLOW for key in ("large_positive", "large_negative", "float32")},
    "relu": {"nan": "np.maximum(x, 0) propagates NaN; np.where(x > 0, x, 0) turns it into 0"},
    "leaky_relu": {"typical": "x where x > 0, else alpha * x"},
    "elu": {"large_positive": BOTH_BRANCHES, "float32": BOTH_BRANCHES},
    "selu": {"typical": "use the constants SELU_ALPHA and SELU_SCALE to full precision"},
    "gelu": {"typical": "check the formula of this mode, and that the mode you were asked for is the one used"},
    "swish": {**SIGMOID_HINTS, "typical": "x * sigmoid(beta * x): is beta used?"},
}
HINTS["silu"] = HINTS["swish"]
HINTS["prelu"] = HINTS["leaky_relu"]
# Mistakes recognised by what they return on the failing input: (function, variant) -> (what the mistake
# returns, other arguments it must match on too, the hint named only when the answer returns exactly that).
# max(x, alpha * x) is right for alpha <= 1: an answer is told about it only if it is right there too.
DIAGNOSES = {
    ("leaky_relu", " with alpha > 1"): (
        lambda x, alpha: np.maximum(x, alpha * x),
        [{"alpha": 0.2}],
        "max(x, alpha * x) is wrong when alpha > 1: x where x > 0, else alpha * x",
    )
}

# (function, keyword arguments, how feedback names the variant)
VARIANTS = [
    ("step", {}, ""),
    ("linear", {}, ""),
    ("sigmoid", {}, ""),
    ("tanh", {}, ""),
    ("relu", {}, ""),
    ("leaky_relu", {}, ""),
    ("leaky_relu", {"alpha": 0.2}, " with a non-default alpha"),
    ("leaky_relu", {"alpha": 1.5}, " with alpha > 1"),
    ("prelu", {"alpha": 0.25}, " with a scalar alpha"),
    ("elu", {}, ""),
    ("elu", {"alpha": 0.5}, " with a non-default alpha"),
    ("selu", {}, ""),
    ("gelu", {}, ""),
    ("gelu", {"approximate": "tanh"}, ' with approximate="tanh"'),
    ("gelu", {"approximate": "sigmoid"}, ' with approximate="sigmoid"'),
    ("swish", {}, ""),
    ("swish", {"beta": 2.5}, " with a non-default beta"),
    ("silu", {}, ""),
]


def _exempt(name, case):
    return case.key == "nan" and name == "step"  # the contract exempts step from NaN propagation


@pytest.mark.parametrize("name, kwargs, context, case", list(elementwise_params(VARIANTS, _exempt)))
def test_elementwise_contract(student, ref, name, kwargs, context, case):
    """Values, shape, dtype, warnings and no in-place change, for one class of input."""
    hints = HINTS.get(name, {})
    if (name, context) in DIAGNOSES:
        hints = _diagnose(getattr(student, name), case, kwargs, *DIAGNOSES[name, context], hints)
    check_elementwise(getattr(student, name), getattr(ref, name), case, kwargs, hints, context=context)


def _diagnose(function, case, kwargs, mistake, other_kwargs, hint, hints):
    """hints, with `hint` for wrong values if the answer returns exactly what `mistake` does on this case,
    with these arguments and with each of `other_kwargs`."""
    x = case.make(np.random.default_rng(CASE_SEED))  # the input check_elementwise builds
    for arguments in [kwargs, *other_kwargs]:
        outcome = function.outcome(x, **arguments)
        with np.errstate(all="ignore"):
            made = mistake(np.asarray(x, dtype=np.float64), **arguments)
        if (
            outcome.status != "ok"
            or np.shape(outcome.value) != np.shape(made)
            or not values_match(np.asarray(outcome.value, dtype=np.float64), made)
        ):
            return hints
    return {**hints, case.key: {"values": hint}}


@pytest.mark.cell("test_linear")
def test_linear_returns_a_new_array(student):
    """linear must not hand back its input: the caller may modify the result."""
    outcome = call(student.linear, np.linspace(-1, 1, 5))
    if outcome.aliased:
        fail("linear: returned its input itself; return a new array, e.g. np.array(x, copy=True)")


@pytest.mark.cell("test_gelu")
@pytest.mark.parametrize("approximate", ["exact", "", "Tanh", None])
def test_gelu_rejects_unknown_modes(student, approximate):
    """Any approximate other than "none", "tanh" and "sigmoid" is a ValueError."""
    outcome = student.gelu.outcome(np.linspace(-1, 1, 5), approximate=approximate)
    if outcome.status != "error" or outcome.error_type != "ValueError":
        fail("gelu: an unknown value of approximate must raise ValueError; check it before computing")


PRELU_SHAPES = [
    ((6, 4), (4,), "one alpha per channel"),
    ((2, 3, 5, 5), (3, 1, 1), "one alpha per channel of an image batch"),
    ((6, 4), (1, 4), "alpha of shape (1, C)"),
    ((5,), (), "a 0-d array alpha"),
]


@pytest.mark.cell("test_prelu")
@pytest.mark.parametrize("x_shape, alpha_shape, label", PRELU_SHAPES)
@pytest.mark.parametrize("dtype", [np.float64, np.float32])
def test_prelu_broadcasts_alpha(student, ref, x_shape, alpha_shape, label, dtype):
    """prelu with an array alpha broadcast against x; the output keeps x's dtype."""
    rng = np.random.default_rng(7)
    x = rng.normal(0, 3, x_shape).astype(dtype)
    x.flat[0] = 0.0
    alpha = rng.uniform(0.05, 0.5, alpha_shape)
    where = f"{label}{' (float32 x)' if dtype is np.float32 else ''}"
    outcome = call(student.prelu, x, alpha, context=f" with {where}")
    check_outcome_clean("prelu", outcome, where, {})
    check_close(
        "prelu",
        outcome.value,
        ref.prelu(x, alpha),
        where,
        {
            "values": "alpha * x where x <= 0, with alpha broadcast against x",
            "dtype": "the output keeps the dtype of x, even when alpha is float64",
        },
        dtype=dtype,
    )
