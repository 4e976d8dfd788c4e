"""prelu_backward's dx is float64 for float32 x (the float64 alpha promotes it).

cell: prelu_backward
expect: test_prelu_backward
cause: prelu_backward (dx): wrong dtype
"""
def prelu_backward(dout, x, alpha):
    x = as_float_array(x)
    alpha = np.asarray(alpha)
    positive = x > 0
    dx = dout * np.where(positive, 1.0, alpha)
    dalpha_full = dout * np.where(positive, 0.0, x)
    extra = dalpha_full.ndim - alpha.ndim
    dalpha = dalpha_full.sum(axis=tuple(range(extra)))
    stretched = tuple(i for i, n in enumerate(alpha.shape) if n == 1 and dalpha.shape[i] != 1)
    return dx, dalpha.sum(axis=stretched, keepdims=True).astype(x.dtype)
