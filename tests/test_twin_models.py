"""Each calculator's static twin computes what the widget computes (numbers and words).

At every preset and 60 random settings across every input's range, the JavaScript model of
the twin (run in Node.js) gives the chart the same parameters (within 1e-9 relative), the
readout, summary and every other changing text the same words, the same answer for the
prediction, and the same message where the values cannot be computed. The same comparison
runs in Chromium on the built website (tests/test_site.py).
"""

from __future__ import annotations

import pytest

import browser_support as bs
from facenumbers.twins import FUNCTIONS
from twin_support import NODE, compare, make, sample_settings


@pytest.fixture(autouse=True)
def node_is_here():
    """Node.js runs the models; without it these tests skip (under CI=true they fail)."""
    if NODE is None:
        bs.skip_or_fail("Node.js is needed to run the twins' models (apt-get install nodejs)")


@pytest.mark.parametrize("function", sorted(FUNCTIONS))
def test_twin_model_matches_the_calculator(function: str) -> None:
    found = compare(function, count=60, seed=17)
    assert not found, f"{len(found)} differences; first: " + "\n".join(found[:5])


@pytest.mark.parametrize("function", sorted(FUNCTIONS))
def test_at_least_fifty_settings_are_compared(function: str) -> None:
    assert len(sample_settings(make(function), 60, 17)) >= 50


def test_the_comparison_catches_a_wrong_number_a_wrong_word_and_a_missing_text():
    from twin_support import differences, js_as_outcome, python_outcome

    calc = make("alarm")
    python = python_outcome(calc, {"crowd_size": 170_000, "prevalence": 0.001, "hit_rate": 0.9,
                                   "false_alert_rate": 0.005})
    same = {"ok": True, "result": {"params": python["params"], "html": python["html"],
                                   "answer": python["answer"]}}
    assert differences(python, js_as_outcome(same, python)) == []
    nudged = dict(same["result"], answer=python["answer"] * (1 + 1e-8))
    assert differences(python, js_as_outcome({"ok": True, "result": nudged}, python))
    within = dict(same["result"], answer=python["answer"] * (1 + 1e-12))
    assert differences(python, js_as_outcome({"ok": True, "result": within}, python)) == []
    reworded = dict(same["result"], html={**python["html"], "summary": python["html"]["summary"] + " "})
    assert differences(python, js_as_outcome({"ok": True, "result": reworded}, python))
    missing = dict(same["result"], html={"readout": python["html"]["readout"]})
    assert differences(python, js_as_outcome({"ok": True, "result": missing}, python))
    crashed = {"ok": False, "error": "x is undefined", "input_error": False}
    assert "not a learner's message" in js_as_outcome(crashed, python)["error"]


READING_JS = r"""
const path = require("path");
const root = path.join(process.cwd(), "src", "facenumbers", "twins", "js");
require(path.join(root, "format.js"));
require(path.join(root, "reading.js"));
const cases = JSON.parse(require("fs").readFileSync(0, "utf8"));
const out = cases.map(([typed, kind]) => {
  try { return {value: FTN.reading.parseNumber(typed, kind)}; }
  catch (problem) { return {error: problem.message, unreadable: problem instanceof FTN.reading.UnreadableNumber}; }
});
process.stdout.write(JSON.stringify(out, (k, v) => (typeof v === "number" && !Number.isFinite(v)) ? String(v) : v));
"""


def _typed_cases() -> list[tuple[str, str]]:
    import random

    rng = random.Random(5)
    pieces = ["1", "0", "2", "5", "17", "170", "000", ",", ".", " ", "_", "%", "e", "-", "+", "e-3",
              "1 in ", "in", "inf", "nan", "1,000", "0,5", "2,75", "1.6e9", "abc", "  ", "1e400"]
    cases = [("2%", "rate"), ("1 in 6,000", "rate"), ("0,5", "rate"), ("1 000 000", "count"),
             ("1,2,3", "count"), ("1 in 0", "rate"), ("", "rate"), ("-0", "rate"), ("Inf", "count")]
    for _ in range(3000):
        typed = "".join(rng.choice(pieces) for _ in range(rng.randint(1, 5)))
        cases.append((typed, rng.choice(["rate", "count", "number"])))
    return cases


def test_typed_text_is_read_as_the_widget_reads_it():
    """parse_number in the page (reading.js) and in Python agree on 3,000 typed strings."""
    import json
    import subprocess

    from facenumbers.calculators.controls import UnreadableNumber, parse_number

    cases = _typed_cases()
    done = subprocess.run([NODE, "-e", READING_JS], input=json.dumps(cases), capture_output=True,
                          text=True, check=True, cwd=str(bs.ROOT))
    found = []
    for (typed, kind), page in zip(cases, json.loads(done.stdout)):
        try:
            value = parse_number(typed, kind)
            expected = {"value": value if value == value and abs(value) != float("inf") else str(value)}
        except UnreadableNumber as problem:
            expected = {"error": str(problem), "unreadable": True}
        if isinstance(expected.get("value"), str):  # inf, nan: JavaScript writes Infinity, NaN
            expected["value"] = {"inf": "Infinity", "-inf": "-Infinity", "nan": "NaN"}[expected["value"]]
        if expected != page and not (
                "value" in expected and "value" in page and isinstance(page["value"], float | int)
                and abs(page["value"] - expected["value"]) <= 1e-15 * abs(expected["value"])):
            found.append(f"{typed!r} ({kind}): Python {expected}, page {page}")
    assert not found, f"{len(found)} differ; first: " + "\n".join(found[:8])
