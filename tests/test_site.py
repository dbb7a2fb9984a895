"""The course website in Debian's Chromium: every page, every chart, every calculator.

Every request outside 127.0.0.1 is refused and recorded, so a page that tried to load a
script, a style sheet or a font from elsewhere fails here. On every page: no console error,
every chart drawn, every calculator ready, and axe-core finds no serious or critical
violation. Each calculator's twin is then compared with the Python calculator at every preset
and 50 random settings (numbers within 1e-9 relative, words exactly), typed values follow the
widget's rules and messages, and every calculator works from the keyboard.

Without Chromium these tests skip (with CI=true they fail).
"""

from __future__ import annotations

import html
import json
import re

import pytest

import axe_support as axe
import browser_support as bs
import site_support as ss
from facenumbers import calculators
from facenumbers.twins import FUNCTIONS, plain
from twin_support import differences, make, python_outcome, sample_settings

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def site(built_site):
    reason = bs.browser_unavailable_reason()
    if reason:
        bs.skip_or_fail(reason)
    server = ss.serve(built_site)
    try:
        chromium = bs.launch_chromium()
        try:
            yield built_site, server, chromium
        finally:
            chromium.stop()
    finally:
        server.stop()


@pytest.fixture(scope="module")
def calculators_page(site):
    _, server, chromium = site
    opened = ss.open_page(chromium.browser, server, "calculators.html", viewport=(1400, 1000))
    yield opened
    opened.close()


#: Each calculator on the page answers a change: a preset that moves its result (the inputs
#: then go back to where they were).
ANSWERS_JS = """() => FTN.twins.map(twin => {
    const start = twin.values();
    const before = JSON.stringify(twin.last);
    const moved = twin.spec.presets.some(p => { twin.applyPreset(p.label); return JSON.stringify(twin.last) !== before; });
    twin.setValues(start);
    return {fn: twin.spec.function, moved, message: twin.blocks.message.textContent};
})"""

DRAWN_JS = """() => ({
    charts: document.querySelectorAll('.ftn-chart').length,
    chartsDrawn: [...document.querySelectorAll('.ftn-chart')].filter(c => c.querySelector('svg')).length,
    twins: document.querySelectorAll('.ftn-twin').length,
    twinsDrawn: [...document.querySelectorAll('.ftn-twin')].filter(t => t.querySelector('.ftn-chart-area svg')).length,
    messages: [...document.querySelectorAll('.ftn-message')].map(m => m.textContent).filter(Boolean),
})"""


def test_every_page_loads_nothing_from_elsewhere_draws_everything_and_passes_axe(site):
    built, server, chromium = site
    problems = []
    for path in ss.pages(built):
        opened = ss.open_page(chromium.browser, server, path)
        try:
            drawn = opened.page.evaluate(DRAWN_JS)
            if opened.refused:
                problems.append(f"{path}: requests outside 127.0.0.1: {opened.refused[:5]}")
            if opened.console_errors:
                problems.append(f"{path}: console errors: {opened.console_errors[:3]}")
            if drawn["chartsDrawn"] != drawn["charts"] or drawn["twinsDrawn"] != drawn["twins"]:
                problems.append(f"{path}: not every chart is drawn: {drawn}")
            if drawn["messages"]:
                problems.append(f"{path}: a calculator shows a message at its start: {drawn['messages']}")
            for twin in opened.page.evaluate(ANSWERS_JS):
                if not twin["moved"] or twin["message"]:
                    problems.append(f"{path}: {twin['fn']} does not answer a preset: {twin}")
            violations = axe.run_axe(opened.page)
            if violations:
                problems.append(f"{path}: axe: {axe.format_violations(violations)[:1500]}")
        finally:
            opened.close()
    assert not problems, "\n".join(problems)


def _text(value: str) -> str:
    return html.unescape(re.sub(r"<[^>]+>", "", value))


SET_ALL_JS = """([fn, settings]) => {
    const twin = FTN.twins.find(t => t.spec.function === fn);
    return settings.map(values => {
        twin.setValues(values);
        const last = twin.last;
        const texts = {};
        for (const [name, block] of Object.entries(twin.blocks)) texts[name] = block.textContent;
        return {params: last.params, html: last.html, answer: last.answer === undefined ? null : last.answer,
                texts, message: twin.blocks.message.textContent};
    });
}"""


@pytest.mark.parametrize("function", sorted(FUNCTIONS))
def test_the_twin_on_the_page_computes_what_the_calculator_computes(calculators_page, function):
    calc = make(function)
    settings = sample_settings(calc, 50, seed=23)
    assert len(settings) >= 50
    got = calculators_page.page.evaluate(SET_ALL_JS, [function, plain(settings)])
    problems = []
    for values, page in zip(settings, got):
        python = python_outcome(calc, values)
        where = json.dumps(plain(values))[:200]
        if "error" in python:
            if python["error"] not in page["message"]:
                problems.append(f"{where}: message {page['message']!r}, expected {python['error']!r}")
            continue
        if page["message"]:
            problems.append(f"{where}: unexpected message {page['message']!r}")
            continue
        for problem in differences(python["params"], page["params"], "params"):
            problems.append(f"{where}: {problem}")
        for problem in differences(python["answer"], page["answer"], "answer"):
            problems.append(f"{where}: {problem}")
        for name, value in python["html"].items():
            if name in page["texts"] and _text(value) != page["texts"][name]:
                problems.append(f"{where}: {name} reads {page['texts'][name][:300]!r}, expected "
                                f"{_text(value)[:300]!r}")
    assert not problems, f"{len(problems)} differences; first:\n" + "\n".join(problems[:5])


TYPE_JS = """([fn, name, typed, start]) => {
    const twin = FTN.twins.find(t => t.spec.function === fn);
    twin.setValues(start);  // the calculator's starting values, as a fresh widget has them
    const box = twin.inputs[name];
    box.text.value = typed;
    box.text.dispatchEvent(new Event('change'));
    return {value: box.value, error: box.error.textContent, text: box.text.value};
}"""

TYPED = [
    ("alarm", "prevalence", "2%"), ("alarm", "prevalence", "1 in 6,000"),
    ("alarm", "prevalence", "0,5"), ("alarm", "prevalence", "150%"),
    ("alarm", "prevalence", "1 in 0"), ("alarm", "prevalence", "abc"),
    ("alarm", "prevalence", ""), ("alarm", "prevalence", "1,2,3"),
    ("alarm", "crowd_size", "1.6e9"), ("alarm", "crowd_size", "170 000"),
    ("alarm", "crowd_size", "2.5"), ("alarm", "crowd_size", "-5"),
    ("alarm", "crowd_size", "3e9"), ("alarm", "crowd_size", "nan"),
    ("gallery_size", "false_match_rate", "1e-9"), ("gallery_size", "gallery_size", "1,600,000,000"),
    ("share_of_population", "claimed_share", "65 %"), ("share_of_population", "people", "inf"),
]


@pytest.mark.parametrize("function, name, typed", TYPED)
def test_typed_values_follow_the_widget_s_rules_and_messages(calculators_page, function, name, typed):
    calc = getattr(calculators, function)()
    start = plain({n: b.value for n, b in calc.inputs.items()})
    box = calc.inputs[name]
    box.text.value = typed
    expected_error = _text(box.error.value).strip()
    page = calculators_page.page.evaluate(TYPE_JS, [function, name, typed, start])
    assert page["error"].strip() == expected_error
    if not expected_error:
        assert page["value"] == pytest.approx(box.value, rel=1e-12)


KEYBOARD_JS = """(fn) => {
    const twin = FTN.twins.find(t => t.spec.function === fn);
    const box = Object.values(twin.inputs).find(b => !b.range.disabled);
    box.range.focus();
    return {name: box.name, id: box.range.id, readout: twin.blocks.readout.innerHTML,
            labelled: [...twin.root.querySelectorAll('input, select')].every(
                el => el.labels?.length || el.getAttribute('aria-label') || el.closest('label'))};
}"""


@pytest.mark.parametrize("function", sorted(FUNCTIONS))
def test_every_calculator_works_from_the_keyboard(calculators_page, function):
    page = calculators_page.page
    page.evaluate("(fn) => FTN.twins.find(t => t.spec.function === fn).applyPreset(FTN.twins.find(t => t.spec.function === fn).spec.presets[0].label)", function)
    before = page.evaluate(KEYBOARD_JS, function)
    assert before["labelled"], "an input or menu of the calculator has no label"
    value_before = page.evaluate("(fn) => FTN.twins.find(t => t.spec.function === fn).values()", function)
    box = next(b for b in make(function).inputs.values() if b.name == before["name"])
    key = "ArrowLeft" if value_before[before["name"]] >= box.maximum else "ArrowRight"
    for _ in range(3):
        page.keyboard.press(key)
    value_after = page.evaluate("(fn) => FTN.twins.find(t => t.spec.function === fn).values()", function)
    assert value_after[before["name"]] != value_before[before["name"]], "the slider did not move"
    state = page.evaluate("(fn) => { const t = FTN.twins.find(t => t.spec.function === fn); "
                          "return {preset: t.picker.value, message: t.blocks.message.textContent}; }", function)
    assert state["preset"] == "-1" and not state["message"]
    # Tab reaches the text box beside the slider; typing a value and Enter sets it.
    page.keyboard.press("Tab")
    focused = page.evaluate("() => document.activeElement.dataset.input")
    assert focused == before["name"]
    # Choose a preset from the menu: one that has a note, which then shows.
    presets = list(make(function).presets.values())
    index = next((i for i, p in enumerate(presets) if p.note or p.assumptions), None)
    picker = page.locator(f".ftn-twin[data-function='{function}'] select.ftn-presets")
    picker.focus()
    picker.select_option(index=(index if index is not None else 0) + 1)
    state = page.evaluate("(fn) => { const t = FTN.twins.find(t => t.spec.function === fn); "
                          "return {note: t.blocks.note.textContent, values: t.values()}; }", function)
    for name, value in presets[index or 0].values.items():
        assert state["values"][name] == pytest.approx(plain(value)), name
    assert state["note"] or index is None


PREDICT_JS = """([fn, typed, start]) => {
    const twin = FTN.twins.find(t => t.spec.function === fn);
    twin.setValues(start);
    twin.predictionBox.value = typed;
    twin.predictionBox.dispatchEvent(new Event('change'));
    return twin.blocks.prediction_line.textContent;
}"""


@pytest.mark.parametrize("function, typed", [
    ("alarm", "15%"), ("alarm", "0.9"), ("alarm", "abc"), ("alarm", "150%"),
    ("gallery_size", "1 in 2"), ("policy_simulator", "100,000"), ("policy_simulator", "-5"),
    ("matcher", "0.5"), ("matcher", "2"),
])
def test_a_prediction_typed_on_the_page_is_compared_in_the_widget_s_words(calculators_page,
                                                                          function, typed):
    calc = getattr(calculators, function)(prediction=typed)
    start = plain({n: b.value for n, b in calc.inputs.items()})
    shown = calculators_page.page.evaluate(PREDICT_JS, [function, typed, start])
    assert shown == _text(calc.prediction_line.value)


def test_search_finds_a_lesson_with_nothing_from_elsewhere(site):
    _, server, chromium = site
    opened = ss.open_page(chromium.browser, server, "search.html?q=positive+predictive+value")
    try:
        opened.page.wait_for_selector("#search-results li a", timeout=30_000)
        links = opened.page.eval_on_selector_all("#search-results li a", "els => els.map(e => e.href)")
        assert any("lessons/04-base-rates.html" in link for link in links), links[:10]
        assert not opened.refused and not opened.console_errors
    finally:
        opened.close()
