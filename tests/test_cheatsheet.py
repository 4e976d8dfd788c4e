"""The printable cheat-sheet, `activation-cheatsheet.pdf`, as the built site publishes it.

Rendered with poppler's `pdftoppm` (PNG pages kept in
test-artifacts/cheatsheet/) and read back with `pdftotext`: it must be one or
two landscape pages, name the twelve activations, and print the ranges,
values and slopes the references give (computed here independently of the
sheet's own code: SELU's bound from its constants, GELU's and Swish's minima
with SciPy). The home page and the choosing page link to it.
"""

import html.parser
import os
import shutil
import struct
import subprocess
import urllib.parse

import pytest
from scipy.optimize import minimize_scalar
from support_site import ROOT, require_site

from grader.reference import load_reference

pytestmark = pytest.mark.slow  # end to end: sandboxes, processes, notebooks

ARTIFACTS = ROOT / "test-artifacts" / "cheatsheet"
PDF = "activation-cheatsheet.pdf"
ACTIVATIONS = (
    "Step",
    "Linear",
    "Sigmoid",
    "Tanh",
    "ReLU",
    "Leaky ReLU",
    "PReLU",
    "ELU",
    "SELU",
    "GELU",
    "Swish",
    "Softmax",
)
LINKED_FROM = ("book/intro.html", "book/concepts/choosing.html")
NO_POPPLER = "pdftoppm and pdftotext not found: install Debian's poppler-utils (apt-get install poppler-utils)"


def poppler():
    """Fail (in CI) or skip (elsewhere) when poppler's tools are missing."""
    if not (shutil.which("pdftoppm") and shutil.which("pdftotext")):
        if os.environ.get("CI"):
            pytest.fail(f"CI is set, so the cheat-sheet must be checked: {NO_POPPLER}", pytrace=False)
        pytest.skip(NO_POPPLER)


@pytest.fixture(scope="module")
def sheet():
    path = require_site() / PDF
    assert path.is_file(), f"the site has no {PDF} (bookkit.cheatsheet writes it at build time)"
    return path


@pytest.fixture(scope="module")
def pages(sheet):
    """The text of each page of the sheet (pdftotext, reading order)."""
    poppler()
    text = subprocess.run(["pdftotext", str(sheet), "-"], check=True, capture_output=True, text=True).stdout
    return [page for page in text.split("\f") if page.strip()]


def _minus(text):
    return text.replace("-", "−")


def test_renders_as_one_or_two_landscape_pages(sheet):
    poppler()
    shutil.rmtree(ARTIFACTS, ignore_errors=True)
    ARTIFACTS.mkdir(parents=True)
    subprocess.run(
        ["pdftoppm", "-png", "-r", "100", str(sheet), str(ARTIFACTS / "activation-cheatsheet")],
        check=True,
        capture_output=True,
    )
    images = sorted(ARTIFACTS.glob("*.png"))
    assert 1 <= len(images) <= 2, f"{len(images)} pages: {images}"
    for image in images:
        width, height = struct.unpack(">II", image.read_bytes()[16:24])  # the PNG's IHDR
        assert width > height > 500, f"{image.name} is {width}x{height}: not a landscape page"


def test_names_every_activation(pages):
    text = "\n".join(pages)
    missing = [name for name in ACTIVATIONS if name not in text]
    assert not missing, f"the cheat-sheet does not name {missing}"
    assert 1 <= len(pages) <= 2


def test_prints_the_computed_ranges(pages):
    text = " ".join(" ".join(pages).split())
    fwd = load_reference("01_forward")
    selu_bound = -fwd.SELU_SCALE * fwd.SELU_ALPHA  # approached, never reached
    gelu_min = minimize_scalar(fwd.gelu, bracket=(-2, -0.5, 0)).fun  # reached
    swish_min = minimize_scalar(fwd.swish, bracket=(-3, -1, 0)).fun
    expected = {
        "SELU": _minus(f"({selu_bound:.3f}, ∞)"),
        "GELU": _minus(f"[{gelu_min:.3f}".rstrip("0") + ", ∞)"),
        "Swish": _minus(f"[{swish_min:.3f}".rstrip("0") + ", ∞)"),
        "Sigmoid": "(0, 1)",
        "Tanh": "(−1, 1)",
        "ReLU": "[0, ∞)",
        "Step": "{0, 1}",
    }
    assert expected["SELU"] == "(−1.758, ∞)" and expected["GELU"] == "[−0.17, ∞)"  # not (−∞, ∞)
    missing = {name: interval for name, interval in expected.items() if interval not in text}
    assert not missing, f"ranges missing from the cheat-sheet: {missing}"
    # Value and slope at 0: sigmoid(0) = 1/2, sigmoid'(0) = 1/4; SELU's slope at 0 (its x <= 0 branch) is λα.
    assert "0.5, 0.25" in text
    assert _minus(f"0, {-selu_bound:.4g}") in text


class _Links(html.parser.HTMLParser):
    def __init__(self):
        super().__init__()
        self.hrefs = []

    def handle_starttag(self, tag, attrs):
        if tag == "a" and dict(attrs).get("href"):
            self.hrefs.append(dict(attrs)["href"])


@pytest.mark.parametrize("page", LINKED_FROM)
def test_linked_from(page, sheet):
    site = require_site()
    parser = _Links()
    parser.feed((site / page).read_text(encoding="utf-8"))
    base = urllib.parse.urljoin("http://site/", page)
    targets = {urllib.parse.urljoin(base, href) for href in parser.hrefs}
    assert f"http://site/{PDF}" in targets, f"{page} does not link to {PDF}"
