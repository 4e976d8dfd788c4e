"""Helpers for the concept chapters: figures, timings, numerical property checks and tables.

Nothing here defines an activation: every function that is plotted, timed or
checked is passed in by the page, which loads it from the reference solutions
(`grader.reference.load_reference`).
"""

import statistics
import timeit

import matplotlib.pyplot as plt
import matplotlib.ticker
import numpy as np
from IPython.display import Markdown

# ---------------------------------------------------------------- tables


def markdown_table(header, rows, align=None):
    """A Markdown table (rendered by myst-nb) from a header list and a list of row lists.

    `align` is a string of "l", "c" or "r", one letter per column (default: all left).
    """
    align = align or "l" * len(header)
    rule = {"l": ":--", "c": ":-:", "r": "--:"}
    lines = [
        "| " + " | ".join(str(h) for h in header) + " |",
        "|" + "|".join(rule[a] for a in align) + "|",
    ]
    lines += ["| " + " | ".join(str(cell) for cell in row) + " |" for row in rows]
    return Markdown("\n".join(lines))


# ---------------------------------------------------------------- why non-linearity


def plot_decision_boundary(predict, points, labels, threshold=0.5, extent=(-0.5, 1.5), ax=None):
    """Shade where predict(grid) > threshold, draw that boundary and the labelled points; returns the axes.

    `predict` maps an (N, 2) array to N scores; `points` is (M, 2), `labels` (M,) of 0 and 1.
    """
    if ax is None:
        _, ax = plt.subplots(figsize=(4.8, 4.2))
    grid = np.linspace(*extent, 301)
    g1, g2 = np.meshgrid(grid, grid)
    scores = predict(np.column_stack([g1.ravel(), g2.ravel()])).reshape(g1.shape)
    ax.contourf(g1, g2, scores > threshold, levels=[-0.5, 0.5, 1.5], colors=["#e8eef7", "#fbe3d6"])
    ax.contour(g1, g2, scores, levels=[threshold], colors="black", linewidths=1.5)
    for label, marker, colour in [(0, "o", "#1f4e9c"), (1, "s", "#c2410c")]:
        chosen = points[labels == label]
        ax.scatter(
            chosen[:, 0],
            chosen[:, 1],
            marker=marker,
            s=90,
            color=colour,
            edgecolor="black",
            zorder=3,
            label=f"class {label}",
        )
    ax.set_xlabel("$x_1$")
    ax.set_ylabel("$x_2$")
    ax.set_aspect("equal")
    ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.15), ncol=2, frameon=False)
    return ax


# ---------------------------------------------------------------- cost


def median_seconds(calls, rounds=9, run_seconds=0.02):
    """{name: median time of one call of calls[name]() in seconds}, for a dict of zero-argument callables.

    The calls are timed in interleaved rounds (every call once per round), so
    that a burst of load from the rest of the machine slows all of them alike
    rather than a few. In each round a call is repeated for about `run_seconds`
    (at least once), so fast functions are not timed at the resolution of the clock.
    """
    number = {}
    for name, call in calls.items():
        first = timeit.timeit(call, number=1)  # also a warm-up: first-call allocations are not the cost
        number[name] = int(min(50, max(1, run_seconds / max(first, 1e-9))))
    samples = {name: [] for name in calls}
    for _ in range(rounds):
        for name, call in calls.items():
            samples[name].append(timeit.timeit(call, number=number[name]) / number[name])
    return {name: statistics.median(times) for name, times in samples.items()}


def plot_relative_cost(names, forward, backward, ax=None):
    """Horizontal bars of forward and backward cost relative to ReLU (1 = as fast as ReLU); returns the axes."""
    if ax is None:
        _, ax = plt.subplots(figsize=(7, 0.42 * len(names) + 1.2))
    rows = np.arange(len(names))
    ax.barh(rows - 0.2, forward, 0.4, color="#1f4e9c", label="forward")
    ax.barh(rows + 0.2, backward, 0.4, color="#c2410c", label="backward")
    ax.axvline(1.0, color="black", linewidth=1, linestyle="--")
    ax.set_yticks(rows, names)
    ax.invert_yaxis()
    ax.set_xscale("log")
    ax.xaxis.set_major_formatter(matplotlib.ticker.FuncFormatter(lambda value, _: f"{value:g}×"))
    ax.set_xlabel("time relative to ReLU (log scale; dashed line = ReLU)")
    ax.legend(frameon=False, loc="lower center", bbox_to_anchor=(0.5, 1.0), ncol=2)
    return ax


# ---------------------------------------------------------------- choosing: properties checked numerically


def value_range(f, wide=1e4):
    """(lowest, highest, lowest_attained, highest_attained) of an elementwise f over the real line, estimated
    numerically.

    The extremes are looked for on a fine grid over [-60, 60] and at +-`wide`: a
    bound that keeps growing far out is reported as -inf / +inf. A finite bound
    counts as attained only if f reaches it (to 1e-12) somewhere in [-10, 10]:
    sigmoid rounds to exactly 1.0 for large x, but never equals 1.
    """
    grid = np.linspace(-60, 60, 400_001)
    values = f(grid)
    near = values[np.abs(grid) <= 10]
    far = f(np.array([-wide, wide]))
    bounds = []
    for extreme, sign in [(np.min, -1), (np.max, 1)]:
        best = float(extreme(values))
        if sign * (extreme(far) - best) > 1.0:  # still growing far out: unbounded
            bounds.append((sign * np.inf, False))
        else:
            attained = bool(np.any(np.abs(near - best) <= 1e-12 * max(1.0, abs(best))))
            bounds.append((best, attained))
    (low, low_attained), (high, high_attained) = bounds
    return low, high, low_attained, high_attained


def format_range(low, high, low_attained, high_attained, digits=3):
    """An interval as plain text, e.g. '[−0.17, ∞)' or '(0, 1)': brackets for attained bounds."""

    def number(v):
        if np.isinf(v):
            return "∞" if v > 0 else "−∞"
        text = f"{v:.{digits}f}".rstrip("0").rstrip(".")
        return text.replace("-", "−")

    left = "[" if low_attained and np.isfinite(low) else "("
    right = "]" if high_attained and np.isfinite(high) else ")"
    return f"{left}{number(low)}, {number(high)}{right}"


def range_text(f):
    """The values of an elementwise f as text: a set such as '{0, 1}' if it takes at most three, else its range."""
    taken = np.unique(f(np.linspace(-10, 10, 2001)))
    if len(taken) <= 3:
        return "{" + ", ".join(f"{v:.4g}".replace("-", "−") for v in taken) + "}"
    return format_range(*value_range(f))


def is_flat(grad):
    """True if the derivative is exactly 0 at every point of a grid over [-5, 5] (f is piecewise constant)."""
    return bool(np.all(grad(np.linspace(-5, 5, 11)) == 0))


def smoothness(f, h=1e-4):
    """'jump', 'kink', 'C¹ only' or 'smooth': how f behaves at 0, from one-sided finite differences."""
    f0 = float(f(np.array(0.0)))
    left, right = float(f(np.array(-1e-12))), float(f(np.array(1e-12)))
    if abs(right - left) > 1e-6:
        return "no: jumps at 0"
    fm, fmm = float(f(np.array(-h))), float(f(np.array(-2 * h)))
    fp, fpp = float(f(np.array(h))), float(f(np.array(2 * h)))
    if abs((fp - f0) / h - (f0 - fm) / h) > 1e-2:
        return "no: kink at 0"
    if abs((fpp - 2 * fp + f0) / h**2 - (f0 - 2 * fm + fmm) / h**2) > 1e-2:
        return "C¹ only"
    return "yes"


def is_monotone(f):
    """True if f never decreases on a fine grid over [-20, 20]."""
    values = f(np.linspace(-20, 20, 200_001))
    return bool(np.all(np.diff(values) >= 0))


def mean_under_standard_normal(f):
    """E[f(z)] for z ~ N(0, 1), by the trapezoid rule on [-12, 12]."""
    z = np.linspace(-12, 12, 240_001)
    density = np.exp(-0.5 * z * z) / np.sqrt(2 * np.pi)
    return float(np.trapezoid(f(z) * density, z))


def saturating_sides(grad, far=30.0, tol=1e-6):
    """Where the derivative vanishes far from 0: 'both sides', 'x → −∞', 'x → +∞' or 'no'."""
    left, right = np.abs(grad(np.array([-far, far])))
    sides = {(True, True): "both sides", (True, False): "x → −∞", (False, True): "x → +∞", (False, False): "no"}
    return sides[(bool(left < tol), bool(right < tol))]


def has_dead_region(grad):
    """True if the derivative is exactly 0 on the whole negative half-line (checked at a few points)."""
    return bool(np.all(grad(np.array([-1e-3, -0.5, -1.0, -5.0, -50.0])) == 0))
