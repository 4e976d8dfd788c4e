"""softmax without the max subtraction: overflows for large scores.

cell: softmax
expect: test_softmax,test_cross_entropy_backward
cause: subtract the maximum along the axis first
"""
def softmax(x, axis=-1, temperature=1.0):
    if temperature <= 0:
        raise ValueError("temperature")
    e = np.exp(as_float_array(x) / temperature)
    return e / e.sum(axis=axis, keepdims=True)
