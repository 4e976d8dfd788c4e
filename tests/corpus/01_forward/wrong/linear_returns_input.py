"""linear hands back its input itself.

cell: linear
expect: test_linear
"""
def linear(x):
    return as_float_array(x)
