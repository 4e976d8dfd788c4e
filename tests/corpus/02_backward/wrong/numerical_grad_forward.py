"""numerical_grad uses the forward difference (f(x + eps) - f(x)) / eps.

cell: numerical_grad
expect: test_numerical_grad
cause: use the central difference
not: convert x to float64
"""
def numerical_grad(f, x, eps=1e-6):
    x = np.asarray(x, dtype=np.float64)
    return (f(x + eps) - f(x)) / eps
