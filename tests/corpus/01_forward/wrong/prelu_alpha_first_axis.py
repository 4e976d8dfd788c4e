"""prelu applies alpha along the first axis (reshapes alpha to (-1, 1)).

cell: prelu
expect: test_prelu
cause: one alpha per channel
"""
def prelu(x, alpha):
    x = as_float_array(x)
    alpha = np.asarray(alpha)
    if alpha.ndim == 1 and x.ndim > 1 and alpha.shape[0] == x.shape[0]:
        alpha = alpha.reshape(-1, *([1] * (x.ndim - 1)))
    elif alpha.ndim == 1 and x.ndim > 1:
        alpha = alpha.mean()
    return np.where(x > 0, x, alpha * x).astype(x.dtype)
