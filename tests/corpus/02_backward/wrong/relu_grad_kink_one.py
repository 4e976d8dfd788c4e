"""relu_grad uses x >= 0: relu'(0) = 1.

cell: relu_grad
expect: test_relu_grad
cause: relu'(0) = 0
"""
def relu_grad(x):
    x = as_float_array(x)
    return (x >= 0).astype(x.dtype)
