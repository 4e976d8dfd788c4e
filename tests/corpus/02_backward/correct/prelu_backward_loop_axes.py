"""prelu_backward reducing dalpha with an explicit loop over axes.

cell: prelu_backward
"""
def prelu_backward(dout, x, alpha):
    x = as_float_array(x)
    alpha_array = np.asarray(alpha)
    slope = np.broadcast_to(alpha_array, x.shape)
    dx = np.where(x > 0, dout, dout * slope).astype(x.dtype)
    grad = np.where(x > 0, 0.0, dout * x)
    while grad.ndim > alpha_array.ndim:
        grad = grad.sum(axis=0)
    for axis, size in enumerate(alpha_array.shape):
        if size == 1:
            grad = grad.sum(axis=axis, keepdims=True)
    return dx, grad.reshape(alpha_array.shape).astype(x.dtype)
