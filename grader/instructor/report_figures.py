"""The class report's figures, drawn with matplotlib into standalone SVG files.

Text is drawn as paths (matplotlib's default `svg.fonttype`), so a figure
needs no font and makes no request; the hash salt and missing date make the
same data give the same bytes.
"""

import os

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402 (after choosing the backend)
import numpy as np  # noqa: E402

STYLE = {"svg.hashsalt": "class-report", "font.size": 10, "axes.spines.top": False, "axes.spines.right": False}
BAR = "#3b6ea8"
LOW = "#c0504d"


def histogram_edges(max_score: float) -> np.ndarray:
    """Bin edges centred on 0, step, 2 step... up to and including max_score: one bin per point, or per 1/20
    of the maximum for large maxima (full marks fall in the last bin, not past it)."""
    step = max(1.0, max_score / 20)
    bins = int(np.floor(max_score / step + 1e-9)) + 1
    return (np.arange(bins + 1) - 0.5) * step


def score_histogram(scores: list[float], max_score: float, path: str | os.PathLike[str]) -> None:
    """A histogram of the scores, one bar per point (or per 1/20 of the maximum for large maxima)."""
    with plt.rc_context(STYLE):
        figure, axes = plt.subplots(figsize=(6.4, 3.2))
        edges = histogram_edges(max_score)
        step = edges[1] - edges[0]
        axes.hist(scores, bins=edges, color=BAR, edgecolor="white")
        axes.set_xlabel(f"score (out of {max_score:g})")
        axes.set_ylabel("students")
        axes.set_xlim(-step, max_score + step)
        axes.yaxis.get_major_locator().set_params(integer=True)
        _save(figure, path)


def pass_rates(names: list[str], rates: list[float], path: str | os.PathLike[str]) -> None:
    """Horizontal bars: the fraction of graded students who passed each test cell, worst at the top."""
    with plt.rc_context(STYLE):
        figure, axes = plt.subplots(figsize=(6.4, 0.9 + 0.28 * len(names)))
        positions = np.arange(len(names))
        colours = [LOW if rate < 0.5 else BAR for rate in rates]
        axes.barh(positions, [100 * rate for rate in rates], color=colours)
        axes.set_yticks(positions, names)
        axes.invert_yaxis()
        axes.set_xlim(0, 100)
        axes.set_xlabel("students who passed (%)")
        _save(figure, path)


def _save(figure, path):
    figure.tight_layout()
    figure.savefig(path, format="svg", metadata={"Date": None})
    plt.close(figure)
