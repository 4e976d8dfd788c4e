"""init_mlp multiplies a numeric init by the He scale instead of using it as the standard deviation.

cell: init_mlp
expect: test_init_mlp, test_experiment
"""
def init_mlp(layer_sizes, init, bias_init, rng):
    params = []
    for fan_in, fan_out in zip(layer_sizes[:-1], layer_sizes[1:]):
        if init == "he":
            W = he_init(fan_in, fan_out, rng)
        else:
            W = init * he_init(fan_in, fan_out, rng)
        params.append((W, np.full(fan_out, float(bias_init))))
    return params
