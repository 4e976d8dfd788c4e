"""sigmoid computes in place and overwrites its input.

cell: sigmoid
expect: test_sigmoid
cause: modified its input in place
"""
def sigmoid(x):
    x = as_float_array(x)
    if x.ndim == 0:
        x = x.copy()
    z = np.exp(-np.abs(x))
    positive = x >= 0
    x[...] = np.where(positive, 1 / (1 + z), z / (1 + z))
    return x
