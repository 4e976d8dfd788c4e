"""Hidden tests for 02_backward: derivatives, PReLU's gradients, numerical gradients, a dense layer."""

import numpy as np
import pytest

from grader.judging.checks import (
    call,
    call_clean,
    check_close,
    check_elementwise,
    check_outcome_clean,
    values_match,
)
from grader.judging.failures import fail
from grader.sandbox.harness import Function
from grader.suites import elementwise_params

KINK = "at x == 0 exactly, use the value of the x <= 0 branch (as PyTorch does)"
HINTS = {
    "step_grad": {"typical": "the step function is flat: its derivative is 0 everywhere"},
    "linear_grad": {"typical": "the identity's derivative is 1 everywhere"},
    "sigmoid_grad": {
        key: "sigmoid(x) * (1 - sigmoid(x)) with a stable sigmoid: write 1 - sigmoid(x) as sigmoid(-x)"
        for key in ("large_positive", "large_negative", "float32", "typical")
    },
    "tanh_grad": {
        key: {"warning": "1 - tanh(x)**2: 1 / cosh(x)**2 overflows for large |x|"}
        for key in ("large_positive", "large_negative", "float32")
    },
    "relu_grad": {"kink": KINK + ": relu'(0) = 0"},
    "leaky_relu_grad": {"kink": KINK + ": leaky_relu'(0) = alpha", "typical": "1 where x > 0, else alpha"},
    "elu_grad": {
        "kink": KINK + ": elu'(0) = alpha",
        "large_positive": {"warning": "exponentiate np.minimum(x, 0): np.where evaluates both branches"},
    },
    "selu_grad": {"kink": KINK + ": selu'(0) = SELU_SCALE * SELU_ALPHA"},
    "gelu_grad": {
        "typical": "Phi(x) + x * phi(x) for the exact form; differentiate the approximation of this mode for the others"
    },
    "swish_grad": {"typical": "sigmoid(beta x) + beta x sigmoid(beta x) (1 - sigmoid(beta x)): is beta used?"},
}

VARIANTS = [
    ("step_grad", {}, ""),
    ("linear_grad", {}, ""),
    ("sigmoid_grad", {}, ""),
    ("tanh_grad", {}, ""),
    ("relu_grad", {}, ""),
    ("leaky_relu_grad", {}, ""),
    ("leaky_relu_grad", {"alpha": 0.2}, " with a non-default alpha"),
    ("elu_grad", {}, ""),
    ("elu_grad", {"alpha": 2.0}, " with a non-default alpha"),
    ("selu_grad", {}, ""),
    ("gelu_grad", {}, ""),
    ("gelu_grad", {"approximate": "tanh"}, ' with approximate="tanh"'),
    ("gelu_grad", {"approximate": "sigmoid"}, ' with approximate="sigmoid"'),
    ("swish_grad", {}, ""),
    ("swish_grad", {"beta": 2.5}, " with a non-default beta"),
]


def _exempt(name, case):
    return case.key == "nan"  # the contract asks NaN propagation of forward passes only


@pytest.mark.parametrize("name, kwargs, context, case", list(elementwise_params(VARIANTS, _exempt)))
def test_derivative_contract(student, ref, name, kwargs, context, case):
    """Values (the kink convention included), shape, dtype, warnings and no in-place change."""
    check_elementwise(getattr(student, name), getattr(ref, name), case, kwargs, HINTS.get(name), context=context)


@pytest.mark.cell("test_gelu_grad")
@pytest.mark.parametrize("approximate", ["exact", "", None])
def test_gelu_grad_rejects_unknown_modes(student, approximate):
    """Any approximate other than "none", "tanh" and "sigmoid" is a ValueError."""
    outcome = student.gelu_grad.outcome(np.linspace(-1, 1, 5), approximate=approximate)
    if outcome.status != "error" or outcome.error_type != "ValueError":
        fail("gelu_grad: an unknown value of approximate must raise ValueError")


PRELU_CASES = [
    ((6, 4), None, "a scalar alpha"),
    ((6, 4), (4,), "one alpha per channel"),
    ((2, 3, 4, 4), (3, 1, 1), "one alpha per channel of an image batch"),
    ((6, 4), (1, 4), "alpha of shape (1, C)"),
    ((7,), (7,), "alpha of the shape of x"),
    ((2, 3, 2, 2), (3, 1, 1), "one alpha per channel of a small image batch (axes of length 2)"),
]


@pytest.mark.cell("test_prelu_backward")
@pytest.mark.parametrize("x_shape, alpha_shape, label", PRELU_CASES)
@pytest.mark.parametrize("dtype", [np.float64, np.float32])
def test_prelu_backward(student, ref, x_shape, alpha_shape, label, dtype):
    """dx and dalpha against the reference; dalpha has exactly alpha's shape."""
    rng = np.random.default_rng(11)
    x = rng.normal(0, 2, x_shape).astype(dtype)
    x.flat[::5] = 0.0  # the kink: dx uses alpha there, dalpha gets 0
    alpha = 0.25 if alpha_shape is None else rng.uniform(0.05, 0.5, alpha_shape)
    dout = rng.normal(0, 1, x_shape).astype(dtype)
    where = f"{label}{' (float32 x)' if dtype is np.float32 else ''}"
    outcome = call_clean(student.prelu_backward, dout, x, alpha, where=where, returns=("dx", "dalpha"))
    want_dx, want_dalpha = ref.prelu_backward(dout, x, alpha)
    check_close(
        "prelu_backward (dx)",
        outcome.value[0],
        want_dx,
        where,
        {"values": "dx = dout * (1 where x > 0, else alpha); at x == 0 use alpha"},
        dtype=dtype,
    )
    check_close(
        "prelu_backward (dalpha)",
        outcome.value[1],
        want_dalpha,
        where,
        {
            "shape": "sum dout * x (where x <= 0) over every axis broadcasting added or stretched, "
            "so dalpha has alpha's shape",
            "values": "dalpha = sum of dout * (0 where x > 0, else x) over the broadcast axes",
        },
        dtype=dtype,
    )


def _exp_half_derivative(x):
    return 0.5 * np.exp(0.5 * x)


NUMERICAL_CASES = [  # a function of grader.sandbox.harness.FUNCTIONS and its derivative
    ("sin", np.cos, "sin at typical inputs"),
    ("exp_half", _exp_half_derivative, "an exponential"),
]


@pytest.mark.cell("test_numerical_grad")
@pytest.mark.parametrize("shape", [(40,), (3, 4, 2), ()])
@pytest.mark.parametrize("function, derivative, label", NUMERICAL_CASES)
def test_numerical_grad_is_accurate(student, shape, function, derivative, label):
    """A central difference is accurate to about eps**2 plus rounding; a forward difference is not."""
    rng = np.random.default_rng(3)
    x = rng.uniform(-3, 3, shape)
    outcome = call(student.numerical_grad, Function(function), x, context=f" on {label}")
    check_outcome_clean("numerical_grad", outcome, label, {})
    want = derivative(x)
    got = np.asarray(outcome.value, dtype=np.float64) if np.ndim(outcome.value) == np.ndim(want) else None
    if got is None or got.shape != want.shape or not np.all(np.abs(got - want) <= 1e-8 + 1e-7 * np.abs(want)):
        fail(
            f"numerical_grad: not accurate on {label}; use the central difference "
            "(f(x + eps) - f(x - eps)) / (2 eps), evaluated on the whole array at once"
        )


@pytest.mark.cell("test_numerical_grad")
def test_numerical_grad_uses_eps(student):
    """With a large eps the central difference of x**3 is exactly 3x**2 + eps**2."""
    x = np.linspace(-2, 2, 9)
    outcome = call(student.numerical_grad, Function("cube"), x, eps=1e-2, context=" with eps=1e-2")
    want = 3 * x**2 + 1e-4
    got = np.asarray(outcome.value, dtype=np.float64)
    if got.shape != want.shape or not np.allclose(got, want, rtol=1e-9, atol=1e-9):
        fail("numerical_grad: ignores its eps argument or is not a central difference")


@pytest.mark.cell("test_numerical_grad")
@pytest.mark.parametrize("dtype, label", [(np.float32, "float32 inputs"), (np.int64, "integer inputs")])
def test_numerical_grad_works_in_float64(student, dtype, label):
    """Float32 or integer x: shifting by eps = 1e-6 only works in float64 (a linear f: any difference is exact)."""
    x = np.array([-2, -1, 0, 1, 2]).astype(dtype)
    outcome = call(student.numerical_grad, Function("triple"), x, context=f" on {label}")
    check_outcome_clean("numerical_grad", outcome, label, {})
    got = outcome.value
    if not isinstance(got, np.ndarray) or got.dtype != np.float64 or not np.allclose(got, 3.0, rtol=1e-6):
        fail(f"numerical_grad: wrong on {label}; convert x to float64 before shifting it by eps")


ACTIVATIONS = ["linear", "sigmoid", "tanh", "relu", "leaky_relu", "elu", "selu", "gelu", "swish"]


def _layer(seed, n=5, d=3, h=4):
    rng = np.random.default_rng(seed)
    return rng.normal(0, 1, (n, d)), rng.normal(0, 1, (d, h)), rng.normal(0, 1, h)


@pytest.mark.cell("test_dense_forward")
@pytest.mark.parametrize("activation", ACTIVATIONS)
def test_dense_forward(student, ref, activation):
    """a = f(x @ W + b) for each activation; returns (a, cache)."""
    x, W, b = _layer(5)
    outcome = call_clean(
        student.dense_forward, x, W, b, activation, where=f"activation {activation!r}", returns=("a", "cache")
    )
    want, _ = ref.dense_forward(x, W, b, activation)
    check_close(
        "dense_forward",
        outcome.value[0],
        want,
        f"activation {activation!r}",
        {"values": "a = f(x @ W + b), with the activation named by the argument"},
    )


@pytest.mark.cell("test_dense_backward")
@pytest.mark.parametrize("activation", ACTIVATIONS)
@pytest.mark.parametrize("n", [1, 6])
def test_dense_backward(student, ref, activation, n):
    """(dx, dW, db) against the reference, or against it computed with the student's own derivative."""
    x, W, b = _layer(13 + n, n=n)
    da = np.random.default_rng(17).normal(0, 1, (n, W.shape[1]))
    where = f"activation {activation!r}" + (" with a batch of one" if n == 1 else "")
    forward = call(student.dense_forward, x, W, b, activation, context=f" with {where}")
    if not isinstance(forward.value, tuple) or len(forward.value) != 2:
        fail("dense_backward: cannot run, dense_forward does not return (a, cache)")
    outcome = call_clean(student.dense_backward, da, forward.value[1], where=where, returns=("dx", "dW", "db"))
    _, cache = ref.dense_forward(x, W, b, activation)
    own = _with_own_derivative(student, ref, activation, da, x, W, b)
    hints = {
        "values": "dz = da * f'(z); dx = dz @ W.T, dW = x.T @ dz, db = dz summed over the batch",
        "shape": "dx, dW and db have the shapes of x, W and b",
    }
    wanted = ref.dense_backward(da, cache)
    for part, got, want, own_want in zip(("dx", "dW", "db"), outcome.value, wanted, own, strict=True):
        if own_want is None or not values_match(np.asarray(got, dtype=np.float64), own_want):
            check_close(f"dense_backward ({part})", got, want, where, hints)


def _with_own_derivative(student, ref, activation, da, x, W, b):
    """(dx, dW, db) computed with the student's own `<activation>_grad`, or three Nones.

    dense_backward is graded on its own work: an answer that is right given
    the student's own derivative passes, so that a wrong tanh_grad costs the
    points of tanh_grad only. A derivative that is the reference's, all
    zeros (zeros everywhere would let a dense_backward returning zeros pass)
    or not a finite array of z's shape is not used.
    """
    linear_forward, linear_cache = ref.dense_forward(x, W, b, "linear")
    z = linear_forward  # the linear layer's output is z = x @ W + b, and its backward takes dz as da
    outcome = getattr(student, f"{activation}_grad").outcome(z)
    derivative = outcome.value if outcome.status == "ok" else None
    if (
        not isinstance(derivative, np.ndarray)
        or derivative.shape != z.shape
        or derivative.dtype.kind != "f"
        or not np.isfinite(derivative).all()
        or not derivative.any()
    ):
        return None, None, None
    if values_match(derivative, getattr(ref, f"{activation}_grad")(z)):
        return None, None, None
    return ref.dense_backward(da * derivative, linear_cache)
