"""step returns booleans instead of floats.

cell: step
expect: test_step
cause: returned a bool array
"""
def step(x):
    return as_float_array(x) > 0
