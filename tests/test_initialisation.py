"""The variance computations of the initialisation page (bookkit.initialisation), against independent ones.

Gaussian expectations are checked against closed forms and against Gauss-Hermite
quadrature of NumPy's own functions (not the course's references); the deep
stack against the same network written out with NumPy.
"""

import math

import numpy as np
import pytest
from scipy.special import expit

from bookkit.initialisation import (
    TORCH_GAIN,
    fixed_point,
    gaussian_mean,
    init_variance,
    preactivation_second_moments,
    second_moment_gain,
    variance_map,
)
from grader.reference import load_reference

NODES, WEIGHTS = np.polynomial.hermite_e.hermegauss(200)  # E[g(Z)] = sum(w g(z)) / sqrt(2 pi), probabilists' Hermite


def hermite_mean(g, q=1.0):
    return float(np.sum(WEIGHTS * g(math.sqrt(q) * NODES)) / math.sqrt(2 * math.pi))


@pytest.fixture(scope="module")
def fwd():
    return load_reference("01_forward")


def test_closed_forms(fwd):
    assert gaussian_mean(lambda z: z**2) == pytest.approx(1.0, abs=1e-12)
    assert gaussian_mean(lambda z: fwd.relu(z) ** 2) == pytest.approx(0.5, abs=1e-12)
    assert gaussian_mean(lambda z: fwd.leaky_relu(z, 0.2) ** 2, q=3.0) == pytest.approx(3.0 * (1 + 0.04) / 2, rel=1e-10)
    # SELU's constants make mean 0 and variance 1 a fixed point (Klambauer et al. 2017).
    assert gaussian_mean(fwd.selu) == pytest.approx(0.0, abs=1e-9)
    assert gaussian_mean(lambda z: fwd.selu(z) ** 2) == pytest.approx(1.0, abs=1e-9)


@pytest.mark.parametrize("q", [0.3, 1.0, 2.7])
def test_smooth_expectations_match_gauss_hermite(q):
    assert gaussian_mean(lambda z: np.tanh(z) ** 2, q) == pytest.approx(
        hermite_mean(lambda z: np.tanh(z) ** 2, q), rel=1e-9
    )
    assert gaussian_mean(lambda z: expit(z) ** 2, q) == pytest.approx(
        hermite_mean(lambda z: expit(z) ** 2, q), rel=1e-9
    )


def test_gains(fwd):
    assert second_moment_gain(fwd.relu) == pytest.approx(TORCH_GAIN["relu"], rel=1e-12)
    assert second_moment_gain(fwd.leaky_relu) == pytest.approx(TORCH_GAIN["leaky_relu"], rel=1e-12)
    assert second_moment_gain(fwd.linear) == pytest.approx(TORCH_GAIN["linear"], rel=1e-12)
    assert second_moment_gain(np.tanh) == pytest.approx(
        1 / math.sqrt(hermite_mean(lambda z: np.tanh(z) ** 2)), rel=1e-9
    )


def test_variance_map_and_fixed_point():
    assert variance_map(lambda z: np.maximum(z, 0), 3.0, math.sqrt(2)) == pytest.approx(3.0, rel=1e-10)
    q = fixed_point(np.tanh, 5 / 3)
    assert q == pytest.approx((5 / 3) ** 2 * hermite_mean(lambda z: np.tanh(z) ** 2, q), rel=1e-8)
    assert (
        fixed_point(np.tanh, 1.0, steps=50) < 0.02
    )  # with gain 1 the only fixed point is 0, reached slowly (about 1/(2l))


def test_init_variance_is_pytorchs():
    # torch.nn.init.xavier_normal_: std = gain * sqrt(2 / (fan_in + fan_out));
    # kaiming_normal_ (fan_in, relu): sqrt(2 / fan_in).
    assert init_variance("xavier", 300, 100, gain=5 / 3) == pytest.approx((5 / 3 * math.sqrt(2 / 400)) ** 2)
    assert init_variance("he", 300, 100) == pytest.approx((math.sqrt(2) / math.sqrt(300)) ** 2)
    assert init_variance("lecun", 300, 100) == pytest.approx(1 / 300)
    assert init_variance("lecun", 64, 64, gain=math.sqrt(2)) == pytest.approx(init_variance("he", 64, 64), rel=1e-15)
    with pytest.raises(ValueError, match="unknown initialisation"):
        init_variance("orthogonal", 3, 3)


@pytest.mark.parametrize(
    ("activation", "std", "f"),
    [("relu", math.sqrt(2 / 32), lambda z: np.maximum(z, 0)), ("tanh", math.sqrt(1 / 32), np.tanh)],
)
def test_deep_stack_matches_numpy(activation, std, f):
    depth, width, batch, scale = 6, 32, 16, 1.3
    got = preactivation_second_moments(
        load_reference("05_vanishing_gradients"), activation, scale, depth, width, batch, seed=3
    )
    rng = np.random.default_rng(3)
    weights = [scale * rng.normal(0.0, std, size=(width, width)) for _ in range(depth)]
    h = rng.normal(0.0, 1.0, size=(batch, width))
    want = []
    for W in weights:
        z = h @ W
        want.append(np.mean(z**2))
        h = f(z)
    np.testing.assert_allclose(got, want, rtol=1e-12)
