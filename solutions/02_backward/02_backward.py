# ---
# jupyter:
#   activation_course:
#     assignment: 02_backward
#   jupytext:
#     notebook_metadata_filter: activation_course
#     text_representation:
#       extension: .py
#       format_name: percent
#       format_version: '1.3'
#       jupytext_version: 1.19.6
#   kernelspec:
#     display_name: Python 3
#     language: python
#     name: python3
# ---

# %% [markdown]
# # Assignment 2: backward passes
#
# Backpropagation needs the derivative of every activation. For each
# activation $f$ you implement `<name>_grad(x)`, the elementwise derivative
# $f'(x)$, with the same rules as in assignment 1 (any shape, dtype kept,
# input never modified, no overflow warning for any finite input).
#
# **At a kink** ($x = 0$ exactly) use the value of the $x \le 0$ branch, as
# PyTorch's autograd does: $\operatorname{relu}'(0) = 0$,
# $\operatorname{leaky\_relu}'(0) = \alpha$, $\operatorname{elu}'(0) = \alpha$,
# $\operatorname{step}'(0) = 0$.
#
# Then you check derivatives numerically and backpropagate through a dense
# layer. The cell below gives you a stable `sigmoid` (SciPy's `expit`), the
# forward activations and `as_float_array`.
#
# **How to work**, as in assignment 1: run each answer cell and the test cell
# under it as you go (Shift+Enter). A test cell prints one line: "visible
# checks passed", what failed (the grader fails it too), or "not implemented
# yet" (0 points). *Run All* stops at the first test cell that fails.

# %% [markdown]
# **How it is scored.** A test cell earns part of its points when only some
# categories of the grader's checks fail, in this split: values 50%, dtypes and shapes 12.5%, edge cases 12.5%, warnings 12.5%, in place 12.5%.
# Values come first: if a function's values are wrong on ordinary inputs, its
# cell earns nothing, whatever else is right. The grader's message says the
# points earned and the categories lost.

# %% nbgrader={"grade": false, "grade_id": "setup", "locked": true, "schema_version": 3, "solution": false, "task": false}
import math

import numpy as np
from scipy.special import erfc
from scipy.special import expit as sigmoid

SELU_ALPHA = 1.6732632423543772848170429916717
SELU_SCALE = 1.0507009873554804934193349852946


def as_float_array(x):
    """Return x as a floating NumPy array: float dtypes are kept, anything else becomes float64."""
    x = np.asarray(x)
    if np.issubdtype(x.dtype, np.floating):
        return x
    return x.astype(np.float64)


def apply_activation(name, z):
    """The named activation (default parameters) applied to z: the forward passes of assignment 1."""
    negative_branch = np.expm1(np.minimum(z, 0))
    forward = {
        "linear": lambda: z,
        "sigmoid": lambda: sigmoid(z),
        "tanh": lambda: np.tanh(z),
        "relu": lambda: np.maximum(z, 0),
        "leaky_relu": lambda: np.where(z > 0, z, 0.01 * z),
        "elu": lambda: np.where(z > 0, z, negative_branch),
        "selu": lambda: SELU_SCALE * np.where(z > 0, z, SELU_ALPHA * negative_branch),
        "gelu": lambda: z * (0.5 * erfc(-z / math.sqrt(2))),
        "swish": lambda: z * sigmoid(z),
    }
    if name not in forward:
        raise ValueError(f"unknown activation {name!r}")
    return forward[name]()


# %% [markdown]
# ## Step and linear
#
# $\operatorname{step}'(x) = 0$ everywhere (the jump at 0 has no finite
# slope; by the course's convention $\operatorname{step}'(0) = 0$) and
# $\operatorname{linear}'(x) = 1$. Return float arrays of the input's shape
# and dtype.


# %% nbgrader={"grade": false, "grade_id": "step_grad", "locked": false, "schema_version": 3, "solution": true, "task": false}
def step_grad(x):
    """Derivative of step: 0.0 everywhere, same shape and float dtype as x."""
    ### BEGIN SOLUTION
    return np.zeros_like(as_float_array(x))
    ### END SOLUTION


# %% nbgrader={"grade": true, "grade_id": "test_step_grad", "locked": true, "points": 1, "schema_version": 3, "solution": false, "task": false}
"""Check step_grad: 0.0 at -1, at the kink 0 and at 1; then the other forms of input (float32, integer, 0-d, 2-d, empty)."""
### BEGIN HIDDEN TESTS
from grader.inkernel import run_hidden_tests

_points = run_hidden_tests(
    "02_backward", "test_step_grad", globals()
)  # scores the cell; its visible checks then print, not raise
### END HIDDEN TESTS
from grader.visible import check, check_forms, checking

with checking(step_grad):
    check(step_grad, np.array([-1.0, 0.0, 1.0]), want=[0.0, 0.0, 0.0], on="-1, 0 and 1")
    check_forms(step_grad, np.array([-1.0, 0.0, 1.0]), on="-1, 0 and 1")
### BEGIN HIDDEN TESTS
_points  # the partial score, as nbgrader reads it
### END HIDDEN TESTS


# %% nbgrader={"grade": false, "grade_id": "linear_grad", "locked": false, "schema_version": 3, "solution": true, "task": false}
def linear_grad(x):
    """Derivative of the identity: 1.0 everywhere, same shape and float dtype as x."""
    ### BEGIN SOLUTION
    return np.ones_like(as_float_array(x))
    ### END SOLUTION


# %% nbgrader={"grade": true, "grade_id": "test_linear_grad", "locked": true, "points": 1, "schema_version": 3, "solution": false, "task": false}
"""Check linear_grad: 1.0 at -1, 0 and 1; then the other forms of input (float32, integer, 0-d, 2-d, empty)."""
### BEGIN HIDDEN TESTS
from grader.inkernel import run_hidden_tests

_points = run_hidden_tests(
    "02_backward", "test_linear_grad", globals()
)  # scores the cell; its visible checks then print, not raise
### END HIDDEN TESTS
from grader.visible import check, check_forms, checking

with checking(linear_grad):
    check(linear_grad, np.array([-1.0, 0.0, 1.0]), want=[1.0, 1.0, 1.0], on="-1, 0 and 1")
    check_forms(linear_grad, np.array([-1.0, 0.0, 1.0]), on="-1, 0 and 1")
### BEGIN HIDDEN TESTS
_points  # the partial score, as nbgrader reads it
### END HIDDEN TESTS

# %% [markdown]
# ## Sigmoid
#
# With $\sigma(x) = (1 + e^{-x})^{-1}$, the chain rule gives
# $\sigma'(x) = e^{-x} (1 + e^{-x})^{-2} = \sigma(x)\,(1 - \sigma(x))$.
#
# **Trap:** $e^{-x}$ overflows for large negative $x$ (the grader checks that
# no input gives an overflow warning): use a stable sigmoid.
#
# **Advice (not graded):** for large $x$, $1 - \sigma(x)$ cancels to 0, so
# $\sigma(x)(1 - \sigma(x))$ loses the tiny derivative's relative accuracy
# (the grader's absolute tolerance, 1e-12, accepts it). Since $\sigma'$ is
# even, $\sigma'(x) = \sigma(x)\,\sigma(-x)$ is accurate everywhere.


# %% nbgrader={"grade": false, "grade_id": "sigmoid_grad", "locked": false, "schema_version": 3, "solution": true, "task": false}
def sigmoid_grad(x):
    """Derivative of the sigmoid, sigmoid(x) * (1 - sigmoid(x)), stable; same shape and dtype as x."""
    ### BEGIN SOLUTION
    x = as_float_array(x)
    return sigmoid(x) * sigmoid(-x)
    ### END SOLUTION


# %% nbgrader={"grade": true, "grade_id": "test_sigmoid_grad", "locked": true, "points": 2, "schema_version": 3, "solution": false, "task": false}
"""Check sigmoid_grad: the maximum 1/4 at 0, the value at 2, and -1000 and 1000 without an overflow warning; then the other forms of input (float32, integer, 0-d, 2-d, empty)."""
### BEGIN HIDDEN TESTS
from grader.inkernel import run_hidden_tests

_points = run_hidden_tests(
    "02_backward", "test_sigmoid_grad", globals()
)  # scores the cell; its visible checks then print, not raise
### END HIDDEN TESTS
from grader.visible import check, check_forms, checking

with checking(sigmoid_grad):
    check(sigmoid_grad, np.array([0.0, 2.0]), want=[0.25, 0.10499358540350662], on="0 and 2")
    check(
        sigmoid_grad,
        np.array([-1000.0, 1000.0]),
        want=[0.0, 0.0],
        on="-1000 and 1000",
        hint="use a stable sigmoid: see the trap above",
    )
    check_forms(sigmoid_grad, np.array([-1000.0, 0.0, 2.0, 1000.0]), on="-1000, 0, 2 and 1000")
### BEGIN HIDDEN TESTS
_points  # the partial score, as nbgrader reads it
### END HIDDEN TESTS

# %% [markdown]
# ## Tanh
#
# $\tanh'(x) = 1 - \tanh^2(x)$.
#
# **Trap:** $1/\cosh^2(x)$ is the same function on paper, but `np.cosh`
# overflows for $|x| > 710$.


# %% nbgrader={"grade": false, "grade_id": "tanh_grad", "locked": false, "schema_version": 3, "solution": true, "task": false}
def tanh_grad(x):
    """Derivative of tanh, 1 - tanh(x)**2; same shape and dtype as x."""
    ### BEGIN SOLUTION
    return 1 - np.tanh(as_float_array(x)) ** 2
    ### END SOLUTION


# %% nbgrader={"grade": true, "grade_id": "test_tanh_grad", "locked": true, "points": 1, "schema_version": 3, "solution": false, "task": false}
"""Check tanh_grad: 1 at 0, the value at 1, and 0 at -800 and 800 without an overflow warning; then the other forms of input (float32, integer, 0-d, 2-d, empty)."""
### BEGIN HIDDEN TESTS
from grader.inkernel import run_hidden_tests

_points = run_hidden_tests(
    "02_backward", "test_tanh_grad", globals()
)  # scores the cell; its visible checks then print, not raise
### END HIDDEN TESTS
from grader.visible import check, check_forms, checking

with checking(tanh_grad):
    check(tanh_grad, np.array([0.0, 1.0]), want=[1.0, 0.41997434161402614], on="0 and 1")
    check(
        tanh_grad,
        np.array([-800.0, 800.0]),
        want=[0.0, 0.0],
        on="-800 and 800",
        hint="1 - tanh(x)**2 does not overflow; 1 / cosh(x)**2 does",
    )
    check_forms(tanh_grad, np.array([0.0, 1.0, -800.0, 800.0]), on="0, 1, -800 and 800")
### BEGIN HIDDEN TESTS
_points  # the partial score, as nbgrader reads it
### END HIDDEN TESTS

# %% [markdown]
# ## ReLU and Leaky ReLU
#
# $\operatorname{relu}'(x) = 1$ for $x > 0$ and $0$ for $x \le 0$;
# $\operatorname{leaky\_relu}'(x) = 1$ for $x > 0$ and $\alpha$ for $x \le 0$.
#
# **Trap:** the value *at* 0: the course (like PyTorch) uses the left branch.


# %% nbgrader={"grade": false, "grade_id": "relu_grad", "locked": false, "schema_version": 3, "solution": true, "task": false}
def relu_grad(x):
    """Derivative of relu: 1.0 where x > 0, else 0.0 (0.0 at x == 0); same shape and dtype as x."""
    ### BEGIN SOLUTION
    x = as_float_array(x)
    return (x > 0).astype(x.dtype)
    ### END SOLUTION


# %% nbgrader={"grade": true, "grade_id": "test_relu_grad", "locked": true, "points": 1, "schema_version": 3, "solution": false, "task": false}
"""Check relu_grad: 0 at -1, 0 at the kink, 1 at 2; then the other forms of input (float32, integer, 0-d, 2-d, empty)."""
### BEGIN HIDDEN TESTS
from grader.inkernel import run_hidden_tests

_points = run_hidden_tests(
    "02_backward", "test_relu_grad", globals()
)  # scores the cell; its visible checks then print, not raise
### END HIDDEN TESTS
from grader.visible import check, check_forms, checking

with checking(relu_grad):
    check(relu_grad, np.array([-1.0, 0.0, 2.0]), want=[0.0, 0.0, 1.0], on="-1, 0 and 2")
    check_forms(relu_grad, np.array([-1.0, 0.0, 2.0]), on="-1, 0 and 2")
### BEGIN HIDDEN TESTS
_points  # the partial score, as nbgrader reads it
### END HIDDEN TESTS


# %% nbgrader={"grade": false, "grade_id": "leaky_relu_grad", "locked": false, "schema_version": 3, "solution": true, "task": false}
def leaky_relu_grad(x, alpha=0.01):
    """Derivative of leaky_relu: 1.0 where x > 0, else alpha (alpha at x == 0); same shape and dtype as x."""
    ### BEGIN SOLUTION
    x = as_float_array(x)
    return np.where(x > 0, 1.0, alpha).astype(x.dtype)
    ### END SOLUTION


# %% nbgrader={"grade": true, "grade_id": "test_leaky_relu_grad", "locked": true, "points": 1, "schema_version": 3, "solution": false, "task": false}
"""Check leaky_relu_grad: alpha at -1 and at the kink 0, 1 at 2; and alpha = 0.3; then the other forms of input (float32, integer, 0-d, 2-d, empty)."""
### BEGIN HIDDEN TESTS
from grader.inkernel import run_hidden_tests

_points = run_hidden_tests(
    "02_backward", "test_leaky_relu_grad", globals()
)  # scores the cell; its visible checks then print, not raise
### END HIDDEN TESTS
from grader.visible import check, check_forms, checking

with checking(leaky_relu_grad):
    check(leaky_relu_grad, np.array([-1.0, 0.0, 2.0]), want=[0.01, 0.01, 1.0], on="-1, 0 and 2")
    check(leaky_relu_grad, np.array([-1.0]), alpha=0.3, want=[0.3], on="alpha = 0.3")
    check_forms(leaky_relu_grad, np.array([-1.0, 0.0, 2.0]), on="-1, 0 and 2")
### BEGIN HIDDEN TESTS
_points  # the partial score, as nbgrader reads it
### END HIDDEN TESTS

# %% [markdown]
# ## ELU and SELU
#
# For $x \le 0$, $\frac{d}{dx}\,\alpha(e^x - 1) = \alpha e^x$, so
# $\operatorname{elu}'(x) = 1$ for $x > 0$ and $\alpha e^{x}$ for $x \le 0$
# (which is $\alpha$ at 0); $\operatorname{selu}'(x) = \lambda\,\operatorname{elu}'(x, \alpha)$.
#
# **Trap:** as in the forward pass, do not evaluate `np.exp(x)` for large
# positive `x`.


# %% nbgrader={"grade": false, "grade_id": "elu_grad", "locked": false, "schema_version": 3, "solution": true, "task": false}
def elu_grad(x, alpha=1.0):
    """Derivative of elu: 1.0 where x > 0, else alpha * exp(x); same shape and dtype as x."""
    ### BEGIN SOLUTION
    x = as_float_array(x)
    return np.where(x > 0, 1.0, alpha * np.exp(np.minimum(x, 0))).astype(x.dtype)
    ### END SOLUTION


# %% nbgrader={"grade": true, "grade_id": "test_elu_grad", "locked": true, "points": 2, "schema_version": 3, "solution": false, "task": false}
"""Check elu_grad: values at -1, at the kink 0 and at 2; alpha = 2 at 0, and 1000 without an overflow warning; then the other forms of input (float32, integer, 0-d, 2-d, empty)."""
### BEGIN HIDDEN TESTS
from grader.inkernel import run_hidden_tests

_points = run_hidden_tests(
    "02_backward", "test_elu_grad", globals()
)  # scores the cell; its visible checks then print, not raise
### END HIDDEN TESTS
from grader.visible import check, check_forms, checking

with checking(elu_grad):
    check(elu_grad, np.array([-1.0, 0.0, 2.0]), want=[math.exp(-1), 1.0, 1.0], on="-1, 0 and 2")
    check(elu_grad, np.array([0.0, 1000.0]), alpha=2.0, want=[2.0, 1.0], on="0 and 1000 with alpha = 2")
    check_forms(elu_grad, np.array([-1.0, 0.0, 2.0, 1000.0]), alpha=2.0, on="-1, 0, 2 and 1000 with alpha = 2")
### BEGIN HIDDEN TESTS
_points  # the partial score, as nbgrader reads it
### END HIDDEN TESTS


# %% nbgrader={"grade": false, "grade_id": "selu_grad", "locked": false, "schema_version": 3, "solution": true, "task": false}
def selu_grad(x):
    """Derivative of selu: SELU_SCALE * elu_grad(x, SELU_ALPHA); same shape and dtype as x."""
    ### BEGIN SOLUTION
    return SELU_SCALE * elu_grad(x, SELU_ALPHA)
    ### END SOLUTION


# %% nbgrader={"grade": true, "grade_id": "test_selu_grad", "locked": true, "points": 1, "schema_version": 3, "solution": false, "task": false}
"""Check selu_grad: SELU_SCALE at 1, SELU_SCALE * SELU_ALPHA at the kink 0; then the other forms of input (float32, integer, 0-d, 2-d, empty)."""
### BEGIN HIDDEN TESTS
from grader.inkernel import run_hidden_tests

_points = run_hidden_tests(
    "02_backward", "test_selu_grad", globals()
)  # scores the cell; its visible checks then print, not raise
### END HIDDEN TESTS
from grader.visible import check, check_forms, checking

with checking(selu_grad):
    check(selu_grad, np.array([1.0, 0.0]), want=[SELU_SCALE, SELU_SCALE * SELU_ALPHA], on="1 and 0")
    check_forms(selu_grad, np.array([1.0, 0.0, -1000.0]), on="1, 0 and -1000")
### BEGIN HIDDEN TESTS
_points  # the partial score, as nbgrader reads it
### END HIDDEN TESTS

# %% [markdown]
# ## GELU
#
# Product rule on $x\,\Phi(x)$: $\operatorname{gelu}'(x) = \Phi(x) + x\,\varphi(x)$
# with $\varphi(x) = e^{-x^2/2} / \sqrt{2\pi}$.
#
# - `"tanh"`: with $u = \sqrt{2/\pi}\,(x + 0.044715\,x^3)$,
#   $\frac{d}{dx} = \tfrac12(1 + \tanh u) + \tfrac12 x\,(1 - \tanh^2 u)\,\sqrt{2/\pi}\,(1 + 3 \cdot 0.044715\,x^2)$.
# - `"sigmoid"`: with $s = \sigma(1.702\,x)$, $\frac{d}{dx} = s + 1.702\,x\,s\,(1 - s)$.
#
# Any other `approximate` raises `ValueError`.


# %% nbgrader={"grade": false, "grade_id": "gelu_grad", "locked": false, "schema_version": 3, "solution": true, "task": false}
def gelu_grad(x, approximate="none"):
    """Derivative of gelu for approximate in ("none", "tanh", "sigmoid"); same shape and dtype as x."""
    ### BEGIN SOLUTION
    x = as_float_array(x)
    if approximate == "none":
        cdf = 0.5 * erfc(-x / math.sqrt(2))
        pdf = np.exp(-0.5 * x * x) / math.sqrt(2 * math.pi)
        return cdf + x * pdf
    if approximate == "tanh":
        c = math.sqrt(2 / math.pi)
        t = np.tanh(c * (x + 0.044715 * x**3))
        return 0.5 * (1 + t) + 0.5 * x * (1 - t * t) * c * (1 + 3 * 0.044715 * x * x)
    if approximate == "sigmoid":
        k = 1.702
        return sigmoid(k * x) + k * x * sigmoid(k * x) * sigmoid(-k * x)
    raise ValueError(f"approximate must be 'none', 'tanh' or 'sigmoid', not {approximate!r}")
    ### END SOLUTION


# %% nbgrader={"grade": true, "grade_id": "test_gelu_grad", "locked": true, "points": 3, "schema_version": 3, "solution": false, "task": false}
"""Check gelu_grad: the three forms at 0 and 1, the ValueError for approximate="exact"; then the other forms of input."""
### BEGIN HIDDEN TESTS
from grader.inkernel import run_hidden_tests

_points = run_hidden_tests(
    "02_backward", "test_gelu_grad", globals()
)  # scores the cell; its visible checks then print, not raise
### END HIDDEN TESTS
from grader.visible import check, check_forms, checking, expect_error

with checking(gelu_grad):
    check(gelu_grad, np.array([0.0, 1.0]), want=[0.5, 1.0833154705876864], on="0 and 1")
    check(
        gelu_grad,
        np.array([0.0, 1.0]),
        approximate="tanh",
        want=[0.5, 1.0829640838457826],
        on='0 and 1 (approximate="tanh")',
    )
    check(
        gelu_grad,
        np.array([0.0, 1.0]),
        approximate="sigmoid",
        want=[0.5, 1.0677796065563339],
        on='0 and 1 (approximate="sigmoid")',
    )
    for mode in ("none", "tanh", "sigmoid"):
        check_forms(
            gelu_grad, np.array([-1000.0, 1.0, 1000.0]), approximate=mode, on=f'-1000, 1 and 1000, approximate="{mode}"'
        )
    expect_error(gelu_grad, ValueError, np.array([1.0]), approximate="exact", on='for approximate="exact"')
### BEGIN HIDDEN TESTS
_points  # the partial score, as nbgrader reads it
### END HIDDEN TESTS

# %% [markdown]
# ## Swish
#
# $\frac{d}{dx}\, x\,\sigma(\beta x) = \sigma(\beta x) + \beta x\,\sigma(\beta x)\,(1 - \sigma(\beta x))$.
#
# **Advice (not graded):** write $1 - \sigma(\beta x)$ as $\sigma(-\beta x)$,
# which does not cancel to 0 for large $\beta x$ (see the sigmoid's advice above).


# %% nbgrader={"grade": false, "grade_id": "swish_grad", "locked": false, "schema_version": 3, "solution": true, "task": false}
def swish_grad(x, beta=1.0):
    """Derivative of swish(x, beta); same shape and dtype as x."""
    ### BEGIN SOLUTION
    x = as_float_array(x)
    s = sigmoid(beta * x)
    return s + beta * x * s * sigmoid(-beta * x)
    ### END SOLUTION


# %% nbgrader={"grade": true, "grade_id": "test_swish_grad", "locked": true, "points": 2, "schema_version": 3, "solution": false, "task": false}
"""Check swish_grad: 1/2 at 0, the value at 1, and both with beta = 3; then the other forms of input."""
### BEGIN HIDDEN TESTS
from grader.inkernel import run_hidden_tests

_points = run_hidden_tests(
    "02_backward", "test_swish_grad", globals()
)  # scores the cell; its visible checks then print, not raise
### END HIDDEN TESTS
from grader.visible import check, check_forms, checking

with checking(swish_grad):
    check(swish_grad, np.array([0.0, 1.0]), want=[0.5, 0.9276705118714866], on="0 and 1")
    check(swish_grad, np.array([0.0, 1.0]), beta=3.0, want=[0.5, 1.0881041060151697], on="0 and 1 with beta = 3")
    check_forms(swish_grad, np.array([-1000.0, 1.0, 1000.0]), beta=3.0, on="-1000, 1 and 1000 with beta = 3")
### BEGIN HIDDEN TESTS
_points  # the partial score, as nbgrader reads it
### END HIDDEN TESTS

# %% [markdown]
# ## PReLU: gradients for the input and for the slope
#
# $y = \operatorname{prelu}(x, \alpha)$. Given the upstream gradient
# `dout` $= \partial L / \partial y$ (the shape of `x`):
#
# - $\partial L / \partial x = $ `dout` $\cdot\,(1$ where $x > 0$, else $\alpha)$;
# - $\partial L / \partial \alpha = $ `dout` $\cdot\,(0$ where $x > 0$, else $x)$, **summed**
#   over every axis that broadcasting added or stretched, so that `dalpha`
#   has exactly the shape of `alpha` (a scalar `alpha` gets a scalar).


# %% nbgrader={"grade": false, "grade_id": "prelu_backward", "locked": false, "schema_version": 3, "solution": true, "task": false}
def prelu_backward(dout, x, alpha):
    """Gradients of prelu: returns (dx, dalpha), dx shaped like x, dalpha shaped like alpha."""
    ### BEGIN SOLUTION
    x = as_float_array(x)
    alpha = np.asarray(alpha)
    positive = x > 0
    dx = (dout * np.where(positive, 1.0, alpha)).astype(x.dtype, copy=False)
    dalpha_full = dout * np.where(positive, 0.0, x)
    # Undo broadcasting: sum the leading axes alpha lacks, then the axes it stretched.
    extra = dalpha_full.ndim - alpha.ndim
    dalpha = dalpha_full.sum(axis=tuple(range(extra)))
    stretched = tuple(i for i, n in enumerate(alpha.shape) if n == 1 and dalpha.shape[i] != 1)
    dalpha = dalpha.sum(axis=stretched, keepdims=True)
    return dx, dalpha.astype(x.dtype, copy=False)
    ### END SOLUTION


# %% nbgrader={"grade": true, "grade_id": "test_prelu_backward", "locked": true, "points": 3, "schema_version": 3, "solution": false, "task": false}
"""Check prelu_backward: dx and dalpha for a scalar slope and one slope per channel, in float64 and float32."""
### BEGIN HIDDEN TESTS
from grader.inkernel import run_hidden_tests

_points = run_hidden_tests(
    "02_backward", "test_prelu_backward", globals()
)  # scores the cell; its visible checks then print, not raise
### END HIDDEN TESTS
from grader.visible import check, checking

with checking(prelu_backward):
    x = np.array([[-1.0, 2.0], [-3.0, -4.0]])
    dout = np.array([[2.0, 1.0], [1.0, 3.0]])
    for dtype in (np.float64, np.float32):
        on = f"a scalar alpha ({np.dtype(dtype).name} x)"
        args = (dout.astype(dtype), x.astype(dtype))
        check(prelu_backward, *args, 0.5, want=[[1.0, 1.0], [0.5, 1.5]], part=(0, "dx"), on=on)
        check(prelu_backward, *args, 0.5, want=-17.0, part=(1, "dalpha"), dtype=dtype, on=on)
        on = f"one alpha per channel ({np.dtype(dtype).name} x)"
        check(prelu_backward, *args, np.array([0.1, 0.2]), want=[[0.2, 1.0], [0.1, 0.6]], part=(0, "dx"), on=on)
        check(prelu_backward, *args, np.array([0.1, 0.2]), want=[-5.0, -12.0], part=(1, "dalpha"), dtype=dtype, on=on)
### BEGIN HIDDEN TESTS
_points  # the partial score, as nbgrader reads it
### END HIDDEN TESTS

# %% [markdown]
# ## Checking derivatives numerically
#
# The central difference
# $$f'(x) \approx \frac{f(x + \varepsilon) - f(x - \varepsilon)}{2\varepsilon}$$
# has an error of order $\varepsilon^2$ (the forward difference
# $\frac{f(x+\varepsilon) - f(x)}{\varepsilon}$ only of order $\varepsilon$).
# `f` is elementwise, so one call on the whole shifted array gives every
# derivative at once. Work in float64.


# %% nbgrader={"grade": false, "grade_id": "numerical_grad", "locked": false, "schema_version": 3, "solution": true, "task": false}
def numerical_grad(f, x, eps=1e-6):
    """Central-difference derivative of the elementwise function f at x, as float64 of x's shape."""
    ### BEGIN SOLUTION
    x = np.asarray(x, dtype=np.float64)
    return (f(x + eps) - f(x - eps)) / (2 * eps)
    ### END SOLUTION


# %% nbgrader={"grade": true, "grade_id": "test_numerical_grad", "locked": true, "points": 2, "schema_version": 3, "solution": false, "task": false}
"""Check numerical_grad: sin' = cos at -3, -2, ..., 3; 3 x at float32 and integer x; eps = 0.01 on x**3 (exactly 3 x**2 + eps**2)."""
### BEGIN HIDDEN TESTS
from grader.inkernel import run_hidden_tests

_points = run_hidden_tests(
    "02_backward", "test_numerical_grad", globals()
)  # scores the cell; its visible checks then print, not raise
### END HIDDEN TESTS
from grader.sandbox.harness import Function
from grader.visible import check, checking

with checking(numerical_grad):
    x = np.linspace(-3, 3, 7)
    check(
        numerical_grad,
        Function("sin"),
        x,
        want=np.cos(x),
        on="sin at -3, -2, ..., 3",
        hint="use the central difference (f(x + eps) - f(x - eps)) / (2 eps)",
    )
    for kind in (np.float32, np.int64):
        check(
            numerical_grad,
            Function("triple"),
            x.astype(kind),
            want=np.full(7, 3.0),
            dtype=np.float64,
            on=f"3 x at {np.dtype(kind).name} x",
            hint="convert x to float64 before shifting it by eps",
        )
    check(
        numerical_grad,
        Function("cube"),
        x,
        eps=1e-2,
        want=3 * x**2 + 1e-4,
        on="x ** 3 with eps = 0.01",
        hint="use the eps you are given, in the central difference",
    )
### BEGIN HIDDEN TESTS
_points  # the partial score, as nbgrader reads it
### END HIDDEN TESTS

# %% [markdown]
# ## A dense layer
#
# `dense_forward(x, W, b, activation)` computes $z = xW + b$ and
# $a = f(z)$ for `x` of shape (N, D), `W` (D, H), `b` (H,), and returns
# `(a, cache)`: the cache holds whatever the backward pass needs.
# `dense_backward(da, cache)` returns $(\partial L/\partial x, \partial L/\partial W, \partial L/\partial b)$
# given $\partial L / \partial a$:
#
# $$dz = da \odot f'(z), \quad dx = dz\,W^\top, \quad dW = x^\top dz, \quad db = \textstyle\sum_n dz_n.$$
#
# Use the given `apply_activation(name, z)` for $f$ and `activation_grad(name, z)`
# (below) for $f'$; it calls your `<name>_grad` functions.
# `dense_backward` is graded on its own work: an answer that is right with
# your own `<name>_grad` functions gets its points even where one of those
# is wrong (that one loses its own points, once).


# %% nbgrader={"grade": false, "grade_id": "activation_grad", "locked": true, "schema_version": 3, "solution": false, "task": false}
def activation_grad(name, z):
    """Derivative of the named activation (default parameters) at z, using your *_grad functions."""
    grads = {
        "linear": linear_grad,
        "sigmoid": sigmoid_grad,
        "tanh": tanh_grad,
        "relu": relu_grad,
        "leaky_relu": leaky_relu_grad,
        "elu": elu_grad,
        "selu": selu_grad,
        "gelu": gelu_grad,
        "swish": swish_grad,
    }
    if name not in grads:
        raise ValueError(f"unknown activation {name!r}")
    return grads[name](z)


# %% nbgrader={"grade": false, "grade_id": "dense_forward", "locked": false, "schema_version": 3, "solution": true, "task": false}
def dense_forward(x, W, b, activation):
    """Dense layer f(x @ W + b): returns (a, cache) with a of shape (N, H)."""
    ### BEGIN SOLUTION
    z = x @ W + b
    return apply_activation(activation, z), (x, W, z, activation)
    ### END SOLUTION


# %% nbgrader={"grade": true, "grade_id": "test_dense_forward", "locked": true, "points": 2, "schema_version": 3, "solution": false, "task": false}
"""Check dense_forward on a tiny linear and ReLU layer."""
### BEGIN HIDDEN TESTS
from grader.inkernel import run_hidden_tests

_points = run_hidden_tests(
    "02_backward", "test_dense_forward", globals()
)  # scores the cell; its visible checks then print, not raise
### END HIDDEN TESTS
from grader.visible import check, checking

with checking(dense_forward):
    x = np.array([[1.0, -1.0]])
    W = np.array([[1.0, 2.0], [3.0, 4.0]])
    b = np.array([0.5, 0.5])
    check(dense_forward, x, W, b, "linear", want=[[-1.5, -1.5]], part=(0, "a"), on="a linear layer")
    check(dense_forward, x, W, b, "relu", want=[[0.0, 0.0]], part=(0, "a"), on="a ReLU layer")
### BEGIN HIDDEN TESTS
_points  # the partial score, as nbgrader reads it
### END HIDDEN TESTS


# %% nbgrader={"grade": false, "grade_id": "dense_backward", "locked": false, "schema_version": 3, "solution": true, "task": false}
def dense_backward(da, cache):
    """Backward pass of dense_forward: returns (dx, dW, db) shaped like x, W and b."""
    ### BEGIN SOLUTION
    x, W, z, activation = cache
    dz = da * activation_grad(activation, z)
    return dz @ W.T, x.T @ dz, dz.sum(axis=0)
    ### END SOLUTION


# %% nbgrader={"grade": true, "grade_id": "test_dense_backward", "locked": true, "points": 3, "schema_version": 3, "solution": false, "task": false}
"""Check dense_backward on a small tanh layer: dx, dW and db, computed with your own tanh_grad."""
### BEGIN HIDDEN TESTS
from grader.inkernel import run_hidden_tests

_points = run_hidden_tests(
    "02_backward", "test_dense_backward", globals()
)  # scores the cell; its visible checks then print, not raise
### END HIDDEN TESTS
from grader.visible import check, checking

with checking(dense_backward):
    rng = np.random.default_rng(0)
    x, W, b = rng.normal(size=(3, 2)), rng.normal(size=(2, 4)), rng.normal(size=4)
    da = rng.normal(size=(3, 4))
    _, cache = dense_forward(x, W, b, "tanh")
    dz = da * tanh_grad(x @ W + b)
    for index, part, want in ((0, "dx", dz @ W.T), (1, "dW", x.T @ dz), (2, "db", dz.sum(axis=0))):
        check(dense_backward, da, cache, want=want, part=(index, part), on="a tanh layer")
### BEGIN HIDDEN TESTS
_points  # the partial score, as nbgrader reads it
### END HIDDEN TESTS
