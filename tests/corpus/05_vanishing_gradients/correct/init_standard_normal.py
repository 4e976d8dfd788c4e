"""init_weights scales standard_normal draws, with Xavier written for general fan-in and fan-out.

cell: init_weights
"""
def init_weights(depth, width, activation, rng):
    fan_in = fan_out = width
    scale = {"relu": np.sqrt(2 / fan_in)}.get(activation, np.sqrt(2 / (fan_in + fan_out)))
    return [scale * rng.standard_normal((fan_in, fan_out)) for _ in range(depth)]
