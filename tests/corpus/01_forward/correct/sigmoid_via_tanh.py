"""sigmoid from the identity sigmoid(x) = (1 + tanh(x / 2)) / 2.

cell: sigmoid
"""
def sigmoid(x):
    x = as_float_array(x)
    return 0.5 * (1 + np.tanh(0.5 * x))
