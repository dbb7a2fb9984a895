"""Lesson 05's checks pass the right answers and reject blanks and typical mistakes, with a hint each.

The right answers are worked here by hand from the exercise inputs (the outcomes table, the harm
counts, the weights, the threshold table, the search and the store), independently of the
package's policy model, except where an exercise asks the learner to use the model (the biased
matcher's refusals, whose share is worked out by hand from the model's stated rule). The memo, graded by the instructor,
is tested apart: it is never "Correct".
"""

from __future__ import annotations

import math
from pathlib import Path

import nbformat
import numpy as np
import pytest

from facenumbers.checks import Lesson
from facenumbers.checks import policy as lesson05
from facenumbers.models.policy import HARMS, PolicyInputs, compare_policies

from check_contract import both_ways

ROOT = Path(__file__).resolve().parents[1]
COUNTS = lesson05.HARM_COUNTS
OUT = lesson05.OUTCOMES
HARM_NAMES = ["fraud_not_stopped", "honest_refused", "false_duplicate_flags", "people_exposed",
              "faces_linked"]


# Exercise 1: going from C to D, extra honest people refused per fraudulent number prevented.
EXTRA_REFUSED = OUT.loc["D", "honest_refused"] - OUT.loc["C", "honest_refused"]
PREVENTED = OUT.loc["C", "fraud_not_stopped"] - OUT.loc["D", "fraud_not_stopped"]
EXTRA_STOPPED = OUT.loc["D", "fraud_stopped"] - OUT.loc["C", "fraud_stopped"]
PER_PREVENTED = EXTRA_REFUSED / PREVENTED


def cost(policy, weights):
    """Exercises 1 and 2, written out: each count times its weight, added."""
    total = 0.0
    for harm in HARM_NAMES:
        total += weights[harm] * COUNTS.loc[policy, harm]
    return total


COST_D = cost("D", lesson05.WEIGHTS)
COSTS_PRIVACY = {policy: cost(policy, lesson05.WEIGHTS_PRIVACY) for policy in "ABCD"}
COSTS_FIRST = {policy: cost(policy, lesson05.WEIGHTS) for policy in "ABCD"}

# Exercise 4, by hand: 120 million registrations, 0.2% of them impostors: 240,000 impostor and
# 119,760,000 honest attempts; 100 and 0.01 points.
ROWS = list(zip(lesson05.THRESHOLDS["threshold"], lesson05.THRESHOLDS["false_match_rate"],
                lesson05.THRESHOLDS["false_non_match_rate"]))
COST_AT = {t: 240_000 * fmr * 100 + 119_760_000 * fnmr * 0.01 for t, fmr, fnmr in ROWS}
BEST = min(COST_AT, key=COST_AT.get)

# Exercise 5, by hand from the model's rule: a group's refusals are its honest customers x its
# false non-match rate x (1 - retry success) ** (tries - 1) x (1 - manual success). Everything
# but the share and the rate multiplier is the same for both groups, so Group B's share of the
# refusals is 0.1 x 3 / (0.1 x 3 + 0.9 x 1) = 0.25.
SHARE_B = 0.1 * 3 / (0.1 * 3 + 0.9 * 1)

# Exercise 7: 120 million searches, each of 1 billion comparisons at 1e-10.
FLAGS = 120_000_000 * 1_000_000_000 * 1e-10

# Exercise 11, by hand: 120 million registrations, 0.55% of them fraudulent (0.2% + 0.05% + 0.2%
# + 0.1%): 119,340,000 honest. The machine refuses 1% x 0.5 x 0.5 of them (first try, then two
# retries at 0.5); the manual check clears 90%: 119,340,000 x 0.0025 x 0.1 = 29,835.
HONEST = 120_000_000 * (1 - 0.0055)
REFUSED_C = HONEST * 0.01 * 0.5 ** 2 * 0.1

# Exercises 8 and 9: 50 million stored, p = 0.05, q = 0.2, 10 years; 90% reset passwords.
STORED = 50_000_000
LEAKED = 1 - 0.99 ** 10
FACES = STORED * LEAKED
PASSWORDS = FACES * 0.1


def _d_share_of_refusals():
    refused = compare_policies(lesson05.BIASED)[3].honest_refused_by_group
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
        ("0.34", "single number"),
    ]),
    "cost_policy_d": (COST_D, [
        (float(COUNTS.loc["D"].sum()), "without their weights"),
        (COST_D - 100 * COUNTS.loc["D", "fraud_not_stopped"], "fraudulent numbers not stopped"),
        (COST_D - 100 * COUNTS.loc["D", "honest_refused"], "honest people refused"),
        (COST_D - 10 * COUNTS.loc["D", "false_duplicate_flags"], "false duplicate flags"),
        (COST_D - 1 * COUNTS.loc["D", "people_exposed"], "exposed in breaches"),
        (COST_D - 0.01 * COUNTS.loc["D", "faces_linked"], "faces linked"),
        (cost("D", lesson05.WEIGHTS_PRIVACY), "weights of exercise 3"),
        (COSTS_FIRST["C"], "policy C"),
        (_fraud_stopped_weighed(), "NOT stopped"),
        ("81 million", "single number"),
    ]),
    "cheapest_policy": ("b", [
        ("a", "lets every fraudulent number"),
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
    "faces_exposed_10_years": (FACES, [
        (10 * 0.05 * 0.2 * STORED, "good approximation"),
        (0.05 * 0.2 * STORED, "That is one year"),
        (STORED * (1 - 0.95 ** 10), "share leaked per breach"),
        (STORED * (1 - 0.8 ** 10), "chance of a breach"),
        (STORED * 0.05 ** 10, "power 10"),
        (STORED * 0.01 ** 10, "every one of the 10 years"),
        (STORED * 0.99 ** 10, "never leaked"),
        (LEAKED, "share of faces exposed"),
        (PASSWORDS, "a face cannot"),
        (float("nan"), "not a usable number"),
    ]),
    "passwords_exposed_10_years": (PASSWORDS, [
        (FACES, "answer for faces"),
        (FACES * 0.9, "changed their password"),
        (10 * 0.05 * 0.2 * STORED * 0.1, "10 x p x q"),
        (STORED * 0.1, "10% of everyone stored"),
        (LEAKED * 0.1, "That is a share"),
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

CHECKED = Lesson(lesson05.LESSON.slug, [e for e in lesson05.LESSON.exercises.values()
                                        if not e.for_instructor])


def test_the_worked_answers_are_the_ones_the_exercises_describe():
    assert abs(COST_D / 81_100_000 - 1) < 0.05   # about 81.1 million points, as the solution says
    assert min(COSTS_PRIVACY, key=COSTS_PRIVACY.get) == "B"   # the ranking changes...
    assert min(COSTS_FIRST, key=COSTS_FIRST.get) == "C"       # ...with the weights
    assert max(COSTS_PRIVACY, key=COSTS_PRIVACY.get) == "D"
    assert BEST == 0.45 and math.isclose(COST_AT[BEST], 1_920 + 4_790.4)
    assert lesson05.COUNTER["impostor_attempts"] + lesson05.COUNTER["honest_attempts"] == 120_000_000
    assert SHARE_B == 0.25
    assert FLAGS == 12_000_000
    assert round(FACES) == 4_780_896 and round(PASSWORDS) == 478_090
    assert math.isclose(REFUSED_C, 29_835) and math.isclose(REFUSED_C, OUT.loc["C", "honest_refused"])
    assert 0.3 < PER_PREVENTED < 0.4   # about a third of an honest refusal per number prevented


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
    assert lesson05.WEIGHTS_PRIVACY == {**lesson05.WEIGHTS, "people_exposed": 10, "faces_linked": 0.1}
    groups = lesson05.BIASED.groups
    assert groups["Group B"].share == 0.1 and groups["Group B"].false_non_match_multiplier == 3
    assert groups["Group A"].false_non_match_multiplier == 1
    assert lesson05.SEARCH == {"gallery_size": 1e9, "false_match_rate": 1e-10,
                               "registrations_per_year": 1.2e8}
    assert lesson05.STORE == {"stored": STORED, "breach_probability_per_year": 0.05,
                              "share_leaked_per_breach": 0.2, "years": 10,
                              "password_reset_share": 0.9}
    for policy in "ABCD":
        assert OUT.loc[policy, "honest_refused"] == outcomes["ABCD".index(policy)].honest_refused


def test_the_biased_matchers_refusals_match_the_hand_worked_share():
    refused = compare_policies(lesson05.BIASED)[2].honest_refused_by_group
    assert math.isclose(refused["Group B"] / sum(refused.values()), SHARE_B)
    assert refused["Group A"] > refused["Group B"]      # more refusals in count in Group A...
    honest = compare_policies(lesson05.BIASED)[2].honest_registrations
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


def test_close_approximations_are_called_close():
    hint = lesson05.check("faces_exposed_10_years", 5e6).hint
    assert "4.6% too high" in hint and "approximation" in hint


def test_numpy_answers_and_capital_letters_are_accepted():
    assert lesson05.check("best_threshold", np.float64(BEST)).passed
    assert lesson05.check("cheapest_policy", "B").passed
    assert lesson05.check("cost_policy_d", np.array(COST_D)).passed


@pytest.mark.parametrize("name", [n for n in CASES])
def test_a_function_with_the_wrong_signature_never_crashes_a_number_check(name):
    feedback = lesson05.check(name, lambda x: x)
    assert not feedback.passed and feedback.status == "not yet"


# --- The memo: graded by the instructor, never "Correct" ------------------------------------

SOLUTION = ROOT / "solutions" / "05-surveillance-tradeoffs.ipynb"


def _solution_memo() -> str:
    notebook = nbformat.read(SOLUTION, as_version=4)
    cell = next(c for c in notebook.cells if c.get("id") == "policy_memo-answer")
    namespace: dict = {}
    exec(cell.source, namespace)
    return namespace["policy_memo"]


MEMO = _solution_memo()


def test_the_model_memo_goes_to_the_instructor_with_no_gaps():
    feedback = lesson05.check("policy_memo", MEMO)
    assert feedback.status == "for instructor" and not feedback.passed
    assert feedback.hint == ""
    assert str(feedback).startswith("For your instructor (policy_memo):")
    assert "Correct" not in str(feedback)
    assert "Rubric (20 points in all)" in feedback.details
    assert 150 <= len(MEMO.split()) <= 250


@pytest.mark.parametrize("blank", [..., None, "", "   ", '\n\n', "\n\t\n"])
def test_a_blank_memo_is_not_answered(blank):
    feedback = lesson05.check("policy_memo", blank)
    assert feedback.status == "not answered" and "run the cell" in feedback.message


@pytest.mark.parametrize("value", [3, float("nan"), ["my memo"], print, lambda a, b: a, b"bytes"])
def test_a_memo_that_is_not_text_is_not_yet_and_never_crashes(value):
    feedback = lesson05.check("policy_memo", value)
    assert feedback.status == "not yet" and "triple quotes" in feedback.hint


def test_obvious_gaps_are_flagged():
    short = lesson05.check("policy_memo", "I advise against the search.")
    assert short.status == "for instructor"
    assert "fewer than the 150" in short.hint and "no number at all" in short.hint
    assert "evidence that would change your mind" in short.hint
    few = lesson05.check("policy_memo", " ".join(["word"] * 160) + " 12 and 1:N search and 1:1")
    assert "I see 1 number;" in few.hint and "at least 3" in few.hint
    long = lesson05.check("policy_memo", MEMO + " more" * 60)
    assert "more than the 250" in long.hint


def test_the_memo_is_never_counted_as_passed_in_progress():
    lesson = Lesson("05", list(lesson05.LESSON.exercises.values()))
    lesson.check("policy_memo", MEMO)
    lesson.check("best_threshold", BEST)
    report = lesson.progress()
    assert report.passed == 1 and report.written == 1
    text = str(report)
    assert "1 of 10 checked exercises pass." in text
    assert "Written answers for your instructor: 1 of 1." in text
    assert "for your instructor" in report._repr_html_()


def test_strict_mode_never_fails_the_memo(monkeypatch):
    monkeypatch.setenv("FACENUMBERS_STRICT", "1")
    assert lesson05.check("policy_memo", MEMO).status == "for instructor"
    assert lesson05.check("policy_memo", "").status == "not answered"
    with pytest.raises(AssertionError):
        lesson05.check("best_threshold", 0.3)


def test_the_rubric_and_the_notebook_agree_on_points():
    assert lesson05.MEMO_RUBRIC.total == 20
    assert lesson05.LESSON.exercises["policy_memo"].points == 20
    notebook = nbformat.read(SOLUTION, as_version=4)
    cell = next(c for c in notebook.cells if c.get("id") == "policy_memo-answer")
    assert cell.metadata["nbgrader"]["points"] == lesson05.MEMO_RUBRIC.total
    assert cell.metadata["nbgrader"]["grade"] is True


def test_the_rubric_covers_what_the_brief_asks():
    names = " ".join(c.name for c in lesson05.MEMO_RUBRIC.criteria).lower()
    for words in ("numbers", "assumptions", "who bears the errors", "both sides", "recommendation"):
        assert words in names


# Right answers pass; blanks and typical mistakes fail with their hints (the memo aside).
globals().update(both_ways(CHECKED, CASES))
