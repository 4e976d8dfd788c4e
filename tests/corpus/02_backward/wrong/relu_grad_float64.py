"""relu_grad as (x > 0).astype(float): float32 input gives float64.

cell: relu_grad
expect: test_relu_grad
cause: wrong dtype on float32 inputs
"""
def relu_grad(x):
    return (np.asarray(x) > 0).astype(float)
