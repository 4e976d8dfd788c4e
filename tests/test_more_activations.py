"""The activations of the "meet next" page (bookkit.more_activations), against separate computations.

Each function is compared with its definition written another way (SciPy,
np.logaddexp, np.clip, explicit loops), each derivative with central finite
differences away from the kinks, and the kink conventions are pinned.
"""

import numpy as np
import pytest
from scipy.special import expit

from bookkit import more_activations as ma

X = np.concatenate([np.linspace(-12, 12, 2401), [-700.0, 700.0]])
SMOOTH_X = X[np.all(np.abs(X[:, None] - np.array([-3.0, 0.0, 3.0, 6.0])) > 1e-3, axis=1)]


def test_values_match_their_definitions():
    with np.errstate(over="ignore"):
        np.testing.assert_allclose(ma.mish(X), X * np.tanh(np.logaddexp(0, X)), rtol=1e-14, atol=1e-300)
    np.testing.assert_allclose(ma.relu6(X), np.minimum(np.maximum(X, 0), 6))
    np.testing.assert_allclose(ma.hard_sigmoid(X), np.clip(X / 6 + 0.5, 0, 1), atol=1e-16)
    np.testing.assert_allclose(ma.hard_swish(X), X * np.clip(X + 3, 0, 6) / 6, atol=1e-15)
    np.testing.assert_allclose(ma.softsign(X), np.sign(X) * (1 - 1 / (1 + np.abs(X))), atol=1e-15)


@pytest.mark.parametrize("name", ["mish", "relu6", "hard_sigmoid", "hard_swish", "softsign"])
def test_derivatives_match_finite_differences(name):
    f, g = getattr(ma, name), getattr(ma, name + "_grad")
    x = SMOOTH_X[np.abs(SMOOTH_X) < 100]
    h = 1e-7
    np.testing.assert_allclose(g(x), (f(x + h) - f(x - h)) / (2 * h), atol=1e-6)


def test_mish_grad_closed_form():
    x = np.linspace(-10, 10, 201)
    sp = np.logaddexp(0, x)
    np.testing.assert_allclose(ma.mish_grad(x), np.tanh(sp) + x * expit(x) / np.cosh(sp) ** 2, rtol=1e-12, atol=1e-15)


def test_kink_conventions():
    np.testing.assert_array_equal(ma.relu6_grad(np.array([0.0, 6.0])), [0.0, 0.0])
    np.testing.assert_array_equal(ma.hard_sigmoid_grad(np.array([-3.0, 3.0])), [0.0, 0.0])
    np.testing.assert_allclose(ma.hard_swish_grad(np.array([-3.0, 3.0])), [-0.5, 1.5])
    assert ma.hard_swish(np.float32(2.0)).dtype == np.float32 and ma.mish(np.float32(50.0)).dtype == np.float32


def test_maxout_matches_loops_and_finite_differences():
    rng = np.random.default_rng(0)
    x, W, b = rng.normal(size=(4, 3)), rng.normal(size=(3, 2, 5)), rng.normal(size=(2, 5))
    h, cache = ma.maxout_forward(x, W, b)
    want = np.array([[max(x[n] @ W[:, j, k] + b[j, k] for k in range(5)) for j in range(2)] for n in range(4)])
    np.testing.assert_allclose(h, want, rtol=1e-14)
    dh = rng.normal(size=h.shape)
    grads = ma.maxout_backward(dh, cache, W)
    for i, array in enumerate((x, W, b)):
        numerical = np.zeros_like(array)
        for index in np.ndindex(array.shape):
            args_up, args_down = [x, W, b], [x, W, b]
            step = np.zeros_like(array)
            step[index] = 1e-6
            args_up[i], args_down[i] = array + step, array - step
            numerical[index] = (
                np.sum(dh * ma.maxout_forward(*args_up)[0]) - np.sum(dh * ma.maxout_forward(*args_down)[0])
            ) / 2e-6
        np.testing.assert_allclose(grads[i], numerical, atol=1e-6)
