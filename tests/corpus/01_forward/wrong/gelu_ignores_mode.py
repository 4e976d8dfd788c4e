"""gelu always computes the exact form, whatever approximate says.

cell: gelu
expect: test_gelu
cause: with approximate="tanh"
"""
def gelu(x, approximate="none"):
    if approximate not in ("none", "tanh", "sigmoid"):
        raise ValueError(approximate)
    x = as_float_array(x)
    return x * (0.5 * erfc(-x / math.sqrt(2)))
