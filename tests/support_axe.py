"""axe-core's WCAG 2 A and AA audit, in light and in dark mode: what the accessibility tests inject and run.

axe-core is node_modules/axe-core (npm ci; make book does it), injected into
the page, so nothing is fetched from outside. tests/test_browser.py audits
every page of both editions with it, tests/test_playground.py the playground
after a run.
"""

import pytest
from support_site import ROOT

AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
NO_AXE = f"axe-core not found at {AXE}: run npm ci (make book does it)"
MODES = ("light", "dark")
AXE_TAGS = ["wcag2a", "wcag2aa"]
FAILING_IMPACTS = ("serious", "critical")

# The serious and critical violations of the page, each with up to three of its elements.
AXE_RUN = """async ([tags, impacts]) => {
  if (window.MathJax && MathJax.startup && MathJax.startup.promise) await MathJax.startup.promise.catch(() => null);
  // The theme fades colours when the mode changes: judge the contrast of the colours it ends with.
  await Promise.all(document.getAnimations().map(animation => animation.finished.catch(() => null)));
  const result = await axe.run(document, {runOnly: {type: 'tag', values: tags}, resultTypes: ['violations']});
  return result.violations.filter(v => impacts.includes(v.impact)).map(v => ({
    id: v.id, impact: v.impact, help: v.help, count: v.nodes.length,
    where: v.nodes.slice(0, 3).map(n => n.target.join(' ')) }));
}"""

# The page shows `mode`: pydata-sphinx-theme's data-theme follows the emulated colour scheme (default_mode: auto).
THEME_IS = """mode => {
  const theme = document.documentElement.dataset.theme;
  return theme === undefined ? matchMedia(`(prefers-color-scheme: ${mode})`).matches : theme === mode;
}"""


def require_axe():
    """axe-core must be there: fails the calling test otherwise (in CI and out)."""
    if not AXE.is_file():
        pytest.fail(NO_AXE, pytrace=False)
