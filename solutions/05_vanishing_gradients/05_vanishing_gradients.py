# ---
# jupyter:
#   activation_course:
#     assignment: 05_vanishing_gradients
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
# # Assignment 5: vanishing gradients
#
# The sigmoid's derivative $\sigma'(z) = \sigma(z)\,(1 - \sigma(z))$ is at
# most $\tfrac14$ (at $z = 0$). Backpropagation multiplies one such factor
# per layer, so through $n$ sigmoid layers the gradient shrinks by up to
# $0.25^n$ (times the weights' gains): after 20 layers, $0.25^{20} \approx 10^{-12}$.
# In this assignment you measure it: you build a deep network (20 layers
# and more), record the gradient's norm at every layer during the backward
# pass, and compare sigmoid, tanh and ReLU, each with the initialisation
# made for it.
#
# The network has `depth` square layers of `width` units and no biases:
#
# $$h_0 = x,\qquad z_l = h_{l-1} W_l,\qquad h_l = f(z_l),\qquad l = 1, \dots, L.$$
#
# Each function has its own answer cell: replace `raise NotImplementedError()`
# with your code and keep the signature and the docstring. The cell below
# gives you the activations and their derivatives.
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
import matplotlib.pyplot as plt
import numpy as np
from scipy.special import expit

ACTIVATIONS = ("sigmoid", "tanh", "relu")


def activation_forward(name, z):
    """The activation `name` ("sigmoid", "tanh" or "relu") applied to z."""
    if name == "sigmoid":
        return expit(z)
    if name == "tanh":
        return np.tanh(z)
    if name == "relu":
        return np.maximum(z, 0)
    raise ValueError(f"unknown activation {name!r}")


def activation_grad(name, z):
    """The derivative of the activation `name` at z (relu'(0) = 0)."""
    if name == "sigmoid":
        return expit(z) * expit(-z)
    if name == "tanh":
        return 1 - np.tanh(z) ** 2
    if name == "relu":
        return (z > 0).astype(np.float64)
    raise ValueError(f"unknown activation {name!r}")


# %% [markdown]
# ## Initialisation suited to each activation
#
# Draw every $W_l$ of shape `(width, width)` from $\mathcal N(0, \sigma^2)$ with
#
# - **Xavier (Glorot)** for sigmoid and tanh: $\sigma^2 = \dfrac{2}{\text{fan\_in} + \text{fan\_out}}$,
#   which keeps the variance of the activations and of the gradients about
#   constant for an activation that is close to linear around 0;
# - **He** for ReLU: $\sigma^2 = \dfrac{2}{\text{fan\_in}}$, which makes up for
#   the half of the signal a ReLU sets to zero.
#
# Draw the layers in order, $W_1$ first, with the generator `rng`.


# %% nbgrader={"grade": false, "grade_id": "init_weights", "locked": false, "schema_version": 3, "solution": true, "task": false}
def init_weights(depth, width, activation, rng):
    """A list of `depth` float64 arrays of shape (width, width): Xavier for sigmoid and tanh, He for relu."""
    ### BEGIN SOLUTION
    if activation == "relu":
        std = np.sqrt(2.0 / width)
    elif activation in ("sigmoid", "tanh"):
        std = np.sqrt(2.0 / (width + width))
    else:
        raise ValueError(f"unknown activation {activation!r}")
    return [rng.normal(0.0, std, size=(width, width)) for _ in range(depth)]
    ### END SOLUTION


# %% nbgrader={"grade": true, "grade_id": "test_init_weights", "locked": true, "points": 2, "schema_version": 3, "solution": false, "task": false}
"""Check init_weights: the number and shape of the layers and their spread for each activation."""
### BEGIN HIDDEN TESTS
from grader.inkernel import run_hidden_tests

_points = run_hidden_tests(
    "05_vanishing_gradients", "test_init_weights", globals()
)  # scores the cell; its visible checks then print, not raise
### END HIDDEN TESTS
from grader.visible import checking

with checking(init_weights):
    weights = init_weights(20, 64, "sigmoid", np.random.default_rng(0))
    assert len(weights) == 20 and all(W.shape == (64, 64) for W in weights)
    assert abs(np.std(weights) / np.sqrt(1 / 64) - 1) < 0.05
    assert abs(np.std(init_weights(20, 64, "relu", np.random.default_rng(0))) / np.sqrt(2 / 64) - 1) < 0.05
### BEGIN HIDDEN TESTS
_points  # the partial score, as nbgrader reads it
### END HIDDEN TESTS

# %% [markdown]
# ## Forward pass
#
# `forward_deep(x, weights, activation)` returns the output $h_L$ and a
# cache: whatever the backward pass needs (for example the list of pairs
# $(h_{l-1}, z_l)$, one per layer).


# %% nbgrader={"grade": false, "grade_id": "forward_deep", "locked": false, "schema_version": 3, "solution": true, "task": false}
def forward_deep(x, weights, activation):
    """Forward pass through every layer: returns (h_L of shape (batch, width), cache)."""
    ### BEGIN SOLUTION
    h = x
    cache = []
    for W in weights:
        z = h @ W
        cache.append((h, z))
        h = activation_forward(activation, z)
    return h, cache
    ### END SOLUTION


# %% nbgrader={"grade": true, "grade_id": "test_forward_deep", "locked": true, "points": 2, "schema_version": 3, "solution": false, "task": false}
"""Check forward_deep on two tiny layers."""
### BEGIN HIDDEN TESTS
from grader.inkernel import run_hidden_tests

_points = run_hidden_tests(
    "05_vanishing_gradients", "test_forward_deep", globals()
)  # scores the cell; its visible checks then print, not raise
### END HIDDEN TESTS
from grader.visible import checking

with checking(forward_deep):
    x = np.array([[1.0, -2.0]])
    weights = [np.array([[1.0, 0.0], [0.0, 1.0]]), np.array([[1.0, 1.0], [1.0, -1.0]])]
    out, _ = forward_deep(x, weights, "relu")
    np.testing.assert_allclose(out, [[1.0, 1.0]])
    out, _ = forward_deep(x, weights, "tanh")
    np.testing.assert_allclose(out, np.tanh(np.tanh(x) @ weights[1]))
### BEGIN HIDDEN TESTS
_points  # the partial score, as nbgrader reads it
### END HIDDEN TESTS

# %% [markdown]
# ## Backward pass that records the gradient at every layer
#
# Given `dout` $= \partial L / \partial h_L$, go back through the layers,
# $l = L, \dots, 1$:
#
# $$\delta_l = \frac{\partial L}{\partial z_l} = \frac{\partial L}{\partial h_l} \odot f'(z_l),\qquad
# \frac{\partial L}{\partial W_l} = h_{l-1}^\top \delta_l,\qquad
# \frac{\partial L}{\partial h_{l-1}} = \delta_l W_l^\top.$$
#
# Return a dict of two float64 arrays of shape `(depth,)`, layer 1 first:
#
# - `"weight_grad"`: the Frobenius norm $\lVert \partial L/\partial W_l \rVert$
#   (what gradient descent's step is made of);
# - `"preactivation_grad"`: $\lVert \delta_l \rVert$.
#
# **Why 1/4 matters.** For sigmoid, every entry of $f'(z_l)$ is at most
# $\tfrac14$, so $\lVert \delta_{l} \rVert \le \tfrac14\, \lVert W_{l+1} \rVert_2\, \lVert \delta_{l+1} \rVert$,
# where $\lVert W \rVert_2$ is the largest singular value (`np.linalg.norm(W, 2)`).


# %% nbgrader={"grade": false, "grade_id": "backward_gradient_norms", "locked": false, "schema_version": 3, "solution": true, "task": false}
def backward_gradient_norms(dout, cache, weights, activation):
    """Backpropagate dout through the network: {"weight_grad": (depth,), "preactivation_grad": (depth,)}."""
    ### BEGIN SOLUTION
    depth = len(weights)
    weight_grad = np.zeros(depth)
    preactivation_grad = np.zeros(depth)
    dh = dout
    for layer in reversed(range(depth)):
        h_prev, z = cache[layer]
        delta = dh * activation_grad(activation, z)
        weight_grad[layer] = np.linalg.norm(h_prev.T @ delta)
        preactivation_grad[layer] = np.linalg.norm(delta)
        dh = delta @ weights[layer].T
    return {"weight_grad": weight_grad, "preactivation_grad": preactivation_grad}
    ### END SOLUTION


# %% nbgrader={"grade": true, "grade_id": "test_backward_gradient_norms", "locked": true, "points": 3, "schema_version": 3, "solution": false, "task": false}
"""Check backward_gradient_norms on one identity layer, where every gradient is known."""
### BEGIN HIDDEN TESTS
from grader.inkernel import run_hidden_tests

_points = run_hidden_tests(
    "05_vanishing_gradients", "test_backward_gradient_norms", globals()
)  # scores the cell; its visible checks then print, not raise
### END HIDDEN TESTS
from grader.visible import checking

with checking(backward_gradient_norms):
    x = np.array([[1.0, 2.0]])
    weights = [np.eye(2)]
    _, cache = forward_deep(x, weights, "relu")
    norms = backward_gradient_norms(np.array([[1.0, 1.0]]), cache, weights, "relu")
    np.testing.assert_allclose(norms["preactivation_grad"], [np.sqrt(2)])
    np.testing.assert_allclose(norms["weight_grad"], [np.sqrt(10)])  # dW = x.T @ [[1, 1]]
### BEGIN HIDDEN TESTS
_points  # the partial score, as nbgrader reads it
### END HIDDEN TESTS

# %% [markdown]
# ## One measurement
#
# `gradient_norms_per_layer(depth, activation, seed, width=64, batch=64)`:
# with the generator `np.random.default_rng(seed)`, draw the weights with
# `init_weights(depth, width, activation, rng)`, then an input batch
# $x \sim \mathcal N(0, 1)$ of shape `(batch, width)` and an upstream
# gradient `dout` $\sim \mathcal N(0, 1)$ / `batch` of the output's shape,
# run the forward and the backward pass, and return the two arrays of
# `backward_gradient_norms` together with `"spectral_norm"`, the array of
# $\lVert W_l \rVert_2$ for each layer.


# %% nbgrader={"grade": false, "grade_id": "gradient_norms_per_layer", "locked": false, "schema_version": 3, "solution": true, "task": false}
def gradient_norms_per_layer(depth, activation, seed, width=64, batch=64):
    """{"weight_grad", "preactivation_grad", "spectral_norm"}: arrays of shape (depth,), layer 1 first."""
    ### BEGIN SOLUTION
    rng = np.random.default_rng(seed)
    weights = init_weights(depth, width, activation, rng)
    x = rng.normal(0.0, 1.0, size=(batch, width))
    out, cache = forward_deep(x, weights, activation)
    dout = rng.normal(0.0, 1.0, size=out.shape) / batch
    norms = backward_gradient_norms(dout, cache, weights, activation)
    norms["spectral_norm"] = np.array([np.linalg.norm(W, 2) for W in weights])
    return norms
    ### END SOLUTION


# %% nbgrader={"grade": true, "grade_id": "test_gradient_norms_per_layer", "locked": true, "points": 2, "schema_version": 3, "solution": false, "task": false}
"""Check gradient_norms_per_layer: three arrays, one entry per layer, repeatable with the seed."""
### BEGIN HIDDEN TESTS
from grader.inkernel import run_hidden_tests

_points = run_hidden_tests(
    "05_vanishing_gradients", "test_gradient_norms_per_layer", globals()
)  # scores the cell; its visible checks then print, not raise
### END HIDDEN TESTS
from grader.visible import checking

with checking(gradient_norms_per_layer):
    result = gradient_norms_per_layer(5, "tanh", seed=0)
    assert set(result) == {"weight_grad", "preactivation_grad", "spectral_norm"}
    assert all(np.shape(value) == (5,) for value in result.values())
    np.testing.assert_array_equal(result["weight_grad"], gradient_norms_per_layer(5, "tanh", seed=0)["weight_grad"])
### BEGIN HIDDEN TESTS
_points  # the partial score, as nbgrader reads it
### END HIDDEN TESTS

# %% [markdown]
# ## The experiment
#
# A 20-layer network of each kind, five seeds each. Plot, for each
# activation, the weight-gradient norm of every layer divided by the last
# layer's, against the layer on a log scale, and add the line $0.25^{L-l}$:
# the sigmoid's bound with unit-gain weights.

# %% nbgrader={"grade": false, "grade_id": "settings", "locked": true, "schema_version": 3, "solution": false, "task": false}
DEPTH = 20
SEEDS = [0, 1, 2, 3, 4]
try:
    results = {
        activation: [gradient_norms_per_layer(DEPTH, activation, seed) for seed in SEEDS] for activation in ACTIVATIONS
    }
except NotImplementedError:
    print("the experiment: not implemented yet (finish the functions above, then run this cell again)")


# %% nbgrader={"grade": false, "grade_id": "plot_gradient_norms", "locked": false, "schema_version": 3, "solution": true, "task": false}
def plot_gradient_norms(results, depth):
    """Relative weight-gradient norm against the layer, log scale, one colour per activation, and 0.25^(L-l)."""
    ### BEGIN SOLUTION
    layers = np.arange(1, depth + 1)
    fig, ax = plt.subplots(figsize=(7, 4))
    for colour, (activation, runs) in zip(("C0", "C1", "C2"), results.items(), strict=False):  # up to 3
        for index, run in enumerate(runs):
            ax.plot(
                layers,
                run["weight_grad"] / run["weight_grad"][-1],
                color=colour,
                alpha=0.6,
                label=activation if index == 0 else None,
            )
    ax.plot(layers, 0.25 ** (depth - layers), "k--", label=r"$0.25^{L-l}$")
    ax.set(
        yscale="log",
        xlabel="layer l (1 = next to the input)",
        ylabel=r"$\|\partial L/\partial W_l\| \,/\, \|\partial L/\partial W_L\|$",
    )
    ax.legend()
    fig.tight_layout()
    return fig
    ### END SOLUTION


# %% nbgrader={"grade": false, "grade_id": "experiment", "locked": true, "schema_version": 3, "solution": false, "task": false}
try:
    plot_gradient_norms(results, DEPTH)
except (NotImplementedError, NameError):  # NameError: the cell above could not make the results
    print("the experiment: not implemented yet (finish the functions above, then run this cell again)")

# %% nbgrader={"grade": true, "grade_id": "test_experiment", "locked": true, "points": 3, "schema_version": 3, "solution": false, "task": false}
"""Check the experiment: sigmoid vanishes, ReLU with He stays level, the 1/4 bound holds."""
### BEGIN HIDDEN TESTS
from grader.inkernel import run_hidden_tests

_points = run_hidden_tests(
    "05_vanishing_gradients", "test_experiment", globals()
)  # scores the cell; its visible checks then print, not raise
### END HIDDEN TESTS
from grader.visible import checking

with checking("the experiment"):
    sigmoid_run = results["sigmoid"][0]
    assert sigmoid_run["weight_grad"][0] < 1e-6 * sigmoid_run["weight_grad"][-1]
    relu_run = results["relu"][0]
    assert relu_run["weight_grad"].max() < 10 * relu_run["weight_grad"].min()
### BEGIN HIDDEN TESTS
_points  # the partial score, as nbgrader reads it
### END HIDDEN TESTS

# %% [markdown]
# ## Written question
#
# Using your figure, answer in a few sentences each:
#
# 1. By how many orders of magnitude does the sigmoid network's gradient
#    shrink from the last layer to the first? Compare with $0.25^{19}$ and
#    explain where the factor per layer comes from.
# 2. Why does the ReLU network with He initialisation keep its gradient
#    within about one order of magnitude, and why is tanh (with Xavier) in
#    between or close to ReLU here, although $\tanh'(z) \le 1$ too?
# 3. What does this mean for training the first layers of a deep sigmoid
#    network with gradient descent?

# %% [markdown] nbgrader={"grade": true, "grade_id": "written_answer", "locked": false, "points": 3, "schema_version": 3, "solution": true, "task": false}
# ### BEGIN SOLUTION
# **Model answer.** (1) About 12 orders of magnitude over 20 layers (the
# first layer's gradient is around $10^{-12}$ of the last's), close to
# $0.25^{19} \approx 4 \cdot 10^{-12}$: every layer multiplies the backward
# signal by $\sigma'(z) \le \tfrac14$ (about 0.23 here, as $z$ stays near 0)
# times the gain of $W^\top$, which Xavier makes about 1. (2) ReLU's
# derivative is exactly 1 on the active half of the units; He's factor 2
# makes up for the half that is off, so the gain per layer is about 1 and
# only random fluctuations accumulate. $\tanh'(0) = 1$, and with Xavier
# weights the pre-activations stay small, so tanh works in its nearly linear
# region and its gradient barely shrinks at this depth; it would shrink if
# the units saturated. (3) The first layers get updates about $10^{12}$
# times smaller than the last layers': with one learning rate they
# effectively do not learn, so the network trains like a shallow one on top
# of random features (or the learning rate has to be so large that the last
# layers diverge).
#
# **Rubric (3 points).**
# - 1 point: the size of the decay read from the figure (about $10^{-12}$,
#   any estimate within two orders of magnitude) and its cause: one factor
#   $\sigma' \le 1/4$ per layer, compared with $0.25^{19}$.
# - 1 point: ReLU + He keeps the gain per layer about 1 (derivative 1 on
#   active units, factor 2 for the inactive half); tanh near 0 has
#   derivative close to 1.
# - 1 point: consequence for training: the early layers learn orders of
#   magnitude more slowly (or not at all) with a single learning rate.
# ### END SOLUTION
