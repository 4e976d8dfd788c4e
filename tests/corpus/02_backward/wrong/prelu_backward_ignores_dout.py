"""prelu_backward forgets to multiply by dout.

cell: prelu_backward
expect: test_prelu_backward
cause: dx = dout *
"""
def prelu_backward(dout, x, alpha):
    x = as_float_array(x)
    alpha = np.asarray(alpha)
    dx = np.where(x > 0, 1.0, alpha).astype(x.dtype)
    full = np.where(x > 0, 0.0, x)
    dalpha = full.sum(axis=tuple(range(full.ndim - alpha.ndim)))
    axes = tuple(i for i, n in enumerate(alpha.shape) if n == 1 and dalpha.shape[i] != 1)
    return dx, dalpha.sum(axis=axes, keepdims=True).astype(x.dtype)
