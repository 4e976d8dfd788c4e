"""gelu with scipy.special.erf for the CDF and a dispatch dict.

cell: gelu
"""
from scipy.special import erf


def gelu(x, approximate="none"):
    x = as_float_array(x)
    forms = {
        "none": lambda: np.where(x < 0, x * 0.5 * erfc(-x / math.sqrt(2)), x * 0.5 * (1 + erf(x / math.sqrt(2)))),
        "tanh": lambda: 0.5 * x * (1 + np.tanh(math.sqrt(2 / math.pi) * (x + 0.044715 * x * x * x))),
        "sigmoid": lambda: x * sigmoid(1.702 * x),
    }
    if approximate not in forms:
        raise ValueError(f"unknown approximate {approximate!r}")
    return forms[approximate]()
