"""linear keeps integer input as integers.

cell: linear
expect: test_linear
"""
def linear(x):
    return np.array(x, copy=True)
