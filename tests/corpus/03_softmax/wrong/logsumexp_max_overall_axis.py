"""logsumexp shifts by the max of the whole array, not per row: underflows rows far below it.

cell: logsumexp
expect: test_logsumexp,test_log_softmax,test_cross_entropy
cause: m the maximum along the axis
not: np.log(softmax(x))
"""
def logsumexp(x, axis=-1):
    x = as_float_array(x)
    m = np.max(x, initial=-np.inf) if x.size else 0.0
    with np.errstate(divide="ignore"):
        return np.log(np.sum(np.exp(x - m), axis=axis)) + m
