"""The start-up probe: a known-good answer run through the very sandbox the students get.

Before anyone is graded (and again whenever a submission's run looks like
the environment failed it), the grader starts a sandbox built exactly like
a student's, imports there every module the assignment's reference imports,
and calls a known function on a known array. If that fails, the fault is
the grader's or its environment's, never a student's: `check_environment`
raises EnvironmentFault with a message that says what failed and how to
fix it, and the caller grades nobody (exit status 3).
"""

import ast
import functools

import numpy as np

from grader import course
from grader.sandbox import harness, replies
from grader.sandbox.channel import SandboxDied
from grader.sandbox.launcher import Zygote, interpreter, open_sandbox, require_isolation
from grader.sandbox.limits import EnvironmentFault

PROBE_SOURCE = """
import importlib

def missing_modules(names):
    missing = []
    for name in names:
        try:
            importlib.import_module(name)
        except Exception as error:
            missing.append(f"{name} ({type(error).__name__}: {error})")
    return missing

def probe(x):
    import numpy as np
    return np.where(x > 0, 1.0, 0.0)
"""
PROBE_INPUT = np.array([-1e4, -1.0, 0.0, 2.0, 1e4])
PROBE_OUTPUT = np.array([0.0, 0.0, 0.0, 1.0, 1.0])
PROBE_SECONDS = 60.0
FIX = (
    "check that this Python environment has the course's requirements (pip install -r requirements.txt) "
    "and run `python -m grader doctor` for details"
)


@functools.cache
def modules_used(assignment):
    """The top-level modules the reference answers of `assignment` import (numpy, scipy.special, ...)."""
    names = []
    for cell in course.source_notebook(assignment).cells:
        if cell.cell_type != "code" or course.is_test_cell(cell):
            continue
        try:
            tree = ast.parse(cell.source)
        except SyntaxError:
            continue
        for node in tree.body:
            if isinstance(node, ast.Import):
                names += [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
                names.append(node.module)
    return tuple(dict.fromkeys(names))


def preload(assignments):
    """What a zygote imports once for these assignments: NumPy and the modules their references import."""
    return tuple(dict.fromkeys(["numpy", *(name for a in assignments for name in modules_used(a))]))


def check_environment(assignments, limits, zygote=None):
    """Raise EnvironmentFault unless a known-good answer runs in a student's sandbox for these assignments.

    With a `zygote`, the probe runs in a fresh process of it (as a student's
    would); without one, in a sandbox of its own.
    """
    require_isolation(limits)
    modules = preload(assignments)
    sandbox = None
    try:
        # EnvironmentFault, quoting bubblewrap or Python, if the sandbox cannot start
        sandbox = zygote.spawn() if zygote is not None else open_sandbox(limits)
        defined = sandbox.request({"op": "exec", "source": PROBE_SOURCE, "timeout": PROBE_SECONDS}, PROBE_SECONDS + 5)
        if defined.get("error"):
            raise EnvironmentFault(f"the probe's code raised {defined['error']} in the sandbox; {FIX}")
        missing = call(sandbox, "missing_modules", modules)
        if missing:
            raise EnvironmentFault(f"the sandbox's Python ({interpreter()}) cannot import {'; '.join(missing)}; {FIX}")
        got = call(sandbox, "probe", PROBE_INPUT)
        if not isinstance(got, np.ndarray) or not np.array_equal(got, PROBE_OUTPUT):
            raise EnvironmentFault(f"a known-good function returned a wrong result in the sandbox; {FIX}")
    except SandboxDied as died:
        raise EnvironmentFault(f"the sandbox running {interpreter()} died during the probe ({died}); {FIX}") from None
    finally:
        if sandbox is not None:
            sandbox.close()


def warm_sandbox(assignment, limits):
    """A worker's warm sandbox for `assignment`, probed once: (zygote, None), or (zygote or None, the probe's fault).

    Batch workers, cluster workers and the warm grader all start theirs here;
    a worker whose probe failed grades nobody (each of its submissions is
    "not graded: environment", or it takes none).
    """
    zygote = None
    try:
        zygote = Zygote(limits, preload([assignment]))
        check_environment([assignment], limits, zygote)
    except EnvironmentFault as fault:
        return zygote, fault
    return zygote, None


def call(sandbox, name, argument):
    """What the probe's function `name` returned in the sandbox; EnvironmentFault if it did not."""
    args = [harness.encode(argument, [])]
    try:
        reply = replies.call_reply(
            sandbox.request(
                {"op": "call", "name": name, "args": args, "kwargs": {}, "timeout": PROBE_SECONDS},
                PROBE_SECONDS + 5,
                max_reply=replies.budget(args, {}),
            )
        )
    except replies.Malformed:
        raise EnvironmentFault(f"the probe's {name} sent back a reply the grader cannot read; {FIX}") from None
    if reply["status"] != "ok":
        raise EnvironmentFault(f"the probe's {name} gave {reply['status']} {reply['error_type']} in the sandbox; {FIX}")
    return reply["value"]
