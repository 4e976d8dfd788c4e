"""softmax_backward moving the axis last and using einsum for the dot product.

cell: softmax_backward
"""
def softmax_backward(dout, y, axis=-1):
    d = np.moveaxis(dout, axis, -1)
    s = np.moveaxis(y, axis, -1)
    dot = np.einsum("...i,...i->...", d, s)[..., None]
    return np.moveaxis(s * (d - dot), -1, axis)
