"""Lesson 06's checks pass the right answers and reject blanks and typical mistakes, with a hint each.

The right answers are worked here by hand from the exercise inputs (the outcomes table, the harm
counts, the weights, the threshold table and the search), independently of the
package's policy model, except where an exercise asks the learner to use the model (the biased
matcher's refusals, whose share is worked out by hand from the model's stated rule). The harm
counts themselves are worked by hand too, from the model's stated defaults (its structural
assumptions included: B and C keep the face images they take; D searches the ID photos the state
already holds). Lesson 07's exercises (breaches, the evidence, the memo) are tested in
test_checks_evidence.py.
"""

from __future__ import annotations

import math
from pathlib import Path

import nbformat
import numpy as np
import pytest

from facenumbers.checks import Lesson
from facenumbers.checks import policy as lesson06
from facenumbers.models.policy import HARMS, PolicyInputs, compare_policies

from check_contract import both_ways

ROOT = Path(__file__).resolve().parents[1]
COUNTS = lesson06.HARM_COUNTS
OUT = lesson06.OUTCOMES
HARM_NAMES = ["fraud_not_stopped", "honest_refused", "false_duplicate_flags", "people_exposed",
              "faces_linked"]


# The model's defaults, by hand. 120 million registrations: 240,000 with someone else's ID,
# 60,000 forged IDs, 240,000 bulk, 120,000 resold cards; 119,340,000 honest.
#
# Face check against someone else's ID, 3 tries, liveness fooled 1% a try: a stranger passes at
# a false-match rate of 1e-4, a look-alike (30% of impostors) at 100 times that, 1e-2.
def _passes(fmr):
    return 1 - ((1 - fmr) * (1 - 0.01)) ** 3


FACE_STOPS = 1 - (0.7 * _passes(1e-4) + 0.3 * _passes(1e-2))            # about 0.961
# Each layer stops a share of what reaches it: the ID check 30% / 60% / 50% (impersonation,
# forged, bulk), the face check FACE_STOPS / 50% / 0%, the 1:N search 60% / 60% / 0%.
STOPPED = {
    "B": 240_000 * 0.3 + 60_000 * 0.6 + 240_000 * 0.5,
    "C": 240_000 * (1 - 0.7 * (1 - FACE_STOPS)) + 60_000 * (1 - 0.4 * 0.5) + 240_000 * 0.5,
    "D": (240_000 * (1 - 0.7 * (1 - FACE_STOPS) * 0.4) + 60_000 * (1 - 0.4 * 0.5 * 0.4)
          + 240_000 * 0.5),
}
# Half of those stopped buy a registered card instead: fraudulent numbers obtained.
NOT_STOPPED = {policy: 660_000 - 0.5 * stopped for policy, stopped in STOPPED.items()}
# B, C and D each keep a face image of everyone past the ID check: the honest, and the
# fraudsters the ID check let through (70% / 40% / 50%). D adds no gallery of its own.
CAPTURED = 119_340_000 + 240_000 * 0.7 + 60_000 * 0.4 + 240_000 * 0.5   # 119,652,000
# A 2% chance of a breach a year, 10% of the store each time, over 10 years.
EXPOSED = CAPTURED * (1 - (1 - 0.02 * 0.1) ** 10)                       # about 2.37 million
# D with a new gallery of 1 billion faces instead (the hint aimed at counting it).
NEW_GALLERY_FACES = CAPTURED + 1_000_000_000
NEW_GALLERY_EXPOSED = NEW_GALLERY_FACES * (1 - (1 - 0.02 * 0.1) ** 10)

# Exercise 1: going from C to D, extra honest people refused per fraudulent number prevented.
EXTRA_REFUSED = OUT.loc["D", "honest_refused"] - OUT.loc["C", "honest_refused"]
PREVENTED = OUT.loc["C", "fraud_not_stopped"] - OUT.loc["D", "fraud_not_stopped"]
EXTRA_STOPPED = OUT.loc["D", "fraud_stopped"] - OUT.loc["C", "fraud_stopped"]
PER_PREVENTED = EXTRA_REFUSED / PREVENTED


def cost(policy, weights, counts=COUNTS):
    """Exercises 1 and 2, written out: each count times its weight, added."""
    total = 0.0
    for harm in HARM_NAMES:
        total += weights[harm] * counts.loc[policy, harm]
    return total


def _d_with_a_new_gallery():
    """Policy D's cost with WEIGHTS if D's gallery were counted as new faces stored and exposed."""
    d = COUNTS.loc["D"]
    return (100 * d["fraud_not_stopped"] + 200 * d["honest_refused"]
            + 50 * d["false_duplicate_flags"] + 1 * NEW_GALLERY_EXPOSED + 0.01 * NEW_GALLERY_FACES)


COST_D = cost("D", lesson06.WEIGHTS)
COSTS_PRIVACY = {policy: cost(policy, lesson06.WEIGHTS_PRIVACY) for policy in "ABCD"}
COSTS_FIRST = {policy: cost(policy, lesson06.WEIGHTS) for policy in "ABCD"}

# Exercise 4, by hand: 120 million registrations, 0.2% of them impostors: 240,000 impostor and
# 119,760,000 honest attempts; 100 and 0.01 points.
ROWS = list(zip(lesson06.THRESHOLDS["threshold"], lesson06.THRESHOLDS["false_match_rate"],
                lesson06.THRESHOLDS["false_non_match_rate"]))
COST_AT = {t: 240_000 * fmr * 100 + 119_760_000 * fnmr * 0.01 for t, fmr, fnmr in ROWS}
BEST = min(COST_AT, key=COST_AT.get)

# Exercise 5, by hand from the model's rule: a group's refusals are its honest customers x its
# false non-match rate x (1 - retry success) ** (tries - 1) x (1 - manual success). Everything
# but the share and the rate multiplier is the same for both groups, so Group B's share of the
# refusals is 0.1 x 3 / (0.1 x 3 + 0.9 x 1) = 0.25.
SHARE_B = 0.1 * 3 / (0.1 * 3 + 0.9 * 1)

# Exercise 7: 120 million searches, each of 1 billion comparisons at 1e-10.
FLAGS = 120_000_000 * 1_000_000_000 * 1e-10

# Exercise 8, by hand: 120 million registrations, 0.55% of them fraudulent (0.2% + 0.05% + 0.2%
# + 0.1%): 119,340,000 honest. The machine refuses 1% x 0.5 x 0.5 of them (first try, then two
# retries at 0.5); the manual check clears 90%: 119,340,000 x 0.0025 x 0.1 = 29,835.
HONEST = 120_000_000 * (1 - 0.0055)
REFUSED_C = HONEST * 0.01 * 0.5 ** 2 * 0.1

def _d_share_of_refusals():
    refused = compare_policies(lesson06.BIASED)[3].honest_refused_by_group
    return refused["Group B"] / sum(refused.values())


def _fraud_stopped_weighed():
    stopped = compare_policies(PolicyInputs())[3].fraud_stopped
    return COST_D + 100 * (stopped - COUNTS.loc["D", "fraud_not_stopped"])


# name -> (right answer, [(typical wrong answer, words its hint must contain), ...])
CASES = {
    "refusals_per_fraud_prevented": (PER_PREVENTED, [
        (EXTRA_REFUSED / EXTRA_STOPPED, "displacement"),
        (PREVENTED / EXTRA_REFUSED, "other way round"),
        (OUT.loc["D", "honest_refused"] / (660_000 - OUT.loc["D", "fraud_not_stopped"]), "policy A"),
        (OUT.loc["D", "honest_refused"] / OUT.loc["D", "fraud_not_stopped"], "D lets through"),
        (OUT.loc["D", "honest_refused"] / OUT.loc["D", "fraud_stopped"], "D's totals"),
        (EXTRA_REFUSED, "Divide it"),
        (PREVENTED, "Divide the extra"),
        ((EXTRA_REFUSED + OUT.loc["D", "false_duplicate_flags"]) / PREVENTED, "flagged as duplicates"),
        ("2.1", "single number"),
    ]),
    "cost_policy_d": (COST_D, [
        (float(COUNTS.loc["D"].sum()), "without their weights"),
        (COST_D - 100 * COUNTS.loc["D", "fraud_not_stopped"], "fraudulent numbers not stopped"),
        (COST_D - 200 * COUNTS.loc["D", "honest_refused"], "honest people refused"),
        (COST_D - 50 * COUNTS.loc["D", "false_duplicate_flags"], "false duplicate flags"),
        (COST_D - 1 * COUNTS.loc["D", "people_exposed"], "exposed in breaches"),
        (COST_D - 0.01 * COUNTS.loc["D", "faces_linked"], "new face images linked"),
        (cost("D", lesson06.WEIGHTS_PRIVACY), "weights of exercise 3"),
        (COSTS_FIRST["C"], "policy C"),
        (_fraud_stopped_weighed(), "NOT stopped"),
        (_d_with_a_new_gallery(), "gallery of 1 billion faces"),
        (COST_D + 0.01 * 1_000_000_000, "existed before"),
        ("63 million", "single number"),
    ]),
    "cheapest_policy": ("a", [
        ("b", "keeps it"),
        ("c", "cheapest with WEIGHTS"),
        ("d", "most fraud stopped"),
        ("policy B", "one of"),
        (2, "one of"),
    ]),
    "best_threshold": (BEST, [
        (0.30, "fewest honest customers"),
        (0.70, "lowest false-match rate"),
        (0.35, "equal error rate"),
        (0.40, "FMR + FNMR"),
        (0.60, "forgets the attempts"),
        (COST_AT[BEST], "threshold that gives it"),
        ("0.45", "single number"),
        ([0.45], "one number"),
    ]),
    "group_b_share_of_refusals": (SHARE_B, [
        (0.1, "share of the customers"),
        (1 - SHARE_B, "Group A's share"),
        (1 / 3, "divided Group B's refusals by Group A's"),
        (0.3, "before you compare"),
        (3.0, "ratio"),
        (_d_share_of_refusals(), "policy D"),
        (8950.5, "number of Group B's people"),
        (25, "percentage"),
    ]),
    "who_bears_refusals": ("b", [
        ("a", "Count them"),
        ("c", "the matcher is not"),
        ("d", "divide each count"),
        ("Group A", "one of"),
    ]),
    "false_flags_per_year": (FLAGS, [
        (0.1, "for one registration"),
        (120_000_000 * 1e-10, "per comparison"),
        (120_000_000 * (1 - math.exp(-0.1)), "AT LEAST ONE"),
        (FLAGS / 1_000, "1,000 times too small"),
        (FLAGS * 1_000, "1,000 times too big"),
        (120 * 1_000_000_000 * 1e-10, "as 120"),
        (120_000_000 * 1_000_000_000 * 1e-12, "default false-match rate"),
        (1, "how many false matches to expect"),
        ("12 million", "single number"),
    ]),
    "honest_refused_c": (REFUSED_C, [
        (HONEST * 0.01, "FIRST try"),
        (HONEST * 0.01 * 0.1, "left out the retries"),
        (HONEST * 0.01 * 0.25, "forgot the manual check"),
        (HONEST * 0.01 * 0.25 * 0.9, "lets through"),
        (120_000_000 * 0.01 * 0.25 * 0.1, "all 120 million registrations as honest"),
        (HONEST * 0.01 ** 3 * 0.1, "fresh 1%"),
        (HONEST * 0.01 ** 3, "fresh 1%"),
        (HONEST * 0.01 * 0.5 ** 3 * 0.1, "2 retries"),
        (OUT.loc["D", "honest_refused"], "policy D"),
        ("29,835", "single number"),
    ]),
}

CHECKED = lesson06.LESSON


def test_the_harm_counts_are_the_models_defaults_worked_by_hand():
    for policy in "BCD":
        assert COUNTS.loc[policy, "faces_linked"] == round(CAPTURED) == 119_652_000
        assert abs(COUNTS.loc[policy, "people_exposed"] - EXPOSED) <= 0.5
        assert abs(COUNTS.loc[policy, "fraud_not_stopped"] - NOT_STOPPED[policy]) <= 0.5
    assert COUNTS.loc["A", "faces_linked"] == 0 and COUNTS.loc["A", "fraud_not_stopped"] == 660_000
    # The state's ID photos D searches are not new faces: D stores what C stores, no more.
    assert COUNTS.loc["D", "faces_linked"] == COUNTS.loc["C", "faces_linked"]
    assert round(STOPPED["B"]) == 228_000 and 401_000 < STOPPED["C"] < 402_000
    assert abs(PREVENTED - (NOT_STOPPED["C"] - NOT_STOPPED["D"])) <= 1


def test_the_worked_answers_are_the_ones_the_exercises_describe():
    assert abs(COST_D / 63_200_000 - 1) < 0.05   # about 63 million points, as the solution says
    assert min(COSTS_PRIVACY, key=COSTS_PRIVACY.get) == "A"   # the ranking changes...
    assert min(COSTS_FIRST, key=COSTS_FIRST.get) == "C"       # ...with the weights
    assert max(COSTS_PRIVACY, key=COSTS_PRIVACY.get) == "D"
    # B, C and D add the same face images, so weighing faces more cannot reorder them.
    assert sorted("BCD", key=COSTS_PRIVACY.get) == sorted("BCD", key=COSTS_FIRST.get)
    assert BEST == 0.45 and math.isclose(COST_AT[BEST], 1_920 + 4_790.4)
    assert lesson06.COUNTER["impostor_attempts"] + lesson06.COUNTER["honest_attempts"] == 120_000_000
    assert SHARE_B == 0.25
    assert FLAGS == 12_000_000
    assert math.isclose(REFUSED_C, 29_835) and math.isclose(REFUSED_C, OUT.loc["C", "honest_refused"])
    assert 2.0 < PER_PREVENTED < 2.3   # about two honest refusals per fraudulent number prevented


def test_the_threshold_table_keeps_each_mistake_apart():
    """Each typical way to pick a threshold lands on a different row of the table."""
    fmr = {t: f for t, f, _ in ROWS}
    fnmr = {t: n for t, _, n in ROWS}
    picks = {
        "right": BEST,
        "lowest FNMR": min(fnmr, key=fnmr.get),
        "lowest FMR": min(fmr, key=fmr.get),
        "equal error": min(fmr, key=lambda t: abs(math.log(fmr[t] / fnmr[t]))),
        "plain sum": min(fmr, key=lambda t: fmr[t] + fnmr[t]),
        "costs only": min(fmr, key=lambda t: 100 * fmr[t] + 0.01 * fnmr[t]),
    }
    assert len(set(picks.values())) == len(picks), picks
    # Forgetting the costs (attempts only) picks the lowest FNMR too: its hint says both.
    assert min(fmr, key=lambda t: 240_000 * fmr[t] + 119_760_000 * fnmr[t]) == picks["lowest FNMR"]
    rates = list(fmr.values()), list(fnmr.values())
    assert all(a > b for a, b in zip(rates[0], rates[0][1:]))   # FMR falls as the threshold rises
    assert all(a < b for a, b in zip(rates[1], rates[1][1:]))   # FNMR rises


def test_exercise_inputs_are_the_models_and_the_stated_values():
    outcomes = compare_policies(PolicyInputs())
    for outcome in outcomes:
        for harm in HARMS:
            assert abs(COUNTS.loc[outcome.policy, harm] - outcome.harms[harm]) <= 0.5
    assert list(COUNTS.columns) == HARM_NAMES and list(COUNTS.index) == list("ABCD")
    assert lesson06.WEIGHTS == {"fraud_not_stopped": 100, "honest_refused": 200,
                                "false_duplicate_flags": 50, "people_exposed": 1,
                                "faces_linked": 0.01}
    assert lesson06.WEIGHTS_PRIVACY == {**lesson06.WEIGHTS, "people_exposed": 10, "faces_linked": 0.1}
    groups = lesson06.BIASED.groups
    assert groups["Group B"].share == 0.1 and groups["Group B"].false_non_match_multiplier == 3
    assert groups["Group A"].false_non_match_multiplier == 1
    assert lesson06.SEARCH == {"gallery_size": 1e9, "false_match_rate": 1e-10,
                               "registrations_per_year": 1.2e8}
    for policy in "ABCD":
        assert OUT.loc[policy, "honest_refused"] == outcomes["ABCD".index(policy)].honest_refused


def test_the_biased_matchers_refusals_match_the_hand_worked_share():
    refused = compare_policies(lesson06.BIASED)[2].honest_refused_by_group
    assert math.isclose(refused["Group B"] / sum(refused.values()), SHARE_B)
    assert refused["Group A"] > refused["Group B"]      # more refusals in count in Group A...
    honest = compare_policies(lesson06.BIASED)[2].honest_registrations
    rate_a = refused["Group A"] / (0.9 * honest)
    rate_b = refused["Group B"] / (0.1 * honest)
    assert math.isclose(rate_b / rate_a, 3)               # ...three times the rate in Group B


def test_each_mistake_gets_its_own_hint():
    """The exercise inputs keep the typical numeric mistakes apart: no two give the same value."""
    for name, (right, wrongs) in CASES.items():
        numbers = [right] + [v for v, _ in wrongs
                             if isinstance(v, (int, float)) and not isinstance(v, bool)
                             and not math.isnan(v)]
        if isinstance(right, str):
            continue
        for i, a in enumerate(numbers):
            for b in numbers[i + 1:]:
                assert not np.isclose(a, b, rtol=0.005, atol=0), (name, a, b)


def test_numpy_answers_and_capital_letters_are_accepted():
    assert lesson06.check("best_threshold", np.float64(BEST)).passed
    assert lesson06.check("cheapest_policy", "A").passed
    assert lesson06.check("cost_policy_d", np.array(COST_D)).passed


@pytest.mark.parametrize("name", [n for n in CASES])
def test_a_function_with_the_wrong_signature_never_crashes_a_number_check(name):
    feedback = lesson06.check(name, lambda x: x)
    assert not feedback.passed and feedback.status == "not yet"


# Right answers pass; blanks and typical mistakes fail with their hints (the memo aside).
globals().update(both_ways(lesson06.LESSON, CASES))
