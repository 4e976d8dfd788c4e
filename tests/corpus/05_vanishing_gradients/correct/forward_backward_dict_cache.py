"""forward_deep keeps its cache in a dict of lists; backward_gradient_norms reads it and builds lists.

cell: forward_deep, backward_gradient_norms
"""
def forward_deep(x, weights, activation):
    cache = {"inputs": [], "pre": []}
    h = x
    for W in weights:
        cache["inputs"].append(h)
        cache["pre"].append(h @ W)
        h = activation_forward(activation, cache["pre"][-1])
    return h, cache


def backward_gradient_norms(dout, cache, weights, activation):
    weight_norms, delta_norms = [], []
    grad = dout
    for h, z, W in zip(cache["inputs"][::-1], cache["pre"][::-1], weights[::-1]):
        delta = grad * activation_grad(activation, z)
        weight_norms.insert(0, np.sqrt(np.sum((h.T @ delta) ** 2)))
        delta_norms.insert(0, np.sqrt(np.sum(delta ** 2)))
        grad = delta @ W.T
    return {"weight_grad": np.array(weight_norms), "preactivation_grad": np.array(delta_norms)}
