"""dense_backward skips the activation's derivative (dz = da).

cell: dense_backward
expect: test_dense_backward
cause: dz = da * f'(z)
"""
def dense_backward(da, cache):
    x, W, z, activation = cache
    dz = da
    return dz @ W.T, x.T @ dz, dz.sum(axis=0)
