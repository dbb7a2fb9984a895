"""The course's charts share one offline Vega bundle (facenumbers.charts.offline).

Altair's own ``JupyterChart`` carries the whole bundle (about 0.9 MB) as every chart's
anywidget ``_esm``; a notebook saved with widget state then holds one copy per chart. The
course's ``CourseChart`` points to one hidden widget that holds the bundle. (That the charts
draw from it in a real browser, live and from saved widget state: tests/test_browser.py.)
"""

from __future__ import annotations

import json
import re

import altair as alt
import ipywidgets
import nbformat
import pytest
from nbclient import NotebookClient

from facenumbers.charts import LiveChart, enable_offline
from facenumbers.charts.offline import RENDERER, CourseChart, VegaBundle

WIDGET_STATE = "application/vnd.jupyter.widget-state+json"


def _chart() -> alt.Chart:
    return alt.Chart(alt.Data(values=[{"n": 1}])).mark_bar().encode(x=alt.X("n:Q", title="n (people)"))


def _marker(bundle: str) -> str:
    """A string found once in the bundle."""
    for match in re.finditer(r"[A-Za-z0-9_]{32,}", bundle[len(bundle) // 2:]):
        if bundle.count(match.group(0)) == 1:
            return match.group(0)
    raise AssertionError("no distinctive string in the bundle")


def test_every_chart_points_to_the_one_bundle_and_carries_only_a_loader():
    first, second = LiveChart(_chart()).widget, LiveChart(_chart()).widget
    bundle = CourseChart.shared_bundle()
    assert isinstance(bundle, VegaBundle) and first._bundle is bundle and second._bundle is bundle
    assert len(bundle.source) > 500_000  # Vega, Vega-Lite and vega-embed, from vl-convert
    assert len(first._esm) < 5_000 and "get_model" in first._esm
    assert not re.search(r"https?://", first._esm)  # the loader fetches nothing
    state = first.get_state()
    assert state["_bundle"] == f"IPY_MODEL_{bundle.model_id}"
    assert _marker(bundle.source) not in json.dumps(state, default=str)


def test_a_closed_bundle_is_made_again_for_new_charts():
    old = CourseChart.shared_bundle()
    old.close()
    chart = LiveChart(_chart()).widget
    assert chart._bundle is CourseChart.shared_bundle() and chart._bundle is not old
    assert chart._bundle.comm is not None and chart._bundle.source == old.source


def test_the_bundle_is_altairs_offline_bundle_and_never_a_cdn():
    enable_offline()
    assert CourseChart.shared_bundle().source == alt.JupyterChart._esm
    assert "cdn.jsdelivr" not in CourseChart.shared_bundle().source
    with pytest.raises(ValueError, match="offline must be True"):
        CourseChart.enable_offline(False)


def test_a_learners_plain_chart_is_drawn_through_the_shared_bundle():
    enable_offline()
    assert alt.renderers.active == RENDERER
    bundle, _ = _chart()._repr_mimebundle_()
    view = bundle["application/vnd.jupyter.widget-view+json"]
    widget = ipywidgets.widgets.widget._instances[view["model_id"]]  # the live widgets, by id
    assert isinstance(widget, CourseChart) and widget._bundle is CourseChart.shared_bundle()


@pytest.mark.notebooks
def test_a_notebook_saved_with_widget_state_holds_the_bundle_once(tmp_path):
    notebook = nbformat.v4.new_notebook()
    notebook.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    notebook.cells = [nbformat.v4.new_code_cell(source) for source in (
        "from facenumbers.calculators import alarm, gallery_size, matcher",
        "alarm()", "gallery_size()", "matcher()",
    )]
    NotebookClient(notebook, timeout=300, kernel_name="python3", store_widget_state=True,
                   resources={"metadata": {"path": str(tmp_path)}}).execute()
    text = nbformat.writes(notebook)
    state = notebook.metadata["widgets"][WIDGET_STATE]["state"]
    charts = [m for m in state.values() if "spec" in m["state"]]
    holders = [m for m in state.values() if len(m["state"].get("source", "")) > 500_000]
    assert len(charts) >= 3 and len(holders) == 1
    assert text.count(_marker(holders[0]["state"]["source"])) == 1
    assert len(text) < 1_000_000 + 300_000 * len(charts)
