"""How much the notebooks' visible checks catch: the share of the corpus's wrong answers that pass every one.

A wrong answer that passes every visible check loses points only at
grading: the student was told "visible checks passed" and still lost them.
The target is that only answers whose sole fault is a value on inputs the
notebook does not show get through; such a corpus entry says so with a
`hidden_only:` line (the reason) in its docstring.

The student copy's code cells run in order in one namespace, as in a
student's kernel (the released notebook has no hidden tests). The corpora
are trusted files of this project, so they run in this process.

    python -m tools.visible_coverage      # prints the share and the answers that got through
"""

import contextlib
import io
import pathlib
import sys

import matplotlib

from grader import course

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent.parent / "tests"))
import support  # noqa: E402  (the corpus and the submissions built from it live with the tests)

FIRST_THREE = ["01_forward", "02_backward", "03_softmax"]  # 04 and 05 rerun an experiment per entry


def visible_outcomes(notebook, also=()):
    """{grade id of each test cell (and of the cells named in `also`): its printed line, or the exception it raised}."""
    matplotlib.use("Agg")
    namespace = {"__name__": "__main__"}
    outcomes = {}
    for cell in notebook.cells:
        if cell.cell_type != "code":
            continue
        grade_id = course.nbgrader_metadata(cell).get("grade_id")
        with contextlib.redirect_stdout(io.StringIO()) as printed:
            try:
                exec(compile(cell.source, f"<{grade_id}>", "exec"), namespace)
                outcome = printed.getvalue().strip()
            except Exception as error:  # a failed check, or a wrong answer's own error
                outcome = error
        if course.is_test_cell(cell) or grade_id in also:
            outcomes[grade_id] = outcome
    return outcomes


def failed(outcomes):
    """{grade id: message} of the test cells that failed."""
    return {grade_id: str(outcome) for grade_id, outcome in outcomes.items() if isinstance(outcome, Exception)}


def entry_outcomes(entry):
    """The visible outcomes of the reference submission with one corpus entry applied."""
    return visible_outcomes(support.apply_corpus_file(support.filled_submission(entry.assignment), entry))


def silent_wrong_answers(assignments=FIRST_THREE):
    """(wrong corpus entries that pass every visible check, number of wrong entries)."""
    entries = support.corpus("wrong", assignments)
    return [entry for entry in entries if not failed(entry_outcomes(entry))], len(entries)


def main():
    silent, total = silent_wrong_answers()
    print(f"{len(silent)} of {total} wrong answers ({len(silent) / total:.0%}) pass every visible check")
    for entry in silent:
        reason = f"  [hidden only: {entry.hidden_only}]" if entry.hidden_only else ""
        print(f"  {entry.id}: {entry.summary}{reason}")


if __name__ == "__main__":
    main()
