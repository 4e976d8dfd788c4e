"""he_init draws from a uniform distribution with He variance, not from a normal.

cell: he_init
expect: test_he_init
"""
def he_init(fan_in, fan_out, rng):
    limit = np.sqrt(6.0 / fan_in)
    return rng.uniform(-limit, limit, size=(fan_in, fan_out))
