"""Hidden tests for 05_vanishing_gradients: initialisation, forward and backward passes, the experiment.

The pieces are compared with the reference on the same weights; the
experiment is graded by properties over several seeds, with thresholds that
tests/test_experiments.py proves hold with a wide margin on the reference.
"""

import math

import numpy as np
import pytest

from grader.judging.checks import call, call_clean, check_close, check_outcome_clean
from grader.judging.failures import fail
from grader.sandbox.harness import Generator

ACTIVATIONS = ("sigmoid", "tanh", "relu")
KEYS = ("weight_grad", "preactivation_grad")


def _weights(depth, width, activation, seed):
    from grader.reference import load_reference

    return load_reference("05_vanishing_gradients").init_weights(depth, width, activation, np.random.default_rng(seed))


def _weight_list(value, depth, width, label):
    if not isinstance(value, (list, tuple)) or len(value) != depth:
        fail(f"init_weights: did not return a list of depth arrays with {label}")
    if not all(isinstance(W, np.ndarray) and W.shape == (width, width) for W in value):
        fail(f"init_weights: every layer must be an array of shape (width, width), with {label}")
    if not all(W.dtype == np.float64 for W in value):
        fail(f"init_weights: the weights must be float64, with {label}")
    return value


# ----------------------------------------------------------------------
# init_weights


@pytest.mark.cell("test_init_weights")
@pytest.mark.parametrize("depth, width", [(1, 3), (3, 7), (25, 16)])
@pytest.mark.parametrize("activation", ACTIVATIONS)
def test_init_weights_structure(student, depth, width, activation):
    """depth float64 arrays of shape (width, width), not all the same."""
    label = f"depth={depth}, width={width}, activation {activation!r}"
    weights = _weight_list(
        call(student.init_weights, depth, width, activation, Generator(2), context=f" with {label}").value,
        depth,
        width,
        label,
    )
    if depth > 1 and np.array_equal(weights[0], weights[1]):
        fail(f"init_weights: every layer has the same weights with {label}; draw each layer anew")


@pytest.mark.cell("test_init_weights")
@pytest.mark.parametrize("activation", ACTIVATIONS)
def test_init_weights_scale(student, activation):
    """Xavier's std sqrt(2 / (fan_in + fan_out)) for sigmoid and tanh, He's sqrt(2 / fan_in) for relu."""
    depth, width = 10, 200
    label = f"activation {activation!r}"
    weights = _weight_list(
        call(student.init_weights, depth, width, activation, Generator(3), context=f" with {label}").value,
        depth,
        width,
        label,
    )
    w = np.concatenate([W.ravel() for W in weights])
    xavier, he = math.sqrt(2 / (2 * width)), math.sqrt(2 / width)
    want = he if activation == "relu" else xavier
    if abs(w.std() / want - 1) > 0.02:
        if activation == "relu" and abs(w.std() / xavier - 1) <= 0.02:
            fail("init_weights: ReLU layers need He's variance 2 / fan_in, not Xavier's")
        if activation != "relu" and abs(w.std() / he - 1) <= 0.02:
            fail(f"init_weights: {activation} layers need Xavier's variance 2 / (fan_in + fan_out), not He's")
        fail(
            f"init_weights: the weights' standard deviation is wrong for {label}; rng.normal takes the "
            "standard deviation, the square root of the variance"
        )
    if abs(w.mean()) > 6 * want / math.sqrt(w.size):
        fail(f"init_weights: the weights' mean is not 0 for {label}")


@pytest.mark.cell("test_init_weights")
def test_init_weights_uses_the_given_generator(student):
    """The same generator state gives the same weights; another gives others."""
    runs = [call(student.init_weights, 3, 5, "tanh", Generator(seed)).value for seed in (7, 7, 8)]
    runs = [_weight_list(run, 3, 5, "depth=3, width=5") for run in runs]
    if not all(np.array_equal(a, b) for a, b in zip(runs[0], runs[1], strict=True)):
        fail("init_weights: the same generator state gave different weights; draw with the rng argument")
    if all(np.array_equal(a, b) for a, b in zip(runs[0], runs[2], strict=True)):
        fail("init_weights: different generators gave the same weights; draw with the rng argument")


# ----------------------------------------------------------------------
# forward_deep and backward_gradient_norms

SHAPES = [(1, 4, 3, "one layer"), (6, 8, 5, "six layers"), (20, 16, 4, "twenty layers")]


def _case(depth, width, batch, activation, seed=0):
    rng = np.random.default_rng(100 + seed)
    x = rng.normal(0, 1, (batch, width))
    dout = rng.normal(0, 1, (batch, width)) / batch
    return x, _weights(depth, width, activation, 200 + seed), dout


@pytest.mark.cell("test_forward_deep")
@pytest.mark.parametrize("depth, width, batch, label", SHAPES)
@pytest.mark.parametrize("activation", ACTIVATIONS)
def test_forward_deep(student, ref, activation, depth, width, batch, label):
    """The output h_L against the reference, for the same weights; returns (output, cache)."""
    x, weights, _ = _case(depth, width, batch, activation)
    where = f"{label} of {activation}"
    outcome = call_clean(student.forward_deep, x, weights, activation, where=where, returns=("output", "cache"))
    want, _ = ref.forward_deep(x, weights, activation)
    check_close(
        "forward_deep",
        outcome.value[0],
        want,
        where,
        {"values": "z_l = h_(l-1) @ W_l and h_l = f(z_l) for every layer, in order, starting from x"},
    )


@pytest.mark.cell("test_backward_gradient_norms")
@pytest.mark.parametrize("depth, width, batch, label", SHAPES)
@pytest.mark.parametrize("activation", ACTIVATIONS)
def test_backward_gradient_norms(student, ref, activation, depth, width, batch, label):
    """Both arrays of norms against the reference, through the student's own forward cache."""
    x, weights, dout = _case(depth, width, batch, activation, seed=1)
    where = f"{label} of {activation}"
    forward = call(student.forward_deep, x, weights, activation, context=f" with {where}")
    if not isinstance(forward.value, tuple) or len(forward.value) != 2:
        fail("backward_gradient_norms: cannot run, forward_deep does not return (output, cache)")
    outcome = call(
        student.backward_gradient_norms, dout, forward.value[1], weights, activation, context=f" with {where}"
    )
    check_outcome_clean("backward_gradient_norms", outcome, where, {})
    got = outcome.value
    if not isinstance(got, dict) or any(key not in got for key in KEYS):
        fail('backward_gradient_norms: return a dict with "weight_grad" and "preactivation_grad"')
    _, cache = ref.forward_deep(x, weights, activation)
    want = ref.backward_gradient_norms(dout, cache, weights, activation)
    hints = {
        "preactivation_grad": "delta_l = dL/dh_l * f'(z_l) (the derivative at z_l, not f(z_l)); then "
        "dL/dh_(l-1) = delta_l @ W_l.T; store the norm of delta_l at index l - 1",
        "weight_grad": "dL/dW_l = h_(l-1).T @ delta_l, with h_(l-1) the layer's input; store its Frobenius "
        "norm at index l - 1 (layer 1 first)",
    }
    for key in ("preactivation_grad", "weight_grad"):
        check_close(
            f"backward_gradient_norms ({key})",
            got[key],
            want[key],
            where,
            {"values": hints[key], "shape": "one norm per layer: an array of shape (depth,)"},
        )


# ----------------------------------------------------------------------
# gradient_norms_per_layer

ALL_KEYS = KEYS + ("spectral_norm",)


def _measure(student, depth, activation, seed, **kwargs):
    label = f"depth={depth}, activation {activation!r}"
    outcome = call(student.gradient_norms_per_layer, depth, activation, seed, context=f" with {label}", **kwargs)
    result = outcome.value
    if not isinstance(result, dict) or any(key not in result for key in ALL_KEYS):
        fail('gradient_norms_per_layer: return a dict with "weight_grad", "preactivation_grad" and "spectral_norm"')
    arrays = {}
    for key in ALL_KEYS:
        value = (
            np.asarray(result[key], dtype=np.float64) if isinstance(result[key], (np.ndarray, list, tuple)) else None
        )
        if value is None or value.shape != (depth,):
            fail(f'gradient_norms_per_layer: "{key}" must be an array with one entry per layer, with {label}')
        arrays[key] = value
    return arrays


@pytest.mark.cell("test_gradient_norms_per_layer")
@pytest.mark.parametrize("activation", ACTIVATIONS)
def test_gradient_norms_per_layer_is_repeatable(student, activation):
    """The seed fixes the result; another seed changes it."""
    first, again, other = (_measure(student, 4, activation, seed) for seed in (3, 3, 4))
    if not all(np.array_equal(first[key], again[key]) for key in ALL_KEYS):
        fail(
            "gradient_norms_per_layer: the same seed gave different results; draw everything with "
            "rng = np.random.default_rng(seed)"
        )
    if np.array_equal(first["weight_grad"], other["weight_grad"]):
        fail("gradient_norms_per_layer: two seeds gave the same result; use the seed argument")


# The reference's ranges over seeds (tests/test_experiments.py checks them): the last layer's
# |delta_L| with width = batch = 64 and dout ~ N(0, 1) / batch, and the spectral norms.
LAST_DELTA = {"sigmoid": 0.237, "tanh": 0.944, "relu": 0.698}
SPECTRAL = {"sigmoid": 2.0, "tanh": 2.0, "relu": 2.0 * math.sqrt(2)}
SCALE_RTOL = 0.25


@pytest.mark.cell("test_gradient_norms_per_layer")
@pytest.mark.parametrize("activation", ACTIVATIONS)
def test_gradient_norms_per_layer_scale(student, activation):
    """The input, dout (N(0, 1) / batch) and the weights have the sizes asked for: the norms show it."""
    runs = [_measure(student, 8, activation, seed) for seed in (20, 21, 22)]
    last = np.mean([run["preactivation_grad"][-1] for run in runs])
    spectral = np.mean([run["spectral_norm"] for run in runs])
    if abs(spectral / SPECTRAL[activation] - 1) > SCALE_RTOL:
        fail(
            f'gradient_norms_per_layer: "spectral_norm" is not the largest singular value of each W '
            f"(np.linalg.norm(W, 2)) of weights from init_weights, for {activation}"
        )
    if abs(last / LAST_DELTA[activation] - 1) > SCALE_RTOL:
        fail(
            f"gradient_norms_per_layer: the last layer's gradient has the wrong size for {activation}; "
            "x ~ N(0, 1) of shape (batch, width) and dout ~ N(0, 1) / batch of the output's shape"
        )


# ----------------------------------------------------------------------
# the experiment: properties over seeds

EXPERIMENT_SEEDS = (10, 11, 12, 13)
EXPERIMENT_DEPTHS = (20, 30)
SIGMOID_MAX_RATIO = 1e-6  # first layer's weight gradient / last layer's, sigmoid with Xavier
RELU_MAX_SPREAD = 10.0  # largest / smallest weight-gradient norm over the layers, ReLU with He
BOUND_SLACK = 1e-9  # the 1/4 bound is exact: only rounding may exceed it


def property_margins(runs, depth):
    """Each property's margin for one seed (positive when it holds), as log10 factors or plain ratios."""
    sigmoid, relu = runs["sigmoid"], runs["relu"]
    ratio = sigmoid["weight_grad"][0] / sigmoid["weight_grad"][-1]
    spread = relu["weight_grad"].max() / relu["weight_grad"].min()
    delta, spectral = sigmoid["preactivation_grad"], sigmoid["spectral_norm"]
    per_layer = np.max(delta[:-1] / (0.25 * spectral[1:] * delta[1:]))
    return {
        "sigmoid_vanishes": math.log10(SIGMOID_MAX_RATIO) - math.log10(ratio) if ratio > 0 else -1.0,
        "relu_level": math.log10(RELU_MAX_SPREAD) - math.log10(spread) if np.isfinite(spread) else -1.0,
        "quarter_bound": 1 + BOUND_SLACK - per_layer if np.isfinite(per_layer) else -1.0,
    }


PROPERTY_MESSAGES = {
    "sigmoid_vanishes": "in a deep sigmoid network with Xavier weights the first layer's weight gradient "
    "should be orders of magnitude below the last layer's; is sigmoid's derivative "
    "applied at every layer, and layer 1 stored first?",
    "relu_level": "in a deep ReLU network with He weights the weight-gradient norms should stay within about "
    "one order of magnitude; check He's variance 2 / fan_in and relu'(z) = 1 where z > 0",
    "quarter_bound": "the sigmoid's 1/4 bound fails: |delta_l| <= 0.25 * |W_(l+1)|_2 * |delta_(l+1)| must hold at "
    "every layer; check delta_l = dL/dh_l * f'(z_l) and dL/dh_(l-1) = delta_l @ W_l.T",
}


@pytest.mark.cell("test_experiment")
@pytest.mark.parametrize("depth", EXPERIMENT_DEPTHS)
@pytest.mark.parametrize("seed", EXPERIMENT_SEEDS)
def test_experiment_properties(student, seed, depth):
    """Sigmoid vanishes, ReLU with He stays level, the 1/4 bound holds: for this seed and depth."""
    runs = {activation: _measure(student, depth, activation, seed) for activation in ("sigmoid", "relu")}
    for name, margin in property_margins(runs, depth).items():
        if not margin > 0:
            fail(f"gradient_norms_per_layer: {PROPERTY_MESSAGES[name]}")
