"""softmax multiplies by the temperature instead of dividing.

cell: softmax
expect: test_softmax
cause: divide by the temperature
"""
def softmax(x, axis=-1, temperature=1.0):
    if temperature <= 0:
        raise ValueError("temperature")
    z = as_float_array(x) * temperature
    e = np.exp(z - np.max(z, axis=axis, keepdims=True, initial=-np.inf))
    return e / e.sum(axis=axis, keepdims=True)
