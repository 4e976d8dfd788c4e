"""softmax always works along the last axis, whatever axis it is given.

cell: softmax
expect: test_softmax
cause: along axis 0
"""
def softmax(x, axis=-1, temperature=1.0):
    if temperature <= 0:
        raise ValueError("temperature must be positive")
    z = as_float_array(x) / temperature
    e = np.exp(z - z.max(axis=-1, keepdims=True, initial=-np.inf))
    return e / e.sum(axis=-1, keepdims=True)
