"""elu_grad gives 1 at x == 0 (x >= 0 branch).

cell: elu_grad
expect: test_elu_grad,test_selu_grad
cause: elu'(0) = alpha
"""
def elu_grad(x, alpha=1.0):
    x = as_float_array(x)
    return np.where(x >= 0, 1.0, alpha * np.exp(np.minimum(x, 0))).astype(x.dtype)
