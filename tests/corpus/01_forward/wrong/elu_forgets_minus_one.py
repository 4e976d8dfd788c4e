"""elu as alpha * exp(x) for x <= 0: the - 1 is missing.

cell: elu
expect: test_elu,test_selu
cause: wrong values on typical inputs
not: np.minimum
not: overflow
"""
def elu(x, alpha=1.0):
    x = as_float_array(x)
    return np.where(x > 0, x, alpha * np.exp(np.minimum(x, 0)))
