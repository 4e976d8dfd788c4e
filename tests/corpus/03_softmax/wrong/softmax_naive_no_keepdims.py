"""softmax_naive divides by the sum without keepdims: wrong axis broadcasting.

cell: softmax_naive
expect: test_softmax_naive
cause: softmax_naive: wrong values
"""
def softmax_naive(x, axis=-1):
    e = np.exp(as_float_array(x))
    return e / e.sum()
