"""init_weights uses Xavier's variance for ReLU too.

cell: init_weights
expect: test_init_weights, test_gradient_norms_per_layer
"""
def init_weights(depth, width, activation, rng):
    return [rng.normal(0.0, np.sqrt(1.0 / width), size=(width, width)) for _ in range(depth)]
