"""gelu_grad returns only Phi(x), forgetting the x phi(x) term.

cell: gelu_grad
expect: test_gelu_grad
cause: Phi(x) + x * phi(x)
"""
def gelu_grad(x, approximate="none"):
    x = as_float_array(x)
    if approximate == "none":
        return 0.5 * erfc(-x / math.sqrt(2))
    if approximate == "tanh":
        c = math.sqrt(2 / math.pi)
        t = np.tanh(c * (x + 0.044715 * x**3))
        return 0.5 * (1 + t) + 0.5 * x * (1 - t * t) * c * (1 + 3 * 0.044715 * x * x)
    if approximate == "sigmoid":
        s = sigmoid(1.702 * x)
        return s + 1.702 * x * s * sigmoid(-1.702 * x)
    raise ValueError(approximate)
