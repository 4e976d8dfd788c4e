"""swish_grad forgets beta inside the derivative.

cell: swish_grad
expect: test_swish_grad
cause: is beta used?
"""
def swish_grad(x, beta=1.0):
    x = as_float_array(x)
    s = sigmoid(beta * x)
    return s + x * s * sigmoid(-beta * x)
