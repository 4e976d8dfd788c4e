"""swish as x / (1 + exp(-beta x)): overflow for large negative x.

cell: swish
expect: test_swish,test_silu
cause: exp overflowed on large negative inputs
"""
def swish(x, beta=1.0):
    x = as_float_array(x)
    return x / (1 + np.exp(-beta * x))
