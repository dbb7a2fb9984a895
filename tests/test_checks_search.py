"""Lesson 05's checks (searching a gallery, fairness across groups) both ways.

The right answers here are worked by hand from the published figures and the lesson's stated
assumptions, independently of the package's model code.
"""

from __future__ import annotations

import math
from statistics import NormalDist

import pytest

from facenumbers.checks import search as lesson05

from check_contract import both_ways

N = 1_400_050_000
CHANCE = 1 - math.exp(N * math.log1p(-1e-9))

# NPL: 1 false alert per 6,000 passers-by with 10,000 images. Per comparison the rate is
# 1 - (1 - 1/6,000) ** (1/10,000); with 50,000 images a passer-by is compared 5 times as often,
# so the false-alert rate is 1 - (1 - 1/6,000) ** 5, about 1 in 1,200.
WATCHLIST_RATE = 1 - (1 - 1 / 6_000) ** 5
FMR_NPL = 1 - (1 - 1 / 6_000) ** (1 / 10_000)


def _miss_rate_with_a_higher_threshold_for_group_a() -> tuple[float, float]:
    """Group A's miss rate and PPV when Group B keeps the shared threshold and Group A gets the
    threshold that gives it Group B's PPV, on the equal-variance normal model of the lesson
    (innocent scores N(0, 1), wanted N(d, 1); at the shared threshold h = 0.89, f = 1 in 1,000)."""
    z = NormalDist()
    shared = z.inv_cdf(1 - 0.001)
    d = shared - z.inv_cdf(1 - 0.89)
    p_a, p_b = 0.001, 0.01
    target = 0.89 * p_b / (0.89 * p_b + 0.001 * (1 - p_b))

    def ppv_a(t: float) -> float:
        h, f = 1 - z.cdf(t - d), 1 - z.cdf(t)
        return h * p_a / (h * p_a + f * (1 - p_a))

    low, high = shared, 10.0
    for _ in range(200):
        middle = (low + high) / 2
        low, high = (middle, high) if ppv_a(middle) < target else (low, middle)
    return z.cdf(low - d), target


MISS_A, SHARED_PPV = _miss_rate_with_a_higher_threshold_for_group_a()

# name -> (right answer, [(typical wrong answer, words its hint must contain), ...])
CASES = {
    "watchlist_false_alert_rate": (WATCHLIST_RATE, [
        (1 / 6_000, "reported for 10,000 images"),
        (1 / 30_000, "SHORTER list"),
        (FMR_NPL, "per comparison"),
        (50_000 / 6_000, "rate per PERSON"),
        (1 / WATCHLIST_RATE, "upside down"),
    ]),
    "chance_at_least_one": (CHANCE, [
        (N * 1e-9, "expected number"),
        (1 - CHANCE, "no false match at all"),
        (1e-9, "one comparison"),
    ]),
    "false_flags_per_day": (100_000 * N * 1e-9, [
        (N * 1e-9, "for one new face"),
        (100_000 * CHANCE, "at least one false match"),
    ]),
    "dedup_missing_number": ("c", [
        ("a", "gallery size is known"),
        ("b", "false-match rate already"),
        ("d", "Bayes' rule"),
        ("e", "one of"),
        (3, "one of"),
    ]),
    # Group A: PPV = 0.0009 / (0.0009 + 0.000999); Group B needs f = (0.01 / 0.99) x
    # (0.000999 / 0.0009) x 0.9 = 0.001 x (0.01 / 0.99) / (0.001 / 0.999), about 1 in 99.
    "equal_ppv_false_alert_rate": (0.001 * (0.01 / 0.99) / (0.001 / 0.999), [
        (0.001, "equal error rates do not give equal PPV"),
        (0.01, "ratio of the prevalences"),
        (0.01 * (0.000999 / 0.0009) * 0.9, "instead of the odds"),
        (0.0009 / (0.0009 + 0.000999), "Group A's PPV, the target"),
        (0.009 / (0.009 + 0.00099), "not a false-alert rate"),
        (0.001 / ((0.01 / 0.99) / (0.001 / 0.999)), "rate Group A would need"),
        (99.1, "upside down"),
        (1.009, "percentage"),
    ]),
    # About 30% of Group A's wanted people walk past unflagged, against 11% at the shared
    # threshold: the cost of the higher threshold falls on finding them.
    "miss_rate_group_a": (MISS_A, [
        (1 - 0.89, "shared threshold"),
        (1 - MISS_A, "hit rate"),
        (SHARED_PPV, "PPV both groups now share"),
        (29.57, "percentage"),
    ]),
}


def test_the_right_answers_are_what_the_lesson_says():
    assert 1 / WATCHLIST_RATE == pytest.approx(1_200, rel=0.001)
    assert 0.29 < MISS_A < 0.30 and 0.89 < SHARED_PPV < 0.91


def test_the_new_lessons_checks_are_their_own():
    from facenumbers.checks import base_rates as lesson04

    assert lesson05.LESSON.slug == "05-search-and-fairness"
    assert not set(lesson05.LESSON.exercises) & set(lesson04.LESSON.exercises)
    feedback = lesson05.check("ppv_cardiff", 0.07)
    assert not feedback.passed and "chance_at_least_one" in feedback.hint


# Right answers pass; blanks and typical mistakes fail with their hints.
globals().update(both_ways(lesson05.LESSON, CASES))
