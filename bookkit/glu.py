"""Gated linear units (GLU, ReGLU, GEGLU, SwiGLU) built from the course's reference activations.

A gated unit multiplies an activated projection by a linear one,
h = f(x W) * (x V) (Shazeer 2020; GLU itself is sigmoid(x W) * (x V), Dauphin
et al. 2017). The activation f and its derivative are the reference
solutions' own (`grader.reference.load_reference`), passed in by the caller:
nothing here re-implements an activation. Biases are left out, as in the
transformer feed-forward blocks the book describes.
"""


def gated_forward(x, W, V, f):
    """h = f(x @ W) * (x @ V), shape (n, hidden), and the cache (x, a, b) that `gated_backward` needs."""
    a, b = x @ W, x @ V
    return f(a) * b, (x, a, b)


def gated_backward(dh, cache, W, V, f, f_grad):
    """Gradients (dx, dW, dV) of a loss L given dh = dL/dh, for h = f(x W) * (x V).

    With a = x W and b = x V: dL/da = dh * f'(a) * b and dL/db = dh * f(a); then
    dW = x.T @ dL/da, dV = x.T @ dL/db and dx = dL/da @ W.T + dL/db @ V.T.
    """
    x, a, b = cache
    da = dh * f_grad(a) * b
    db = dh * f(a)
    return da @ W.T + db @ V.T, x.T @ da, x.T @ db


def gated_units(fwd, bwd):
    """{name: (f, f')} of the gated units, from the references of assignments 1 and 2."""
    return {
        "GLU": (fwd.sigmoid, bwd.sigmoid_grad),
        "ReGLU": (fwd.relu, bwd.relu_grad),
        "GEGLU": (fwd.gelu, bwd.gelu_grad),
        "SwiGLU": (fwd.silu, lambda t: bwd.swish_grad(t, 1.0)),
    }
