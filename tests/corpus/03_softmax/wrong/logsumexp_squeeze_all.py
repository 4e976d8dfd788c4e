"""logsumexp squeezes every axis of length 1, not only the reduced one (log_softmax of a batch of one then fails).

cell: logsumexp
expect: test_logsumexp,test_cross_entropy
cause: np.squeeze needs axis=axis
"""
def logsumexp(x, axis=-1):
    x = as_float_array(x)
    m = np.max(x, axis=axis, keepdims=True, initial=-np.inf)
    m = np.where(np.isfinite(m), m, 0)
    with np.errstate(divide="ignore"):
        total = np.log(np.sum(np.exp(x - m), axis=axis, keepdims=True))
    return np.squeeze(total + m)
