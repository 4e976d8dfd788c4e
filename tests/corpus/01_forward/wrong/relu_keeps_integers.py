"""relu as np.maximum(x, 0) on the raw input: integer input stays integer.

cell: relu
expect: test_relu
cause: wrong dtype on integer inputs
"""
def relu(x):
    return np.maximum(x, 0)
