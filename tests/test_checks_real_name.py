"""Lesson 01's checks pass the right answers and reject blanks and typical mistakes, with a hint each.

The right answers are worked here by hand or with plain pandas from the exercise inputs and the
sourced figures (as listed in the course's facts), independently of the package's uniqueness
model.
"""

from __future__ import annotations

import math
from datetime import date

import numpy as np
import pandas as pd

from facenumbers import data
from facenumbers.checks import real_name as lesson01

from check_contract import both_ways

# Exercise 1: 1 Sep 2010 (system implemented) to 1 Dec 2019 (portrait comparison in force).
# 9 years with two leap days (2012, 2016) = 3,287 days; September to November = 91 days.
DAYS = 9 * 365 + 2 + 30 + 31 + 30
YEARS = DAYS / 365.25

# Exercise 2: MIIT, May 2016: 92% registered, 100 million not. 100 million = 8% of users.
USERS = 100_000_000 / 0.08

# Exercise 3: January 2020: 17 of 155 countries with mandatory SIM registration.
SHARE = 17 / 155

# Exercises 4 and 5, counted by hand from the 20 rows of PEOPLE:
# on (sex, birth year, district) the groups are
#   F 1985 Riverside x4, M 1990 Riverside x3, F 1972 Hilltop x2, M 1985 Harbour x2,
#   M 1968 Hilltop x2, and 7 people alone: 12 combinations, 7 unique people;
# on (sex, birth year) the groups have 5, 4, 3, 2, 2, 2, 2 people: k = 2.
UNIQUE, COMBINATIONS = 7, 12
K, LARGEST, GROUPS = 2, 5, 7


def expected_unique(population, cells):
    """The right answer to exercise 6, written out: every other person misses your cell."""
    share = 1.0
    for _ in range(population - 1):
        share *= 1 - 1 / cells
    return share


def expected_unique_fast(population, cells):
    """The same, in one line (for the large cases)."""
    return (1 - 1 / cells) ** (population - 1)


# Exercise 7: a town of 10,000; 80 birth years x 365 days = 29,200 dates of birth.
TOWN = (1 - 1 / 29_200) ** 9_999

# name -> (right answer, [(typical wrong answer, words its hint must contain), ...])
CASES = {
    "years_to_face_rule": (YEARS, [
        (9, "years only"),
        (DAYS, "number of days"),
        ((date(2019, 9, 27) - date(2010, 9, 1)).days / 365.25, "announced"),
        ((date(2019, 12, 1) - date(2013, 9, 1)).days / 365.25, "2013 MIIT Regulations"),
        ((date(2022, 12, 1) - date(2010, 9, 1)).days / 365.25, "2022"),
        (-YEARS, "earlier date"),
        (DAYS / 30.4375, "months"),
        ("9.25 years", "single number"),
    ]),
    "users_may_2016": (USERS, [
        (100_000_000 / 0.92, "NOT registered"),
        (USERS - 100_000_000, "registered users only"),
        (8_000_000, "OF the users"),
        (92_000_000, "92%"),
        (800_000_000, "count for 2010"),
        (0.08, "share not registered"),
    ]),
    "biometric_share_2020": (SHARE, [
        (35 / 157, "same date"),
        (35 / 155, "2024/25"),
        (17 / 157, "2021"),
        (155 / 17, "other way round"),
        (1 - SHARE, "WITHOUT"),
        (100 * SHARE, "percentage"),
    ]),
    "unique_people": (UNIQUE, [
        (COMBINATIONS, "combinations"),
        (20 - COMBINATIONS, "keep=False"),
        (20 - UNIQUE, "share it with nobody"),
        (UNIQUE / 20, "a count"),
        (100 * UNIQUE / 20, "percentage"),
        (15, "phone_prefix"),
        (0, "left out district"),
        ([UNIQUE], "one number"),
    ]),
    "k_of_table": (K, [
        (LARGEST, "largest group"),
        (GROUPS, "number of groups"),
        (20 / GROUPS, "average"),
        (1, "district too"),
        (0, "unique"),
    ]),
    "expected_unique": (expected_unique_fast, [
        (lambda n, m: 1 / m, "1/M is the chance"),
        (lambda n, m: n / m, "average number"),
        (lambda n, m: (1 - 1 / m) ** n, "N - 1"),
        (lambda n, m: 1 - (1 - 1 / m) ** (n - 1), "complement"),
        (lambda n, m: (1 / m) ** (n - 1), "NOT match"),
        (lambda n, m: math.exp(-(n - 1) / m), "approximation"),
        (lambda n, m: math.exp(-n / m), "approximation"),
        (lambda n, m: (1 - 1 / m) ** (n - 1) if n < 100 else "many", "return a number"),
        (lambda n, m: 1 / (n - 1), "ZeroDivisionError"),
        (0.71, "should be a function"),
    ]),
    "unique_in_town": (TOWN, [
        (1 - TOWN, "complement"),
        (10_000 / 29_200, "average number"),
        (1 / 29_200, "9,999 others"),
        ((1 - 1 / 58_400) ** 9_999, "sex"),
        ((1 - 1 / 365) ** 9_999, "includes the year"),
        ((1 - 1 / 445) ** 9_999, "multiply"),
        (100 * TOWN, "percentage"),
    ]),
    "evidence_of_effect": ("b", [
        ("a", "popular"),
        ("c", "carried out"),
        ("d", "claim, not a measurement"),
        ("Mexico", "one of"),
    ]),
    "supported_link": ("c", [
        ("a", "whether the face image or a template is kept"),
        ("b", "No source ties the number to payment accounts"),
        ("d", "1 Sep 2010"),
        ("c)", "one of"),
    ]),
}


def test_the_worked_answers_are_the_ones_the_exercises_describe():
    assert DAYS == (date(2019, 12, 1) - date(2010, 9, 1)).days == 3378
    assert round(YEARS, 2) == 9.25
    assert round(USERS) == 1_250_000_000
    assert round(SHARE, 3) == 0.110
    assert round(TOWN, 3) == 0.710
    for (population, cells), right in lesson01.EXPECTED_UNIQUE_CASES:
        assert math.isclose(expected_unique(population, cells), right, rel_tol=1e-6)


def test_the_hand_counts_agree_with_pandas():
    people = lesson01.PEOPLE
    three = people.groupby(["sex", "birth_year", "district"]).size()
    assert (three == 1).sum() == UNIQUE and len(three) == COMBINATIONS
    assert (~people.duplicated(["sex", "birth_year", "district"], keep=False)).sum() == UNIQUE
    two = people.groupby(["sex", "birth_year"]).size()
    assert sorted(two, reverse=True) == [5, 4, 3, 2, 2, 2, 2]
    assert (two.min(), two.max(), len(two)) == (K, LARGEST, GROUPS)


def test_exercise_inputs_are_the_sourced_figures():
    timeline = lesson01.TIMELINE
    assert pd.api.types.is_datetime64_any_dtype(timeline["date"])
    dates = set(timeline["date"].dt.date)
    assert {date(2010, 9, 1), date(2013, 9, 1), date(2019, 9, 27), date(2019, 12, 1),
            date(2022, 12, 1)} <= dates
    assert len(lesson01.PEOPLE) == 20 and lesson01.PEOPLE["person"].is_unique
    assert lesson01.TOWN == {"population": 10_000, "attributes": ["birth_date"]}


def test_the_link_exercise_says_what_the_table_says():
    """Exercise 9: option c is what linked_identifiers supports; a, b and d are not."""
    links = data.load("linked_identifiers")
    phone = links[links["item"] == "phone number"].set_index("linked_to")
    assert phone.loc["national ID number", "since"].startswith("2010-09-01")
    assert phone.loc["messaging accounts (same real identity)", "since"] == "2017-06-01"
    assert "instant messaging" in phone.loc["messaging accounts (same real identity)", "how"]
    face = phone.loc["face"]
    assert face["since"] == "2019-12-01"
    assert "None of the sources found says whether the face image or a face template is stored" in face["how"]
    assert not links["linked_to"].str.contains("payment").any()
    assert "does not name payment accounts" in phone.loc["messaging accounts (same real identity)", "how"]


def test_each_mistake_gets_its_own_hint():
    """The exercise inputs keep the typical numeric mistakes apart: no two give the same value."""
    for name, (right, wrongs) in CASES.items():
        if callable(right):
            continue
        numbers = [right] + [v for v, _ in wrongs if isinstance(v, (int, float))]
        for i, a in enumerate(numbers):
            for b in numbers[i + 1:]:
                assert not np.isclose(a, b, rtol=0.005, atol=0), (name, a, b)


def test_a_function_that_loops_is_accepted_too():
    assert lesson01.check("expected_unique", expected_unique).passed
    assert lesson01.check("years_to_face_rule", DAYS / 365).passed  # 365 or 365.25: both fine


# Right answers pass; blanks and typical mistakes fail with their hints.
globals().update(both_ways(lesson01.LESSON, CASES))
