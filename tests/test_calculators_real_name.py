"""The "How unique are you?" calculator, driven from Python as a learner would drive it."""

from __future__ import annotations

import re

import pytest

from facenumbers.calculators import how_unique
from facenumbers.calculators.real_name import MAX_POPULATION, SEED
from facenumbers.models import uniqueness

SWEENEY = "Sweeney's setting: sex + full date of birth + a small area, 10 million people"


@pytest.fixture(scope="module")
def calc():
    return how_unique()


def _unique_percent(calc) -> float:
    return float(re.search(r"<b>([0-9.]+)%</b> are unique", calc.readout.value)[1])


def _only(**ticked: bool) -> dict[str, bool]:
    return {name: ticked.get(name, False) for name in uniqueness.ATTRIBUTES}


def test_readout_matches_the_model_for_the_same_people(calc):
    calc.set_values(population=50_000, k=5, **_only(sex=True, birth_date=True))
    people = uniqueness.make_people(50_000, seed=SEED)
    report = uniqueness.measure(people, ["sex", "birth_date"], k=5)
    assert _unique_percent(calc) == pytest.approx(100 * report.unique_share, abs=0.05)
    assert f"{report.cells:,} possible combinations" in calc.readout.value
    assert calc.live.params["groups"] == report.distribution
    assert "Of 50,000 people" in calc.summary.value


def test_ticking_an_attribute_raises_uniqueness_and_redraws_in_place(calc):
    calc.set_values(population=100_000, **_only(sex=True, birth_year=True))
    coarse, bars = _unique_percent(calc), calc.live.params["groups"]
    calc.boxes["district"].value = True  # as a click would
    assert _unique_percent(calc) > coarse
    assert calc.live.params["groups"] != bars and len(calc.live.params["groups"]) == len(bars)
    assert calc.preset_picker.value == "(your own values)"
    assert calc.values()["district"] is True


def test_closed_form_is_shown_beside_the_simulation(calc):
    calc.set_values(population=10_000, **_only(birth_date=True))
    closed = uniqueness.expected_unique_share(10_000, 80 * 365)
    assert f"{100 * closed:.1f}%" in calc.readout.value
    assert "(1 - 1/29,200)<sup>9,999</sup>" in calc.readout.value


def test_nothing_ticked_means_one_big_group(calc):
    calc.set_values(population=1_000, **_only())
    assert "Knowing <b>nothing</b>" in calc.readout.value
    assert "The table's k is <b>1,000</b>" in calc.readout.value
    assert calc.live.params["groups"][-1]["share"] == 1.0  # everybody in the "100 or more" bar


def test_k_changes_the_share_below_k(calc):
    calc.set_values(population=100_000, **_only(sex=True, birth_date=True, province=True))
    calc.set_values(k=2)
    below_2 = re.search(r"([0-9.]+)% of people are in groups smaller than k = 2", calc.readout.value)
    calc.set_values(k=50)
    below_50 = re.search(r"([0-9.]+)% of people are in groups smaller than k = 50", calc.readout.value)
    assert float(below_50[1]) > float(below_2[1])


def test_sweeney_preset_lands_near_the_published_87_percent():
    calc = how_unique()
    calc.apply_preset(SWEENEY)
    assert calc.values()["population"] == MAX_POPULATION
    assert 75 < _unique_percent(calc) < 95  # Sweeney: 87% (1990 US census)
    assert "87%" in calc.note.value and "synthetic model" in calc.note.value


def test_province_presets_contrast_coarse_and_fine_attributes():
    calc = how_unique()
    calc.apply_preset("A province of 10 million: sex + birth year")
    assert _unique_percent(calc) == 0 and "someone is unique" not in calc.readout.value
    calc.apply_preset("A province of 10 million: sex + full date of birth + phone prefix")
    assert _unique_percent(calc) > 0 and "Assumption:" in calc.note.value


@pytest.mark.parametrize("name, typed, words", [
    ("population", "20000000", "whole number from 100 to 10,000,000"),
    ("population", "10.5", "whole number from 100 to 10,000,000"),
    ("population", "lots", "you entered lots"),
    ("k", "1", "whole number from 2 to 1,000"),
])
def test_impossible_values_show_a_message_and_keep_the_last_good_value(calc, name, typed, words):
    calc.set_values(population=10_000, k=5)
    before = calc.readout.value
    calc.inputs[name].text.value = typed
    assert words in calc.inputs[name].error.value
    assert calc.readout.value == before and calc.values()[name] in (10_000, 5)


def test_set_values_rejects_unknown_names_and_out_of_range_values(calc):
    with pytest.raises(ValueError, match="input must be one of population, k, sex"):
        calc.set_values(zip_code=True)
    with pytest.raises(ValueError, match="Population"):
        calc.set_values(population=0)


def test_a_new_k_alone_does_not_group_the_people_again(calc, monkeypatch):
    calc.set_values(population=200_000, k=5, **_only(sex=True, birth_date=True))
    before = calc.readout.value
    grouped = []
    real = uniqueness.group_counts
    monkeypatch.setattr(uniqueness, "group_counts", lambda *a: grouped.append(a) or real(*a))
    calc.set_values(k=50)
    assert grouped == [] and calc.readout.value != before and "k = 50" in calc.readout.value
    calc.set_values(population=300_000)
    assert len(grouped) == 1
