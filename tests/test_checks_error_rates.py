"""Lesson 03's checks pass the right answers and reject blanks and typical mistakes, with a hint each.

The right answers are worked here with plain numpy from the exercise inputs, independently of
the package's error-rate model.
"""

from __future__ import annotations

import numpy as np
import pytest

from facenumbers.checks import error_rates as lesson03

from check_contract import both_ways

G = np.asarray(lesson03.GENUINE, dtype=float)
I = np.asarray(lesson03.IMPOSTOR, dtype=float)
T = 0.60

# Exercises 1 and 2, by hand: impostors at or above 0.60 are 0.60 and 0.63 (2 of 30);
# genuine scores below 0.60 are 0.38, 0.46, 0.55, 0.58 (4 of 20).
FMR = np.count_nonzero(I >= T) / I.size
FNMR = np.count_nonzero(G < T) / G.size


def _eer_by_scan(genuine, impostor):
    """The threshold and rate where FMR = FNMR, scanning every distinct score."""
    for t in np.unique(np.concatenate([genuine, impostor])):
        fmr, fnmr = np.mean(impostor >= t), np.mean(genuine < t)
        if np.isclose(fmr, fnmr):
            return t, fmr
    raise AssertionError("the exercise arrays should have an exact crossing")


EER_THRESHOLD, EER = _eer_by_scan(G, I)

SCORES = lesson03.SCORES
IMP = SCORES.loc[SCORES["kind"] == "impostor", "score"].to_numpy()
GEN = SCORES.loc[SCORES["kind"] == "genuine", "score"].to_numpy()
# Exercise 4: the lowest threshold with at most 1 in 1,000 impostor scores at or above it is
# the k-th highest impostor score, k = floor(n / 1000) (all scores are distinct).
K = int(np.floor(IMP.size / 1000))
SORTED = np.sort(IMP)
THRESHOLD_1_IN_1000 = SORTED[IMP.size - K]


def _fmr_of(group):
    rows = SCORES[(SCORES["kind"] == "impostor") & (SCORES["group"] == group)]
    return np.mean(rows["score"].to_numpy() >= 0.25)


FMR_A, FMR_B = _fmr_of("Group A"), _fmr_of("Group B")

# Exercise 9, by counting: the DET curve's row closest to an FMR of 1 in 1,000 has a threshold
# just above the 41st-highest impostor score (40 of them at or above it: 40 / 39,800, about
# 0.001005); its FNMR is the share of genuine scores at or below that 41st-highest score.
FORTY_FIRST = SORTED[IMP.size - 41]
FNMR_ON_CURVE = np.count_nonzero(GEN <= FORTY_FIRST) / GEN.size

# Exercise 5: 10,000,000 registrations, 0.2% impostors, FNMR 1%, FMR 1 in 10,000 (illustrative,
# from the course's table of assumptions).
HONEST = 10_000_000 * (1 - 0.002)
REJECTED = HONEST * 0.01

# name -> (right answer, [(typical wrong answer, words its hint must contain), ...])
CASES = {
    "fmr": (FMR, [
        (FNMR, "false non-match rate"),
        (1 / 30, "use >=, not >"),
        (2, "count"),
        (28 / 30, "correctly rejected"),
        (2 / 50, "all 50 scores"),
        (100 * FMR, "percentage"),
    ]),
    "fnmr": (FNMR, [
        (FMR, "false-match rate"),
        (5 / 20, "(<, not <=)"),
        (4, "count"),
        (0.8, "hit rate"),
        (4 / 50, "all 50 scores"),
        ("0.2", "single number"),
    ]),
    "eer": (EER, [
        (EER_THRESHOLD, "threshold"),
        (2 * EER, "added the two rates"),
        (1 - EER, "1 - EER"),
        ((FMR + FNMR) / 2, "not equal"),
    ]),
    "threshold_1_in_1000": (THRESHOLD_1_IN_1000, [
        (np.quantile(IMP, 0.001), "below"),
        (np.quantile(GEN, 0.999), "genuine scores"),
        (SORTED[IMP.size - int(IMP.size / 100)], "1 in 100"),
    ]),
    "rejected_per_month": (REJECTED, [
        (10_000_000 * 0.01, "Only honest customers"),
        (HONEST * 0.0001, "false-match rate"),
        (10_000_000 * 0.002 * 0.01, "impostors"),
        (0.01, "not a number of people"),
        (12 * REJECTED, "a year"),
    ]),
    "disparity_ratio": (FMR_B / FMR_A, [
        (FMR_A / FMR_B, "other way round"),
        (FMR_B - FMR_A, "difference"),
        (FMR_B / FMR_A - 1, "ratio - 1"),
        (FMR_B / np.mean(IMP >= 0.25), "everyone together"),
    ]),
    "fnmr_on_curve": (FNMR_ON_CURVE, [
        (40 / IMP.size, "wrong axis"),              # the row's FMR
        (39 / IMP.size, "wrong axis"),              # the last row at most 1 in 1,000: its FMR
        (0.001, "the row's FMR"),                   # the target itself, typed
        (1 - FNMR_ON_CURVE, "hit rate"),
        (1.0, "strict end"),
        (0.0, "lenient end"),
        (np.mean(GEN < THRESHOLD_1_IN_1000), "exercise 4's threshold"),
        (0.3, "50 made-up scores"),
        (FNMR_ON_CURVE * GEN.size, "count"),
        (100 * FNMR_ON_CURVE, "percentage"),
    ]),
    "which_rate": ("c", [
        ("a", "per comparison"),
        ("d", "is* in the gallery"),
        ("b", "own photo"),
        ("FPIR", "one of"),
    ]),
    "accuracy_claim": ("b", [
        ("a", "FNMR"),
        ("d", "usually stricter"),
        ("c", "NIST"),
    ]),
    "nist_findings": ("d", [
        ("a", "Not every algorithm"),
        ("b", "range across algorithms"),
        ("c", "false positives"),
        ("e", "not all of them"),
        ("10 to 100", "one of"),
    ]),
}


def test_the_worked_answers_are_the_ones_the_exercises_describe():
    assert (FMR, FNMR) == (2 / 30, 4 / 20)
    assert np.isclose(EER, 0.1) and EER_THRESHOLD == 0.53
    assert np.count_nonzero(IMP >= THRESHOLD_1_IN_1000) / IMP.size <= 1 / 1000
    assert np.count_nonzero(IMP >= SORTED[IMP.size - K - 1]) / IMP.size > 1 / 1000
    assert FMR_B > FMR_A > 0
    assert REJECTED == pytest.approx(99_800)
    assert FNMR_ON_CURVE == 6 / 2_400


def test_the_curve_answer_is_the_same_however_the_row_is_found():
    """Closest to 1 in 1,000 or the last row at most 1 in 1,000, 400 points or every score."""
    from facenumbers.models import error_rates

    for points in (400, None):
        curve = error_rates.det_curve(GEN, IMP, points=points)
        closest = curve.loc[(curve["false_match_rate"] - 0.001).abs().idxmin()]
        last = curve[curve["false_match_rate"] <= 0.001].iloc[-1]
        assert closest["false_match_rate"] == pytest.approx(40 / IMP.size)
        assert closest["false_non_match_rate"] == pytest.approx(FNMR_ON_CURVE)
        assert last["false_non_match_rate"] == pytest.approx(FNMR_ON_CURVE)
        roc = error_rates.roc_curve(GEN, IMP, points=points)
        hit = roc.loc[(roc["false_match_rate"] - 0.001).abs().idxmin(), "hit_rate"]
        assert not lesson03.check("fnmr_on_curve", float(hit)).passed


def test_numpy_quantile_is_close_enough_for_the_threshold():
    assert lesson03.check("threshold_1_in_1000", float(np.quantile(IMP, 0.999))).passed
    assert lesson03.check("threshold_1_in_1000", float(SORTED[IMP.size - K - 1])).passed  # with >


def test_each_mistake_gets_its_own_hint():
    """The exercise inputs keep the typical mistakes apart: no two give the same value."""
    # The check's own, tighter tolerance; and for exercise 9, the hit rate 0.9975 and the strict
    # end's 1.0 are 0.25% apart: each is matched exactly and the tightest fit wins.
    tolerance = {"rejected_per_month": 0.0005, "fnmr_on_curve": 0.002}
    for name, (right, wrongs) in CASES.items():
        numbers = [right] + [v for v, _ in wrongs if isinstance(v, (int, float))]
        for i, a in enumerate(numbers):
            for b in numbers[i + 1:]:
                assert not np.isclose(a, b, rtol=tolerance.get(name, 0.005), atol=0), (name, a, b)


def test_an_array_answer_is_refused_without_crashing():
    feedback = lesson03.check("fmr", I >= T)
    assert not feedback.passed
    assert "one number" in feedback.message and "array" in feedback.hint


def test_exercise_inputs_are_the_published_illustrative_values():
    from facenumbers import data
    assert lesson03.MONTHLY == {k: data.assumption(k) for k in lesson03.MONTHLY}
    assert lesson03.MONTHLY == {
        "registrations_per_month": 10_000_000,
        "impostor_share": 0.002,
        "false_non_match_rate": 0.01,
        "false_match_rate": 0.0001,
    }
    assert set(SCORES["group"]) == {"Group A", "Group B"}
    assert lesson03.THRESHOLD == T and lesson03.GROUP_THRESHOLD == 0.25


# Right answers pass; blanks and typical mistakes fail with their hints.
globals().update(both_ways(lesson03.LESSON, CASES))
