"""sigmoid picks the stable form per sign with np.where, which still computes both: overflow warnings.

cell: sigmoid
expect: test_sigmoid,test_gelu,test_swish,test_silu
cause: np.where evaluates both branches
not: such as exp(x) / (1 + exp(x)) for x < 0
"""
def sigmoid(x):
    x = as_float_array(x)
    return np.where(x >= 0, 1 / (1 + np.exp(-x)), np.exp(x) / (1 + np.exp(x)))
