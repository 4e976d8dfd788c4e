"""gradient_norms_per_layer reports the Frobenius norm of W as its spectral norm.

cell: gradient_norms_per_layer
expect: test_gradient_norms_per_layer
"""
def gradient_norms_per_layer(depth, activation, seed, width=64, batch=64):
    rng = np.random.default_rng(seed)
    weights = init_weights(depth, width, activation, rng)
    x = rng.normal(0.0, 1.0, size=(batch, width))
    out, cache = forward_deep(x, weights, activation)
    dout = rng.normal(0.0, 1.0, size=out.shape) / batch
    norms = backward_gradient_norms(dout, cache, weights, activation)
    norms["spectral_norm"] = np.array([np.linalg.norm(W) for W in weights])
    return norms
