"""A Sphinx extension for the book's two editions: the open one and the taught one.

The open edition (the default) is for self-learners and shows everything. The
taught edition, for courses that grade the exercises, leaves out whatever
hands students a graded answer. The pages mark those passages with Sphinx's
own `only` directive,

    ````{only} not taught
    :::{container} graded-answer
    ## A NumPy implementation
    ...
    :::
    ````

(a heading directly inside `only` would become a section, which Sphinx
hoists out of the directive and so never hides: inside a container, MyST
renders it as a heading that is not a section), and this extension turns the edition into a Sphinx tag: with the
environment variable BOOK_EDITION=taught (the Makefile's `make book
EDITION=taught` sets it) the tag `taught` is set, so those passages are
dropped from the HTML and the search index. The taught edition also does not
publish the pages' sources (`_sources/`, the theme's download button),
which still hold the hidden passages. `book_edition` is a Sphinx config value that invalidates the
environment, so a build never mixes the two editions.
"""

import os

EDITIONS = ("open", "taught")


def _set_edition(app, config):
    edition = config.book_edition
    if edition not in EDITIONS:
        raise ValueError(f"unknown book edition {edition!r} (BOOK_EDITION): choose one of {', '.join(EDITIONS)}")
    if edition == "taught":
        app.tags.add("taught")
        config.html_copy_source = False  # _sources/ would publish the hidden passages
        config.html_show_sourcelink = False
        # The theme's download button links to _sources/ (and would be a broken link without it).
        config.html_theme_options = {**config.html_theme_options, "use_download_button": False}


def setup(app):
    app.add_config_value("book_edition", os.environ.get("BOOK_EDITION") or "open", "env", types=[str])
    app.connect("config-inited", _set_edition)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
