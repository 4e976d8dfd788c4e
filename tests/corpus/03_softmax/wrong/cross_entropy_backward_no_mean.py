"""cross_entropy_backward forgets to divide by N.

cell: cross_entropy_backward
expect: test_cross_entropy_backward
cause: divide by the batch size
"""
def cross_entropy_backward(logits, labels):
    grad = softmax(logits, axis=1)
    grad[np.arange(grad.shape[0]), labels] -= 1
    return grad
