# ---
# jupyter:
#   activation_course:
#     assignment: 03_softmax
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
# # Assignment 3: softmax, stably
#
# Softmax turns a vector of scores into probabilities:
# $$\operatorname{softmax}(x)_i = \frac{e^{x_i}}{\sum_j e^{x_j}}.$$
# Written as it stands, it overflows as soon as a score exceeds about 709
# (float64) or 88 (float32). You will see it fail, fix it, and build the
# log-space functions and gradients a classifier needs.
#
# The rules of assignment 1 apply: float32 stays float32, integer input
# becomes float64, inputs are never modified in place, and no overflow
# warning for any finite input. `axis` says along which axis the
# probabilities sum to 1.
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
import numpy as np


def as_float_array(x):
    """Return x as a floating NumPy array: float dtypes are kept, anything else becomes float64."""
    x = np.asarray(x)
    if np.issubdtype(x.dtype, np.floating):
        return x
    return x.astype(np.float64)


# %% [markdown]
# ## The naive softmax
#
# Implement the formula exactly as written, summing along `axis` (use
# `keepdims=True` so the division broadcasts). It is graded only on moderate
# inputs: try it on `np.array([1000.0, 0.0])` afterwards and see why the next
# function exists.


# %% nbgrader={"grade": false, "grade_id": "softmax_naive", "locked": false, "schema_version": 3, "solution": true, "task": false}
def softmax_naive(x, axis=-1):
    """exp(x) / sum(exp(x)) along axis, as written (overflows for large x); same shape as x."""
    ### BEGIN SOLUTION
    e = np.exp(as_float_array(x))
    return e / e.sum(axis=axis, keepdims=True)
    ### END SOLUTION


# %% nbgrader={"grade": true, "grade_id": "test_softmax_naive", "locked": true, "points": 1, "schema_version": 3, "solution": false, "task": false}
"""Check softmax_naive: [0, 0] gives [0.5, 0.5]; along axis 0 of a 2-d array; then 2-d, empty, float32 and integer input."""
### BEGIN HIDDEN TESTS
from grader.inkernel import run_hidden_tests

_points = run_hidden_tests(
    "03_softmax", "test_softmax_naive", globals()
)  # scores the cell; its visible checks then print, not raise
### END HIDDEN TESTS
from grader.visible import check, check_axes, checking

with checking(softmax_naive):
    check(softmax_naive, np.array([0.0, 0.0]), want=[0.5, 0.5], on="[0, 0]")
    check(softmax_naive, np.zeros((2, 4)), axis=0, want=np.full((2, 4), 0.5), on="a 2-d array along axis 0")
    check_axes(softmax_naive, np.array([0.0, 1.0, 2.0]), on="scores 0, 1 and 2")
### BEGIN HIDDEN TESTS
_points  # the partial score, as nbgrader reads it
### END HIDDEN TESTS

# %% [markdown]
# ## The stable softmax
#
# Softmax does not change if you subtract the same constant from every
# score: $\frac{e^{x_i - m}}{\sum_j e^{x_j - m}} = \frac{e^{x_i}}{\sum_j e^{x_j}}$.
# With $m = \max_j x_j$ every exponent is $\le 0$, so nothing overflows and
# the largest term is exactly 1, so the sum is at least 1.
#
# - `temperature` $T$ divides the scores first: $\operatorname{softmax}(x / T)$.
#   $T \le 0$ must raise `ValueError`.
# - Entries equal to `-np.inf` get probability 0.
# - Empty arrays must work too (`np.max` of an empty axis fails: see its
#   `initial` argument).


# %% nbgrader={"grade": false, "grade_id": "softmax", "locked": false, "schema_version": 3, "solution": true, "task": false}
def softmax(x, axis=-1, temperature=1.0):
    """Stable softmax of x / temperature along axis; same shape and dtype as x."""
    ### BEGIN SOLUTION
    if not temperature > 0:
        raise ValueError(f"temperature must be positive, not {temperature!r}")
    z = as_float_array(x) / temperature
    shifted = z - np.max(z, axis=axis, keepdims=True, initial=-np.inf)
    e = np.exp(shifted)
    return e / e.sum(axis=axis, keepdims=True)
    ### END SOLUTION


# %% nbgrader={"grade": true, "grade_id": "test_softmax", "locked": true, "points": 3, "schema_version": 3, "solution": false, "task": false}
"""Check softmax: huge scores without an overflow warning, [0, log 3] at temperatures 1 and 0.5, -inf entries, the ValueError; then 2-d, empty, float32 and integer input."""
### BEGIN HIDDEN TESTS
from grader.inkernel import run_hidden_tests

_points = run_hidden_tests(
    "03_softmax", "test_softmax", globals()
)  # scores the cell; its visible checks then print, not raise
### END HIDDEN TESTS
from grader.visible import check, check_axes, checking, expect_error

with checking(softmax):
    check(
        softmax,
        np.array([1000.0, 1000.0]),
        want=[0.5, 0.5],
        on="[1000, 1000]",
        hint="exp overflows for large scores: see the trap above",
    )
    check(softmax, np.array([0.0, np.log(3.0)]), temperature=1.0, want=[0.25, 0.75], on="[0, log 3]")
    check(softmax, np.array([0.0, np.log(3.0)]), temperature=0.5, want=[0.1, 0.9], on="[0, log 3] at temperature 0.5")
    check(softmax, np.array([0.0, -np.inf]), want=[1.0, 0.0], on="[0, -inf]")
    expect_error(softmax, ValueError, np.array([1.0, 2.0]), temperature=0.0, on="for temperature = 0")
    check_axes(softmax, np.array([0.0, 1.0, 1000.0]), on="scores 0, 1 and 1000")
### BEGIN HIDDEN TESTS
_points  # the partial score, as nbgrader reads it
### END HIDDEN TESTS

# %% [markdown]
# ## Log-sum-exp
#
# $$\operatorname{logsumexp}(x) = \log \sum_j e^{x_j} = m + \log \sum_j e^{x_j - m}, \qquad m = \max_j x_j.$$
#
# Reduce along `axis` and keep the other axes (no `keepdims`). Careful when
# every entry is `-inf`: then $x - m$ is `nan`.


# %% nbgrader={"grade": false, "grade_id": "logsumexp", "locked": false, "schema_version": 3, "solution": true, "task": false}
def logsumexp(x, axis=-1):
    """log(sum(exp(x))) along axis, stable; the shape of x without that axis."""
    ### BEGIN SOLUTION
    x = as_float_array(x)
    m = np.max(x, axis=axis, keepdims=True, initial=-np.inf)
    m = np.where(np.isfinite(m), m, 0)
    with np.errstate(divide="ignore"):  # log(0) = -inf is the right answer for all -inf
        total = np.log(np.sum(np.exp(x - m), axis=axis, keepdims=True))
    return np.squeeze(total + m, axis=axis)
    ### END SOLUTION


# %% nbgrader={"grade": true, "grade_id": "test_logsumexp", "locked": true, "points": 2, "schema_version": 3, "solution": false, "task": false}
"""Check logsumexp: [0, 0] and [1000, 1000] (no overflow warning), axis 0 of a (3, 4) array, rows far apart; then 2-d, empty, float32 and integer input."""
### BEGIN HIDDEN TESTS
from grader.inkernel import run_hidden_tests

_points = run_hidden_tests(
    "03_softmax", "test_logsumexp", globals()
)  # scores the cell; its visible checks then print, not raise
### END HIDDEN TESTS
from grader.visible import check, check_axes, checking

with checking(logsumexp):
    check(logsumexp, np.array([0.0, 0.0]), want=np.log(2.0), on="[0, 0]")
    check(
        logsumexp,
        np.array([1000.0, 1000.0]),
        want=1000.0 + np.log(2.0),
        on="[1000, 1000]",
        hint="exp overflows for large scores: see the trap above",
    )
    check(logsumexp, np.zeros((3, 4)), axis=0, want=np.full(4, np.log(3.0)), on="a (3, 4) array along axis 0")
    check(
        logsumexp,
        np.array([[0.0, 0.0], [-1000.0, -1000.0]]),
        want=[np.log(2.0), np.log(2.0) - 1000.0],
        on="rows far apart",
        hint="subtract each row's own maximum, along the axis",
    )
    check_axes(logsumexp, np.array([0.0, 1.0, 1000.0]), on="scores 0, 1 and 1000")
### BEGIN HIDDEN TESTS
_points  # the partial score, as nbgrader reads it
### END HIDDEN TESTS

# %% [markdown]
# ## Log-softmax
#
# $$\log \operatorname{softmax}(x)_i = x_i - \operatorname{logsumexp}(x).$$
#
# **Trap:** `np.log(softmax(x))` gives `-inf` where a probability underflows
# to 0 (for example $x = (0, -1000)$); the identity above stays finite.


# %% nbgrader={"grade": false, "grade_id": "log_softmax", "locked": false, "schema_version": 3, "solution": true, "task": false}
def log_softmax(x, axis=-1):
    """log(softmax(x)) along axis, finite wherever x is finite; same shape and dtype as x."""
    ### BEGIN SOLUTION
    x = as_float_array(x)
    return x - np.expand_dims(logsumexp(x, axis=axis), axis)
    ### END SOLUTION


# %% nbgrader={"grade": true, "grade_id": "test_log_softmax", "locked": true, "points": 2, "schema_version": 3, "solution": false, "task": false}
"""Check log_softmax: [0, 0], and [0, -1000] where softmax underflows but its log must stay finite; then 2-d, empty, float32 and integer input."""
### BEGIN HIDDEN TESTS
from grader.inkernel import run_hidden_tests

_points = run_hidden_tests(
    "03_softmax", "test_log_softmax", globals()
)  # scores the cell; its visible checks then print, not raise
### END HIDDEN TESTS
from grader.visible import check, check_axes, checking

with checking(log_softmax):
    check(log_softmax, np.array([0.0, 0.0]), want=np.log([0.5, 0.5]), on="[0, 0]")
    check(
        log_softmax,
        np.array([0.0, -1000.0]),
        want=[0.0, -1000.0],
        on="[0, -1000]",
        hint="np.log(softmax(x)) gives -inf where a probability underflows: see the trap above",
    )
    check_axes(log_softmax, np.array([0.0, -1000.0, 2.0]), on="scores 0, -1000 and 2")
### BEGIN HIDDEN TESTS
_points  # the partial score, as nbgrader reads it
### END HIDDEN TESTS

# %% [markdown]
# ## Backward through softmax
#
# The Jacobian of $y = \operatorname{softmax}(x)$ is
# $\partial y_i / \partial x_j = y_i(\delta_{ij} - y_j)$. You never need to
# build it: multiplying by it gives
# $$\frac{\partial L}{\partial x} = y \odot \Big(d_{out} - \sum_j d_{out,j}\, y_j\Big),$$
# with the sum taken along `axis` (keep its dimension so it broadcasts).


# %% nbgrader={"grade": false, "grade_id": "softmax_backward", "locked": false, "schema_version": 3, "solution": true, "task": false}
def softmax_backward(dout, y, axis=-1):
    """dL/dx given dout = dL/dy and y = softmax(x) along axis; same shape as y."""
    ### BEGIN SOLUTION
    return y * (dout - np.sum(dout * y, axis=axis, keepdims=True))
    ### END SOLUTION


# %% nbgrader={"grade": true, "grade_id": "test_softmax_backward", "locked": true, "points": 2, "schema_version": 3, "solution": false, "task": false}
"""Check softmax_backward: a uniform upstream gradient gives zero, and dout = [1, 0, 0]; then 2-d, empty and float32 input."""
### BEGIN HIDDEN TESTS
from grader.inkernel import run_hidden_tests

_points = run_hidden_tests(
    "03_softmax", "test_softmax_backward", globals()
)  # scores the cell; its visible checks then print, not raise
### END HIDDEN TESTS
from grader.visible import check, check_axes, checking

with checking(softmax_backward):
    y = np.array([0.2, 0.3, 0.5])
    check(softmax_backward, np.ones(3), y, want=np.zeros(3), on="a uniform upstream gradient")
    check(softmax_backward, np.array([1.0, 0.0, 0.0]), y, want=[0.16, -0.06, -0.1], on="dout = [1, 0, 0]")
    check_axes(softmax_backward, np.array([1.0, 0.0, 0.0]), y, on="dout = [1, 0, 0]", integer=False)
### BEGIN HIDDEN TESTS
_points  # the partial score, as nbgrader reads it
### END HIDDEN TESTS

# %% [markdown]
# ## Cross-entropy
#
# For logits of shape (N, C) and integer labels of shape (N,):
# $$L = -\frac1N \sum_n \log \operatorname{softmax}(\text{logits}_n)_{\text{label}_n}$$
# and its gradient $\partial L / \partial\,\text{logits} = (\operatorname{softmax}(\text{logits}) - \text{onehot}(\text{labels})) / N$.
#
# **Trap:** use `log_softmax`, not `np.log(softmax(...))`, or a confident
# wrong answer costs `inf`.


# %% nbgrader={"grade": false, "grade_id": "cross_entropy", "locked": false, "schema_version": 3, "solution": true, "task": false}
def cross_entropy(logits, labels):
    """Mean cross-entropy of integer labels (N,) under logits (N, C): a float."""
    ### BEGIN SOLUTION
    log_probs = log_softmax(logits, axis=1)
    labels = np.asarray(labels)
    return -np.mean(log_probs[np.arange(len(labels)), labels])
    ### END SOLUTION


# %% nbgrader={"grade": true, "grade_id": "test_cross_entropy", "locked": true, "points": 2, "schema_version": 3, "solution": false, "task": false}
"""Check cross_entropy: uniform logits give log(C) (in float64 and float32), huge logits stay finite."""
### BEGIN HIDDEN TESTS
from grader.inkernel import run_hidden_tests

_points = run_hidden_tests(
    "03_softmax", "test_cross_entropy", globals()
)  # scores the cell; its visible checks then print, not raise
### END HIDDEN TESTS
from grader.visible import check, checking

with checking(cross_entropy):
    for dtype in (np.float64, np.float32):
        check(
            cross_entropy,
            np.zeros((2, 4), dtype=dtype),
            np.array([0, 3]),
            want=np.log(4.0),
            on=f"uniform {np.dtype(dtype).name} logits",
        )
    check(
        cross_entropy,
        np.array([[1000.0, 0.0]]),
        np.array([1]),
        want=1000.0,
        on="logits 1000 and 0",
        hint="use log_softmax, not np.log(softmax(...))",
    )
### BEGIN HIDDEN TESTS
_points  # the partial score, as nbgrader reads it
### END HIDDEN TESTS


# %% nbgrader={"grade": false, "grade_id": "cross_entropy_backward", "locked": false, "schema_version": 3, "solution": true, "task": false}
def cross_entropy_backward(logits, labels):
    """Gradient of cross_entropy with respect to logits: (softmax(logits) - onehot(labels)) / N, shape (N, C)."""
    ### BEGIN SOLUTION
    grad = softmax(logits, axis=1)
    n = grad.shape[0]
    grad[np.arange(n), labels] -= 1
    return grad / n
    ### END SOLUTION


# %% nbgrader={"grade": true, "grade_id": "test_cross_entropy_backward", "locked": true, "points": 2, "schema_version": 3, "solution": false, "task": false}
"""Check cross_entropy_backward: uniform logits (in float64 and float32) and huge logits without an overflow warning."""
### BEGIN HIDDEN TESTS
from grader.inkernel import run_hidden_tests

_points = run_hidden_tests(
    "03_softmax", "test_cross_entropy_backward", globals()
)  # scores the cell; its visible checks then print, not raise
### END HIDDEN TESTS
from grader.visible import check, checking

with checking(cross_entropy_backward):
    want = [[-0.375, 0.125, 0.125, 0.125], [0.125, 0.125, 0.125, -0.375]]
    for dtype in (np.float64, np.float32):
        check(
            cross_entropy_backward,
            np.zeros((2, 4), dtype=dtype),
            np.array([0, 3]),
            want=want,
            on=f"uniform {np.dtype(dtype).name} logits",
        )
    check(cross_entropy_backward, np.array([[1000.0, 0.0]]), np.array([1]), want=[[1.0, -1.0]], on="logits 1000 and 0")
### BEGIN HIDDEN TESTS
_points  # the partial score, as nbgrader reads it
### END HIDDEN TESTS
