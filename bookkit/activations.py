"""Figures and build-time numbers for the activation-function pages of the book.

Every curve and every number is computed from the course's reference
implementations (`grader.reference.load_reference`), never from a second
copy of a formula: the pages pass the reference functions in, and this module
only samples, plots and measures them.
"""

import inspect

import matplotlib.pyplot as plt
import numpy as np
from myst_nb import glue
from scipy.optimize import minimize_scalar

#: The colours of the curves, in order (matplotlib's "tab10"), shared with `bookkit.sliders`.
COLORS = ("#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b")

#: The matplotlib settings of every figure of the activation pages.
STYLE = {
    "figure.figsize": (8, 3),
    "figure.dpi": 110,
    "axes.grid": True,
    "grid.alpha": 0.3,
    "axes.spines.top": False,
    "axes.spines.right": False,
    "axes.titlesize": 11,
    "axes.labelsize": 10,
    "legend.fontsize": 9,
    "legend.frameon": False,
    "lines.linewidth": 2.0,
}


def _split_at(x, at):
    """Return the pieces of the sorted grid x on either side of `at`, with `at` closing the left piece."""
    left = np.append(x[x < at], at)
    right = np.insert(x[x > at], 0, np.nextafter(at, np.inf))
    return left, right


def _draw(ax, x, func, label, color, style, jumps):
    """Draw func on ax over x, breaking the line at each jump point where func is discontinuous."""
    pieces = [x]
    for at in jumps:
        pieces = [p for piece in pieces for p in (_split_at(piece, at) if piece[0] < at < piece[-1] else (piece,))]
    for i, piece in enumerate(pieces):
        ax.plot(piece, func(piece), color=color, linestyle=style, label=label if i == 0 else None)
    for at in jumps:
        value = float(func(np.float64(at)))
        left = float(func(np.float64(at) - 1e-9))
        right = float(func(np.nextafter(np.float64(at), np.inf)))
        if abs(right - value) > 1e-6 or abs(left - value) > 1e-6:
            # A jump: the filled dot is the value the reference returns at the point itself.
            for limit in (left, right):
                if abs(limit - value) > 1e-6:
                    ax.plot([at], [limit], "o", color=color, markerfacecolor="white", markersize=6, zorder=3)
            ax.plot([at], [value], "o", color=color, markersize=6, zorder=4)


def plot_function_and_derivative(curves, x=None, *, name="f", jumps=(), ylim=None, dylim=None, legend="upper left"):
    """Return a (8, 3) figure: the function(s) on the left, their derivative(s) on the right.

    curves is a list of (label, function, derivative) triples of elementwise
    reference functions (a derivative may be None to leave it out); x is the
    grid (default 801 points on [-4, 4]); jumps lists the points where a
    curve may be discontinuous (its line is broken there, a filled dot marks
    the value the reference returns at the point and an open dot the one-sided
    limit). Dashed lines are used from the fourth curve on. legend is where
    the legend of several curves goes: a location inside the left panel, or
    "below" (under both panels, where it hides no curve).
    """
    x = np.linspace(-4, 4, 801) if x is None else np.asarray(x, dtype=np.float64)
    with plt.rc_context(STYLE):
        fig, (ax_f, ax_d) = plt.subplots(1, 2, layout="constrained")
        for i, (label, func, grad) in enumerate(curves):
            color = COLORS[i % len(COLORS)]
            style = "-" if i < 3 else "--"
            _draw(ax_f, x, func, label, color, style, jumps)
            if grad is not None:
                _draw(ax_d, x, grad, label, color, style, jumps)
        for ax, title in ((ax_f, f"${name}(x)$"), (ax_d, f"${name}'(x)$")):
            ax.axhline(0, color="0.4", linewidth=0.8)
            ax.axvline(0, color="0.4", linewidth=0.8)
            ax.set_title(title)
            ax.set_xlabel("$x$")
            ax.set_xlim(x[0], x[-1])
        if ylim is not None:
            ax_f.set_ylim(*ylim)
        if dylim is not None:
            ax_d.set_ylim(*dylim)
        if len(curves) > 1 and legend == "below":
            fig.legend(*ax_f.get_legend_handles_labels(), loc="outside lower center", ncol=len(curves))
        elif len(curves) > 1:
            ax_f.legend(loc=legend)
    return fig


def plot_family(
    func, grad, values, *, parameter, name="f", x=None, jumps=(), ylim=None, dylim=None, legend="upper left"
):
    """Return the figure of `plot_function_and_derivative` for one curve per parameter value.

    func(x, value) and grad(x, value) are the reference forward and derivative
    with the parameter passed positionally; the legend reads
    "parameter = value".
    """
    curves = [
        (f"{parameter} = {value:g}", lambda t, v=value: func(t, v), lambda t, v=value: grad(t, v)) for value in values
    ]
    return plot_function_and_derivative(curves, x, name=name, jumps=jumps, ylim=ylim, dylim=dylim, legend=legend)


def glue_number(name, value):
    """Glue value as a Python float (NumPy 2 scalars would reach the page as "np.float64(...)"); return it."""
    value = float(value)
    glue(name, value, display=False)
    return value


def default_of(func, parameter):
    """Return the default value of `parameter` in the signature of func."""
    return inspect.signature(func).parameters[parameter].default


def scalar(func):
    """Return func as a function of one Python float giving a Python float (for SciPy's optimisers)."""
    return lambda t: float(func(np.float64(t)))


def minimum(func, bounds):
    """Return (x, func(x)) at the minimum of the scalar function func inside bounds, to about 1e-10."""
    result = minimize_scalar(scalar(func), bounds=bounds, method="bounded", options={"xatol": 1e-10})
    return float(result.x), float(result.fun)


def maximum(func, bounds):
    """Return (x, func(x)) at the maximum of the scalar function func inside bounds, to about 1e-10."""
    where, value = minimum(lambda t: -func(t), bounds)
    return where, -value


def exp_overflow_threshold(dtype=np.float64):
    """Return the largest x (a Python float) for which exp(x) is finite in dtype: log of its largest value."""
    return float(np.log(np.finfo(dtype).max).astype(np.float64))


def first_exactly(func, target, start=0.0, stop=100.0, dtype=np.float64):
    """Return the smallest x >= start (in dtype) at which func(x) rounds to exactly target, found by bisection.

    Assumes func is monotone on [start, stop] and reaches target by stop.
    """
    lo, hi = dtype(start), dtype(stop)
    if not func(hi) == target:
        raise ValueError(f"func does not reach {target} by {stop}")
    while True:
        mid = dtype((lo + hi) / 2)
        if mid in (lo, hi):
            return float(hi)
        if func(mid) == target:
            hi = mid
        else:
            lo = mid


def max_abs_difference(f, g, x):
    """Return (max |f - g| over the grid x, the x where it is reached) as Python floats."""
    diff = np.abs(f(x) - g(x))
    i = int(np.argmax(diff))
    return float(diff[i]), float(x[i])
