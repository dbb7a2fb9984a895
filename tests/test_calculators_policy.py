"""The Registration policy simulator and Breach exposure, driven from Python."""

from __future__ import annotations

import re

import pytest

from facenumbers import data
from facenumbers.calculators import breach_exposure, policy_simulator
from facenumbers.calculators.policy import inputs_from, values_from
from facenumbers.charts.policy import format_about
from facenumbers.models.policy import HARMS, PolicyInputs, compare_policies, still_exposed


@pytest.fixture(scope="module")
def simulator():
    return policy_simulator()


@pytest.fixture(scope="module")
def breach():
    return breach_exposure()


def _panel(calc, outcome: str) -> dict[str, float]:
    return {row["policy"]: row["people"] for row in calc.live.params["outcomes"]
            if row["outcome"].startswith(outcome)}


def test_every_model_input_has_a_control_and_round_trips():
    calc = policy_simulator()
    assert set(values_from(PolicyInputs())) == set(calc.values())
    assert inputs_from(calc.values()) == PolicyInputs()


def test_chart_and_tables_show_the_models_numbers(simulator):
    simulator.apply_preset(next(iter(simulator.presets)))
    outcomes = compare_policies(inputs_from(simulator.values()))
    assert _panel(simulator, "Honest people refused") == pytest.approx(
        {o.policy: o.honest_refused for o in outcomes})
    assert _panel(simulator, "Faces stored")["D"] == pytest.approx(outcomes[3].faces_stored)
    group_a = outcomes[2].honest_refused_by_group["Group A"]
    assert f"{group_a:,.0f}</td>" in simulator.table.value   # every digit in the table
    assert f"<b>{format_about(outcomes[2].honest_refused)}</b>" in simulator.readout.value
    assert "<b>about 29,800</b>" in simulator.readout.value   # the readout: three figures
    assert "Expected false matches in the 1:N search" in simulator.table.value
    assert "Honest people flagged as duplicates (at least once)" in simulator.table.value
    assert "Chance each policy stops each kind of fraud" in simulator.table.value
    assert "Group B" in simulator.table.value and "Who bears each harm" in simulator.table.value
    assert simulator.summary.value.startswith("Going from A to D stops")


def test_weights_change_the_cheapest_policy(simulator):
    zero = {f"weight_{harm}": 0.0 for harm in HARMS}
    simulator.set_values(**{**zero, "weight_fraud_not_stopped": 1.0})
    assert "lowest expected cost is <b>D." in simulator.readout.value
    simulator.set_values(**{**zero, "weight_faces_linked": 1.0})
    assert "lowest expected cost is <b>A." in simulator.readout.value


def test_biased_matcher_preset_raises_group_b_refusals():
    calc = policy_simulator()
    fair = compare_policies(inputs_from(calc.values()))[2].honest_refused_by_group["Group B"]
    calc.apply_preset("Biased matcher: Group B served worse")
    biased = compare_policies(inputs_from(calc.values()))[2].honest_refused_by_group["Group B"]
    assert biased == pytest.approx(3 * fair)
    assert "NISTIR 8280" in calc.note.value and "Assumption:" in calc.note.value


@pytest.mark.parametrize("preset, name, direction", [
    ("Strict matcher: fewer false matches, more refusals", "Honest people refused", 1),
    ("Leaky store: a breach every few years", "People whose face leaks", 1),
])
def test_presets_move_the_expected_panel(preset, name, direction):
    calc = policy_simulator()
    before = _panel(calc, name)["C"]
    calc.apply_preset(preset)
    assert (_panel(calc, name)["C"] - before) * direction > 0


def test_a_slider_change_updates_in_place(simulator):
    simulator.set_values(gallery_size=1_000_000_000)
    before = _panel(simulator, "Honest people flagged as duplicates")["D"]
    simulator.inputs["search_false_match_rate"].slider.value = 1e-10  # as a drag would
    after = _panel(simulator, "Honest people flagged as duplicates")["D"]
    assert after > 50 * before
    assert len(simulator.live.params["outcomes"]) == 24


def test_storage_checkbox(simulator):
    simulator.set_values(store_faces_in_c=False)
    assert _panel(simulator, "Faces stored")["C"] == 0
    simulator.store.value = True
    assert _panel(simulator, "Faces stored")["C"] > 0


@pytest.mark.parametrize("name, typed, words", [
    ("registrations_per_year", "0", "whole number from 1,000,000 to 1,000,000,000"),
    ("fraud_impersonation", "20%", "from 0% to 5.0%"),
    ("group_b_share", "-0.1", "from 0% to 100%"),
    ("tries", "11", "whole number from 1 to 10"),
    ("weight_honest_refused", "lots", "you entered lots"),
])
def test_impossible_values_show_a_message_and_keep_the_last_good_value(simulator, name, typed, words):
    before, kept = simulator.readout.value, simulator.values()[name]
    simulator.inputs[name].text.value = typed
    assert words in simulator.inputs[name].error.value
    assert simulator.readout.value == before and simulator.values()[name] == kept


def test_breach_presets_use_the_sourced_breaches():
    calc = breach_exposure()
    calc.apply_preset("US OPM (2015): 5.6 million people's fingerprints")
    assert calc.values()["stored"] == data.value("biometric_breaches", "opm_fingerprints")
    assert "about 5.6 million records exposed for life" in calc.summary.value
    calc.apply_preset("Shanghai police database (2022, claimed): about 1 billion residents")
    assert "not verified" in calc.note.value


def test_breach_readout_matches_the_formula(breach):
    breach.set_values(stored=1_000_000, breach_probability_per_year=0.1, share_leaked_per_breach=0.5,
                      years=10, password_reset_share=0.9)
    faces = still_exposed(1_000_000, 0.1, 0.5, 10)
    assert f"<b>{format_about(faces).capitalize()}</b> records" in breach.readout.value
    assert f"{format_about(0.1 * faces)} would still be exposed" in breach.readout.value
    assert "<b>About 401,000</b> records" in breach.readout.value   # 401,263: three figures
    assert "65.1%" in breach.readout.value  # 1 - 0.9^10: at least one breach in 10 years
    rows = breach.live.params["years"]
    assert len(rows) == 11 and rows[-1]["faces_exposed"] == pytest.approx(faces)


def test_breach_years_resize_the_chart(breach):
    breach.set_values(years=3)
    assert [row["year"] for row in breach.live.params["years"]] == [0, 1, 2, 3]


@pytest.mark.parametrize("name, typed, words", [
    ("stored", "3e9", "whole number from 1,000 to 2,000,000,000"),
    ("breach_probability_per_year", "1.5", "from 0% to 100%"),
    ("years", "0", "whole number from 1 to 60"),
])
def test_breach_bad_input(breach, name, typed, words):
    before = breach.readout.value
    breach.inputs[name].text.value = typed
    assert words in breach.inputs[name].error.value and breach.readout.value == before


def test_readouts_carry_the_numbers_as_text_for_screen_readers(simulator):
    assert re.search(r"Honest people refused under C: <b>(about )?[0-9,.]+( million| billion)?</b>",
                     simulator.readout.value)
