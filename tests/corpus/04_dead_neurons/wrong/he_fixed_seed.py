"""he_init makes its own generator with a constant seed, so every seed gets the same draws.

cell: he_init
expect: test_he_init, test_init_mlp
"""
def he_init(fan_in, fan_out, rng):
    return np.random.default_rng(0).normal(0.0, np.sqrt(2.0 / fan_in), size=(fan_in, fan_out))
