"""softmax looping over rows after moving the axis last.

cell: softmax
"""
def softmax(x, axis=-1, temperature=1.0):
    if temperature <= 0:
        raise ValueError("temperature must be positive")
    z = np.moveaxis(as_float_array(x) / temperature, axis, -1)
    out = np.empty_like(z)
    for index in np.ndindex(z.shape[:-1]):
        row = z[index]
        e = np.exp(row - row.max())
        out[index] = e / e.sum()
    return np.moveaxis(out, -1, axis)
