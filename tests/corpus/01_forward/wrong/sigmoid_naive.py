"""sigmoid as 1 / (1 + exp(-x)): overflows for large negative x.

cell: sigmoid
expect: test_sigmoid,test_gelu,test_swish,test_silu
"""
def sigmoid(x):
    x = as_float_array(x)
    return 1 / (1 + np.exp(-x))
