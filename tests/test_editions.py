"""The taught edition (`make book EDITION=taught`) hides exactly the graded answers of the open edition.

Both editions must have been built (`make test` builds them; see tests/conftest.py
for the directories). The graded functions are read from the source notebooks:
every `def` in a cell nbgrader grades as an answer (`solution: true`).

- No graded function's implementation (`def sigmoid(`, `def gelu_grad(`...)
  appears anywhere in the taught site: pages, search index, sources, scripts.
- The open edition does show them (so the check above is not vacuous).
- Every page of the open edition is in the taught one, and its text is the
  same except for deleted passages; each deleted passage is one of HIDDEN
  (listed in book/instructors/testing.md, "The taught edition"), and
  contains code.
"""

import difflib
import html
import html.parser
import json
import re
import urllib.parse

import pytest
from support_site import require_site, site_pages

from grader import course

pytestmark = pytest.mark.slow  # end to end: sandboxes, processes, notebooks

# How each passage the taught edition leaves out begins (its heading or first sentence), as the page shows it.
HIDDEN = ("A NumPy implementation", "In NumPy, for softmax along axis:")
BLOCKS = {"p", "div", "section", "pre", "li", "h1", "h2", "h3", "h4", "tr", "dt", "dd", "figcaption", "table"}


def graded_functions():
    """The names of the functions the course grades: every `def` in a source notebook's answer cells."""
    names = set()
    for assignment in course.available_assignments():
        for cell in course.source_notebook(assignment).cells:
            if cell.cell_type == "code" and course.nbgrader_metadata(cell).get("solution"):
                names |= set(re.findall(r"^def (\w+)\(", cell.source, re.MULTILINE))
    return names


class _Hrefs(html.parser.HTMLParser):
    """The href of every link of a page."""

    def __init__(self):
        super().__init__()
        self.hrefs = []

    def handle_starttag(self, tag, attrs):
        href = dict(attrs).get("href")
        if tag == "a" and href:
            self.hrefs.append(href)


class _ArticleText(html.parser.HTMLParser):
    """The text of a page's article (the page itself, without the theme's navigation), one line per block."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.depth, self.skip, self.lines, self.current = 0, 0, [], []

    def handle_starttag(self, tag, attrs):
        classes = (dict(attrs).get("class") or "").split()
        if self.depth:
            self.depth += tag not in ("br", "img", "input", "meta", "link", "hr", "wbr")
        elif tag == "article" and "bd-article" in classes:
            self.depth = 1
        if self.depth and (tag in ("script", "style") or "headerlink" in classes):
            self.skip += 1
        if tag in BLOCKS:
            self._flush()

    def handle_endtag(self, tag):
        if tag in BLOCKS:
            self._flush()
        if self.depth and self.skip and tag in ("script", "style", "a"):
            self.skip -= 1
        if self.depth:
            self.depth -= 1

    def handle_data(self, data):
        if self.depth and not self.skip:
            self.current.append(data)

    def _flush(self):
        line = " ".join("".join(self.current).split())
        if line:
            self.lines.append(line)
        self.current = []


def article_lines(path):
    parser = _ArticleText()
    parser.feed(path.read_text(encoding="utf-8"))
    parser._flush()
    return parser.lines


@pytest.fixture(scope="module")
def editions():
    return require_site("open"), require_site("taught")


def plain_text(path):
    """The text a reader gets from a file of a built site: HTML without its tags, a notebook's cell sources."""
    text = path.read_text(encoding="utf-8", errors="replace")
    if path.suffix == ".html":
        return html.unescape(re.sub(r"<[^>]*>", "", text))
    if path.suffix == ".ipynb":
        return "\n\n".join("".join(cell.get("source", "")) for cell in json.loads(text).get("cells", []))
    return text


def site_text(directory):
    """{path relative to the site: plain text} of every text file of a built site."""
    return {
        path.relative_to(directory).as_posix(): plain_text(path)
        for path in directory.rglob("*")
        if path.is_file() and path.suffix in (".html", ".js", ".txt", ".md", ".ipynb", ".json", ".py")
    }


STUB = re.compile(r"(#.*|pass|\.\.\.|raise NotImplementedError(\(\))?)")


def implementations(text, names):
    """The names of `names` whose `def` in text has a body: more than a docstring, comments and a stub."""
    found = set()
    for match in re.finditer(r"^([ \t]*)def (\w+)\(", text, re.MULTILINE):
        indent, name = match.group(1), match.group(2)
        if name not in names:
            continue
        body = re.split(rf"\n(?=[ \t]{{0,{len(indent)}}}\S)", text[match.end() :].split("\n", 1)[-1])[0]
        body = re.sub(r'("""|\'\'\')[\s\S]*?\1', "", body)  # docstrings
        if any(line.strip() and not STUB.fullmatch(line.strip()) for line in body.splitlines()):
            found.add(name)
    return found


def test_graded_functions_are_found():
    names = graded_functions()
    assert {"sigmoid", "gelu_grad", "softmax_backward", "prelu_backward", "dead_unit_fraction"} <= names, names


def test_finds_implementations_not_stubs():
    text = (
        'def sigmoid(x):\n    """The sigmoid."""\n    # YOUR CODE HERE\n    raise NotImplementedError()\n\n'
        'def relu(x):\n    """ReLU.\n\n    Same shape."""\n    return np.maximum(x, 0)\n\n'
        "def tanh(x): return np.tanh(x)\n"
    )
    assert implementations(text, {"sigmoid", "relu", "tanh"}) == {"relu"}  # a one-line def is not graded code here


def test_taught_edition_has_no_graded_implementation(editions):
    open_site, taught_site = editions
    names = graded_functions()
    shown = set().union(*(implementations(text, names) for text in site_text(open_site).values()))
    assert len(shown) >= 12, f"the open edition should show the implementations, found only {sorted(shown)}"
    leaks = [
        f"{path}: def {name}("
        for path, text in site_text(taught_site).items()
        for name in sorted(implementations(text, names))
    ]
    assert not leaks, "the taught edition shows graded answers:\n" + "\n".join(leaks)
    assert not (taught_site / "_sources").exists(), "the taught edition publishes the pages' sources (_sources/)"


def test_taught_edition_keeps_the_rest_of_every_page(editions):
    open_site, taught_site = editions
    pages = site_pages(open_site)
    assert pages == site_pages(taught_site), "the two editions do not have the same pages"
    problems, hidden, articles = [], 0, 0
    for page in pages:
        before, after = article_lines(open_site / page), article_lines(taught_site / page)
        articles += bool(before)
        for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(None, before, after, autojunk=False).get_opcodes():
            if tag == "equal":
                continue
            removed = before[i1:i2]
            if tag != "delete":
                problems.append(f"{page}: the taught edition changes {removed[:2]} into {after[j1:j2][:2]}")
            elif not removed[0].startswith(HIDDEN):
                problems.append(f"{page}: the taught edition leaves out {removed[:2]}, not a passage of HIDDEN")
            elif not any(re.search(r"\w+\s*\(.*\)|=", line) for line in removed[1:]):
                problems.append(f"{page}: the hidden passage {removed[0]!r} holds no code")
            else:
                hidden += 1
    assert not problems, "\n".join(problems)
    assert articles >= 19, f"only {articles} pages with an article: is the page text still read right?"
    assert hidden >= 12, f"only {hidden} passages are hidden: one per activation page was expected"


def test_taught_edition_links_reach_files(editions):
    """What the taught edition leaves out (sections, sources) leaves no link behind that leads nowhere."""
    _, taught_site = editions
    broken = []
    for page in site_pages(taught_site):
        parser = _Hrefs()
        parser.feed((taught_site / page).read_text(encoding="utf-8"))
        for href in parser.hrefs:
            if urllib.parse.urlsplit(href).scheme or href.startswith("#"):
                continue  # another site, mailto:, or this page
            target = (taught_site / page).parent / urllib.parse.unquote(urllib.parse.urldefrag(href).url)
            if not (target.is_file() or (target / "index.html").is_file()):
                broken.append(f"{page}: {href}")
    assert not broken, "links of the taught edition that lead nowhere:\n" + "\n".join(broken)
