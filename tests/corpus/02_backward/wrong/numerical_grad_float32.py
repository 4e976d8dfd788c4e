"""numerical_grad shifts x in its own dtype (float32 loses the shift).

cell: numerical_grad
expect: test_numerical_grad
cause: convert x to float64
"""
def numerical_grad(f, x, eps=1e-6):
    x = as_float_array(x)
    return (f(x + eps) - f(x - eps)) / (2 * eps)
