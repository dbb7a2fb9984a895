"""Equal error rates against equal PPV: the identity, the needed rates, per-group thresholds.

Expected values are worked by hand from the formulas (PPV = hp / (hp + f(1 - p)), and the
normal tail), independently of the package's code.
"""

from __future__ import annotations

import math
from statistics import NormalDist

import pytest

from facenumbers.models import fairness

GROUPS = {"Group A": 0.001, "Group B": 0.01}


def ppv_by_hand(p, h, f):
    return h * p / (h * p + f * (1 - p))


def test_ppv_by_group_with_shared_rates():
    rates = fairness.ppv_by_group(GROUPS, hit_rate=0.9, false_alert_rate=0.001)
    assert rates["Group A"] == pytest.approx(0.0009 / (0.0009 + 0.000999))
    assert rates["Group B"] == pytest.approx(0.009 / (0.009 + 0.00099))
    assert rates["Group B"] / rates["Group A"] == pytest.approx(1.901, abs=1e-3)


def test_ppv_by_group_with_rates_per_group():
    rates = fairness.ppv_by_group(GROUPS, {"Group A": 0.9, "Group B": 0.5},
                                  {"Group A": 0.001, "Group B": 0.01})
    assert rates["Group B"] == pytest.approx(ppv_by_hand(0.01, 0.5, 0.01))
    with pytest.raises(ValueError, match="hit_rate has no value for 'Group B'"):
        fairness.ppv_by_group(GROUPS, {"Group A": 0.9}, 0.001)


@pytest.mark.parametrize("p, h, f", [(0.001, 0.9, 0.001), (0.01, 0.89, 0.02), (0.3, 0.5, 0.4),
                                     (1e-5, 0.99, 1e-7)])
def test_the_identity_recovers_the_false_alert_rate_from_the_ppv(p, h, f):
    # Chouldechova (2017): f = p / (1 - p) x (1 - PPV) / PPV x h.
    assert fairness.false_alert_rate_from_ppv(p, ppv_by_hand(p, h, f), h) == pytest.approx(f)


def test_equal_ppv_needs_false_alert_rates_in_the_ratio_of_the_odds():
    target = ppv_by_hand(0.001, 0.9, 0.001)
    needed = fairness.false_alert_rates_for_equal_ppv(GROUPS, 0.9, target)
    assert needed["Group A"] == pytest.approx(0.001)
    odds_ratio = (0.01 / 0.99) / (0.001 / 0.999)
    assert needed["Group B"] == pytest.approx(0.001 * odds_ratio)      # 0.0100909
    assert needed["Group B"] == pytest.approx(0.0100909, rel=1e-4)
    assert ppv_by_hand(0.01, 0.9, needed["Group B"]) == pytest.approx(target)


def test_equal_error_rates_leave_ppv_unequal_and_equal_ppv_leaves_error_rates_unequal():
    same_rates = fairness.tradeoff(GROUPS, 0.89, 0.001, fairness.EQUAL_ERROR_RATES)
    assert same_rates["Group A"].false_alert_rate == same_rates["Group B"].false_alert_rate
    assert same_rates["Group A"].ppv == pytest.approx(0.471, abs=5e-4)
    assert same_rates["Group B"].ppv == pytest.approx(0.900, abs=5e-4)
    same_ppv = fairness.tradeoff(GROUPS, 0.89, 0.001, fairness.EQUAL_PPV)
    assert same_ppv["Group A"].ppv == pytest.approx(same_ppv["Group B"].ppv)
    assert same_ppv["Group B"].false_alert_rate / same_ppv["Group A"].false_alert_rate == \
        pytest.approx(10.09, abs=0.01)
    assert same_ppv["Group B"].hit_rate == same_ppv["Group A"].hit_rate == 0.89


def test_with_equal_base_rates_the_two_rules_agree():
    equal = {"A": 0.01, "B": 0.01}
    one = fairness.tradeoff(equal, 0.9, 0.002, fairness.EQUAL_ERROR_RATES)
    other = fairness.tradeoff(equal, 0.9, 0.002, fairness.EQUAL_PPV)
    for group in equal:
        assert one[group].false_alert_rate == pytest.approx(other[group].false_alert_rate)
        assert one[group].ppv == pytest.approx(other[group].ppv)


def test_the_reference_group_can_be_chosen():
    out = fairness.tradeoff(GROUPS, 0.9, 0.001, fairness.EQUAL_PPV, reference="Group B")
    assert out["Group B"].false_alert_rate == 0.001
    assert out["Group A"].false_alert_rate == pytest.approx(0.001 / ((0.01 / 0.99) / (0.001 / 0.999)))
    assert out["Group A"].ppv == pytest.approx(out["Group B"].ppv)
    with pytest.raises(ValueError, match="reference must be one of the groups"):
        fairness.tradeoff(GROUPS, 0.9, 0.001, fairness.EQUAL_PPV, reference="Group C")


def test_score_model_matches_the_normal_tails():
    model = fairness.ScoreModel.from_rates(hit_rate=0.89, false_alert_rate=0.001)
    z = NormalDist()
    assert model.separation == pytest.approx(z.inv_cdf(0.999) - z.inv_cdf(0.11))
    threshold = model.threshold_for_false_alert_rate(0.001)
    assert threshold == pytest.approx(3.0902, abs=1e-4)
    hit, false_alert = model.rates_at(threshold)
    assert hit == pytest.approx(0.89) and false_alert == pytest.approx(0.001)
    # Far in the tail the rates stay above zero, so the PPV stays defined.
    assert 0 < model.rates_at(30)[1] < 1e-190


def test_per_group_thresholds_show_the_cost_of_equal_ppv():
    shared = fairness.per_group_thresholds(GROUPS, 0.89, 0.001, fairness.EQUAL_ERROR_RATES)
    assert shared["Group A"].threshold == shared["Group B"].threshold
    assert shared["Group B"].ppv > shared["Group A"].ppv + 0.4        # 90% against 47%
    own = fairness.per_group_thresholds(GROUPS, 0.89, 0.001, fairness.EQUAL_PPV)
    a, b = own["Group A"], own["Group B"]
    assert a.threshold == shared["Group A"].threshold                # A keeps its setting
    assert a.ppv == pytest.approx(b.ppv, rel=1e-9)
    assert b.threshold < a.threshold                                  # B's is more lenient
    assert b.false_alert_rate > 10 * a.false_alert_rate              # about 11 times
    assert b.hit_rate > a.hit_rate                                    # and finds more of B's wanted
    z = NormalDist()
    assert b.false_alert_rate == pytest.approx(1 - z.cdf(b.threshold))


def test_threshold_for_ppv_hits_its_target_and_refuses_the_impossible():
    model = fairness.ScoreModel(4.0)
    for target in (0.05, 0.5, 0.99):
        t = model.threshold_for_ppv(target, 0.01)
        assert ppv_by_hand(0.01, *model.rates_at(t)) == pytest.approx(target, rel=1e-8)
    with pytest.raises(ValueError, match="above the prevalence"):
        model.threshold_for_ppv(0.005, 0.01)
    with pytest.raises(ValueError, match="separation must be above 0"):
        fairness.ScoreModel(0.0)


@pytest.mark.parametrize("call, words", [
    (lambda: fairness.ppv(0.0, 0.9, 0.01), "prevalence must be above 0 and below 1"),
    (lambda: fairness.ppv(1.0, 0.9, 0.01), "prevalence must be above 0 and below 1"),
    (lambda: fairness.ppv(0.01, 1.5, 0.01), "hit_rate must be a proportion between 0 and 1"),
    (lambda: fairness.ppv(0.01, 0.0, 0.0), "nobody is flagged"),
    (lambda: fairness.ppv(0.01, 0.9, "high"), "false_alert_rate must be a proportion"),
    (lambda: fairness.false_alert_rate_from_ppv(0.01, 0.0, 0.9), "target_ppv must be above 0"),
    (lambda: fairness.false_alert_rate_from_ppv(0.01, 0.5, 0.0), "hit_rate must be above 0"),
    (lambda: fairness.false_alert_rate_from_ppv(0.01, 0.001, 0.9), "above 1 (100%)"),
    (lambda: fairness.ppv_by_group({}, 0.9, 0.01), "prevalences must map each group"),
    (lambda: fairness.ppv_by_group({"A": math.nan}, 0.9, 0.01), "prevalence of A must be a proportion"),
    (lambda: fairness.tradeoff(GROUPS, 0.9, 0.01, "fairest"), "rule must be one of"),
    (lambda: fairness.ScoreModel.from_rates(0.5, 0.6), "must be above false_alert_rate"),
    (lambda: fairness.ScoreModel.from_rates(1.0, 0.01), "above 0 and below 1"),
])
def test_bad_inputs_get_a_message_naming_the_input(call, words):
    with pytest.raises(ValueError, match=None) as raised:
        call()
    assert words in str(raised.value)
