"""tanh_grad as 1 - tanh(x).

cell: tanh_grad
expect: test_tanh_grad
cause: tanh_grad: wrong values on typical inputs
"""
def tanh_grad(x):
    return 1 - np.tanh(as_float_array(x))
