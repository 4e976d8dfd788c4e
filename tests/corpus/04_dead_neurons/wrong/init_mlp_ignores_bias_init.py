"""init_mlp always initialises the biases to zero.

cell: init_mlp
expect: test_init_mlp, test_experiment
"""
def init_mlp(layer_sizes, init, bias_init, rng):
    params = []
    for fan_in, fan_out in zip(layer_sizes[:-1], layer_sizes[1:]):
        W = he_init(fan_in, fan_out, rng) if init == "he" else rng.normal(0.0, init, size=(fan_in, fan_out))
        params.append((W, np.zeros(fan_out)))
    return params
