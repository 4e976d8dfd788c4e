"""selu with constants rounded to 4 digits.

cell: selu
expect: test_selu
cause: to full precision
"""
def selu(x):
    return 1.0507 * elu(x, 1.6733)
