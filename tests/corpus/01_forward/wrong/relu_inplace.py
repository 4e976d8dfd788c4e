"""relu clamps its input in place.

cell: relu
expect: test_relu
cause: modified its input in place
"""
def relu(x):
    x = as_float_array(x)
    if x.ndim == 0:
        return np.maximum(x, 0)
    x[x < 0] = 0
    return x
