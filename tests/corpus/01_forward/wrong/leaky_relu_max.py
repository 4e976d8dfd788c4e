"""leaky_relu as max(x, alpha x): wrong when alpha > 1.

cell: leaky_relu
expect: test_leaky_relu
cause: max(x, alpha * x) is wrong when alpha > 1
"""
def leaky_relu(x, alpha=0.01):
    x = as_float_array(x)
    return np.maximum(x, alpha * x)
