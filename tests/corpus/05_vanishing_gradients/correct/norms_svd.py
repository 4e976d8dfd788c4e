"""gradient_norms_per_layer takes the spectral norm from the singular values.

cell: gradient_norms_per_layer
"""
def gradient_norms_per_layer(depth, activation, seed, width=64, batch=64):
    rng = np.random.default_rng(seed)
    weights = init_weights(depth, width, activation, rng)
    x = rng.normal(0.0, 1.0, size=(batch, width))
    out, cache = forward_deep(x, weights, activation)
    dout = rng.standard_normal(out.shape) / batch
    norms = backward_gradient_norms(dout, cache, weights, activation)
    norms["spectral_norm"] = np.array([np.linalg.svd(W, compute_uv=False)[0] for W in weights])
    return norms
