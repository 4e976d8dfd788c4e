"""backward_gradient_norms multiplies by f(z) instead of f'(z).

cell: backward_gradient_norms
expect: test_backward_gradient_norms, test_gradient_norms_per_layer, test_experiment
"""
def backward_gradient_norms(dout, cache, weights, activation):
    depth = len(weights)
    weight_grad = np.zeros(depth)
    preactivation_grad = np.zeros(depth)
    dh = dout
    for layer in reversed(range(depth)):
        h_prev, z = cache[layer]
        delta = dh * activation_forward(activation, z)
        weight_grad[layer] = np.linalg.norm(h_prev.T @ delta)
        preactivation_grad[layer] = np.linalg.norm(delta)
        dh = delta @ weights[layer].T
    return {"weight_grad": weight_grad, "preactivation_grad": preactivation_grad}
