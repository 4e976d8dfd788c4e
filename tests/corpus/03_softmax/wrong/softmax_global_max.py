"""softmax subtracts the global max (fine) but sums over the whole array.

cell: softmax
expect: test_softmax,test_cross_entropy_backward
cause: along the right axis
"""
def softmax(x, axis=-1, temperature=1.0):
    if temperature <= 0:
        raise ValueError("temperature")
    z = as_float_array(x) / temperature
    e = np.exp(z - np.max(z, initial=-np.inf))
    return e / e.sum()
