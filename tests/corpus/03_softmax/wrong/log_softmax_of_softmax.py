"""log_softmax as np.log(softmax(x)): -inf where probabilities underflow.

cell: log_softmax
expect: test_log_softmax,test_cross_entropy
cause: np.log(softmax(x)) gives -inf
"""
def log_softmax(x, axis=-1):
    return np.log(softmax(x, axis=axis))
