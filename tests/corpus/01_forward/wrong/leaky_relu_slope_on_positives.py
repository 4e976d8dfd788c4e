"""leaky_relu puts the slope on the positive side: alpha * x where x > 0, x elsewhere.

cell: leaky_relu
expect: test_leaky_relu
cause: x where x > 0, else alpha * x
not: max(x, alpha * x)
"""
def leaky_relu(x, alpha=0.01):
    x = as_float_array(x)
    return np.where(x > 0, alpha * x, x)
