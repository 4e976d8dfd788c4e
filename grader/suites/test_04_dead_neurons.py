"""Hidden tests for 04_dead_neurons: the two contract functions, the training loop, the experiment.

The experiment is graded by properties that hold for any correct
implementation, over several data sets and seeds, never by exact numbers:
different but correct code draws its weights in another order. The
thresholds below are module constants so that tests/test_experiments.py can
prove, on the reference solution, that each holds with a wide margin.
"""

import math

import numpy as np
import pytest

from grader.judging.checks import call, check_outcome_clean
from grader.judging.failures import fail
from grader.sandbox.harness import Generator

# ----------------------------------------------------------------------
# dead_unit_fraction


def _dead_cases():
    rng = np.random.default_rng(404)
    typical = rng.normal(0, 1, (60, 25))
    typical[:, [1, 4, 9, 16]] = -np.abs(typical[:, [1, 4, 9, 16]])  # four dead units
    mostly = -np.abs(rng.normal(0, 1, (50, 10)))
    mostly[rng.integers(0, 50, 10), np.arange(10)] = 0.5  # each unit alive on exactly one sample
    mostly[:, :3] = -1.0
    zeros = rng.normal(0, 1, (20, 8))
    zeros[:, [0, 5]] = 0.0
    zeros[:, 2] = np.where(np.arange(20) % 2 == 0, 0.0, -1.0)
    tall = rng.normal(-1.5, 1, (200, 3))
    wide = rng.normal(-1.5, 1, (3, 200))
    return [
        ("typical", typical, "typical pre-activations with some dead units", "values"),
        ("alive_once", mostly, "units that are positive on a single sample only", "alive_once"),
        ("zeros", zeros, "pre-activations exactly 0", "zeros"),
        ("tall", tall, "many samples and few units", "axis"),
        ("wide", wide, "few samples and many units", "axis"),
        ("one_sample", rng.normal(0, 1, (1, 30)), "a single sample", "axis"),
        ("one_unit_dead", -np.ones((10, 1)), "a single dead unit", "values"),
        ("none_dead", np.abs(rng.normal(0, 1, (5, 7))) + 0.1, "no dead unit", "values"),
        ("float32", rng.normal(-1, 1, (40, 30)).astype(np.float32), "float32 pre-activations", "values"),
        ("integer", rng.integers(-3, 2, (12, 9)), "integer pre-activations", "values"),
        ("large", rng.normal(0, 1e6, (30, 40)), "large pre-activations", "values"),
    ]


DEAD_HINTS = {
    "values": "the fraction of columns (units) that are <= 0 in every row (sample)",
    "alive_once": "a unit that is positive on even one sample still learns: it is dead only if it is <= 0 "
    "for every sample (np.all over the sample axis), not on average",
    "zeros": "a pre-activation of exactly 0 counts as dead, since relu'(0) = 0: test <= 0, not < 0",
    "axis": "rows are samples and columns are units: reduce over axis 0, then average over the units",
}


@pytest.mark.cell("test_dead_unit_fraction")
@pytest.mark.parametrize("key, z, label, hint", _dead_cases(), ids=[case[0] for case in _dead_cases()])
def test_dead_unit_fraction(student, ref, key, z, label, hint):
    """The fraction against the reference, as one number; the input is not modified."""
    outcome = call(student.dead_unit_fraction, z, context=f" on {label}")
    check_outcome_clean("dead_unit_fraction", outcome, label, {})
    got = outcome.value
    if isinstance(got, bool) or not isinstance(got, (float, int, np.ndarray, np.generic)) or np.ndim(got) != 0:
        fail(
            f"dead_unit_fraction: did not return a single number on {label}; "
            "return the fraction of dead units as a float, not one value per unit"
        )
    want = ref.dead_unit_fraction(z)
    if not abs(float(got) - want) <= 1e-12:
        fail(f"dead_unit_fraction: wrong value on {label}; {DEAD_HINTS[hint]}")


# ----------------------------------------------------------------------
# he_init


@pytest.mark.cell("test_he_init")
@pytest.mark.parametrize("fan_in, fan_out", [(3, 5), (1, 1), (64, 32), (2, 300)])
def test_he_init_shape_and_dtype(student, fan_in, fan_out):
    """A float64 array of shape (fan_in, fan_out)."""
    label = f"fan_in={fan_in}, fan_out={fan_out}"
    outcome = call(student.he_init, fan_in, fan_out, Generator(1), context=f" with {label}")
    got = outcome.value
    if not isinstance(got, np.ndarray) or got.shape != (fan_in, fan_out):
        fail(f"he_init: the result is not an array of shape (fan_in, fan_out) with {label}")
    if got.dtype != np.float64:
        fail(f"he_init: returned {got.dtype}, not float64, with {label}")
    if not np.all(np.isfinite(got)):
        fail(f"he_init: returned NaN or infinite weights with {label}")


@pytest.mark.cell("test_he_init")
def test_he_init_uses_the_given_generator(student):
    """The same generator state gives the same weights; another state gives other weights."""
    first = call(student.he_init, 20, 30, Generator(5), context=" called twice with the same generator state").value
    again = call(student.he_init, 20, 30, Generator(5), context=" called twice with the same generator state").value
    other = call(student.he_init, 20, 30, Generator(6), context=" with another generator").value
    if not (isinstance(first, np.ndarray) and isinstance(again, np.ndarray) and isinstance(other, np.ndarray)):
        fail("he_init: did not return an array")
    if first.shape != again.shape or not np.array_equal(first, again):
        fail(
            "he_init: the same generator state gave different weights; draw with the rng argument "
            "(rng.normal), not with np.random or a new generator"
        )
    if first.shape == other.shape and np.array_equal(first, other):
        fail(
            "he_init: two different generators gave the same weights; draw with the rng argument, "
            "not with a generator of your own seeded with a constant"
        )


HE_SHAPES = [(500, 400), (50, 2000), (2000, 60)]


@pytest.mark.cell("test_he_init")
@pytest.mark.parametrize("fan_in, fan_out", HE_SHAPES)
def test_he_init_distribution(student, fan_in, fan_out):
    """Mean 0, standard deviation sqrt(2 / fan_in), and a normal (not uniform) shape."""
    label = f"fan_in={fan_in}, fan_out={fan_out}"
    weights = []
    for seed in (11, 12):
        value = call(student.he_init, fan_in, fan_out, Generator(seed), context=f" with {label}").value
        if not isinstance(value, np.ndarray) or value.shape != (fan_in, fan_out):
            fail(f"he_init: the result is not an array of shape (fan_in, fan_out) with {label}")
        weights.append(np.asarray(value, dtype=np.float64).ravel())
    w = np.concatenate(weights)
    sigma = math.sqrt(2 / fan_in)
    se = sigma / math.sqrt(w.size)
    if abs(w.std() / sigma - 1) > HE_STD_RTOL:
        if abs(w.std() / math.sqrt(2 / fan_out) - 1) <= HE_STD_RTOL and fan_in != fan_out:
            fail(f"he_init: the spread follows fan_out, not fan_in, with {label}; the variance is 2 / fan_in")
        if abs(w.std() / (2 / fan_in) - 1) <= HE_STD_RTOL:
            fail(
                f"he_init: the standard deviation is 2 / fan_in with {label}; that is the variance: "
                "rng.normal takes the standard deviation sqrt(2 / fan_in)"
            )
        fail(f"he_init: the weights' standard deviation is not sqrt(2 / fan_in) with {label}")
    if abs(w.mean()) > 6 * se:
        fail(f"he_init: the weights' mean is not 0 with {label}")
    within = np.mean(np.abs(w) <= sigma)
    if abs(within - 0.6827) > HE_SHAPE_TOL:
        fail(
            f"he_init: the weights are not normally distributed with {label} (a uniform distribution "
            "with the right variance, say); draw them with rng.normal"
        )


HE_STD_RTOL = 0.02  # the sample std of >= 200,000 draws is within 0.3% of sigma (2 SE)
HE_SHAPE_TOL = 0.01  # P(|w| <= sigma) = 0.6827 for a normal, 0.577 for a uniform of the same variance

# ----------------------------------------------------------------------
# init_mlp


@pytest.mark.cell("test_init_mlp")
@pytest.mark.parametrize(
    "sizes, init, bias_init", [([2, 32, 32, 1], "he", 0.0), ([3, 5, 1], "he", -3.0), ([2, 7, 11, 4, 1], 0.5, 0.25)]
)
def test_init_mlp_structure(student, sizes, init, bias_init):
    """One (W, b) pair per layer with the right shapes; every bias equals bias_init."""
    label = f"layer_sizes={sizes}, init={init!r}, bias_init={bias_init}"
    params = call(student.init_mlp, sizes, init, bias_init, Generator(3), context=f" with {label}").value
    if not isinstance(params, (list, tuple)) or len(params) != len(sizes) - 1:
        fail(f"init_mlp: did not return a list with one (W, b) pair per layer with {label}")
    for (fan_in, fan_out), pair in zip(zip(sizes[:-1], sizes[1:], strict=True), params, strict=True):
        if not isinstance(pair, (list, tuple)) or len(pair) != 2:
            fail(f"init_mlp: an entry of the list is not a pair (W, b) with {label}")
        W, b = (np.asarray(part) if isinstance(part, (np.ndarray, np.generic)) else None for part in pair)
        if W is None or b is None or W.shape != (fan_in, fan_out) or b.shape != (fan_out,):
            fail(f"init_mlp: W must have shape (n_in, n_out) and b shape (n_out,) for every layer, with {label}")
        if W.dtype != np.float64 or b.dtype != np.float64:
            fail(f"init_mlp: the parameters must be float64 arrays, with {label}")
        if not np.all(b == bias_init):
            fail(
                f"init_mlp: the biases are not all equal to bias_init with {label} (every layer's, the "
                "output layer's too)"
            )


@pytest.mark.cell("test_init_mlp")
@pytest.mark.parametrize("init", ["he", 5.0, 0.01])
def test_init_mlp_scale(student, init):
    """He: std sqrt(2 / fan_in) in each layer; a number: that std in every layer."""
    sizes = [200, 300, 400, 50]
    label = f"init={init!r}"
    params = call(student.init_mlp, sizes, init, 0.0, Generator(8), context=f" with {label}").value
    if not isinstance(params, (list, tuple)) or len(params) != 3:
        fail(f"init_mlp: did not return one (W, b) pair per layer with {label}")
    for fan_in, pair in zip(sizes[:-1], params, strict=True):
        W = np.asarray(pair[0], dtype=np.float64)
        sigma = math.sqrt(2 / fan_in) if init == "he" else init
        if abs(W.std() / sigma - 1) > 0.03:
            fail(
                "init_mlp: "
                + (
                    "with init='he' each layer's weights need std sqrt(2 / fan_in) of that layer; use he_init"
                    if init == "he"
                    else "with a number as init the weights need that standard deviation in every "
                    "layer, whatever the fan-in"
                )
            )


@pytest.mark.cell("test_init_mlp")
def test_init_mlp_uses_the_given_generator(student):
    """Repeatable with the same generator state, different with another."""
    sizes = [2, 6, 1]
    runs = [call(student.init_mlp, sizes, "he", 0.0, Generator(seed)).value for seed in (4, 4, 9)]
    try:
        weights = [np.concatenate([np.ravel(W) for W, _ in run]) for run in runs]
    except (TypeError, ValueError):
        fail("init_mlp: did not return a list of (W, b) pairs")
    if weights[0].shape != weights[1].shape or not np.array_equal(weights[0], weights[1]):
        fail("init_mlp: the same generator state gave different weights; draw with the rng argument")
    if weights[0].shape == weights[2].shape and np.array_equal(weights[0], weights[2]):
        fail("init_mlp: different generators gave the same weights; draw with the rng argument")


# ----------------------------------------------------------------------
# train_mlp

KEYS = ("loss", "dead_fraction", "no_gradient_fraction")


def _history(student, label, X, y, **kwargs):
    """Call train_mlp and check the result's form; the history as float64 arrays and the params."""
    outcome = call(student.train_mlp, X, y, context=f" with {label}", **kwargs)
    check_outcome_clean("train_mlp", outcome, label, {}, finite=False)
    history = outcome.value
    if not isinstance(history, dict) or any(key not in history for key in KEYS + ("params",)):
        fail('train_mlp: return a dict with the keys "loss", "dead_fraction", "no_gradient_fraction" and "params"')
    curves = {}
    for key in KEYS:
        try:
            curve = np.asarray(history[key], dtype=np.float64)
        except (TypeError, ValueError):
            fail(f'train_mlp: history["{key}"] is not a list of numbers')
        if curve.shape != (kwargs["epochs"] + 1,):
            fail(
                f'train_mlp: history["{key}"] must have epochs + 1 entries (before the first step and after '
                f"each step) with {label}"
            )
        curves[key] = curve
    return curves, history["params"]


def _params_arrays(params, sizes, label):
    if not isinstance(params, (list, tuple)) or len(params) != len(sizes) - 1:
        fail(f'train_mlp: history["params"] is not a list of (W, b) pairs, one per layer, with {label}')
    out = []
    for (fan_in, fan_out), pair in zip(zip(sizes[:-1], sizes[1:], strict=True), params, strict=True):
        if (
            not isinstance(pair, (list, tuple))
            or len(pair) != 2
            or not all(isinstance(part, np.ndarray) for part in pair)
            or pair[0].shape != (fan_in, fan_out)
            or pair[1].shape != (fan_out,)
        ):
            fail(f'train_mlp: history["params"] must hold the final (W, b) of each layer, with {label}')
        out.append((pair[0].astype(np.float64), pair[1].astype(np.float64)))
    return out


def _data(seed):
    from grader.reference import load_reference

    return load_reference("04_dead_neurons").make_spirals(seed=seed)


@pytest.mark.cell("test_train_mlp")
@pytest.mark.parametrize("epochs", [0, 7])
def test_train_mlp_records_every_step(student, epochs):
    """Each list has epochs + 1 entries; fractions lie in [0, 1] and count whole units."""
    X, y = _data(21)
    label = f"epochs={epochs}"
    curves, _ = _history(
        student,
        label,
        X,
        y,
        activation="relu",
        init="he",
        bias_init=-0.5,
        lr=0.5,
        epochs=epochs,
        seed=2,
        hidden=(12, 20),
    )
    for key in ("dead_fraction", "no_gradient_fraction"):
        units = curves[key] * 32
        if np.any(curves[key] < 0) or np.any(curves[key] > 1) or not np.allclose(units, np.round(units)):
            fail(
                f'train_mlp: history["{key}"] must be the fraction of all 32 hidden units together (pool the '
                f"hidden layers' units), a number k / 32, with {label}"
            )


CONSISTENCY = [
    ("relu", (12, 20), -1.0, "ReLU with hidden=(12, 20) and biases at -1"),
    ("elu", (10, 6), -1.0, "ELU with hidden=(10, 6) and biases at -1"),
    ("leaky_relu", (16,), 0.0, "Leaky ReLU with one hidden layer"),
]


@pytest.mark.cell("test_train_mlp")
@pytest.mark.parametrize("activation, hidden, bias_init, label", CONSISTENCY)
def test_train_mlp_last_record_matches_final_network(student, ref, activation, hidden, bias_init, label):
    """The last entries describe the returned parameters, measured on the whole data set."""
    X, y = _data(22)
    curves, params = _history(
        student,
        label,
        X,
        y,
        activation=activation,
        init="he",
        bias_init=bias_init,
        lr=0.5,
        epochs=20,
        seed=3,
        hidden=hidden,
    )
    params = _params_arrays(params, [2, *hidden, 1], label)
    logits, pre_activations, _ = ref.mlp_forward(params, X, activation)
    z = np.concatenate(pre_activations, axis=1)
    want = {
        "loss": ref.binary_cross_entropy(logits, y),
        "dead_fraction": ref.dead_unit_fraction(z),
        "no_gradient_fraction": ref.dead_unit_fraction(ref.activation_grad(activation, z)),
    }
    hints = {
        "loss": "record binary_cross_entropy(logits, y) of the network after each step, the last one after "
        "the final step",
        "dead_fraction": "record dead_unit_fraction of the hidden pre-activations of all hidden layers "
        "concatenated along the unit axis (np.concatenate(pre_activations, axis=1))",
        "no_gradient_fraction": "record dead_unit_fraction(activation_grad(activation, z)) for the same "
        "concatenated pre-activations",
    }
    for key in KEYS:
        if not np.isclose(curves[key][-1], want[key], rtol=1e-9, atol=1e-12):
            fail(
                f'train_mlp: the last entry of history["{key}"] does not describe the returned parameters '
                f"with {label}; {hints[key]}"
            )


@pytest.mark.cell("test_train_mlp")
@pytest.mark.parametrize("activation", ["relu", "elu"])
def test_train_mlp_takes_gradient_steps(student, ref, activation):
    """One step from the seed's initial parameters is theta - lr * gradient (the seed fixes the start)."""
    X, y = _data(23)
    label = f"one step with activation {activation!r}"
    settings = dict(activation=activation, init="he", bias_init=0.1, seed=5, hidden=(8, 8))
    start_curves, start = _history(student, f"lr=0 ({label})", X, y, lr=0.0, epochs=3, **settings)
    if not np.allclose(start_curves["loss"], start_curves["loss"][0], rtol=1e-12, atol=0):
        fail("train_mlp: with lr=0 the loss changes from step to step; the update must be theta - lr * gradient")
    start = _params_arrays(start, [2, 8, 8, 1], label)
    curves, after = _history(student, label, X, y, lr=0.7, epochs=1, **settings)
    after = _params_arrays(after, [2, 8, 8, 1], label)
    logits, _, cache = ref.mlp_forward(start, X, activation)
    if not np.isclose(curves["loss"][0], ref.binary_cross_entropy(logits, y), rtol=1e-9):
        fail(
            "train_mlp: the same seed gives different initial networks from one call to the next; build "
            "the parameters with init_mlp(..., np.random.default_rng(seed))"
        )
    grads = ref.mlp_backward(start, cache, logits, y, activation)
    for (W0, b0), (W1, b1), (dW, db) in zip(start, after, grads, strict=True):
        if not (
            np.allclose(W1, W0 - 0.7 * dW, rtol=1e-9, atol=1e-12)
            and np.allclose(b1, b0 - 0.7 * db, rtol=1e-9, atol=1e-12)
        ):
            fail(
                "train_mlp: one step does not give theta - lr * gradient; use mlp_backward's gradients "
                "for every layer's W and b, scaled by lr, and subtract them"
            )


@pytest.mark.cell("test_train_mlp")
@pytest.mark.parametrize("seed", [0, 1])
def test_train_mlp_learns(student, seed):
    """With the baseline settings the loss falls well below its starting value."""
    X, y = _data(30 + seed)
    curves, _ = _history(
        student,
        "the baseline settings",
        X,
        y,
        activation="relu",
        init="he",
        bias_init=0.0,
        lr=0.5,
        epochs=300,
        seed=seed,
        hidden=(32, 32),
    )
    if not curves["loss"][-1] < LEARNS_MAX_FINAL_LOSS:
        fail(
            "train_mlp: with the baseline settings (ReLU, He, zero biases, lr 0.5, 300 steps) the loss "
            "hardly falls; check the update theta - lr * gradient"
        )


LEARNS_MAX_FINAL_LOSS = 0.5  # log 2 = 0.693 at chance

# ----------------------------------------------------------------------
# run_comparison


@pytest.mark.cell("test_run_comparison")
def test_run_comparison(student):
    """One entry per label; each curve is the mean over the seeds of train_mlp's curve for that setting."""
    X, y = _data(40)
    baseline = {"activation": "relu", "init": "he", "bias_init": 0.0, "lr": 0.5, "epochs": 6}
    settings = {"first": {}, "negative biases": {"bias_init": -2.0}, "elu": {"activation": "elu", "lr": 0.2}}
    seeds = [3, 4, 5]
    outcome = call(student.run_comparison, X, y, baseline, settings, seeds)
    result = outcome.value
    if not isinstance(result, dict) or set(result) != set(settings):
        fail("run_comparison: return a dict with one entry per label of settings")
    for label, changes in settings.items():
        runs = [call(student.train_mlp, X, y, **{**baseline, **changes}, seed=seed).value for seed in seeds]
        entry = result[label]
        if not isinstance(entry, dict) or any(key not in entry for key in KEYS):
            fail('run_comparison: each entry must be a dict with "loss", "dead_fraction" and "no_gradient_fraction"')
        for key in KEYS:
            want = np.mean([np.asarray(run[key], dtype=np.float64) for run in runs], axis=0)
            got = np.asarray(entry[key], dtype=np.float64)
            if got.shape != want.shape or not np.allclose(got, want, rtol=1e-9, atol=1e-12):
                fail(
                    f"run_comparison: the {key} curve is not the mean over the seeds of train_mlp's curves with "
                    "the baseline updated by the setting's changes ({**baseline, **changes}); average "
                    "step by step (axis 0)"
                )


# ----------------------------------------------------------------------
# the experiment: properties over data sets and seeds

EXPERIMENT_SEEDS = (0, 1, 2, 3)
BASELINE = {"activation": "relu", "init": "he", "bias_init": 0.0, "lr": 0.5, "epochs": 300}
# Thresholds; tests/test_experiments.py proves their margins on the reference over ten seeds.
MOST_DEAD = 0.5  # "most units dead": more than half
ZERO_BIAS_MAX_DEAD = 0.5
LR_GAP = 0.4  # dead fraction after training: large lr minus small lr
INIT_GAP = 0.4  # dead fraction after training: N(0, 5^2) minus He
ELU_RECOVERY_GAP = 0.15  # ReLU minus ELU dead fraction after training, biases at -3


def experiment_runs(train, seed):
    """The histories the properties are about, for one seed: {name: curves}; `train(X, y, **kw)` -> curves."""
    X, y = _data(100 + seed)
    runs = {
        "baseline": {},
        "relu_b-3": {"bias_init": -3.0},
        "leaky_b-3": {"activation": "leaky_relu", "bias_init": -3.0},
        "elu_b-3": {"activation": "elu", "bias_init": -3.0},
        "lr_8": {"lr": 8.0},
        "init_5": {"init": 5.0},
    }
    return {name: train(X, y, **{**BASELINE, **changes}, seed=seed) for name, changes in runs.items()}


def property_margins(runs):
    """For one seed's runs, each property's margin: positive when it holds, in its own unit."""
    relu, leaky, elu = runs["relu_b-3"], runs["leaky_b-3"], runs["elu_b-3"]
    return {
        "negative_bias_kills": min(relu["dead_fraction"][0], relu["dead_fraction"][-1]) - MOST_DEAD,
        "zero_bias_alive": ZERO_BIAS_MAX_DEAD - runs["baseline"]["dead_fraction"][0],
        "large_lr_kills": runs["lr_8"]["dead_fraction"][-1] - runs["baseline"]["dead_fraction"][-1] - LR_GAP,
        "bad_init_kills": runs["init_5"]["dead_fraction"][-1] - runs["baseline"]["dead_fraction"][-1] - INIT_GAP,
        "leaky_elu_pass_gradient": min(leaky["dead_fraction"][0], elu["dead_fraction"][0]) - MOST_DEAD
        if max(np.max(leaky["no_gradient_fraction"]), np.max(elu["no_gradient_fraction"])) == 0
        else -1.0,
        "relu_no_gradient_is_dead": 1.0
        if np.array_equal(relu["no_gradient_fraction"], relu["dead_fraction"])
        else -1.0,
        "elu_recovers": relu["dead_fraction"][-1] - elu["dead_fraction"][-1] - ELU_RECOVERY_GAP,
    }


PROPERTY_MESSAGES = {
    "negative_bias_kills": "with ReLU and every bias initialised to -3, most hidden units should be dead before "
    "the first step and stay dead; is bias_init used for the hidden layers, and entry 0 "
    "recorded before the first update?",
    "zero_bias_alive": "with He weights and zero biases most units should be alive before the first step; "
    "check dead_fraction (<= 0 on every sample) and the initialisation",
    "large_lr_kills": "with lr = 8 many more ReLU units should be dead after training than with lr = 0.5; "
    "is lr used in the update, and the dead fraction recorded after every step?",
    "bad_init_kills": "with weights drawn from N(0, 5^2) many more units should die than with He weights; "
    "is a numeric init used as the standard deviation of every layer?",
    "leaky_elu_pass_gradient": "with Leaky ReLU or ELU every unit passes gradient (no_gradient_fraction 0 at "
    "every step) even when most are negative everywhere; compute no_gradient_fraction "
    "from activation_grad of the activation you train with",
    "relu_no_gradient_is_dead": "for ReLU, no_gradient_fraction must equal dead_fraction at every step",
    "elu_recovers": "with ELU and biases at -3 many units should come back to life during training, unlike "
    "ReLU's; is the activation argument used in both the forward and the backward pass?",
}


def _student_train(student):
    def train(X, y, **kwargs):
        return _history(student, "the experiment's settings", X, y, **kwargs)[0]

    return train


@pytest.mark.cell("test_experiment")
@pytest.mark.parametrize("seed", EXPERIMENT_SEEDS)
def test_experiment_properties(student, seed):
    """Every property of the experiment holds for this seed and data set."""
    margins = property_margins(experiment_runs(_student_train(student), seed))
    for name, margin in margins.items():
        if not margin > 0:
            fail(f"train_mlp: {PROPERTY_MESSAGES[name]}")
