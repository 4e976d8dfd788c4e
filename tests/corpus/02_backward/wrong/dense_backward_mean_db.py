"""dense_backward averages db over the batch instead of summing.

cell: dense_backward
expect: test_dense_backward
cause: dense_backward (db): wrong values
"""
def dense_backward(da, cache):
    x, W, z, activation = cache
    dz = da * activation_grad(activation, z)
    return dz @ W.T, x.T @ dz, dz.mean(axis=0)
