"""he_init scales standard normal draws by sqrt(2 / fan_in).

cell: he_init
"""
def he_init(fan_in, fan_out, rng):
    return rng.standard_normal((fan_in, fan_out)) * np.sqrt(2 / fan_in)
