"""A Sphinx extension for the book: two fixes to the HTML of each page.

- Drop repeated <script>s. Under Sphinx 7, sphinx-thebe 0.3.1 adds its inline
  `const THEBE_JS_URL = ...` twice to every page, and the second copy raises
  "Identifier 'THEBE_JS_URL' has already been declared" in the browser.
- Give the entries of the bibliography (book/references.md) the ARIA role
  `listitem`. Docutils writes them as `role="doc-biblioentry"` inside a
  `role="list"`; that DPUB role is deprecated, and axe-core reports the list
  as having no list items (aria-required-children, critical).
"""


def _dedupe(app, pagename, templatename, context, doctree):
    seen, unique = set(), []
    for script in context.get("script_files", []):
        key = (getattr(script, "filename", script) or "", tuple(sorted(getattr(script, "attributes", {}).items())))
        if key not in seen:
            seen.add(key)
            unique.append(script)
    context["script_files"] = unique
    if "body" in context:
        context["body"] = context["body"].replace('role="doc-biblioentry"', 'role="listitem"')


def setup(app):
    app.connect("html-page-context", _dedupe)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
