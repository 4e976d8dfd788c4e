"""The website's checks, page by page in a browser: what tests/test_browser.py asks of every page of the book.

Audit listens to one Playwright page; called with a URL, it opens it and
reports, per check (CHECKS: loads, images, math, links, sliders), what is
wrong with it (tests/test_browser.py's docstring says what each check asks).
tests/test_report.py runs the same checks on the class report's page. The
sliders' scripts (SLIDERS, SVGS_UNCHANGED) serve the keyboard test too, and
target() the links (and redirects) of any served page.
"""

import html.parser
import re
import urllib.error
import urllib.parse
import urllib.request

CHECKS = ("loads", "images", "math", "links", "sliders")

# ---------------------------------------------------------------------------
# Static side: what a served file holds (status, ids, meta refresh).


class _Anchors(html.parser.HTMLParser):
    """The ids (and <a name>s) of an HTML document, and its meta refresh target."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.ids = set()
        self.refresh = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if attrs.get("id"):
            self.ids.add(attrs["id"])
        if tag == "a" and attrs.get("name"):
            self.ids.add(attrs["name"])
        if tag == "meta" and (attrs.get("http-equiv") or "").lower() == "refresh":
            found = re.search(r"url\s*=\s*['\"]?([^'\"]+)", attrs.get("content") or "", re.IGNORECASE)
            self.refresh = found.group(1).strip() if found else None


class Target:
    """A URL of the site without its fragment: HTTP status, and the ids and refresh target of an HTML file."""

    def __init__(self, url):
        self.url, self.status, self.ids, self.refresh, self.reason = url, None, set(), None, ""
        try:
            with urllib.request.urlopen(url, timeout=10) as response:
                self.status = response.status
                body = response.read()
                if "html" in (response.headers.get("Content-Type") or ""):
                    parser = _Anchors()
                    parser.feed(body.decode("utf-8", "replace"))
                    self.ids, self.refresh = parser.ids, parser.refresh
        except urllib.error.HTTPError as error:
            self.status, self.reason = error.code, error.reason
        except OSError as error:
            self.reason = str(error)


_targets = {}


def target(url):
    """The Target of `url` without its fragment, fetched once per run."""
    url = urllib.parse.urldefrag(url).url
    if url not in _targets:
        _targets[url] = Target(url)
    return _targets[url]


# ---------------------------------------------------------------------------
# Browser side.

WAIT_FOR_IMAGES = """async () => {
  await Promise.all(Array.from(document.images, img => {
    if (img.loading === 'lazy') img.loading = 'eager';
    if (img.complete) return null;
    return new Promise(resolve => {
      img.addEventListener('load', resolve, {once: true});
      img.addEventListener('error', resolve, {once: true});
      setTimeout(resolve, 10000);
    });
  }));
}"""

IMAGE_PROBLEMS = """() => {
  const problems = [];
  const label = el => {
    const text = (el.getAttribute('aria-label') || '').trim();
    if (text) return text;
    return (el.getAttribute('aria-labelledby') || '').split(/\\s+/).filter(Boolean)
      .map(id => (document.getElementById(id) || {textContent: ''}).textContent.trim()).join(' ');
  };
  const where = el => {
    const fig = el.closest('figure');
    return fig && fig.id ? ` (in figure #${fig.id})` : '';
  };
  for (const img of document.images) {
    const src = img.getAttribute('src') || img.currentSrc || '(no src)';
    const name = `<img src="${src.slice(0, 120)}">`;
    if (!(img.complete && img.naturalWidth > 0)) problems.push(`${name}${where(img)} did not load`);
    const alt = (img.getAttribute('alt') || '').trim();
    if (!alt) problems.push(`${name}${where(img)} has no alt text`);
    else if (alt === img.getAttribute('src') || /^[^\\s]+\\.(png|jpe?g|gif|svg|webp|avif)$/i.test(alt))
      problems.push(`${name}${where(img)} has a file name for alt text (${JSON.stringify(alt.slice(0, 80))}): `
                    + 'describe the image');
  }
  const hidden = el => !!el.closest('[aria-hidden="true"]');
  const svgName = svg => {
    const parent = svg.parentElement;
    const attribute = (name, value) => value ? ` ${name}="${value}"` : '';
    const className = parent && typeof parent.className === 'string' ? parent.className : '';
    const inside = parent
      ? ` inside <${parent.tagName.toLowerCase()}${attribute('id', parent.id)}${attribute('class', className)}>` : '';
    return `<svg${attribute('id', svg.id)}${attribute('role', svg.getAttribute('role'))}>${inside}${where(svg)}`;
  };
  for (const svg of document.querySelectorAll('svg[role="img"]')) {
    if (!hidden(svg) && !label(svg)) problems.push(`${svgName(svg)} has no aria-label`);
  }
  for (const svg of document.querySelectorAll('figure svg')) {
    if (svg.parentElement.closest('svg') || hidden(svg)) continue;
    if (svg.getAttribute('role') !== 'img')
      problems.push(`${svgName(svg)} is drawn in a figure: give it role="img" and an aria-label `
                    + '(or aria-hidden="true" if decorative)');
  }
  return problems;
}"""

MATH_PROBLEMS = """() => {
  const problems = [];
  const snippet = text => JSON.stringify(text.trim().replace(/\\s+/g, ' ').slice(0, 80));
  const math = Array.from(document.querySelectorAll('.math'));
  const raw = math.filter(el => !el.querySelector('mjx-container'));
  if (raw.length)
    problems.push(`${raw.length} of ${math.length} formulas not typeset, e.g. ${snippet(raw[0].textContent)}`);
  const document_ = window.MathJax && MathJax.startup && MathJax.startup.document;
  const items = document_ ? Array.from(document_.math) : [];
  for (const item of items) {
    item.root.walkTree(node => {
      if (node.isKind('merror')) {
        const child = node.childNodes[0];
        const error = node.attributes.get('data-mjx-error') || (child && child.getText ? child.getText() : 'error');
        problems.push(`TeX error ${snippet(String(error))} in ${snippet(item.math)}`);
      } else if (node.isKind('mtext') && node.attributes.get('mathcolor') === 'red' && /^\\\\/.test(node.getText())) {
        problems.push(`undefined TeX macro ${node.getText()} in ${snippet(item.math)}`);
      }
    });
  }
  if (!items.length) for (const error of document.querySelectorAll('mjx-merror'))
    problems.push(`TeX error ${snippet(error.getAttribute('data-mjx-error') || error.textContent)}`);
  return problems;
}"""

LINKS = """() => Array.from(document.querySelectorAll('a[href]'), a => ({
  raw: a.getAttribute('href'), href: a.href, text: a.textContent.trim().replace(/\\s+/g, ' ').slice(0, 60)}))"""

SLIDERS = """() => {
  const visible = svg => !svg.closest('[aria-hidden="true"]') && !svg.parentElement.closest('svg');
  const svgsFor = input => {
    const ids = (input.getAttribute('aria-controls') || '').split(/\\s+/).filter(Boolean);
    if (ids.length) return ids.map(id => document.getElementById(id)).filter(Boolean)
      .flatMap(el => el.tagName.toLowerCase() === 'svg' ? [el]
                                                          : Array.from(el.querySelectorAll('svg')).filter(visible));
    for (let el = input.parentElement; el && !el.matches('body, main, article'); el = el.parentElement) {
      const svgs = Array.from(el.querySelectorAll('svg')).filter(visible);
      if (svgs.length) return svgs;
    }
    return [];
  };
  window.__sliderSvgs = [];
  return Array.from(document.querySelectorAll('input[type="range"]'), (input, index) => {
    const svgs = svgsFor(input);
    window.__sliderSvgs[index] = svgs;
    const min = input.min === '' ? 0 : Number(input.min), max = input.max === '' ? 100 : Number(input.max);
    const labelled = input.labels && input.labels.length ? input.labels[0].textContent.trim() : '';
    const name = input.id ? `#${input.id}` : (input.getAttribute('aria-label') || labelled || `number ${index + 1}`);
    return {name, value: input.value, target: input.valueAsNumber - min < (max - min) / 2 ? max : min,
            svgs: svgs.map(svg => ({
              name: svg.id ? `#${svg.id}` : (svg.getAttribute('aria-label') || 'an unnamed svg').slice(0, 60),
              content: svg.innerHTML}))};
  });
}"""

# The names of the slider's SVGs whose content is still what it was.
SVGS_UNCHANGED = """([index, before]) => before
  .filter((svg, k) => window.__sliderSvgs[index][k].innerHTML === svg.content).map(svg => svg.name)"""


class Audit:
    """Opens pages in one reused Playwright page and reports, per check, what is wrong with each."""

    def __init__(self, page):
        self.page = page
        self.origin = None
        self.errors = []  # console errors and uncaught exceptions, in order
        self.requests = []  # failed requests, bad responses and blocked requests
        self.inflight = set()
        page.on("console", self._console)
        page.on("pageerror", lambda error: self.errors.append(f"uncaught exception: {error}"))
        page.on("request", self._request)
        page.on("requestfinished", lambda request: self.inflight.discard(request))
        page.on("requestfailed", self._request_failed)
        page.on("response", self._response)
        page.route("**/*", self._route)
        # Every page is a first visit: the theme keeps state (its colour mode) in localStorage.
        page.add_init_script("try { localStorage.clear(); sessionStorage.clear(); } catch (error) {}")

    def _local(self, url):
        return self.origin is not None and url.startswith(self.origin)

    def _console(self, message):
        if message.type == "error":
            location = message.location or {}
            where = f" ({location.get('url')}:{location.get('lineNumber')})" if location.get("url") else ""
            self.errors.append(f"console error: {message.text}{where}")

    def _request(self, request):
        if self._local(request.url):
            self.inflight.add(request)

    def _request_failed(self, request):
        self.inflight.discard(request)
        if self._local(request.url):
            self.requests.append(f"request failed: {request.url} ({request.failure})")

    def _response(self, response):
        if self._local(response.url) and response.status >= 400:
            self.requests.append(f"HTTP {response.status}: {response.url}")

    def _route(self, route):
        url = route.request.url
        if self._local(url) or url.startswith(("data:", "blob:", "about:")):
            route.continue_()
        else:
            self.requests.append(f"request outside the site blocked: {url}")
            route.abort("blockedbyclient")

    def _settle(self, seconds=10):
        """Wait until no request of the site is in flight."""
        for _ in range(int(seconds * 20)):
            if not self.inflight:
                return
            self.page.wait_for_timeout(50)
        self.requests.append("still loading after 10 s: " + ", ".join(sorted(r.url for r in self.inflight))[:300])

    def start(self, url):
        """Forget the previous page and take url's server as the site (requests elsewhere are blocked)."""
        self.page.goto("about:blank")  # the previous page's late events arrive before this returns
        self.origin = url[: url.index("/", len("http://")) + 1]
        self.errors, self.requests, self.inflight = [], [], set()

    def __call__(self, url, screenshot=None):
        """Open `url`; the problems found, as {check: [message, ...]}."""
        page, problems = self.page, {check: [] for check in CHECKS}
        self.start(url)

        static = target(url)
        try:
            response = page.goto(url, wait_until="load")
            if static.refresh:
                refresh = urllib.parse.urljoin(url, static.refresh)
                problems["links"] += self._check_link(
                    {"raw": static.refresh, "href": refresh, "text": "(meta refresh)"}, url
                )
                page.wait_for_url(refresh, wait_until="load")
        except Exception as error:  # a timeout or a crash: report it as the page not loading
            problems["loads"].append(f"could not open {url}: {error}".splitlines()[0])
            return problems
        if response is None or response.status != 200:
            problems["loads"].append(f"HTTP {response.status if response else '(no response)'} for {url}")
        try:
            self._inspect(problems, screenshot)
        except Exception as error:  # the page crashed, navigated away, hung...: say so, with what was found
            problems["loads"] += self.errors + self.requests
            problems["loads"].append(f"the checks could not finish: {error}".splitlines()[0])
        return problems

    def _inspect(self, problems, screenshot):
        page = self.page
        page.evaluate(WAIT_FOR_IMAGES)
        if page.locator(".math").count():
            try:
                if not page.evaluate("() => Array.from(document.scripts).some(s => /mathjax|tex-|mml-/i.test(s.src))"):
                    raise LookupError("no MathJax script")
                # Sphinx loads MathJax with `defer`: once the page has loaded, it has run or never will.
                page.wait_for_function(
                    "() => window.MathJax && MathJax.startup && MathJax.startup.promise", timeout=2_000
                )
                failure = page.evaluate("() => MathJax.startup.promise.then(() => null, e => String(e))")
                if failure:
                    problems["math"].append(f"MathJax failed: {failure}")
            except Exception:
                problems["math"].append("MathJax did not start (is it loaded, from _static/tex-chtml.js?)")
            problems["math"] += page.evaluate(MATH_PROBLEMS)
        self._settle()
        problems["images"] += page.evaluate(IMAGE_PROBLEMS)
        for link in page.evaluate(LINKS):
            problems["links"] += self._check_link(link, page.url)
        if screenshot:
            screenshot.parent.mkdir(parents=True, exist_ok=True)
            page.screenshot(path=screenshot, full_page=True)
        problems["loads"] += self.errors + self.requests

        errors, requests = len(self.errors), len(self.requests)
        for index, slider in enumerate(page.evaluate(SLIDERS)):
            problems["sliders"] += self._move(index, slider)
        self._settle()
        problems["sliders"] += self.errors[errors:] + self.requests[requests:]

    def _move(self, index, slider):
        name = f"slider {slider['name']}"
        if not slider["svgs"]:
            return [
                f'{name}: no SVG found (give the slider aria-controls="<id of its svg>", '
                "or put it in the same element as its SVG)"
            ]
        locator = self.page.locator('input[type="range"]').nth(index)
        try:
            locator.fill(repr(slider["target"]).removesuffix(".0"), force=True, timeout=5_000)
        except Exception as error:
            return [f"{name}: could not be moved: {error}".splitlines()[0]]
        value = locator.input_value()
        if value == slider["value"]:
            return [f"{name}: its value stayed {value} (check min, max and step)"]
        try:  # each SVG may be redrawn at the next animation frame (or a little later)
            self.page.wait_for_function(
                f"args => ({SVGS_UNCHANGED})(args).length === 0",
                arg=[index, slider["svgs"]],
                timeout=1_000,
                polling="raf",
            )
        except Exception:
            unchanged = self.page.evaluate(SVGS_UNCHANGED, [index, slider["svgs"]])
            return [
                f"{name}: moving it from {slider['value']} to {value} did not change the content of its "
                f"SVG {', '.join(unchanged)} (if the slider drives only some SVGs, list their ids in "
                f"its aria-controls)"
            ]
        return []

    def _check_link(self, link, page_url):
        """Problems with one link: none if it leaves the site or reaches its target (and fragment)."""
        raw, href = link["raw"].strip(), link["href"]
        what = f"link {raw!r} ({link['text']!r})" if link["text"] else f"link {raw!r}"
        scheme = urllib.parse.urlsplit(href)
        if scheme.scheme == "file":
            return [f"{what} points to a local file"]
        if scheme.scheme not in ("http", "https") or not href:
            return []  # mailto:, javascript:, tel:
        if not href.startswith(self.origin):
            if scheme.hostname in ("127.0.0.1", "localhost", "0.0.0.0"):
                return [f"{what} points to a local server, not to the site"]
            return []  # an external link: not checked (no network)
        base, fragment = urllib.parse.urldefrag(href)
        fragment = urllib.parse.unquote(fragment)
        if base == urllib.parse.urldefrag(page_url).url:  # this page: its live DOM
            if fragment and not self.page.evaluate(
                "f => !!(document.getElementById(f) || document.getElementsByName(f).length)", fragment
            ):
                return [f"{what}: no element with id {fragment!r} on this page"]
            return []
        found = target(base)
        if found.status != 200:
            return [f"{what}: HTTP {found.status or ''} {found.reason}".rstrip()]
        if fragment and fragment not in found.ids:
            return [f"{what}: no element with id {fragment!r} in {base[len(self.origin) :] or '/'}"]
        return []
