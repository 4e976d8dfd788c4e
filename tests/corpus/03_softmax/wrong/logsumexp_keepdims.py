"""logsumexp keeps the reduced axis (keepdims=True).

cell: logsumexp
expect: test_logsumexp,test_log_softmax,test_cross_entropy
cause: logsumexp: wrong output shape
"""
def logsumexp(x, axis=-1):
    x = as_float_array(x)
    m = np.max(x, axis=axis, keepdims=True, initial=-np.inf)
    m = np.where(np.isfinite(m), m, 0)
    return np.log(np.sum(np.exp(x - m), axis=axis, keepdims=True)) + m
