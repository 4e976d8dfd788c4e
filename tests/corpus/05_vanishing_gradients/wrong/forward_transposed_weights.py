"""forward_deep multiplies by W.T instead of W.

cell: forward_deep
expect: test_forward_deep, test_backward_gradient_norms
"""
def forward_deep(x, weights, activation):
    h = x
    cache = []
    for W in weights:
        z = h @ W.T
        cache.append((h, z))
        h = activation_forward(activation, z)
    return h, cache
