"""Part 3 of ``make bench``: in JupyterLab, a slider's key press to the chart redrawn.

JupyterLab on 127.0.0.1 in Debian's Chromium (headless, through Playwright): every calculator
in a notebook of its own, next to its naive twin (an Output cleared and given a brand-new
chart on every change). A MutationObserver on the chart (:data:`MEASURE_JS`) times each arrow
key press from its ``keydown`` to the chart's last change; :func:`measure_slider` presses one
slider and collects the times, and can measure any page whose chart sits under one element.

The figures are also left in ``common.FIGURES["browser"]`` for a later part, by calculator:
``{"slider": input name, "ours": ..., "naive": ...}``, each as :func:`measure_slider` returns.
"""

from __future__ import annotations

import argparse
import json
import math
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING, Any

from common import FIGURES, ROOT, bs, failure, goal, ms, percentile, table
from registry import option, part

if TYPE_CHECKING:
    from collections.abc import Callable

    from playwright.sync_api import Locator, Page

    from facenumbers.calculators.controls import Calculator

#: One notebook per calculator, in a temporary folder served by JupyterLab.
BENCH_NOTEBOOK = "_bench_redraw_{name}.ipynb"
#: The goals: a median under this many ms per calculator, and this many times the naive speed.
BROWSER_GOAL_MS = 60
BROWSER_GOAL_RATIO = 1.5

# The naive pattern, built the same way for every calculator: a slider like the calculator's
# and an Output; on every change, the Output is cleared and given a brand-new chart of the
# calculator's chart class (facenumbers' CourseChart, an alt.JupyterChart) with the new numbers. The numbers come from a second instance of
# the same calculator that is never displayed (its slider is set exactly as a person's press
# would set it, so the same code computes them): the chart is the only thing that differs.
NAIVE_SETUP_CELL = """
import altair as alt
import ipywidgets as widgets
from IPython.display import display
from facenumbers.charts import CourseChart, enable_offline

enable_offline()
EMBED = {"actions": False, "renderer": "svg"}  # as facenumbers.charts.LiveChart


def fresh_chart(template, params):
    chart = template.copy(deep=True)
    for param in chart.params:
        if param.name in params:
            param.value = params[param.name]
    return CourseChart(chart, embed_options=EMBED)


def naive(factory, name):
    twin = factory()  # never displayed: it computes the numbers
    like = twin.inputs[name].slider
    extra = {"base": like.base} if isinstance(like, widgets.FloatLogSlider) else {}
    slider = type(like)(value=like.value, min=like.min, max=like.max, step=like.step,
                        continuous_update=True, readout=False, **extra)
    out = widgets.Output()

    def draw(change=None):
        like.value = slider.value
        with out:
            out.clear_output(wait=True)
            display(fresh_chart(twin.live.widget.chart, twin.live.params))

    slider.observe(draw, names="value")
    draw()
    return widgets.VBox([slider, out])
"""
CALCULATOR_CELL = """
from facenumbers.calculators import {name}
ours_{name} = {name}()
_ = ours_{name}.add_class("bench-ours-{name}")  # add_class returns the widget
naive_{name} = naive({name}, {input!r})
_ = naive_{name}.add_class("bench-naive-{name}")
display(ours_{name}, naive_{name})
"""


def _press(slider: Any, direction: int) -> None:
    """What one arrow key does to an ipywidgets slider: one step right (1) or left (-1)."""
    import ipywidgets as widgets

    if isinstance(slider, widgets.FloatLogSlider):
        exponent = math.log(slider.value, slider.base) + direction * slider.step
        slider.value = slider.base ** min(max(exponent, slider.min), slider.max)
    else:
        slider.value = min(max(slider.value + direction * slider.step, slider.min), slider.max)


def visible_inputs(calc: Calculator) -> list[str]:
    """The calculator's inputs, less those in a closed section of an accordion."""
    import ipywidgets as widgets

    hidden: set[int] = set()
    for child in calc.children:
        if isinstance(child, widgets.Accordion):
            for index, section in enumerate(child.children):
                if index != child.selected_index:
                    hidden.update(id(box) for box in section.children)
    return [name for name, box in calc.inputs.items() if id(box) not in hidden]


def press_pattern(slider: Any, presses: int, warmup: int = 2) -> list[int] | None:
    """The presses for one slider (1 right, -1 left): a warm-up step away and back, then half
    the presses away from the start and half back, so that every press on the way out reaches
    a value not seen before (as when a person sweeps the slider). Away is to the right (larger
    values) when the slider has room for it, else to the left; None when it has room for
    neither."""
    import ipywidgets as widgets

    position = (math.log(slider.value, slider.base) if isinstance(slider, widgets.FloatLogSlider)
                else slider.value)
    left, right = (position - slider.min) / slider.step, (slider.max - position) / slider.step
    out = (presses + 1) // 2
    if max(left, right) < out + 1:
        return None
    away = 1 if right >= out + 1 else -1
    return [away, -away][:warmup] + [away] * out + [-away] * (presses - out)


def pick_slider(factory: Callable[[], Calculator], presses: int) -> tuple[str, str, list[int]] | None:
    """The first visible input whose every press of :func:`press_pattern` from the defaults
    changes the chart's parameters: (name, label, pattern), or None when there is none."""
    calc = factory()
    for name in visible_inputs(calc):
        box = calc.inputs[name]
        pattern = press_pattern(box.slider, presses)
        if pattern is None:
            continue
        start = {n: b.value for n, b in calc.inputs.items()}
        for direction in pattern:
            before = json.dumps(calc.live.params, sort_keys=True, default=str)
            _press(box.slider, direction)
            if json.dumps(calc.live.params, sort_keys=True, default=str) == before:
                break
        else:
            return name, box.label, pattern
        calc.set_values(**start)  # back to the defaults before trying the next input
    return None


def _css_string(text: str) -> str:
    """``text`` as a double-quoted CSS string (for an attribute selector)."""
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


# Started just before a key press: resolves with the time from the keydown to the last change
# in the chart's element, once nothing has changed for quietMs and a chart is drawn there
# (a replaced chart must have drawn its marks).
MEASURE_JS = """([rootSel, quietMs, timeoutMs]) => {
    const root = document.querySelector(rootSel);
    if (!root) throw new Error('nothing matches ' + rootSel);
    const oldSvg = root.querySelector('svg');
    let t0 = null, last = null;
    const onKey = () => { if (t0 === null) t0 = performance.now(); };
    document.addEventListener('keydown', onKey, true);
    const observer = new MutationObserver(() => { if (t0 !== null) last = performance.now(); });
    observer.observe(root, {subtree: true, childList: true, attributes: true, characterData: true});
    const begun = performance.now();
    window.__benchResult = new Promise(resolve => {
        const finish = value => {
            observer.disconnect();
            document.removeEventListener('keydown', onKey, true);
            resolve(value);
        };
        const tick = () => {
            const now = performance.now();
            if (t0 !== null && last !== null && now - last >= quietMs) {
                const svg = root.querySelector('svg');
                const replaced = svg !== oldSvg;
                if (svg && (!replaced || svg.querySelector('.role-mark > *'))) {
                    return finish({ms: last - t0, replaced});
                }
            }
            if (now - begun > timeoutMs) return finish({ms: null, replaced: false});
            setTimeout(tick, 5);
        };
        tick();
    });
}"""


_TWO_CHARTS_JS = """() => [...document.querySelectorAll(
    '.jp-NotebookPanel:not(.lm-mod-hidden) .vega-embed')].filter(e => e.querySelector('svg')).length >= 2"""


def press_and_measure(page: Page, handle: Locator, root: str, key: str, quiet_ms: int,
                      timeout_ms: int) -> dict[str, Any]:
    """Press ``key`` on ``handle`` with :data:`MEASURE_JS` watching ``root``:
    ``{"ms": keydown to the last change, or None when nothing was redrawn in time,
    "replaced": whether the chart's svg is a new one}``."""
    page.evaluate(MEASURE_JS, [root, quiet_ms, timeout_ms])
    handle.press(key)
    return page.evaluate("window.__benchResult")


def measure_slider(page: Page, slider: str, root: str, pattern: list[int], warmup: int = 2,
                   quiet_ms: int = 150, timeout_ms: int = 5_000) -> dict[str, Any]:
    """Focus the element ``slider`` and press the arrow keys of ``pattern`` (1 right, -1 left),
    timing each redraw of the chart under ``root``; the first ``warmup`` presses are not
    counted. ``{"timings": ms of each press redrawn, "sequence": ms or None per press, in
    order, "missed": presses without a redraw, "replaced": presses that replaced the chart}``."""
    handle = page.locator(slider)
    page.locator(root).scroll_into_view_if_needed()
    handle.scroll_into_view_if_needed()
    handle.focus()
    keys = {1: "ArrowRight", -1: "ArrowLeft"}
    timings: list[float] = []
    sequence: list[float | None] = []
    missed, replaced = 0, 0
    for index, direction in enumerate(pattern):
        result = press_and_measure(page, handle, root, keys[direction], quiet_ms, timeout_ms)
        page.wait_for_timeout(100)  # let the readout and text box settle too
        if index < warmup:
            continue
        sequence.append(result["ms"])  # in order of the presses; None: no redraw seen
        if result["ms"] is None:
            missed += 1
        else:
            timings.append(result["ms"])
            replaced += bool(result["replaced"])
    return {"timings": timings, "sequence": sequence, "missed": missed, "replaced": replaced}


# Run by profile_presses in a new interpreter, with benchmarks/ as argv[1].
PROFILE_PRESSES_CODE = """
import json, sys
sys.path.insert(0, sys.argv[1])
import browser, common
from facenumbers import calculators
name, input_name, pattern = json.loads(sys.argv[2])
slider = getattr(calculators, name)().inputs[input_name].slider
text, seconds = common.profiled([lambda d=d: browser._press(slider, d) for d in pattern])
print(json.dumps({"text": text, "seconds": seconds}))
"""


def profile_presses(name: str, input_name: str, pattern: list[int]) -> tuple[str, float]:
    """cProfile of a calculator's slider presses in a new interpreter, so that no cache this
    process filled (picking the slider ran the same presses) hides the cost."""
    done = subprocess.run(
        [sys.executable, "-c", PROFILE_PRESSES_CODE, str(ROOT / "benchmarks"),
         json.dumps([name, input_name, pattern])],
        capture_output=True, text=True, check=True, timeout=600, cwd=ROOT)
    found = json.loads(done.stdout.strip().splitlines()[-1])
    return found["text"], found["seconds"]


def browser(presses: int) -> str:
    """Part 3's section: every calculator and its naive twin, ``presses`` key presses each."""
    from facenumbers import calculators

    out = [
        "## 3. Browser: slider key press to redrawn chart, every calculator",
        "",
        "JupyterLab on 127.0.0.1 in Debian's Chromium (headless, through Playwright). Every "
        "calculator of `facenumbers.calculators.__all__` in a notebook of its own, followed by "
        "its naive twin (as in a lesson: one calculator, a few charts). A MutationObserver on "
        "the chart measures from the `keydown` of an arrow key on the slider to the chart's last "
        "DOM change (the chart then stays unchanged for 150 ms). The slider is picked "
        "automatically: the first input, in the open part of the calculator, whose every press "
        f"changes the chart. Each row: {presses} presses after 2 warm-up presses, half of them "
        "to the right (to the left if the slider has no room) and half back, so that every "
        "press on the way out reaches a new value (nothing cached), as when a person sweeps "
        "the slider; the spread is the 95th percentile. **Ours**: the calculator, whose chart "
        "stays on screen and gets new parameters (its readout and text box are updated too). **Naive**: a slider "
        "like the calculator's and an `ipywidgets.Output` that is cleared and given a "
        "brand-new chart (the same class as the calculator's, `CourseChart`) with the new parameters on "
        "every change; its numbers come from a second, undisplayed instance of the same "
        "calculator. Times in ms. Goals: median under "
        f"{BROWSER_GOAL_MS} ms and at least {BROWSER_GOAL_RATIO}x faster than the naive pattern.",
        "",
    ]
    reason = bs.browser_unavailable_reason()
    if reason:
        out.append(f"**Skipped:** {reason}.")
        goal(f"Browser: key press to redrawn chart, median < {BROWSER_GOAL_MS} ms, every calculator",
             "skipped", None)
        return "\n".join(out)
    picks: dict[str, tuple[str, str, list[int]] | None] = {
        name: pick_slider(getattr(calculators, name), presses) for name in calculators.__all__
    }
    measured = {name: pick for name, pick in picks.items() if pick}
    with tempfile.TemporaryDirectory() as scratch_name:
        scratch = Path(scratch_name)
        root_dir = scratch / "notebooks"
        for name, (input_name, _label, _pattern) in measured.items():
            bs.write_notebook(root_dir / BENCH_NOTEBOOK.format(name=name), NAIVE_SETUP_CELL,
                              CALCULATOR_CELL.format(name=name, input=input_name))
        server: bs.LabServer | None = None
        chromium: bs.Chromium | None = None
        results: dict[tuple[str, str], dict[str, Any]] = {}
        external: list[str] = []
        console: list[str] = []
        broken: dict[str, str] = {}
        try:
            server = bs.start_lab(root_dir, scratch / "lab")
            chromium = bs.launch_chromium()
            for name, (_input, label, pattern) in measured.items():
                try:
                    with bs.LabNotebook(server, chromium, BENCH_NOTEBOOK.format(name=name)) as notebook:
                        notebook.open()
                        notebook.run_all()
                        notebook.wait_until_run(timeout_s=300)
                        page = notebook.page
                        try:  # both charts: a chart still loading its JavaScript is not yet counted
                            page.wait_for_function(_TWO_CHARTS_JS, timeout=90_000, polling=100)
                        except Exception:
                            pass
                        charts = notebook.wait_for_charts(timeout_s=30)
                        problems = notebook.problems()
                        if problems or charts["drawn"] != 2:
                            raise RuntimeError(f"the notebook did not draw its 2 charts: {charts}; "
                                               f"{problems}")
                        ours_root = f".bench-ours-{name}"
                        title = _css_string(f"Type a value for {label}")
                        results[("ours", name)] = measure_slider(
                            page, f'{ours_root} .widget-hbox:has(input[title={title}]) [role="slider"]',
                            f"{ours_root} .vega-embed", pattern,
                        )
                        results[("naive", name)] = measure_slider(
                            page, f'.bench-naive-{name} [role="slider"]',
                            f".bench-naive-{name} .widget-output", pattern,
                        )
                        external += notebook.external_requests()
                        console += notebook.log.console_errors
                except Exception as problem:  # one calculator's failure spoils only its row
                    broken[name] = failure(problem)
        except Exception as problem:
            out.append(failure(problem))
            goal(f"Browser: key press to redrawn chart, median < {BROWSER_GOAL_MS} ms, every calculator",
                 "failed to run", False)
            return "\n".join(out)
        finally:
            if chromium:
                chromium.stop()
            if server:
                server.stop()
    FIGURES["browser"] = {name: {"slider": measured[name][0], "ours": results[("ours", name)],
                                 "naive": results[("naive", name)]}
                          for name in measured if name not in broken}
    rows: list[list[Any]] = []
    worst: tuple[str, float] | None = None
    slowest_ratio: tuple[str, float] | None = None
    verdicts: list[tuple[bool, bool]] = []
    slow: list[str] = []
    split: list[str] = []
    for name in calculators.__all__:
        if name not in measured or name in broken:
            rows.append([name, broken.get(name, "(no slider changes the chart)"), *["n/a"] * 9])
            if name in broken:  # a calculator with no such slider is judged apart (below)
                verdicts.append((False, False))
            continue
        ours, naive = results[("ours", name)], results[("naive", name)]
        cells = []
        for result in (ours, naive):
            t = result["timings"]
            cells += [ms(statistics.median(t)) if t else "n/a", ms(percentile(t, 95)) if t else "n/a"]
        ours_median = statistics.median(ours["timings"]) if ours["timings"] else None
        naive_median = statistics.median(naive["timings"]) if naive["timings"] else None
        ratio = naive_median / ours_median if ours_median and naive_median else None
        counted = f"{len(ours['timings'])} / {len(naive['timings'])} of {presses}"
        missed = ours["missed"] + naive["missed"]
        fast = ours_median is not None and ours_median < BROWSER_GOAL_MS and not ours["missed"]
        faster = ratio is not None and ratio >= BROWSER_GOAL_RATIO
        if ours_median is not None and (worst is None or ours_median > worst[1]):
            worst = (name, ours_median)
        if ratio is not None and (slowest_ratio is None or ratio < slowest_ratio[1]):
            slowest_ratio = (name, ratio)
        rows.append([name, f"`{measured[name][0]}`", *cells,
                     f"{ratio:.1f}x" if ratio else "n/a",
                     counted + (f" ({missed} without a redraw)" if missed else ""),
                     f"{ours['replaced']} / {naive['replaced']}",
                     "met" if fast else "**missed**", "met" if faster else "**missed**"])
        verdicts.append((fast, faster))
        half = (len(ours["sequence"]) + 1) // 2  # presses to new values, then presses back
        way_out = [t for t in ours["sequence"][:half] if t is not None]
        way_back = [t for t in ours["sequence"][half:] if t is not None]
        out_median = statistics.median(way_out) if way_out else None
        split.append(f"{name} {ms(out_median)} / "
                     f"{ms(statistics.median(way_back)) if way_back else 'n/a'}")
        if not fast or out_median is None or out_median >= BROWSER_GOAL_MS:
            slow.append(name)
    out.append(table(["Calculator", "Slider", "Ours: median", "p95", "Naive: median", "p95",
                      "Naive / ours (medians)", "Presses counted (ours / naive)",
                      "Presses that replaced the chart (ours / naive)",
                      f"Median < {BROWSER_GOAL_MS} ms", f">= {BROWSER_GOAL_RATIO}x faster"], rows))
    out += [
        "",
        "Ours, median of the presses to new values / of the presses back (ms): "
        + "; ".join(split) + ". A calculator that caches what it computed is quicker on the "
        "way back; the goal is judged on all presses together.",
        "",
        f"Requests outside 127.0.0.1 during the run: {len(external) or 'none'}. "
        f"Console errors: {len(console) or 'none'}.",
    ]
    for name in slow:  # over the goal, in all or on the way out: where the time goes
        input_name, _label, pattern = measured[name]
        try:
            text, seconds = profile_presses(name, input_name, pattern)
        except Exception as problem:
            out += ["", f"Profile of `{name}`: {failure(problem)}"]
            continue
        out += ["", f"Profile of `{name}` (over {BROWSER_GOAL_MS} ms in all or on the way out): "
                f"the same {len(pattern)} presses of `{input_name}` in a new Python process "
                f"(nothing cached, as in the notebook's kernel) under cProfile ({seconds:.2f} s "
                f"in all, {1000 * seconds / len(pattern):.1f} ms a press); the top functions by "
                "cumulative time:", "", text]
    # A calculator none of whose open sliders moves its chart from the defaults (the policy
    # simulator: its open section holds the weights, all 0) cannot be measured here; the goals
    # are judged on the calculators that have such a slider, and the report names the others.
    unmeasurable = [name for name, pick in picks.items() if pick is None]
    everyone = len(measured) == len(calculators.__all__) - len(unmeasurable)
    if unmeasurable:
        out += ["", "Not measured (no open slider moves the chart from the defaults): "
                f"{', '.join(unmeasurable)}."]
    goal(f"Browser: key press to redrawn chart, median < {BROWSER_GOAL_MS} ms, every calculator with a slider that moves its chart",
         f"slowest median {ms(worst[1])} ms ({worst[0]})" if worst else "n/a",
         everyone and all(fast for fast, _ in verdicts))
    goal(f"Browser: at least {BROWSER_GOAL_RATIO}x faster than the naive pattern, every calculator with a slider that moves its chart",
         f"smallest ratio {slowest_ratio[1]:.1f}x ({slowest_ratio[0]})" if slowest_ratio else "n/a",
         everyone and all(faster for _, faster in verdicts))
    return "\n".join(out)


@part("browser", option("--presses", type=int, default=30, help="key presses per slider (browser)"))
def _browser_part(args: argparse.Namespace) -> str:
    """Part 3, ``--skip browser``."""
    return browser(args.presses)
