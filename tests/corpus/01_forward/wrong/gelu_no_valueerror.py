"""gelu falls back to the exact form for unknown modes instead of raising.

cell: gelu
expect: test_gelu
cause: must raise ValueError
"""
def gelu(x, approximate="none"):
    x = as_float_array(x)
    if approximate == "tanh":
        return 0.5 * x * (1 + np.tanh(math.sqrt(2 / math.pi) * (x + 0.044715 * x**3)))
    if approximate == "sigmoid":
        return x * sigmoid(1.702 * x)
    return x * (0.5 * erfc(-x / math.sqrt(2)))
