"""Uniqueness of quasi-identifiers and k-anonymity (Lesson 01's model): units and properties."""

from __future__ import annotations

import math
from itertools import combinations

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from facenumbers.models import uniqueness
from facenumbers.models.uniqueness import (
    ATTRIBUTES,
    BLOCK,
    GrowingPopulation,
    cells_for,
    expected_unique_share,
    group_counts,
    group_size_distribution,
    group_sizes,
    k_anonymity,
    make_people,
    measure,
    measure_groups,
    share_below_k,
    unique_share,
)


@pytest.fixture(scope="module")
def people() -> pd.DataFrame:
    return make_people(200_000, seed=7)


# --- closed form -------------------------------------------------------------------------

def test_closed_form_matches_the_textbook_cases():
    # Birthday problem: among 23 people, the chance a given one shares a birthday with nobody.
    assert expected_unique_share(23, 365) == pytest.approx((364 / 365) ** 22)
    assert expected_unique_share(1_000_000, 1_000_000) == pytest.approx(math.exp(-1), rel=1e-5)
    assert expected_unique_share(1, 1) == 1.0 and expected_unique_share(2, 1) == 0.0


def test_closed_form_is_exact_for_huge_numbers():
    # 1.4 billion people, 10^15 cells: (1 - 1e-15)^(1.4e9) = exp(-1.4e-6), no underflow to 1.
    share = expected_unique_share(1_400_000_000, 10**15)
    assert share == pytest.approx(math.exp(-1.4e-6), rel=1e-12) and share < 1.0


def test_closed_form_agrees_with_a_uniform_simulation():
    rng = np.random.default_rng(3)
    cells, population = 5_000, 10_000
    table = pd.DataFrame({"district": rng.integers(0, cells, population)})
    simulated = unique_share(table, ["district"])
    assert simulated == pytest.approx(expected_unique_share(population, cells), abs=0.015)


@pytest.mark.parametrize("population, cells, words", [
    (0, 10, "population"), (-5, 10, "population"), (10, 0, "cells"), (2.5, 10, "population"),
    ("many", 10, "population"), (10, float("nan"), "cells"),
])
def test_closed_form_bad_input(population, cells, words):
    with pytest.raises(ValueError, match=words):
        expected_unique_share(population, cells)


def test_cells_count_the_combinations():
    assert cells_for(["sex"]) == 2
    assert cells_for(["sex", "birth_date"]) == 2 * 80 * 365
    assert cells_for(["birth_year", "birth_date"]) == cells_for(["birth_date"])  # year is inside
    assert cells_for(["province", "district"]) == cells_for(["district"]) == 2_800
    assert cells_for("sex") == 2  # one attribute given as a string


def test_unknown_attribute_names_the_allowed_ones():
    with pytest.raises(ValueError, match="attributes must be chosen from sex, birth_year.*'zip'"):
        cells_for(["sex", "zip"])


# --- the synthetic population ------------------------------------------------------------

def test_population_is_seeded_and_shaped(people):
    again = make_people(200_000, seed=7)
    pd.testing.assert_frame_equal(people, again)
    assert not make_people(1_000, seed=8).equals(make_people(1_000, seed=7))
    assert people["birth_year"].between(1930, 2009).all()
    assert people["birth_day"].between(1, 365).all()
    assert set(people["sex"].unique()) == {0, 1}
    assert (people.groupby("district")["province"].nunique() == 1).all()


def test_population_is_realistically_uneven(people):
    years = people["birth_year"].value_counts()
    assert years.max() > 3 * years.min()  # an age pyramid, not uniform years
    districts = people["district"].value_counts()
    assert districts.quantile(0.9) > 3 * districts.quantile(0.1)  # districts of unequal size
    provinces = people["province"].value_counts(normalize=True)
    assert provinces.max() > 5 * provinces.min()


@pytest.mark.parametrize("population, seed, words", [
    (0, 1, "population"), (20_000_001, 1, "population must be a whole number from 1 to 20,000,000"),
    (10, -1, "seed"), (1.5, 1, "population"),
])
def test_population_bad_input(population, seed, words):
    with pytest.raises(ValueError, match=words):
        make_people(population, seed=seed)


# --- group sizes and k-anonymity ---------------------------------------------------------

def test_group_sizes_by_hand():
    table = pd.DataFrame({"sex": [0, 0, 1, 1, 1, 0],
                          "birth_year": [1990, 1990, 1990, 1985, 1985, 1985]})
    assert group_sizes(table, ["sex", "birth_year"]).tolist() == [2, 2, 1, 2, 2, 1]
    assert group_sizes(table, ["sex"]).tolist() == [3, 3, 3, 3, 3, 3]
    assert group_sizes(table, []).tolist() == [6] * 6  # nothing known: one big group
    assert k_anonymity(table, ["sex", "birth_year"]) == 1
    assert k_anonymity(table, ["sex"]) == 3
    assert unique_share(table, ["sex", "birth_year"]) == pytest.approx(2 / 6)
    assert share_below_k(table, ["sex", "birth_year"], k=3) == 1.0
    assert share_below_k(table, ["sex"], k=3) == 0.0


def test_group_sizes_read_text_and_missing_values():
    table = pd.DataFrame({"province": ["Hubei", "Hubei", "Gansu", None, None],
                          "sex": ["F", "F", "F", "M", "M"]})
    assert group_sizes(table, ["province", "sex"]).tolist() == [2, 2, 1, 2, 2]


def test_group_sizes_agree_with_a_pandas_groupby(people):
    attributes = ["sex", "birth_date", "phone_prefix"]
    columns = ["sex", "birth_year", "birth_day", "phone_prefix"]
    expected = people.groupby(columns)["sex"].transform("size").to_numpy()
    np.testing.assert_array_equal(group_sizes(people, attributes), expected)


def test_group_sizes_survive_combinations_too_many_for_one_integer():
    rng = np.random.default_rng(5)
    big = rng.integers(0, 2**40, 1_000, dtype=np.int64)
    table = pd.DataFrame({"sex": big, "district": big[::-1].copy(), "phone_prefix": big})
    sizes = group_sizes(table, ["sex", "district", "phone_prefix"])
    expected = table.groupby(["sex", "district", "phone_prefix"])["sex"].transform("size")
    np.testing.assert_array_equal(sizes, expected.to_numpy())


def test_distribution_buckets_add_up(people):
    rows = group_size_distribution(people, ["sex", "birth_year", "province"])
    assert rows["people"].sum() == len(people)
    assert rows["share"].sum() == pytest.approx(1.0)
    assert list(rows["group_size"]) == [label for label, _, _ in uniqueness.GROUP_SIZE_BUCKETS]


@pytest.mark.parametrize("attributes", [
    ["sex", "birth_date", "province"],  # more combinations than people: counted by sorting
    ["sex", "birth_year", "phone_prefix"],  # fewer: counted directly
])
def test_measure_agrees_with_the_single_functions_and_each_persons_group(people, attributes):
    report = measure(people, attributes, k=5)
    sizes = group_sizes(people, attributes)
    assert report.unique_share == pytest.approx(np.mean(sizes == 1))
    assert report.share_below_k == pytest.approx(np.mean(sizes < 5))
    assert report.k_anonymity == sizes.min()
    assert report.unique_share == unique_share(people, attributes)
    assert report.share_below_k == share_below_k(people, attributes, 5)
    assert report.k_anonymity == k_anonymity(people, attributes)
    assert report.cells == cells_for(attributes)
    assert report.expected_unique_share == expected_unique_share(len(people), report.cells)
    assert report.distribution == group_size_distribution(people, attributes).to_dict("records")


def test_uneven_populations_are_less_unique_than_the_uniform_formula_says(people):
    # Crowded combinations (common birth years, big districts) hide people; rare ones expose
    # them. On these attributes the crowding wins: fewer unique than the formula predicts.
    report = measure(people, ["sex", "birth_date", "district"])
    assert 0.3 < report.unique_share < report.expected_unique_share


@pytest.mark.parametrize("call, words", [
    (lambda t: group_sizes(t, ["zip_code"]), "attributes must be chosen from"),
    (lambda t: group_sizes(t, ["district"]), "people must have the column"),
    (lambda t: group_sizes([1, 2, 3], ["sex"]), "people must be a pandas DataFrame"),
    (lambda t: share_below_k(t, ["sex"], k=0), "k must be a whole number"),
    (lambda t: k_anonymity(t.iloc[:0], ["sex"]), "at least one person"),
    (lambda t: measure(t.iloc[:0], ["sex"]), "at least one person"),
])
def test_bad_input_gets_a_clear_message(call, words):
    table = pd.DataFrame({"sex": [0, 1, 1]})
    with pytest.raises(ValueError, match=words):
        call(table)


def test_empty_table_has_no_unique_people():
    empty = pd.DataFrame({"sex": pd.Series([], dtype=int)})
    assert unique_share(empty, ["sex"]) == 0.0 and group_sizes(empty, ["sex"]).size == 0


# --- properties --------------------------------------------------------------------------

tables = st.integers(1, 300).flatmap(lambda n: st.builds(
    lambda sex, year, prefix: pd.DataFrame({"sex": sex, "birth_year": year, "phone_prefix": prefix}),
    st.lists(st.integers(0, 1), min_size=n, max_size=n),
    st.lists(st.integers(1930, 1940), min_size=n, max_size=n),
    st.lists(st.integers(0, 3), min_size=n, max_size=n),
))
ATTRIBUTE_SETS = [list(c) for r in range(4) for c in combinations(["sex", "birth_year", "phone_prefix"], r)]


@settings(max_examples=60, deadline=None)
@given(tables, st.sampled_from(ATTRIBUTE_SETS), st.integers(1, 20))
def test_shares_lie_between_zero_and_one(table, attributes, k):
    report = measure(table, attributes, k)
    assert 0.0 <= report.unique_share <= report.share_below_k <= 1.0 or k == 1
    assert 0.0 <= report.share_below_k <= 1.0
    assert 0.0 <= report.expected_unique_share <= 1.0
    assert 1 <= report.k_anonymity <= len(table)
    assert sum(row["people"] for row in report.distribution) == len(table)


@settings(max_examples=60, deadline=None)
@given(tables, st.sampled_from(ATTRIBUTE_SETS), st.sampled_from(["sex", "birth_year", "phone_prefix"]))
def test_adding_an_attribute_never_lowers_uniqueness(table, attributes, extra):
    more = [*attributes, extra]
    assert unique_share(table, more) >= unique_share(table, attributes)
    assert k_anonymity(table, more) <= k_anonymity(table, attributes)
    assert np.all(group_sizes(table, more) <= group_sizes(table, attributes))


@settings(max_examples=60, deadline=None)
@given(st.integers(1, 10**9), st.integers(1, 10**12), st.integers(1, 10**6))
def test_closed_form_falls_as_the_crowd_grows_and_rises_with_the_cells(population, cells, more):
    share = expected_unique_share(population, cells)
    assert 0.0 <= share <= 1.0
    assert expected_unique_share(population + more, cells) <= share
    assert expected_unique_share(population, cells + more) >= share


@settings(max_examples=20, deadline=None)
@given(tables, st.sampled_from(ATTRIBUTE_SETS))
def test_row_order_does_not_matter(table, attributes):
    shuffled = table.sample(frac=1.0, random_state=1)
    assert unique_share(shuffled, attributes) == unique_share(table, attributes)
    assert sorted(group_sizes(shuffled, attributes)) == sorted(group_sizes(table, attributes))


def test_every_attribute_is_described_and_counted():
    for name, attribute in ATTRIBUTES.items():
        assert attribute.label and attribute.description
        assert cells_for([name]) >= 2


def test_a_smaller_population_is_the_start_of_a_larger_one():
    # So the calculator keeps the largest population and slices it: no rebuild on a key press.
    small, large = make_people(10_000, seed=5), make_people(600_000, seed=5)
    pd.testing.assert_frame_equal(small, large.head(10_000))


def test_a_growing_population_draws_only_the_people_it_lacks(monkeypatch):
    import facenumbers.models.uniqueness as model

    drawn = []
    real_block = model._block
    monkeypatch.setattr(model, "_block", lambda seed, number: drawn.append(number) or real_block(seed, number))
    people = GrowingPopulation(seed=5, limit=4 * BLOCK)
    first = people.first(BLOCK + 1)  # two blocks
    assert drawn == [0, 1] and people.built == 2 * BLOCK
    people.first(10)  # going back draws nobody
    assert drawn == [0, 1]
    grown = people.first(3 * BLOCK)  # one more block, the first two kept as they were
    assert drawn == [0, 1, 2]
    pd.testing.assert_frame_equal(grown.head(BLOCK + 1), first)
    pd.testing.assert_frame_equal(grown, make_people(3 * BLOCK, seed=5))


def test_a_growing_population_refuses_more_than_its_limit():
    people = GrowingPopulation(seed=5, limit=1_000)
    with pytest.raises(ValueError, match="population must be a whole number from 1 to 1,000"):
        people.first(1_001)
    with pytest.raises(ValueError, match="population"):
        people.first(0)


def test_measure_from_counts_is_measure_from_people(people):
    attributes = ["sex", "birth_date", "district"]
    counts = group_counts(people, attributes)
    assert counts.sum() == len(people)
    assert measure_groups(counts, attributes, k=7) == measure(people, attributes, k=7)
    with pytest.raises(ValueError, match="at least one person"):
        measure_groups(counts[:0], attributes)


def test_huge_integer_values_are_grouped_without_overflow():
    table = pd.DataFrame({"district": np.array([2**62, -(2**62), 2**62, 7], dtype=np.int64),
                          "sex": [0, 1, 0, 0]})
    assert group_sizes(table, ["district", "sex"]).tolist() == [2, 1, 2, 1]
