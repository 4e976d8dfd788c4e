"""relu_grad with np.heaviside(x, 0).

cell: relu_grad
"""
def relu_grad(x):
    x = as_float_array(x)
    return np.heaviside(x, 0).astype(x.dtype)
