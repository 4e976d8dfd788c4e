# ---
# jupyter:
#   activation_course:
#     assignment: 04_dead_neurons
#   jupytext:
#     notebook_metadata_filter: activation_course
#     text_representation:
#       extension: .py
#       format_name: percent
#       format_version: '1.3'
#       jupytext_version: 1.19.6
#   kernelspec:
#     display_name: Python 3
#     language: python
#     name: python3
# ---

# %% [markdown]
# # Assignment 4: dead neurons
#
# A ReLU unit whose pre-activation $z = x \cdot w + b$ is negative for every
# input outputs 0 everywhere, and its derivative $\operatorname{relu}'(z)$ is
# 0 everywhere too: gradient descent never changes its weights again. The
# unit is **dead**. In this assignment you train a small network on two
# interleaved spirals, watch its units die, and find out what prevents it.
#
# You will implement
#
# 1. `dead_unit_fraction`, which counts dead units;
# 2. `he_init`, the initialisation made for ReLU networks;
# 3. `init_mlp` and `train_mlp`, a two-hidden-layer network trained with
#    plain gradient descent that records its loss and its dead units after
#    every step;
# 4. `run_comparison`, the experiment: ReLU vs Leaky ReLU vs ELU, a small vs
#    a large learning rate, zero vs strongly negative biases, He vs badly
#    scaled weights; you plot each comparison and explain what you see.
#
# Each function has its own answer cell: replace `raise NotImplementedError()`
# with your code and keep the signature and the docstring. The test cell
# below each answer runs a few visible checks; the grader runs many more,
# on other data and other seeds.
#
# The cell below gives you the data set and the activations (the forward
# passes of assignment 1 and the derivatives of assignment 2).
#
# **How to work**, as in assignment 1: run each answer cell and the test cell
# under it as you go (Shift+Enter). A test cell prints one line: "visible
# checks passed", what failed (the grader fails it too), or "not implemented
# yet" (0 points). *Run All* stops at the first test cell that fails.

# %% [markdown]
# **How it is scored.** A test cell earns part of its points when only some
# categories of the grader's checks fail, in this split: values 50%, dtypes and shapes 12.5%, edge cases 12.5%, warnings 12.5%, in place 12.5%.
# Values come first: if a function's values are wrong on ordinary inputs, its
# cell earns nothing, whatever else is right. The grader's message says the
# points earned and the categories lost.

# %% nbgrader={"grade": false, "grade_id": "setup", "locked": true, "schema_version": 3, "solution": false, "task": false}
import matplotlib.pyplot as plt
import numpy as np
from scipy.special import expit


def make_spirals(n_per_class=100, noise=0.1, seed=0):
    """Two interleaved spirals in the plane: X of shape (2 * n_per_class, 2), labels y in {0.0, 1.0}."""
    noise_source = np.random.default_rng(seed)
    t = np.sqrt(noise_source.uniform(0, 1, n_per_class)) * 3 * np.pi
    arm = np.stack([t * np.cos(t), t * np.sin(t)], axis=1) / (3 * np.pi)
    X = np.concatenate([arm, -arm]) + noise_source.normal(0, noise, (2 * n_per_class, 2))
    y = np.concatenate([np.zeros(n_per_class), np.ones(n_per_class)])
    return X, y


def activation_forward(name, z):
    """The hidden activation `name` ("relu", "leaky_relu" with alpha 0.01, "elu" with alpha 1) applied to z."""
    if name == "relu":
        return np.maximum(z, 0)
    if name == "leaky_relu":
        return np.where(z > 0, z, 0.01 * z)
    if name == "elu":
        return np.where(z > 0, z, np.expm1(np.minimum(z, 0)))
    raise ValueError(f"unknown activation {name!r}")


def activation_grad(name, z):
    """The derivative of the hidden activation `name` at z (the x <= 0 branch at the kink)."""
    if name == "relu":
        return (z > 0).astype(np.float64)
    if name == "leaky_relu":
        return np.where(z > 0, 1.0, 0.01)
    if name == "elu":
        return np.where(z > 0, 1.0, np.exp(np.minimum(z, 0)))
    raise ValueError(f"unknown activation {name!r}")


def binary_cross_entropy(logits, y):
    """Mean binary cross-entropy of sigmoid(logits) against labels y in {0, 1}, computed stably."""
    return float(np.mean(np.logaddexp(0, logits) - y * logits))


# %% [markdown]
# The data: 200 points on two spirals, one per class. A straight line cannot
# separate them, so the network has to use its hidden units.

# %%
X_demo, y_demo = make_spirals()
plt.figure(figsize=(4, 4))
plt.scatter(X_demo[:, 0], X_demo[:, 1], c=y_demo, cmap="coolwarm", s=10)
plt.title("Two interleaved spirals")
plt.gca().set_aspect("equal")

# %% [markdown]
# ## Counting dead units
#
# Given the pre-activations $z$ of a layer on a whole data set, an array of
# shape `(n_samples, n_units)`, a unit is dead when its pre-activation is
# $\le 0$ for **every** sample: then $\operatorname{relu}'(z) = 0$ for every
# sample (by the course's convention $\operatorname{relu}'(0) = 0$), and the
# unit's weights receive no gradient at all.
#
# Return the fraction of dead units, a Python float in $[0, 1]$.
#
# **Trap:** a unit that is negative for *most* samples is not dead; it still
# learns from the others. Reduce over the sample axis first, then average
# over units.


# %% nbgrader={"grade": false, "grade_id": "dead_unit_fraction", "locked": false, "schema_version": 3, "solution": true, "task": false}
def dead_unit_fraction(pre_activations):
    """Fraction of units (columns) whose pre-activation is <= 0 for every sample (row), as a float."""
    ### BEGIN SOLUTION
    pre_activations = np.asarray(pre_activations)
    return float(np.mean(np.all(pre_activations <= 0, axis=0)))
    ### END SOLUTION


# %% nbgrader={"grade": true, "grade_id": "test_dead_unit_fraction", "locked": true, "points": 2, "schema_version": 3, "solution": false, "task": false}
"""Check dead_unit_fraction: all, none, some, and zero counts as dead."""
### BEGIN HIDDEN TESTS
from grader.inkernel import run_hidden_tests

_points = run_hidden_tests(
    "04_dead_neurons", "test_dead_unit_fraction", globals()
)  # scores the cell; its visible checks then print, not raise
### END HIDDEN TESTS
from grader.visible import checking

with checking(dead_unit_fraction):
    z = np.array([[-1.0, 2.0, 0.0, -3.0], [-2.0, -1.0, 0.0, 5.0]])
    assert dead_unit_fraction(z) == 0.5  # units 0 and 2 are dead
    assert dead_unit_fraction(np.ones((3, 4))) == 0.0
    assert dead_unit_fraction(-np.ones((3, 4))) == 1.0
### BEGIN HIDDEN TESTS
_points  # the partial score, as nbgrader reads it
### END HIDDEN TESTS

# %% [markdown]
# ## He initialisation
#
# If the weights of a ReLU layer with `fan_in` inputs are drawn from
# $\mathcal N(0, \sigma^2)$, each pre-activation has variance
# $\operatorname{fan\_in}\,\sigma^2\,\mathbb E[a^2]$, and a ReLU keeps half of
# the second moment of a symmetric input: $\mathbb E[a^2] = \tfrac12 \operatorname{Var}(z_{\text{prev}})$.
# The variance stays the same from layer to layer when
#
# $$\sigma^2 = \frac{2}{\operatorname{fan\_in}} \qquad \text{(He et al., 2015).}$$
#
# Return a float64 array of shape `(fan_in, fan_out)` drawn from
# $\mathcal N(0, 2/\operatorname{fan\_in})$ **with the generator `rng` you are
# given** (a `numpy.random.Generator`): the same generator state must give
# the same weights, so experiments can be repeated.
#
# **Trap:** `rng.normal(loc, scale, size)` takes the standard deviation, not
# the variance.


# %% nbgrader={"grade": false, "grade_id": "he_init", "locked": false, "schema_version": 3, "solution": true, "task": false}
def he_init(fan_in, fan_out, rng):
    """Weights of shape (fan_in, fan_out), float64, drawn from N(0, 2 / fan_in) with the generator rng."""
    ### BEGIN SOLUTION
    return rng.normal(0.0, np.sqrt(2.0 / fan_in), size=(fan_in, fan_out))
    ### END SOLUTION


# %% nbgrader={"grade": true, "grade_id": "test_he_init", "locked": true, "points": 2, "schema_version": 3, "solution": false, "task": false}
"""Check he_init: shape, dtype, spread, and that it uses the generator it is given."""
### BEGIN HIDDEN TESTS
from grader.inkernel import run_hidden_tests

_points = run_hidden_tests(
    "04_dead_neurons", "test_he_init", globals()
)  # scores the cell; its visible checks then print, not raise
### END HIDDEN TESTS
from grader.visible import checking

with checking(he_init):
    W = he_init(400, 300, np.random.default_rng(0))
    assert W.shape == (400, 300) and W.dtype == np.float64
    assert abs(W.std() / np.sqrt(2 / 400) - 1) < 0.05
    np.testing.assert_array_equal(he_init(3, 2, np.random.default_rng(1)), he_init(3, 2, np.random.default_rng(1)))
### BEGIN HIDDEN TESTS
_points  # the partial score, as nbgrader reads it
### END HIDDEN TESTS

# %% [markdown]
# ## The network
#
# A multilayer perceptron with `len(hidden)` hidden layers and one output
# (a logit, turned into a probability by the sigmoid inside the loss):
#
# $$z_1 = X W_1 + b_1,\quad a_1 = f(z_1),\quad z_2 = a_1 W_2 + b_2,\quad a_2 = f(z_2),\quad \text{logits} = a_2 W_3 + b_3.$$
#
# `init_mlp(layer_sizes, init, bias_init, rng)` returns the parameters: a
# list with one pair `(W, b)` per layer, `W` of shape
# `(layer_sizes[i], layer_sizes[i + 1])` and `b` of shape
# `(layer_sizes[i + 1],)`, every bias equal to `bias_init` (the output
# layer's too). The weights are drawn with `rng`, layer by layer:
#
# - `init="he"`: `he_init`;
# - `init` a number: $\mathcal N(0, \texttt{init}^2)$, whatever the fan-in
#   (a *badly scaled* initialisation when `init` is far from He's
#   $\sqrt{2/\text{fan\_in}}$).


# %% nbgrader={"grade": false, "grade_id": "init_mlp", "locked": false, "schema_version": 3, "solution": true, "task": false}
def init_mlp(layer_sizes, init, bias_init, rng):
    """Parameters of an MLP: a list of (W, b) pairs, W (n_in, n_out) and b (n_out,), drawn with rng."""
    ### BEGIN SOLUTION
    params = []
    for fan_in, fan_out in zip(layer_sizes[:-1], layer_sizes[1:], strict=True):
        if isinstance(init, str) and init == "he":
            W = he_init(fan_in, fan_out, rng)
        elif isinstance(init, str):
            raise ValueError(f"unknown init {init!r}")
        else:
            W = rng.normal(0.0, float(init), size=(fan_in, fan_out))
        params.append((W, np.full(fan_out, float(bias_init))))
    return params
    ### END SOLUTION


# %% nbgrader={"grade": true, "grade_id": "test_init_mlp", "locked": true, "points": 2, "schema_version": 3, "solution": false, "task": false}
"""Check init_mlp: one (W, b) per layer, the shapes, the biases and the weights' scale."""
### BEGIN HIDDEN TESTS
from grader.inkernel import run_hidden_tests

_points = run_hidden_tests(
    "04_dead_neurons", "test_init_mlp", globals()
)  # scores the cell; its visible checks then print, not raise
### END HIDDEN TESTS
from grader.visible import checking

with checking(init_mlp):
    params = init_mlp([2, 32, 32, 1], "he", -3.0, np.random.default_rng(0))
    assert [W.shape for W, b in params] == [(2, 32), (32, 32), (32, 1)]
    assert [b.shape for W, b in params] == [(32,), (32,), (1,)]
    assert all(np.all(b == -3.0) for W, b in params)
    params = init_mlp([200, 300, 1], 5.0, 0.0, np.random.default_rng(0))
    assert abs(params[0][0].std() - 5.0) < 0.1
### BEGIN HIDDEN TESTS
_points  # the partial score, as nbgrader reads it
### END HIDDEN TESTS

# %% [markdown]
# The forward and backward passes are given (you wrote them in assignment 2).
# `mlp_forward` also returns the hidden layers' pre-activations, one array of
# shape `(n_samples, n_units)` per hidden layer: what you need to count dead
# units.


# %% nbgrader={"grade": false, "grade_id": "mlp_passes", "locked": true, "schema_version": 3, "solution": false, "task": false}
def mlp_forward(params, X, activation):
    """Forward pass: returns (logits (n,), hidden pre-activations [one (n, units) per hidden layer], cache)."""
    a = X
    pre_activations, cache = [], []
    for W, b in params[:-1]:
        z = a @ W + b
        cache.append((a, z))
        pre_activations.append(z)
        a = activation_forward(activation, z)
    W, b = params[-1]
    cache.append((a, None))
    return (a @ W + b)[:, 0], pre_activations, cache


def mlp_backward(params, cache, logits, y, activation):
    """Gradients of binary_cross_entropy(logits, y): a list of (dW, db) pairs shaped like params."""
    dz = ((expit(logits) - y) / len(y))[:, None]
    grads = [None] * len(params)
    for layer in reversed(range(len(params))):
        a, z = cache[layer]
        if z is not None:
            dz = dz * activation_grad(activation, z)
        grads[layer] = (a.T @ dz, dz.sum(axis=0))
        dz = dz @ params[layer][0].T
    return grads


# %% [markdown]
# ## Training and watching units die
#
# `train_mlp` builds the network `[2, *hidden, 1]` with
# `init_mlp`, drawing with the generator `np.random.default_rng(seed)`, then takes
# `epochs` steps of plain (full-batch) gradient descent,
# $\theta \leftarrow \theta - \text{lr}\,\nabla_\theta L$, on the whole data set.
#
# It records three numbers **before the first step and after every step**
# (so each list has `epochs + 1` entries, entry `e` describing the network
# after `e` steps), all on the whole data set `X`:
#
# - `"loss"`: `binary_cross_entropy(logits, y)`;
# - `"dead_fraction"`: `dead_unit_fraction` of the pre-activations of **all
#   hidden units together** (concatenate the hidden layers along the unit
#   axis; do not average per-layer fractions);
# - `"no_gradient_fraction"`: the fraction of hidden units that pass no
#   gradient back on any sample, i.e. whose derivative `activation_grad(z)`
#   is 0 for every sample. Since every derivative here is $\ge 0$, that is
#   `dead_unit_fraction` applied to the derivatives. For ReLU it equals
#   `"dead_fraction"`; for Leaky ReLU and ELU it tells you whether a unit
#   that is negative everywhere still learns.
#
# Return a dict with those three lists of floats and `"params"`, the final
# parameters (a list of `(W, b)` pairs).
#
# **Hint:** one call of `mlp_forward` per step gives you both the numbers to
# record and the cache for `mlp_backward`. After the last step, one more
# forward pass gives the last entries.


# %% nbgrader={"grade": false, "grade_id": "train_mlp", "locked": false, "schema_version": 3, "solution": true, "task": false}
def train_mlp(X, y, activation="relu", init="he", bias_init=0.0, lr=0.5, epochs=300, seed=0, hidden=(32, 32)):
    """Train an MLP by gradient descent: dict of per-step lists "loss", "dead_fraction",
    "no_gradient_fraction" (each epochs + 1 long) and the final "params"."""
    ### BEGIN SOLUTION
    rng = np.random.default_rng(seed)
    params = init_mlp([X.shape[1], *hidden, 1], init, bias_init, rng)
    history = {"loss": [], "dead_fraction": [], "no_gradient_fraction": []}
    for step in range(epochs + 1):
        logits, pre_activations, cache = mlp_forward(params, X, activation)
        z = np.concatenate(pre_activations, axis=1)
        history["loss"].append(binary_cross_entropy(logits, y))
        history["dead_fraction"].append(dead_unit_fraction(z))
        history["no_gradient_fraction"].append(dead_unit_fraction(activation_grad(activation, z)))
        if step == epochs:
            break
        grads = mlp_backward(params, cache, logits, y, activation)
        params = [(W - lr * dW, b - lr * db) for (W, b), (dW, db) in zip(params, grads, strict=True)]
    history["params"] = params
    return history
    ### END SOLUTION


# %% nbgrader={"grade": true, "grade_id": "test_train_mlp", "locked": true, "points": 3, "schema_version": 3, "solution": false, "task": false}
"""Check train_mlp: the lists' lengths, the loss going down, and the records matching the final network."""
### BEGIN HIDDEN TESTS
from grader.inkernel import run_hidden_tests

_points = run_hidden_tests(
    "04_dead_neurons", "test_train_mlp", globals()
)  # scores the cell; its visible checks then print, not raise
### END HIDDEN TESTS
from grader.visible import checking

with checking(train_mlp):
    X, y = make_spirals(seed=1)
    history = train_mlp(X, y, epochs=50, seed=0)
    assert len(history["loss"]) == len(history["dead_fraction"]) == len(history["no_gradient_fraction"]) == 51
    assert history["loss"][-1] < history["loss"][0]
    logits, pre_activations, _ = mlp_forward(history["params"], X, "relu")
    assert np.isclose(history["loss"][-1], binary_cross_entropy(logits, y))
    assert history["dead_fraction"][-1] == dead_unit_fraction(np.concatenate(pre_activations, axis=1))
### BEGIN HIDDEN TESTS
_points  # the partial score, as nbgrader reads it
### END HIDDEN TESTS

# %% [markdown]
# ## The experiment
#
# Each comparison changes one setting of the baseline below and keeps the
# others. The settings are chosen so that the effects are large; keep them.

# %% nbgrader={"grade": false, "grade_id": "settings", "locked": true, "schema_version": 3, "solution": false, "task": false}
BASELINE = {"activation": "relu", "init": "he", "bias_init": 0.0, "lr": 0.5, "epochs": 300}
COMPARISONS = {
    "activation, biases initialised to -3": {
        "ReLU": {"bias_init": -3.0},
        "Leaky ReLU": {"activation": "leaky_relu", "bias_init": -3.0},
        "ELU": {"activation": "elu", "bias_init": -3.0},
    },
    "learning rate": {
        "lr = 0.5": {"lr": 0.5},
        "lr = 8": {"lr": 8.0},
    },
    "bias initialisation": {
        "b = 0": {"bias_init": 0.0},
        "b = -3": {"bias_init": -3.0},
    },
    "weight initialisation": {
        "He": {"init": "he"},
        "N(0, 5²)": {"init": 5.0},
    },
}
SEEDS = [0, 1, 2]

# %% [markdown]
# `run_comparison(X, y, baseline, settings, seeds)` trains one network per
# setting and seed, with `train_mlp(X, y, **{**baseline, **changes}, seed=seed)`
# for each `label, changes` in `settings.items()`, and returns, for each
# label, the **mean over the seeds** of each recorded curve:
# `{label: {"loss": array, "dead_fraction": array, "no_gradient_fraction": array}}`,
# each array of shape `(epochs + 1,)`.


# %% nbgrader={"grade": false, "grade_id": "run_comparison", "locked": false, "schema_version": 3, "solution": true, "task": false}
def run_comparison(X, y, baseline, settings, seeds):
    """Mean curves over seeds for each setting: {label: {"loss", "dead_fraction", "no_gradient_fraction": array}}."""
    ### BEGIN SOLUTION
    results = {}
    for label, changes in settings.items():
        runs = [train_mlp(X, y, **{**baseline, **changes}, seed=seed) for seed in seeds]
        results[label] = {
            key: np.mean([run[key] for run in runs], axis=0)
            for key in ("loss", "dead_fraction", "no_gradient_fraction")
        }
    return results
    ### END SOLUTION


# %% nbgrader={"grade": true, "grade_id": "test_run_comparison", "locked": true, "points": 1, "schema_version": 3, "solution": false, "task": false}
"""Check run_comparison: one entry per setting, curves of the right length, averaged over seeds."""
### BEGIN HIDDEN TESTS
from grader.inkernel import run_hidden_tests

_points = run_hidden_tests(
    "04_dead_neurons", "test_run_comparison", globals()
)  # scores the cell; its visible checks then print, not raise
### END HIDDEN TESTS
from grader.visible import checking

with checking(run_comparison):
    X, y = make_spirals(seed=1)
    small = {**BASELINE, "epochs": 5}
    result = run_comparison(X, y, small, {"a": {}, "b": {"lr": 0.1}}, [0, 1])
    assert set(result) == {"a", "b"} and np.shape(result["a"]["loss"]) == (6,)
    runs = [train_mlp(X, y, **small, seed=seed)["loss"] for seed in (0, 1)]
    np.testing.assert_allclose(result["a"]["loss"], np.mean(runs, axis=0))
### BEGIN HIDDEN TESTS
_points  # the partial score, as nbgrader reads it
### END HIDDEN TESTS

# %% [markdown]
# Now plot each comparison: for every label, the dead fraction against the
# number of steps in one panel and the loss in another, with a legend and
# axis labels. (`plot_comparison` is not graded; your figures are what the
# written question below asks about.)


# %% nbgrader={"grade": false, "grade_id": "plot_comparison", "locked": false, "schema_version": 3, "solution": true, "task": false}
def plot_comparison(results, title):
    """Two panels side by side: dead fraction and loss against the step, one line per setting."""
    ### BEGIN SOLUTION
    fig, (ax_dead, ax_loss) = plt.subplots(1, 2, figsize=(10, 3.2))
    for label, curves in results.items():
        ax_dead.plot(curves["dead_fraction"], label=label)
        ax_loss.plot(curves["loss"], label=label)
    ax_dead.set(xlabel="gradient-descent step", ylabel="fraction of dead hidden units", ylim=(-0.03, 1.03))
    ax_loss.set(xlabel="gradient-descent step", ylabel="training loss", yscale="log")
    ax_dead.legend()
    fig.suptitle(title)
    fig.tight_layout()
    return fig
    ### END SOLUTION


# %% nbgrader={"grade": false, "grade_id": "experiment", "locked": true, "schema_version": 3, "solution": false, "task": false}
try:
    X, y = make_spirals(seed=0)
    results = {name: run_comparison(X, y, BASELINE, settings, SEEDS) for name, settings in COMPARISONS.items()}
    for name, result in results.items():
        plot_comparison(result, name)
except NotImplementedError:
    print("the experiment: not implemented yet (finish the functions above, then run this cell again)")

# %% [markdown]
# The grader checks your `train_mlp` on these comparisons with other data and
# seeds: properties that hold for any correct implementation (for example,
# with ReLU and biases at -3 most units are dead before the first step).

# %% nbgrader={"grade": true, "grade_id": "test_experiment", "locked": true, "points": 4, "schema_version": 3, "solution": false, "task": false}
"""Check the experiment's results: what dies, when, and what keeps passing gradient."""
### BEGIN HIDDEN TESTS
from grader.inkernel import run_hidden_tests

_points = run_hidden_tests(
    "04_dead_neurons", "test_experiment", globals()
)  # scores the cell; its visible checks then print, not raise
### END HIDDEN TESTS
from grader.visible import checking

with checking("the experiment"):
    relu = results["activation, biases initialised to -3"]["ReLU"]
    assert relu["dead_fraction"][0] > 0.5
    assert np.all(results["activation, biases initialised to -3"]["ELU"]["no_gradient_fraction"] == 0)
    assert (
        results["learning rate"]["lr = 8"]["dead_fraction"][-1]
        > results["learning rate"]["lr = 0.5"]["dead_fraction"][-1]
    )
### BEGIN HIDDEN TESTS
_points  # the partial score, as nbgrader reads it
### END HIDDEN TESTS

# %% [markdown]
# ## Written question
#
# Using your four figures, answer in a few sentences each:
#
# 1. Why do ReLU units initialised with $b = -3$ never recover, while ELU
#    units with the same biases do? What does the Leaky ReLU run show?
# 2. Why does the large learning rate kill units that the small one leaves
#    alive? Why does $\mathcal N(0, 5^2)$ do the same as a large learning rate?
# 3. Name two practical ways to keep units alive in a ReLU network, and say
#    what each one costs.

# %% [markdown] nbgrader={"grade": true, "grade_id": "written_answer", "locked": false, "points": 4, "schema_version": 3, "solution": true, "task": false}
# ### BEGIN SOLUTION
# **Model answer.** (1) With $b = -3$ and He weights, $x \cdot w + b < 0$ for
# every input, so $\operatorname{relu}'(z) = 0$ on every sample: the unit's
# weights and bias get exactly zero gradient and no step can ever change
# them (the dead fraction stays flat and the loss stays at $\log 2$, because
# only the output bias learns). ELU's derivative $e^{z} > 0$ is small but
# never zero, so the biases climb back and the loss falls. Leaky ReLU also
# passes gradient (its no-gradient fraction is 0), but only 1% of it, so in
# 300 steps it hardly moves: passing gradient is necessary, not sufficient.
# (2) A step of $\text{lr}\cdot\nabla$ can push $w$ and $b$ so far that
# $z \le 0$ for all inputs; from then on the unit gets no gradient, so the
# accident is permanent. Weights 20 times too large make the logits and
# hence the gradients huge, which is the same as a huge step. (3) He
# initialisation with zero (or small positive) biases; a smaller learning
# rate or a schedule/warm-up; Leaky ReLU, ELU, GELU or other activations
# with a non-zero derivative for $z < 0$ (cost: extra computation,
# non-sparse activations); normalisation layers; gradient clipping.
#
# **Rubric (4 points).**
# - 1 point: zero derivative on every sample means zero gradient for the
#   unit's weights and bias, so a dead ReLU unit can never recover (must say
#   *every* sample / the whole data set).
# - 1 point: ELU and Leaky ReLU have a non-zero derivative for $z < 0$, so
#   gradient still flows; notes that Leaky ReLU's 0.01 slope makes recovery
#   slow (or that the figures show it barely learns).
# - 1 point: a large step (large learning rate, or large gradients from badly
#   scaled weights) can move a unit into the region where it is negative for
#   all inputs, after which it stays there.
# - 1 point: two sensible remedies with a cost or trade-off each (He
#   initialisation, smaller learning rate or warm-up, a leaky activation,
#   normalisation, gradient clipping). Half a point if the costs are missing.
# ### END SOLUTION
