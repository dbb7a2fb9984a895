"""The registration rule as a policy choice (Lesson 06's model): units and properties."""

from __future__ import annotations

import math

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from facenumbers import data
from facenumbers.models.policy import (
    ASSUMPTIONS,
    AT_THE_COUNTER,
    FRAUD_KINDS,
    HARMS,
    POLICIES,
    STOP_REASONS,
    Group,
    PolicyInputs,
    cheapest_threshold,
    compare_policies,
    expected_cost_by_threshold,
    exposure_over_years,
    outcomes_table,
    still_exposed,
    stop_chances,
)


def _by_policy(inputs: PolicyInputs | None = None) -> dict:
    return {o.policy: o for o in compare_policies(inputs or PolicyInputs())}


# --- units ---------------------------------------------------------------------------------

def test_every_default_is_labelled_sourced_or_assumed():
    names = {f for f in PolicyInputs.__dataclass_fields__}
    assert names == set(ASSUMPTIONS)
    assert "Sourced" in ASSUMPTIONS["population"]
    assert PolicyInputs().population == data.value("china_2019", "population_end_2019")


def test_no_check_stops_nothing_and_refuses_nobody():
    a = _by_policy()["A"]
    assert a.fraud_stopped == 0 and a.honest_refused == 0 and a.faces_stored == 0
    assert a.fraud_not_stopped == pytest.approx(a.fraud_attempts)


def test_stop_chances_by_hand():
    inputs = PolicyInputs(false_match_rate=0.01, liveness_miss_rate=0.0, tries=1,
                          groups={"All": Group(1.0)}, lookalike_share=0.0)
    chances = stop_chances(inputs)
    assert chances.loc["B", "impersonation"] == pytest.approx(0.3)
    # C: the ID check stops 30%; the face step stops 99% of the rest (false-match rate 1%).
    assert chances.loc["C", "impersonation"] == pytest.approx(1 - 0.7 * 0.01)
    assert chances.loc["C", "forged_id"] == pytest.approx(1 - 0.4 * 0.5)
    # A bulk buyer uses their own ID and face: only the per-ID cap (50%) stops them, in C and D.
    assert chances.loc["C", "bulk"] == chances.loc["D", "bulk"] == pytest.approx(0.5)
    assert (chances["resale"] == 0).all()  # the shop never sees a resold card


def test_look_alike_impostors_by_hand():
    """Half the impostors look like the card's owner and match 10 times as often."""
    inputs = PolicyInputs(false_match_rate=0.01, liveness_miss_rate=0.0, tries=1,
                          groups={"All": Group(1.0)}, lookalike_share=0.5,
                          lookalike_false_match_multiplier=10)
    passes = 0.5 * 0.01 + 0.5 * 0.1
    assert stop_chances(inputs).loc["C", "impersonation"] == pytest.approx(1 - 0.7 * passes)


def test_every_default_stop_chance_has_its_reason():
    inputs = PolicyInputs()
    for check in ("document_check", "face_check", "search_check"):
        for kind, chance in getattr(inputs, check).items():
            key = (check, kind) if kind != "resale" else ("any", "resale")
            assert key in STOP_REASONS, key
            assert f"{chance:.0%}" in STOP_REASONS[key] or kind == "resale" or (
                check == "face_check" and kind == "forged_id" and "half" in STOP_REASONS[key])


def test_impostor_tries_and_liveness_let_more_through():
    one = stop_chances(PolicyInputs(tries=1, liveness_miss_rate=0.0)).loc["C", "impersonation"]
    three = stop_chances(PolicyInputs(tries=3, liveness_miss_rate=0.0)).loc["C", "impersonation"]
    spoofed = stop_chances(PolicyInputs(tries=1, liveness_miss_rate=0.2)).loc["C", "impersonation"]
    assert three < one and spoofed < one


def test_honest_refusals_by_hand():
    inputs = PolicyInputs(registrations_per_year=1_000_000, fraud_shares=dict.fromkeys(FRAUD_KINDS, 0.0),
                          false_non_match_rate=0.02, tries=3, retry_success=0.5,
                          manual_fallback_success=0.9, groups={"All": Group(1.0)},
                          search_false_match_rate=0.0)
    c = _by_policy(inputs)["C"]
    # 2% fail the first try, a quarter of them fail two retries, 10% of those fail the manual check
    assert c.honest_refused == pytest.approx(1_000_000 * 0.02 * 0.25 * 0.1)


def test_biased_matcher_puts_a_higher_rate_on_the_smaller_group():
    inputs = PolicyInputs(groups={"Group A": Group(0.9), "Group B": Group(0.1, 10, 3)})
    c = _by_policy(inputs)["C"]
    honest = c.honest_registrations
    rate_a = c.honest_refused_by_group["Group A"] / (0.9 * honest)
    rate_b = c.honest_refused_by_group["Group B"] / (0.1 * honest)
    assert rate_b == pytest.approx(3 * rate_a)
    assert c.honest_refused_by_group["Group A"] > c.honest_refused_by_group["Group B"]  # bigger group


def test_expected_false_matches_are_gallery_times_false_match_rate():
    inputs = PolicyInputs(search_false_match_rate=1e-12, gallery_size=1_000_000_000,
                          false_non_match_rate=1e-5, groups={"All": Group(1.0)})
    d = _by_policy(inputs)["D"]
    accepted = d.honest_registrations * (1 - 1e-5 * 0.5 ** 2)
    assert d.expected_false_matches == pytest.approx(accepted * 1e9 * 1e-12)
    assert d.false_duplicate_flags == pytest.approx(accepted * -math.expm1(1e9 * math.log1p(-1e-12)))
    assert d.false_duplicate_flags < d.expected_false_matches  # a search can return two strangers
    assert _by_policy(inputs)["C"].expected_false_matches == 0
    assert _by_policy(inputs)["C"].false_duplicate_flags == 0


def test_one_name_per_quantity_in_the_outcomes_table_and_the_harms():
    """false_duplicate_flags is people flagged at least once everywhere; the sum over searches
    is expected_false_matches."""
    outcomes = compare_policies(PolicyInputs())
    table = outcomes_table(outcomes)
    assert "people_flagged" not in table.columns
    for o in outcomes:
        assert table.loc[o.policy, "false_duplicate_flags"] == o.harms["false_duplicate_flags"]
        assert o.false_duplicate_flags == pytest.approx(sum(o.people_flagged_by_group.values()))
        assert table.loc[o.policy, "expected_false_matches"] == o.expected_false_matches
    assert "at least once" in HARMS["false_duplicate_flags"][0]


def test_a_loose_search_flags_almost_everyone_once_at_most():
    d = _by_policy(PolicyInputs(search_false_match_rate=1e-6))["D"]
    flagged = sum(d.people_flagged_by_group.values())
    assert flagged <= d.honest_registrations and flagged > 0.99 * d.honest_registrations
    assert d.expected_false_matches > 100 * flagged  # many false matches per person flagged


def test_faces_captured_are_everyone_past_the_id_check_but_never_a_resold_card():
    inputs = PolicyInputs(registrations_per_year=1_000_000)
    c = _by_policy(inputs)["C"]
    past_id_check = sum(1_000_000 * inputs.fraud_shares[k] * (1 - inputs.document_check[k])
                        for k in AT_THE_COUNTER)
    assert c.faces_stored == pytest.approx(c.honest_registrations + past_id_check)


def test_storage_depends_on_the_policy_and_the_assumption():
    kept, not_kept = _by_policy(), _by_policy(PolicyInputs(store_faces_in_c=False))
    assert kept["C"].faces_stored > 0 and not_kept["C"].faces_stored == 0
    # By default D searches the ID photos the state already holds: no new gallery.
    assert kept["D"].faces_stored == kept["C"].faces_stored and not_kept["D"].faces_stored == 0
    new_gallery = _by_policy(PolicyInputs(d_reuses_id_photos=False))
    assert new_gallery["D"].faces_stored >= PolicyInputs().gallery_size
    assert new_gallery["D"].faces_linked_share == pytest.approx(
        new_gallery["D"].faces_stored / 1_400_050_000)
    # B's photos count when the operator keeps them, as the default assumes.
    assert kept["B"].faces_stored == kept["C"].faces_stored
    assert _by_policy(PolicyInputs(b_keeps_photos=False))["B"].faces_stored == 0


def test_displaced_fraud_is_counted_as_not_stopped():
    none, all_ = (_by_policy(PolicyInputs(displacement=x))["C"] for x in (0.0, 1.0))
    assert all_.fraud_not_stopped == pytest.approx(none.fraud_not_stopped + none.fraud_stopped)
    assert all_.not_stopped["resale"] > none.not_stopped["resale"]


def test_expected_cost_is_the_weighted_sum_of_harms():
    weights = {"fraud_not_stopped": 10.0, "honest_refused": 5.0, "false_duplicate_flags": 1.0,
               "people_exposed": 2.0, "faces_linked": 0.0}
    for o in compare_policies(PolicyInputs(weights=weights)):
        assert o.expected_cost == pytest.approx(sum(weights[h] * n for h, n in o.harms.items()))


def test_the_ranking_depends_on_the_weights():
    fraud_only = dict.fromkeys(HARMS, 0.0) | {"fraud_not_stopped": 1.0}
    privacy_only = dict.fromkeys(HARMS, 0.0) | {"faces_linked": 1.0}
    cheapest = {name: min(compare_policies(PolicyInputs(weights=w)), key=lambda o: o.expected_cost).policy
                for name, w in (("fraud", fraud_only), ("privacy", privacy_only))}
    assert cheapest == {"fraud": "D", "privacy": "A"}


def test_outcomes_table_has_a_row_per_policy_and_a_column_per_group():
    table = outcomes_table(compare_policies())
    assert list(table.index) == list(POLICIES)
    assert {"honest_refused: Group A", "honest_refused: Group B", "expected_cost"} <= set(table.columns)


def test_breach_exposure_formula():
    assert still_exposed(1_000, 1.0, 1.0, years=1) == 1_000
    assert still_exposed(1_000, 0.0, 1.0, years=50) == 0
    assert still_exposed(1e9, 0.02, 0.1, years=10) == pytest.approx(1e9 * (1 - 0.998 ** 10))
    assert still_exposed(1e9, 0.02, 0.1, years=10, reset_share=0.9) == pytest.approx(
        0.1 * still_exposed(1e9, 0.02, 0.1, years=10))
    table = exposure_over_years(1e6, 0.1, 0.5, years=5, password_reset_share=0.9)
    assert list(table["year"]) == [0, 1, 2, 3, 4, 5] and table["faces_exposed"].is_monotonic_increasing


def test_tiny_breach_chances_do_not_vanish_in_rounding():
    assert still_exposed(1e9, 1e-12, 1.0, years=10) == pytest.approx(1e9 * 1e-11, rel=1e-9)


def test_cheapest_threshold_weighs_rates_by_attempts_and_costs():
    table = expected_cost_by_threshold([0.3, 0.35, 0.4], [1e-3, 1e-4, 1e-6], [0.001, 0.01, 0.2],
                                       impostor_attempts=100_000, honest_attempts=10_000_000,
                                       cost_of_false_match=50, cost_of_false_non_match=1)
    assert table["expected_cost"].tolist() == pytest.approx([15_000, 100_500, 2_000_005])
    assert cheapest_threshold(table) == 0.3
    # Make false matches dearer, and the stricter threshold wins.
    dear = expected_cost_by_threshold([0.3, 0.35, 0.4], [1e-3, 1e-4, 1e-6], [0.001, 0.01, 0.2],
                                      100_000, 10_000_000, cost_of_false_match=10_000,
                                      cost_of_false_non_match=1)
    assert cheapest_threshold(dear) == 0.35


@pytest.mark.parametrize("changes, words", [
    ({"registrations_per_year": 0}, "registrations_per_year must be a whole number from 1"),
    ({"registrations_per_year": 2.5}, "registrations_per_year"),
    ({"fraud_shares": {"impersonation": 0.6, "forged_id": 0.6, "bulk": 0, "resale": 0}},
     "fraud_shares must add up to at most 1"),
    ({"fraud_shares": {"impersonation": 0.1}}, "fraud_shares needs a value for forged_id"),
    ({"document_check": {"impersonation": 1.2, "forged_id": 0, "bulk": 0, "resale": 0}},
     "document_check\\['impersonation'\\] must be a proportion between 0 and 1"),
    ({"face_check": {"impersonation": 0.5, "forged_id": 0, "bulk": 0, "resale": 0}},
     "face_check keys must be among forged_id, bulk, resale"),
    ({"search_check": {"impersonation": 0.5, "forged_id": 0, "bulk": 0, "resale": 0.2}},
     "search_check\\['resale'\\] must be 0: a card bought from someone"),
    ({"false_match_rate": -1e-4}, "false_match_rate must be a proportion"),
    ({"false_non_match_rate": float("nan")}, "false_non_match_rate must be a proportion"),
    ({"groups": {"A": Group(0.5), "B": Group(0.4)}}, "shares must add up to 1"),
    ({"groups": {"A": 1.0}}, "must be a Group"),
    ({"groups": {"A": Group(1.0, false_match_multiplier=-2)}}, "false_match_multiplier of A must be 0 or more"),
    ({"groups": {}}, "at least one"),
    ({"tries": 0}, "tries must be a whole number from 1 to 10"),
    ({"years": 500}, "years must be a whole number from 1 to 100"),
    ({"store_faces_in_c": "yes"}, "store_faces_in_c must be True or False"),
    ({"weights": {"fraud_not_stopped": 1}}, "weights must give a number for each of"),
    ({"weights": dict.fromkeys(HARMS, 1.0) | {"faces_linked": -1}}, "must be 0 or more"),
])
def test_bad_input_gets_a_clear_message(changes, words):
    with pytest.raises(ValueError, match=words):
        PolicyInputs(**changes)


@pytest.mark.parametrize("call, words", [
    (lambda: still_exposed(-1, 0.1, 0.1, 1), "stored must be 0 or more"),
    (lambda: still_exposed(10, 1.5, 0.1, 1), "breach_probability_per_year"),
    (lambda: still_exposed(10, 0.1, 0.1, 1, reset_share=2), "reset_share"),
    (lambda: exposure_over_years(10, 0.1, 0.1, 0, 0.5), "years"),
    (lambda: expected_cost_by_threshold([], [], [], 1, 1, 1, 1), "at least one"),
    (lambda: expected_cost_by_threshold([0.3], [2.0], [0.1], 1, 1, 1, 1), "false_match_rate"),
    (lambda: expected_cost_by_threshold([0.3], [0.1], [0.1], -1, 1, 1, 1), "0 or more"),
    (lambda: cheapest_threshold(__import__("pandas").DataFrame()), "expected_cost_by_threshold"),
])
def test_bad_input_to_the_helpers(call, words):
    with pytest.raises(ValueError, match=words):
        call()


# --- properties ----------------------------------------------------------------------------

rates = st.floats(0.0, 1.0, allow_nan=False)
small_shares = st.floats(0.0, 0.2, allow_nan=False)


@st.composite
def policy_inputs(draw) -> PolicyInputs:
    b_share = draw(st.floats(0.0, 1.0))
    return PolicyInputs(
        registrations_per_year=draw(st.integers(1, 10**10)),
        fraud_shares={kind: draw(small_shares) for kind in FRAUD_KINDS},
        document_check={**{kind: draw(rates) for kind in AT_THE_COUNTER}, "resale": 0.0},
        face_check={"forged_id": draw(rates), "bulk": draw(rates), "resale": 0.0},
        search_check={**{kind: draw(rates) for kind in AT_THE_COUNTER}, "resale": 0.0},
        liveness_miss_rate=draw(rates),
        false_match_rate=draw(rates),
        false_non_match_rate=draw(rates),
        search_false_match_rate=draw(st.floats(0.0, 1e-3)),
        groups={"A": Group(1.0 - b_share), "B": Group(b_share, draw(st.floats(0, 100)),
                                                      draw(st.floats(0, 100)))},
        tries=draw(st.integers(1, 10)),
        retry_success=draw(rates),
        manual_fallback_success=draw(rates),
        gallery_size=draw(st.integers(0, 10**10)),
        store_faces_in_c=draw(st.booleans()),
        b_keeps_photos=draw(st.booleans()),
        d_reuses_id_photos=draw(st.booleans()),
        lookalike_share=draw(rates),
        lookalike_false_match_multiplier=draw(st.floats(1, 10_000)),
        breach_probability_per_year=draw(rates),
        share_leaked_per_breach=draw(rates),
        years=draw(st.integers(1, 100)),
        displacement=draw(rates),
    )


@settings(max_examples=150, deadline=None)
@given(policy_inputs())
def test_stopping_more_fraud_never_refuses_fewer_honest_people(inputs):
    outcomes = compare_policies(inputs)
    for before, after in zip(outcomes, outcomes[1:]):
        assert after.fraud_stopped >= before.fraud_stopped - 1e-6 * max(1.0, before.fraud_stopped)
        assert after.honest_refused >= before.honest_refused - 1e-6 * max(1.0, before.honest_refused)


@settings(max_examples=150, deadline=None)
@given(policy_inputs())
def test_counts_add_up(inputs):
    for o in compare_policies(inputs):
        for kind in FRAUD_KINDS:
            assert 0 <= o.stopped[kind] <= o.attempts[kind] * (1 + 1e-12)
        total = o.fraud_attempts + o.honest_registrations
        assert total == pytest.approx(inputs.registrations_per_year, rel=1e-9)
        assert o.fraud_not_stopped == pytest.approx(
            o.fraud_attempts - o.fraud_stopped + o.displaced_to_resale, rel=1e-9, abs=1e-6)
        assert 0 <= o.honest_refused <= o.honest_registrations * (1 + 1e-9) + 1e-6
        assert 0 <= o.people_exposed <= o.faces_stored * (1 + 1e-12) + 1e-6
        assert 0 <= o.faces_linked_share <= 1
        assert math.isfinite(o.expected_cost) and o.expected_cost >= 0


@settings(max_examples=150, deadline=None)
@given(policy_inputs())
def test_d_never_stores_fewer_faces_than_c(inputs):
    by = {o.policy: o for o in compare_policies(inputs)}
    assert by["D"].faces_stored >= by["C"].faces_stored - 1e-6 * max(1.0, by["C"].faces_stored)
    assert by["A"].faces_stored == 0
    if not inputs.b_keeps_photos:
        assert by["B"].faces_stored == 0


@settings(max_examples=150, deadline=None)
@given(policy_inputs())
def test_reusing_the_id_photo_store_never_increases_new_exposure(inputs):
    reuse = compare_policies(inputs.with_changes(d_reuses_id_photos=True))[3]
    new = compare_policies(inputs.with_changes(d_reuses_id_photos=False))[3]
    assert reuse.faces_stored <= new.faces_stored * (1 + 1e-12) + 1e-6
    assert reuse.people_exposed <= new.people_exposed * (1 + 1e-12) + 1e-6


@settings(max_examples=150, deadline=None)
@given(policy_inputs())
def test_no_look_alikes_is_the_same_as_look_alikes_who_match_no_more_often(inputs):
    """A look-alike share of 0 gives the model without look-alikes: the same numbers as a
    multiplier of 1, whatever the share."""
    none = compare_policies(inputs.with_changes(lookalike_share=0.0))
    plain = compare_policies(inputs.with_changes(lookalike_false_match_multiplier=1.0))
    for a, b in zip(none, plain):
        assert a.fraud_stopped == pytest.approx(b.fraud_stopped, rel=1e-9, abs=1e-6)
        assert a.honest_refused == pytest.approx(b.honest_refused, rel=1e-9, abs=1e-6)


@settings(max_examples=150, deadline=None)
@given(policy_inputs())
def test_look_alikes_never_make_the_face_check_stop_more(inputs):
    fewer = stop_chances(inputs.with_changes(lookalike_share=0.0)).loc["C", "impersonation"]
    assert stop_chances(inputs).loc["C", "impersonation"] <= fewer + 1e-12


@settings(max_examples=100, deadline=None)
@given(st.floats(0, 1e10), rates, rates, st.integers(0, 99), rates)
def test_exposure_grows_with_time_and_a_face_is_never_safer_than_a_password(stored, p, q, years, r):
    face = still_exposed(stored, p, q, years)
    assert 0 <= face <= stored * (1 + 1e-12)
    assert still_exposed(stored, p, q, years + 1) >= face * (1 - 1e-12)
    assert still_exposed(stored, p, q, years, reset_share=r) <= face * (1 + 1e-12)


@pytest.mark.parametrize("bad", [1, "x", [1], {"years": 3}])
def test_the_wrong_kind_of_inputs_is_named(bad):
    with pytest.raises(TypeError, match="PolicyInputs"):
        compare_policies(bad)
    with pytest.raises(TypeError, match="PolicyInputs"):
        stop_chances(bad)
