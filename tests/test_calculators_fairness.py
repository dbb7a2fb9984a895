"""The "Fair to whom?" calculator, driven from Python as a learner would drive it."""

from __future__ import annotations

import html

import pytest

from facenumbers import data
from facenumbers.calculators.controls import Calculator, NumberInput
from facenumbers.calculators.fairness import FairnessCalculator, fairness_tradeoff
from facenumbers.models import fairness


def _text(calc) -> str:
    return html.unescape(calc.readout.value + " " + calc.summary.value)


def _chart_values(calc) -> dict[tuple[str, str], float]:
    return {(row["measure"], row["group"]): row["value"] for row in calc.live.params["groups"]}


def test_it_is_a_course_calculator_with_the_lessons_defaults():
    calc = fairness_tradeoff()
    assert isinstance(calc, Calculator) and isinstance(calc, FairnessCalculator)
    assert calc.title == "Fair to whom?"
    assert all(isinstance(box, NumberInput) for box in calc.inputs.values())
    assert calc.values() == {"prevalence_a": 0.001, "prevalence_b": 0.01,
                             "hit_rate": data.assumption("watchlist_hit_rate"),
                             "false_alert_rate": 0.001, "rule": fairness.EQUAL_ERROR_RATES}
    assert next(iter(calc.inputs.values())).kind == "rate"      # the browser tests type 1000% here
    assert calc.live.widget.spec["description"].startswith("Fair to whom?")


def test_equal_error_rates_show_unequal_ppv_side_by_side():
    calc = fairness_tradeoff()
    text = _text(calc)
    assert "<b>47.1%</b> for Group A" in text and "<b>90.0%</b> for Group B" in text
    chart = _chart_values(calc)
    ppv = "Share of alarms that are right (PPV)"
    assert chart[(ppv, "Group A")] == pytest.approx(0.00089 / (0.00089 + 0.000999))
    assert chart[("False-alert rate: innocent people flagged", "Group B")] == 0.001
    assert "47.1% of alarms about Group A are right, and 90.0% of alarms about Group B" in \
        calc.summary.value


def test_equal_ppv_shows_unequal_false_alert_rates_and_the_other_road():
    calc = fairness_tradeoff()
    calc.rule.value = fairness.EQUAL_PPV        # as a click on the toggle would
    text = _text(calc)
    assert "<b>47.1%</b> in both groups" in text
    assert "<b>1 in 99.1</b> in Group B" in text
    assert "10.1 times as often" in calc.summary.value
    assert "lower Group A's rate to 1 in 10,100" in text and "stricter setting" in text
    chart = _chart_values(calc)
    rate = "False-alert rate: innocent people flagged"
    assert chart[(rate, "Group B")] / chart[(rate, "Group A")] == pytest.approx(10.09, abs=0.01)


def test_moving_an_input_changes_readout_summary_and_chart_and_drops_the_preset():
    calc = fairness_tradeoff()
    calc.apply_preset(next(iter(calc.presets)))
    before = (calc.readout.value, calc.summary.value, calc.live.params)
    calc.inputs["prevalence_b"].slider.value = 0.05
    assert calc.preset_picker.value == "(your own values)" and calc.note.value == ""
    assert (calc.readout.value, calc.summary.value, calc.live.params) != before


def test_typing_values_as_people_write_them():
    calc = fairness_tradeoff()
    calc.inputs["prevalence_b"].text.value = "1 in 200"
    calc.inputs["false_alert_rate"].text.value = "0.05%"
    assert calc.values()["prevalence_b"] == pytest.approx(0.005)
    assert calc.values()["false_alert_rate"] == pytest.approx(0.0005)
    assert "1 in 200" in calc.readout.value


@pytest.mark.parametrize("name, typed, words", [
    ("prevalence_a", "1000%", "Group A's prevalence: share on the watchlist must be from"),
    ("hit_rate", "-3", "Hit rate: share of watchlisted people flagged must be"),
    ("false_alert_rate", "lots", "must be from"),
])
def test_impossible_values_show_a_message_and_keep_the_last_good_value(name, typed, words):
    calc = fairness_tradeoff()
    box = calc.inputs[name]
    before = box.value
    box.text.value = typed
    assert words in html.unescape(box.error.value) and "role='alert'" in box.error.value
    assert box.value == before


def test_equal_ppv_out_of_reach_is_explained_not_crashed():
    calc = fairness_tradeoff()
    calc.set_values(rule=fairness.EQUAL_PPV, false_alert_rate=0.2)
    message = html.unescape(calc.message.value)
    assert "Equal PPV cannot be reached" in message and "2.02" in message
    calc.set_values(false_alert_rate=0.001)
    assert calc.message.value == ""


def test_set_values_rejects_unknown_inputs_and_out_of_range_values():
    calc = fairness_tradeoff()
    with pytest.raises(ValueError, match="input must be one of"):
        calc.set_values(base_rate=0.1)
    with pytest.raises(ValueError, match="must be from"):
        calc.set_values(prevalence_a=0.9)


def test_every_preset_loads_with_a_note_and_its_assumptions():
    calc = fairness_tradeoff()
    assert len(calc.presets) >= 4
    for label, preset in calc.presets.items():
        calc.apply_preset(label)
        assert calc.preset_picker.value == label
        assert calc.message.value == "", label
        assert preset.note and preset.assumptions, label
        assert "Assumption:" in calc.note.value
        assert "illustrative" in " ".join(preset.assumptions) or "test figure" in calc.note.value


def test_the_equal_base_rates_preset_shows_no_conflict():
    calc = fairness_tradeoff()
    calc.apply_preset("Same base rate in both groups (1 in 1,000): no conflict")
    equal_ppv = _chart_values(calc)
    assert "no conflict" in calc.summary.value
    calc.rule.value = fairness.EQUAL_ERROR_RATES
    chart = _chart_values(calc)
    assert all(chart[(m, "Group A")] == chart[(m, "Group B")] for m, _ in chart)
    assert chart == pytest.approx(equal_ppv)                  # switching the rule changes nothing


def test_the_npl_preset_reads_its_rate_from_the_data():
    calc = fairness_tradeoff()
    label = next(p for p in calc.presets if p.startswith("NPL's test rate"))
    calc.apply_preset(label)
    one_in = data.value("npl_equitability_2023", "people_per_false_alert_watchlist_10000")
    assert calc.values()["false_alert_rate"] == pytest.approx(1 / one_in)
    assert "Computer Weekly" in calc.note.value


def test_it_asks_for_a_prediction_and_compares_it_with_group_as_ppv():
    calc = fairness_tradeoff()
    assert "Predict first" in calc.prediction_line.value and "prediction = ..." in calc.prediction_line.value
    guessed = fairness_tradeoff(prediction="90%")      # the common guess: the same as Group B
    assert "You predicted 90.0%" in guessed.prediction_line.value
    assert "47.1%" in guessed.prediction_line.value and "lower than you thought" in guessed.prediction_line.value
    bad = fairness_tradeoff(prediction=90)
    assert "prediction must be" in bad.prediction_line.value and bad.readout.value
