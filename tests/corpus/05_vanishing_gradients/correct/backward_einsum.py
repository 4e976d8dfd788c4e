"""backward_gradient_norms with einsum and the derivative computed from the forward value for sigmoid.

cell: backward_gradient_norms
"""
def backward_gradient_norms(dout, cache, weights, activation):
    norms = {"weight_grad": np.empty(len(weights)), "preactivation_grad": np.empty(len(weights))}
    dh = dout
    for layer in range(len(weights) - 1, -1, -1):
        h_prev, z = cache[layer]
        if activation == "sigmoid":
            s = activation_forward("sigmoid", z)
            delta = dh * s * (1 - s)
        else:
            delta = dh * activation_grad(activation, z)
        norms["weight_grad"][layer] = np.linalg.norm(np.einsum("bi,bj->ij", h_prev, delta))
        norms["preactivation_grad"][layer] = np.linalg.norm(delta)
        dh = np.einsum("bj,ij->bi", delta, weights[layer])
    return norms
