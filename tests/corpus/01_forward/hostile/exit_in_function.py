"""Every function kills the process that runs it.

cell: new
"""
import os


def _die(*args, **kwargs):
    os._exit(0)


for name in ["step", "linear", "sigmoid", "tanh", "relu", "leaky_relu", "prelu", "elu", "selu", "gelu", "swish", "silu"]:
    globals()[name] = _die
