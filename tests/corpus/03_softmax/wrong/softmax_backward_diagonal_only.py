"""softmax_backward keeps only the Jacobian's diagonal y (1 - y).

cell: softmax_backward
expect: test_softmax_backward
cause: softmax_backward: wrong values
"""
def softmax_backward(dout, y, axis=-1):
    return dout * y * (1 - y)
