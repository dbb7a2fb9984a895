"""Offline Altair charts that share one copy of the Vega JavaScript.

``altair.JupyterChart`` in offline mode carries the whole Vega bundle (about 0.9 MB, from
``vl-convert-python``) as the anywidget ``_esm`` of *every* chart: each chart's message to the
browser, each chart's ``import`` in the page and, with "Save widget state" on, each chart's
saved state in the notebook repeat it (seven charts: seven copies, 7 MB for the former Lesson 05, now Lessons 06 and 07).

:class:`CourseChart` is a ``JupyterChart`` whose ``_esm`` is a small loader
(``shared_bundle.js``): the bundle lives once, in one hidden :class:`VegaBundle` widget per
kernel, and every chart points to that widget, so the page imports the bundle once and a
saved notebook stores it once. :func:`enable_offline` also makes the plain ``alt.Chart``
objects a learner displays go through :class:`CourseChart` (renderer ``"facenumbers"``).

Building Altair's offline bundle with vl-convert takes about a second in every new kernel,
so the bundle is kept in a cache file (:mod:`facenumbers.charts.bundle_cache`), keyed by what
it is built from; a missing, unreadable, corrupt or unwritable cache only means building it.

>>> enable_offline()
>>> chart = CourseChart(alt.Chart({"values": [{"n": 1}]}).mark_bar().encode(x="n:Q"))
>>> chart._bundle is CourseChart.shared_bundle(), len(chart._esm) < 5_000
(True, True)
>>> len(CourseChart.shared_bundle().source) > 500_000
True
"""

from __future__ import annotations

from importlib.resources import files
from typing import Any

import altair as alt
import anywidget
import ipywidgets
import traitlets
from altair.jupyter import JupyterChart

from facenumbers.charts.bundle_cache import offline_bundle

__all__ = ["CourseChart", "VegaBundle", "enable_offline"]

RENDERER = "facenumbers"


class VegaBundle(anywidget.AnyWidget):
    """The offline Vega bundle, held once per kernel for every :class:`CourseChart`.

    Never displayed: the charts fetch it from the page's widget manager.
    """

    _esm = "export default {};"
    source = traitlets.Unicode("").tag(sync=True)


class CourseChart(JupyterChart):
    """An offline ``JupyterChart`` that shares one Vega bundle with every other chart."""

    _esm = files("facenumbers.charts").joinpath("shared_bundle.js").read_text(encoding="utf-8")
    _bundle = traitlets.Instance(VegaBundle, allow_none=True).tag(
        sync=True, **ipywidgets.widget_serialization)
    _holder: VegaBundle | None = None

    @classmethod
    def shared_bundle(cls) -> VegaBundle:
        """The kernel's one :class:`VegaBundle` (made, from Altair's offline bundle, when
        first needed, and again if it was closed, by ``Widget.close_all()`` say)."""
        if CourseChart._holder is None or CourseChart._holder.comm is None:
            CourseChart._holder = VegaBundle(source=offline_bundle())
        return CourseChart._holder

    @classmethod
    def enable_offline(cls, offline: bool = True) -> None:
        """Always offline: the bundle comes from the shared widget, never from a CDN."""
        if not offline:
            raise ValueError("offline must be True: the course's charts never load from a CDN.")
        cls.shared_bundle()

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("_bundle", CourseChart.shared_bundle())
        super().__init__(*args, **kwargs)


def _render(spec: dict, **metadata: Any) -> dict:
    """Altair renderer: a plain chart displayed as a :class:`CourseChart`."""
    chart = CourseChart(alt.Chart.from_dict(spec), embed_options=metadata.get("embed_options"))
    return chart._repr_mimebundle_()


def enable_offline() -> None:
    """Serve Vega from the installed packages, one copy per page, never from a CDN
    (idempotent). Plain ``alt.Chart`` objects that a learner displays use it too."""
    CourseChart.shared_bundle()
    if RENDERER not in alt.renderers.names():
        alt.renderers.register(RENDERER, _render)
    if alt.renderers.active != RENDERER:
        alt.renderers.enable(RENDERER)
