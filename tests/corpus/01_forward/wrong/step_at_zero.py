"""step uses x >= 0, so step(0) is 1.

cell: step
expect: test_step
cause: step(0) is 0
"""
def step(x):
    x = as_float_array(x)
    return (x >= 0).astype(x.dtype)
