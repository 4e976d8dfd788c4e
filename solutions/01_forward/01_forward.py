# ---
# jupyter:
#   activation_course:
#     assignment: 01_forward
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
# # Assignment 1: forward passes
#
# You will implement the twelve activation functions of the course in NumPy.
# Every function must
#
# - accept a NumPy array of any shape (0-d, 1-d, n-d, empty) or a Python float
#   and return an array of the same shape;
# - keep a floating dtype (float32 in, float32 out) and turn integer input
#   into float64;
# - never modify its input in place;
# - be correct for every finite input, including |x| up to 1e4, with no NaN
#   and no overflow warning; and give NaN where its input is NaN (`step` is
#   the exception).
#
# Each function has its own answer cell: replace `raise NotImplementedError()`
# with your code and keep the signature and the docstring. The test cell
# below each answer runs a few visible checks; the grader runs many more.
# `as_float_array` below is given: use it.
#
# **How to work.** Run the cell below once, then, for each function, run its
# answer cell and the test cell under it (Shift+Enter). A test cell prints
# "visible checks passed" when they pass, and otherwise one line saying what
# failed, for example an overflow `RuntimeWarning`: the grader counts such a
# warning as a failure too. A function you have not written yet says "not
# implemented yet" and earns 0 points. *Run All* stops at the first test cell
# that fails, so use it once everything is done; until then, run the cells of
# the function you are working on.

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


def as_float_array(x):
    """Return x as a floating NumPy array: float dtypes are kept, anything else becomes float64.

    A float array is returned as it is (not copied): do not modify the result
    in place unless you copied it first.
    """
    x = np.asarray(x)
    if np.issubdtype(x.dtype, np.floating):
        return x
    return x.astype(np.float64)


# %% [markdown]
# ## Step
#
# $$\operatorname{step}(x) = \begin{cases} 1 & x > 0 \\ 0 & x \le 0 \end{cases}$$
#
# Return floats (1.0 and 0.0) in the input's floating dtype, not booleans.


# %% nbgrader={"grade": false, "grade_id": "step", "locked": false, "schema_version": 3, "solution": true, "task": false}
def step(x):
    """Heaviside step: 1.0 where x > 0, else 0.0, same shape and float dtype as x."""
    ### BEGIN SOLUTION
    x = as_float_array(x)
    return (x > 0).astype(x.dtype)
    ### END SOLUTION


# %% nbgrader={"grade": true, "grade_id": "test_step", "locked": true, "points": 1, "schema_version": 3, "solution": false, "task": false}
"""Check step: 0.0 at -2 and at the kink 0, 1.0 at 3; then float32, integer, 0-d, 2-d and empty input."""
### BEGIN HIDDEN TESTS
from grader.inkernel import run_hidden_tests

_points = run_hidden_tests(
    "01_forward", "test_step", globals()
)  # scores the cell; its visible checks then print, not raise
### END HIDDEN TESTS
from grader.visible import check, check_forms, checking

with checking(step):
    check(step, np.array([-2.0, 0.0, 3.0]), want=[0.0, 0.0, 1.0], on="-2, 0 and 3")
    check_forms(step, np.array([-2.0, 0.0, 3.0, -1e4, 1e4]), on="-2, 0, 3 and -1e4, 1e4")
### BEGIN HIDDEN TESTS
_points  # the partial score, as nbgrader reads it
### END HIDDEN TESTS

# %% [markdown]
# ## Linear (identity)
#
# $$\operatorname{linear}(x) = x$$
#
# Return a *new* float array: the caller may modify the result, and that must
# not change their input.


# %% nbgrader={"grade": false, "grade_id": "linear", "locked": false, "schema_version": 3, "solution": true, "task": false}
def linear(x):
    """Identity: a new float array equal to x."""
    ### BEGIN SOLUTION
    return np.array(as_float_array(x), copy=True)
    ### END SOLUTION


# %% nbgrader={"grade": true, "grade_id": "test_linear", "locked": true, "points": 1, "schema_version": 3, "solution": false, "task": false}
"""Check linear: values, a new array (not the input itself); then float32, integer, 0-d, 2-d, empty and NaN input."""
### BEGIN HIDDEN TESTS
from grader.inkernel import run_hidden_tests

_points = run_hidden_tests(
    "01_forward", "test_linear", globals()
)  # scores the cell; its visible checks then print, not raise
### END HIDDEN TESTS
from grader.visible import check, check_forms, checking

with checking(linear):
    x = np.array([-1.5, 0.0, 2.0])
    check(linear, x, want=x, on="-1.5, 0 and 2")
    assert not np.shares_memory(linear(x), x), "returned its input itself; return a new array"
    check_forms(linear, x, on="-1.5, 0 and 2", nan=True)
### BEGIN HIDDEN TESTS
_points  # the partial score, as nbgrader reads it
### END HIDDEN TESTS

# %% [markdown]
# ## Sigmoid
#
# $$\sigma(x) = \frac{1}{1 + e^{-x}}$$
#
# **Trap:** for $x = -1000$, `np.exp(-x)` overflows to `inf` (with a
# `RuntimeWarning`). Rewrite the formula for $x < 0$ so that you only ever
# exponentiate non-positive numbers: $\sigma(x) = \frac{e^{x}}{1 + e^{x}}$.


# %% nbgrader={"grade": false, "grade_id": "sigmoid", "locked": false, "schema_version": 3, "solution": true, "task": false}
def sigmoid(x):
    """Logistic sigmoid 1 / (1 + exp(-x)), stable for large |x|; same shape and dtype as x."""
    ### BEGIN SOLUTION
    x = as_float_array(x)
    z = np.exp(-np.abs(x))  # in (0, 1]: never overflows
    return np.where(x >= 0, 1 / (1 + z), z / (1 + z))
    ### END SOLUTION


# %% nbgrader={"grade": true, "grade_id": "test_sigmoid", "locked": true, "points": 2, "schema_version": 3, "solution": false, "task": false}
"""Check sigmoid: values at 0 and 2; at -1000 and 1000 (in float64 and float32) without an overflow warning; then the other forms of input (float32, integer, 0-d, 2-d, empty, NaN)."""
### BEGIN HIDDEN TESTS
from grader.inkernel import run_hidden_tests

_points = run_hidden_tests(
    "01_forward", "test_sigmoid", globals()
)  # scores the cell; its visible checks then print, not raise
### END HIDDEN TESTS
from grader.visible import check, check_forms, checking

with checking(sigmoid):
    check(sigmoid, np.array([0.0, 2.0]), want=[0.5, 0.8807970779778823], on="0 and 2")
    check(
        sigmoid,
        np.array([-1000.0, 1000.0]),
        want=[0.0, 1.0],
        on="-1000 and 1000",
        hint="exp(-x) overflows for large |x|: see the trap above",
    )
    check(
        sigmoid,
        np.array([-1000.0, 0.0, 1000.0], dtype=np.float32),
        want=[0.0, 0.5, 1.0],
        on="float32 input",
        hint="float32 in, float32 out, and no overflow: see the trap above",
    )
    check_forms(sigmoid, np.array([-1000.0, 0.0, 2.0, 1000.0]), on="-1000, 0, 2 and 1000", nan=True)
### BEGIN HIDDEN TESTS
_points  # the partial score, as nbgrader reads it
### END HIDDEN TESTS

# %% [markdown]
# ## Hyperbolic tangent
#
# $$\tanh(x) = \frac{e^{x} - e^{-x}}{e^{x} + e^{-x}}$$
#
# **Trap:** the formula as written gives `inf / inf = nan` for $|x| > 710$.
# NumPy's `np.tanh` is stable; if you write it yourself, use
# $\tanh(x) = \operatorname{sign}(x)\,\frac{1 - e^{-2|x|}}{1 + e^{-2|x|}}$.


# %% nbgrader={"grade": false, "grade_id": "tanh", "locked": false, "schema_version": 3, "solution": true, "task": false}
def tanh(x):
    """Hyperbolic tangent, stable for large |x|; same shape and dtype as x."""
    ### BEGIN SOLUTION
    return np.tanh(as_float_array(x))
    ### END SOLUTION


# %% nbgrader={"grade": true, "grade_id": "test_tanh", "locked": true, "points": 2, "schema_version": 3, "solution": false, "task": false}
"""Check tanh: values at 0, 1 and -1; at -800 and 800 without an overflow or NaN; then the other forms of input (float32, integer, 0-d, 2-d, empty, NaN)."""
### BEGIN HIDDEN TESTS
from grader.inkernel import run_hidden_tests

_points = run_hidden_tests(
    "01_forward", "test_tanh", globals()
)  # scores the cell; its visible checks then print, not raise
### END HIDDEN TESTS
from grader.visible import check, check_forms, checking

with checking(tanh):
    check(tanh, np.array([0.0, 1.0, -1.0]), want=[0.0, 0.7615941559557649, -0.7615941559557649], on="0, 1 and -1")
    check(
        tanh,
        np.array([-800.0, 800.0]),
        want=[-1.0, 1.0],
        on="-800 and 800",
        hint="e^x overflows and inf / inf is NaN: see the trap above",
    )
    check_forms(tanh, np.array([0.0, 1.0, -800.0, 800.0]), on="0, 1, -800 and 800", nan=True)
### BEGIN HIDDEN TESTS
_points  # the partial score, as nbgrader reads it
### END HIDDEN TESTS

# %% [markdown]
# ## ReLU
#
# $$\operatorname{relu}(x) = \max(0, x)$$
#
# **Trap:** `np.where(x > 0, x, 0)` turns NaN into 0, hiding a bug upstream;
# `np.maximum` propagates NaN.


# %% nbgrader={"grade": false, "grade_id": "relu", "locked": false, "schema_version": 3, "solution": true, "task": false}
def relu(x):
    """Rectified linear unit max(0, x); NaN stays NaN; same shape and dtype as x."""
    ### BEGIN SOLUTION
    return np.maximum(as_float_array(x), 0)
    ### END SOLUTION


# %% nbgrader={"grade": true, "grade_id": "test_relu", "locked": true, "points": 1, "schema_version": 3, "solution": false, "task": false}
"""Check relu: values on both sides of the kink and at it; NaN stays NaN; then the other forms of input (float32, integer, 0-d, 2-d, empty, NaN)."""
### BEGIN HIDDEN TESTS
from grader.inkernel import run_hidden_tests

_points = run_hidden_tests(
    "01_forward", "test_relu", globals()
)  # scores the cell; its visible checks then print, not raise
### END HIDDEN TESTS
from grader.visible import check, check_forms, checking

with checking(relu):
    check(relu, np.array([-2.0, 0.0, 3.0]), want=[0.0, 0.0, 3.0], on="-2, 0 and 3")
    check(
        relu, np.array([np.nan, -1.0]), want=[np.nan, 0.0], on="NaN input", hint="NaN must stay NaN: see the trap above"
    )
    check_forms(relu, np.array([-2.0, 0.0, 3.0, 1e4]), on="-2, 0, 3 and 1e4", nan=True)
### BEGIN HIDDEN TESTS
_points  # the partial score, as nbgrader reads it
### END HIDDEN TESTS

# %% [markdown]
# ## Leaky ReLU
#
# $$\operatorname{leaky\_relu}(x) = \begin{cases} x & x > 0 \\ \alpha x & x \le 0 \end{cases}, \qquad \alpha = 0.01 \text{ by default}$$
#
# **Trap:** `max(x, alpha * x)` is only right while $0 \le \alpha \le 1$.


# %% nbgrader={"grade": false, "grade_id": "leaky_relu", "locked": false, "schema_version": 3, "solution": true, "task": false}
def leaky_relu(x, alpha=0.01):
    """Leaky ReLU: x where x > 0, else alpha * x; same shape and dtype as x."""
    ### BEGIN SOLUTION
    x = as_float_array(x)
    return np.where(x > 0, x, alpha * x)
    ### END SOLUTION


# %% nbgrader={"grade": true, "grade_id": "test_leaky_relu", "locked": true, "points": 1, "schema_version": 3, "solution": false, "task": false}
"""Check leaky_relu: the default alpha, alpha = 0.2 and alpha = 1.5 (> 1); then the other forms of input (float32, integer, 0-d, 2-d, empty, NaN)."""
### BEGIN HIDDEN TESTS
from grader.inkernel import run_hidden_tests

_points = run_hidden_tests(
    "01_forward", "test_leaky_relu", globals()
)  # scores the cell; its visible checks then print, not raise
### END HIDDEN TESTS
from grader.visible import check, check_forms, checking

with checking(leaky_relu):
    check(leaky_relu, np.array([-2.0, 3.0]), want=[-0.02, 3.0], on="the default alpha")
    check(leaky_relu, np.array([-2.0, 3.0]), alpha=0.2, want=[-0.4, 3.0], on="alpha = 0.2")
    check(
        leaky_relu,
        np.array([-2.0, 3.0]),
        alpha=1.5,
        want=[-3.0, 3.0],
        on="alpha = 1.5",
        hint="max(x, alpha * x) is wrong when alpha > 1: see the trap above",
    )
    check_forms(leaky_relu, np.array([-2.0, 3.0, -1e4]), on="-2, 3 and -1e4", nan=True)
### BEGIN HIDDEN TESTS
_points  # the partial score, as nbgrader reads it
### END HIDDEN TESTS

# %% [markdown]
# ## PReLU
#
# Leaky ReLU whose slope $\alpha$ is learned: a scalar, or an array that
# broadcasts against `x` (one slope per channel, for example `alpha` of shape
# `(C,)` for `x` of shape `(N, C)`).
#
# **Trap:** the output keeps the dtype of `x`, even if `alpha` is float64.


# %% nbgrader={"grade": false, "grade_id": "prelu", "locked": false, "schema_version": 3, "solution": true, "task": false}
def prelu(x, alpha):
    """Parametric ReLU: x where x > 0, else alpha * x (alpha broadcasts against x); dtype of x."""
    ### BEGIN SOLUTION
    x = as_float_array(x)
    return np.where(x > 0, x, np.asarray(alpha) * x).astype(x.dtype, copy=False)
    ### END SOLUTION


# %% nbgrader={"grade": true, "grade_id": "test_prelu", "locked": true, "points": 2, "schema_version": 3, "solution": false, "task": false}
"""Check prelu: a scalar slope, one slope per channel, and float32 x with float64 slopes (float32 out); then the other forms of input (float32, integer, 0-d, 2-d, empty, NaN)."""
### BEGIN HIDDEN TESTS
from grader.inkernel import run_hidden_tests

_points = run_hidden_tests(
    "01_forward", "test_prelu", globals()
)  # scores the cell; its visible checks then print, not raise
### END HIDDEN TESTS
from grader.visible import check, check_forms, checking

with checking(prelu):
    x = np.array([[-1.0, -1.0], [2.0, -3.0]])
    check(prelu, x, 0.5, want=[[-0.5, -0.5], [2.0, -1.5]], on="a scalar alpha")
    check(prelu, x, np.array([0.1, 0.2]), want=[[-0.1, -0.2], [2.0, -0.6]], on="one alpha per channel")
    check(
        prelu,
        x.astype(np.float32),
        np.array([0.1, 0.2]),
        want=[[-0.1, -0.2], [2.0, -0.6]],
        on="float32 x and float64 alpha",
        hint="the output keeps the dtype of x: see the trap above",
    )
    check_forms(prelu, x, 0.5, on="a scalar alpha", nan=True)
### BEGIN HIDDEN TESTS
_points  # the partial score, as nbgrader reads it
### END HIDDEN TESTS

# %% [markdown]
# ## ELU
#
# $$\operatorname{elu}(x) = \begin{cases} x & x > 0 \\ \alpha\,(e^{x} - 1) & x \le 0 \end{cases}$$
#
# **Trap:** `np.where` evaluates *both* branches everywhere, so
# `np.exp(x)` overflows for large positive `x` even though that branch is
# not selected. Exponentiate `np.minimum(x, 0)` instead; `np.expm1` computes
# $e^x - 1$ accurately near 0.


# %% nbgrader={"grade": false, "grade_id": "elu", "locked": false, "schema_version": 3, "solution": true, "task": false}
def elu(x, alpha=1.0):
    """Exponential linear unit: x where x > 0, else alpha * (exp(x) - 1); same shape and dtype as x."""
    ### BEGIN SOLUTION
    x = as_float_array(x)
    return np.where(x > 0, x, alpha * np.expm1(np.minimum(x, 0)))
    ### END SOLUTION


# %% nbgrader={"grade": true, "grade_id": "test_elu", "locked": true, "points": 2, "schema_version": 3, "solution": false, "task": false}
"""Check elu: values on both sides of 0, alpha = 2, and 1000 without an overflow warning; then the other forms of input (float32, integer, 0-d, 2-d, empty, NaN)."""
### BEGIN HIDDEN TESTS
from grader.inkernel import run_hidden_tests

_points = run_hidden_tests(
    "01_forward", "test_elu", globals()
)  # scores the cell; its visible checks then print, not raise
### END HIDDEN TESTS
from grader.visible import check, check_forms, checking

with checking(elu):
    check(elu, np.array([-1.0, 0.0, 2.0]), want=[math.exp(-1) - 1, 0.0, 2.0], on="-1, 0 and 2")
    check(elu, np.array([-1.0]), alpha=2.0, want=[2 * (math.exp(-1) - 1)], on="alpha = 2")
    check(
        elu,
        np.array([1000.0]),
        want=[1000.0],
        on="1000",
        hint="np.where evaluates both branches, so exp(x) overflows: see the trap above",
    )
    check_forms(elu, np.array([-1.0, 0.0, 2.0, 1000.0]), on="-1, 0, 2 and 1000", nan=True)
### BEGIN HIDDEN TESTS
_points  # the partial score, as nbgrader reads it
### END HIDDEN TESTS

# %% [markdown]
# ## SELU
#
# $$\operatorname{selu}(x) = \lambda\,\operatorname{elu}(x, \alpha)$$
#
# with the constants of Klambauer et al. (2017), which make activations
# self-normalising: $\alpha \approx 1.6733$, $\lambda \approx 1.0507$ (given
# below to full precision: use `SELU_ALPHA` and `SELU_SCALE`).

# %% nbgrader={"grade": false, "grade_id": "selu_constants", "locked": true, "schema_version": 3, "solution": false, "task": false}
SELU_ALPHA = 1.6732632423543772848170429916717
SELU_SCALE = 1.0507009873554804934193349852946


# %% nbgrader={"grade": false, "grade_id": "selu", "locked": false, "schema_version": 3, "solution": true, "task": false}
def selu(x):
    """Scaled ELU: SELU_SCALE * elu(x, SELU_ALPHA); same shape and dtype as x."""
    ### BEGIN SOLUTION
    return SELU_SCALE * elu(x, SELU_ALPHA)
    ### END SOLUTION


# %% nbgrader={"grade": true, "grade_id": "test_selu", "locked": true, "points": 1, "schema_version": 3, "solution": false, "task": false}
"""Check selu: the positive branch (1 gives SELU_SCALE) and the lower bound -SELU_SCALE * SELU_ALPHA at -50; then the other forms of input (float32, integer, 0-d, 2-d, empty, NaN)."""
### BEGIN HIDDEN TESTS
from grader.inkernel import run_hidden_tests

_points = run_hidden_tests(
    "01_forward", "test_selu", globals()
)  # scores the cell; its visible checks then print, not raise
### END HIDDEN TESTS
from grader.visible import check, check_forms, checking

with checking(selu):
    check(
        selu,
        np.array([1.0, -50.0]),
        want=[SELU_SCALE, -SELU_SCALE * SELU_ALPHA],
        on="1 and -50",
        hint="use SELU_SCALE and SELU_ALPHA, given above to full precision",
    )
    check_forms(selu, np.array([1.0, -50.0, 1000.0]), on="1, -50 and 1000", nan=True)
### BEGIN HIDDEN TESTS
_points  # the partial score, as nbgrader reads it
### END HIDDEN TESTS

# %% [markdown]
# ## GELU
#
# $$\operatorname{gelu}(x) = x\,\Phi(x), \qquad \Phi(x) = \tfrac12\operatorname{erfc}\!\left(-\tfrac{x}{\sqrt 2}\right)$$
#
# where $\Phi$ is the standard normal CDF. Two approximations are common:
#
# - `approximate="tanh"`: $\tfrac12 x\left(1 + \tanh\!\left(\sqrt{2/\pi}\,(x + 0.044715\,x^3)\right)\right)$
# - `approximate="sigmoid"`: $x\,\sigma(1.702\,x)$
#
# Any other value of `approximate` must raise `ValueError`.
#
# **Trap:** keep constants as Python floats so float32 input stays float32
# (the grader checks the dtype).
#
# **Advice (not graded):** $\tfrac12(1 + \operatorname{erf}(x/\sqrt2))$ loses
# its relative accuracy for very negative $x$, where $\operatorname{gelu}(x)$ is
# tiny; `erfc` keeps it. The grader's absolute tolerance (1e-12) accepts
# either, but `erfc` is the form that stays right in every digit.


# %% nbgrader={"grade": false, "grade_id": "gelu", "locked": false, "schema_version": 3, "solution": true, "task": false}
def gelu(x, approximate="none"):
    """Gaussian error linear unit, exact ("none") or approximated ("tanh", "sigmoid"); same shape and dtype as x."""
    ### BEGIN SOLUTION
    x = as_float_array(x)
    if approximate == "none":
        return x * (0.5 * erfc(-x / math.sqrt(2)))
    if approximate == "tanh":
        inner = math.sqrt(2 / math.pi) * (x + 0.044715 * x**3)
        return 0.5 * x * (1 + np.tanh(inner))
    if approximate == "sigmoid":
        return x * sigmoid(1.702 * x)
    raise ValueError(f"approximate must be 'none', 'tanh' or 'sigmoid', not {approximate!r}")
    ### END SOLUTION


# %% nbgrader={"grade": true, "grade_id": "test_gelu", "locked": true, "points": 3, "schema_version": 3, "solution": false, "task": false}
"""Check gelu at 1: the exact form, both approximations; and the ValueError for approximate="exact"; then the other forms of input (float32, integer, 0-d, 2-d, empty, NaN)."""
### BEGIN HIDDEN TESTS
from grader.inkernel import run_hidden_tests

_points = run_hidden_tests(
    "01_forward", "test_gelu", globals()
)  # scores the cell; its visible checks then print, not raise
### END HIDDEN TESTS
from grader.visible import check, check_forms, checking, expect_error

with checking(gelu):
    check(gelu, np.array([1.0]), want=[0.8413447460685429], on='1 (approximate="none")')
    check(gelu, np.array([1.0]), approximate="tanh", want=[0.8411919906082768], on='1 (approximate="tanh")')
    check(gelu, np.array([1.0]), approximate="sigmoid", want=[0.8457957659328212], on='1 (approximate="sigmoid")')
    expect_error(gelu, ValueError, np.array([1.0]), approximate="exact", on='for approximate="exact"')
    for mode in ("none", "tanh", "sigmoid"):
        check_forms(
            gelu,
            np.array([-1000.0, 1.0, 1000.0]),
            approximate=mode,
            nan=True,
            on=f'-1000, 1 and 1000, approximate="{mode}"',
        )
### BEGIN HIDDEN TESTS
_points  # the partial score, as nbgrader reads it
### END HIDDEN TESTS

# %% [markdown]
# ## Swish and SiLU
#
# $$\operatorname{swish}(x) = x\,\sigma(\beta x), \qquad \operatorname{silu}(x) = \operatorname{swish}(x, 1)$$
#
# **Trap:** use your stable `sigmoid`; $x / (1 + e^{-\beta x})$ overflows.


# %% nbgrader={"grade": false, "grade_id": "swish", "locked": false, "schema_version": 3, "solution": true, "task": false}
def swish(x, beta=1.0):
    """Swish x * sigmoid(beta * x); same shape and dtype as x."""
    ### BEGIN SOLUTION
    x = as_float_array(x)
    return x * sigmoid(beta * x)
    ### END SOLUTION


# %% nbgrader={"grade": true, "grade_id": "test_swish", "locked": true, "points": 2, "schema_version": 3, "solution": false, "task": false}
"""Check swish: the value at 1, beta = 2, and -1000 without an overflow warning; then the other forms of input (float32, integer, 0-d, 2-d, empty, NaN)."""
### BEGIN HIDDEN TESTS
from grader.inkernel import run_hidden_tests

_points = run_hidden_tests(
    "01_forward", "test_swish", globals()
)  # scores the cell; its visible checks then print, not raise
### END HIDDEN TESTS
from grader.visible import check, check_forms, checking

with checking(swish):
    check(swish, np.array([1.0]), want=[0.7310585786300049], on="1")
    check(swish, np.array([1.0]), beta=2.0, want=[0.8807970779778823], on="beta = 2")
    check(swish, np.array([-1000.0]), want=[0.0], on="-1000", hint="use your stable sigmoid: see the trap above")
    check_forms(swish, np.array([-1000.0, 1.0, 1000.0]), beta=2.0, on="-1000, 1 and 1000, beta = 2", nan=True)
### BEGIN HIDDEN TESTS
_points  # the partial score, as nbgrader reads it
### END HIDDEN TESTS


# %% nbgrader={"grade": false, "grade_id": "silu", "locked": false, "schema_version": 3, "solution": true, "task": false}
def silu(x):
    """Sigmoid linear unit: swish with beta = 1; same shape and dtype as x."""
    ### BEGIN SOLUTION
    return swish(x, 1.0)
    ### END SOLUTION


# %% nbgrader={"grade": true, "grade_id": "test_silu", "locked": true, "points": 1, "schema_version": 3, "solution": false, "task": false}
"""Check silu: the value at 1 (swish with beta = 1); then the other forms of input (float32, integer, 0-d, 2-d, empty, NaN)."""
### BEGIN HIDDEN TESTS
from grader.inkernel import run_hidden_tests

_points = run_hidden_tests(
    "01_forward", "test_silu", globals()
)  # scores the cell; its visible checks then print, not raise
### END HIDDEN TESTS
from grader.visible import check, check_forms, checking

with checking(silu):
    check(silu, np.array([1.0]), want=[0.7310585786300049], on="1")
    check_forms(silu, np.array([-1000.0, 1.0, 1000.0]), on="-1000, 1 and 1000", nan=True)
### BEGIN HIDDEN TESTS
_points  # the partial score, as nbgrader reads it
### END HIDDEN TESTS
