"""relu with np.where(x > 0, x, 0): NaN becomes 0.

cell: relu
expect: test_relu
cause: wrong values on NaN inputs
"""
def relu(x):
    x = as_float_array(x)
    return np.where(x > 0, x, 0).astype(x.dtype)
