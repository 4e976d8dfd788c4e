"""Partial credit (grader.judging.credit): the split, values first, the all-or-nothing option, the pages state it."""

import re

import pytest

from grader import course
from grader.judging import credit
from tools.notebooks import ROOT, assignments


def test_a_cell_earns_the_weights_of_its_clean_categories():
    assert credit.points(3, set()) == 3
    assert credit.points(3, {credit.EDGE_CASES}) == 2.625
    assert credit.points(2, {credit.WARNINGS, credit.DTYPES_AND_SHAPES}) == 1.5
    assert credit.points(3, {credit.VALUES, credit.IN_PLACE}) == 0  # credit on top of right values only


def test_all_or_nothing_is_one_option_in_nbgrader_config(tmp_path, monkeypatch):
    (tmp_path / "nbgrader_config.py").write_text("c = get_config()\nc.PartialCredit.all_or_nothing = True\n")
    monkeypatch.setattr(course, "COURSE_ROOT", tmp_path)
    assert credit.points(3, {credit.EDGE_CASES}) == 0 and credit.points(3, set()) == 3
    assert "all or nothing" in credit.split()


@pytest.mark.parametrize("assignment", assignments())
def test_each_notebook_states_the_split(assignment):
    source = (ROOT / "solutions" / assignment / f"{assignment}.py").read_text()
    assert " ".join(source.replace("\n# ", " ").split()).count(credit.split()) == 1


@pytest.mark.parametrize("page", ["README.md", "book/concepts/exercises.md"])
def test_the_students_pages_state_the_split_credit_uses(page):
    """Each category is named with its weight (a page may explain a category in parentheses between the two)."""
    text = " ".join((ROOT / page).read_text().split())
    for category, eighths in credit.WEIGHTS.items():
        assert re.search(rf"{category}(?: \([^)]*\))? {eighths * 100 / 8:g}%", text), (page, category)
