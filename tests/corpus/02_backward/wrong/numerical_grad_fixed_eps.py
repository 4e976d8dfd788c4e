"""numerical_grad ignores eps and always uses 1e-5.

cell: numerical_grad
expect: test_numerical_grad
cause: ignores its eps argument
"""
def numerical_grad(f, x, eps=1e-6):
    x = np.asarray(x, dtype=np.float64)
    h = 1e-5
    return (f(x + h) - f(x - h)) / (2 * h)
