"""Reference implementations of the activations the book introduces after the graded ones.

Mish, hard-sigmoid, hard-swish, ReLU6, softsign (elementwise, each with its
derivative) and maxout (a layer: forward and backward). None of them is a
graded function of the course; softplus comes from `bookkit.log_sigmoid`. The
tests (tests/test_more_activations.py) check each against a separate
computation and against finite differences. At a kink, each derivative's
docstring says which value it takes.
"""

import numpy as np

from bookkit.log_sigmoid import _float, softplus


def mish(x):
    """x * tanh(softplus(x)) (Misra 2019), same shape and float dtype as x."""
    x = _float(x)
    return x * np.tanh(softplus(x))


def mish_grad(x):
    """d/dx mish = tanh(sp) + x * (1 - tanh(sp)^2) * sigmoid(x), sp = softplus(x); sigmoid(x) = exp(-softplus(-x))."""
    x = _float(x)
    t = np.tanh(softplus(x))
    return t + x * (1 - t * t) * np.exp(-softplus(-x))


def relu6(x):
    """min(max(x, 0), 6), same shape and float dtype as x."""
    return np.clip(_float(x), 0, 6)


def relu6_grad(x):
    """1 on the open interval (0, 6), 0 elsewhere (the kinks at 0 and 6 included)."""
    x = _float(x)
    return ((x > 0) & (x < 6)).astype(x.dtype)


def hard_sigmoid(x):
    """relu6(x + 3) / 6 = clip(x / 6 + 1/2, 0, 1) (the MobileNetV3 and PyTorch definition)."""
    return relu6(_float(x) + 3) / 6


def hard_sigmoid_grad(x):
    """1/6 on the open interval (-3, 3), 0 elsewhere (kinks included)."""
    x = _float(x)
    return np.where((x > -3) & (x < 3), 1 / 6, 0).astype(x.dtype)


def hard_swish(x):
    """x * relu6(x + 3) / 6 (MobileNetV3), same shape and float dtype as x."""
    x = _float(x)
    return x * hard_sigmoid(x)


def hard_swish_grad(x):
    """0 for x < -3, (2x + 3) / 6 for -3 <= x <= 3, 1 for x > 3 (PyTorch's scalar and GPU kernels at the kinks)."""
    x = _float(x)
    return np.where(x < -3, 0, np.where(x <= 3, (2 * x + 3) / 6, 1)).astype(x.dtype)


def softsign(x):
    """x / (1 + |x|), same shape and float dtype as x."""
    x = _float(x)
    return x / (1 + np.abs(x))


def softsign_grad(x):
    """1 / (1 + |x|)^2."""
    x = _float(x)
    return 1 / (1 + np.abs(x)) ** 2


def maxout_forward(x, W, b):
    """A maxout layer (Goodfellow et al. 2013): h[n, j] = max_k (x W[:, j, k] + b[j, k]).

    x is (batch, n_in), W (n_in, n_out, k), b (n_out, k). Returns h (batch, n_out) and the cache
    (x, index of the winning piece, shape (batch, n_out)) that `maxout_backward` needs.
    """
    z = np.einsum("ni,ijk->njk", x, W) + b
    winner = np.argmax(z, axis=-1)
    return np.take_along_axis(z, winner[..., None], axis=-1)[..., 0], (x, winner)


def maxout_backward(dh, cache, W):
    """Gradients (dx, dW, db) given dh = dL/dh (batch, n_out): only each unit's winning piece receives it."""
    x, winner = cache
    dz = np.zeros(dh.shape + (W.shape[-1],))
    np.put_along_axis(dz, winner[..., None], dh[..., None], axis=-1)
    return np.einsum("njk,ijk->ni", dz, W), np.einsum("ni,njk->ijk", x, dz), dz.sum(axis=0)
