"""sigmoid as 1 / (1 + exp(-x)): overflows for large negative x.

cell: sigmoid
expect: test_sigmoid,test_gelu,test_swish,test_silu
cause: exp overflowed on large negative inputs
not: np.where evaluates both branches
"""
def sigmoid(x):
    x = as_float_array(x)
    return 1 / (1 + np.exp(-x))
