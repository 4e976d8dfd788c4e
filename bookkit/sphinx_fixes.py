"""A Sphinx extension for the book: drop repeated <script>s from each page.

Under Sphinx 7, sphinx-thebe 0.3.1 adds its inline `const THEBE_JS_URL = ...`
twice to every page, and the second copy raises "Identifier 'THEBE_JS_URL'
has already been declared" in the browser.
"""


def _dedupe(app, pagename, templatename, context, doctree):
    seen, unique = set(), []
    for script in context.get("script_files", []):
        key = (getattr(script, "filename", script) or "", tuple(sorted(getattr(script, "attributes", {}).items())))
        if key not in seen:
            seen.add(key)
            unique.append(script)
    context["script_files"] = unique


def setup(app):
    app.connect("html-page-context", _dedupe)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
