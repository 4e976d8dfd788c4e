"""Partial credit: what share of a test cell's points each category of check is worth.

A failed check names its category (`Failure.category`); the judge gives a
cell its points times the sum of the weights of the categories in which
nothing failed. Credit is earned on top of right values, never instead of
them: a cell whose values on ordinary inputs are wrong (any failure without
a narrower category, or a function that raised on its first test) earns 0,
so that zeros of the right shape and dtype score no more than a blank cell.

The course chooses all-or-nothing instead by setting, in its
`nbgrader_config.py`, `c.PartialCredit.all_or_nothing = True`: both graders
(`python -m grader` and the hidden tests under stock nbgrader) read it there
(grader.course.all_or_nothing).
"""

from grader.course import all_or_nothing

VALUES, DTYPES_AND_SHAPES, EDGE_CASES, WARNINGS, IN_PLACE = (
    "values",
    "dtypes and shapes",
    "edge cases",
    "warnings",
    "in place",
)
# Each category and its share of a cell's points, in eighths: a score is then exact in binary floating point,
# so that sums agree wherever they are made (nbgrader's gradebook sums in SQL).
WEIGHTS = {VALUES: 4, DTYPES_AND_SHAPES: 1, EDGE_CASES: 1, WARNINGS: 1, IN_PLACE: 1}


def split() -> str:
    """The split as students read it: "values 50%, dtypes and shapes 12.5%, ...", or all-or-nothing."""
    if all_or_nothing():
        return "all or nothing: a cell earns its points only if every check passes"
    return ", ".join(f"{category} {weight * 100 / 8:g}%" for category, weight in WEIGHTS.items())


def points(max_points: float, failed: set[str]) -> float:
    """The points a cell earns whose checks failed in the categories `failed` (a set)."""
    if not failed:
        return float(max_points)
    if VALUES in failed or all_or_nothing():
        return 0.0
    earned = sum(weight for category, weight in WEIGHTS.items() if category not in failed)
    return max_points * earned / 8
