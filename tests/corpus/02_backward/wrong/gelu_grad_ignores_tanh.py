"""gelu_grad handles "sigmoid" but gives the exact derivative for approximate="tanh".

cell: gelu_grad
expect: test_gelu_grad
cause: with approximate="tanh"
"""
def gelu_grad(x, approximate="none"):
    x = as_float_array(x)
    if approximate not in ("none", "tanh", "sigmoid"):
        raise ValueError(f"unknown approximate {approximate!r}")
    if approximate == "sigmoid":
        s = sigmoid(1.702 * x)
        return s + 1.702 * x * s * sigmoid(-1.702 * x)
    return 0.5 * erfc(-x / math.sqrt(2)) + x * np.exp(-0.5 * x * x) / math.sqrt(2 * math.pi)
