"""A Sphinx extension: a page that loads a script of bookkit/static is rebuilt when that script changes.

Sphinx copies `html_static_path` (bookkit/static among it) into `_static` only when a build writes at
least one page: after an edit of bookkit/static/playground.js alone, `make book` would find nothing out
of date and leave the old script in the site. Each page whose source names `_static/<file>` of
bookkit/static records that file as a dependency, so an edit makes the page out of date, the page is
written again and the static files are copied.
"""

import pathlib

STATIC = pathlib.Path(__file__).resolve().parent / "static"


def _note_scripts(app, docname, source):
    for path in sorted(STATIC.iterdir()):
        if path.is_file() and f"_static/{path.name}" in source[0]:
            app.env.note_dependency(str(path))


def setup(app):
    app.connect("source-read", _note_scripts)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
