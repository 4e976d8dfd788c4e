"""prelu_backward returns dalpha of x's shape, not alpha's.

cell: prelu_backward
expect: test_prelu_backward
cause: prelu_backward (dalpha): wrong output shape
"""
def prelu_backward(dout, x, alpha):
    x = as_float_array(x)
    dx = (dout * np.where(x > 0, 1.0, alpha)).astype(x.dtype)
    dalpha = (dout * np.where(x > 0, 0.0, x)).astype(x.dtype)
    return dx, dalpha
