"""elu with masks and expm1 only on non-positive entries.

cell: elu
"""
def elu(x, alpha=1.0):
    out = np.array(as_float_array(x), copy=True)
    negative = out <= 0
    out[negative] = alpha * np.expm1(out[negative])
    return out
