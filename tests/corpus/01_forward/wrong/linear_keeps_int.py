"""linear keeps integer input as integers.

cell: linear
expect: test_linear
cause: wrong dtype on integer inputs
"""
def linear(x):
    return np.array(x, copy=True)
