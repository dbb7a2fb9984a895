"""The Matcher and the Threshold explorer, driven from Python as a learner would drive them."""

from __future__ import annotations

import re

import pytest

from facenumbers.calculators import matcher, threshold_explorer
from facenumbers.calculators.biometrics import MODES
from facenumbers.models import error_rates


@pytest.fixture(scope="module")
def explorer():
    return threshold_explorer()


def _score(calc) -> float:
    return float(re.search(r"Similarity <b>(-?[0-9.]+)</b>", calc.readout.value)[1])


def test_matcher_same_person_and_strangers():
    calc = matcher()
    calc.apply_preset("Same person, two passport photos")
    assert "the same person" in calc.readout.value and "Correct: a match" in calc.readout.value
    good = _score(calc)
    calc.apply_preset("Same person, two blurry shop selfies")
    assert _score(calc) < good - 0.2  # poorer captures, lower same-person scores
    calc.apply_preset("Two strangers in Group B")
    assert "different people" in calc.readout.value
    calc.set_values(threshold=-1.0)
    assert "false match" in calc.readout.value


def test_matcher_threshold_moves_the_chart_and_the_counts():
    calc = matcher()
    before = calc.summary.value
    calc.inputs["threshold"].text.value = "0.2"
    assert calc.live.params["threshold"] == pytest.approx(0.2)
    assert calc.summary.value != before
    strict = calc.readout.value
    calc.set_values(threshold=0.8)
    assert "A <b>false non-match</b>" in calc.readout.value  # the same person, score under 0.8
    assert calc.readout.value != strict
    assert calc.live.params["pair_score"] == pytest.approx(_score(calc), abs=1e-3)


def test_matcher_quality_changes_the_histogram_in_place():
    calc = matcher()
    bins_before = calc.live.params["bins"]
    calc.set_values(quality=0.0)
    assert calc.live.params["bins"] != bins_before
    assert len(calc.live.params["bins"]) == len(bins_before)  # same chart, new numbers


def test_matcher_identification_mode():
    calc = matcher()
    calc.mode.value = MODES[1]
    calc.set_values(person_a=7, capture_a=2, gallery_size=100, threshold=0.35, quality=1.0)
    assert "who include them" in calc.readout.value and "Correct." in calc.readout.value
    calc.set_values(person_a=150)
    assert "who do not include them" in calc.readout.value
    calc.set_values(threshold=-1.0)
    assert "false positive identification" in calc.readout.value


@pytest.mark.parametrize("name, typed, words", [
    ("threshold", "2", "from -1 to 1"),
    ("gallery_size", "5000", "whole number from 1 to 1,000"),
    ("person_a", "0", "whole number from 1 to 1,000"),
    ("quality", "high", "from 0 to 1"),
])
def test_matcher_bad_input(name, typed, words):
    calc = matcher()
    box = calc.inputs[name]
    before = calc.readout.value
    box.text.value = typed
    assert words in box.error.value and calc.readout.value == before


def test_explorer_presets_hit_their_targets(explorer):
    everyone = explorer.samples["Everyone"]
    explorer.apply_preset(next(p for p in explorer.presets if p.startswith("Strict")))
    fmr, _ = everyone.rates_at(explorer.inputs["threshold"].value)
    assert fmr <= 1e-6
    explorer.apply_preset(next(p for p in explorer.presets if p.startswith("Balanced")))
    fmr, fnmr = everyone.rates_at(explorer.inputs["threshold"].value)
    eer = error_rates.equal_error_rate(everyone.genuine, everyone.impostor)
    assert (fmr, fnmr) == (pytest.approx(eer.false_match_rate), pytest.approx(eer.false_non_match_rate))
    explorer.apply_preset(next(p for p in explorer.presets if p.startswith("Convenient")))
    fmr, _ = everyone.rates_at(explorer.inputs["threshold"].value)
    assert 0.009 <= fmr <= 0.01
    assert len(everyone.impostor) > 990_000  # about a million different-person comparisons


def test_explorer_counts_people_per_month(explorer):
    explorer.set_values(threshold=0.36, registrations_per_month=10_000_000, impostor_share=0.0001)
    rates = explorer.rates(0.36)
    expected = sum(5_000_000 * (1 - 0.0001) * rates[g][1] for g in ("Group A", "Group B"))
    shown = re.search(r"<b>([0-9,.]+)</b> honest people are refused", explorer.readout.value)[1]
    assert float(shown.replace(",", "")) == pytest.approx(expected, rel=0.01, abs=0.5)
    explorer.set_values(registrations_per_month=20_000_000)
    doubled = re.search(r"<b>([0-9,.]+)</b> honest people are refused", explorer.readout.value)[1]
    assert float(doubled.replace(",", "")) == pytest.approx(2 * expected, rel=0.01, abs=1)


def test_explorer_moves_the_operating_points_and_reports_the_ratio(explorer):
    explorer.set_values(threshold=0.3)
    lenient = explorer.live.params["points"]
    explorer.set_values(threshold=0.4)
    strict = explorer.live.params["points"]
    assert [p["group"] for p in strict] == ["Group A", "Group B", "Everyone"]
    for before, after in zip(lenient, strict):
        assert after["fmr"] <= before["fmr"] and after["fnmr"] >= before["fnmr"]
    rates = explorer.rates(0.3)
    ratio = rates["Group B"][0] / rates["Group A"][0]
    explorer.set_values(threshold=0.3)
    assert f"{ratio:.1f} times" in explorer.readout.value


def test_explorer_says_when_a_rate_is_below_what_the_sample_shows(explorer):
    explorer.set_values(threshold=0.9)
    assert "(none of" in explorer.readout.value


def test_explorer_bad_input(explorer):
    box = explorer.inputs["registrations_per_month"]
    box.text.value = "-10"
    assert "New registrations per month must be a whole number from 0 to 100,000,000" in box.error.value
    box.text.value = "10,000,000"
    assert box.error.value == ""


def test_matcher_greys_out_the_inputs_its_mode_does_not_use():
    calc = matcher()
    assert calc.inputs["gallery_size"].slider.disabled and not calc.inputs["person_b"].text.disabled
    calc.mode.value = MODES[1]
    assert not calc.inputs["gallery_size"].text.disabled and calc.inputs["person_b"].slider.disabled
