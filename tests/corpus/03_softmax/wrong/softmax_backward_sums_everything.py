"""softmax_backward sums dout * y over the whole array instead of along the axis.

cell: softmax_backward
expect: test_softmax_backward
cause: softmax_backward: wrong values
"""
def softmax_backward(dout, y, axis=-1):
    return y * (dout - np.sum(dout * y))
