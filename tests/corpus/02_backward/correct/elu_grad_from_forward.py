"""elu_grad from the forward value: elu(x) + alpha for x <= 0.

cell: elu_grad
"""
def elu_grad(x, alpha=1.0):
    x = as_float_array(x)
    negative_part = alpha * np.expm1(np.minimum(x, 0)) + alpha
    return np.where(x > 0, np.ones_like(x), negative_part).astype(x.dtype)
