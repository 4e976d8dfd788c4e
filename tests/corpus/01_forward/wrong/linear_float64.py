"""linear always returns float64: float32 input loses its dtype.

cell: linear
expect: test_linear
cause: wrong dtype on float32 inputs
"""
def linear(x):
    return np.array(x, dtype=float)
