"""backward_gradient_norms builds dL/dW_l from the layer's output f(z_l) instead of its input.

cell: backward_gradient_norms
expect: test_backward_gradient_norms
"""
def backward_gradient_norms(dout, cache, weights, activation):
    depth = len(weights)
    weight_grad = np.zeros(depth)
    preactivation_grad = np.zeros(depth)
    dh = dout
    for layer in reversed(range(depth)):
        h_prev, z = cache[layer]
        delta = dh * activation_grad(activation, z)
        weight_grad[layer] = np.linalg.norm(activation_forward(activation, z).T @ delta)
        preactivation_grad[layer] = np.linalg.norm(delta)
        dh = delta @ weights[layer].T
    return {"weight_grad": weight_grad, "preactivation_grad": preactivation_grad}
