"""tanh from the exponential formula: inf / inf for |x| > 710.

cell: tanh
expect: test_tanh
cause: inf / inf is NaN
"""
def tanh(x):
    x = as_float_array(x)
    return (np.exp(x) - np.exp(-x)) / (np.exp(x) + np.exp(-x))
