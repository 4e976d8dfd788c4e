"""dense_forward forgets the bias.

cell: dense_forward
expect: test_dense_forward,test_dense_backward
cause: a = f(x @ W + b)
"""
def dense_forward(x, W, b, activation):
    z = x @ W
    return apply_activation(activation, z), (x, W, z, activation)
