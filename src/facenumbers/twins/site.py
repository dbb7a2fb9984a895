"""Site mode: a kernel that writes web-page parts instead of live widgets, for ``make site``.

When the website is built, each lesson runs in a kernel whose IPython startup calls
:func:`enable_site_mode` (``site/ipython/profile_default/startup``). From then on:

- a calculator shown by a cell becomes its static twin (:func:`facenumbers.twins.twin_html`),
  which draws and computes in the browser;
- an Altair chart becomes a ``<div class="ftn-chart">`` holding its Vega-Lite spec, drawn by
  the site's own copy of Vega (:func:`chart_html`);

so no page of the website holds a widget that would be frozen without a kernel, and none
loads anything from another server.

>>> import altair as alt
>>> html = chart_html(alt.Chart({"values": [{"n": 1}]}).mark_bar().encode(x="n:Q").to_dict())
>>> html.startswith('<div class="ftn-chart"'), "cdn" in html
(True, False)
"""

from __future__ import annotations

import json
from typing import Any

import altair as alt

from facenumbers.calculators.controls import Calculator
from facenumbers.charts import text_alternative
from facenumbers.charts.offline import RENDERER, CourseChart, enable_offline
from facenumbers.models.validation import require_instance
from facenumbers.twins import plain, twin_html

__all__ = ["chart_html", "enable_site_mode", "widget_chart_spec"]


def chart_html(spec: dict[str, Any]) -> str:
    """A chart as a web page holds it: its Vega-Lite spec, and a text alternative."""
    if not isinstance(spec, dict):
        raise ValueError(f"spec must be a Vega-Lite spec (a dict); got a {type(spec).__name__}.")
    spec = dict(spec)
    if "description" not in spec:
        spec["description"] = text_alternative(alt.Chart.from_dict(spec)) if "mark" in spec or \
            "layer" in spec else "Chart"
    data = json.dumps(plain(spec), ensure_ascii=False, allow_nan=False).replace("</", "<\\/")
    return (f'<div class="ftn-chart"><script type="application/json" class="ftn-chart-spec">'
            f"{data}</script><noscript><p>Chart: {spec['description']} (needs JavaScript)."
            "</p></noscript></div>")


def _render(spec: dict, **_metadata: Any) -> dict[str, str]:
    return {"text/html": chart_html(spec), "text/plain": f"<Chart: {spec.get('description', '')}>"}


def widget_chart_spec(chart: CourseChart) -> dict[str, Any]:
    """The Vega-Lite spec of a chart widget, with its parameters at their current values."""
    require_instance(chart, CourseChart, "chart", "a chart widget (a CourseChart)")
    spec = dict(chart.spec)
    current = dict(chart._params or {})
    spec["params"] = [{**param, "value": current[param["name"]]} if param.get("name") in current
                      else param for param in spec.get("params", [])]
    return spec


def _widget_chart_bundle(chart: CourseChart, include: Any = None, exclude: Any = None) -> dict:
    spec = widget_chart_spec(chart)
    return {"text/html": chart_html(spec), "text/plain": f"<Chart: {spec.get('description', '')}>"}


def _calculator_bundle(calc: Calculator, include: Any = None, exclude: Any = None) -> dict:
    return {"text/html": twin_html(calc), "text/plain": f"<{calc.title}>"}


def enable_site_mode() -> None:
    """Show calculators as static twins and charts as site charts from now on (idempotent)."""
    enable_offline()
    alt.renderers.register(RENDERER, _render)  # the name the package keeps enabling
    alt.renderers.enable(RENDERER)
    try:
        from IPython import get_ipython
    except ImportError:  # pragma: no cover - IPython comes with the kernel
        return
    shell = get_ipython()
    if shell is None:
        return
    formatter = shell.display_formatter.mimebundle_formatter
    formatter.for_type(Calculator, _calculator_bundle)
    formatter.for_type(CourseChart, _widget_chart_bundle)
