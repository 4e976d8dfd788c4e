"""The variance argument behind LeCun, Xavier (Glorot) and He initialisation, computed for the book's pages.

A dense layer z' = f(z) W with weights of variance Var(W) = gain^2 / n_in maps
pre-activations of variance q to pre-activations of variance
gain^2 * E[f(sqrt(q) Z)^2], Z ~ N(0, 1). This module evaluates those Gaussian
expectations by quadrature (for the activation functions the caller passes
in: the course's reference implementations), the variances each scheme
prescribes, and the signal of a deep stack built with the reference solution
of assignment 5 (`init_weights`, `forward_deep`): nothing here draws weights
or runs a layer by itself.
"""

import math

import numpy as np
from scipy import integrate, stats

#: The gains `torch.nn.init.calculate_gain` returns (PyTorch documentation of torch.nn.init):
#: leaky_relu with its default negative slope 0.01.
TORCH_GAIN = {
    "linear": 1.0,
    "sigmoid": 1.0,
    "tanh": 5.0 / 3.0,
    "relu": math.sqrt(2.0),
    "leaky_relu": math.sqrt(2.0 / (1.0 + 0.01**2)),
    "selu": 3.0 / 4.0,
}


def gaussian_mean(g, q=1.0):
    """E[g(sqrt(q) Z)] for Z ~ N(0, 1), a float, by adaptive quadrature on each half-line (kinks sit at 0)."""

    def integrand(z):
        return float(g(np.float64(math.sqrt(q) * z))) * stats.norm.pdf(z)

    return (
        integrate.quad(integrand, -np.inf, 0.0, epsabs=1e-13)[0]
        + integrate.quad(integrand, 0.0, np.inf, epsabs=1e-13)[0]
    )


def second_moment_gain(f):
    """1 / sqrt(E[f(Z)^2]), Z ~ N(0, 1): the weight gain that keeps a unit-variance pre-activation at variance 1."""
    return 1.0 / math.sqrt(gaussian_mean(lambda z: f(z) ** 2))


def variance_map(f, q, gain):
    """The variance of the next layer's pre-activations, gain^2 * E[f(sqrt(q) Z)^2], given variance q in this one.

    Exact for a wide layer whose weights have mean 0 and variance gain^2 / n_in, and whose
    pre-activations are Gaussian with mean 0 and variance q.
    """
    return gain**2 * gaussian_mean(lambda z: f(z) ** 2, q)


def fixed_point(f, gain, q=1.0, steps=100):
    """The variance the map `variance_map(f, ., gain)` settles at, iterated `steps` times from q (a float)."""
    for _ in range(steps):
        q = variance_map(f, q, gain)
    return q


def init_variance(scheme, fan_in, fan_out, gain=1.0):
    """The weight variance of a scheme: "lecun" gain^2/fan_in, "xavier" gain^2 * 2/(fan_in + fan_out), "he" 2/fan_in.

    He is LeCun with the gain sqrt(2) (PyTorch's kaiming_normal_ with nonlinearity="relu").
    """
    if scheme == "lecun":
        return gain**2 / fan_in
    if scheme == "xavier":
        return gain**2 * 2.0 / (fan_in + fan_out)
    if scheme == "he":
        return 2.0 / fan_in
    raise ValueError(f"unknown initialisation scheme {scheme!r}: choose lecun, xavier or he")


def preactivation_second_moments(ref, activation, scale=1.0, depth=50, width=256, batch=512, seed=0):
    """Mean of z_l^2 over the batch and the units, for each layer l = 1..depth, as an array of shape (depth,).

    The network is assignment 5's: weights from `ref.init_weights(depth, width, activation, rng)` (Xavier for
    sigmoid and tanh, He for relu) multiplied by `scale`, then an input of unit variance drawn from the same
    generator, passed through `ref.forward_deep`. The weights have mean 0, so the mean of z^2 is the variance.
    """
    rng = np.random.default_rng(seed)
    weights = [scale * W for W in ref.init_weights(depth, width, activation, rng)]
    x = rng.normal(0.0, 1.0, size=(batch, width))
    _, cache = ref.forward_deep(x, weights, activation)
    return np.array([np.mean(z**2) for _, z in cache])
