"""gelu through np.vectorize of a scalar formula: raises on an empty array.

cell: gelu
expect: test_gelu
cause: raised ValueError on an empty array
"""
def _gelu_scalar(value, approximate):
    if approximate == "tanh":
        return 0.5 * value * (1 + math.tanh(math.sqrt(2 / math.pi) * (value + 0.044715 * value**3)))
    if approximate == "sigmoid":
        return value * float(sigmoid(1.702 * value))
    return value * 0.5 * math.erfc(-value / math.sqrt(2))


def gelu(x, approximate="none"):
    if approximate not in ("none", "tanh", "sigmoid"):
        raise ValueError(f"unknown approximate {approximate!r}")
    x = as_float_array(x)
    return np.vectorize(_gelu_scalar)(x, approximate).astype(x.dtype)
