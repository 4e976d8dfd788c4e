"""sigmoid clips x to [-30, 30] and adds 1e-9 to dodge a division by zero: the tails are wrong.

cell: sigmoid
expect: test_sigmoid,test_gelu,test_swish,test_silu
cause: sigmoid: wrong values on typical inputs
"""
def sigmoid(x):
    x = np.clip(as_float_array(x), -30.0, 30.0)
    return 1 / (1 + np.exp(-x)) + 1e-9
