"""Softplus, log-sigmoid and the binary cross-entropy on logits (bookkit.log_sigmoid), against SciPy and NumPy.

The reference values come from scipy.special.log_expit and np.logaddexp, which
are written independently of the module; the derivatives from central finite
differences; the loss also from assignment 4's own `binary_cross_entropy`.
"""

import numpy as np
import pytest
from scipy.special import expit, log_expit

from bookkit.log_sigmoid import binary_cross_entropy_with_logits, log_sigmoid, naive_binary_cross_entropy, softplus
from grader.reference import load_reference

GRID = np.concatenate([-np.geomspace(1e-8, 1e4, 200), [0.0], np.geomspace(1e-8, 1e4, 200)])


def test_softplus_matches_logaddexp():
    np.testing.assert_allclose(softplus(GRID), np.logaddexp(0.0, GRID), rtol=1e-15, atol=0)
    assert softplus(-700.0) > 0 and np.isfinite(softplus(1e308))


def test_log_sigmoid_matches_scipy():
    np.testing.assert_allclose(log_sigmoid(GRID), log_expit(GRID), rtol=1e-15, atol=0)


@pytest.mark.parametrize("dtype", [np.float32, np.float16])
def test_low_precision_keeps_dtype_and_is_finite(dtype):
    x = np.array([-1000, -20, 0, 20, 1000], dtype=dtype)
    assert softplus(x).dtype == dtype and log_sigmoid(x).dtype == dtype
    assert np.all(np.isfinite(softplus(x))) and np.all(np.isfinite(log_sigmoid(x)))
    # Values below the smallest subnormal (log sigmoid(20) = -2e-9 in float16) round to 0, as they must.
    np.testing.assert_allclose(
        log_sigmoid(x), log_expit(x.astype(np.float64)), rtol=2e-3, atol=float(np.finfo(dtype).smallest_subnormal)
    )


def test_identities_and_derivatives():
    x = np.linspace(-30, 30, 601)
    np.testing.assert_allclose(softplus(x) - softplus(-x), x, atol=1e-13)
    h = 1e-6
    np.testing.assert_allclose((softplus(x + h) - softplus(x - h)) / (2 * h), expit(x), atol=1e-8)
    np.testing.assert_allclose((log_sigmoid(x + h) - log_sigmoid(x - h)) / (2 * h), expit(-x), atol=1e-8)


def test_loss_matches_its_definition_and_assignment_4():
    rng = np.random.default_rng(0)
    x, y = rng.normal(0, 5, 1000), rng.integers(0, 2, 1000).astype(np.float64)
    definition = -(y * log_expit(x) + (1 - y) * log_expit(-x))
    np.testing.assert_allclose(binary_cross_entropy_with_logits(x, y), definition, rtol=1e-13, atol=1e-15)
    np.testing.assert_allclose(
        binary_cross_entropy_with_logits(x, y), naive_binary_cross_entropy(expit(x), y), rtol=1e-7
    )  # 1 - p loses digits
    reference = load_reference("04_dead_neurons").binary_cross_entropy(x, y)
    assert np.mean(binary_cross_entropy_with_logits(x, y)) == pytest.approx(reference, rel=1e-14)
    # Soft labels: the same formula, and the minimum over x sits at logit(y).
    assert binary_cross_entropy_with_logits(np.log(3.0), 0.75) == pytest.approx(
        -(0.75 * np.log(0.75) + 0.25 * np.log(0.25))
    )


def test_naive_loss_breaks_where_the_stable_one_does_not():
    assert np.isinf(naive_binary_cross_entropy(expit(40.0), 0.0))
    assert binary_cross_entropy_with_logits(40.0, 0.0) == pytest.approx(40.0)
