"""The calculators as an app: ``make app`` serves apps/calculators.ipynb with Voila.

The app is started exactly as a person would start it (``make app``, on 127.0.0.1), opened in
Debian's Chromium, and checked: no code shown, nothing requested from outside 127.0.0.1, no
console error, every tab's calculator drawn, each slider and checkbox answering the keyboard,
an impossible value explained. Without Chromium these tests skip (with CI=true they fail).
"""

from __future__ import annotations

from pathlib import Path

import pytest

import axe_support as axe
import browser_support as bs
import calculator_driving as drive

from facenumbers import calculators
from facenumbers.calculators import app

pytestmark = pytest.mark.allow_hosts(["127.0.0.1"])
ROOT = Path(__file__).resolve().parents[1]


def test_the_app_has_a_tab_for_every_calculator_and_builds_them_when_opened():
    assert sorted(entry.function for entry in app.CALCULATORS) == sorted(calculators.__all__)
    tabs = app.calculator_app()
    assert list(tabs.titles) == [entry.tab for entry in app.CALCULATORS]
    assert "Loading" in tabs.children[1].children[0].value  # not built until opened
    tabs.selected_index = 1
    assert isinstance(tabs.children[1].children[0].children[1], calculators.real_name.HowUniqueCalculator)


def test_the_app_notebook_is_thin_and_clean():
    import nbformat

    notebook = nbformat.read(ROOT / "apps" / "calculators.ipynb", as_version=4)
    code = [c for c in notebook.cells if c.cell_type == "code"]
    assert len(code) == 1 and "calculator_app()" in code[0].source
    assert all(not c.outputs and c.execution_count is None for c in code)


def test_the_page_template_fetches_nothing_from_outside():
    template = (ROOT / "apps/jupyter/voila/templates/facenumbers/index.html.j2").read_text()
    assert "extends 'lab/index.html.j2'" in template


@pytest.fixture(scope="module")
def voila(tmp_path_factory):
    reason = bs.browser_unavailable_reason()
    if reason:
        bs.skip_or_fail(reason)
    served = bs.VoilaApp(bs.free_port(), tmp_path_factory.mktemp("voila") / "voila.log")
    try:
        served.wait_until_serving()
        chromium = bs.launch_chromium()
        try:
            yield served, chromium
        finally:
            chromium.stop()
    finally:
        served.stop()


@pytest.fixture(scope="module")
def page(voila):
    served, chromium = voila
    context = chromium.browser.new_context(viewport={"width": 1400, "height": 1100})
    log = bs.PageLog()
    context.on("request", lambda request: log.requests.append(request.url))
    page = context.new_page()
    page.on("console", lambda m: log.console_errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda error: log.console_errors.append(f"page error: {error}"))
    page.goto(served.url, timeout=180_000)
    page.locator(drive.CHART).first.wait_for(timeout=180_000)
    page.log = log
    yield page
    context.close()


@pytest.mark.browser
def test_make_app_serves_the_calculators_offline_without_code(page, voila):
    served, _ = voila
    assert "calculator_app" not in page.inner_text("body")  # no code shown
    assert page.locator(".jp-CodeCell .jp-InputArea, .cm-editor").count() == 0
    assert page.locator(".lm-TabBar-tab").count() == len(app.CALCULATORS)
    assert "Face the Numbers: the calculators" in page.inner_text("body")
    assert not page.log.external_requests(served.url.rstrip("/")), page.log.requests


@pytest.mark.browser
def test_every_tab_draws_and_answers_the_keyboard(page, voila):
    served, _ = voila
    failures = []
    for index, entry in enumerate(app.CALCULATORS):
        page.locator(".lm-TabBar-tab").nth(index).click()
        info = drive.facts(entry.function)
        root = drive.calculator_root(page, info.title)
        root.locator(drive.CHART).first.wait_for(timeout=60_000)
        unchanged = drive.move_every_control(page, info)
        if unchanged:
            failures.append(f"{entry.tab}: no change after a key press on {unchanged}")
        message = drive.type_an_impossible_value(page, info)
        if "must be" not in message:
            failures.append(f"{entry.tab}: unclear message {message!r}")
        if not root.locator(drive.CHART).first.is_visible():
            failures.append(f"{entry.tab}: the chart vanished after a bad value")
    if failures:
        page.screenshot(path=str(served.log_path.parent / "app-failure.png"), full_page=True)
    assert not failures, "\n".join(failures)
    assert not page.log.console_errors, page.log.console_errors
    assert not page.log.external_requests(served.url.rstrip("/")), page.log.requests


@pytest.mark.browser
def test_no_serious_or_critical_accessibility_violations_in_any_tab(page):
    reason = axe.axe_unavailable_reason()
    if reason:
        bs.skip_or_fail(reason)
    found = []
    for index, entry in enumerate(app.CALCULATORS):
        page.locator(".lm-TabBar-tab").nth(index).click()
        root = drive.calculator_root(page, drive.facts(entry.function).title)
        root.locator(drive.CHART).first.wait_for(timeout=60_000)
        # In the app the whole page is the course's: every violation counts.
        found += [dict(v, id=f"{entry.tab}: {v['id']}") for v in axe.run_axe(page)]
    assert not found, axe.format_violations(found)
    labels = page.locator(".vega-embed[aria-label], .vega-embed svg[aria-label]")
    assert labels.count() >= len(app.CALCULATORS)
