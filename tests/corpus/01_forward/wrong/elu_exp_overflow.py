"""elu evaluates exp(x) everywhere: overflow warnings for large x.

cell: elu
expect: test_elu,test_selu
cause: np.where evaluates both branches
"""
def elu(x, alpha=1.0):
    x = as_float_array(x)
    return np.where(x > 0, x, alpha * (np.exp(x) - 1))
