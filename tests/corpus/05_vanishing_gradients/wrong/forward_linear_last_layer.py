"""forward_deep leaves the last layer linear (returns z_L instead of f(z_L)).

cell: forward_deep
expect: test_forward_deep
"""
def forward_deep(x, weights, activation):
    h = x
    cache = []
    for index, W in enumerate(weights):
        z = h @ W
        cache.append((h, z))
        h = z if index == len(weights) - 1 else activation_forward(activation, z)
    return h, cache
