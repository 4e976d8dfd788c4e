"""init_weights uses He's variance for every activation.

cell: init_weights
expect: test_init_weights, test_gradient_norms_per_layer
"""
def init_weights(depth, width, activation, rng):
    return [rng.normal(0.0, np.sqrt(2.0 / width), size=(width, width)) for _ in range(depth)]
