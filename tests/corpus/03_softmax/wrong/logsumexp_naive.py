"""logsumexp as log(sum(exp(x))): overflows.

cell: logsumexp
expect: test_logsumexp,test_log_softmax,test_cross_entropy
cause: subtract the maximum along the axis first
not: np.log(softmax(x))
"""
def logsumexp(x, axis=-1):
    return np.log(np.sum(np.exp(as_float_array(x)), axis=axis))
