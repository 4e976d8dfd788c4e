"""he_init passes the variance 2 / fan_in to rng.normal, which takes the standard deviation.

cell: he_init
expect: test_he_init, test_init_mlp
"""
def he_init(fan_in, fan_out, rng):
    return rng.normal(0.0, 2.0 / fan_in, size=(fan_in, fan_out))
