"""Part 3b of ``make bench``: the size of a lesson saved after running.

The lesson is run in JupyterLab (in Debian's Chromium) and saved from the File menu, with and
without the widget manager's 'Save widget state', and once more with Altair's own chart class
(each chart carrying the whole offline Vega bundle, as before the shared bundle); then by
nbclient with ``store_widget_state=True``. Each saved file is opened again without running it,
to count the charts it can still draw, and the copies of the Vega bundle in it are counted.
"""

from __future__ import annotations

import argparse
import json
import tempfile
import time
from pathlib import Path
from typing import Any

from common import ROOT, bs, failure, goal, table
from registry import part

#: The lesson measured, in lessons/.
SAVED_LESSON = "06-policy-tradeoffs.ipynb"
#: The widget manager's settings file (its 'Save widget state' switch), under JupyterLab's settings.
WIDGET_SETTINGS = "@jupyter-widgets/jupyterlab-manager/plugin.jupyterlab-settings"
WIDGET_STATE = "application/vnd.jupyter.widget-state+json"


# The chart class before the shared bundle: Altair's own JupyterChart, each chart carrying the
# whole offline bundle as its _esm (LiveChart looks the class up in facenumbers.charts).
STOCK_CHART_CELL = '''
import altair as alt
import facenumbers.charts


def _stock_offline():
    alt.JupyterChart.enable_offline()
    alt.renderers.enable("jupyter", offline=True)


facenumbers.charts.CourseChart = alt.JupyterChart
facenumbers.charts.enable_offline = _stock_offline  # no shared bundle widget either
'''


def bundle_marker() -> tuple[str, int]:
    """A string found once in the offline Vega bundle (and needing no escaping in JSON), and
    the bundle's size in bytes."""
    import re

    from facenumbers.charts import CourseChart

    bundle = CourseChart.shared_bundle().source
    for match in re.compile(r"[A-Za-z0-9_]{32,}").finditer(bundle, len(bundle) // 2):
        candidate = match.group(0)[:32]
        if bundle.count(candidate) == 1:
            return candidate, len(bundle.encode())
    raise RuntimeError("no distinctive string found in the offline bundle")


def saved_figures(path: Path, marker: str) -> dict[str, int]:
    """Bytes of a saved notebook, its widget state, its charts and the bundle's copies in it."""
    text = path.read_text(encoding="utf-8")
    saved = json.loads(text)
    state = saved.get("metadata", {}).get("widgets", {}).get(WIDGET_STATE, {}).get("state", {})
    charts = [m for m in state.values()  # an alt.JupyterChart, or any subclass of it
              if m.get("model_name") == "AnyModel" and "spec" in m.get("state", {})]
    state_bytes = len(json.dumps(saved.get("metadata", {}).get("widgets", {})).encode()) if state else 0
    return {
        "bytes": len(text.encode()),
        "models": len(state),
        "state_bytes": state_bytes,
        "chart_models": len(charts),
        "copies": text.count(marker),
    }


def _save_in_lab(server: bs.LabServer, chromium: bs.Chromium, path: str) -> tuple[int, float]:
    """Open, run all, wait for the charts, then File > Save: the number of charts drawn, and
    the seconds from Run All to every cell run and every chart drawn."""
    target = server.root_dir / path
    with bs.LabNotebook(server, chromium, path) as notebook:
        notebook.open()
        start = time.perf_counter()
        notebook.run_all()
        notebook.wait_until_run(timeout_s=300)
        run_done = time.perf_counter()
        last, changed = None, run_done
        while True:  # until every chart is drawn and the count has not changed for 1 s
            charts = notebook.charts()
            if charts != last:
                last, changed = charts, time.perf_counter()
            if charts["embeds"] == charts["drawn"] and time.perf_counter() - changed >= 1:
                break
            if time.perf_counter() - run_done > 60:
                break
            notebook.page.wait_for_timeout(50)
        seconds = max(run_done, changed) - start
        problems = notebook.problems(bs.expected_error_cells(target))
        if problems:
            raise RuntimeError(f"{path} did not run cleanly: {problems[:3]}")
        before = target.stat().st_mtime_ns
        page = notebook.page
        page.get_by_role("menuitem", name="File", exact=True).click()
        page.locator('li[data-command="docmanager:save"]').click()
        deadline = time.monotonic() + 60
        while target.stat().st_mtime_ns == before:
            if time.monotonic() > deadline:
                raise RuntimeError(f"{path} was not saved within 60 s")
            page.wait_for_timeout(200)
        page.wait_for_function(  # the tab no longer shows unsaved changes
            "() => !document.querySelector('.lm-TabBar-tab.lm-mod-current.jp-mod-dirty')",
            timeout=30_000)
        page.wait_for_timeout(500)
        return charts["drawn"], seconds


def _reopened_charts(server: bs.LabServer, chromium: bs.Chromium, path: str, wait_s: float = 5) -> int:
    """Open a saved notebook again without running it; the charts drawn from what was saved."""
    with bs.LabNotebook(server, chromium, path) as notebook:
        notebook.open()
        notebook.page.wait_for_timeout(wait_s * 1000)
        return notebook.wait_for_charts(timeout_s=20, settle_s=2)["drawn"]


def saved_lesson(lesson: str = SAVED_LESSON) -> str:
    """A lesson saved after running: from JupyterLab as installed (widget state not saved),
    from JupyterLab with the widget manager's 'Save widget state' on, the same with Altair's
    own chart class (each chart with its own bundle, as before the shared bundle), and from
    nbclient with ``store_widget_state=True`` (what ``jupyter nbconvert --execute`` writes)."""
    import nbformat
    from nbclient import NotebookClient

    marker, bundle_bytes = bundle_marker()
    out = [
        "## 3b. Size of a lesson saved after running",
        "",
        f"`lessons/{lesson}` run from top to bottom in JupyterLab, then saved from the File "
        "menu; then opened again in a fresh page without running it, to count the charts that "
        "what was saved can still draw. Widget state (off in JupyterLab unless a person turns "
        "on 'Save widget state') is what lets a saved notebook show its widgets before the "
        f"kernel runs again. The offline Vega bundle is {bundle_bytes:,} bytes; the course's "
        "charts (`facenumbers.charts.CourseChart`) share one copy, held by one hidden widget "
        "per kernel, and each chart's anywidget `_esm` is a small loader. Its copies are "
        f"counted by a string found once in it (`{marker}`). The row marked *before* runs the "
        "same lesson with a first cell that swaps in Altair's own `alt.JupyterChart`, which "
        "carries the whole bundle as the `_esm` of every chart (`STOCK_CHART_CELL` in "
        "`benchmarks/saved_lesson.py`).",
        "",
    ]
    rows: list[list[Any]] = []
    repo_bytes = (ROOT / "lessons" / lesson).stat().st_size
    rows.append(["As in the repository (not run)", f"{repo_bytes:,}", *[""] * 7])
    figures_by: dict[str, dict[str, int]] = {}

    def row(how: str, figures: dict[str, int], charts: int, reopened: int | str,
            seconds: str) -> list[Any]:
        per_chart = f"{figures['bytes'] // charts:,}" if charts else "n/a"
        return [how, f"{figures['bytes']:,}", charts, reopened, figures["models"],
                f"{figures['state_bytes']:,}", figures["copies"], per_chart, seconds]

    with tempfile.TemporaryDirectory() as scratch_name:
        scratch = Path(scratch_name)
        root_dir = scratch / "notebooks"
        for copy in ("as-installed", "with-state", "before"):
            bs.copy_notebooks(ROOT / "lessons", root_dir / copy)
        patched = nbformat.read(root_dir / "before" / lesson, as_version=4)
        patched.cells.insert(0, nbformat.v4.new_code_cell(STOCK_CHART_CELL))
        nbformat.write(patched, root_dir / "before" / lesson)
        settings = scratch / "lab" / "settings" / WIDGET_SETTINGS
        settings.parent.mkdir(parents=True, exist_ok=True)
        server = chromium = None
        try:
            server = bs.start_lab(root_dir, scratch / "lab")
            chromium = bs.launch_chromium()
            for copy, save_state, how in (
                ("as-installed", False, "JupyterLab as installed (widget state not saved)"),
                ("with-state", True, "JupyterLab with 'Save widget state' on"),
                ("before", True, "*Before*: the same with Altair's own `alt.JupyterChart` "
                                 "(a bundle per chart)"),
            ):
                settings.write_text(json.dumps({"saveState": save_state}))
                charts, seconds = _save_in_lab(server, chromium, f"{copy}/{lesson}")
                figures = saved_figures(root_dir / copy / lesson, marker)
                reopened = _reopened_charts(server, chromium, f"{copy}/{lesson}")
                rows.append(row(how, figures, charts, reopened, f"{seconds:.1f}"))
                figures_by[copy] = figures
        except Exception as problem:
            rows.append(["JupyterLab in the browser", failure(problem), *[""] * 7])
        finally:
            if chromium:
                chromium.stop()
            if server:
                server.stop()
        folder = bs.copy_notebooks(ROOT / "lessons", scratch / "nbclient")
        notebook = nbformat.read(folder / lesson, as_version=4)
        NotebookClient(notebook, timeout=600, kernel_name="python3", store_widget_state=True,
                       allow_errors=True, resources={"metadata": {"path": str(folder)}}).execute()
        nbformat.write(notebook, folder / lesson)
        figures = saved_figures(folder / lesson, marker)
        rows.append(row("nbclient with `store_widget_state=True`", figures, figures["chart_models"],
                        "n/a", "n/a"))
        figures_by["nbclient"] = figures
        figures_by.setdefault("with-state", figures)
    out.append(table(["Saved how", "Bytes", "Charts drawn", "Charts drawn when reopened",
                      "Widget models stored", "Widget state (bytes)", "Copies of the Vega bundle",
                      "Bytes per chart", "Run All to every chart drawn (s)"], rows))
    ours = figures_by["with-state"]
    repeated = ours["copies"] > 1 or figures_by["nbclient"]["copies"] > 1
    out += [
        "",
        f"With widget state saved, {ours['copies']} "
        f"cop{'y' if ours['copies'] == 1 else 'ies'} of the bundle for {ours['chart_models']} "
        "charts: " + ("**the bundle is repeated per chart.**" if repeated
                      else "the bundle is not repeated; every chart points to the one widget "
                           "that holds it."),
    ]
    before = figures_by.get("before")
    if before:
        out.append(f"\nBefore (Altair's own chart class): {before['copies']} copies, "
                   f"{before['bytes']:,} bytes; with the shared bundle {ours['bytes']:,} bytes "
                   f"({100 * (1 - ours['bytes'] / before['bytes']):.0f}% smaller). anywidget "
                   "syncs `_esm` as a trait of every widget instance, so with Altair's class "
                   "each chart's saved state, `comm_open` message and `import` in the page "
                   "carries the whole bundle.")
    goal("Saved lesson: offline chart bundle not repeated per chart",
         f"{ours['copies']} cop{'y' if ours['copies'] == 1 else 'ies'} in "
         f"{ours['chart_models']} charts, {ours['bytes']:,} bytes with widget state"
         + (f" (before: {before['copies']} copies, {before['bytes']:,} bytes)" if before else ""),
         not repeated)
    return "\n".join(out)


@part("saved")
def _saved_part(args: argparse.Namespace) -> str:
    """Part 3b, ``--skip saved``."""
    return saved_lesson()
