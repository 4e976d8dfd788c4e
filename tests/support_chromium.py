"""Headless Chromium for the browser tests: where it is, how it is started, and what a test does without it.

Playwright drives Debian's /usr/bin/chromium; it never downloads a browser.
tests/conftest.py starts it (the chromium fixture) with these arguments; a
test module that must have it calls require_chromium from here, never from
conftest.
"""

import os

import pytest

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
NO_CHROMIUM = (
    f"Chromium not found at {CHROMIUM}: install Debian's chromium (apt-get install chromium) to run the browser tests"
)


def require_chromium():
    """Chromium must be there: fails the calling test in CI (CI set), skips it elsewhere."""
    if not os.access(CHROMIUM, os.X_OK):
        if os.environ.get("CI"):
            pytest.fail(f"CI is set, so the browser tests must run: {NO_CHROMIUM}", pytrace=False)
        pytest.skip(NO_CHROMIUM)
