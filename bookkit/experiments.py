"""Helpers for the chapters that show the experiment notebooks' results (dead neurons, vanishing gradients).

The experiments themselves are the reference solutions' own code and results
(`grader.reference.load_reference`); this module only loads them without
letting the notebook's own figures leak onto the page, and formats numbers.
"""

import math

import matplotlib.pyplot as plt

from grader.reference import load_reference


def load_experiment(assignment):
    """The reference namespace of an experiment notebook, its own figures closed so they do not show."""
    reference = load_reference(assignment)
    plt.close("all")
    return reference


def orders_of_magnitude(ratio):
    """How many powers of ten `ratio` (< 1) is below 1, as a float (e.g. 1e-12 -> 12.0)."""
    return -math.log10(ratio)
