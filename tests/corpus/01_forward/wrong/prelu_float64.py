"""prelu returns float64 for float32 x when alpha is a float64 array.

cell: prelu
expect: test_prelu
cause: wrong dtype
"""
def prelu(x, alpha):
    x = as_float_array(x)
    return np.where(x > 0, x, np.asarray(alpha) * x)
