"""cross_entropy sums over the batch instead of averaging.

cell: cross_entropy
expect: test_cross_entropy
cause: the mean over the batch
"""
def cross_entropy(logits, labels):
    log_probs = log_softmax(logits, axis=1)
    return -np.sum(log_probs[np.arange(len(labels)), labels])
