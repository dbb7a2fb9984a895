"""Synthetic templates, matching and error rates: worked examples, edges, bad input, laws."""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from facenumbers.models import error_rates as er
from facenumbers.models import matching
from facenumbers.models.base_rates import probability_of_at_least_one_false_match
from facenumbers.models.templates import GROUPS, make_population

score_arrays = arrays(np.float64, st.integers(1, 60), elements=st.floats(-1, 1, allow_nan=False, width=32))
thresholds = st.floats(-1.5, 1.5, allow_nan=False)


# -- templates -------------------------------------------------------------------------------
def test_population_is_seeded_unit_length_and_split_into_groups():
    population = make_population(people=40, captures=3, seed=11)
    again = make_population(people=40, captures=3, seed=11)
    other = make_population(people=40, captures=3, seed=12)
    assert np.array_equal(population.templates, again.templates)
    assert not np.array_equal(population.templates, other.templates)
    assert np.allclose(np.linalg.norm(population.templates, axis=-1), 1)
    assert sorted(set(population.group)) == list(GROUPS)
    assert population.names[0] == "Person 001"


def test_lower_capture_quality_lowers_genuine_scores_but_keeps_people():
    scores = {}
    for quality in (1.0, 0.5, 0.0):
        table = matching.comparison_scores(make_population(people=200, quality=quality, seed=5))
        scores[quality] = table.loc[table["kind"] == "genuine", "score"].mean()
    assert scores[1.0] > scores[0.5] > scores[0.0]


def test_group_b_strangers_look_more_alike_in_the_model():
    table = matching.comparison_scores(make_population(people=300, seed=5))
    impostor = table[table["kind"] == "impostor"].groupby("group")["score"].mean()
    assert impostor["Group B"] > impostor["Group A"] + 0.05
    same = make_population(people=300, seed=5, group_likeness={"Group A": 0.0, "Group B": 0.0})
    table = matching.comparison_scores(same)
    impostor = table[table["kind"] == "impostor"].groupby("group")["score"].mean()
    assert abs(impostor["Group B"] - impostor["Group A"]) < 0.02


@pytest.mark.parametrize(
    "kwargs, name",
    [({"people": 1}, "people"), ({"quality": 1.5}, "quality"), ({"captures": 0}, "captures"),
     ({"people": 100_000, "captures": 50}, "people x captures"), ({"seed": -1}, "seed")],
)
def test_bad_population_settings_are_named(kwargs, name):
    with pytest.raises(ValueError, match=name):
        make_population(**kwargs)


def test_capture_lookup_is_bounded():
    population = make_population(people=10, captures=2)
    with pytest.raises(ValueError, match="person must be a whole number from 0 to 9"):
        population.capture(10)


# -- matching --------------------------------------------------------------------------------
def test_cosine_similarity_worked_examples():
    assert matching.cosine_similarity([3, 4], [4, 3]) == pytest.approx(24 / 25)
    assert matching.cosine_similarity([1, 0], [-2, 0]) == pytest.approx(-1)
    assert matching.cosine_similarity([1, 2, 3], [2, 4, 6]) == pytest.approx(1)


@pytest.mark.parametrize(
    "a, b, words",
    [([1, 2], [1, 2, 3], "same number of entries"), ([0, 0], [1, 1], "all zeros"),
     ([1, float("nan")], [1, 1], "finite"), ("ab", [1, 1], "numbers"), ([], [], "at least one")],
)
def test_cosine_similarity_bad_input(a, b, words):
    with pytest.raises(ValueError, match=words):
        matching.cosine_similarity(a, b)


def test_a_score_equal_to_the_threshold_is_a_match():
    assert matching.verify(0.6, 0.6) and not matching.verify(np.nextafter(0.6, 0), 0.6)
    assert er.false_match_rate([0.6], 0.6) == 1.0
    assert er.false_non_match_rate([0.6], 0.6) == 0.0


def test_identification_finds_the_person_and_reports_rank():
    population = make_population(people=50, captures=2, quality=1.0, seed=3)
    gallery = population.templates[:, 0]
    result = matching.identify(population.capture(17, 1), gallery, threshold=0.4, true_index=17)
    assert result.matched and result.candidate == 17 and result.rank_of_true == 1
    nobody = matching.identify(population.capture(17, 1), np.delete(gallery, 17, axis=0), threshold=0.4)
    assert nobody.candidate is None and nobody.score < 0.4
    lenient = matching.identify(population.capture(17, 1), gallery, threshold=-1.0)
    assert lenient.candidates_over_threshold == 50


def test_duplicate_detection_flags_the_same_face_under_another_name():
    population = make_population(people=30, captures=2, quality=1.0, seed=4)
    enrolled = population.templates[:, 0]
    assert matching.find_duplicates(population.capture(5, 1), enrolled, 0.5).tolist() == [5]
    assert matching.find_duplicates(population.capture(5, 1), enrolled[6:], 0.5).size == 0


def test_comparison_scores_counts_and_sampling():
    population = make_population(people=40, captures=3, seed=9)
    table = matching.comparison_scores(population)
    assert (table["kind"] == "genuine").sum() == 40 * 3
    assert (table["kind"] == "impostor").sum() == 2 * (20 * 19 // 2)
    capped = matching.comparison_scores(population, max_impostor_pairs=50)
    assert (capped["kind"] == "impostor").sum() == 100
    # The impostor scores are real cosine similarities of first captures.
    one = table[(table["kind"] == "impostor") & (table["group"] == "Group A")].iloc[0]["score"]
    a, b = population.templates[0, 0], population.templates[2, 0]
    assert one == pytest.approx(matching.cosine_similarity(a, b))


# -- error rates: examples and edges -------------------------------------------------------
def test_rates_outside_the_score_range_and_with_ties():
    genuine, impostor = [0.5, 0.5, 0.9], [0.1, 0.5, 0.5]
    table = er.error_rates(genuine, impostor, [-5, 0.5, 5])
    assert table["false_match_rate"].tolist() == [1.0, pytest.approx(2 / 3), 0.0]
    assert table["false_non_match_rate"].tolist() == [0.0, 0.0, 1.0]


@pytest.mark.parametrize(
    "call, words",
    [
        (lambda: er.false_match_rate([], 0.5), "impostor_scores must contain at least one"),
        (lambda: er.equal_error_rate([], [0.1]), "genuine_scores must contain at least one"),
        (lambda: er.false_non_match_rate([0.5, float("nan")], 0.5), "finite"),
        (lambda: er.false_match_rate([0.5], float("nan")), "threshold"),
        (lambda: er.threshold_for_false_match_rate([0.5], 1.5), "target must be a proportion"),
        (lambda: er.monthly_outcomes(-1, 0.1, {"A": (0, 0)}, {"A": 1}), "registrations_per_month"),
        (lambda: er.monthly_outcomes(10, 0.1, {"A": (0, 0)}, {"A": 0.5}), "add up to 1"),
        (lambda: er.monthly_outcomes(10, 0.1, {"A": (2, 0)}, {"A": 1}), "false_match_rate of A"),
    ],
)
def test_error_rate_bad_input(call, words):
    with pytest.raises(ValueError, match=words):
        call()


def test_equal_error_rate_worked_example_and_threshold_for_target():
    genuine = [0.55, 0.6, 0.7, 0.8, 0.9]
    impostor = [0.1, 0.2, 0.3, 0.4, 0.65]
    eer = er.equal_error_rate(genuine, impostor)
    assert (eer.rate, eer.threshold) == (pytest.approx(0.2), 0.6)
    threshold = er.threshold_for_false_match_rate(impostor, 0.2)
    assert threshold == 0.65 and er.false_match_rate(impostor, threshold) == pytest.approx(0.2)
    assert er.false_match_rate(impostor, 0.4) > 0.2  # the next lower score is too lenient
    assert er.threshold_for_false_match_rate(impostor, 0.0) > max(impostor)


def test_system_and_identification_rates():
    assert er.false_accept_rate(0.01) == 0.01 and er.false_reject_rate(0.02) == 0.02
    assert er.false_reject_rate(0.0, 0.05) == pytest.approx(0.05)
    assert er.false_positive_identification_rate(1e-9, 1_400_050_000) == pytest.approx(
        probability_of_at_least_one_false_match(1e-9, 1_400_050_000))
    assert er.false_negative_identification_rate([0.2, 0.9], 0.5) == 0.5


def test_monthly_outcomes_add_up():
    table = er.monthly_outcomes(10_000_000, 0.001, {"A": (1e-4, 0.01), "B": (1e-3, 0.02)},
                                {"A": 0.5, "B": 0.5})
    assert table["registrations"].sum() == pytest.approx(10_000_000)
    impostors = table["impostors_accepted"] + table["impostors_stopped"]
    assert impostors.sum() == pytest.approx(10_000)
    assert table.set_index("group").loc["B", "honest_falsely_rejected"] == pytest.approx(5_000_000 * 0.999 * 0.02)


def test_a_det_curve_over_a_million_impostor_scores():
    rng = np.random.default_rng(1)
    impostor, genuine = rng.normal(0, 0.1, 1_000_000), rng.normal(0.6, 0.1, 10_000)
    curve = er.det_curve(genuine, impostor, points=400)
    assert len(curve) <= 402
    assert curve["false_match_rate"].iloc[0] == 0 and curve["false_match_rate"].iloc[-1] == 1
    # The tail is sampled: some thresholds give FMR between 1e-6 and 1e-4.
    assert curve["false_match_rate"].between(1e-6, 1e-4).sum() >= 10


# -- error rates: laws ---------------------------------------------------------------------
@given(score_arrays, thresholds, thresholds)
def test_fmr_falls_and_fnmr_rises_with_the_threshold(scores, t1, t2):
    low, high = sorted((t1, t2))
    assert er.false_match_rate(scores, high) <= er.false_match_rate(scores, low)
    assert er.false_non_match_rate(scores, high) >= er.false_non_match_rate(scores, low)


@given(score_arrays, score_arrays)
def test_curves_are_monotone_and_end_at_the_corners(genuine, impostor):
    for points in (None, 20):
        curve = er.det_curve(genuine, impostor, points=points)
        assert curve["threshold"].is_monotonic_decreasing
        assert curve["false_match_rate"].is_monotonic_increasing
        assert curve["false_non_match_rate"].is_monotonic_decreasing
        assert curve["false_match_rate"].iloc[0] == 0 and curve["false_non_match_rate"].iloc[0] == 1
    roc = er.roc_curve(genuine, impostor)
    assert roc["hit_rate"].is_monotonic_increasing


@given(score_arrays, score_arrays)
def test_eer_lies_between_the_two_rates(genuine, impostor):
    eer = er.equal_error_rate(genuine, impostor)
    low, high = sorted((eer.false_match_rate, eer.false_non_match_rate))
    assert low - 1e-12 <= eer.rate <= high + 1e-12
    assert (eer.false_match_rate, eer.false_non_match_rate) == (
        pytest.approx(er.false_match_rate(impostor, eer.threshold)),
        pytest.approx(er.false_non_match_rate(genuine, eer.threshold)),
    )


@settings(max_examples=50)
@given(score_arrays, st.floats(0, 1))
def test_threshold_for_target_is_the_lowest_that_meets_it(impostor, target):
    threshold = er.threshold_for_false_match_rate(impostor, target)
    assert er.false_match_rate(impostor, threshold) <= target
    lower = [s for s in np.unique(impostor) if s < threshold]
    if lower:
        assert er.false_match_rate(impostor, lower[-1]) > target


@given(score_arrays, score_arrays, thresholds)
def test_sorted_scores_agree_with_the_functions(genuine, impostor, threshold):
    sample = er.SortedScores.of(genuine, impostor)
    assert sample.rates_at(threshold) == (
        er.false_match_rate(impostor, threshold), er.false_non_match_rate(genuine, threshold))


@given(arrays(np.float64, st.integers(1, 8), elements=st.floats(-10, 10, allow_nan=False).filter(lambda v: abs(v) > 1e-3)),
       arrays(np.float64, st.integers(1, 8), elements=st.floats(-10, 10, allow_nan=False).filter(lambda v: abs(v) > 1e-3)))
def test_cosine_similarity_is_symmetric_bounded_and_scale_free(a, b):
    n = min(len(a), len(b))
    a, b = a[:n], b[:n]
    value = matching.cosine_similarity(a, b)
    assert -1 <= value <= 1
    assert value == pytest.approx(matching.cosine_similarity(b, a))
    assert value == pytest.approx(matching.cosine_similarity(3.5 * a, b))
    assert not math.isnan(value)
