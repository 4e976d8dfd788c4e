"""sigmoid turns float32 input into float64.

cell: sigmoid
expect: test_sigmoid,test_gelu,test_swish,test_silu
cause: wrong dtype on float32 inputs
"""
def sigmoid(x):
    x = np.asarray(x, dtype=np.float64)
    z = np.exp(-np.abs(x))
    return np.where(x >= 0, 1 / (1 + z), z / (1 + z))
