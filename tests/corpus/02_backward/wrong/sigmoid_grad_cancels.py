"""sigmoid_grad as exp(-x) / (1 + exp(-x))**2: overflow for large negative x.

cell: sigmoid_grad
expect: test_sigmoid_grad
cause: RuntimeWarning (overflow or invalid value) on large negative inputs
"""
def sigmoid_grad(x):
    x = as_float_array(x)
    e = np.exp(-x)
    return e / (1 + e) ** 2
