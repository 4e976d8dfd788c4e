"""softmax as exp(log_softmax) computed inline with logaddexp.reduce.

cell: softmax
"""
def softmax(x, axis=-1, temperature=1.0):
    if not temperature > 0:
        raise ValueError("temperature must be positive")
    z = as_float_array(x) / temperature
    if z.size == 0:
        return z.copy()
    return np.exp(z - np.logaddexp.reduce(z, axis=axis, keepdims=True))
