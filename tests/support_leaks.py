"""The leak probes: a cell that plants things in a warm sandbox, and a cell that looks for them.

Student A's PLANT leaves files in /tmp and /dev/shm, a patched NumPy
function, a module in sys.modules, a global in builtins, an environment
variable, a background process that outlives its notebook and an open file.
DETECT, at the end of student B's correct notebook, breaks one of B's own
functions (BROKEN_BY_DETECTORS names their tests) for each plant it finds, so
that a leak costs B points. tests/test_isolation.py grades them one after the
other in one warm sandbox; tests/test_server.py through the warm grader.
"""

import nbformat
import support

ASSIGNMENT = "01_forward"

PLANT = """
import builtins, os, sys, time, types
import numpy as np
import numpy.testing
for folder in ("/tmp", "/dev/shm"):
    try:
        with open(os.path.join(folder, "planted"), "w") as file:
            file.write("A was here")
    except OSError:
        pass
np.exp = lambda x: 0 * x
numpy.testing.assert_allclose = lambda *args, **kwargs: None
sys.modules["planted_module"] = types.ModuleType("planted_module")
builtins.PLANTED = True
os.environ["PLANTED"] = "1"
held = open("/tmp/held", "w")
if os.fork() == 0:
    os.setsid()
    time.sleep(300)
    os._exit(0)
"""

# Each detector breaks its own function when it finds its plant.
DETECT = """
import builtins, os, sys
import numpy as np
import numpy.testing

def _break(name):
    globals()[name] = lambda *args, **kwargs: None

if os.path.exists("/tmp/planted") or os.path.exists("/tmp/held"):
    _break("step")
if os.path.exists("/dev/shm/planted"):
    _break("linear")
if np.exp(0.0) != 1.0 or numpy.testing.assert_allclose.__module__ != "numpy.testing._private.utils":
    _break("relu")
if "planted_module" in sys.modules:
    _break("tanh")
if getattr(builtins, "PLANTED", False):
    _break("elu")
if "PLANTED" in os.environ:
    _break("selu")
_mine = {1, os.getpid(), os.getppid()}
if [pid for pid in os.listdir("/proc") if pid.isdigit() and int(pid) not in _mine]:
    _break("leaky_relu")
"""
BROKEN_BY_DETECTORS = {"test_step", "test_linear", "test_relu", "test_tanh", "test_elu", "test_selu", "test_leaky_relu"}


def notebook_with(*cells):
    """A correct notebook of ASSIGNMENT (every answer the reference's) with a code cell of each source appended."""
    notebook = support.filled_submission(ASSIGNMENT)
    notebook.cells += [nbformat.v4.new_code_cell(source) for source in cells]
    return notebook
