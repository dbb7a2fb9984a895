"""Speed report for the course: figures only, no pass/fail.

    python benchmarks/run.py            # or: make bench

Writes ``benchmarks/results/latest.md`` and prints the same markdown. Four parts:

1. Kernel side: time from a change of input (``calc.inputs[name].set(value)``) to the chart's
   new numbers being handed to the widget, for each calculator, measured in a real ipykernel
   (widget messages are serialised and sent) and in plain Python (no kernel).
2. Headless execution (nbclient) of every notebook in lessons/, solutions/ and exercises/:
   median and spread of 3 runs, next to an empty notebook (kernel start and stop only).
3. Browser: JupyterLab in Debian's Chromium; time from an arrow-key press on a slider to the
   chart redrawn (a MutationObserver on the chart, from the keydown to its last change), for
   the Alarm and Gallery-size calculators, side by side with the naive pattern (an Output
   widget cleared and given a brand-new ``alt.JupyterChart`` on every change).
4. Grading: ``facenumbers grade`` on 100 submissions of Lesson 04 with two jobs: wall time,
   submissions per minute, time per submission.

Everything runs on 127.0.0.1; notebooks run in temporary copies, never in the repository.
A part that cannot run (no Chromium, say) is reported as skipped, with the reason.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import sys
import tempfile
import textwrap
import time
import traceback
from datetime import datetime, timezone
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
RESULTS = ROOT / "benchmarks" / "results" / "latest.md"
NOTEBOOK_DIRS = ("lessons", "solutions", "exercises")
sys.path.insert(0, str(ROOT / "tests"))

import browser_support as bs  # noqa: E402  (shared with the browser tests)

# Kernels come from this environment, never from a user-level kernelspec of the same name.
os.environ.setdefault("JUPYTER_PREFER_ENV_PATH", "1")
os.environ.setdefault("PYDEVD_DISABLE_FILE_VALIDATION", "1")


# -- figures -------------------------------------------------------------------------------
def percentile(values: list[float], q: float) -> float:
    """Linear-interpolated percentile (q in 0..100) of a non-empty list."""
    ordered = sorted(values)
    position = (len(ordered) - 1) * q / 100
    low = int(position)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (position - low)


def ms(value: float | None) -> str:
    if value is None:
        return "n/a"
    return f"{value:.2f}" if value < 10 else f"{value:.1f}" if value < 100 else f"{value:.0f}"


def timing_row(label: str, kernel: list[float], plain: list[float], payload: str) -> list:
    """One row of the kernel-side table: medians and p95s in a kernel and in plain Python."""
    return [
        label,
        len(plain),
        ms(statistics.median(kernel)) if kernel else "n/a",
        ms(percentile(kernel, 95)) if kernel else "n/a",
        ms(statistics.median(plain)),
        ms(percentile(plain, 95)),
        payload,
    ]


def table(header: list[str], rows: list[list[str]]) -> str:
    lines = ["| " + " | ".join(header) + " |", "|" + "|".join("---" for _ in header) + "|"]
    lines += ["| " + " | ".join(str(cell) for cell in row) + " |" for row in rows]
    return "\n".join(lines)


def failure(problem: BaseException) -> str:
    last = traceback.format_exception_only(type(problem), problem)[-1].strip()
    return f"**Failed:** `{last}`"


# -- machine -------------------------------------------------------------------------------
def machine() -> str:
    model = "unknown"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    try:
        usable = len(os.sched_getaffinity(0))
    except AttributeError:
        usable = os.cpu_count()
    versions = []
    for package in ("jupyterlab", "ipywidgets", "altair", "anywidget", "vl-convert-python", "ipykernel"):
        try:
            from importlib.metadata import version

            versions.append(f"{package} {version(package)}")
        except Exception:
            versions.append(f"{package} ?")
    return "\n".join(
        [
            f"- CPU: {model}",
            f"- Cores: {os.cpu_count()} logical ({usable} usable by this process)",
            f"- Python: {platform.python_version()} ({platform.python_implementation()}) on {platform.platform()}",
            f"- Packages: {', '.join(versions)}",
            f"- Date: {datetime.now(timezone.utc).strftime('%Y-%m-%d %H:%M UTC')}",
        ]
    )


# -- 1. kernel side ------------------------------------------------------------------------
# Runs unchanged in a kernel (through nbclient) and in this process. Each input is swept
# over a range of values; each value is one timed call of ``set``, which validates it,
# recomputes the readout and hands the chart its new parameters.
SWEEP_CODE = textwrap.dedent(
    """
    import json as _json, math as _math, time as _time
    from facenumbers.calculators import (
        alarm, breach_exposure, gallery_size, how_unique, matcher, policy_simulator,
        share_of_population, threshold_explorer,
    )

    SWEEPS = {
        "alarm": (alarm, {
            "crowd_size": ("log", 1e3, 1e9),
            "prevalence": ("log", 1e-5, 0.5),
            "hit_rate": ("lin", 0.05, 1.0),
            "false_match_rate": ("log", 1e-5, 0.5),
        }),
        "gallery_size": (gallery_size, {
            "false_match_rate": ("log", 1e-10, 1e-2),
            "gallery_size": ("log", 10, 1.6e9),
        }),
        "share_of_population": (share_of_population, {
            "people": ("lin", 1e8, 1.4e9),
            "claimed_share": ("lin", 0.01, 0.99),
            "population": ("lin", 1.41e9, 2e9),
        }),
        "matcher": (matcher, {
            "threshold": ("lin", -0.5, 0.95),
            "person_b": ("lin", 1, 1000),
        }),
        "threshold_explorer": (threshold_explorer, {
            "threshold": ("lin", 0.1, 0.6),
            "registrations_per_month": ("log", 1e5, 1e8),
            "impostor_share": ("log", 1e-6, 0.1),
        }),
        "how_unique": (how_unique, {  # 1,000,000 synthetic people at the start
            "k": ("log", 2, 1000),
            "population": ("log", 1e3, 1e5),  # each size a new synthetic population
        }),
        "policy_simulator": (policy_simulator, {
            "false_match_rate": ("log", 1e-8, 0.1),
            "gallery_size": ("log", 1e6, 2e9),
            "weight_honest_refused": ("lin", 0, 100),
        }),
        "breach_exposure": (breach_exposure, {
            "breach_probability_per_year": ("lin", 0, 1),
            "years": ("lin", 1, 60),
        }),
    }

    def _values(scale, low, high, count, kind):
        if scale == "log":
            a, b = _math.log10(low), _math.log10(high)
            values = [10 ** (a + (b - a) * i / (count - 1)) for i in range(count)]
        else:
            values = [low + (high - low) * i / (count - 1) for i in range(count)]
        return [int(round(v)) for v in values] if kind == "count" else values

    def sweep(count=240, warmup=10):
        results = {}
        for calc_name, (factory, inputs) in SWEEPS.items():
            calc = factory()
            per_input = {}
            for name, (scale, low, high) in inputs.items():
                box = calc.inputs[name]
                values = _values(scale, low, high, count, box.kind)
                for value in values[:warmup]:
                    box.set(value)
                timings = []
                for value in values:
                    start = _time.perf_counter_ns()
                    box.set(value)
                    timings.append((_time.perf_counter_ns() - start) / 1e6)
                per_input[name] = timings
            payload = len(_json.dumps(calc.live.params))
            results[calc_name] = {"inputs": per_input, "payload_bytes": payload}
        return results
    """
)


def sweep_in_kernel(count: int) -> dict:
    import nbformat
    from nbclient import NotebookClient

    notebook = nbformat.v4.new_notebook()
    notebook.cells = [
        nbformat.v4.new_code_cell(SWEEP_CODE),
        nbformat.v4.new_code_cell(f"print(_json.dumps(sweep(count={count})))"),
    ]
    with tempfile.TemporaryDirectory() as scratch:
        NotebookClient(
            notebook, timeout=900, kernel_name="python3", resources={"metadata": {"path": scratch}}
        ).execute()
    text = "".join(o.get("text", "") for o in notebook.cells[-1].outputs if o.output_type == "stream")
    return json.loads(text.strip().splitlines()[-1])


def sweep_in_process(count: int) -> dict:
    namespace: dict = {}
    exec(compile(SWEEP_CODE, "<sweep>", "exec"), namespace)
    return namespace["sweep"](count=count)


def kernel_side(count: int) -> str:
    out = [
        "## 1. Kernel side: input change to new chart data",
        "",
        f"One timed `calc.inputs[name].set(value)` per value ({count} values per input, swept "
        "over a range, after 10 warm-up calls): validate, recompute readout and summary, send "
        "the chart's new parameters. **In a kernel**: a real ipykernel through nbclient, so "
        "every widget change is serialised and sent as a comm message. **Plain Python**: the "
        "same code in this process, without a kernel (no messages). Times in ms.",
        "",
    ]
    try:
        in_kernel = sweep_in_kernel(count)
    except Exception as problem:
        in_kernel = None
        out += [f"In a kernel: {failure(problem)}", ""]
    in_process = sweep_in_process(count)
    rows = []
    for calc_name, result in in_process.items():
        kernel_inputs = in_kernel[calc_name]["inputs"] if in_kernel else {}
        pooled_kernel = [t for ts in kernel_inputs.values() for t in ts]
        pooled_plain = [t for ts in result["inputs"].values() for t in ts]
        rows.append(timing_row(f"**{calc_name}** (all inputs)", pooled_kernel, pooled_plain,
                               f"{result['payload_bytes']:,}"))
        for name, timings in result["inputs"].items():
            rows.append(timing_row(f"&nbsp;&nbsp;{calc_name}.{name}",
                                   kernel_inputs.get(name, []), timings, ""))
    out.append(
        table(
            ["Calculator / input", "n", "In a kernel: median", "p95", "Plain Python: median", "p95",
             "Chart params sent per change (bytes of JSON)"],
            rows,
        )
    )
    return "\n".join(out)


# -- 2. headless notebooks -----------------------------------------------------------------
def execute_notebook(path: Path, cwd: Path) -> tuple[float, int]:
    """Run a notebook with nbclient in ``cwd``; (seconds, number of error outputs)."""
    import nbformat
    from nbclient import NotebookClient

    notebook = nbformat.read(path, as_version=4)
    kernel = notebook.metadata.get("kernelspec", {}).get("name", "python3")
    start = time.perf_counter()
    NotebookClient(
        notebook, timeout=600, kernel_name=kernel, allow_errors=True,
        resources={"metadata": {"path": str(cwd)}},
    ).execute()
    seconds = time.perf_counter() - start
    errors = sum(
        1 for cell in notebook.cells if cell.cell_type == "code"
        for output in cell.outputs if output.output_type == "error"
    )
    return seconds, errors


def notebooks(runs: int) -> str:
    import nbformat

    out = [
        "## 2. Headless execution (nbclient)",
        "",
        f"Wall time of `NotebookClient.execute()` per notebook, kernel start and stop "
        f"included, {runs} runs each, in a temporary copy of its folder. The first row is an "
        "empty notebook: the kernel's own start and stop.",
        "",
    ]
    rows = []
    with tempfile.TemporaryDirectory() as scratch:
        scratch = Path(scratch)
        empty = bs.write_notebook(scratch / "empty" / "empty.ipynb", "")
        targets = [("(empty notebook)", empty, empty.parent)]
        for folder in NOTEBOOK_DIRS:
            source = ROOT / folder
            found = sorted(source.glob("*.ipynb")) if source.is_dir() else []
            if not found:
                rows.append([f"{folder}/ (no notebooks)", "", "", "", ""])
                continue
            copy = bs.copy_notebooks(source, scratch / folder)
            targets += [(f"{folder}/{p.name}", copy / p.name, copy) for p in found]
        for label, path, cwd in targets:
            try:
                times, errors = [], 0
                for _ in range(runs):
                    seconds, errors = execute_notebook(path, cwd)
                    times.append(seconds)
                cells = sum(1 for c in nbformat.read(path, as_version=4).cells if c.cell_type == "code")
                rows.append(
                    [
                        label,
                        cells,
                        f"{statistics.median(times):.2f}",
                        f"{min(times):.2f} to {max(times):.2f} ({max(times) - min(times):.2f})",
                        errors,
                    ]
                )
            except Exception as problem:
                rows.append([label, "", failure(problem), "", ""])
    out.append(table(["Notebook", "Code cells", "Median (s)", "Min to max (spread) (s)",
                      "Error outputs"], rows))
    return "\n".join(out)


# -- 1b. heavier, one-off computations ------------------------------------------------------
def heavy(runs: int = 5) -> str:
    """Times of the computations that do not run on every key press."""
    import numpy as np

    from facenumbers.calculators import biometrics, how_unique
    from facenumbers.models import error_rates, uniqueness

    rng = np.random.default_rng(2019)
    impostor, genuine = rng.normal(0.0, 0.09, 1_000_000), rng.normal(0.5, 0.06, 12_000)

    def timed(action) -> list[float]:
        times = []
        for _ in range(runs):
            start = time.perf_counter()
            action()
            times.append((time.perf_counter() - start) * 1000)
        return times

    def rebuild(quality: list[float] = [0.0]) -> None:
        quality[0] = (quality[0] + 0.137) % 1  # a new quality each time: never from the cache
        biometrics._sample(biometrics.MATCHER_PEOPLE, round(quality[0], 3))

    cases = [
        ("DET curve over 1,000,000 impostor and 12,000 genuine scores (400 points)",
         lambda: error_rates.det_curve(genuine, impostor, points=400)),
        ("Equal error rate over the same scores (every distinct score a threshold)",
         lambda: error_rates.equal_error_rate(genuine, impostor)),
        ("Matcher: new capture quality (1,000 people, 255,500 comparisons rebuilt)", rebuild),
        ("Threshold explorer: build from scratch (2,000 people, ~1,000,000 comparisons)",
         lambda: (biometrics._sample.cache_clear(), biometrics.threshold_explorer())),
    ]
    attributes = ["sex", "birth_date", "district"]
    for size in (1_000_000, 10_000_000):
        people = uniqueness.make_people(size)
        cases += [
            (f"How unique: make {size:,} synthetic people", lambda size=size: uniqueness.make_people(size)),
            (f"How unique: share unique, k and group sizes for {size:,} people "
             "(sex + date of birth + district)",
             lambda people=people: uniqueness.measure(people, attributes, k=5)),
        ]
    calc = how_unique()
    calc.set_values(population=10_000_000)
    ticks = iter([True, False] * runs)
    cases.append(("How unique: tick or untick the district at 10,000,000 people (people cached)",
                  lambda: calc.set_values(district=next(ticks))))
    rows = [[label, ms(statistics.median(t)), ms(min(t)), ms(max(t))]
            for label, t in ((label, timed(action)) for label, action in cases)]
    return "\n".join([
        "## 1b. Heavier computations (not on every key press)",
        "",
        f"Plain Python in this process, {runs} runs each. Times in ms.",
        "",
        table(["Computation", "Median", "Min", "Max"], rows),
    ])


# -- 3. browser ----------------------------------------------------------------------------
BENCH_NOTEBOOK = "_bench_redraw.ipynb"
OURS_CELL = """
from facenumbers.calculators import alarm, gallery_size
ours_alarm = alarm()
# Prevalence 1%, hit rate 90%, false-match rate 10^-2.04: half the alarms are right, so
# each step of the slider moves several of the 100 icons (every press redraws the chart).
ours_alarm.set_values(prevalence=0.01, hit_rate=0.9, false_match_rate=10 ** -2.04)
_ = ours_alarm.add_class("bench-ours-alarm")  # add_class returns the widget
ours_gallery = gallery_size()
_ = ours_gallery.add_class("bench-ours-gallery")
"""
NAIVE_CELL = """
# The naive pattern: a slider and an Output; on every change, clear the Output and display
# a brand-new alt.JupyterChart of the same chart with the new numbers.
import altair as alt
import ipywidgets as widgets
from IPython.display import display
from facenumbers.charts import enable_offline
from facenumbers.charts.base_rates import alarm_icons_chart, gallery_chart, gallery_curve, icons_for_ppv
from facenumbers.models import base_rates

enable_offline()
EMBED = {"actions": False, "renderer": "svg"}


def fresh_chart(template, **params):
    chart = template.copy(deep=True)
    for param in chart.params:
        if param.name in params:
            param.value = params[param.name]
    return alt.JupyterChart(chart, embed_options=EMBED)


def naive(template, like, params_for):
    slider = widgets.FloatLogSlider(
        value=like.value, base=10, min=like.min, max=like.max, step=like.step,
        continuous_update=True, readout=False,
    )
    out = widgets.Output()

    def draw(change=None):
        params = params_for(slider.value)
        with out:
            out.clear_output(wait=True)
            display(fresh_chart(template, **params))

    slider.observe(draw, names="value")
    draw()
    return widgets.VBox([slider, out])


naive_alarm = naive(
    alarm_icons_chart(0).widget.chart,
    ours_alarm.inputs["false_match_rate"].slider,
    lambda f: {"true_icons": icons_for_ppv(base_rates.positive_predictive_value(0.01, 0.9, f))},
)
_ = naive_alarm.add_class("bench-naive-alarm")
naive_gallery = naive(
    gallery_chart(1e-6, 10_000).widget.chart,
    ours_gallery.inputs["false_match_rate"].slider,
    lambda f: {
        "curve": gallery_curve(f),
        "gallery_size": 10_000,
        "probability": base_rates.probability_of_at_least_one_false_match(f, 10_000),
    },
)
_ = naive_gallery.add_class("bench-naive-gallery")
"""

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
                if (svg && (!replaced || svg.querySelector('.role-mark path'))) {
                    return finish({ms: last - t0, replaced});
                }
            }
            if (now - begun > timeoutMs) return finish({ms: null, replaced: false});
            setTimeout(tick, 5);
        };
        tick();
    });
}"""


def press_and_measure(page, handle, root: str, key: str, quiet_ms: int, timeout_ms: int) -> dict:
    page.evaluate(MEASURE_JS, [root, quiet_ms, timeout_ms])
    handle.press(key)
    return page.evaluate("window.__benchResult")


def measure_slider(page, slider: str, root: str, presses: int, warmup: int = 3,
                   quiet_ms: int = 150, timeout_ms: int = 15_000) -> dict:
    handle = page.locator(slider)
    page.locator(root).scroll_into_view_if_needed()
    handle.focus()
    keys = ["ArrowRight", "ArrowLeft"]  # back and forth: always a change, never an end stop
    timings, missed, replaced = [], 0, 0
    for index in range(warmup + presses):
        result = press_and_measure(page, handle, root, keys[index % 2], quiet_ms, timeout_ms)
        page.wait_for_timeout(100)  # let the readout and text box settle too
        if index < warmup:
            continue
        if result["ms"] is None:
            missed += 1
        else:
            timings.append(result["ms"])
            replaced += bool(result["replaced"])
    return {"timings": timings, "missed": missed, "replaced": replaced}


def browser(presses: int) -> str:
    out = [
        "## 3. Browser: slider key press to redrawn chart",
        "",
        "JupyterLab on 127.0.0.1 in Debian's Chromium (headless, through Playwright). A "
        "MutationObserver on the chart measures from the `keydown` of an arrow key on the "
        "slider to the chart's last DOM change (the chart then stays unchanged for 150 ms). "
        f"Each row: {presses} presses, alternating right and left, after 3 warm-up presses. "
        "**Ours**: the calculator, whose chart stays on screen and gets new parameters. "
        "**Naive**: a slider and an `Output` that is cleared and given a brand-new "
        "`alt.JupyterChart` of the same chart on every change. Times in ms.",
        "",
    ]
    reason = bs.browser_unavailable_reason()
    if reason:
        out.append(f"**Skipped:** {reason}.")
        return "\n".join(out)
    with tempfile.TemporaryDirectory() as scratch:
        scratch = Path(scratch)
        root_dir = scratch / "notebooks"
        bs.write_notebook(
            root_dir / BENCH_NOTEBOOK,
            OURS_CELL, "ours_alarm", "ours_gallery", NAIVE_CELL, "naive_alarm", "naive_gallery",
        )
        server = chromium = None
        try:
            server = bs.start_lab(root_dir, scratch / "lab")
            chromium = bs.launch_chromium()
            version = chromium.browser.version
            with bs.LabNotebook(server, chromium, BENCH_NOTEBOOK) as notebook:
                notebook.open()
                notebook.run_all()
                notebook.wait_until_run()
                charts = notebook.wait_for_charts()
                problems = notebook.problems()
                if problems or charts["drawn"] != 4:
                    raise RuntimeError(f"the benchmark notebook did not draw 4 charts: {charts}; {problems}")
                page = notebook.page
                results = {}
                for calc, label in (("alarm", "False-match rate: share of others flagged"),
                                    ("gallery", "False-match rate per comparison")):
                    ours_root = f".bench-ours-{calc}"
                    results[("ours", calc)] = measure_slider(
                        page,
                        f'{ours_root} .widget-hbox:has(input[title="Type a value for {label}"]) [role="slider"]',
                        f"{ours_root} .vega-embed",
                        presses,
                    )
                for calc in ("alarm", "gallery"):
                    results[("naive", calc)] = measure_slider(
                        page, f'.bench-naive-{calc} [role="slider"]',
                        f".bench-naive-{calc} .widget-output", presses,
                    )
                external = notebook.external_requests()
                console = notebook.log.console_errors
        except Exception as problem:
            out.append(failure(problem))
            return "\n".join(out)
        finally:
            if chromium:
                chromium.stop()
            if server:
                server.stop()
    rows = []
    for calc in ("alarm", "gallery"):
        ours, naive = results[("ours", calc)], results[("naive", calc)]
        cells = []
        for result in (ours, naive):
            t = result["timings"]
            cells += [ms(statistics.median(t)) if t else "n/a", ms(percentile(t, 95)) if t else "n/a"]
        ratio = (
            f"{statistics.median(naive['timings']) / statistics.median(ours['timings']):.1f}x"
            if ours["timings"] and naive["timings"] else "n/a"
        )
        counted = f"{len(ours['timings'])} / {len(naive['timings'])}"
        missed = ours["missed"] + naive["missed"]
        rows.append([calc.replace("gallery", "gallery_size"), *cells, ratio,
                     counted + (f" ({missed} without a redraw)" if missed else ""),
                     f"{ours['replaced']} / {naive['replaced']}"])
    out.append(table(["Calculator", "Ours: median", "p95", "Naive: median", "p95",
                      "Naive / ours (medians)", "Presses counted (ours / naive)",
                      "Presses that replaced the chart (ours / naive)"], rows))
    out += [
        "",
        f"Browser: Chromium {version}. Requests outside 127.0.0.1 during the run: "
        f"{len(external) or 'none'}. Console errors: {len(console) or 'none'}.",
    ]
    return "\n".join(out)


# -- 4. grading ---------------------------------------------------------------------------------
def grading_throughput(count: int, jobs: int) -> str:
    """``facenumbers grade`` on ``count`` submissions of Lesson 04: half right, half blank."""
    import nbformat

    from facenumbers import grading

    assignment = grading.load_assignment(ROOT, "04-base-rates")
    with tempfile.TemporaryDirectory() as scratch:
        folder = Path(scratch) / "submissions"
        folder.mkdir()
        right = nbformat.read(ROOT / "solutions" / "04-base-rates.ipynb", as_version=4)
        blank = nbformat.read(ROOT / "exercises" / "04-base-rates.ipynb", as_version=4)
        for i in range(count):
            nbformat.write(right if i % 2 == 0 else blank, folder / f"student{i:03d}.ipynb")
        found = grading.find_submissions(folder, "04-base-rates")
        start = time.perf_counter()
        results = grading.grade_batch(found, assignment, grading.Limits(), jobs)
        wall = time.perf_counter() - start
    per = [r.seconds for r in results]
    ok = sum(r.status == "graded" for r in results)
    return "\n".join([
        "## 4. Grading throughput (`facenumbers grade`)",
        "",
        f"{count} submissions of Lesson 04 (half the solution, half blank), `--jobs {jobs}`, on this "
        f"machine ({os.cpu_count()} cores). Goal: 100 submissions in under 5 minutes on 2 cores.",
        "",
        table(["Measure", "Value"], [
            ["Wall time for the batch", f"{wall:.1f} s"],
            ["Submissions per minute", f"{60 * count / wall:.0f}"],
            ["Per submission: median (min to max)",
             f"{statistics.median(per):.2f} s ({min(per):.2f} to {max(per):.2f})"],
            ["Graded / submitted", f"{ok} / {count}"],
            ["Projected time for 100 submissions", f"{100 * wall / count:.0f} s"],
        ]),
    ])


# -- main ----------------------------------------------------------------------------------
def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sweep", type=int, default=240, help="values per input (kernel side)")
    parser.add_argument("--runs", type=int, default=3, help="runs per notebook (headless)")
    parser.add_argument("--presses", type=int, default=30, help="key presses per slider (browser)")
    parser.add_argument("--skip", action="append", default=[],
                        choices=["kernel", "heavy", "notebooks", "browser", "grading"],
                        help="leave a part out")
    parser.add_argument("--submissions", type=int, default=100, help="submissions to grade")
    args = parser.parse_args(argv)

    started = time.perf_counter()
    parts = ["# Face the Numbers: benchmark report", "", "## Machine", "", machine()]
    sections = [
        ("kernel", lambda: kernel_side(args.sweep)),
        ("heavy", lambda: heavy()),
        ("notebooks", lambda: notebooks(args.runs)),
        ("browser", lambda: browser(args.presses)),
        ("grading", lambda: grading_throughput(args.submissions, jobs=2)),
    ]
    for name, section in sections:
        if name in args.skip:
            parts += ["", f"## {name}: skipped (--skip {name})"]
            continue
        try:
            parts += ["", section()]
        except Exception as problem:
            parts += ["", f"## {name}", "", failure(problem)]
        print(f"[bench] {name} done after {time.perf_counter() - started:.0f} s", file=sys.stderr)
    parts += ["", f"_Report generated in {time.perf_counter() - started:.0f} s by `python benchmarks/run.py`._", ""]
    report = "\n".join(parts)
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(report, encoding="utf-8")
    print(report)
    return 0


if __name__ == "__main__":
    sys.exit(main())
