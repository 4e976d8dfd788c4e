"""leaky_relu by copying and scaling the non-positive entries.

cell: leaky_relu
"""
def leaky_relu(x, alpha=0.01):
    out = np.array(as_float_array(x), copy=True)
    out[out <= 0] *= alpha
    return out
