"""The printable cheat-sheet: `activation-cheatsheet.pdf`, two landscape A4 pages, built with the book.

For each of the twelve activations it shows the formula, the derivative, the
range, the value and slope at 0 (with the slope on the right where the
derivative jumps), whether it is zero-centred, monotone, smooth and
saturating, whether units can die, its main trap, when to use it and a small plot of f and f'.
The words (formulas, traps, advice) are written here once; every number and
every yes/no is computed, when the sheet is built, from the course's
reference implementations (`grader.reference.load_reference`) with the same
property checks as the book's comparison table (`bookkit.concepts`).

It is a Sphinx extension too: each HTML build writes the sheet next to its
output and publishes it at the site's root (`html_extra_path`), where the
home page and the choosing page link to it. By hand:

    python -m bookkit.cheatsheet OUT.pdf
"""

import dataclasses
import pathlib
import sys
import textwrap
from collections.abc import Callable

import numpy as np
from matplotlib.backends.backend_pdf import PdfPages
from matplotlib.figure import Figure
from matplotlib.lines import Line2D

from bookkit.activations import COLORS, default_of
from bookkit.concepts import (
    has_dead_region,
    is_flat,
    is_monotone,
    mean_under_standard_normal,
    range_text,
    saturating_sides,
    smoothness,
)

FILENAME = "activation-cheatsheet.pdf"
A4_LANDSCAPE = (11.69, 8.27)  # inches
ROWS_PER_PAGE = 6
PRELU_ALPHA = 0.25  # PReLU's usual initial slope, as in the book's comparison table


@dataclasses.dataclass(frozen=True)
class Activation:
    """The words of one row of the sheet, and how to get its f and f' from the references."""

    name: str
    formula: str  # matplotlib mathtext (no TeX needed); "%(name)g" fields are filled from `parameters`
    derivative: str
    trap: str
    use: str
    functions: Callable  # (fwd, bwd, sm) -> (f, f'), both elementwise on float arrays
    parameters: Callable = lambda fwd: {}  # fwd -> the numbers the formula shows


def _softmax_first(sm):
    """Softmax of the two scores (x, 0), first output, and its derivative in x: the sheet's 1-d view of softmax."""

    def pair(x):
        x = np.asarray(x, dtype=np.float64)
        return np.stack([x, np.zeros_like(x)], axis=-1)

    def first(x):
        return sm.softmax(pair(x))[..., 0]

    def slope(x):
        y = sm.softmax(pair(x))
        dout = np.zeros_like(y)
        dout[..., 0] = 1.0
        return sm.softmax_backward(dout, y)[..., 0]

    return first, slope


ACTIVATIONS = (
    Activation(
        "Step",
        r"$f(x) = 1$ if $x > 0$, else $0$",
        r"$f'(x) = 0$  (taken as $0$ at the jump too)",
        "step(NaN) is 0: NaN vanishes silently. A finite-difference check at the jump is meaningless.",
        "Perceptrons and history: its zero gradient means backpropagation cannot train it.",
        lambda fwd, bwd, sm: (fwd.step, bwd.step_grad),
    ),
    Activation(
        "Linear",
        r"$f(x) = x$",
        r"$f'(x) = 1$",
        "Return a new float array: `return x` lets the caller's in-place edits change the input.",
        "Output layer of a regression. Between layers it adds nothing: linear after linear is linear.",
        lambda fwd, bwd, sm: (fwd.linear, bwd.linear_grad),
    ),
    Activation(
        "Sigmoid",
        r"$\sigma(x) = \dfrac{1}{1 + e^{-x}}$",
        r"$\sigma'(x) = \sigma(x)\,(1 - \sigma(x))$",
        "1/(1 + exp(−x)) overflows for very negative x: only exponentiate −|x|.",
        "Output for a probability (binary or multi-label) and gates (LSTM, GRU); rarely in hidden layers.",
        lambda fwd, bwd, sm: (fwd.sigmoid, bwd.sigmoid_grad),
    ),
    Activation(
        "Tanh",
        r"$\tanh x = \dfrac{e^{x} - e^{-x}}{e^{x} + e^{-x}}$",
        r"$\tanh'(x) = 1 - \tanh^{2} x$",
        "The textbook formula gives inf/inf = NaN for large |x|: use np.tanh or exp(−2|x|).",
        "Hidden state of recurrent networks: zero-centred, but it saturates like the sigmoid.",
        lambda fwd, bwd, sm: (fwd.tanh, bwd.tanh_grad),
    ),
    Activation(
        "ReLU",
        r"$f(x) = \max(0, x)$",
        r"$f'(x) = 1$ if $x > 0$, else $0$",
        "np.where(x > 0, x, 0) turns NaN into 0 (np.maximum keeps it); x >= 0 gives the wrong f'(0).",
        "The default for hidden layers, with He initialisation; watch for units that die.",
        lambda fwd, bwd, sm: (fwd.relu, bwd.relu_grad),
    ),
    Activation(
        "Leaky ReLU",
        r"$f(x) = x$ if $x > 0$, else $\alpha x$   ($\alpha = %(alpha)g$)",
        r"$f'(x) = 1$ if $x > 0$, else $\alpha$",
        "np.maximum(x, αx) is wrong once α > 1; use x > 0 so that f'(0) = α.",
        "When ReLU units die: the small slope keeps a gradient flowing for x < 0.",
        lambda fwd, bwd, sm: (fwd.leaky_relu, bwd.leaky_relu_grad),
        lambda fwd: {"alpha": default_of(fwd.leaky_relu, "alpha")},
    ),
    Activation(
        "PReLU",
        r"as leaky ReLU, $\alpha$ learned   (here $\alpha = %(alpha)g$)",
        r"$f'(x) = 1$ or $\alpha$;  $\partial f / \partial \alpha = x$ for $x \leq 0$",
        "Keep x's dtype; dα must have α's shape: sum over the axes broadcasting added or stretched.",
        "Leaky ReLU with a learned slope (often one per channel), mostly in convolutional networks.",
        lambda fwd, bwd, sm: (
            lambda x: fwd.prelu(x, PRELU_ALPHA),
            lambda x: bwd.prelu_backward(np.ones_like(x), x, PRELU_ALPHA)[0],
        ),
        lambda fwd: {"alpha": PRELU_ALPHA},
    ),
    Activation(
        "ELU",
        r"$f(x) = x$ if $x > 0$, else $\alpha\,(e^{x} - 1)$   ($\alpha = %(alpha)g$)",
        r"$f'(x) = 1$ if $x > 0$, else $\alpha\,e^{x}$",
        "np.where evaluates exp(x) for large x as well: use expm1(minimum(x, 0)).",
        "A ReLU with negative outputs, which pull the mean activation towards 0.",
        lambda fwd, bwd, sm: (fwd.elu, bwd.elu_grad),
        lambda fwd: {"alpha": default_of(fwd.elu, "alpha")},
    ),
    Activation(
        "SELU",
        r"$f(x) = \lambda\,\mathrm{elu}(x, \alpha)$   ($\lambda = %(scale).4f$, $\alpha = %(alpha).4f$)",
        r"$f'(x) = \lambda$ if $x > 0$, else $\lambda\alpha\,e^{x}$",
        "Keep λ and α at full precision; exponentiate only minimum(x, 0).",
        "Self-normalising dense networks: LeCun-normal weights, alpha dropout, no batch norm.",
        lambda fwd, bwd, sm: (fwd.selu, bwd.selu_grad),
        lambda fwd: {"scale": fwd.SELU_SCALE, "alpha": fwd.SELU_ALPHA},
    ),
    Activation(
        "GELU",
        r"$f(x) = x\,\Phi(x)$   ($\Phi$: the normal CDF)",
        r"$f'(x) = \Phi(x) + x\,\varphi(x)$",
        "½(1 + erf(x/√2)) cancels for very negative x: use ½ erfc(−x/√2).",
        "Feed-forward blocks of BERT, GPT-2 and ViT; wherever a smooth ReLU is wanted.",
        lambda fwd, bwd, sm: (fwd.gelu, bwd.gelu_grad),
    ),
    Activation(
        "Swish / SiLU",
        r"$f(x) = x\,\sigma(\beta x)$   ($\beta = %(beta)g$: SiLU)",
        r"$f'(x) = \sigma(\beta x) + \beta x\,\sigma(\beta x)\,\sigma(-\beta x)$",
        "x/(1 + exp(−βx)) overflows: use a stable sigmoid. β = 0 must work: never divide by β.",
        "Deep convolutional networks (EfficientNet) and the MLPs of language models (SwiGLU).",
        lambda fwd, bwd, sm: (fwd.swish, bwd.swish_grad),
        lambda fwd: {"beta": default_of(fwd.swish, "beta")},
    ),
    Activation(
        "Softmax",
        r"$y_i = e^{x_i} \,/\, \sum_j e^{x_j}$   (shown: $y_1$ of scores $(x, 0)$)",
        r"$\partial y_i / \partial x_j = y_i\,(\delta_{ij} - y_j)$",
        "Subtract the maximum before exp; use log_softmax, never log(softmax(x)).",
        "Output layer for one class out of K, with cross-entropy on the logits; attention weights.",
        lambda fwd, bwd, sm: _softmax_first(sm),
    ),
)


def _number(value):
    """A number as the sheet prints it: 4 significant digits, a true minus sign."""
    return f"{value:.4g}".replace("-", "−")


def facts(f, grad):
    """The computed properties of an elementwise f with derivative grad: {label: text}, in the sheet's order."""
    mean = round(mean_under_standard_normal(f), 3) + 0.0  # + 0.0: a mean that rounds to -0 prints as 0
    slope_at_0 = float(grad(np.float64(0.0)))
    slope_right = float(grad(np.nextafter(0.0, 1.0)))
    slope = _number(slope_at_0)
    if not np.isclose(slope_at_0, slope_right):  # a kink or jump: say which side's slope the convention takes
        slope += f" (left branch; right {_number(slope_right)})"
    flat = is_flat(grad)
    if flat:
        dead = "no gradient anywhere"
    elif has_dead_region(grad):
        dead = "yes: f' = 0 for every x < 0"
    else:
        dead = "no"
    return {
        "range": range_text(f),
        "f(0), f'(0)": f"{_number(float(f(np.float64(0.0))))}, {slope}",
        "zero-centred": f"{'yes' if abs(mean) < 0.05 else 'no'} (mean {_number(mean)} on N(0, 1))",
        "monotone": "yes" if is_monotone(f) else "no",
        "smooth": smoothness(f),
        "saturates": "f' = 0 everywhere" if flat else saturating_sides(grad),
        "dead units": dead,
    }


def sheet_rows(fwd, bwd, sm):
    """[(Activation, its formulas filled in, its facts, f, f')] for the twelve activations, from the references."""
    rows = []
    for activation in ACTIVATIONS:
        f, grad = activation.functions(fwd, bwd, sm)
        numbers = activation.parameters(fwd)
        formulas = (activation.formula % numbers, activation.derivative % numbers)
        rows.append((activation, formulas, facts(f, grad), f, grad))
    return rows


def _plot(ax, f, grad):
    """f (solid) and f' (dashed) on [-4, 4], small, with vertical limits fitted to the curves (within [-2.5, 4.5])."""
    x = np.linspace(-4, 4, 401)
    values, slopes = f(x), grad(x)
    low = max(min(values.min(), slopes.min()) - 0.3, -2.5)
    high = min(max(values.max(), slopes.max()) + 0.3, 4.5)
    ax.axhline(0, color="0.6", linewidth=0.5)
    ax.axvline(0, color="0.6", linewidth=0.5)
    ax.plot(x, values, color=COLORS[0], linewidth=1.4)
    ax.plot(x, slopes, color=COLORS[1], linewidth=1.2, linestyle="--")
    ax.set_xlim(-4, 4)
    ax.set_ylim(low, high)
    ax.set_title("f (solid), f' (dashed)", fontsize=6, pad=2)
    ax.tick_params(labelsize=5, length=2, pad=1)
    ax.set_xticks([-4, -2, 0, 2, 4])


def _page(rows, page, pages):
    """One landscape page of the sheet: a header and one band per activation."""
    fig = Figure(figsize=A4_LANDSCAPE)
    fig.text(0.03, 0.965, "Activation functions: a cheat-sheet", fontsize=15, weight="bold", va="top")
    fig.text(0.97, 0.965, f"page {page} of {pages}", fontsize=8, ha="right", va="top", color="0.3")
    fig.text(
        0.03,
        0.925,
        "Every value, range and yes/no below was computed from the course's reference "
        "implementations when the book was built. Square bracket: the bound is reached; round: only approached.",
        fontsize=7.5,
        va="top",
        color="0.25",
    )
    top, bottom = 0.9, 0.03
    band = (top - bottom) / ROWS_PER_PAGE
    for i, (activation, (formula, derivative), found, f, grad) in enumerate(rows):
        y = top - i * band
        fig.add_artist(_rule(fig, y))
        fig.text(0.03, y - 0.012, activation.name, fontsize=11, weight="bold", va="top")
        fig.text(0.03, y - 0.042, formula, fontsize=8.5, va="top")
        fig.text(0.03, y - 0.085, derivative, fontsize=8.5, va="top")
        for k, (label, text) in enumerate(found.items()):
            fig.text(0.31, y - 0.012 - k * 0.019, f"{label}:", fontsize=7.5, va="top", color="0.3")
            fig.text(0.385, y - 0.012 - k * 0.019, text, fontsize=7.5, va="top")
        for k, (label, text) in enumerate((("trap", activation.trap), ("use", activation.use))):
            fig.text(0.56, y - 0.014 - k * 0.065, f"{label}:", fontsize=7.5, va="top", color="0.3", weight="bold")
            fig.text(
                0.595,
                y - 0.014 - k * 0.065,
                "\n".join(textwrap.wrap(text, 52)),
                fontsize=7.5,
                va="top",
                linespacing=1.35,
            )
        ax = fig.add_axes((0.855, y - band + 0.02, 0.12, band - 0.045))
        _plot(ax, f, grad)
    return fig


def _rule(fig, y):
    """A thin grey line across the page at height y (figure coordinates)."""
    return Line2D([0.03, 0.97], [y, y], transform=fig.transFigure, color="0.8", linewidth=0.6)


def write_pdf(path, fwd, bwd, sm):
    """Write the cheat-sheet of the given references to path (a PDF with no creation date, so builds compare)."""
    rows = sheet_rows(fwd, bwd, sm)
    chunks = [rows[i : i + ROWS_PER_PAGE] for i in range(0, len(rows), ROWS_PER_PAGE)]
    path = pathlib.Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    with PdfPages(path, metadata={"Title": "Activation functions: a cheat-sheet", "CreationDate": None}) as pdf:
        for page, chunk in enumerate(chunks, 1):
            pdf.savefig(_page(chunk, page, len(chunks)))


def build(path):
    """Write the cheat-sheet of the course's reference solutions to path."""
    from grader.reference import load_reference

    write_pdf(path, load_reference("01_forward"), load_reference("02_backward"), load_reference("03_softmax"))


# ---------------------------------------------------------------- Sphinx


def _publish(app, config):
    # Before Sphinx checks html_extra_path (config-inited, priority 800): the folder must exist by then.
    folder = pathlib.Path(app.outdir).parent / "cheatsheet"
    folder.mkdir(parents=True, exist_ok=True)
    config.html_extra_path = [*config.html_extra_path, str(folder)]
    app.cheatsheet_path = folder / FILENAME


def _build(app):
    if app.builder.format == "html":
        build(app.cheatsheet_path)


def setup(app):
    app.connect("config-inited", _publish, priority=400)
    app.connect("builder-inited", _build)
    return {"parallel_read_safe": True, "parallel_write_safe": True}


if __name__ == "__main__":
    if len(sys.argv) != 2 or not sys.argv[1].endswith(".pdf"):
        sys.exit("usage: python -m bookkit.cheatsheet OUT.pdf")
    build(sys.argv[1])
    print(sys.argv[1])
