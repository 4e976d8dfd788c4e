"""swish ignores beta.

cell: swish
expect: test_swish
cause: is beta used?
"""
def swish(x, beta=1.0):
    x = as_float_array(x)
    return x * sigmoid(x)
