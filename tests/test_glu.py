"""The gated units of the GLU page (bookkit.glu), against an independent computation.

The forward pass is compared with each variant written out from its
definition with SciPy (expit, erf), not with the course's references; the
backward pass with central finite differences of the forward pass.
"""

import numpy as np
import pytest
from scipy.special import erf, expit

from bookkit.glu import gated_backward, gated_forward, gated_units
from grader.reference import load_reference

DEFINITIONS = {
    "GLU": expit,
    "ReGLU": lambda a: np.maximum(a, 0.0),
    "GEGLU": lambda a: a * 0.5 * (1.0 + erf(a / np.sqrt(2.0))),
    "SwiGLU": lambda a: a * expit(a),
}


@pytest.fixture(scope="module")
def units():
    return gated_units(load_reference("01_forward"), load_reference("02_backward"))


@pytest.mark.parametrize("name", DEFINITIONS)
def test_forward_matches_the_definition(units, name):
    rng = np.random.default_rng(1)
    x, W, V = rng.standard_normal((6, 5)), rng.standard_normal((5, 4)), rng.standard_normal((5, 4))
    h, _ = gated_forward(x, W, V, units[name][0])
    np.testing.assert_allclose(h, DEFINITIONS[name](x @ W) * (x @ V), rtol=1e-12, atol=1e-14)


@pytest.mark.parametrize("name", DEFINITIONS)
def test_backward_matches_finite_differences(units, name):
    f, f_grad = units[name]
    rng = np.random.default_rng(2)
    x, W, V = rng.standard_normal((4, 3)), rng.standard_normal((3, 2)), rng.standard_normal((3, 2))
    dh = rng.standard_normal((4, 2))
    _, cache = gated_forward(x, W, V, f)
    grads = gated_backward(dh, cache, W, V, f, f_grad)

    def loss(x_, W_, V_):
        return float(np.sum(dh * DEFINITIONS[name](x_ @ W_) * (x_ @ V_)))

    for k, array in enumerate((x, W, V)):
        numerical = np.zeros_like(array)
        for index in np.ndindex(array.shape):
            step = np.zeros_like(array)
            step[index] = 1e-6
            args_up, args_down = [x, W, V], [x, W, V]
            args_up[k], args_down[k] = array + step, array - step
            numerical[index] = (loss(*args_up) - loss(*args_down)) / 2e-6
        np.testing.assert_allclose(grads[k], numerical, atol=1e-6)
