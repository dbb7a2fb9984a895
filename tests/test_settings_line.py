"""Every calculator's settings as one line of text: written, read back exactly, in Python and in
the website's twin (facenumbers.calculators.settings, twins/js/settings.js; issue 20, item 10).

For every calculator: the starting line, every preset's line and random settings (seeded, at
full float precision) read back to exactly the values set; the JavaScript grammar (run in
Node.js) writes the same line for the same values and reads a Python line to the same values;
every kind of bad line gets its message, in Python and in JavaScript alike, and changes
nothing; the settings row's line follows every change.
"""

from __future__ import annotations

import json
import math
import random
import subprocess
from pathlib import Path

import ipywidgets as widgets
import pytest

import browser_support as bs
from facenumbers import calculators
from facenumbers.calculators import settings as S
from facenumbers.calculators.controls import format_value, parse_number
from facenumbers.twins import js_source, plain, twin_spec
from twin_support import NODE

# The browser tests talk to their servers over 127.0.0.1 (and to Playwright over pipes) only.
pytestmark = pytest.mark.allow_hosts(["127.0.0.1"])
ROOT = Path(__file__).resolve().parents[1]
FUNCTIONS = sorted(calculators.__all__)
RANDOM_SETTINGS = 40


def make(function: str):
    return getattr(calculators, function)()


def state(calc) -> dict:
    """Everything a settings line sets or touches: values, view choices, preset and note."""
    return {"values": S._current(calc), "preset": calc.preset_picker.value, "note": calc.note.value}


def same(expected: dict, got: dict, types: bool = True) -> list[str]:
    """Keys whose values differ: exactly (a float must read back as the very same float), and of
    the same type (a count stays a whole number) unless ``types`` is False (JSON from Node.js
    writes 10.0 as 10); a yes/no is never a number."""
    def equal(a: object, b: object) -> bool:
        if isinstance(a, bool) or isinstance(b, bool):
            return a is b
        return a == b and (not types or type(a) is type(b))

    problems = [f"{key}: {expected[key]!r} != {got.get(key)!r}" for key in expected
                if not equal(expected[key], got.get(key))]
    return problems + [f"{key}: not expected" for key in set(got) - set(expected)]


def random_settings(calc, count: int, seed: int) -> list[dict]:
    """``count`` random settings over every field's whole range, at full float precision."""
    spec = S.settings_spec(calc)
    rng = random.Random(seed)
    drawn = []
    for _ in range(count):
        values = {}
        for field in spec["fields"]:
            if field["type"] == "number":
                values[field["key"]] = _draw(rng, calc.inputs[field["key"]])
            elif field["type"] == "flag":
                values[field["key"]] = rng.random() < 0.5
            else:
                values[field["key"]] = rng.choice(field["options"])[1]
        drawn.append(values)
    return drawn


def _draw(rng: random.Random, box) -> float:
    low, high = box.minimum, box.maximum
    pick = rng.random()
    if pick < 0.05:
        value = low if rng.random() < 0.5 else high
    elif pick < 0.15 and box.kind == "rate" and high > 0:
        value = 1 / rng.randint(max(2, math.ceil(1 / high)), 10**7)  # "1 in N" values: 1/6000
    elif isinstance(box.slider, widgets.FloatLogSlider):
        floor = max(low, 1 if box.kind == "count" else 1e-12)
        value = 10 ** rng.uniform(math.log10(floor), math.log10(high))
    else:
        value = rng.uniform(low, high)
    value = min(max(value, low), high)
    return int(round(value)) if box.kind == "count" else float(value)


def put(calc, values: dict) -> None:
    """Set values (view choices too) as a learner would, with the preset picker reset."""
    views = S.view_choices(calc)
    for name, value in values.items():
        if name in views:
            views[name].value = value
    calc.set_values(**{k: v for k, v in values.items() if k not in views})
    calc.preset_picker.value = calc.preset_picker.options[0]


@pytest.fixture(scope="module")
def pair():
    """Two of each calculator, made once: one to write lines, one to read them."""
    return {function: (make(function), make(function)) for function in FUNCTIONS}


# -- round trips in Python ------------------------------------------------------------------------
@pytest.mark.parametrize("function", FUNCTIONS)
def test_the_starting_line_reads_back_exactly(function, pair):
    start = make(function)
    line = start.settings_line()
    _, other = pair[function]
    put(other, random_settings(other, 1, seed=3)[0])
    other.apply_settings_line(line)
    assert same(state(start)["values"], state(other)["values"]) == []
    assert other.preset_picker.value == start.preset_picker.value
    assert other.settings_line() == line


@pytest.mark.parametrize("function", FUNCTIONS)
def test_every_presets_line_reads_back_exactly_with_its_preset(function, pair):
    writer, reader = pair[function]
    for label in writer.presets:
        writer.apply_preset(label)
        line = writer.settings_line()
        assert line.endswith(f"# preset: {' '.join(label.split())}")
        put(reader, random_settings(reader, 1, seed=4)[0])
        reader.apply_settings_line(line)
        assert same(state(writer)["values"], state(reader)["values"]) == [], label
        assert reader.preset_picker.value == label and reader.note.value == writer.note.value
        assert reader.settings_line() == line


@pytest.mark.parametrize("function", FUNCTIONS)
def test_random_settings_read_back_exactly(function, pair):
    writer, reader = pair[function]
    for values in random_settings(writer, RANDOM_SETTINGS, seed=11):
        put(writer, values)
        line = writer.settings_line()
        assert "\t" not in line and "\n" not in line and line.isascii(), line
        reader.apply_settings_line(line)
        assert same(state(writer)["values"], state(reader)["values"]) == [], line
        assert reader.preset_picker.value == "(your own values)" and reader.note.value == ""


def test_the_exactness_check_catches_a_value_written_with_too_few_digits():
    # A line written the way the text boxes show values (6 significant figures) would lose
    # digits: the comparison above would report it.
    value = 1 / 6000
    assert parse_number(format_value(value, "rate"), "rate") != value
    assert same({"prevalence": value}, {"prevalence": parse_number(format_value(value, "rate"), "rate")})
    assert same({"crowd_size": 5}, {"crowd_size": 5.0})  # a count must stay a whole number
    assert parse_number(S.format_setting(value, "rate"), "rate") == value


@pytest.mark.parametrize("value, kind, text", [
    (170_000, "count", "170,000"), (0.001, "rate", "1 in 1,000"), (0.005, "rate", "1 in 200"),
    (0.9, "rate", "90%"), (1.0, "rate", "100%"), (0.0, "rate", "0%"), (1 / 6000, "rate", "1 in 6,000"),
    (0.0012345, "rate", "0.0012345"), (0.0015, "rate", "0.15%"), (0.123, "rate", "0.123"), (3.4567e-13, "rate", "3.4567e-13"), (1e-15, "rate", "1 in 1,000,000,000,000,000"),
    (0.35, "number", "0.35"), (-0.2417, "number", "-0.2417"), (10_000.5, "number", "10,000.5"),
    (-0.0, "number", "0"), (1e-7, "number", "1e-7"),
])
def test_values_are_written_as_the_text_boxes_read_them(value, kind, text):
    assert S.format_setting(value, kind) == text
    assert parse_number(text, kind) == value


def test_a_line_is_tolerant_of_spacing_order_case_and_labels():
    calc = calculators.alarm()
    calc.apply_settings_line("  ALARM CALCULATOR :\tHit rate = 80 % ;\n false-alert RATE=1 in 1000;;"
                             "  crowd_size =2 000;  prevalence=1\u00a0in\u00a0100;  ")
    assert calc.values() == {"crowd_size": 2000, "prevalence": 0.01, "hit_rate": 0.8,
                             "false_alert_rate": 0.001}
    fair = calculators.fairness_tradeoff()
    fair.apply_settings_line("Fair to whom? (FAIRNESS_TRADEOFF): rule=Equal PPV; prevalence_b=1 in 50")
    assert fair.values()["rule"] == "equal PPV" and fair.values()["prevalence_b"] == 0.02
    unique = calculators.how_unique()
    unique.apply_settings_line("How unique are you?: district=YES; sex=false; birth_date=on")
    assert [unique.values()[k] for k in ("district", "sex", "birth_date")] == [True, False, True]
    matcher = calculators.matcher()
    matcher.apply_settings_line("The Matcher: threshold=\u22120.25; mode=1:N identification")
    assert matcher.values()["threshold"] == -0.25 and matcher.mode.value == "1:N identification"
    policy = calculators.policy_simulator()
    policy.apply_settings_line("policy_simulator: d_reuses_id_photos=no; first_harm=people_exposed")
    assert policy.gallery.value is False and policy.first_harm.value == "people_exposed"


def test_a_partial_line_keeps_the_other_values_and_says_so():
    calc = calculators.alarm()
    calc.set_values(crowd_size=5_000)
    assert calc.settings_box.apply("Alarm calculator (alarm): prevalence=2%")
    assert calc.values()["crowd_size"] == 5_000 and calc.values()["prevalence"] == 0.02
    assert calc.settings_box.message == "Applied 1 setting; the other 3 keep their values."
    assert not calc.settings_box.problem
    assert calc.settings_box.apply(calc.settings_line())
    assert calc.settings_box.message == "Applied all 4 settings."


def test_parse_settings_line_names_the_calculator_and_reads_its_values():
    line = calculators.gallery_size().settings_line()
    function, values = S.parse_settings_line(line)
    assert function == "gallery_size" and values == {"false_match_rate": 1e-6, "gallery_size": 10_000}
    with pytest.raises(ValueError, match="not one of the course's calculators: Check a claim"):
        S.parse_settings_line("Toaster: heat=3")
    with pytest.raises(ValueError, match="line must be text"):
        S.parse_settings_line(None)


# -- bad lines: a message, and nothing changes ------------------------------------------------------
BAD_LINES = {
    "empty": ("   ", "The settings line is empty: paste a line that starts with \"Alarm calculator (alarm):\"."),
    "no name": ("crowd_size=5; prevalence=1%", "must start with the calculator's name and a colon: "
                "\"Alarm calculator (alarm):\""),
    "unknown calculator": ("Toaster: crowd_size=5", "This line is for \"Toaster\", which is not this "
                           "calculator: a line for Alarm calculator starts with \"Alarm calculator (alarm):\"."),
    "another calculator": ("Gallery size (gallery_size): gallery_size=10", "This line is for Gallery size "
                           "(gallery_size), not for Alarm calculator (alarm): paste it into Gallery size."),
    "garbled": ("Alarm calculator: crowd_size=5; prevalence 1%", "cannot be read at \"prevalence 1%\": "
                "each setting is a name, \"=\" and a value"),
    "unknown input": ("Alarm calculator: crowd=5", "names an unknown setting \"crowd\": the settings of "
                      "Alarm calculator are crowd_size, prevalence, hit_rate, false_alert_rate."),
    "out of range": ("Alarm calculator: hit_rate=90%; crowd_size=0", "crowd_size: Crowd size (people "
                     "scanned) must be a whole number from 1 to 2,000,000,000; you entered 0."),
    "rate out of range": ("Alarm calculator: hit_rate=150%", "hit_rate: Hit rate: share of watchlisted "
                          "people flagged must be from 0% to 100%; you entered 150%."),
    "not a number": ("Alarm calculator: prevalence=lots", "prevalence: Prevalence: share of the crowd on "
                     "the watchlist must be from 0% to 100%; you entered lots: it is not a number."),
    "twice": ("Alarm calculator: hit_rate=1%; Hit rate=2%", "gives hit_rate twice"),
    "no value": ("Alarm calculator: hit_rate=", "The setting hit_rate has no value after \"=\"."),
    "no settings": ("Alarm calculator (alarm):", "gives no settings after \"Alarm calculator (alarm):\""),
}


@pytest.mark.parametrize("kind", sorted(BAD_LINES))
def test_a_bad_line_gets_its_message_and_changes_nothing(kind):
    line, message = BAD_LINES[kind]
    calc = calculators.alarm()
    calc.apply_preset(next(iter(calc.presets)))
    before, readout, shown = state(calc), calc.readout.value, calc.settings_box.line
    with pytest.raises(ValueError) as raised:
        calc.apply_settings_line(line)
    assert message in str(raised.value)
    assert calc.settings_box.apply(line) is False   # the same through the widget's Apply
    assert calc.settings_box.problem and message in calc.settings_box.message
    assert calc.settings_box.pasted == line          # what the learner typed stays in the box
    assert state(calc) == before and calc.readout.value == readout and calc.settings_box.line == shown


@pytest.mark.parametrize("line, message", [
    ("How unique are you?: sex=maybe", "sex must be yes or no; you entered maybe."),
    ("How unique are you?: sex=yes; population=50", "population: Population (people) must be a whole "
     "number from 100 to 10,000,000; you entered 50."),
])
def test_a_bad_choice_or_a_late_bad_value_changes_nothing(line, message):
    calc = calculators.how_unique()
    calc.set_values(sex=False)
    before = state(calc)
    with pytest.raises(ValueError, match=message.replace("(", r"\(").replace(")", r"\)")):
        calc.apply_settings_line(line)
    assert state(calc) == before  # sex was not set although it came first


def test_a_bad_option_names_the_options():
    calc = calculators.matcher()
    with pytest.raises(ValueError, match="mode must be 1:1 verification or 1:N identification; you entered 1:2."):
        calc.apply_settings_line("The Matcher: mode=1:2")
    policy = calculators.policy_simulator()
    with pytest.raises(ValueError, match="first_harm must be fraud_not_stopped, honest_refused, "):
        policy.apply_settings_line("Policy simulator: first_harm=everything")


# -- the settings row in the widget -------------------------------------------------------------
def test_the_line_follows_every_change():
    calc = calculators.alarm()
    box = calc.settings_box
    assert box.line == calc.settings_line() and box in calc.children
    calc.inputs["prevalence"].text.value = "1 in 50"      # typed in a text box
    assert "prevalence=2%" in box.line
    calc.inputs["hit_rate"].slider.value = 0.5           # a slider moved
    assert "hit_rate=50%" in box.line
    calc.preset_picker.value = next(iter(calc.presets))   # a preset chosen
    assert box.line.endswith(f"# preset: {next(iter(calc.presets))}") and "crowd_size=170,000" in box.line
    calc.inputs["crowd_size"].set(1234)                    # and left again
    assert "# preset" not in box.line and "crowd_size=1,234" in box.line
    matcher = calculators.matcher()
    matcher.mode.value = "1:N identification"             # a choice
    assert matcher.settings_box.line.endswith("mode=1:N identification")
    policy = calculators.policy_simulator()
    policy.second_harm.value = "faces_linked"             # a view choice
    assert policy.settings_box.line.endswith("second_harm=faces_linked")


def test_apply_in_the_page_applies_what_was_pasted():
    calc = calculators.alarm()
    box = calc.settings_box
    box.pasted = "Alarm calculator (alarm): crowd_size=42"   # typed in the page's box
    box.requests += 1                                       # the page's Apply button
    assert calc.values()["crowd_size"] == 42 and box.message == "Applied 1 setting; the other 3 keep their values."
    assert box.line == calc.settings_line() and box.pasted == "Alarm calculator (alarm): crowd_size=42"


def test_the_row_is_labelled_and_keyboard_operable():
    esm = S.SettingsBox._esm
    for needed in ('make("details"', 'make("summary"', "for: `${id}-line`", "for: `${id}-paste`",
                   '"aria-readonly": "true"', 'role: "alert"', '"aria-live": "polite"',
                   'type: "button"', "navigator.clipboard", 'event.key === "Enter"'):
        assert needed in esm, needed
    assert "https://" not in esm and "http://" not in esm


# -- the grammar's characters never occur inside a key or a value ---------------------------------
def grammar_problems(spec: dict) -> list[str]:
    """Names and values that would break a line: the grammar's characters, tabs, line breaks."""
    problems = []
    if any(c in spec["header"] for c in S.GRAMMAR) or not spec["header"].isascii():
        problems.append(f"header {spec['header']!r}")
    for entry in spec["known"]:
        if any(c in entry["name"] for c in S.GRAMMAR):
            problems.append(f"name {entry['name']!r}")
    for field in spec["fields"]:
        texts = [field["key"]] + [text for text, _, _ in field.get("options", [])]
        for text in texts:
            if any(c in text for c in (";", "=", "#", "\t", "\n")) or not text.isascii() or text != text.strip():
                problems.append(f"{field['key']}: {text!r}")
        if field["key"] != field["key"].lower() or " " in field["key"] or ":" in field["key"]:
            problems.append(f"key {field['key']!r}")
    return problems


@pytest.mark.parametrize("function", FUNCTIONS)
def test_no_name_or_value_holds_the_grammars_characters(function):
    spec = S.settings_spec(make(function))
    assert grammar_problems(spec) == []
    assert spec["function"] == function and len({f["key"] for f in spec["fields"]}) == len(spec["fields"])


def test_the_grammar_check_catches_a_doctored_calculator():
    spec = S.settings_spec(calculators.matcher())

    def doctored(change) -> list[str]:
        copy = json.loads(json.dumps(spec))
        change(copy)
        return grammar_problems(copy)

    assert doctored(lambda s: None) == []
    assert doctored(lambda s: s["fields"][-1]["options"].append(["a;b", "a;b", "A or B"])) == ["mode: 'a;b'"]
    assert doctored(lambda s: s.update(header="The Matcher: new")) == ["header 'The Matcher: new'"]
    assert "key 'Threshold 1'" in doctored(lambda s: s["fields"][0].update(key="Threshold 1"))
    assert doctored(lambda s: s["known"][0].update(name="Alarm = calculator"))


# -- the same grammar in the website's twin (Node.js) ----------------------------------------------
SETTINGS_JS = r"""
const path = require("path");
const root = path.join(process.cwd(), "src", "facenumbers", "twins", "js");
for (const file of ["format.js", "reading.js", "settings.js"]) require(path.join(root, file));
const job = JSON.parse(require("fs").readFileSync(0, "utf8"));
const S = FTN.settings;
const out = job.cases.map((c) => {
  try {
    if (c.line === undefined) return { line: S.line(job.settings, c.values, c.preset) };
    const read = S.read(job.settings, job.presets, c.line, c.current);
    return { values: read.values, preset: read.preset };
  } catch (problem) {
    return { error: problem.message, settings_error: problem instanceof S.SettingsError };
  }
});
process.stdout.write(JSON.stringify(out));
"""


def run_js(spec: dict, cases: list[dict]) -> list[dict]:
    if NODE is None:
        bs.skip_or_fail("Node.js is needed to run the twins' settings grammar (apt-get install nodejs)")
    job = json.dumps({"settings": spec["settings"], "presets": spec["presets"], "cases": plain(cases)},
                     allow_nan=False)
    done = subprocess.run([NODE, "-e", SETTINGS_JS], input=job, capture_output=True, text=True,
                          cwd=ROOT, timeout=120, check=True)
    return json.loads(done.stdout)


@pytest.mark.parametrize("function", FUNCTIONS)
def test_the_twin_writes_and_reads_the_same_lines(function, pair):
    writer, reader = pair[function]
    spec = twin_spec(writer)
    settings = []
    for label in writer.presets:                      # every preset, with its comment
        writer.apply_preset(label)
        settings.append((S._current(writer), label, writer.settings_line()))
    for values in random_settings(writer, RANDOM_SETTINGS, seed=23):
        put(writer, values)
        settings.append((S._current(writer), None, writer.settings_line()))
    start = S._current(make(function))
    cases = [{"values": values, "preset": preset} for values, preset, _ in settings]
    cases += [{"line": line, "current": start} for _, _, line in settings]
    got = run_js(spec, cases)
    written, read = got[:len(settings)], got[len(settings):]
    for (values, preset, line), js_line, js_read in zip(settings, written, read):
        assert js_line == {"line": line}, (values, js_line)
        assert "error" not in js_read, (line, js_read)
        assert same(values, js_read["values"], types=False) == [], line  # a Python line, in the twin
        assert js_read["preset"] == preset
        reader.apply_settings_line(js_line["line"])           # the twin's line, read by Python
        assert same(values, S._current(reader)) == [], line


def test_the_twin_gives_every_bad_line_the_same_message():
    calc = calculators.alarm()
    spec = twin_spec(calc)
    lines = [line for line, _ in BAD_LINES.values()] + ["Alarm calculator: hit_rate=1 in 0"]
    got = run_js(spec, [{"line": line, "current": S._current(calc)} for line in lines])
    for line, js in zip(lines, got):
        with pytest.raises(ValueError) as raised:
            S.read_settings_line(calc, line)
        assert js == {"error": str(raised.value), "settings_error": True}, line
    for function in ("how_unique", "matcher", "policy_simulator"):
        calc = make(function)
        spec = twin_spec(calc)
        line = {"how_unique": "How unique are you?: sex=maybe",
                "matcher": "The Matcher: mode=1:2; threshold=2",
                "policy_simulator": "Policy simulator: d_reuses_id_photos=perhaps"}[function]
        with pytest.raises(ValueError) as raised:
            S.read_settings_line(calc, line)
        assert run_js(spec, [{"line": line, "current": S._current(calc)}])[0]["error"] == str(raised.value)


def test_the_twin_comparison_catches_a_different_line():
    spec = twin_spec(calculators.alarm())
    values = S._current(calculators.alarm())
    js = run_js(spec, [{"values": values, "preset": None}])[0]["line"]
    assert js == calculators.alarm().settings_line()
    assert js != calculators.alarm().settings_line().replace("1 in 200", "0.5%")
    assert same(values, {**values, "hit_rate": 0.9000000000000001}, types=False)
    assert same({"sex": True}, {"sex": 1}, types=False)


def test_the_twin_draws_a_settings_row_and_loads_its_grammar():
    spec = twin_spec(calculators.alarm())
    assert '"type": "settings"' in json.dumps(spec["layout"])
    assert spec["settings"]["header"] == "Alarm calculator (alarm)"
    page = js_source("twin.js")
    assert 'load("settings.js")' in page and 'case "settings"' in page
    assert "navigator.clipboard" in js_source("settings.js")
    assert "FTN.settings =" in js_source("settings.js")


# -- the twin's settings row in Chromium: a static page with two twins ---------------------------
PAGE = """<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Settings lines</title>
<link rel="stylesheet" href="ftn/twin.css"><script src="ftn/format.js"></script>
<script src="ftn/reading.js"></script><script src="ftn/twin.js"></script></head>
<body><main><h1>Settings lines</h1>{twins}</main></body></html>"""


chromium = pytest.fixture(scope="module", name="chromium")(bs.module_chromium)


@pytest.fixture(scope="module")
def twin_page(tmp_path_factory, chromium):
    """The Alarm calculator's and the policy simulator's twins on a page served on 127.0.0.1."""
    import shutil

    import altair as alt
    import vl_convert

    import site_support as site

    folder = tmp_path_factory.mktemp("settings-page")
    from importlib.resources import files

    source = Path(str(files("facenumbers.twins").joinpath("js")))
    shutil.copytree(source, folder / "ftn")
    bundle = vl_convert.javascript_bundle(vl_version=alt.SCHEMA_VERSION.rsplit(".", 1)[0])
    (folder / "ftn" / "vega.js").write_text(f"(function () {{\n{bundle}\n}})();\n", encoding="utf-8")
    from facenumbers.twins import twin_html

    twins = "".join(twin_html(make(f)) for f in ("alarm", "policy_simulator"))
    (folder / "index.html").write_text(PAGE.format(twins=twins), encoding="utf-8")
    server = site.serve(folder)
    try:
        opened = site.open_page(chromium.browser, server, "index.html")
        opened.context.grant_permissions(["clipboard-read", "clipboard-write"], origin=server.base.rstrip("/"))
        yield opened
        opened.close()
    finally:
        server.stop()


def _twin_values(root) -> dict:
    return root.evaluate("(el) => el.ftnTwin.values()")


def test_the_twins_row_shows_copies_and_applies_lines(twin_page):
    page = twin_page.page
    root = page.locator(".ftn-twin[data-function='alarm']")
    details = root.locator("details.ftn-settings")
    assert details.get_attribute("open") is None          # folded away until opened
    summary = details.locator("summary")
    summary.focus()
    page.keyboard.press("Enter")                          # opened from the keyboard
    assert details.get_attribute("open") is not None
    line_box = root.get_by_label("These settings:")
    paste_box = root.get_by_label("Paste settings:")
    calc = calculators.alarm()
    assert line_box.input_value() == calc.settings_line()
    assert line_box.get_attribute("readonly") is not None

    label = list(calc.presets)[1]                          # a preset chosen in the page
    root.locator("select.ftn-presets").select_option(label=label)
    calc.apply_preset(label)
    assert line_box.input_value() == calc.settings_line()

    writer = calculators.alarm()                           # a Python line, pasted and applied
    put(writer, random_settings(writer, 1, seed=31)[0])
    paste_box.fill(writer.settings_line())
    root.get_by_role("button", name="Apply").click()
    assert same(S._current(writer), _twin_values(root), types=False) == []
    assert line_box.input_value() == writer.settings_line()
    assert root.locator(".ftn-settings-message").inner_text() == "Applied all 4 settings."

    before = _twin_values(root)                             # a bad line: message, nothing changed
    bad, message = BAD_LINES["out of range"]
    paste_box.fill(bad)
    paste_box.press("Enter")
    assert root.locator(".ftn-settings-message [role='alert']").inner_text() == f"\u26a0 {message}"
    assert _twin_values(root) == before and paste_box.input_value() == bad

    root.get_by_role("button", name="Copy").click()         # the browser's clipboard
    page.wait_for_function("() => document.querySelector('.ftn-settings-copied').textContent !== ''")
    assert root.locator(".ftn-settings-copied").first.inner_text() == "Copied."
    assert page.evaluate("() => navigator.clipboard.readText()") == writer.settings_line()


def test_the_twins_row_applies_view_choices_and_a_preset(twin_page):
    root = twin_page.page.locator(".ftn-twin[data-function='policy_simulator']")
    root.locator("details.ftn-settings summary").click()
    writer = calculators.policy_simulator()
    writer.apply_preset(list(writer.presets)[2])
    writer.set_values(weight_honest_refused=3)
    writer.apply_preset(list(writer.presets)[2])            # the preset keeps the weights
    writer.second_harm.value = "people_exposed"
    root.get_by_label("Paste settings:").fill(writer.settings_line())
    root.get_by_role("button", name="Apply").click()
    assert same(S._current(writer), _twin_values(root), types=False) == []
    assert root.locator("select.ftn-presets").evaluate("(s) => s.options[s.selectedIndex].text") == \
        writer.preset_picker.value
    assert root.get_by_label("These settings:").input_value() == writer.settings_line()


def test_the_twins_row_passes_axe(twin_page):
    import axe_support as axe

    reason = axe.axe_unavailable_reason()
    if reason:
        bs.skip_or_fail(reason)
    page = twin_page.page
    for details in page.locator("details.ftn-settings").all():
        details.evaluate("(el) => { el.open = true; }")
    violations = axe.run_axe(page, include=".ftn-settings")
    assert violations == [], axe.format_violations(violations)


# -- the notebook's settings row in JupyterLab ---------------------------------------------------
@pytest.fixture
def lab_server(tmp_path):
    """JupyterLab serving a notebook that shows the Alarm calculator; stopped by its PID."""
    folder = tmp_path / "notebooks"
    bs.write_notebook(folder / "settings.ipynb",
                      "from facenumbers.calculators import alarm\ncalc = alarm()\ncalc")
    server = bs.start_lab(folder, tmp_path / "lab")
    yield server
    server.stop()


def test_the_notebooks_row_copies_and_applies_in_jupyterlab(tmp_path, chromium, lab_server):
    import axe_support as axe

    with bs.LabNotebook(lab_server, chromium, "settings.ipynb") as notebook:
        notebook.run_or_fail(tmp_path / "settings.png")
        page = notebook.page
        notebook.context.grant_permissions(["clipboard-read", "clipboard-write"],
                                           origin=lab_server.base.rstrip("/"))
        details = page.locator("details.ftn-settings")
        assert details.get_attribute("open") is None
        details.locator("summary").click()
        line_box, paste_box = page.get_by_label("These settings:"), page.get_by_label("Paste settings:")
        expected = calculators.alarm().settings_line()
        assert line_box.input_value() == expected
        cells = page.locator(".jp-Notebook .jp-Cell").count()
        line_box.click()
        page.keyboard.type("ab")                 # no JupyterLab shortcut fires, no edit stays
        assert line_box.input_value() == expected and page.locator(".jp-Notebook .jp-Cell").count() == cells

        paste_box.fill("Alarm calculator (alarm): crowd_size=42; hit rate=50%")
        details.get_by_role("button", name="Apply", exact=True).click()
        page.wait_for_function("() => document.body.innerText.includes('Applied 2 settings')")
        assert "crowd_size=42;" in line_box.input_value() and "hit_rate=50%" in line_box.input_value()
        crowd = page.locator('input[title="Type a value for Crowd size (people scanned)"]')
        assert crowd.input_value() == "42"

        bad, words = BAD_LINES["unknown input"]
        paste_box.fill(bad)
        paste_box.press("Enter")
        alert = page.locator(".ftn-settings [role='alert']")
        alert.wait_for(timeout=20_000)
        assert words in alert.inner_text() and paste_box.input_value() == bad
        assert crowd.input_value() == "42"

        details.get_by_role("button", name="Copy", exact=True).click()
        page.wait_for_function("() => document.body.innerText.includes('Copied.')", timeout=10_000)
        assert page.evaluate("() => navigator.clipboard.readText()") == line_box.input_value()

        reason = axe.axe_unavailable_reason()
        if reason:
            bs.skip_or_fail(reason)
        violations = axe.run_axe(page, include=".ftn-settings")
        assert violations == [], axe.format_violations(violations)
