"""Calculators driven from Python, as a learner would drive them with the mouse and keyboard."""

from __future__ import annotations

import html
import math

import pytest

from facenumbers.calculators import alarm, gallery_size, share_of_population
from facenumbers import data
from facenumbers.calculators.base_rates import DEPLOYMENT_LABELS, PHONE_CHECK, PHONE_CHECK_LABEL
from facenumbers.calculators.controls import NumberInput, parse_number
from facenumbers.models import base_rates


def _text(calc) -> str:
    return calc.readout.value + " " + calc.summary.value


# -- the Alarm calculator -------------------------------------------------------------------
@pytest.mark.parametrize(
    "case, alerts, false_alerts, ppv_text",
    [
        ("cardiff_2017", "2,470 alarms", "2,297", "7.0%"),
        ("met_trials_essex_2019", "42 alarms", "34", "19.0%"),
        ("met_2024_2025", "2,077 alarms", "10", "99.5%"),
    ],
)
def test_deployment_presets_reproduce_the_published_counts(case, alerts, false_alerts, ppv_text):
    calc = alarm()
    calc.apply_preset(DEPLOYMENT_LABELS[case])
    text = _text(calc)
    assert alerts in text
    assert f"{false_alerts} are flagged too" in text
    assert f"<b>{ppv_text}</b> of alarms" in text
    assert "Published:" in calc.note.value and "Assumption:" in calc.note.value
    assert "National Physical Laboratory" in calc.note.value and "not measured" in calc.note.value
    assert calc.preset_picker.value == DEPLOYMENT_LABELS[case]


def test_phone_check_preset_is_labelled_illustrative_and_comes_from_the_assumptions_table():
    calc = alarm()
    calc.apply_preset(PHONE_CHECK_LABEL)
    assert "illustrative" in calc.note.value
    assert PHONE_CHECK == {
        "crowd_size": data.assumption("registrations_per_month"),
        "prevalence": data.assumption("impostor_share"),
        "hit_rate": 1 - data.assumption("false_match_rate"),
        "false_alert_rate": data.assumption("false_non_match_rate"),
    }
    # The phone check's own terms: an alarm is a refusal; hit rate 1 - FMR; false alerts = FNMR.
    note = html.unescape(calc.note.value)
    assert "refusal" in note and "1 minus the check's false-match rate" in note
    assert "false non-match rate" in note and "honest customers refused" in note
    counts = base_rates.confusion_counts(10_000_000, 0.002, 0.9999, 0.01)
    assert f"{counts.false_alarms:,.0f}" in calc.readout.value


def test_the_alarm_calculator_says_false_alert_rate_not_false_match_rate():
    box = alarm().inputs["false_alert_rate"]
    assert box.label.startswith("False-alert rate")
    assert "match" not in box.label


def test_moving_an_input_changes_readout_and_chart():
    calc = alarm()
    calc.set_values(crowd_size=100_000, prevalence=0.001, hit_rate=0.9, false_alert_rate=0.01)
    before_text, before_icons = _text(calc), calc.live.params["true_icons"]
    calc.inputs["false_alert_rate"].slider.value = 0.0001  # as a slider drag would
    assert calc.inputs["false_alert_rate"].value == pytest.approx(0.0001)
    assert _text(calc) != before_text
    assert calc.live.params["true_icons"] > before_icons
    expected = round(100 * base_rates.positive_predictive_value(0.001, 0.9, 0.0001))
    assert calc.live.params["true_icons"] == expected
    assert calc.preset_picker.value == "(your own values)"


def test_typing_a_value_in_the_text_box():
    calc = alarm()
    calc.inputs["prevalence"].text.value = "1 in 1,000"
    assert calc.inputs["prevalence"].value == pytest.approx(0.001)
    calc.inputs["hit_rate"].text.value = "80%"
    assert calc.inputs["hit_rate"].value == pytest.approx(0.8)
    assert calc.inputs["hit_rate"].error.value == ""


@pytest.mark.parametrize(
    "name, typed, words",
    [
        ("hit_rate", "150%", "from 0% to 100%"),
        ("prevalence", "-0.2", "from 0% to 100%"),
        ("crowd_size", "-5", "whole number from 1 to 2,000,000,000"),
        ("crowd_size", "2.5", "whole number"),
        ("crowd_size", "lots", "whole number"),
        ("false_alert_rate", "nan", "from 0% to 100%"),
        ("false_alert_rate", "", "from 0% to 100%"),
    ],
)
def test_impossible_values_show_a_message_and_keep_the_last_good_value(name, typed, words):
    calc = alarm()
    box = calc.inputs[name]
    before_value, before_readout = box.value, calc.readout.value
    box.text.value = typed
    assert words in box.error.value
    assert box.label in box.error.value
    assert box.value == before_value
    assert calc.readout.value == before_readout
    box.text.value = "0.5" if name != "crowd_size" else "1000"
    assert box.error.value == ""


def test_no_alarms_at_all_is_explained_not_crashed():
    calc = alarm()
    calc.set_values(hit_rate=0, false_alert_rate=0)
    assert "undefined" in calc.readout.value
    assert calc.message.value == ""


def test_set_values_rejects_unknown_inputs_and_out_of_range_values():
    calc = alarm()
    with pytest.raises(ValueError, match="input must be one of"):
        calc.set_values(crowd=5)
    with pytest.raises(ValueError, match="Crowd size"):
        calc.set_values(crowd_size=0)


# -- the Gallery-size calculator -------------------------------------------------------------
def test_gallery_calculator_updates_curve_and_marker():
    calc = gallery_size()
    calc.set_values(false_match_rate=1e-6, gallery_size=10_000)
    curve_before = [row["probability"] for row in calc.live.params["curve"]]
    calc.set_values(false_match_rate=1e-9, gallery_size=1_600_000_000)
    assert "79.8%" in calc.readout.value
    assert "1.6" in calc.readout.value
    assert calc.live.params["gallery_size"] == 1_600_000_000
    assert calc.live.params["probability"] == pytest.approx(0.7981, abs=1e-4)
    assert [row["probability"] for row in calc.live.params["curve"]] != curve_before
    assert len(calc.live.params["curve"]) < 100  # pre-aggregated: a curve, never raw rows


def test_gallery_presets_use_sourced_gallery_sizes():
    calc = gallery_size()
    label = next(label for label in calc.presets if "1.59 billion" in label)
    calc.apply_preset(label)
    assert calc.inputs["gallery_size"].value == 1_590_000_000
    assert "illustrative" in calc.note.value


def test_gallery_bounds():
    calc = gallery_size()
    calc.inputs["gallery_size"].text.value = "2e9"
    assert "from 1 to 1,600,000,000" in calc.inputs["gallery_size"].error.value


# -- Lesson 00 -------------------------------------------------------------------------------
def test_share_calculator_checks_the_articles_claim():
    calc = share_of_population()
    assert "60.7%" in calc.readout.value
    assert "below the claim" in calc.readout.value
    calc.set_values(people=910_032_500)
    assert "matches the claim" in calc.readout.value
    assert [round(r["millions"]) for r in calc.live.params["bars"]] == [1400, 910, 910]


def test_share_calculator_explains_an_impossible_combination():
    calc = share_of_population()
    calc.set_values(people=1_500_000_000)
    assert "cannot be more than the population" in calc.message.value
    calc.set_values(people=854_000_000)
    assert calc.message.value == ""


# -- the control itself ----------------------------------------------------------------------
def test_parse_number_reads_what_people_write():
    assert parse_number("2%", "rate") == 0.02
    assert parse_number("1 in 6,000", "rate") == pytest.approx(1 / 6000)
    assert parse_number("1_600_000_000", "count") == 1.6e9
    with pytest.raises(ValueError):
        parse_number("", "count")


def test_log_slider_round_trips_to_the_text_box():
    box = NumberInput("x", "X", 1e-6, 0.0, 0.1, kind="rate", log=True)
    box.slider.value = 3.3e-5
    assert box.text.value == "3.3e-05"
    box.text.value = "0"  # allowed, though below the log slider's end
    assert box.value == 0 and box.error.value == ""


def test_a_slider_snapping_to_its_grid_does_not_change_the_value_or_drop_the_preset():
    # Browsers round a slider's value to its steps and report it back when the view is drawn.
    calc = alarm()
    calc.apply_preset(DEPLOYMENT_LABELS["cardiff_2017"])
    box = calc.inputs["crowd_size"]
    snapped = 10 ** (round(math.log10(170_000) / box.slider.step) * box.slider.step)
    assert snapped != 170_000
    box.slider.value = snapped
    assert box.value == 170_000 and box.text.value == "170,000"
    assert calc.preset_picker.value == DEPLOYMENT_LABELS["cardiff_2017"]
    # A real move (a full step, as one arrow-key press) is taken.
    box.slider.value = 10 ** (math.log10(170_000) + box.slider.step)
    assert box.value != 170_000
    assert calc.preset_picker.value == "(your own values)"


def test_the_message_quotes_what_was_typed():
    calc = alarm()
    calc.inputs["hit_rate"].text.value = "150%"
    assert "you entered 150%." in calc.inputs["hit_rate"].error.value


def test_a_key_press_on_a_log_slider_always_moves_a_count():
    box = NumberInput("k", "k for k-anonymity", 5, 2, 1000, kind="count", log=True)
    step = box.slider.step
    box.slider.value = 10 ** (math.log10(5) + step)  # one step right: 5.16, still 5 when rounded
    assert box.value == 6 and box.text.value == "6"
    box.slider.value = 10 ** (math.log10(6) - step)  # one step left
    assert box.value == 5


# -- predict, then see ------------------------------------------------------------------------
from facenumbers import calculators as _all_calculators  # noqa: E402

_FACTORIES = [getattr(_all_calculators, name) for name in _all_calculators.__all__]


@pytest.mark.parametrize("factory", _FACTORIES, ids=lambda f: f.__name__)
def test_every_calculator_asks_for_a_prediction_first(factory):
    calc = factory()
    assert calc.prediction_spec is not None
    line = calc.prediction_line.value
    assert "Predict first" in line and calc.prediction_spec.question.split("(")[0][:20] in line.replace("&#x27;", "'")
    assert "prediction = ..." in line


@pytest.mark.parametrize("factory", _FACTORIES, ids=lambda f: f.__name__)
def test_a_prediction_is_compared_with_what_the_calculator_shows(factory):
    spec = factory().prediction_spec
    guess = {"rate": 0.5, "count": 1_000, "number": 0.5}[spec.kind]
    calc = factory(prediction=guess)
    assert "You predicted" in calc.prediction_line.value
    assert not math.isnan(calc.answer)


@pytest.mark.parametrize("factory", _FACTORIES, ids=lambda f: f.__name__)
@pytest.mark.parametrize("bad", ["abc", 10**400, float("nan"), -5, True, [1, 2]])
def test_a_bad_prediction_gets_a_message_and_the_calculator_still_works(factory, bad):
    calc = factory(prediction=bad)
    line = calc.prediction_line.value
    assert "prediction must be" in line and "role='alert'" in line
    assert calc.readout.value        # the calculator itself is untouched


def test_the_comparison_follows_the_inputs():
    calc = alarm(prediction="90%")
    assert "15.3%" in calc.prediction_line.value and "lower than you thought" in calc.prediction_line.value
    calc.set_values(false_alert_rate=1e-4)
    assert "15.3%" not in calc.prediction_line.value        # compared with the new answer


def test_a_rate_prediction_typed_as_a_percentage_number_is_refused_with_the_range():
    line = alarm(prediction=90).prediction_line.value
    assert "from 0% to 100%" in line and "0.15" in line
