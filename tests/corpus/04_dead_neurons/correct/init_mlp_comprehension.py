"""init_mlp as a comprehension, drawing the weights with standard_normal.

cell: init_mlp
"""
def init_mlp(layer_sizes, init, bias_init, rng):
    def scale(fan_in):
        return np.sqrt(2.0 / fan_in) if init == "he" else float(init)
    return [(rng.standard_normal((n_in, n_out)) * scale(n_in), np.ones(n_out) * bias_init)
            for n_in, n_out in zip(layer_sizes, layer_sizes[1:])]
