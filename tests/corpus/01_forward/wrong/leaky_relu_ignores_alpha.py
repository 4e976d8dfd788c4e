"""leaky_relu ignores its alpha argument.

cell: leaky_relu
expect: test_leaky_relu
cause: with a non-default alpha
"""
def leaky_relu(x, alpha=0.01):
    x = as_float_array(x)
    return np.where(x > 0, x, 0.01 * x)
