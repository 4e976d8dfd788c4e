"""softmax accepts a temperature of 0 or below.

cell: softmax
expect: test_softmax
cause: a temperature <= 0 must raise ValueError
"""
def softmax(x, axis=-1, temperature=1.0):
    z = as_float_array(x) / max(temperature, 1e-12)
    e = np.exp(z - np.max(z, axis=axis, keepdims=True, initial=-np.inf))
    return e / e.sum(axis=axis, keepdims=True)
