"""The built website, page by page, in headless Chromium.

Every page of the site (default `_build/html`, or the directory in BOOK_HTML)
is served on 127.0.0.1 and opened once; five checks then report on it, each
naming the page:

- loads: HTTP 200, no console error, no uncaught exception, no failed
  request or response >= 400 from the site, and no request outside the site
  (the site must work offline: such requests are blocked and reported);
- images: every <img> has loaded and has non-empty alt text; every
  <svg role="img"> has an aria-label (or aria-labelledby); an SVG drawn in a
  <figure> has role="img" and a label, or is aria-hidden;
- math: on a page with math (class `math`), MathJax (served from _static) has
  typeset every formula, with no TeX error;
- links: every link inside the site reaches a file, and its #fragment an
  element with that id;
- sliders: each <input type="range"> moved to the other end of its range
  changes the content of each of its SVGs, without a console error. A
  slider's SVGs are those named by its aria-controls (ids of <svg>s, or of
  elements holding them); without aria-controls, those of the nearest
  enclosing element that holds an (aria-visible) <svg>.

Accessibility, on every page of both editions (the taught one from
`make book EDITION=taught`): axe-core (node_modules/axe-core, injected into
the page, so nothing is fetched from outside) with its WCAG 2 A and AA rules,
in light and in dark mode (the theme follows the emulated colour scheme),
fails on any serious or critical violation. `test_sliders_by_keyboard`
focuses every slider of the book and moves it with the arrow keys, Home and
End, and checks that its SVGs are redrawn. `test_accessibility_checks_catch_defects`
proves those checks can fail, on a synthetic site.

Full-page screenshots of the index, an activation page and a concept page go
to test-artifacts/screenshots/. `test_checks_catch_defects` opens a tiny
synthetic site with one defect per page to prove the checks can fail.

    BOOK_HTML=/tmp/book/_build/html .venv/bin/python -m pytest tests/test_browser.py -q
"""

import struct
import urllib.parse
import zlib

import pytest
from support_audit import CHECKS, SLIDERS, SVGS_UNCHANGED, Audit, target
from support_axe import AXE, AXE_RUN, AXE_TAGS, FAILING_IMPACTS, MODES, THEME_IS, require_axe
from support_chromium import require_chromium
from support_site import ROOT, require_site, serve_directory, site_pages

pytestmark = [pytest.mark.browser, pytest.mark.slow]

SCREENSHOTS = ROOT / "test-artifacts" / "screenshots"


def report(problems):
    return "\n".join(f"  - {problem}" for problem in problems)


# ---------------------------------------------------------------------------
# The book.


def screenshot_pages(pages):
    """The index, an activation page (GELU if there is one) and a concept page."""
    chosen = {"index.html"} & set(pages)
    for preferred, folder in (
        ("book/activations/gelu.html", "book/activations/"),
        ("book/concepts/why_nonlinearity.html", "book/concepts/"),
    ):
        candidates = [page for page in pages if page.startswith(folder)]
        chosen |= {preferred} if preferred in pages else set(candidates[:1])
    return chosen


@pytest.fixture(scope="session")
def audit(browser_page):
    """The one Audit of the session (it listens to the one page)."""
    return Audit(browser_page)


@pytest.fixture(scope="session")
def book_audit(book_site, book_url, audit):
    """The problems of each page of the book, found once per page and session."""
    results = {}
    shots = screenshot_pages(site_pages(book_site))
    for old in SCREENSHOTS.glob("*.png"):
        old.unlink()

    def problems(page):
        if page not in results:
            shot = SCREENSHOTS / page.replace("/", "__").replace(".html", ".png") if page in shots else None
            results[page] = audit(book_url + page, screenshot=shot)
        return results[page]

    return problems


@pytest.mark.parametrize("check", CHECKS)
def test_page(book_page, check, request):
    require_site()  # these two fail (or skip, for Chromium outside CI) in the test itself, not in a fixture
    require_chromium()
    problems = request.getfixturevalue("book_audit")(book_page)[check]
    assert not problems, f"{book_page}: {check} check failed:\n{report(problems)}"


# ---------------------------------------------------------------------------
# The checks bite: a tiny synthetic site, one defect per page.


def _png(width=4, height=3):
    rows = b"".join(b"\x00" + b"\x30\x60\x90" * width for _ in range(height))

    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0))
        + chunk(b"IDAT", zlib.compress(rows))
        + chunk(b"IEND", b"")
    )


MATHJAX = ROOT / "node_modules" / "mathjax" / "es5"
MATH_HEAD = (
    '<script>window.MathJax = {"options": {"processHtmlClass": "tex2jax_process|mathjax_process|math"}}'
    '</script><script defer src="_static/tex-chtml.js"></script>'
)
SLIDER = """<div class="widget">
  <input type="range" id="a" min="0" max="2" step="0.1" value="1" aria-label="slope">
  <svg role="img" aria-label="a line" width="100" height="100"><path id="p" d="M0 100 L100 0"/></svg>
</div><script>
document.getElementById('a').addEventListener('input', event => {
  %s
});
</script>"""
GOOD_SLIDER = SLIDER % (
    "document.getElementById('p').setAttribute('d', `M0 100 L100 ${100 - 50 * event.target.value}`);"
)

# name: (body, head, the check that must fail, a phrase of its message); "good.html" must pass every check.
SITE = {
    "good.html": (
        '<h1 id="top">Good</h1><figure id="fig"><img src="plot.png" alt="a plot"></figure>'
        '<a href="#top">up</a> <a href="other.html#there">there</a> <a href="sub/">sub</a> '
        '<a href="https://example.org/">out</a> <a href="mailto:a@b.c">mail</a> <a href="#">#</a>' + GOOD_SLIDER,
        "",
        None,
        None,
    ),
    "other.html": ('<p id="there">there</p>', "", None, None),
    "sub/index.html": ("<p>sub</p>", "", None, None),
    "redirect.html": ("", '<meta http-equiv="Refresh" content="0; url=other.html">', None, None),
    "missing-image.html": ('<img src="gone.png" alt="gone">', "", "images", "did not load"),
    "no-alt.html": ('<img src="plot.png">', "", "images", "has no alt text"),
    "filename-alt.html": ('<img src="plot.png" alt="../_images/plot.png">', "", "images", "file name for alt"),
    "empty-alt.html": ('<figure><img src="plot.png" alt=" "></figure>', "", "images", "has no alt text"),
    "svg-no-label.html": (
        '<svg role="img" width="9" height="9"><circle r="4"/></svg>',
        "",
        "images",
        "has no aria-label",
    ),
    "figure-svg.html": ('<figure><svg width="9" height="9"><circle r="4"/></svg></figure>', "", "images", 'role="img"'),
    "throws.html": ("<script>throw new Error('boom from the page')</script>", "", "loads", "boom from the page"),
    "console-error.html": ("<script>console.error('logged an error')</script>", "", "loads", "logged an error"),
    "missing-script.html": ('<script src="gone.js"></script>', "", "loads", "HTTP 404"),
    "external.html": ('<img src="https://example.org/x.png" alt="x">', "", "loads", "outside the site"),
    "broken-link.html": ('<a href="nowhere.html">nowhere</a>', "", "links", "HTTP 404"),
    "broken-dir-link.html": ('<a href="empty/">empty</a>', "", "links", "HTTP 404"),
    "broken-fragment.html": ('<a href="other.html#nothere">x</a>', "", "links", "no element with id 'nothere'"),
    "broken-own-fragment.html": ('<a href="#nothere">x</a>', "", "links", "no element with id 'nothere'"),
    "local-server-link.html": ('<a href="http://127.0.0.1:1/x.html">x</a>', "", "links", "local server"),
    "redirect-upper.html": ("", '<meta http-equiv="refresh" content="0;URL=\'nowhere.html\'">', "links", "HTTP 404"),
    "broken-redirect.html": ("", '<meta http-equiv="Refresh" content="0; url=nowhere.html">', "links", "HTTP 404"),
    "dead-slider.html": (SLIDER % "", "", "sliders", "did not change the content of its SVG a line"),
    "throwing-slider.html": (SLIDER % "throw new Error('slider broke');", "", "sliders", "slider broke"),
    "half-dead-slider.html": (
        SLIDER.replace(
            "</svg>", '</svg><svg role="img" aria-label="its slope" width="9" height="9"><circle r="4"/></svg>', 1
        )
        % "document.getElementById('p').setAttribute('d', 'M0 0 L9 9');",
        "",
        "sliders",
        "did not change the content of its SVG its slope",
    ),
    "controlled-slider.html": (
        '<svg id="fixed" role="img" aria-label="fixed" width="9" height="9"><circle r="4"/></svg>'
        + GOOD_SLIDER.replace('aria-label="slope"', 'aria-label="slope" aria-controls="plot"').replace(
            '<svg role="img"', '<svg id="plot" role="img"'
        ),
        "",
        None,
        None,
    ),
    "svgless-slider.html": ('<p><input type="range" id="s"></p>', "", "sliders", "no SVG found"),
    "math-untypeset.html": (r'<span class="math">\(x^2\)</span>', "", "math", "not typeset"),
    "math-good.html": (
        r'<span class="math notranslate">\(\sigma(x) = \frac{1}{1+e^{-x}}\)</span>',
        MATH_HEAD,
        None,
        None,
    ),
    "math-error.html": (r'<div class="math">\[\frac{1}\]</div>', MATH_HEAD, "math", "TeX error"),
    "math-undefined-macro.html": (
        r'<span class="math">\(\relu(x)\)</span>',
        MATH_HEAD,
        "math",
        "undefined TeX macro \\relu",
    ),
    "math-no-mathjax.html": (
        r'<span class="math">\(x\)</span>',
        '<script defer src="_static/gone-tex-chtml.js"></script>',
        "math",
        "did not start",
    ),
}


@pytest.fixture(scope="module")
def synthetic_site(tmp_path_factory):
    directory = tmp_path_factory.mktemp("site")
    (directory / "plot.png").write_bytes(_png())
    (directory / "empty").mkdir()
    if MATHJAX.is_dir():
        (directory / "_static").symlink_to(MATHJAX, target_is_directory=True)
    write_pages(directory, {name: (body, head) for name, (body, head, _, _) in SITE.items()})
    with serve_directory(directory) as url:
        yield url


def write_pages(directory, pages):
    """Write each {name: (body, head)} as a small English HTML page in directory."""
    for name, (body, head) in pages.items():
        (directory / name).parent.mkdir(parents=True, exist_ok=True)
        (directory / name).write_text(
            f'<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">'
            f"<title>{name}</title>{head}</head><body>{body}</body></html>"
        )


@pytest.mark.parametrize("name", SITE)
def test_checks_catch_defects(name, request):
    require_chromium()
    url, audit = request.getfixturevalue("synthetic_site"), request.getfixturevalue("audit")
    body, head, check, phrase = SITE[name]
    if "tex-chtml" in head and not MATHJAX.is_dir():
        pytest.skip(f"no MathJax in {MATHJAX} (npm ci)")
    problems = audit(url + name)
    found = {key: value for key, value in problems.items() if value}
    if check is None:
        assert not found, f"{name} must pass every check, found: {found}"
    else:
        assert any(phrase in message for message in problems[check]), (
            f"{name}: the {check} check must report {phrase!r}; found: {found}"
        )


# ---------------------------------------------------------------------------
# Accessibility: axe-core's WCAG 2 A and AA rules in both colour modes, on both editions; sliders by keyboard.


def axe_problems(audit, url):
    """{mode: [problem]} for one page: its serious or critical axe violations in light and in dark mode.

    A page that only redirects (meta refresh) has nothing to check: its target is a page of its own.
    """
    found, page = {mode: [] for mode in MODES}, audit.page
    if target(url).refresh:
        return found
    try:
        page.emulate_media(color_scheme="light")
        audit.start(url)
        page.goto(url, wait_until="load")
        page.add_script_tag(path=str(AXE))  # inline, from node_modules: no request leaves the machine
        for mode in MODES:
            page.emulate_media(color_scheme=mode)
            try:
                page.wait_for_function(THEME_IS, arg=mode, timeout=3_000)
            except Exception:
                theme = page.evaluate("() => document.documentElement.dataset.theme")
                found[mode].append(f"the page did not switch to {mode} mode (data-theme is {theme!r})")
                continue
            for v in page.evaluate(AXE_RUN, [AXE_TAGS, list(FAILING_IMPACTS)]):
                found[mode].append(
                    f"{v['id']} ({v['impact']}): {v['help']}; {v['count']} element(s), e.g. {', '.join(v['where'])}"
                )
    except Exception as error:  # a timeout or a crash: report it against both modes
        for mode in MODES:
            found[mode].append(f"axe could not check {url}: {error}".splitlines()[0])
    finally:
        page.emulate_media(color_scheme="light")
    return found


def _axe_audit(site_url, audit):
    results = {}

    def problems(name):
        if name not in results:
            results[name] = axe_problems(audit, site_url + name)
        return results[name]

    return problems


@pytest.fixture(scope="session")
def book_axe(book_url, audit):
    """The axe problems of each page of the open edition, {mode: [problem]}, found once per page and session."""
    return _axe_audit(book_url, audit)


@pytest.fixture(scope="session")
def taught_axe(taught_url, audit):
    """The same for the taught edition."""
    return _axe_audit(taught_url, audit)


def check_accessibility(edition, page, mode, request):
    site = require_site(edition)
    require_chromium()
    require_axe()
    refresh = target(request.getfixturevalue("book_url" if edition == "open" else "taught_url") + page).refresh
    if refresh:  # a redirect: the page it leads to must be one of the pages checked
        led_to = urllib.parse.urljoin(page, refresh)
        assert led_to in site_pages(site), f"{edition} edition, {page} redirects to {led_to}, not a page of the site"
        return
    problems = request.getfixturevalue("book_axe" if edition == "open" else "taught_axe")(page)[mode]
    assert not problems, f"{edition} edition, {page}, {mode} mode: axe found\n{report(problems)}"


@pytest.mark.parametrize("mode", MODES)
def test_accessibility(book_page, mode, request):
    """No serious or critical WCAG 2 A/AA violation (axe-core) on any page of the open edition, in either mode."""
    check_accessibility("open", book_page, mode, request)


@pytest.mark.parametrize("mode", MODES)
def test_accessibility_taught(taught_page, mode, request):
    """The same for every page of the taught edition."""
    check_accessibility("taught", taught_page, mode, request)


# The sliders work with the keyboard: focused, an arrow key moves them and redraws their SVGs; Home/End reach the ends.
SLIDER_FOCUSABLE = """el => el.tabIndex >= 0 && !el.disabled && el.getClientRects().length > 0"""


def keyboard_problems(audit, url):
    """(number of sliders, [problem]) for one page: each slider is driven by real key presses."""
    page = audit.page
    audit.start(url)
    page.goto(url, wait_until="load")
    sliders = page.evaluate(SLIDERS)
    problems = []
    for index, slider in enumerate(sliders):
        name = f"slider {slider['name']}"
        locator = page.locator('input[type="range"]').nth(index)
        if not locator.evaluate(SLIDER_FOCUSABLE):
            problems.append(f"{name}: cannot get the keyboard focus (disabled, hidden or tabindex < 0)")
            continue
        locator.focus()
        if not locator.evaluate("el => document.activeElement === el"):
            problems.append(f"{name}: focus() did not focus it")
            continue
        towards, end = ("ArrowRight", "End") if slider["target"] > float(slider["value"]) else ("ArrowLeft", "Home")
        page.keyboard.press(towards)
        value = locator.input_value()
        if value == slider["value"]:
            problems.append(f"{name}: {towards} left its value at {value}")
            continue
        try:
            page.wait_for_function(
                f"args => ({SVGS_UNCHANGED})(args).length === 0",
                arg=[index, slider["svgs"]],
                timeout=1_000,
                polling="raf",
            )
        except Exception:
            unchanged = page.evaluate(SVGS_UNCHANGED, [index, slider["svgs"]])
            problems.append(f"{name}: {towards} moved it to {value} but did not redraw {', '.join(unchanged)}")
        page.keyboard.press(end)
        reached = locator.evaluate("el => [el.value, el.min || '0', el.max || '100']")
        if reached[0] != (reached[2] if end == "End" else reached[1]):
            problems.append(
                f"{name}: {end} left it at {reached[0]}, not at its {end.lower()} ({reached[1]}..{reached[2]})"
            )
    return len(sliders), problems


def test_sliders_by_keyboard(book_site, book_url, audit):
    """Every slider of the book can be focused and moved with the arrow keys, Home and End, and redraws its plots."""
    require_chromium()
    pages = [page for page in site_pages(book_site) if 'type="range"' in (book_site / page).read_text()]
    assert pages, "no page of the book has a slider (input type=range): the keyboard test has nothing to check"
    problems, count = [], 0
    for page in pages:
        found, page_problems = keyboard_problems(audit, book_url + page)
        count += found
        problems += [f"{page}: {problem}" for problem in page_problems]
    assert count, f"the pages {pages} mention a slider, but none was found in the browser"
    assert not problems, f"{count} sliders on {len(pages)} pages, keyboard problems:\n{report(problems)}"


# The accessibility checks bite: one defect per page. name: (body, head, what must be reported and where).
KEYBOARD_DEAD = GOOD_SLIDER.replace('aria-label="slope"', 'aria-label="slope" onkeydown="event.preventDefault()"')
A11Y_SITE = {
    "good.html": (
        '<main><h1>Good</h1><p>Readable text.</p><img src="plot.png" alt="a plot">' + GOOD_SLIDER + "</main>",
        "",
        None,
    ),
    "no-alt.html": ('<main><img src="plot.png"></main>', "", ("light", "image-alt (critical)")),
    "low-contrast.html": (
        '<main><p style="color:#bbb;background:#fff">faint text</p></main>',
        "",
        ("light", "color-contrast (serious)"),
    ),
    "dark-only.html": (
        "<main><p>text</p></main>",
        "<style>@media (prefers-color-scheme: dark) { p { color: #333; background: #222 } }</style>",
        ("dark", "color-contrast (serious)"),
    ),
    "stuck-theme.html": (
        "<main><p>text</p></main>",
        "<script>document.documentElement.dataset.theme = 'light'</script>",
        ("dark", "did not switch to dark mode"),
    ),
    "keyboard-dead.html": ("<main>" + KEYBOARD_DEAD + "</main>", "", ("keyboard", "ArrowLeft left its value")),
    "unfocusable.html": (
        "<main>" + GOOD_SLIDER.replace('aria-label="slope"', 'aria-label="slope" tabindex="-1"') + "</main>",
        "",
        ("keyboard", "cannot get the keyboard focus"),
    ),
}


@pytest.fixture(scope="module")
def a11y_site(tmp_path_factory):
    directory = tmp_path_factory.mktemp("a11y")
    (directory / "plot.png").write_bytes(_png())
    write_pages(directory, {name: (body, head) for name, (body, head, _) in A11Y_SITE.items()})
    with serve_directory(directory) as url:
        yield url


@pytest.mark.parametrize("name", A11Y_SITE)
def test_accessibility_checks_catch_defects(name, a11y_site, audit):
    require_chromium()
    require_axe()
    body, head, expected = A11Y_SITE[name]
    found = axe_problems(audit, a11y_site + name)
    found["keyboard"] = keyboard_problems(audit, a11y_site + name)[1]
    if expected is None:
        assert not any(found.values()), f"{name} must pass every accessibility check, found: {found}"
    else:
        where, phrase = expected
        assert any(phrase in problem for problem in found[where]), (
            f"{name}: the {where} check must report {phrase!r}; found: {found}"
        )
