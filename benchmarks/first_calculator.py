"""How long a learner waits for the first calculator: part 1c of ``make bench``.

Two measures, each before and after the startup work of the fresh-machine issue (the IRI
parser deferred, facenumbers.deferred_imports; the Vega bundle cached,
facenumbers.charts.bundle_cache). "Before" is reproduced in the same run without any switch
in the course's code: Altair is imported *before* the course (so jsonschema builds its IRI
parsers at once, as it did), and the bundle cache points to a new, empty folder (so vl-convert
builds the bundle, as it did in every kernel).

1. A fresh Python process running ``from facenumbers.calculators import alarm; alarm()``, from
   the interpreter's start to its end. "After" is timed twice: without bytecode caching for
   the course's own modules (this environment sets ``PYTHONDONTWRITEBYTECODE=1``; the packages
   in site-packages have theirs, written by pip), and with it, as on a learner's machine
   (``PYTHONPYCACHEPREFIX``, warmed by one run first, so nothing is written into the repository).
2. In JupyterLab in Debian's Chromium: from Run All Cells, once the kernel is ready, to the
   first chart drawn (an ``svg`` inside a ``.vega-embed``).
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from common import bs, failure, goal, load_average, table
from registry import option, part

#: The goals of the issue: a fresh process to the first calculator, and Run All to the chart.
PROCESS_GOAL_S = 1.0
BROWSER_GOAL_S = 2.0

FIRST_CALCULATOR = "from facenumbers.calculators import alarm; alarm()"
#: As before: Altair first (its IRI parser built at once).
BEFORE = "import altair; " + FIRST_CALCULATOR

_NOTEBOOK_AFTER = ("from facenumbers.calculators import alarm\nalarm()",)
_NOTEBOOK_BEFORE = (
    "import os, tempfile\n"
    "os.environ['FACENUMBERS_CACHE_DIR'] = tempfile.mkdtemp()  # an empty cache, as before\n"
    "import altair  # Altair before the course: its IRI parser is built at once, as before\n"
    "from facenumbers.calculators import alarm\nalarm()",
)
_FIRST_CHART_JS = """() => !!document.querySelector(
    '.jp-NotebookPanel:not(.lm-mod-hidden) .jp-OutputArea-output .vega-embed svg')"""


def _timed_process(code: str, env: dict[str, str]) -> float:
    """Seconds from starting ``python -c code`` in ``env`` to its end."""
    start = time.perf_counter()
    subprocess.run([sys.executable, "-c", code], check=True, env=env, timeout=600,
                   capture_output=True)
    return time.perf_counter() - start


def fresh_process(runs: int) -> dict[str, list[float]]:
    """Seconds per run, by case: "before", "after" (no bytecode cache for the course's own
    modules), "after, with bytecode" (as a learner's machine)."""
    base = {k: v for k, v in os.environ.items() if k != "FACENUMBERS_CACHE_DIR"}
    found: dict[str, list[float]] = {"before": [], "after": [], "after, with bytecode": []}
    with tempfile.TemporaryDirectory() as scratch:
        scratch_path = Path(scratch)
        warm_cache = scratch_path / "cache"
        bytecode = {**base, "FACENUMBERS_CACHE_DIR": str(warm_cache),
                    "PYTHONPYCACHEPREFIX": str(scratch_path / "pycache")}
        bytecode.pop("PYTHONDONTWRITEBYTECODE", None)
        _timed_process(FIRST_CALCULATOR, bytecode)  # fills the cache and the bytecode prefix
        for run in range(runs):
            cold = {**base, "FACENUMBERS_CACHE_DIR": str(scratch_path / f"empty-{run}"),
                    "PYTHONDONTWRITEBYTECODE": "1"}
            found["before"].append(_timed_process(BEFORE, cold))
            found["after"].append(_timed_process(
                FIRST_CALCULATOR, {**base, "FACENUMBERS_CACHE_DIR": str(warm_cache),
                                   "PYTHONDONTWRITEBYTECODE": "1"}))
            found["after, with bytecode"].append(_timed_process(FIRST_CALCULATOR, bytecode))
    return found


def browser_first_chart(runs: int) -> dict[str, list[float]]:
    """Seconds from Run All Cells (kernel ready) to the first chart drawn, before and after."""
    found: dict[str, list[float]] = {"before": [], "after": []}
    with tempfile.TemporaryDirectory() as scratch:
        root = Path(scratch) / "notebooks"
        bs.write_notebook(root / "before.ipynb", *_NOTEBOOK_BEFORE)
        bs.write_notebook(root / "after.ipynb", *_NOTEBOOK_AFTER)
        with bs.lab_and_browser(root, Path(scratch)) as lab:
            # One run of each first, not counted: JupyterLab's own first page load.
            for run in range(runs + 1):
                for case in ("before", "after"):
                    with lab.notebook(f"{case}.ipynb") as notebook:
                        notebook.open()
                        start = time.perf_counter()
                        notebook.run_all()
                        notebook.page.wait_for_function(_FIRST_CHART_JS, timeout=120_000, polling=20)
                        if run:
                            found[case].append(time.perf_counter() - start)
    return found


def summary(times: list[float]) -> str:
    """Median, then min to max, in seconds."""
    return f"{statistics.median(times):.2f} s ({min(times):.2f} to {max(times):.2f})"


def report(runs: int) -> str:
    """Part 1c's section: a fresh process to the first calculator, and Run All to the first
    chart, before and after, ``runs`` times each."""
    out = ["## 1c. The first calculator: a fresh process, and Run All to the first chart", "",
           " ".join((__doc__ or "").split("\n\n")[1].split()), "",
           f"Bytecode: this environment sets PYTHONDONTWRITEBYTECODE="
           f"{os.environ.get('PYTHONDONTWRITEBYTECODE', '(unset)')}; the rows say which way each was "
           f"timed. {runs} runs each; load average before: {load_average()}.", ""]
    process = fresh_process(runs)
    rows = [[f"Fresh process, `{FIRST_CALCULATOR}`: {case}", summary(times)]
            for case, times in process.items()]
    before, after = statistics.median(process["before"]), statistics.median(process["after"])
    rows.append(["Fresh process: before / after (no bytecode either way)", f"{before / after:.1f} times faster"])
    goal(f"A fresh process to the first calculator in at most {PROCESS_GOAL_S:.1f} s (median)",
         f"{after:.2f} s without bytecode caching for the course's modules, "
         f"{statistics.median(process['after, with bytecode']):.2f} s with it; before {before:.2f} s",
         after <= PROCESS_GOAL_S)
    try:
        lab = browser_first_chart(runs)
        rows += [[f"JupyterLab, Run All (kernel ready) to the first chart drawn: {case}",
                  summary(times)] for case, times in lab.items()]
        lab_after = statistics.median(lab["after"])
        goal(f"Run All to the first chart in JupyterLab within {BROWSER_GOAL_S:.0f} s",
             f"{lab_after:.2f} s (before {statistics.median(lab['before']):.2f} s)",
             lab_after <= BROWSER_GOAL_S)
    except Exception as problem:
        rows.append(["JupyterLab, Run All to the first chart", failure(problem)])
    out.append(table(["Measure", "Median (min to max)"], rows))
    return "\n".join(out)


@part("first", option("--first-runs", type=int, default=7,
                      help="runs of each first-calculator measure (part 1c)"))
def _first_part(args: argparse.Namespace) -> str:
    """Part 1c, ``--skip first``."""
    return report(args.first_runs)
