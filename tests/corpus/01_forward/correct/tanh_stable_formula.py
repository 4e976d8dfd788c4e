"""tanh from sign(x) (1 - e^(-2|x|)) / (1 + e^(-2|x|)).

cell: tanh
"""
def tanh(x):
    x = as_float_array(x)
    e = np.exp(-2 * np.abs(x))
    return np.sign(x) * (1 - e) / (1 + e)
