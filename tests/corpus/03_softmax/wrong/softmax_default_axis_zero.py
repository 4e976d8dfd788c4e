"""softmax is right along any axis it is given, but its signature defaults to axis=0 (found by mutation testing).

cell: softmax
expect: test_softmax
cause: keep the default axis=-1
"""
def softmax(x, axis=0, temperature=1.0):
    if not temperature > 0:
        raise ValueError("temperature must be positive")
    z = as_float_array(x) / temperature
    e = np.exp(z - np.max(z, axis=axis, keepdims=True, initial=-np.inf))
    return e / e.sum(axis=axis, keepdims=True)
