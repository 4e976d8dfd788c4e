"""elu_grad returns exp(x) without alpha on the negative side.

cell: elu_grad
expect: test_elu_grad,test_selu_grad
cause: elu_grad: wrong values on typical inputs with a non-default alpha
"""
def elu_grad(x, alpha=1.0):
    x = as_float_array(x)
    return np.where(x > 0, 1.0, np.exp(np.minimum(x, 0))).astype(x.dtype)
