"""Helpers for the chapters that show the experiment notebooks' results (dead neurons, vanishing gradients).

The experiments themselves are the reference solutions' own code and results
(`grader.reference.load_reference`); this module only loads them without
letting the notebook's own figures leak onto the page, formats numbers, and
replays the course's training step by step where a page needs more than the
recorded curves (which units die and which come back).
"""

import inspect
import math

import matplotlib.pyplot as plt
import numpy as np

from grader.reference import load_reference


def load_experiment(assignment):
    """The reference namespace of an experiment notebook, its own figures closed so they do not show."""
    reference = load_reference(assignment)
    plt.close("all")
    return reference


def orders_of_magnitude(ratio):
    """How many powers of ten `ratio` (< 1) is below 1, as a float (e.g. 1e-12 -> 12.0)."""
    return -math.log10(ratio)


def track_dead_units(ref, X, y, seed, **settings):
    """Which hidden units are dead after each step of the course's training, per layer.

    Repeats `ref.train_mlp(X, y, seed=seed, **settings)` step by step with the
    reference's own `init_mlp`, `mlp_forward` and `mlp_backward`, and returns a
    list with one boolean array per hidden layer, of shape (epochs + 1, units):
    entry [e, j] is True when unit j is dead (pre-activation <= 0 on every
    sample) after e steps. Raises AssertionError unless the replay ends with
    exactly the parameters and dead fractions of `train_mlp` itself, so the
    masks describe the course's training and not a look-alike.
    """
    defaults = {
        name: parameter.default
        for name, parameter in inspect.signature(ref.train_mlp).parameters.items()
        if parameter.default is not inspect.Parameter.empty
    }
    options = {**defaults, **settings}
    rng = np.random.default_rng(seed)
    params = ref.init_mlp([X.shape[1], *options["hidden"], 1], options["init"], options["bias_init"], rng)
    masks, fractions = [], []
    for step in range(options["epochs"] + 1):
        logits, pre_activations, cache = ref.mlp_forward(params, X, options["activation"])
        masks.append([np.all(z <= 0, axis=0) for z in pre_activations])
        fractions.append(ref.dead_unit_fraction(np.concatenate(pre_activations, axis=1)))
        if step == options["epochs"]:
            break
        grads = ref.mlp_backward(params, cache, logits, y, options["activation"])
        step = options["lr"]
        params = [(W - step * dW, b - step * db) for (W, b), (dW, db) in zip(params, grads, strict=True)]
    history = ref.train_mlp(X, y, seed=seed, **settings)
    assert fractions == history["dead_fraction"], "the replay's dead fractions differ from train_mlp's"
    for (W, b), (W_ref, b_ref) in zip(params, history["params"], strict=True):
        assert np.array_equal(W, W_ref) and np.array_equal(b, b_ref), "the replay's parameters differ from train_mlp's"
    return [np.array([step[layer] for step in masks]) for layer in range(len(options["hidden"]))]


def revived_units(dead):
    """The units of one layer that were dead after some step and alive after a later one.

    `dead` is a boolean array (steps, units) as `track_dead_units` gives; returns
    a boolean array (units,).
    """
    dead_before = np.logical_or.accumulate(dead, axis=0)  # dead at this step or an earlier one
    return np.any(dead_before[:-1] & ~dead[1:], axis=0)


# Each setting of a comparison gets its own colour, dash pattern and marker, so that curves that coincide
# (ReLU and Leaky ReLU with biases at -3) stay visible one under the other.
_STYLES = (("#1f77b4", "-", None), ("#d62728", (0, (5, 3)), "o"), ("#2ca02c", (0, (1, 2)), "s"))


def plot_dead_and_loss(results, title, dead_label="fraction of dead hidden units"):
    """Two panels side by side for one comparison of `results` ({label: mean curves}): the fraction of
    units that are negative on every example, and the training loss (log scale), against the step.

    `dead_label` names the left panel's quantity: for activations with a slope on the negative side,
    a unit negative everywhere is not dead. Returns the figure.
    """
    fig, (ax_dead, ax_loss) = plt.subplots(1, 2, figsize=(10, 3.2))
    for (label, curves), (colour, dashes, marker) in zip(results.items(), _STYLES, strict=False):  # up to 3
        steps = np.arange(len(curves["loss"]))
        style = {
            "color": colour,
            "linestyle": dashes,
            "marker": marker,
            "markevery": max(1, len(steps) // 8),
            "markerfacecolor": "none",
            "linewidth": 1.8,
            "label": label,
        }
        ax_dead.plot(steps, curves["dead_fraction"], **style)
        ax_loss.plot(steps, curves["loss"], **style)
    ax_dead.set(xlabel="gradient-descent step", ylabel=dead_label, ylim=(-0.03, 1.03))
    ax_loss.set(xlabel="gradient-descent step", ylabel="training loss", yscale="log")
    ax_dead.legend(frameon=False)
    fig.suptitle(title)
    fig.tight_layout()
    return fig


def plot_dead_units_over_time(dead, title):
    """A raster of one layer's units (rows) against the step (columns): dark where the unit is dead.

    `dead` is a boolean array (steps, units) as `track_dead_units` gives; only the units that were dead
    at some step are drawn. Returns the figure.
    """
    ever = np.flatnonzero(dead.any(axis=0))
    fig, ax = plt.subplots(figsize=(8, 0.32 * len(ever) + 1.3))
    ax.imshow(
        dead[:, ever].T,
        aspect="auto",
        interpolation="nearest",
        cmap="Greys",
        vmin=0,
        vmax=1.25,
        extent=(-0.5, dead.shape[0] - 0.5, len(ever) - 0.5, -0.5),
    )
    ax.set_yticks(range(len(ever)), [f"unit {j}" for j in ever])
    ax.set_xlabel("gradient-descent step (dark: the unit is ≤ 0 on every example, so it receives no gradient)")
    ax.set_title(title)
    fig.tight_layout()
    return fig


def scaled_gradient_norms(ref, activation, seed, scale=1.0, depth=None, width=64, batch=64):
    """The measurement of `ref.gradient_norms_per_layer` (assignment 5) with every weight multiplied by `scale`.

    Draws with `np.random.default_rng(seed)` exactly as that function does (the weights with
    `ref.init_weights`, then the input, then the upstream gradient), so that scale 1 reproduces it.
    Returns (the weight-gradient norms per layer, shape (depth,); the mean of the activation's
    derivative over every unit, sample and layer of the forward pass).
    """
    depth = ref.DEPTH if depth is None else depth
    rng = np.random.default_rng(seed)
    weights = [scale * W for W in ref.init_weights(depth, width, activation, rng)]
    x = rng.normal(0.0, 1.0, size=(batch, width))
    out, cache = ref.forward_deep(x, weights, activation)
    dout = rng.normal(0.0, 1.0, size=out.shape) / batch
    norms = ref.backward_gradient_norms(dout, cache, weights, activation)
    return norms["weight_grad"], float(np.mean([ref.activation_grad(activation, z) for _, z in cache]))
