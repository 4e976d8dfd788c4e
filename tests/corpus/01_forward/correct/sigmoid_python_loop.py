"""sigmoid with math.exp in a Python loop over the flattened array.

cell: sigmoid
"""
def sigmoid(x):
    x = as_float_array(x)
    flat = x.ravel()
    out = np.empty(flat.shape, dtype=x.dtype)
    for i in range(flat.size):
        v = float(flat[i])
        if v != v:
            out[i] = v
        elif v >= 0:
            out[i] = 1 / (1 + math.exp(-v))
        else:
            e = math.exp(v)
            out[i] = e / (1 + e)
    return out.reshape(x.shape)
