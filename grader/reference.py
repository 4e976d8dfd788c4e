"""The reference implementations, loaded from the solution notebooks themselves.

A reference is written once, in the answer cells of `solutions/<a>/<a>.ipynb`.
`load_reference` runs that notebook's code cells except its test cells in a
fresh namespace, so the hidden suites, the book's figures and the tests all
use exactly the code the instructor wrote.
"""

import functools
import sys
import types

from grader import course


@functools.cache
def load_reference(assignment):
    """A module-like namespace with every name the solution notebook defines."""
    module = types.ModuleType(f"reference_{assignment}")
    for cell in course.source_notebook(assignment).cells:
        if cell.cell_type == "code" and not course.is_test_cell(cell):
            exec(compile(cell.source, f"<{assignment} reference>", "exec"), module.__dict__)
    pyplot = sys.modules.get("matplotlib.pyplot")
    if pyplot is not None:  # figures the notebook drew must not surface in a hidden-test cell's output
        pyplot.close("all")
    return module
