"""elu multiplies alpha outside the bracket wrongly: alpha*exp(x) - 1.

cell: elu
expect: test_elu,test_selu
cause: elu: wrong values on typical inputs with a non-default alpha
"""
def elu(x, alpha=1.0):
    x = as_float_array(x)
    return np.where(x > 0, x, alpha * np.exp(np.minimum(x, 0)) - 1)
