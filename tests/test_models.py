"""The base-rate model: worked examples, bad input, and the laws it must obey."""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from facenumbers.models import base_rates as br
from facenumbers.models.validation import require_count, require_rate

rates = st.floats(min_value=0, max_value=1, allow_nan=False)
open_rates = st.floats(min_value=1e-6, max_value=1 - 1e-6, allow_nan=False)
populations = st.integers(min_value=0, max_value=2_000_000_000)


# -- worked examples -------------------------------------------------------------------------
def test_confusion_counts_worked_example():
    counts = br.confusion_counts(100_000, prevalence=0.0001, hit_rate=0.9, false_alert_rate=0.001)
    assert counts.on_watchlist == pytest.approx(10)
    assert counts.true_alarms == pytest.approx(9)
    assert counts.missed == pytest.approx(1)
    assert counts.false_alarms == pytest.approx(99.99)
    assert counts.correctly_ignored == pytest.approx(99_890.01)


def test_ppv_matches_counts_and_bayes():
    counts = br.confusion_counts(1_000_000, 0.002, 0.8, 0.01)
    ppv = br.positive_predictive_value(0.002, 0.8, 0.01)
    assert ppv == pytest.approx(counts.true_alarms / counts.alarms)
    assert ppv == pytest.approx(br.bayes_posterior(0.002, 0.8, 0.01))
    assert ppv == pytest.approx(0.0016 / (0.0016 + 0.00998))


def test_npv_matches_counts():
    counts = br.confusion_counts(1_000_000, 0.002, 0.8, 0.01)
    npv = br.negative_predictive_value(0.002, 0.8, 0.01)
    assert npv == pytest.approx(counts.correctly_ignored / (counts.correctly_ignored + counts.missed))


def test_undefined_ppv_is_nan_not_an_error():
    assert math.isnan(br.positive_predictive_value(0.1, 0.0, 0.0))
    assert math.isnan(br.negative_predictive_value(0.1, 1.0, 1.0))
    assert math.isnan(br.innocent_flagged_per_true_hit(0.1, 0.0, 0.0))
    assert br.innocent_flagged_per_true_hit(0.0, 0.9, 0.01) == math.inf


def test_cardiff_published_counts_are_reproduced():
    rates_ = br.rates_from_deployment(170_000, 2470, 2297, assumed_hit_rate=0.9)
    counts = br.confusion_counts(170_000, rates_["prevalence"], 0.9, rates_["false_alert_rate"])
    assert counts.alarms == pytest.approx(2470)
    assert counts.false_alarms == pytest.approx(2297)
    assert br.precision_of_alerts(2470, 2297) == pytest.approx(173 / 2470)


def test_rates_from_deployment_rejects_impossible_assumptions():
    with pytest.raises(ValueError, match="assumed_hit_rate"):
        br.rates_from_deployment(1000, 900, 0, assumed_hit_rate=0.5)
    with pytest.raises(ValueError, match="false_alerts"):
        br.rates_from_deployment(1000, 10, 11, assumed_hit_rate=0.5)


def test_gallery_probability_is_exact_at_national_scale():
    # 1 - (1 - 1e-9)^1.6e9 = 1 - exp(-1.6 + O(1e-9)): compare with high precision.
    from decimal import Decimal, getcontext

    getcontext().prec = 50
    exact = 1 - (1 - Decimal("1e-9")) ** 1_600_000_000
    ours = br.probability_of_at_least_one_false_match(1e-9, 1_600_000_000)
    assert ours == pytest.approx(float(exact), rel=1e-12)
    # The naive formula loses most digits for tiny rates; ours keeps them.
    tiny = br.probability_of_at_least_one_false_match(1e-18, 1000)
    assert tiny == pytest.approx(1e-15, rel=1e-9)
    assert 1 - (1 - 1e-18) ** 1000 == 0.0  # what the naive formula gives


def test_expected_false_matches():
    assert br.expected_false_matches(1e-9, 1_600_000_000) == pytest.approx(1.6)
    assert br.expected_false_matches(0.0, 10) == 0
    assert br.probability_of_at_least_one_false_match(1.0, 0) == 0
    assert br.probability_of_at_least_one_false_match(1.0, 3) == 1


def test_false_alert_rate_for_ppv_round_trips():
    f = br.false_alert_rate_for_ppv(0.9, 1e-4, 0.9)
    assert br.positive_predictive_value(1e-4, 0.9, f) == pytest.approx(0.9)
    assert br.false_alert_rate_for_ppv(0.0, 0.01, 0.9) == 1.0


def test_natural_frequencies_round_to_the_total():
    freq = br.natural_frequencies(0.01, 0.9, 0.05, total=1000)
    assert (freq.true_alarms, freq.missed, freq.false_alarms, freq.correctly_ignored) == (9, 1, 50, 940)


def test_false_match_rate_per_comparison_inverts_the_gallery_law():
    # NPL 2023 at threshold 0.6: 1 in 6,000 people falsely alerted on a 10,000-image watchlist,
    # 1 in 60,000 on 1,000 images: the same rate per comparison, about 1 in 60 million.
    large = br.false_match_rate_per_comparison(1 / 6_000, 10_000)
    small = br.false_match_rate_per_comparison(1 / 60_000, 1_000)
    assert large == pytest.approx(small, rel=1e-3)
    assert large == pytest.approx(1 / 60_000_000, rel=1e-3)
    assert br.probability_of_at_least_one_false_match(large, 10_000) == pytest.approx(1 / 6_000)
    assert br.false_match_rate_per_comparison(1.0, 5) == 1.0
    assert br.false_match_rate_per_comparison(0.0, 5) == 0.0


def test_wilson_interval_for_eight_of_ten():
    low, high = br.wilson_interval(8, 10)
    assert (round(low, 2), round(high, 2)) == (0.49, 0.94)
    assert low < 0.8 < high
    assert br.wilson_interval(0, 10)[0] == 0.0 and br.wilson_interval(10, 10)[1] == 1.0
    wide, narrow = br.wilson_interval(8, 10), br.wilson_interval(800, 1000)
    assert narrow[1] - narrow[0] < wide[1] - wide[0]
    with pytest.raises(ValueError, match="successes"):
        br.wilson_interval(11, 10)
    with pytest.raises(ValueError, match="confidence"):
        br.wilson_interval(8, 10, confidence=1.0)


# -- bad input -----------------------------------------------------------------------------
@pytest.mark.parametrize(
    "call, name",
    [
        (lambda: br.positive_predictive_value(1.5, 0.9, 0.01), "prevalence"),
        (lambda: br.positive_predictive_value(0.1, -0.1, 0.01), "hit_rate"),
        (lambda: br.positive_predictive_value(0.1, 0.9, float("nan")), "false_alert_rate"),
        (lambda: br.confusion_counts(-5, 0.1, 0.9, 0.01), "population"),
        (lambda: br.confusion_counts(10.5, 0.1, 0.9, 0.01), "population"),
        (lambda: br.confusion_counts("many", 0.1, 0.9, 0.01), "population"),
        (lambda: br.probability_of_at_least_one_false_match(1e-9, -1), "gallery_size"),
        (lambda: br.probability_of_at_least_one_false_match(2, 10), "false_match_rate"),
        (lambda: br.expected_false_matches(float("inf"), 10), "false_match_rate"),
        (lambda: br.natural_frequencies(0.1, 0.9, 0.01, total=0), "total"),
    ],
)
def test_bad_input_names_the_argument_and_range(call, name):
    with pytest.raises(ValueError) as problem:
        call()
    message = str(problem.value)
    assert message.startswith(name)
    assert ("between 0 and 1" in message) or ("whole number" in message) or ("NaN" in message)


def test_validation_rejects_booleans_and_accepts_whole_floats():
    with pytest.raises(ValueError):
        require_rate(True, "hit_rate")
    assert require_count(1.6e9, "n") == 1_600_000_000


# -- laws ------------------------------------------------------------------------------------
@given(rates, rates, rates)
def test_ppv_is_a_proportion(p, h, f):
    ppv = br.positive_predictive_value(p, h, f)
    assert math.isnan(ppv) or 0 <= ppv <= 1


@given(open_rates, open_rates, open_rates, open_rates)
def test_ppv_rises_with_prevalence(p1, p2, h, f):
    low, high = sorted((p1, p2))
    assert br.positive_predictive_value(low, h, f) <= br.positive_predictive_value(high, h, f) + 1e-12


@given(open_rates, open_rates, open_rates, open_rates)
def test_ppv_falls_as_false_alert_rate_rises(p, h, f1, f2):
    low, high = sorted((f1, f2))
    assert br.positive_predictive_value(p, h, high) <= br.positive_predictive_value(p, h, low) + 1e-12


@given(populations, rates, rates, rates)
def test_counts_add_up_to_the_population(n, p, h, f):
    counts = br.confusion_counts(n, p, h, f)
    assert counts.population == pytest.approx(n, rel=1e-12, abs=1e-6)
    assert min(counts.as_dict().values()) >= 0


@given(rates, rates, rates, st.integers(min_value=1, max_value=100_000))
def test_natural_frequencies_are_whole_and_add_up(p, h, f, total):
    freq = br.natural_frequencies(p, h, f, total)
    values = list(freq.as_dict().values())
    assert sum(values) == total
    assert all(isinstance(v, int) and v >= 0 for v in values)
    expected = br.confusion_counts(total, p, h, f).as_dict()
    assert all(abs(v - expected[k]) < 1 for k, v in freq.as_dict().items())


@given(st.floats(min_value=0, max_value=1e-3), st.integers(min_value=0, max_value=10**12))
def test_gallery_probability_is_a_proportion_and_grows_with_n(f, n):
    p = br.probability_of_at_least_one_false_match(f, n)
    assert 0 <= p <= 1
    assert br.probability_of_at_least_one_false_match(f, n + 1000) >= p
    # Never more than the expected count (union bound).
    assert p <= br.expected_false_matches(f, n) + 1e-15


@settings(max_examples=20, deadline=None)
@given(st.floats(min_value=0.001, max_value=0.2), st.integers(min_value=1, max_value=40))
def test_gallery_formula_agrees_with_direct_simulation(f, n):
    rng = np.random.default_rng(12345)
    trials = 40_000
    any_false_match = (rng.random((trials, n)) < f).any(axis=1).mean()
    exact = br.probability_of_at_least_one_false_match(f, n)
    standard_error = math.sqrt(max(exact * (1 - exact), 1e-9) / trials)
    assert abs(any_false_match - exact) < 5 * standard_error + 1e-3


@given(open_rates, open_rates, st.floats(min_value=0.01, max_value=0.99))
def test_false_alert_rate_for_ppv_achieves_the_target(p, h, target):
    f = br.false_alert_rate_for_ppv(target, p, h)
    assume(0 < f < 1)
    assert br.positive_predictive_value(p, h, f) == pytest.approx(target, rel=1e-9)
