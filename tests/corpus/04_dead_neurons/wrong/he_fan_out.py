"""he_init scales by fan_out instead of fan_in.

cell: he_init
expect: test_he_init, test_init_mlp
"""
def he_init(fan_in, fan_out, rng):
    return rng.normal(0.0, np.sqrt(2.0 / fan_out), size=(fan_in, fan_out))
