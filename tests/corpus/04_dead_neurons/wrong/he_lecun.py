"""he_init uses variance 1 / fan_in (LeCun), half of He.

cell: he_init
expect: test_he_init, test_init_mlp
"""
def he_init(fan_in, fan_out, rng):
    return rng.normal(0.0, np.sqrt(1.0 / fan_in), size=(fan_in, fan_out))
