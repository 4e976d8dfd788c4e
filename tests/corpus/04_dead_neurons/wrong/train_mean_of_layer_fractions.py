"""train_mlp averages the per-layer dead fractions instead of pooling the units of all hidden layers.

cell: train_mlp
expect: test_train_mlp
"""
def train_mlp(X, y, activation="relu", init="he", bias_init=0.0, lr=0.5, epochs=300, seed=0, hidden=(32, 32)):
    rng = np.random.default_rng(seed)
    params = init_mlp([X.shape[1], *hidden, 1], init, bias_init, rng)
    history = {"loss": [], "dead_fraction": [], "no_gradient_fraction": []}
    for step in range(epochs + 1):
        logits, pre_activations, cache = mlp_forward(params, X, activation)
        z = np.concatenate(pre_activations, axis=1)
        history["loss"].append(binary_cross_entropy(logits, y))
        history["dead_fraction"].append(float(np.mean([dead_unit_fraction(p) for p in pre_activations])))
        history["no_gradient_fraction"].append(float(np.mean([dead_unit_fraction(activation_grad(activation, p)) for p in pre_activations])))
        if step == epochs:
            break
        grads = mlp_backward(params, cache, logits, y, activation)
        params = [(W - lr * dW, b - lr * db) for (W, b), (dW, db) in zip(params, grads)]
    history["params"] = params
    return history
