"""Mutation testing of the hidden suites (tools/mutation.py): a seeded sample in CI, all of them in `make mutation`.

A mutant is a reference answer with one small edit. Every mutant must lose
points unless tests/mutation/equivalent.txt lists it with the reason it is
correct under the contract; a listed mutant must keep full marks (else the
entry is stale). The samples are graded once, through the real grader, by a
module-scoped fixture shared by the two tests that use it.
"""

import numpy as np
import pytest

from tools import mutation
from tools.contract_oracle import Probe, difference, first_difference
from tools.mutants import Mutant, answer_cells, mutants

pytestmark = pytest.mark.slow  # end to end: sandboxes, processes, notebooks

SAMPLE_SIZE = 12  # unlisted mutants graded in CI (about 90 s for both samples on 2 busy cores)
LISTED_SAMPLE_SIZE = 4  # listed equivalents graded in CI; `make mutation` grades every one
SEED = 20261129
# 04 and 05 run their experiments in the sandbox at every grading (5 to 25 s a mutant): `make mutation` only.
CI_ASSIGNMENTS = ["01_forward", "02_backward", "03_softmax"]


@pytest.fixture(scope="module")
def listed():
    return mutation.read_equivalent()


@pytest.fixture(scope="module")
def graded(listed):
    """(mutant, verdict) for a seeded sample of the unlisted mutants and one of the listed ones."""
    everything = mutation.scoped_mutants(CI_ASSIGNMENTS)
    unlisted = [mutant for mutant in everything if mutant.id not in listed]
    equivalent = [mutant for mutant in everything if mutant.id in listed]
    selected = mutation.sample(unlisted, SAMPLE_SIZE, SEED) + mutation.sample(equivalent, LISTED_SAMPLE_SIZE, SEED)
    return list(zip(selected, mutation.judge_all(selected, jobs=2, progress=False), strict=True))


def test_sampled_mutants_are_killed(graded, listed):
    """Each sampled mutant that is not listed as equivalent loses points."""
    survivors = [
        f"{mutant.id}\n{mutation.diff_line(mutant)}\n  {verdict.detail}"
        for mutant, verdict in graded
        if mutant.id not in listed and verdict.status not in ("killed", "timed out")
    ]
    assert not survivors, "survived (kill with a sharper hidden test, or list as equivalent):\n" + "\n".join(survivors)


def test_listed_equivalents_survive(graded, listed):
    """A mutant listed as equivalent keeps full marks: a killed one is a stale entry."""
    stale = [
        f"{verdict.id}: {verdict.status} {verdict.detail}"
        for mutant, verdict in graded
        if mutant.id in listed and verdict.status != "survived"
    ]
    assert not stale, "listed as equivalent but not surviving (remove the entry):\n" + "\n".join(stale)


def test_equivalent_list_names_existing_mutants(listed):
    """Every listed id is a mutant of today's reference (an edited reference makes old ids stale)."""
    ids = {mutant.id for mutant in mutation.scoped_mutants(list(mutation.SCOPE))}
    assert listed, "tests/mutation/equivalent.txt lists no mutant"
    assert not set(listed) - ids, f"no such mutant any more: {sorted(set(listed) - ids)}"


def test_mutants_cover_every_edit_class():
    """Operators, comparisons, constants, NumPy swaps, axis/keepdims, defaults, unary minus and np.where."""
    edits = {mutant.edit.split(":")[0].split("->")[0] for a in ("01_forward", "03_softmax") for mutant in mutants(a)}
    for kind in ("Add", "Gt", "constant", "call", "axis", "drop-keyword", "default", "drop-USub", "where"):
        assert kind in edits, f"no mutant of kind {kind!r}"


def test_mutant_generation_is_deterministic_and_single_edit():
    """The same ids in the same order twice; each mutant differs from the reference in its cell only."""
    first, second = mutants("03_softmax"), mutants("03_softmax")
    assert [m.id for m in first] == [m.id for m in second]
    assert len({m.id for m in first}) == len(first)
    cells = dict(answer_cells("03_softmax"))
    assert all(m.source != cells[m.cell] and "def " + m.cell in m.source for m in first)


def test_oracle_finds_no_difference_in_the_reference_itself():
    """The reference compared with itself: the evidence never calls a correct answer wrong."""
    for assignment in ("01_forward", "03_softmax"):
        for cell, source in answer_cells(assignment):
            assert first_difference(Mutant(assignment, cell, "none", 0, 0, source)) is None, cell


def test_oracle_sees_a_wrong_default_and_an_in_place_change():
    """A default axis of 0 differs on a 2-d default call; an in-place change is reported as such."""
    wrong_axis = next(m for m in mutants("03_softmax") if m.id.startswith("03_softmax/softmax/default:axis=-1->0"))
    assert "default axis" in first_difference(wrong_axis)

    def in_place(x):
        x *= 2
        return x

    found = difference(lambda x: 2 * x, in_place, Probe("typical", "double", (np.ones(3),), {}))
    assert found and "modifies its input" in found
