"""linear hands back its input itself.

cell: linear
expect: test_linear
cause: returned its input itself
"""
def linear(x):
    return as_float_array(x)
