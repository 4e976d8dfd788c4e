"""Interactive figures that work in the static, offline site: a slider that swaps precomputed curves.

The curves are computed at build time (from the reference implementations,
by the page) for a grid of parameter values and embedded as JSON in a small
self-contained HTML widget: an ``<input type="range">`` with its ``<label>``,
inline ``<svg>`` panels whose ``<polyline>`` points a few lines of vanilla
JavaScript swap when the slider moves. No kernel, no CDN, no network.
Without JavaScript the widget shows the curves for the initial value.
"""

import html
import json

import numpy as np
from IPython.display import HTML
from matplotlib.ticker import MaxNLocator

from bookkit.activations import COLORS

_WIDTH, _HEIGHT = 320, 230
_LEFT, _RIGHT, _TOP, _BOTTOM = 40, 10, 26, 34

_SCRIPT = """
(function () {
  var root = document.getElementById(%(id)s);
  if (!root) { return; }
  var data = JSON.parse(root.querySelector("script[type='application/json']").textContent);
  var input = root.querySelector("input[type='range']");
  var output = root.querySelector("output");
  var lines = root.querySelectorAll("polyline[data-series]");
  var dots = root.querySelectorAll("circle[data-dot]");
  var svgs = root.querySelectorAll("svg[data-description]");
  function show(i) {
    for (var k = 0; k < lines.length; k++) {
      var series = Number(lines[k].getAttribute("data-series"));
      lines[k].setAttribute("points", data.points[series][i]);
    }
    for (var d = 0; d < dots.length; d++) {
      dots[d].setAttribute("cy", data.dots[Number(dots[d].getAttribute("data-dot"))][i]);
    }
    var text = data.parameter + " = " + data.labels[i];
    output.textContent = data.labels[i];
    input.setAttribute("aria-valuetext", text);
    for (var s = 0; s < svgs.length; s++) {
      svgs[s].setAttribute("aria-label", svgs[s].getAttribute("data-description") + " (" + text + ")");
    }
  }
  input.addEventListener("input", function () { show(Number(input.value)); });
  show(Number(input.value));
})();
"""


def _scale(lo, hi, a, b):
    """Return the affine map taking [lo, hi] onto [a, b]."""
    return lambda v: a + (np.asarray(v, dtype=np.float64) - lo) * (b - a) / (hi - lo)


def _points(xs, ys):
    """Return an SVG points string for the pixel coordinates xs, ys."""
    return " ".join(f"{x:.1f},{y:.1f}" for x, y in zip(xs, ys, strict=True))


def _bar_outline(x, y, baseline, half_width):
    """Return the x, y pixel coordinates of a polyline that draws one bar per point, closed on the baseline."""
    xs, ys = [], []
    for xi, yi in zip(x, y, strict=True):
        xs += [xi - half_width, xi - half_width, xi + half_width, xi + half_width]
        ys += [baseline, yi, yi, baseline]
    return np.array(xs), np.array(ys)


def _panel(widget_id, index, panel, n_values, initial, all_points, all_dots):
    """Return the SVG markup of one panel; append the points of its moving series to all_points, and the
    heights of their dots at jumps to all_dots."""
    x = np.asarray(panel["x"], dtype=np.float64)
    ylo, yhi = panel["ylim"]
    bars = panel.get("bars", False)
    xlo, xhi = (x[0] - 0.6, x[-1] + 0.6) if bars else (x[0], x[-1])
    px = _scale(xlo, xhi, _LEFT, _WIDTH - _RIGHT)
    py = _scale(ylo, yhi, _HEIGHT - _BOTTOM, _TOP)
    clip = f"{widget_id}-clip-{index}"
    parts = [
        f'<svg viewBox="0 0 {_WIDTH} {_HEIGHT}" role="img" '
        f'aria-label="{html.escape(panel["description"])}" data-description="{html.escape(panel["description"])}" '
        f'style="flex:1 1 250px;min-width:0;max-width:{_WIDTH}px;height:auto;font:12px sans-serif;fill:currentColor">',
        f'<clipPath id="{clip}"><rect x="{_LEFT}" y="{_TOP}" width="{_WIDTH - _LEFT - _RIGHT}" '
        f'height="{_HEIGHT - _TOP - _BOTTOM}"/></clipPath>',
        f'<text x="{(_LEFT + _WIDTH - _RIGHT) / 2:.1f}" y="16" text-anchor="middle" '
        f'style="font-size:13px">{html.escape(panel["title"])}</text>',
    ]
    if bars:
        xticks = list(zip(x, panel.get("xticklabels", [f"{v:g}" for v in x]), strict=True))
    else:
        xticks = [
            (t, f"{t:g}") for t in MaxNLocator(7, steps=[1, 2, 2.5, 5, 10]).tick_values(xlo, xhi) if xlo <= t <= xhi
        ]
    yticks = [
        t for t in MaxNLocator(6, steps=[1, 2, 2.5, 5, 10]).tick_values(ylo, yhi) if ylo - 1e-12 <= t <= yhi + 1e-12
    ]
    for t in yticks:
        y = float(py(t))
        parts.append(
            f'<line x1="{_LEFT}" x2="{_WIDTH - _RIGHT}" y1="{y:.1f}" y2="{y:.1f}" '
            f'stroke="currentColor" stroke-opacity="{0.6 if t == 0 else 0.12}"/>'
        )
        parts.append(f'<text x="{_LEFT - 5}" y="{y + 4:.1f}" text-anchor="end">{t:g}</text>')
    for t, text in xticks:
        xpix = float(px(t))
        if not bars:
            parts.append(
                f'<line y1="{_TOP}" y2="{_HEIGHT - _BOTTOM}" x1="{xpix:.1f}" x2="{xpix:.1f}" '
                f'stroke="currentColor" stroke-opacity="{0.6 if t == 0 else 0.12}"/>'
            )
        parts.append(
            f'<text x="{xpix:.1f}" y="{_HEIGHT - _BOTTOM + 15}" text-anchor="middle">{html.escape(text)}</text>'
        )
    parts.append(
        f'<text x="{(_LEFT + _WIDTH - _RIGHT) / 2:.1f}" y="{_HEIGHT - 3}" text-anchor="middle">'
        f"{html.escape(panel.get('xlabel', 'x'))}</text>"
    )
    baseline = float(py(max(ylo, 0.0)))
    half_width = 0.3 * (float(px(1)) - float(px(0)))
    # The curve is broken after each index in "breaks" (a jump: no segment joins the two sides).
    cuts = [0, *(i + 1 for i in panel.get("breaks", ())), len(x)]
    pieces = [slice(a, b) for a, b in zip(cuts[:-1], cuts[1:], strict=True)]
    # Fixed reference curves first, so that the moving curves are drawn on top of them.
    order = sorted(range(len(panel["series"])), key=lambda k: np.ndim(panel["series"][k]["y"]) == 2)
    for k in order:
        series = panel["series"][k]
        color = series.get("color", COLORS[k % len(COLORS)])
        y = np.asarray(series["y"], dtype=np.float64)
        moving = y.ndim == 2
        rows = y if moving else y[None, :]
        if moving and len(rows) != n_values:
            raise ValueError(f"series {series['label']!r} has {len(rows)} rows, not {n_values}")
        style = (
            f'fill="{color}" fill-opacity="0.35" stroke="{color}" stroke-width="1.5"'
            if bars
            else f'fill="none" stroke="{color}" stroke-width="2.2"'
        )
        if not moving:
            style += ' stroke-dasharray="5 4" stroke-opacity="0.7"'
        for piece in pieces:
            strings = []
            for row in rows:
                if bars:
                    xs, ys = _bar_outline(px(x[piece]), py(row[piece]), baseline, half_width)
                else:
                    xs, ys = px(x[piece]), py(row[piece])
                strings.append(_points(xs, ys))
            data = ""
            if moving:
                data = f' data-series="{len(all_points)}"'
                all_points.append(strings)
            parts.append(
                f'<polyline clip-path="url(#{clip})" {style}{data} '
                f'points="{strings[initial] if moving else strings[0]}"/>'
            )
        # At a jump: an open dot at the limit from the right, then a filled dot at the value the reference
        # returns at the point itself (on top: where the two coincide, one filled dot shows).
        for at_index, right_index in panel.get("dots", ()):
            cx = float(px(x[at_index]))
            for i, fill in ((right_index, "fill:var(--pst-color-background, #fff)"), (at_index, f"fill:{color}")):
                heights = [f"{float(py(row[i])):.1f}" for row in rows]
                data = ""
                if moving:
                    data = f' data-dot="{len(all_dots)}"'
                    all_dots.append(heights)
                parts.append(
                    f'<circle r="3.5" cx="{cx:.1f}" cy="{heights[initial] if moving else heights[0]}" '
                    f'stroke="{color}" stroke-width="1.5" style="{fill}"{data}/>'
                )
    parts.append("</svg>")
    return "".join(parts)


def _legend_entry(k, series):
    """The legend's HTML for the k-th series of a panel: a solid (moving) or dashed (fixed) line and its label."""
    color = series.get("color", COLORS[k % len(COLORS)])
    dash = "dashed" if np.ndim(series["y"]) == 1 else "solid"
    return (
        f'<span style="margin-right:1.2em;white-space:nowrap"><span aria-hidden="true" '
        f'style="display:inline-block;width:1.6em;border-top:3px {dash} {color};'
        f'vertical-align:middle;margin-right:0.3em"></span>{html.escape(series["label"])}</span>'
    )


def parameter_slider(widget_id, *, parameter, values, panels, initial, value_format="{:g}", label=None):
    """Return an `IPython.display.HTML` widget: a slider over `values` that swaps precomputed curves.

    widget_id: an id unique on the page (letters, digits, hyphens);
    parameter: the parameter's name as shown (e.g. "α"); values: the grid of
    parameter values; initial: the value shown first (it must be in values).
    panels: a list of dicts, one SVG each, with "title", "description" (the
    SVG's aria-label), "x" (the grid of the horizontal axis), "ylim",
    optionally "xlabel", "bars" (draw each series as bars at the points of x)
    and "xticklabels", "breaks" (indices i of x after which the curves jump:
    no segment joins x[i] and x[i + 1]) and "dots" (pairs of indices (i, j):
    a filled dot at each curve's value at x[i], an open one at its value at
    x[j], the limit on the other side of a jump), and "series": a list of dicts with "label" and "y",
    either of shape (len(values), len(x)) (moves with the slider) or (len(x),)
    (a fixed, dashed reference curve), and optionally "color".
    """
    values = [float(v) for v in values]
    start = int(np.argmin([abs(v - initial) for v in values]))
    if abs(values[start] - initial) > 1e-12:
        raise ValueError(f"initial value {initial} is not in values")
    all_points, all_dots = [], []
    svgs = [_panel(widget_id, i, panel, len(values), start, all_points, all_dots) for i, panel in enumerate(panels)]
    labels = [value_format.format(v) for v in values]
    legend, named = [], set()
    for panel in panels:  # every series of every panel, each label once
        for k, series in enumerate(panel["series"]):
            if series["label"] not in named:
                named.add(series["label"])
                legend.append((k, series))
    legend = [_legend_entry(k, series) for k, series in legend]
    payload = json.dumps(
        {"parameter": parameter, "labels": labels, "points": all_points, "dots": all_dots}, separators=(",", ":")
    )
    payload = payload.replace("</", "<\\/")
    input_id = f"{widget_id}-input"
    markup = f"""<div id="{widget_id}" class="activation-slider" style="margin:1em 0">
<div style="display:flex;align-items:center;gap:0.8em;flex-wrap:wrap">
<label for="{input_id}">{html.escape(label or parameter)}</label>
<input type="range" id="{input_id}" min="0" max="{len(values) - 1}" step="1" value="{start}"
 aria-valuetext="{html.escape(parameter)} = {html.escape(labels[start])}" style="flex:1;min-width:12em;max-width:28em">
<output for="{input_id}" style="font-family:monospace;min-width:4em">{html.escape(labels[start])}</output>
</div>
<div style="display:flex;flex-wrap:wrap;gap:0.5em">{"".join(svgs)}</div>
<div style="font-size:0.9em">{"".join(legend)}</div>
<script type="application/json">{payload}</script>
<script>{_SCRIPT % {"id": json.dumps(widget_id)}}</script>
</div>"""
    return HTML(markup)


def function_and_derivative_slider(
    widget_id, func, grad, *, parameter, values, initial, x, name, ylim, dylim, reference=None, label=None, jumps=()
):
    """Return the `parameter_slider` widget of func(x, value) (left panel) and grad(x, value) (right panel).

    func and grad are reference functions taking the parameter as their second
    argument; name is the function's name in plain text; reference, if given,
    is a (label, func, grad) triple of a fixed function drawn dashed in both
    panels for comparison; jumps lists the points where the derivative may
    jump (it is drawn in two pieces there, with a filled dot at the value the
    reference returns at the point and an open dot at the limit from the right).
    """
    x = np.asarray(x, dtype=np.float64)
    rows_f = np.array([func(x, v) for v in values])
    # The derivative's grid gets each jump point and the next float after it, so both sides end exactly there.
    x_d = np.unique(np.concatenate([x, *([at, np.nextafter(at, np.inf)] for at in jumps)]))
    at_indices = [int(np.searchsorted(x_d, at)) for at in jumps]
    rows_d = np.array([grad(x_d, v) for v in values])
    series_f = [{"label": f"{name} with {parameter} from the slider", "y": rows_f}]
    series_d = [{"label": f"{name} with {parameter} from the slider", "y": rows_d}]
    if reference is not None:
        ref_label, ref_f, ref_d = reference
        series_f.append({"label": ref_label, "y": ref_f(x), "color": "#7f7f7f"})
        series_d.append({"label": ref_label, "y": ref_d(x_d), "color": "#7f7f7f"})
    panels = [
        {
            "title": f"{name}(x)",
            "description": f"Plot of {name}(x) for x from {x[0]:g} to {x[-1]:g}",
            "x": x,
            "ylim": ylim,
            "series": series_f,
        },
        {
            "title": f"{name}'(x)",
            "description": f"Plot of the derivative of {name} for x from {x[0]:g} to {x[-1]:g}",
            "x": x_d,
            "ylim": dylim,
            "series": series_d,
            "breaks": at_indices,
            "dots": [(i, i + 1) for i in at_indices],
        },
    ]
    return parameter_slider(widget_id, parameter=parameter, values=values, panels=panels, initial=initial, label=label)
