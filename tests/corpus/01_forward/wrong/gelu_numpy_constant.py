"""gelu uses np.sqrt(2 / np.pi), a float64 NumPy scalar: float32 input comes back float64.

cell: gelu
expect: test_gelu
cause: wrong dtype on float32 inputs
"""
def gelu(x, approximate="none"):
    x = as_float_array(x)
    if approximate == "none":
        return x * (0.5 * erfc(-x / np.sqrt(np.float64(2))))
    if approximate == "tanh":
        return 0.5 * x * (1 + np.tanh(np.sqrt(2 / np.pi) * (x + 0.044715 * x**3)))
    if approximate == "sigmoid":
        return x * sigmoid(np.float64(1.702) * x)
    raise ValueError(approximate)
