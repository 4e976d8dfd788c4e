"""The training playground (book/concepts/playground.md, bookkit/static/playground.js) in headless Chromium.

- Its activations and their derivatives, evaluated by the page's script on a grid (the kinks, tiny and
  huge |x| up to 1e4, NaN), agree with the course's reference solutions (`load_reference`, 01_forward and
  02_backward) to 1e-12 relative.
- A fixed-seed run in the page (its data and initial weights exported by the page) matches the same
  network trained in Python with the references' own passes: assignment 4's `mlp_forward` and
  `mlp_backward` for ReLU, Leaky ReLU and ELU, assignment 2's `dense_forward` and `dense_backward`
  for the other activations, `prelu` and `prelu_backward` for PReLU's learned slopes; loss, dead
  and no-gradient fractions per layer and gradient norm per layer, at every step.
- Training speed for 2 hidden layers of 16 units on 200 points, printed (run with -s to see it):
  the page's training loop alone, and the page playing (training and drawing every frame).
- The page itself: settings read from and written to the URL, presets, keyboard operation, and axe's
  WCAG 2 A/AA audit after a run, in light and dark mode (tests/test_browser.py audits every page as
  it loads, this page included).

    .venv/bin/python -m pytest tests/test_playground.py -q -s
"""

import json
import time
import urllib.parse

import numpy as np
import pytest
from scipy.special import expit
from support_axe import AXE, AXE_RUN, AXE_TAGS, FAILING_IMPACTS, MODES, THEME_IS, require_axe
from support_chromium import require_chromium

from grader.reference import load_reference

pytestmark = [pytest.mark.browser, pytest.mark.slow]

PAGE = "book/concepts/playground.html"
RTOL = 1e-12
# Below this the grid's values are subnormal or nearly so (GELU's far negative tail), where a float64
# has too few significant bits for a relative comparison.
TINY = 1e-300
EPS = np.finfo(np.float64).eps
# Where the reference's own formula subtracts nearly equal terms (1 - tanh(x)**2, 1 + tanh(...) near -1),
# its result carries an absolute error of a few ulp of those terms, and tanh in NumPy and in the browser
# may differ by one ulp: there the agreement asked for is 4 ulp of the terms' size, not 1e-12 of the
# result. {label: the size of the terms at x}; every other function is held to RTOL alone.
CANCELLING_TERMS = {
    ("tanh", "df"): lambda x: np.ones_like(x),
    ("gelu tanh", "f"): lambda x: np.abs(x),
    ("gelu tanh", "df"): lambda x: 1 + np.abs(x) * (1 + 3 * 0.044715 * x * x),
}


@pytest.fixture(scope="module")
def playground(book_url, browser_context):
    """A page of its own with the playground loaded; fails a test on any console error or uncaught exception."""
    require_chromium()
    page = browser_context.new_page()
    errors = []
    page.on("pageerror", lambda error: errors.append(f"uncaught exception: {error}"))

    def console(message):  # Chromium asks for /favicon.ico on a context's first page: the site has none
        if message.type == "error" and not (message.location or {}).get("url", "").endswith("/favicon.ico"):
            errors.append(f"console error: {message.text}")

    page.on("console", console)
    page.errors = errors
    page.goto(book_url + PAGE, wait_until="load")
    page.wait_for_selector("#playground[data-ready='true']", state="attached")
    yield page
    page.close()


@pytest.fixture
def no_errors(playground):
    yield
    assert not playground.errors, "\n".join(playground.errors)
    playground.errors.clear()


def open_with(page, url, query):
    page.goto(url + PAGE + query, wait_until="load")
    page.wait_for_selector("#playground[data-ready='true']", state="attached")


# ---------------------------------------------------------------------------
# (1) The activations against the references.


def grid():
    """float64 inputs: dense on [-40, 40] (every branch of erfc), the kink and tiny |x|, |x| up to 1e4, NaN."""
    tiny = [5e-324, 1e-310, 1e-300, 1e-30, 1e-12, 1e-8]
    large = list(np.logspace(-3, 4, 57))
    values = np.concatenate(
        [np.linspace(-40, 40, 4001), [0.0, -0.0], tiny, np.negative(tiny), large, np.negative(large), [np.nan]]
    )
    return values


def reference_cases():
    """(page name, page parameter, label, reference f, reference f') for every activation and some parameters."""
    fwd, bwd = load_reference("01_forward"), load_reference("02_backward")
    cases = [
        ("step", None, "step", fwd.step, bwd.step_grad),
        ("linear", None, "linear", fwd.linear, bwd.linear_grad),
        ("sigmoid", None, "sigmoid", fwd.sigmoid, bwd.sigmoid_grad),
        ("tanh", None, "tanh", fwd.tanh, bwd.tanh_grad),
        ("relu", None, "relu", fwd.relu, bwd.relu_grad),
        ("selu", None, "selu", fwd.selu, bwd.selu_grad),
        ("swish", 1.0, "silu", fwd.silu, lambda x: bwd.swish_grad(x, 1.0)),
    ]
    for alpha in (0.01, 0.3):
        cases.append(
            (
                "leaky_relu",
                alpha,
                f"leaky_relu alpha={alpha}",
                lambda x, a=alpha: fwd.leaky_relu(x, a),
                lambda x, a=alpha: bwd.leaky_relu_grad(x, a),
            )
        )
    for alpha in (0.25, 0.0):
        cases.append(
            (
                "prelu",
                alpha,
                f"prelu alpha={alpha}",
                lambda x, a=alpha: fwd.prelu(x, a),
                lambda x, a=alpha: bwd.prelu_backward(np.ones_like(x), x, a)[0],
            )
        )
    for alpha in (1.0, 2.0):
        cases.append(
            (
                "elu",
                alpha,
                f"elu alpha={alpha}",
                lambda x, a=alpha: fwd.elu(x, a),
                lambda x, a=alpha: bwd.elu_grad(x, a),
            )
        )
    for form in ("none", "tanh", "sigmoid"):
        cases.append(
            ("gelu", form, f"gelu {form}", lambda x, f=form: fwd.gelu(x, f), lambda x, f=form: bwd.gelu_grad(x, f))
        )
    for beta in (1.0, 2.5):
        cases.append(
            (
                "swish",
                beta,
                f"swish beta={beta}",
                lambda x, b=beta: fwd.swish(x, b),
                lambda x, b=beta: bwd.swish_grad(x, b),
            )
        )
    return cases


def relative_errors(got, want):
    """|got - want| / |want| elementwise (0 where both are NaN or equal, inf where only one is NaN)."""
    got, want = np.asarray(got, dtype=np.float64), np.asarray(want, dtype=np.float64)
    with np.errstate(divide="ignore", invalid="ignore"):
        error = np.abs(got - want) / np.abs(want)
    error[got == want] = 0.0
    error[np.isnan(got) & np.isnan(want)] = 0.0
    error[np.isnan(got) != np.isnan(want)] = np.inf
    return error


def test_activations_match_references(playground, no_errors):
    x = grid()
    cases = reference_cases()
    names = {name for name, *_ in cases}
    offered = set(playground.evaluate("() => Object.keys(activationPlayground.ACTIVATIONS)"))
    assert offered == names, f"the page offers {sorted(offered)}, the test checks {sorted(names)}"
    results = playground.evaluate(
        """([cases, xs]) => cases.map(([name, p]) => activationPlayground.evaluate(name, p, xs))""",
        [[[name, param] for name, param, *_ in cases], list(x)],
    )
    failures, report = [], []
    for (_name, _param, label, f, df), got in zip(cases, results, strict=True):
        with np.errstate(all="ignore"):
            want = {"f": np.asarray(f(x), dtype=np.float64), "df": np.asarray(df(x), dtype=np.float64)}
        for part in ("f", "df"):
            page = np.asarray(got[part], dtype=np.float64)
            error = relative_errors(page, want[part])
            nan_mismatch = np.isnan(page) != np.isnan(want[part])
            tiny = (np.abs(page) < TINY) & (np.abs(want[part]) < TINY)  # both subnormal or nearly: not compared
            allowed = RTOL * np.abs(want[part])
            terms = CANCELLING_TERMS.get((label, part))
            if terms is not None:
                allowed = np.maximum(allowed, 4 * EPS * terms(np.nan_to_num(x)))
            with np.errstate(invalid="ignore"):
                bad = nan_mismatch | ~tiny & (np.abs(page - want[part]) > allowed)
            worst = float(np.max(np.where(tiny | np.isnan(error), 0.0, error)))
            if terms is None:
                report.append(f"{label:>22} {part:>2}: max relative error {worst:.1e}")
            else:
                over = ~tiny & (error > RTOL)
                ulps = np.abs(page - want[part])[over] / (EPS * terms(x[over])) if over.any() else np.zeros(1)
                within = float(np.max(np.where(over | tiny | np.isnan(error), 0.0, error)))
                report.append(
                    f"{label:>22} {part:>2}: max relative error {within:.1e}, except at {int(over.sum())} points "
                    f"where the terms cancel: there within {ulps.max():.1f} ulp of the terms"
                )
            if bad.any():
                i = int(np.argmax(bad))
                failures.append(f"{label} {part} at x={x[i]!r}: page {got[part][i]!r}, reference {want[part][i]!r}")
    print("\n" + "\n".join(report))
    assert not failures, f"{len(failures)} disagreements:\n" + "\n".join(failures)


def test_relative_comparison_catches_a_last_digit_off(playground):
    """The comparison above is not vacuous: a value 1e-11 off, or NaN for a number, is caught."""
    want = np.array([1.0, -2.0, 3.0])
    assert relative_errors(want * (1 + 1e-11), want).max() > RTOL
    assert np.isinf(relative_errors([np.nan, -2.0, 3.0], want)).any()
    assert relative_errors(want, want).max() == 0


# ---------------------------------------------------------------------------
# (2) A fixed-seed run in the page against the same network in Python.


def page_run(page, settings, steps):
    return page.evaluate("([settings, steps]) => activationPlayground.simulate(settings, steps)", [settings, steps])


def python_run_04(run, steps):
    """The page's run replayed with assignment 4's own passes (ReLU, Leaky ReLU with 0.01, ELU with 1)."""
    ref = load_reference("04_dead_neurons")
    activation, lr = run["settings"]["act"], run["settings"]["lr"]
    X, y = np.array(run["X"]), np.array(run["y"], dtype=np.float64)
    params = [(np.array(layer["W"]), np.array(layer["b"])) for layer in run["initialWeights"]]
    history = {"loss": [], "dead": [], "noGradient": [], "gradNorm": []}
    for _ in range(steps + 1):
        logits, pre_activations, cache = ref.mlp_forward(params, X, activation)
        grads = ref.mlp_backward(params, cache, logits, y, activation)
        history["loss"].append(ref.binary_cross_entropy(logits, y))
        history["dead"].append([ref.dead_unit_fraction(z) for z in pre_activations])
        history["noGradient"].append(
            [ref.dead_unit_fraction(ref.activation_grad(activation, z)) for z in pre_activations]
        )
        history["gradNorm"].append([float(np.linalg.norm(dW)) for dW, _ in grads])
        params = [(W - lr * dW, b - lr * db) for (W, b), (dW, db) in zip(params, grads, strict=True)]
    return history


def python_run_02(run, steps):
    """The page's run replayed with assignment 2's dense layers (default parameters) or its PReLU passes."""
    fwd, bwd, ref04 = load_reference("01_forward"), load_reference("02_backward"), load_reference("04_dead_neurons")
    activation, lr = run["settings"]["act"], run["settings"]["lr"]
    X, y = np.array(run["X"]), np.array(run["y"], dtype=np.float64)
    layers = [
        [np.array(layer["W"]), np.array(layer["b"]), None if layer["alpha"] is None else np.array(layer["alpha"])]
        for layer in run["initialWeights"]
    ]
    history = {"loss": [], "dead": [], "noGradient": [], "gradNorm": []}
    for _ in range(steps + 1):
        a, caches, zs, slopes = X, [], [], []
        for W, b, alpha in layers[:-1]:
            if activation == "prelu":
                z = a @ W + b
                caches.append((a, W, z, alpha))
                a = fwd.prelu(z, alpha)
                slopes.append(bwd.prelu_backward(np.ones_like(z), z, alpha)[0])
            else:
                a, cache = bwd.dense_forward(a, W, b, activation)
                caches.append(cache)
                z = cache[2]
                slopes.append(bwd.activation_grad(activation, z))
            zs.append(z)
        logits2d, out_cache = bwd.dense_forward(a, layers[-1][0], layers[-1][1], "linear")
        logits = logits2d[:, 0]
        history["loss"].append(ref04.binary_cross_entropy(logits, y))
        history["dead"].append([ref04.dead_unit_fraction(z) for z in zs])
        history["noGradient"].append([float(np.mean(np.all(s == 0, axis=0))) for s in slopes])
        da, dW, db = bwd.dense_backward(((expit(logits) - y) / len(y))[:, None], out_cache)
        grads = [None] * len(layers)
        grads[-1] = (dW, db, None)
        for index in reversed(range(len(layers) - 1)):
            if activation == "prelu":
                a_prev, W, z, alpha = caches[index]
                dz, dalpha = bwd.prelu_backward(da, z, alpha)
                grads[index] = (a_prev.T @ dz, dz.sum(axis=0), dalpha)
                da = dz @ W.T
            else:
                da, dW, db = bwd.dense_backward(da, caches[index])
                grads[index] = (dW, db, None)
        history["gradNorm"].append([float(np.linalg.norm(g[0])) for g in grads])
        for layer, (dW, db, dalpha) in zip(layers, grads, strict=True):
            layer[0], layer[1] = layer[0] - lr * dW, layer[1] - lr * db
            if dalpha is not None:
                layer[2] = layer[2] - lr * dalpha
    return history


# (settings, steps, which Python replay): the chapters' cases first.
RUNS = [
    (
        {"data": "spirals", "act": "relu", "depth": 2, "width": 16, "init": "he", "lr": 0.5, "bias": 0, "seed": 3},
        200,
        python_run_04,
    ),
    (
        {"data": "spirals", "act": "relu", "depth": 2, "width": 16, "init": "he", "lr": 8, "bias": 0, "seed": 1},
        60,
        python_run_04,
    ),
    (
        {
            "data": "moons",
            "act": "elu",
            "p": 1,
            "depth": 2,
            "width": 16,
            "init": "he",
            "lr": 0.5,
            "bias": -3,
            "seed": 2,
        },
        100,
        python_run_04,
    ),
    (
        {
            "data": "xor",
            "act": "leaky_relu",
            "p": 0.01,
            "depth": 3,
            "width": 8,
            "init": "large",
            "lr": 0.002,
            "bias": 0,
            "seed": 4,
        },
        60,
        python_run_04,
    ),
    (
        {"data": "moons", "act": "sigmoid", "depth": 8, "width": 16, "init": "xavier", "lr": 0.5, "bias": 0, "seed": 1},
        60,
        python_run_02,
    ),
    (
        {"data": "circles", "act": "tanh", "depth": 3, "width": 8, "init": "xavier", "lr": 0.3, "bias": 0, "seed": 5},
        60,
        python_run_02,
    ),
    (
        {"data": "moons", "act": "selu", "depth": 4, "width": 8, "init": "lecun", "lr": 0.1, "bias": 0, "seed": 6},
        60,
        python_run_02,
    ),
    (
        {
            "data": "spirals",
            "act": "gelu",
            "p": "none",
            "depth": 2,
            "width": 8,
            "init": "he",
            "lr": 0.5,
            "bias": 0,
            "seed": 7,
        },
        60,
        python_run_02,
    ),
    (
        {"data": "xor", "act": "swish", "p": 1, "depth": 2, "width": 8, "init": "he", "lr": 0.5, "bias": 0, "seed": 8},
        60,
        python_run_02,
    ),
    (
        {"data": "circles", "act": "linear", "depth": 2, "width": 4, "init": "lecun", "lr": 0.3, "bias": 0, "seed": 9},
        30,
        python_run_02,
    ),
    (
        {
            "data": "spirals",
            "act": "prelu",
            "p": 0.25,
            "depth": 2,
            "width": 8,
            "init": "he",
            "lr": 0.5,
            "bias": -1,
            "seed": 10,
        },
        60,
        python_run_02,
    ),
]
LOSS_RTOL = 1e-9
NORM_RTOL = 1e-7


def compare_histories(page_history, python_history):
    """Problems, and the largest relative differences of the loss and of the gradient norms."""
    loss = relative_errors(page_history["loss"], python_history["loss"])
    norms = relative_errors(page_history["gradNorm"], python_history["gradNorm"])
    problems = []
    if loss.max() > LOSS_RTOL:
        problems.append(f"loss differs by {loss.max():.1e} relative at step {int(np.argmax(loss))}")
    if norms.max() > NORM_RTOL:
        problems.append(
            f"a gradient norm differs by {norms.max():.1e} relative at step {int(np.argmax(norms.max(axis=1)))}"
        )
    for key in ("dead", "noGradient"):
        pairs = zip(page_history[key], python_history[key], strict=True)
        differs = [step for step, (a, b) in enumerate(pairs) if a != b]
        if differs:
            problems.append(
                f"{key} differs from step {differs[0]}: page {page_history[key][differs[0]]}, "
                f"Python {python_history[key][differs[0]]}"
            )
    return problems, float(loss.max()), float(norms.max())


@pytest.mark.parametrize(
    "settings, steps, replay", RUNS, ids=[f"{s['act']}-{s['data']}-lr{s['lr']}-b{s['bias']}" for s, _, _ in RUNS]
)
def test_training_matches_python(playground, no_errors, settings, steps, replay):
    run = page_run(playground, settings, steps)
    assert run["settings"]["act"] == settings["act"] and len(run["history"]["loss"]) == steps + 1
    python = replay(run, steps)
    problems, loss_error, norm_error = compare_histories(run["history"], python)
    dead = run["history"]["dead"]
    print(
        f"\n{settings['act']} on {settings['data']}, {steps} steps: "
        f"loss {python['loss'][0]:.4f} -> {python['loss'][-1]:.4f}, "
        f"dead per layer {dead[0]} -> {dead[-1]}; largest relative difference page/Python: "
        f"loss {loss_error:.1e}, gradient norms {norm_error:.1e}"
    )
    assert not problems, "\n".join(problems)


def test_replays_see_a_difference(playground):
    """The comparison is not vacuous: another learning rate, or one unit's bias moved, is caught."""
    settings, steps, replay = RUNS[1]
    run = page_run(playground, settings, 20)
    other = json.loads(json.dumps(run))
    other["settings"]["lr"] = settings["lr"] * (1 + 1e-6)
    assert compare_histories(run["history"], replay(other, 20))[0]
    moved = json.loads(json.dumps(run))
    moved["initialWeights"][0]["b"][0] -= 1e-3
    assert compare_histories(run["history"], replay(moved, 20))[0]


def test_the_chapters_findings_show(playground):
    """The presets do what their sentences promise (a large learning rate kills ReLU units; deep sigmoid vanishes)."""
    presets = playground.evaluate("() => activationPlayground.PRESETS")
    large_lr = page_run(playground, presets["relu-large-lr"]["settings"], 100)["history"]
    assert min(large_lr["dead"][-1]) > 0.5 and large_lr["loss"][-1] > 0.6, large_lr["dead"][-1]
    small_lr = page_run(playground, {**presets["relu-large-lr"]["settings"], "lr": 0.5}, 100)["history"]
    assert max(small_lr["dead"][-1]) < 0.2, small_lr["dead"][-1]
    sigmoid = page_run(playground, presets["sigmoid-deep"]["settings"], 0)["history"]["gradNorm"][0]
    assert sigmoid[0] < 1e-4 * sigmoid[-2], sigmoid
    selu = page_run(playground, presets["selu-deep"]["settings"], 100)["history"]
    elu = page_run(playground, presets["elu-deep"]["settings"], 100)["history"]
    first = selu["gradNorm"][0]
    assert max(first[:-1]) < 10 * min(first[:-1]), first
    assert all(e < s / 2 for e, s in zip(elu["gradNorm"][0], first, strict=True)), (elu["gradNorm"][0], first)
    assert elu["loss"][100] > 2 * selu["loss"][100], (elu["loss"][100], selu["loss"][100])
    negative_bias = presets["relu-negative-bias"]["settings"]
    relu = page_run(playground, negative_bias, 300)["history"]
    elu_back = page_run(playground, {**negative_bias, "act": "elu", "p": 1}, 300)["history"]
    assert min(relu["dead"][0]) > 0.9 and min(relu["dead"][-1]) > 0.9, relu["dead"][-1]
    assert min(elu_back["dead"][-1]) < 0.5, elu_back["dead"][-1]


# ---------------------------------------------------------------------------
# (3) Speed.

BENCHMARK = {"data": "spirals", "act": "relu", "depth": 2, "width": 16, "init": "he", "lr": 0.5, "bias": 0, "seed": 1}
FLOOR = 30  # steps per second: the "smooth on a modest laptop"


def test_steps_per_second(book_url, playground, no_errors):
    bench = playground.evaluate("settings => activationPlayground.benchmark(settings, 1.0)", BENCHMARK)
    query = "?" + urllib.parse.urlencode(BENCHMARK)
    open_with(playground, book_url, query)
    playground.select_option("#pg-speed", "5")
    network = "() => activationPlayground.page.network().steps"
    before, start = playground.evaluate(network), time.perf_counter()
    playground.click("#pg-play")
    playground.wait_for_timeout(2000)
    playground.click("#pg-play")
    elapsed, after = time.perf_counter() - start, playground.evaluate(network)
    playing = (after - before) / elapsed
    print(
        f"\n2 x 16 units, 200 points: {bench['stepsPerSecond']:.0f} training steps/s in the page's loop "
        f"({bench['steps']} steps in {bench['seconds']:.2f} s); {playing:.0f} steps/s playing with every frame drawn "
        f"({after - before} steps in {elapsed:.2f} s, 5 steps a frame)"
    )
    assert bench["stepsPerSecond"] >= FLOOR and playing >= FLOOR


# ---------------------------------------------------------------------------
# (4) The page: URL, presets, keyboard, text equivalents, axe after a run.


def control_values(page):
    return page.evaluate("""() => Object.fromEntries(
        ['data', 'act', 'param', 'approx', 'depth', 'width', 'init', 'lr', 'bias', 'seed']
        .map(k => [k, document.getElementById('pg-' + k).value]))""")


def test_settings_round_trip_through_the_url(book_url, playground, no_errors):
    open_with(playground, book_url, "?data=xor&act=elu&p=2&depth=3&width=5&init=lecun&lr=0.25&bias=-1.5&seed=42")
    values = control_values(playground)
    assert {k: values[k] for k in ("data", "act", "param", "depth", "width", "init", "lr", "bias", "seed")} == {
        "data": "xor",
        "act": "elu",
        "param": "2",
        "depth": "3",
        "width": "5",
        "init": "lecun",
        "lr": "0.25",
        "bias": "-1.5",
        "seed": "42",
    }
    assert playground.locator("#pg-table tbody tr").count() == 4  # three hidden layers and the output
    # Changing a setting rewrites the URL; the same URL gives the same run.
    playground.select_option("#pg-act", "gelu")
    playground.select_option("#pg-approx", "tanh")
    assert playground.is_visible("#pg-approx") and not playground.is_visible("#pg-param")
    url = playground.url
    assert urllib.parse.parse_qs(urllib.parse.urlsplit(url).query)["p"] == ["tanh"]
    assert playground.get_attribute("#pg-link", "href") == "?" + urllib.parse.urlsplit(url).query
    for _ in range(3):
        playground.click("#pg-step")
    first = playground.evaluate("() => activationPlayground.page.network().history.loss")
    playground.goto(url, wait_until="load")
    playground.wait_for_selector("#playground[data-ready='true']", state="attached")
    assert control_values(playground)["approx"] == "tanh"
    for _ in range(3):
        playground.click("#pg-step")
    assert playground.evaluate("() => activationPlayground.page.network().history.loss") == first
    # Nonsense in the URL falls back to defaults and limits.
    open_with(playground, book_url, "?act=bogus&depth=99&lr=abc&seed=-5")
    values = control_values(playground)
    assert (values["act"], values["depth"], values["lr"], values["seed"]) == ("relu", "8", "0.5", "0")


def test_keyboard_presets_and_text(book_url, playground, no_errors):
    open_with(playground, book_url, "?act=elu")  # an activation with a parameter: its input is shown
    # Every control is reachable with Tab, in order, and each has a label.
    order = []
    playground.focus("#pg-preset-relu-large-lr")
    for _ in range(30):
        order.append(playground.evaluate("() => document.activeElement.id"))
        playground.keyboard.press("Tab")
    for control in (
        "pg-data",
        "pg-act",
        "pg-param",
        "pg-depth",
        "pg-width",
        "pg-init",
        "pg-lr",
        "pg-bias",
        "pg-seed",
        "pg-play",
        "pg-step",
        "pg-reset",
        "pg-speed",
        "pg-link",
    ):
        assert control in order, f"#{control} is not reached with Tab: {order}"
    unlabelled = playground.evaluate("""() => Array.from(
        document.querySelectorAll('#playground select, #playground input'))
        .filter(el => !el.labels || !el.labels.length || !el.labels[0].textContent.trim()).map(el => el.id)""")
    assert not unlabelled
    # A preset, then Step and Play with the keyboard; the table and the live summary follow.
    playground.focus("#pg-preset-relu-large-lr")
    playground.keyboard.press("Enter")
    assert "learning rate" in playground.text_content("#pg-preset-note")
    assert control_values(playground)["lr"] == "8"
    playground.focus("#pg-step")
    playground.keyboard.press("Enter")
    playground.keyboard.press("Space")
    assert playground.text_content("#pg-status").startswith("Step 2: loss")
    playground.focus("#pg-play")
    playground.keyboard.press("Enter")
    assert playground.get_attribute("#pg-play", "aria-pressed") == "true"
    playground.wait_for_timeout(300)
    playground.keyboard.press("Enter")
    steps = playground.evaluate("() => activationPlayground.page.network().steps")
    assert steps > 2 and playground.text_content("#pg-status").startswith(f"Step {steps}: loss")
    rows = playground.locator("#pg-table tbody tr")
    assert rows.count() == 3 and rows.nth(0).locator("td").nth(1).text_content().endswith("%")
    assert f"after {steps} steps" in playground.get_attribute("#pg-boundary", "aria-label")
    # The number inputs step with the arrow keys, and a change starts a new run.
    playground.focus("#pg-depth")
    playground.keyboard.press("ArrowUp")
    assert control_values(playground)["depth"] == "3"
    assert playground.evaluate("() => activationPlayground.page.network().steps") == 0
    playground.click("#pg-reset")


def test_unit_histogram_on_demand(book_url, playground, no_errors):
    """A unit's histogram: a dead ReLU unit has z <= 0 on all 200 points, a live one does not."""
    open_with(playground, book_url, "?act=relu&lr=0.5&bias=-0.5&width=8&depth=2&seed=3")
    for _ in range(20):
        playground.click("#pg-step")
    assert not playground.is_visible("#pg-hist")
    playground.click("#pg-unit summary")
    weights = playground.evaluate("() => activationPlayground.page.network().exportWeights()")
    X = np.array(playground.evaluate("() => activationPlayground.page.network().data().X"))
    z = np.maximum(X @ np.array(weights[0]["W"]) + np.array(weights[0]["b"]), 0) @ np.array(weights[1]["W"]) + np.array(
        weights[1]["b"]
    )
    dead = np.all(z <= 0, axis=0)
    assert dead.any() and not dead.all(), "this run was chosen to have dead and live units in layer 2"
    for unit in (int(np.argmax(dead)), int(np.argmin(dead))):
        playground.fill("#pg-unit-layer", "2")
        playground.fill("#pg-unit-index", str(unit + 1))
        playground.press("#pg-unit-index", "Enter")
        playground.locator("#pg-unit-index").blur()
        text = playground.text_content("#pg-hist-text")
        assert f"unit {unit + 1}:" in text and f"z ≤ 0 on {int(np.sum(z[:, unit] <= 0))} of 200 points" in text, text
        assert ("dead by the chapter's definition" in text) == bool(dead[unit]), text


def test_axe_after_a_run(book_url, playground, no_errors):
    """No serious or critical WCAG 2 A/AA violation once a run has played (GELU's form shown), in either mode."""
    require_axe()
    open_with(playground, book_url, "?act=gelu&p=sigmoid")
    for _ in range(5):
        playground.click("#pg-step")
    playground.click("#pg-preset-sigmoid-deep")
    playground.click("#pg-unit summary")
    playground.add_script_tag(path=str(AXE))
    found = {}
    try:
        for mode in MODES:
            playground.emulate_media(color_scheme=mode)
            playground.wait_for_function(THEME_IS, arg=mode, timeout=3_000)
            found[mode] = playground.evaluate(AXE_RUN, [AXE_TAGS, list(FAILING_IMPACTS)])
    finally:
        playground.emulate_media(color_scheme="light")
    assert not any(found.values()), json.dumps(found, indent=1)
