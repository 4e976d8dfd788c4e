"""log_softmax computing the shift and the log-sum itself.

cell: log_softmax
"""
def log_softmax(x, axis=-1):
    x = as_float_array(x)
    shifted = x - np.max(x, axis=axis, keepdims=True, initial=-np.inf)
    return shifted - np.log(np.sum(np.exp(shifted), axis=axis, keepdims=True))
