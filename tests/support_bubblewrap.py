"""Whether the grader's sandbox can isolate here: for the tests that need bubblewrap to prove it.

tests/test_hostile.py, tests/test_sandbox.py and tests/test_attacks.py call
needs_bubblewrap first in each test whose point is the isolation itself.
"""

import os

import pytest

from grader.sandbox.launcher import bubblewrap_available


def needs_bubblewrap():
    """The isolation tests need bubblewrap: in CI its absence is a failure, elsewhere a plain skip."""
    if bubblewrap_available():
        return
    message = "bubblewrap (Debian's bubblewrap package) is not usable here, so submissions are not isolated"
    if os.environ.get("CI"):
        pytest.fail(message)
    pytest.skip(message)
