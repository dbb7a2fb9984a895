"""Altair charts that work offline and update in place.

Every chart of the course is shown through :class:`LiveChart`, a thin wrapper around
``altair.JupyterChart`` in offline mode: the Vega JavaScript comes bundled from
``vl-convert-python`` (no CDN), and a change of input sends only the new numbers to the
browser, never a whole new chart.

Two ways to update, both handled by the chart already on screen:

- ``params``: named values (``alt.param``) that the chart's encodings read;
- ``rows``: the records of the chart's one named data set, replaced in the running view.

>>> import altair as alt
>>> chart = alt.Chart(alt.Data(name="rows")).mark_bar().encode(x="n:Q", y="label:N")
>>> live = LiveChart(chart, rows=[{"label": "a", "n": 1}])
>>> live.update(rows=[{"label": "a", "n": 2}])
>>> live.rows
[{'label': 'a', 'n': 2}]
"""

from __future__ import annotations

import itertools
from collections.abc import Mapping, Sequence
from typing import Any

import altair as alt

__all__ = ["LiveChart", "PALETTE", "enable_offline"]

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

DATA_NAME = "rows"

_updates = itertools.count(1)


def enable_offline() -> None:
    """Serve Vega from the installed packages instead of a CDN (idempotent).

    Also makes plain ``alt.Chart`` objects that a learner displays render offline, through
    Altair's ``jupyter`` renderer.
    """
    alt.JupyterChart.enable_offline()
    alt.renderers.enable("jupyter", offline=True)


def _jsonable(rows: Sequence[Mapping[str, Any]]) -> list[dict[str, Any]]:
    return [{key: _plain(value) for key, value in row.items()} for row in rows]


def _plain(value: Any) -> Any:
    if hasattr(value, "item"):  # numpy scalars
        return value.item()
    return value


class LiveChart:
    """An offline Altair chart whose numbers can change without re-drawing the page.

    ``chart`` reads its data from ``alt.Data(name="rows")`` (when it has rows) and may
    declare ``alt.param`` values. :meth:`update` changes both in the browser in place.
    The widget to display is :attr:`widget`.
    """

    def __init__(self, chart: alt.TopLevelMixin, rows: Sequence[Mapping[str, Any]] | None = None):
        enable_offline()
        self.rows: list[dict[str, Any]] = _jsonable(rows or [])
        if rows is not None:
            chart = chart.properties(datasets={DATA_NAME: self.rows})
        self.widget = alt.JupyterChart(chart, embed_options={"actions": False, "renderer": "svg"})

    @property
    def params(self) -> dict[str, Any]:
        """The chart's current parameter values, as Python sees them."""
        return {name: getattr(self.widget.params, name) for name in self.widget.params.trait_names()}

    def update(self, rows: Sequence[Mapping[str, Any]] | None = None, **params: Any) -> None:
        """Send new rows and/or parameter values to the chart on screen.

        Unknown parameter names raise ValueError naming the known ones.
        """
        known = set(self.widget.params.trait_names())
        unknown = sorted(set(params) - known)
        if unknown:
            raise ValueError(
                f"parameter {unknown[0]!r} is not in this chart; it has {sorted(known)}."
            )
        with self.widget.hold_sync():
            for name, value in params.items():
                setattr(self.widget.params, name, _plain(value))
            if rows is not None:
                self.rows = _jsonable(rows)
                # Altair's own data channel (the one VegaFusion uses): the browser swaps the
                # data set's values in the running Vega view. The serial number makes every
                # update a change, even when the same numbers are sent twice.
                self.widget._py_to_js_updates = [
                    {
                        "namespace": "data",
                        "name": DATA_NAME,
                        "scope": [],
                        "value": self.rows,
                        "serial": next(_updates),
                    }
                ]
