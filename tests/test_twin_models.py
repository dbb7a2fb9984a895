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
