"""tanh as 2 sigmoid(x) - 1 (should be 2 sigmoid(2x) - 1).

cell: tanh
expect: test_tanh
cause: tanh: wrong values on typical inputs
"""
def tanh(x):
    return 2 * sigmoid(x) - 1
