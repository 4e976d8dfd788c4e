"""numerical_grad one element at a time in a Python loop.

cell: numerical_grad
"""
def numerical_grad(f, x, eps=1e-6):
    x = np.array(x, dtype=np.float64)
    grad = np.empty_like(x)
    for index in np.ndindex(x.shape):
        plus = x.copy()
        minus = x.copy()
        plus[index] += eps
        minus[index] -= eps
        grad[index] = (f(plus)[index] - f(minus)[index]) / (2 * eps)
    return grad
