"""softmax subtracts the max from its input in place.

cell: softmax
expect: test_softmax,test_cross_entropy_backward
cause: modified its input in place
"""
def softmax(x, axis=-1, temperature=1.0):
    if temperature <= 0:
        raise ValueError("temperature")
    z = as_float_array(x)
    z /= temperature
    z -= np.max(z, axis=axis, keepdims=True, initial=-np.inf)
    np.exp(z, out=z)
    z /= z.sum(axis=axis, keepdims=True)
    return z
