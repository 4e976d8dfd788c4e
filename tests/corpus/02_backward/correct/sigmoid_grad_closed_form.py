"""sigmoid_grad as exp(-|x|) / (1 + exp(-|x|))**2 (even function).

cell: sigmoid_grad
"""
def sigmoid_grad(x):
    x = as_float_array(x)
    e = np.exp(-np.abs(x))
    return e / (1 + e) ** 2
