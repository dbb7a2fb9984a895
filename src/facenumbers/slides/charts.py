"""The key charts of a lesson as static SVG, drawn by running the lesson headless.

:func:`draw_key_charts` copies the lessons to a scratch folder, runs one lesson with nbclient
(as the tests do), and right after each key chart's cell runs one more cell that hands the
chart just shown (IPython's ``_``) to :func:`capture_chart`: it draws the chart's Vega-Lite
spec as SVG with vl-convert (title, axes, legend and all) and evaluates the chart's one-line
summary (``describe_*`` from the charts module; see
:class:`facenumbers.slides.content.KeyChart`). Each lesson is run once; the calculators in it
run too, but their output is not used (the slides name them instead).

>>> import altair as alt
>>> from facenumbers.charts import LiveChart
>>> chart = alt.Chart(alt.Data(values=[{"n": 1}])).mark_bar().encode(x=alt.X("n:Q", title="People"))
>>> drawn = chart_figure(LiveChart(chart.properties(title="One bar")).widget, "One bar of 1.")
>>> drawn["summary"], drawn["label"], drawn["svg"].startswith("<svg")
('One bar of 1.', 'One bar', True)
>>> 'role="img"' in drawn["svg"]
True
"""

from __future__ import annotations

import html
import json
import re
import shutil
import tempfile
from pathlib import Path
from typing import Any

import nbformat
import vl_convert
from nbclient import NotebookClient

from facenumbers.slides.content import KeyChart, LessonOutline

__all__ = ["MIME", "capture_chart", "chart_figure", "draw_key_charts", "lesson_in_words"]

#: The output type of :func:`capture_chart` in the executed notebook.
MIME = "application/vnd.facenumbers.slide-chart+json"
#: A font that vl-convert measures text with and that browsers draw it with, when the system
#: has it (Debian's fonts-dejavu-core, which Chromium uses for sans-serif there); without it
#: vl-convert's own default is used. A wide font, so a narrower one never overflows.
CHART_FONT = ("DejaVu Sans", Path("/usr/share/fonts/truetype/dejavu"))
#: Seconds a lesson may take to run.
LESSON_TIMEOUT_S = 300


def chart_figure(widget: Any, summary: str | None) -> dict[str, str]:
    """A displayed course chart (``LiveChart.widget``) as ``{"svg", "label", "summary"}``.

    The SVG's root is marked ``role="img"`` with the chart's text alternative (its Vega-Lite
    ``description``: title and subtitle) as its ``aria-label``.
    """
    spec = getattr(widget, "spec", None)
    if not isinstance(spec, dict) or not spec:
        raise TypeError(f"widget must be a displayed course chart (LiveChart.widget); got {type(widget).__name__}.")
    spec = json.loads(json.dumps(spec))
    params = getattr(widget, "params", None)
    for param in spec.get("params", []):
        name = param.get("name")
        if "value" in param and params is not None and name in getattr(params, "trait_names", list)():
            param["value"] = json.loads(json.dumps(getattr(params, name)))
    label = str(spec.get("description") or "Chart").rstrip(".")
    svg = vl_convert.vegalite_to_svg(spec, config=_font_config())
    svg = re.sub(r"^<svg ", f'<svg role="img" aria-label="{html.escape(label)}" ', svg, count=1)
    return {"svg": svg, "label": label, "summary": summary or ""}


_FONTS_REGISTERED: list[str] = []


def _font_config() -> dict[str, str] | None:
    """Vega-Lite config naming :data:`CHART_FONT` when the system has it (registered once)."""
    name, folder = CHART_FONT
    if not folder.is_dir():
        return None
    if not _FONTS_REGISTERED:
        vl_convert.register_font_directory(str(folder))
        _FONTS_REGISTERED.append(name)
    return {"font": name}


def capture_chart(widget: Any, summary: str | None) -> None:
    """Display :func:`chart_figure` as one output of type :data:`MIME` (run in the kernel)."""
    from IPython.display import display

    display({MIME: chart_figure(widget, summary)}, raw=True)


def _capture_cell(chart: KeyChart) -> nbformat.NotebookNode:
    summary = chart.summary if chart.summary else "None"
    source = "\n".join(line for line in (
        "from facenumbers.slides.charts import capture_chart as _slides_capture_chart",
        chart.imports,
        f"_slides_capture_chart(_, {summary})",
    ) if line)
    return nbformat.v4.new_code_cell(source, metadata={"slides_capture": True})


def lesson_in_words(outline: LessonOutline, cell: int) -> str:
    """The lesson's own "In words:" sentence in the text cell right after ``cell`` ("" if none)."""
    cells = outline.notebook.cells
    for after in cells[cell + 1:cell + 3]:
        if after.cell_type != "markdown":
            continue
        found = re.match(r"In words:\s*(.+?)(?:\n\s*\n|\Z)", after.source, re.DOTALL)
        if found and not found[1].lstrip().startswith("-"):
            return " ".join(found[1].split())
    return ""


def draw_key_charts(root: Path, outline: LessonOutline) -> list[dict[str, str]]:
    """Run the lesson once, headless, and return its key charts in the order of
    ``outline.charts``, each ``{"svg", "label", "summary", "cell"}``.

    Raises RuntimeError naming the lesson and the chart when a chart cell shows no chart or a
    cell fails.
    """
    if not outline.charts:
        return []
    notebook = nbformat.from_dict(json.loads(json.dumps(outline.notebook)))
    for chart, index in sorted(outline.charts, key=lambda pair: -pair[1]):
        notebook.cells.insert(index + 1, _capture_cell(chart))
    scratch = Path(tempfile.mkdtemp(prefix="slides-"))
    try:
        shutil.copytree(Path(root) / "lessons", scratch / "lessons",
                        ignore=shutil.ignore_patterns(".ipynb_checkpoints"))
        client = NotebookClient(notebook, timeout=LESSON_TIMEOUT_S, kernel_name="python3",
                                resources={"metadata": {"path": str(scratch / "lessons")}})
        try:
            client.execute()
        except Exception as problem:
            raise RuntimeError(f"{outline.stem}: running the lesson for its slides failed: {problem}") from None
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    captured = [cell for cell in notebook.cells if cell.metadata.get("slides_capture")]
    drawn = []
    for (chart, index), cell in zip(sorted(outline.charts, key=lambda pair: pair[1]), captured):
        outputs = [o for o in cell.outputs if MIME in o.get("data", {})]
        if not outputs:
            raise RuntimeError(f"{outline.stem}: the key chart cell {chart.cell!r} showed no chart.")
        figure = dict(outputs[0]["data"][MIME])
        if not figure["summary"]:
            figure["summary"] = lesson_in_words(outline, index)
        figure["cell"] = chart.cell
        drawn.append(figure)
    order = {chart.cell: n for n, (chart, _) in enumerate(outline.charts)}
    return sorted(drawn, key=lambda figure: order[figure["cell"]])
