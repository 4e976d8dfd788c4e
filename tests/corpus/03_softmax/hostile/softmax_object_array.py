"""softmax returns object arrays and lists instead of numbers.

cell: softmax
"""
def softmax(x, axis=-1, temperature=1.0):
    if temperature <= 0:
        raise ValueError()
    return np.array([object()] * np.size(x), dtype=object)
