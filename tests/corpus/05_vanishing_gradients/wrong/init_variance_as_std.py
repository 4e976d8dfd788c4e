"""init_weights passes the variance to rng.normal as the standard deviation.

cell: init_weights
expect: test_init_weights, test_gradient_norms_per_layer
"""
def init_weights(depth, width, activation, rng):
    variance = 2.0 / width if activation == "relu" else 2.0 / (width + width)
    return [rng.normal(0.0, variance, size=(width, width)) for _ in range(depth)]
