"""softmax_backward sums without keepdims.

cell: softmax_backward
expect: test_softmax_backward
cause: softmax_backward: raised ValueError
"""
def softmax_backward(dout, y, axis=-1):
    return y * (dout - np.sum(dout * y, axis=axis))
