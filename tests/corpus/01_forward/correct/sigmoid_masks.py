"""sigmoid with boolean masks instead of np.where.

cell: sigmoid
"""
def sigmoid(x):
    x = as_float_array(x)
    out = np.empty_like(x)
    positive = x >= 0
    negative = ~positive
    out[positive] = 1 / (1 + np.exp(-x[positive]))
    e = np.exp(x[negative])
    out[negative] = e / (1 + e)
    return out
