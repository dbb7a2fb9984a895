"""Altair charts that work offline and update in place.

Every chart of the course is shown through :class:`LiveChart`, a thin wrapper around
``altair.JupyterChart`` in offline mode: the Vega JavaScript comes bundled from
``vl-convert-python`` (no CDN), held once per kernel and shared by every chart
(:mod:`facenumbers.charts.offline`), and a change of input sends only new parameter values to
the chart already on screen, never a whole new chart.

All of a chart's changing numbers are Vega-Lite parameters (``alt.param``), including its
data rows: :func:`rows_from_param` builds a data source that reads the rows from an
array-valued parameter. Python is the single source of truth: when a chart is displayed
again (a second view, a reloaded page), the browser starts from the chart's first values
and reports them back; :class:`LiveChart` then sends the current values again.

Every chart has a text alternative for screen readers: :class:`LiveChart` gives a chart that
has no Vega-Lite ``description`` one made of its title and subtitle (:func:`text_alternative`),
and Vega shows it as the ``aria-label`` of the element around the chart's SVG, which it marks
``role="graphics-document"`` (without one, Vega would say only "Vega visualization"). A
chart's own ``description``, when it has one, is kept.

>>> import altair as alt
>>> rows = [{"label": "a", "n": 1}, {"label": "b", "n": 2}]
>>> chart = rows_from_param("bars", len(rows), ["label", "n"]).mark_bar().encode(
...     x="n:Q", y="label:N").add_params(alt.param(name="bars", value=rows))
>>> live = LiveChart(chart)
>>> live.update(bars=[{"label": "a", "n": 5}, {"label": "b", "n": 2}])
>>> live.params["bars"][0]["n"]
5
>>> live.widget.spec["description"]
'Chart'
>>> LiveChart(chart.properties(title=alt.Title("Bars", subtitle="Two of them"))).widget.spec["description"]
'Bars. Two of them.'
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from copy import deepcopy
from typing import Any

import altair as alt

from facenumbers.charts.offline import CourseChart, enable_offline

__all__ = ["LiveChart", "PALETTE", "enable_offline", "rows_from_param", "text_alternative"]

#: Okabe-Ito colours, distinguishable with the common forms of colour blindness.
PALETTE = {
    "blue": "#0072B2",
    "orange": "#E69F00",
    "sky": "#56B4E9",
    "green": "#009E73",
    "vermillion": "#D55E00",
    "purple": "#CC79A7",
    "yellow": "#F0E442",
    "grey": "#7F7F7F",
}


def rows_from_param(param: str, count: int, fields: Sequence[str]) -> alt.Chart:
    """A chart whose ``count`` data rows are read from the array-valued parameter ``param``.

    Each row of the parameter must have every one of ``fields``.
    """
    return alt.Chart(alt.sequence(0, count, as_="row_index")).transform_calculate(
        **{field: f"{param}[datum.row_index]['{field}']" for field in fields}
    )


#: The parts of a compound chart, in the order a reader meets them.
_PARTS = ("layer", "hconcat", "vconcat", "concat", "spec")


def _texts(value: Any) -> list[str]:
    """The non-empty lines of a title's ``text`` or ``subtitle`` (a string or a list of them)."""
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, (list, tuple)):
        return []  # Undefined, or an expression only Vega can evaluate
    return [line.strip() for line in value if isinstance(line, str) and line.strip()]


def _sentence(lines: list[str]) -> str:
    text = " ".join(lines)
    return text if text.endswith((".", "?", "!")) else f"{text}."


def _titles(chart: Any) -> list[str]:
    """A chart's title and subtitle as sentences; for a chart without a title, its parts'."""
    title = getattr(chart, "title", alt.Undefined)
    if isinstance(title, Mapping):
        text, subtitle = title.get("text"), title.get("subtitle")
    elif isinstance(title, alt.TitleParams):
        text, subtitle = title.text, title.subtitle
    else:
        text, subtitle = title, alt.Undefined
    found = [_sentence(lines) for lines in (_texts(text), _texts(subtitle)) if lines]
    if found:
        return found
    for part in _PARTS:
        children = getattr(chart, part, alt.Undefined)
        for child in children if isinstance(children, (list, tuple)) else [children]:
            if child is not alt.Undefined and not isinstance(child, (str, Mapping)):
                found.extend(_titles(child))
    return found


def text_alternative(chart: alt.TopLevelMixin) -> str:
    """What a screen reader says for ``chart``: its ``description`` if it has one, else its
    title and subtitle (or, untitled, its parts' titles), else ``"Chart"``.

    >>> text_alternative(alt.Chart().mark_bar().properties(title="People online, 2019"))
    'People online, 2019.'
    >>> text_alternative(alt.Chart().mark_bar().properties(description="Bars of people."))
    'Bars of people.'
    """
    description = getattr(chart, "description", alt.Undefined)
    if isinstance(description, str) and description.strip():
        return description.strip()
    return " ".join(_titles(chart)) or "Chart"


def _plain(value: Any, where: str = "value") -> Any:
    """Python and numpy values as JSON-ready values. NaN and infinity, which JSON cannot carry
    to the browser, become null (the chart leaves the point out); a complex number or another
    object raises TypeError saying where it is.

    >>> import numpy as np
    >>> _plain({"rows": [{"people": np.int64(3), "share": float("nan")}]})
    {'rows': [{'people': 3, 'share': None}]}
    >>> _plain({"rows": [{"people": 1j}]}, "outcomes")
    Traceback (most recent call last):
    ...
    TypeError: outcomes['rows'][0]['people'] is a complex: a chart can show only numbers, text, lists and mappings of them.
    """
    if isinstance(value, Mapping):
        return {key: _plain(item, f"{where}[{key!r}]") for key, item in value.items()}
    if isinstance(value, (list, tuple)):
        return [_plain(item, f"{where}[{index}]") for index, item in enumerate(value)]
    if hasattr(value, "item") and not isinstance(value, (str, bytes)):  # numpy scalars
        value = value.item()
    if value is None or isinstance(value, (bool, str)):
        return value
    if isinstance(value, int):
        if abs(value) > 2**53:
            raise ValueError(f"{where} is too large for a chart to show exactly.")
        return value
    if isinstance(value, float):
        return value if math.isfinite(value) else None
    raise TypeError(f"{where} is a {type(value).__name__}: a chart can show only numbers, text, "
                    "lists and mappings of them.")


class LiveChart:
    """An offline Altair chart whose parameters change without re-drawing the page.

    The widget to display is :attr:`widget`; :attr:`params` are the values it shows. The
    chart's text alternative (see :func:`text_alternative`) becomes its ``description``.
    """

    def __init__(self, chart: alt.TopLevelMixin) -> None:
        enable_offline()
        chart = chart.copy(deep=False)
        chart.description = text_alternative(chart)
        self.widget = CourseChart(chart, embed_options={"actions": False, "renderer": "svg"})
        self._wanted: dict[str, Any] = deepcopy(dict(self.widget._params))
        self.widget.observe(self._on_params_from_browser, names="_params")

    @property
    def params(self) -> dict[str, Any]:
        """The chart's current parameter values."""
        return deepcopy(self._wanted)

    def update(self, **params: Any) -> None:
        """Send new parameter values to every view of the chart.

        Unknown parameter names raise ValueError naming the known ones.
        """
        unknown = sorted(set(params) - set(self._wanted))
        if unknown:
            raise ValueError(
                f"parameter {unknown[0]!r} is not in this chart; it has {sorted(self._wanted)}."
            )
        self._wanted.update({name: _plain(value, name) for name, value in params.items()})
        self._send()

    def _send(self) -> None:
        self.widget._params = deepcopy(self._wanted)

    def _on_params_from_browser(self, change: Mapping[str, Any]) -> None:
        # A view that has just been drawn reports the chart's first values; answer with ours.
        if change["new"] != self._wanted:
            self._send()
