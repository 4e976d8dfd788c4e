"""leaky_relu_grad gives 1 at x == 0.

cell: leaky_relu_grad
expect: test_leaky_relu_grad
cause: leaky_relu'(0) = alpha
"""
def leaky_relu_grad(x, alpha=0.01):
    x = as_float_array(x)
    return np.where(x >= 0, 1.0, alpha).astype(x.dtype)
