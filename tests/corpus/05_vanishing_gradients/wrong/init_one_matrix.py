"""init_weights draws one matrix and uses it for every layer.

cell: init_weights
expect: test_init_weights
"""
def init_weights(depth, width, activation, rng):
    std = np.sqrt(2.0 / width) if activation == "relu" else np.sqrt(1.0 / width)
    W = rng.normal(0.0, std, size=(width, width))
    return [W] * depth
