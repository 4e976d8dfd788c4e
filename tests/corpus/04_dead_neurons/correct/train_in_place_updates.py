"""train_mlp with in-place updates, a helper for recording, and lists as parameter pairs.

cell: train_mlp
"""
def train_mlp(X, y, activation="relu", init="he", bias_init=0.0, lr=0.5, epochs=300, seed=0, hidden=(32, 32)):
    params = [list(pair) for pair in init_mlp([X.shape[1]] + list(hidden) + [1], init, bias_init,
                                              np.random.default_rng(seed))]
    history = {"loss": [], "dead_fraction": [], "no_gradient_fraction": []}

    def record():
        logits, pre_activations, cache = mlp_forward(params, X, activation)
        z = np.hstack(pre_activations)
        history["loss"].append(binary_cross_entropy(logits, y))
        history["dead_fraction"].append(dead_unit_fraction(z))
        history["no_gradient_fraction"].append(dead_unit_fraction(activation_grad(activation, z)))
        return logits, cache

    logits, cache = record()
    step = 0
    while step < epochs:
        for pair, (dW, db) in zip(params, mlp_backward(params, cache, logits, y, activation)):
            pair[0] -= lr * dW
            pair[1] -= lr * db
        logits, cache = record()
        step += 1
    history["params"] = [tuple(pair) for pair in params]
    return history
