"""Mutation testing of the hidden suites: every single-edit mutant of a reference answer must lose points.

    python -m tools.mutation [ASSIGNMENT ...] [--sample N] [--seed S] [--jobs N] [--id MUTANT_ID ...] [--list]

Each mutant (tools/mutants.py) is the student notebook with the reference in
every answer cell except one, which holds the reference with one small edit.
It is graded by the real grader (in the sandbox, as a student's submission
is) and counts as killed when it loses any point, as timed out when it lost
them by running past its time limit. A mutant that keeps full marks survives;
a survivor must be listed in tests/mutation/equivalent.txt with the reason
it is correct under the exercise contract, and a listed mutant that is killed
is a stale entry. Both are reported, and make the exit status 1.

Scope: every answer cell of 01-03, and the cells of 04 and 05 whose
functions the suites check against the reference.
"""

import argparse
import ast
import collections
import concurrent.futures
import dataclasses
import difflib
import functools
import pathlib
import random
import sys
import tempfile
import time
import types

from tqdm import tqdm

from grader.pipeline.grade import grade_notebook
from tools.contract_oracle import first_difference
from tools.mutants import answer_cells, mutants
from tools.notebooks import ROOT

sys.path.insert(0, str(ROOT / "tests"))
import support  # noqa: E402  (the tests' submission builder)

EQUIVALENT = ROOT / "tests" / "mutation" / "equivalent.txt"
# None: every answer cell; otherwise the cells whose functions are checked against the reference.
SCOPE = {
    "01_forward": None,
    "02_backward": None,
    "03_softmax": None,
    "04_dead_neurons": ("dead_unit_fraction", "he_init"),
    "05_vanishing_gradients": ("forward_deep", "backward_gradient_norms"),
}
TIME_LIMIT_MESSAGE = "time limit"


@dataclasses.dataclass(frozen=True)
class Verdict:
    """How one mutant fared: status is killed, timed out, survived or error; lost names the test cells."""

    id: str
    status: str
    lost: tuple = ()
    detail: str = ""


def scoped_mutants(assignments):
    """The mutants of the given assignments that are in scope, in a fixed order."""
    selected = []
    for assignment in assignments:
        cells = SCOPE[assignment]
        selected += [m for m in mutants(assignment) if cells is None or m.cell in cells]
    return selected


def sample(all_mutants, size, seed):
    """A seeded random sample of `size` mutants (all of them when size is None or larger), in their order."""
    if size is None or size >= len(all_mutants):
        return list(all_mutants)
    chosen = set(random.Random(seed).sample(range(len(all_mutants)), size))
    return [mutant for index, mutant in enumerate(all_mutants) if index in chosen]


def read_equivalent(path=EQUIVALENT):
    """{mutant id: reason} from the list: one `ID  reason` a line; blank lines and # comments ignored."""
    listed = {}
    for number, line in enumerate(pathlib.Path(path).read_text().splitlines(), 1):
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        mutant_id, _, reason = line.partition(" ")
        if not reason.strip():
            raise ValueError(f"{path}:{number}: give a reason after the mutant id {mutant_id!r}")
        listed[mutant_id] = reason.strip()
    return listed


@functools.cache
def _filled(assignment):
    return support.filled_submission(assignment)


def submission(mutant):
    """The student notebook with the reference in every answer cell and the mutant in its own."""
    entry = types.SimpleNamespace(cells=(mutant.cell,), source=mutant.source)
    return support.apply_corpus_file(_filled(mutant.assignment), entry)


def grade(path):
    """The grader's report for one notebook (the one place a mutant is graded: swap for a faster path here)."""
    return grade_notebook(path)


def judge_mutant(mutant):
    """Grade one mutant in a scratch folder; its Verdict."""
    with tempfile.TemporaryDirectory(prefix="mutant-") as scratch:
        path = support.write(submission(mutant), pathlib.Path(scratch) / f"{mutant.assignment}.ipynb")
        try:
            report = grade(path)
        except Exception as error:  # the grader failed, not the mutant: reported, never counted as a kill
            return Verdict(mutant.id, "error", detail=f"{type(error).__name__}: {error}")
    lost = [test for test in report["tests"] if test["points"] < test["max_points"]]
    if not lost:
        found = first_difference(mutant)
        return Verdict(
            mutant.id,
            "survived",
            detail=f"wrong under the contract: {found}"
            if found
            else "no contract-visible difference found (a candidate for the equivalent list)",
        )
    timed_out = any(TIME_LIMIT_MESSAGE in test["message"] for test in lost)
    return Verdict(
        mutant.id,
        "timed out" if timed_out else "killed",
        tuple(test["name"] for test in lost),
        "; ".join(test["message"] for test in lost),
    )


def judge_all(selected, jobs, progress=True):
    """Verdicts of every mutant, graded `jobs` at a time in worker processes; in the mutants' order."""
    verdicts = {}
    bar = tqdm(total=len(selected), desc="grading mutants", unit="mutant", disable=not progress)
    with concurrent.futures.ProcessPoolExecutor(max_workers=jobs) as pool:
        futures = {pool.submit(judge_mutant, mutant): mutant.id for mutant in selected}
        for future in concurrent.futures.as_completed(futures):
            verdicts[futures[future]] = future.result()
            bar.update()
    bar.close()
    return [verdicts[mutant.id] for mutant in selected]


@dataclasses.dataclass
class Summary:
    """The counts of a run and the two kinds of problem it can find."""

    rows: dict
    killed: int
    total: int
    survived: int
    equivalent: int
    unlisted: list  # (mutant, verdict) of each survivor not listed as equivalent
    stale: list
    errors: list

    @property
    def ok(self):
        return not (self.unlisted or self.stale or self.errors)

    @property
    def line(self):
        percent = 100.0 * self.killed / self.total if self.total else 100.0
        return (
            f"mutants: {self.killed} killed / {self.total} ({percent:.1f}%), {self.survived} survived, "
            f"{self.equivalent} listed as equivalent"
        )


def summarise(selected, verdicts, listed):
    """Count per function; `total` leaves out the listed equivalents, `survived` counts the unlisted ones."""
    rows = collections.defaultdict(collections.Counter)
    unlisted, stale, errors = [], [], []
    killed = total = equivalent = 0
    for mutant, verdict in zip(selected, verdicts, strict=True):
        row = rows[f"{mutant.assignment}/{mutant.cell}"]
        if verdict.status == "error":
            errors.append(verdict)
            row["error"] += 1
            continue
        caught = verdict.status in ("killed", "timed out")
        if mutant.id in listed:
            equivalent += 1
            row["equivalent"] += 1
            if caught:
                stale.append(verdict)
            continue
        total += 1
        row[verdict.status] += 1
        if caught:
            killed += 1
        else:
            unlisted.append((mutant, verdict))
    return Summary(dict(rows), killed, total, len(unlisted), equivalent, unlisted, stale, errors)


def diff_line(mutant):
    """The edited line(s) of a mutant: `-` the reference, `+` the mutant (both unparsed)."""
    original = ast.unparse(ast.parse(dict(answer_cells(mutant.assignment))[mutant.cell])).splitlines()
    changed = mutant.source.splitlines()
    return "\n".join(
        line
        for line in difflib.unified_diff(original, changed, lineterm="", n=0)
        if line[:1] in "+-" and line[:3] not in ("+++", "---")
    )


def format_report(summary):
    """The per-function table, the problems found, and the summary line."""
    columns = ("killed", "timed out", "survived", "equivalent", "error")
    width = max([len(name) for name in summary.rows] + [8])
    lines = [f"{'function':<{width}}  " + "  ".join(f"{c:>10}" for c in columns)]
    for name, counts in summary.rows.items():
        lines.append(f"{name:<{width}}  " + "  ".join(f"{counts.get(c, 0):>10}" for c in columns))
    for mutant, verdict in summary.unlisted:
        lines.append(
            f"\nSURVIVED (kill it with a sharper hidden test, or list it in {EQUIVALENT.relative_to(ROOT)} "
            f"with a reason): {mutant.id}\n{diff_line(mutant)}\n  {verdict.detail}"
        )
    for verdict in summary.stale:
        lines.append(f"\nSTALE: {verdict.id} is listed as equivalent but was killed: {verdict.detail}")
    for verdict in summary.errors:
        lines.append(f"\nERROR grading {verdict.id}: {verdict.detail}")
    lines.append(summary.line)
    return "\n".join(lines)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("assignments", nargs="*", metavar="ASSIGNMENT", help="default: all in scope")
    parser.add_argument("--sample", type=int, default=None, help="grade a seeded random sample of N mutants")
    parser.add_argument("--seed", type=int, default=20261129)
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--list", action="store_true", help="print the mutant ids and stop")
    parser.add_argument(
        "--id",
        action="append",
        default=[],
        dest="ids",
        metavar="MUTANT_ID",
        help="grade only this mutant (repeatable), e.g. to recheck survivors after a fix",
    )
    args = parser.parse_args(argv)
    unknown = [name for name in args.assignments if name not in SCOPE]
    if unknown:
        parser.error(f"unknown assignment {unknown[0]!r}; choose from {', '.join(SCOPE)}")
    selected = scoped_mutants(args.assignments or list(SCOPE))
    if args.ids:
        missing = set(args.ids) - {mutant.id for mutant in selected}
        if missing:
            parser.error(f"no mutant {sorted(missing)[0]!r} (see --list)")
        selected = [mutant for mutant in selected if mutant.id in args.ids]
    selected = sample(selected, args.sample, args.seed)
    if args.list:
        print("\n".join(mutant.id for mutant in selected))
        return 0
    start = time.perf_counter()
    verdicts = judge_all(selected, args.jobs)
    summary = summarise(selected, verdicts, read_equivalent())
    print(format_report(summary))
    print(f"{len(selected)} mutants graded in {time.perf_counter() - start:.0f} s with --jobs {args.jobs}")
    return 0 if summary.ok else 1


if __name__ == "__main__":
    sys.exit(main())
