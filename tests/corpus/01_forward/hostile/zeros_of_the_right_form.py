"""Every function returns zeros of the right shape and dtype: the right form, wrong values, so no credit.

cell: new
"""
def _zeros(x, *args, **kwargs):
    x = np.asarray(x)
    return np.zeros(x.shape, dtype=x.dtype if x.dtype.kind == "f" else np.float64)


step = linear = sigmoid = tanh = relu = leaky_relu = prelu = elu = selu = gelu = swish = silu = _zeros
