"""The Registration policy simulator and Breach exposure, driven from Python."""

from __future__ import annotations

import re

import pytest

from facenumbers import data
from facenumbers.calculators import breach_exposure, policy_simulator
from facenumbers.calculators.policy import (
    RATIOS,
    SECTION_BEFORE,
    SECTION_WEIGHTS,
    inputs_from,
    values_from,
)
from facenumbers.charts.policy import format_about
from facenumbers.charts.text import format_significant
from facenumbers.models.breaches import breach_outcomes
from facenumbers.models.policy import (
    HARMS,
    STOP_REASONS,
    PolicyInputs,
    cheapest_by_weight_ratio,
    compare_policies,
    preexisting_links,
    still_exposed,
    stop_chances,
)

ZERO = {f"weight_{harm}": 0.0 for harm in HARMS}


@pytest.fixture(scope="module")
def simulator():
    return policy_simulator()


@pytest.fixture(scope="module")
def breach():
    return breach_exposure()


def _panel(calc, outcome: str) -> dict[str, float]:
    return {row["policy"]: row["people"] for row in calc.live.params["outcomes"]
            if row["outcome"].startswith(outcome)}


def _text(html_text: str) -> str:
    return re.sub(r"<[^>]+>", " ", html_text).replace("&#x27;", "'")


def test_every_model_input_has_a_control_and_round_trips():
    calc = policy_simulator()
    assert set(values_from(PolicyInputs())) == set(calc.values())
    assert inputs_from(calc.values()) == PolicyInputs()


# -- no verdict until the learner sets weights ---------------------------------------------
def test_the_simulator_opens_with_zero_weights_and_names_no_cheapest_policy():
    calc = policy_simulator()
    assert all(calc.values()[name] == 0 for name in ZERO)
    assert "No weights yet: the simulator shows counts, not a verdict." in calc.readout.value
    assert "lowest expected cost" not in calc.readout.value and "tie for" not in calc.readout.value
    assert "Expected cost with your weights" not in calc.table.value
    titles = _section_titles(calc)
    assert titles[0] == SECTION_WEIGHTS and SECTION_BEFORE in titles


def _section_titles(calc) -> list[str]:
    from ipywidgets import Accordion

    def walk(widget):
        if isinstance(widget, Accordion):
            return widget
        for child in getattr(widget, "children", ()):
            found = walk(child)
            if found is not None:
                return found
        return None

    accordion = walk(calc)
    assert accordion.selected_index == 0  # the weights are open at the start
    return list(accordion.titles)


def test_setting_a_weight_names_the_cheapest_policy_and_says_it_depends_on_the_weights(simulator):
    simulator.set_values(**{**ZERO, "weight_fraud_not_stopped": 1.0})
    assert "lowest expected cost is <b>D." in simulator.readout.value
    assert "depends on your weights" in simulator.readout.value
    assert "Expected cost with your weights (harm points)" in simulator.table.value
    simulator.set_values(**{**ZERO, "weight_faces_linked": 1.0})
    assert "lowest expected cost is <b>A." in simulator.readout.value
    simulator.set_values(**{**ZERO, "weight_honest_refused": 1.0})  # A and B refuse nobody
    assert "tie for the lowest expected cost" in simulator.readout.value
    simulator.set_values(**ZERO)
    assert "No weights yet" in simulator.readout.value


def test_no_preset_sets_a_weight():
    calc = policy_simulator()
    assert "D builds a new gallery" in calc.presets
    assert all(not name.startswith("weight_") for p in calc.presets.values() for name in p.values)
    calc.set_values(weight_honest_refused=3.0)
    for label in calc.presets:
        calc.apply_preset(label)
        assert calc.values()["weight_honest_refused"] == 3.0


# -- what existed before, and the structural choices ----------------------------------------
def test_the_section_states_the_links_that_existed_before(simulator):
    text = _text(simulator._links.value)
    for row in preexisting_links().to_dict("records"):
        assert row["linked_to"] in text and row["since"] in text


def test_b_photo_off_means_b_stores_nothing():
    calc = policy_simulator()
    assert _panel(calc, "New face images stored")["B"] == pytest.approx(
        compare_policies()[1].faces_stored) and compare_policies()[1].faces_stored > 0
    assert "B keeps its photos" in calc.readout.value
    calc.b_photo.value = False
    assert _panel(calc, "New face images stored")["B"] == 0
    assert _panel(calc, "People whose face leaks")["B"] == 0
    assert "B keeps no photo" in calc.readout.value


def test_c_keeps_no_faces(simulator):
    simulator.set_values(store_faces_in_c=False)
    assert _panel(simulator, "New face images stored")["C"] == 0
    assert "C keeps no face" in simulator.readout.value
    simulator.store.value = True
    assert _panel(simulator, "New face images stored")["C"] > 0


def test_a_new_gallery_for_d_stores_over_a_billion_faces():
    calc = policy_simulator()
    assert "D searches the ID photos the state already holds" in calc.readout.value
    calc.apply_preset("D builds a new gallery")
    assert calc.values()["d_reuses_id_photos"] is False
    assert _panel(calc, "New face images stored")["D"] > 1e9
    assert "D builds a new gallery of 1 billion faces" in _text(calc.readout.value)
    assert "1.1 billion" in calc.table.value  # 1 billion + 120 million, two figures
    calc.set_values(gallery_size=500_000_000)  # the menu's option follows the size
    assert calc.gallery.options[1][0] == "a new gallery of 500 million faces"
    assert calc.gallery.value is False and "of 500 million faces" in calc.readout.value


def test_no_look_alikes_gives_cs_impersonation_stop_of_97_9_percent():
    calc = policy_simulator()
    assert "30% of impostors look like the card's owner" in _text(calc.readout.value)
    with_lookalikes = stop_chances(inputs_from(calc.values())).loc["C", "impersonation"]
    calc.set_values(lookalike_share=0.0)
    chance = stop_chances(inputs_from(calc.values())).loc["C", "impersonation"]
    assert round(chance, 3) == 0.979 and chance > with_lookalikes
    row = re.search(r"Someone else&#x27;s ID</th>(.*?)</tr>", calc.table.value).group(1)
    assert "97.9%" in row
    assert "no impostor looks like the card's owner" in _text(calc.readout.value)


def test_the_chance_table_gives_each_reason():
    calc = policy_simulator()
    table = calc.table.value.replace("&#x27;", "'")
    for reason in STOP_REASONS.values():
        assert reason in table


# -- the table in the learner's words --------------------------------------------------------
def test_chart_and_tables_show_the_models_numbers(simulator):
    simulator.apply_preset(next(iter(simulator.presets)))
    outcomes = compare_policies(inputs_from(simulator.values()))
    assert _panel(simulator, "Honest people refused") == pytest.approx(
        {o.policy: o.honest_refused for o in outcomes})
    assert _panel(simulator, "New face images stored")["D"] == pytest.approx(outcomes[3].faces_stored)
    group_a = outcomes[2].honest_refused_by_group["Group A"]
    assert f">{format_significant(group_a)}</td>" in simulator.table.value   # two figures
    assert ">30,000</td>" in simulator.table.value and ">29,835" not in simulator.table.value
    assert f"<b>{format_about(outcomes[2].honest_refused)}</b>" in simulator.readout.value
    assert "<b>about 30,000</b>" in simulator.readout.value   # the readout: two figures, as the table
    for label, _ in HARMS.values():
        assert label in simulator.table.value
    assert "Chance each policy stops each kind of fraud" in simulator.table.value
    assert "Group B" in simulator.table.value and "Who bears each harm" in simulator.table.value
    assert simulator.summary.value.startswith("Going from A to D stops")


def test_the_tables_and_readout_show_no_code_names(simulator):
    shown = simulator.table.value + simulator.readout.value + simulator.summary.value
    for name in [*HARMS, "faces_stored", "store_faces_in_c", "b_keeps_photos", "d_reuses_id_photos",
                 "document_check", "face_check", "search_check", "impersonation", "forged_id"]:
        assert name not in shown, name


# -- which policy costs least as the weights change -------------------------------------------
def test_the_weight_ratio_chart_matches_the_model():
    calc = policy_simulator()
    calc.set_values(weight_people_exposed=0.5, weight_false_duplicate_flags=2.0)
    calc.first_harm.value, calc.second_harm.value = "fraud_not_stopped", "honest_refused"
    table = cheapest_by_weight_ratio(compare_policies(inputs_from(calc.values())),
                                     "fraud_not_stopped", "honest_refused", RATIOS,
                                     {"people_exposed": 0.5, "false_duplicate_flags": 2.0,
                                      "faces_linked": 0.0})
    bands = calc.live.widget.spec["vconcat"][1]["layer"][0]["data"]["values"]
    assert [band["ratio"] for band in bands] == pytest.approx(list(table["ratio"]))
    assert bands[0]["ratio"] == pytest.approx(1e-3) and bands[-1]["ratio"] == pytest.approx(1e3)
    assert calc.live.params["verdict"] == list(table["cheapest"])
    assert len(set(calc.live.params["verdict"])) > 1  # the verdict turns within the range
    calc.first_harm.value = "faces_linked"
    table = cheapest_by_weight_ratio(compare_policies(inputs_from(calc.values())),
                                     "faces_linked", "honest_refused", RATIOS,
                                     {"people_exposed": 0.5, "false_duplicate_flags": 2.0,
                                      "fraud_not_stopped": 0.0})
    assert calc.live.params["verdict"] == list(table["cheapest"])


def test_the_summary_says_where_the_verdict_turns():
    calc = policy_simulator()
    line = calc.summary.value.split("<br>")[1]
    assert line.startswith("Fraudulent numbers not stopped")
    assert "against honest people refused a number" in line
    assert re.search(r"B costs least up to a ratio of their weights of about 1:[0-9.]+, then C", line)
    table = cheapest_by_weight_ratio(compare_policies(), "fraud_not_stopped", "honest_refused", RATIOS)
    first_c = table.loc[table["cheapest"] == "C", "ratio"].iloc[0]
    turn = float(re.search(r"about 1:([0-9.]+)", line).group(1))
    assert 1 / turn == pytest.approx(first_c, rel=0.15)


def test_your_weights_are_marked_on_the_ratio_chart(simulator):
    simulator.set_values(**{**ZERO, "weight_fraud_not_stopped": 2.0, "weight_honest_refused": 1.0})
    assert simulator.live.params["mine"] == {"ratio": 2.0, "shown": True}
    simulator.set_values(**ZERO)
    assert simulator.live.params["mine"]["shown"] is False


def test_the_same_harm_twice_gives_a_message_not_a_crash():
    calc = policy_simulator()
    before = calc.live.params["verdict"]
    calc.second_harm.value = calc.first_harm.value
    message = calc.compare_message.value
    assert "role='alert'" in message and "must be two different harms" in message
    assert "First harm" in message and "Second harm" in message
    assert "Choose two different harms" in calc.summary.value
    assert calc.live.params["verdict"] == before and calc.readout.value
    calc.set_values(years=20)  # the rest of the simulator still works
    assert "within 20 years" in str(calc.live.params["outcomes"])
    calc.second_harm.value = "people_exposed"
    assert calc.compare_message.value == "" and "Choose two" not in calc.summary.value


def test_the_chart_has_titles_and_the_summary_a_line_for_each_part(simulator):
    description = simulator.live.widget.spec["description"]
    assert "Four registration policies" in description
    assert "Which policy costs least as your values change" in description
    spec = simulator.live.widget.spec["vconcat"][1]
    x = spec["layer"][0]["encoding"]["x"]
    assert x["scale"]["type"] == "log" and "log scale" in x["title"]
    assert spec["layer"][0]["encoding"]["y"]["title"] == "Cheapest policy"
    assert len(simulator.summary.value.split("<br>")) == 2


# -- other controls ------------------------------------------------------------------------
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


@pytest.mark.parametrize("name, typed, words", [
    ("registrations_per_year", "0", "whole number from 1,000,000 to 1,000,000,000"),
    ("fraud_impersonation", "20%", "from 0% to 5.0%"),
    ("group_b_share", "-0.1", "from 0% to 100%"),
    ("tries", "11", "whole number from 1 to 10"),
    ("weight_honest_refused", "lots", "you entered lots"),
    ("weight_fraud_not_stopped", "-1", "from 0 to 100"),
    ("lookalike_share", "120%", "Impostors who look like the card's owner must be from 0% to 100%"),
    ("lookalike_false_match_multiplier", "0.5", "times as often must be from 1 to 10000"),
])
def test_impossible_values_show_a_message_and_keep_the_last_good_value(simulator, name, typed, words):
    before, kept = simulator.readout.value, simulator.values()[name]
    simulator.inputs[name].text.value = typed
    assert words in simulator.inputs[name].error.value.replace("&#x27;", "'")
    assert simulator.readout.value == before and simulator.values()[name] == kept


def test_readouts_carry_the_numbers_as_text_for_screen_readers(simulator):
    assert re.search(r"Honest people refused under C: <b>(about )?[0-9,.]+( million| billion)?</b>",
                     simulator.readout.value)


# -- Breach exposure -------------------------------------------------------------------------
def test_breach_presets_use_the_sourced_breaches():
    calc = breach_exposure()
    calc.apply_preset("US OPM (2015): 5.6 million people's fingerprints")
    assert calc.values()["stored"] == data.value("biometric_breaches", "opm_fingerprints")
    assert "one breach leaks 5.6 million records" in calc.summary.value
    assert [row["breaches"] for row in calc.live.params["cases"]] == [1]
    calc.apply_preset("Shanghai police database (2022, claimed): about 1 billion residents")
    assert "not verified" in calc.note.value


def test_breach_readout_states_the_chance_of_no_breach_and_the_size_of_one(breach):
    breach.set_values(stored=119_652_000, breach_probability_per_year=0.02,
                      share_leaked_per_breach=0.1, years=10, password_reset_share=0.9)
    readout = breach.readout.value
    assert "Chance of no breach at all in 10 years: <b>81.7%</b>" in readout
    assert "One breach leaks <b>about 12 million</b> records at once" in readout
    assert "<b>About 2.4 million</b> records" in readout
    assert "&ldquo;nothing&rdquo;" in readout and "&ldquo;a lot&rdquo;" in readout
    expected_if_breached = breach_outcomes(119_652_000, 0.02, 0.1, 10).expected_if_breached
    assert f"{format_about(expected_if_breached)} on average" in readout


def test_breach_readout_matches_the_formula(breach):
    breach.set_values(stored=1_000_000, breach_probability_per_year=0.1, share_leaked_per_breach=0.5,
                      years=10, password_reset_share=0.9)
    faces = still_exposed(1_000_000, 0.1, 0.5, 10)
    assert f"<b>{format_about(faces).capitalize()}</b> records" in breach.readout.value
    assert f"{format_about(0.1 * faces)} would still be exposed" in breach.readout.value
    assert "<b>About 400,000</b> records" in breach.readout.value   # 401,263: two figures
    assert "65.1%" in breach.readout.value  # 1 - 0.9^10: at least one breach in 10 years
    assert breach.answer == pytest.approx(faces)


def test_breach_chart_shows_the_distribution(breach):
    breach.set_values(stored=1_000_000, breach_probability_per_year=0.1, share_leaked_per_breach=0.5,
                      years=10)
    outcome = breach_outcomes(1_000_000, 0.1, 0.5, 10)
    rows = breach.live.params["cases"]
    shown = outcome.cases[outcome.cases["chance"] >= 0.001]
    assert [row["breaches"] for row in rows] == list(shown["breaches"])
    assert [row["chance"] for row in rows] == pytest.approx(list(shown["chance"]))
    assert [row["records_leaked"] for row in rows] == pytest.approx(list(shown["records_leaked"]))
    assert breach.live.params["expected"]["records"] == pytest.approx(outcome.expected_exposed)
    assert "left out of the chart" in breach.summary.value and "below 0.1%" in breach.summary.value
    description = breach.live.widget.spec["description"]
    assert "How many breaches, and how likely each number is" in description
    assert "Records leaked in each case" in description


def test_breach_years_resize_the_chart(breach):
    breach.set_values(breach_probability_per_year=0.5, years=3)
    assert [row["breaches"] for row in breach.live.params["cases"]] == [0, 1, 2, 3]
    breach.set_values(years=60)
    assert len(breach.live.params["cases"]) > 10


@pytest.mark.parametrize("name, typed, words", [
    ("stored", "3e9", "whole number from 1,000 to 2,000,000,000"),
    ("breach_probability_per_year", "1.5", "from 0% to 100%"),
    ("years", "0", "whole number from 1 to 60"),
])
def test_breach_bad_input(breach, name, typed, words):
    before = breach.readout.value
    breach.inputs[name].text.value = typed
    assert words in breach.inputs[name].error.value and breach.readout.value == before
