"""The built website for the tests that open it: where each edition is, its pages, and a local server.

The open edition of the site is `_build/html` unless the environment
variable BOOK_HTML names another directory; the taught edition (`make book
EDITION=taught`) is `_build/taught/_build/html` unless TAUGHT_HTML names one.
tests/conftest.py builds its fixtures (book_site, book_url, taught_site,
taught_url, the book_page and taught_page parameters) on these; a test module
that needs them directly imports them from here, never from conftest.
"""

import contextlib
import functools
import http.server
import os
import pathlib
import threading

import pytest

ROOT = pathlib.Path(__file__).resolve().parent.parent
NO_SITE = "build the book first: make book"
NO_TAUGHT_SITE = "build the taught edition first: make book EDITION=taught"
# Each edition of the site: (its environment variable, its default directory, how to build it).
EDITIONS = {
    "open": ("BOOK_HTML", ROOT / "_build" / "html", NO_SITE),
    "taught": ("TAUGHT_HTML", ROOT / "_build" / "taught" / "_build" / "html", NO_TAUGHT_SITE),
}
# Sphinx's own pages are checked too; only the theme's Jinja fragments in _static are not pages.
NOT_PAGES = ("_static/", "_sources/", "_images/")


def site_directory(edition="open"):
    """The directory of an edition of the built website (it may not exist)."""
    variable, default, _ = EDITIONS[edition]
    return pathlib.Path(os.environ.get(variable) or default).resolve()


def site_pages(directory):
    """Every HTML page of a built site, as paths relative to it, sorted."""
    return sorted(
        path.relative_to(directory).as_posix()
        for path in directory.rglob("*.html")
        if not path.relative_to(directory).as_posix().startswith(NOT_PAGES)
    )


def require_site(edition="open"):
    """The directory of an edition of the built website; fails the calling test when it has not been built."""
    directory = site_directory(edition)
    if not (directory / "index.html").is_file():
        pytest.fail(f"{EDITIONS[edition][2]} (no index.html in {directory})", pytrace=False)
    return directory


class _Handler(http.server.SimpleHTTPRequestHandler):
    """A static file handler that is quiet and never lists a directory (a missing index.html is a 404)."""

    def log_message(self, format, *args):
        pass

    def list_directory(self, path):
        self.send_error(404, "No index.html in this directory")
        return None


class _Server(http.server.ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request, client_address):
        pass  # the browser cancelling a request on navigation is not an error of the site


@contextlib.contextmanager
def serve_directory(directory):
    """Serve `directory` on 127.0.0.1 at a free port in a background thread; yields the base URL (ending in /)."""
    server = _Server(("127.0.0.1", 0), functools.partial(_Handler, directory=str(directory)))
    thread = threading.Thread(target=server.serve_forever, name=f"http-{directory}", daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(5)
