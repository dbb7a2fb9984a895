"""The course in a real browser: JupyterLab in Debian's Chromium, driven by Playwright.

For every lesson, solution and exercise notebook (found afresh on each run): Run All Cells,
then no error output, every chart drawn, and no request to anything but 127.0.0.1. For every
calculator the package exports: the keyboard moves each slider and checkbox and the readout
or chart follows; an impossible typed value gives a message naming the input, never a
traceback. (The same calculators in the Voila app: tests/test_app.py.)

Without ``/usr/bin/chromium`` (or Playwright) these tests skip with the reason; with
``CI=true`` they fail instead. JupyterLab serves a temporary copy of the course's notebooks, so
running cells never writes into the repository.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

import browser_support as bs
import calculator_driving as drive

from facenumbers import calculators

# The tests talk to their JupyterLab over 127.0.0.1 (and to Playwright over pipes); with
# pytest-socket cutting the network, this is the one host they may reach, whatever the
# command line says.
pytestmark = pytest.mark.allow_hosts(["127.0.0.1"])

#: Every notebook of the course, as a path relative to the course folder.
COURSE_NOTEBOOKS = [p.relative_to(bs.ROOT) for folder in ("lessons", "solutions", "exercises")
                    for p in sorted((bs.ROOT / folder).glob("*.ipynb"))]
ALARM_NOTEBOOK = "_browser_alarm.ipynb"
ALL_CALCULATORS_NOTEBOOK = "_browser_calculators.ipynb"
SAVED_STATE_NOTEBOOK = "_browser_saved_state.ipynb"
NO_BUNDLE_NOTEBOOK = "_browser_saved_state_without_bundle.ipynb"
#: Every calculator the package offers: a new one is picked up without editing this file.
CALCULATORS = sorted(calculators.__all__)


# Module scope, not session: Playwright's sync API refuses to start while another instance is
# alive in the same thread, and the website's tests (tests/test_site.py) start their own.
@pytest.fixture(scope="module")
def lab(tmp_path_factory):
    base = tmp_path_factory.mktemp("browser")
    root = base / "course"
    for folder in ("lessons", "solutions", "exercises"):
        bs.copy_notebooks(bs.ROOT / folder, root / folder)
    bs.write_notebook(
        root / ALARM_NOTEBOOK,
        "from facenumbers.calculators import alarm\ncalc = alarm()\ncalc",
    )
    bs.write_notebook(
        root / ALL_CALCULATORS_NOTEBOOK,
        f"from facenumbers.calculators import {', '.join(CALCULATORS)}",
        *(f"{name}()" for name in CALCULATORS),
    )
    saved_with_widget_state(root / SAVED_STATE_NOTEBOOK, data_dir=base / "lab" / "data")
    without_the_bundle(root / SAVED_STATE_NOTEBOOK, root / NO_BUNDLE_NOTEBOOK, base / "lab" / "data")
    with bs.lab_and_browser(root, base) as lab:
        yield lab


def saved_with_widget_state(path: Path, data_dir: Path) -> None:
    """Three calculators run by ``jupyter nbconvert --execute`` and saved with their widget
    state, then signed as trusted for the test's JupyterLab (whose data folder is
    ``data_dir``), as a notebook that JupyterLab saved itself would be: JupyterLab draws
    widgets only in trusted outputs. (nbconvert runs in its own process: an asyncio loop left
    in this one would stop Playwright's sync API.)"""
    import subprocess
    import sys

    import nbformat
    from nbformat.sign import NotebookNotary

    bs.write_notebook(path, "from facenumbers.calculators import alarm, gallery_size, matcher",
                      "alarm()", "gallery_size()", "matcher()")
    subprocess.run([sys.executable, "-m", "jupyter", "nbconvert", "--to", "notebook", "--execute",
                    "--inplace", "--ExecutePreprocessor.store_widget_state=True", str(path)],
                   check=True, capture_output=True, timeout=300, cwd=path.parent)
    notebook = nbformat.read(path, as_version=4)
    data_dir.mkdir(parents=True, exist_ok=True)
    NotebookNotary(data_dir=str(data_dir)).sign(notebook)
    nbformat.write(notebook, path)


def without_the_bundle(saved: Path, path: Path, data_dir: Path) -> None:
    """``saved`` with the widget that holds the charts' Vega bundle left out of its state (as
    a notebook saved by an older copy of the course, or cut by hand, might be), signed."""
    import nbformat
    from nbformat.sign import NotebookNotary

    notebook = nbformat.read(saved, as_version=4)
    state = notebook.metadata["widgets"]["application/vnd.jupyter.widget-state+json"]["state"]
    holders = [key for key, model in state.items() if "source" in model["state"]]
    assert len(holders) == 1, "the saved notebook should hold exactly one bundle"
    del state[holders[0]]
    NotebookNotary(data_dir=str(data_dir)).sign(notebook)
    nbformat.write(notebook, path)


def run_and_check(lab: bs.Lab, name: str, expect_charts: bool, allowed_cells=()) -> bs.LabNotebook:
    """Open ``name``, Run All, and assert: no errors, all charts drawn, nothing external."""
    notebook = lab.notebook(name)
    screenshot = lab.artifacts / f"{Path(name).stem}-failure.png"
    try:
        charts = notebook.run_or_fail(screenshot)
        problems = notebook.problems(allowed_cells)
        external = notebook.external_requests()
        failures = []
        if problems:
            failures.append("errors on the page:\n  " + "\n  ".join(problems))
        if charts["embeds"] != charts["drawn"]:
            failures.append(f"only {charts['drawn']} of {charts['embeds']} charts were drawn")
        if expect_charts and charts["embeds"] == 0:
            failures.append("the notebook displays a calculator, but no chart appeared")
        if external:
            failures.append("requests left 127.0.0.1:\n  " + "\n  ".join(external))
        ours = bs.course_console_errors(notebook.log.console_errors)
        if ours:
            failures.append("console errors from the course's charts or widgets:\n  " + "\n  ".join(ours))
        if failures:
            notebook.screenshot(screenshot)
            pytest.fail(
                f"{name}: " + "\n".join(failures) + "\n" + notebook.report()
                + f"\n(screenshot: {screenshot})",
                pytrace=False,
            )
    except BaseException:
        notebook.close()
        raise
    return notebook


@pytest.mark.browser
@pytest.mark.parametrize("path", COURSE_NOTEBOOKS, ids=[str(p) for p in COURSE_NOTEBOOKS])
def test_notebook_runs_clean_in_jupyterlab(lab, path):
    notebook = run_and_check(
        lab,
        str(path),
        expect_charts=bs.displays_calculator(bs.ROOT / path),
        allowed_cells=bs.expected_error_cells(bs.ROOT / path),
    )
    notebook.close()


@pytest.mark.browser
def test_every_calculator_answers_the_keyboard_and_explains_bad_values(lab):
    failures = []
    with run_and_check(lab, ALL_CALCULATORS_NOTEBOOK, expect_charts=True) as notebook:
        for name in CALCULATORS:
            info = drive.facts(name)
            unchanged = drive.move_every_control(notebook.page, info)
            if unchanged:
                failures.append(f"{name}: no change after a key press on {unchanged}")
            message = drive.type_an_impossible_value(notebook.page, info)
            if "must be" not in message:
                failures.append(f"{name}: unclear message {message!r}")
        problems = notebook.problems()
        if problems or failures:
            notebook.screenshot(lab.artifacts / "calculators-keyboard.png")
        assert not failures, "\n".join(failures)
        assert not problems, "\n".join(problems) + "\n" + notebook.report()
        assert not notebook.external_requests(), notebook.external_requests()


@pytest.mark.browser
def test_every_calculator_draws_offline_and_shows_its_starting_values(lab):
    expected: dict[str, list[str]] = {}
    for name in CALCULATORS:
        for box in getattr(calculators, name)().inputs.values():
            expected.setdefault(box.label, []).append(box.text.value)
    with run_and_check(lab, ALL_CALCULATORS_NOTEBOOK, expect_charts=True) as notebook:
        count = len(CALCULATORS)
        assert notebook.charts() == {"embeds": count, "drawn": count}
        notebook.wait_until_stable(".jp-Notebook", quiet_s=1.0)
        # Drawing a slider snaps its value to the slider's steps; the text boxes (and the
        # numbers behind them) must still show the values Python started with.
        shown = {
            label: notebook.page.locator(f'input[title="Type a value for {label}"]').evaluate_all(
                "inputs => inputs.map(i => i.value)"
            )
            for label in expected
        }
        assert shown == expected


# A kernel whose cache of the charts' JavaScript (facenumbers.charts.bundle_cache) is missing,
# corrupt or cannot be written: set up in the notebook itself, before the course is imported.
_CACHE_SETUP = {
    "missing": "cache = Path(tempfile.mkdtemp()) / 'not-made-yet'",
    "corrupt": "cache = Path(tempfile.mkdtemp())\n"
               "(cache / f'vega-bundle-{bundle_cache.bundle_key()}.js').write_text("
               "'// facenumbers offline Vega bundle, sha256=0\\nexport default {};')",
    "unwritable": "cache = Path(tempfile.mkdtemp()) / 'a-file'\ncache.write_text('not a folder')",
}


@pytest.mark.browser
@pytest.mark.parametrize("state", sorted(_CACHE_SETUP))
def test_charts_draw_offline_whatever_the_state_of_the_bundle_cache(lab, state):
    name = f"_browser_cache_{state}.ipynb"
    bs.write_notebook(
        lab.server.root_dir / name,
        "import os, tempfile\nfrom pathlib import Path\nfrom facenumbers.charts import bundle_cache\n"
        + _CACHE_SETUP[state] + "\nos.environ['FACENUMBERS_CACHE_DIR'] = str(cache)",
        "from facenumbers.calculators import alarm, policy_simulator\nalarm()",
        "policy_simulator()",
    )
    with run_and_check(lab, name, expect_charts=True) as notebook:
        assert notebook.charts() == {"embeds": 2, "drawn": 2}, notebook.report()


@pytest.mark.browser
def test_charts_saved_with_widget_state_draw_before_anything_runs(lab):
    # Every chart shares one saved copy of the Vega bundle: reopened, each finds it.
    with lab.notebook(SAVED_STATE_NOTEBOOK) as notebook:
        notebook.open()
        charts = notebook.wait_for_charts(timeout_s=60, settle_s=2)
        ours = bs.course_console_errors(notebook.log.console_errors)
        if charts != {"embeds": 3, "drawn": 3} or ours:
            notebook.screenshot(lab.artifacts / "saved-state-failure.png")
        assert charts == {"embeds": 3, "drawn": 3}, notebook.report()
        assert not ours, ours
        assert not notebook.external_requests(), notebook.external_requests()


@pytest.mark.browser
def test_a_chart_without_its_bundle_says_what_to_do(lab):
    with lab.notebook(NO_BUNDLE_NOTEBOOK) as notebook:
        notebook.open()
        message = notebook.page.get_by_text("This chart could not load its drawing code")
        message.first.wait_for(timeout=60_000)
        assert message.count() == 3 and "Run All Cells" in message.first.inner_text()
        assert notebook.charts()["drawn"] == 0
        assert not bs.course_console_errors(notebook.log.console_errors)


def _input_row(page, label: str):
    """The row (title, slider, text box) of the NumberInput whose label is ``label``."""
    return page.locator(".widget-hbox", has=page.locator(f'input[title="Type a value for {label}"]'))


CHART = ".vega-embed svg"
SUMMARY = ".widget-vbox:has(> .vega-embed) > .widget-html"  # the line under the chart
READOUT = ".widget-hbox:has(.vega-embed) > .widget-html"  # the figures beside it


def _icons_agree_with_summary(notebook: bs.LabNotebook) -> int:
    """The chart shows as many watchlist icons as the summary (written by Python) says."""
    from facenumbers.charts.base_rates import ICONS, ON_LIST, describe_alarm_icons

    notebook.wait_until_stable(CHART)
    summary = notebook.page.locator(SUMMARY).first.inner_text().strip()
    said = [n for n in range(ICONS + 1) if describe_alarm_icons(n) == summary]
    drawn = notebook.page.locator(f"{CHART} .role-mark path").evaluate_all(
        "(paths, label) => paths.filter(p => (p.getAttribute('aria-label') || '').includes(label)).length",
        ON_LIST,
    )
    assert said == [drawn], f"the chart draws {drawn} watchlist icons; the summary says {summary!r}"
    return drawn


@pytest.mark.browser
def test_alarm_slider_moves_with_the_keyboard_and_bad_values_get_a_message(lab):
    from facenumbers.calculators import alarm

    labels = {name: box.label for name, box in alarm().inputs.items()}
    with run_and_check(lab, ALARM_NOTEBOOK, expect_charts=True) as notebook:
        page = notebook.page
        icons_before = _icons_agree_with_summary(notebook)
        svg, readout = page.locator(CHART).first, page.locator(READOUT).first
        chart_before, readout_before = svg.inner_html(), readout.inner_text()
        assert "%" in readout_before, f"no readout next to the chart: {readout_before!r}"

        row = _input_row(page, labels["false_alert_rate"])
        handle = row.locator('[role="slider"]')
        text_box = row.locator("input.widget-input")
        text_before = text_box.input_value()
        handle.focus()
        for key in ["ArrowRight"] * 6 + ["ArrowUp"] * 6:  # a higher false-alert rate
            handle.press(key)
        page.wait_for_function(
            "([el, before]) => el.innerHTML !== before", arg=[svg.element_handle(), chart_before],
            timeout=30_000,
        )
        page.wait_for_function(
            "([el, before]) => el.innerText !== before",
            arg=[readout.element_handle(), readout_before], timeout=30_000,
        )
        assert text_box.input_value() != text_before, "the text box did not follow the slider"
        icons_after = _icons_agree_with_summary(notebook)
        assert icons_after < icons_before, "more false matches must mean fewer true alarms"

        for name, typed in (("hit_rate", "150%"), ("crowd_size", "-3")):
            box = _input_row(page, labels[name]).locator("input.widget-input")
            kept = box.input_value()
            box.fill(typed)
            box.press("Enter")
            message = page.locator('[role="alert"]', has_text=labels[name])
            message.wait_for(timeout=30_000)
            assert box.input_value() in (typed, kept)

        problems = notebook.problems()
        assert not problems, "\n".join(problems) + "\n" + notebook.report()
        assert not notebook.external_requests(), notebook.external_requests()


# -- the skip/fail rule itself (no browser needed) -----------------------------------------
def test_missing_chromium_skips_with_a_reason(monkeypatch, tmp_path):
    reason = bs.browser_unavailable_reason(tmp_path / "no-chromium")
    assert reason and "apt-get install chromium" in reason
    monkeypatch.delenv("CI", raising=False)
    with pytest.raises(pytest.skip.Exception, match="chromium not found"):
        bs.skip_or_fail(reason)


def test_missing_chromium_fails_under_ci(monkeypatch, tmp_path):
    reason = bs.browser_unavailable_reason(tmp_path / "no-chromium")
    monkeypatch.setenv("CI", "true")
    with pytest.raises(pytest.fail.Exception, match="chromium not found"):
        bs.skip_or_fail(reason)
    assert os.environ["CI"] == "true"
