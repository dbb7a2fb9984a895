"""Checks for Lesson 06, weighing registration policies.

In the exercise notebook::

    from facenumbers.checks.policy import check, progress, HARM_COUNTS, WEIGHTS

The exercises use the inputs below. Every value is an illustrative assumption, as the lesson
says on screen, except the harm counts, which come from the package's policy model
(:func:`facenumbers.models.policy.compare_policies` at its default inputs, with its default
structural assumptions: B and C keep the face images they take, and D searches the ID photos the
state already holds, adding no store of its own).

- ``OUTCOMES``: the outcomes table of the four policies for one year, at the model's defaults.
- ``HARM_COUNTS``: the five harms the expected cost weighs, for each policy (rounded to whole
  people).
- ``WEIGHTS`` and ``WEIGHTS_PRIVACY``: two sets of weights, in points per person (or per
  fraudulent number). They are value judgments, not facts.
- ``THRESHOLDS`` and ``COUNTER``: a matcher's error rates at nine thresholds, and a year of
  attempts at the counter with the cost of each kind of error.
- ``BIASED``: the model's inputs with a matcher that serves Group B (10% of customers) worse.
- ``SEARCH``: a 1:N search of every new registration against a national gallery.

Lesson 07's checks (breaches, the evidence and the memo) are in :mod:`facenumbers.checks.evidence`.

>>> check("cost_policy_d", float((HARM_COUNTS.loc["D"] * pd.Series(WEIGHTS)).sum())).passed
True
>>> print(check("refusals_per_fraud_prevented", 0.47).hint)  # doctest: +ELLIPSIS
You divided the other way round...
>>> print(check("cheapest_policy", "d").hint)  # doctest: +ELLIPSIS
D stops the most fraud, ...
>>> check("best_threshold", 0.45).passed
True
>>> print(check("false_flags_per_year", 0.1).hint)  # doctest: +ELLIPSIS
That is for one registration...
"""

from __future__ import annotations

import math

import pandas as pd

from facenumbers import data
from facenumbers.checks import (
    Exercise,
    Lesson,
    WrongAnswer,
    choice_judge,
    number_judge,
)
from facenumbers.models.policy import (
    HARMS,
    Group,
    PolicyInputs,
    compare_policies,
    expected_cost_by_threshold,
    outcomes_table,
)

__all__ = [
    "BIASED",
    "COUNTER",
    "HARM_COUNTS",
    "LESSON",
    "OUTCOMES",
    "SEARCH",
    "THRESHOLDS",
    "WEIGHTS",
    "WEIGHTS_PRIVACY",
    "check",
    "progress",
]

_DEFAULTS = compare_policies(PolicyInputs())
#: The same year if D built a new gallery instead of searching the state's ID photos (for the
#: hint aimed at counting the gallery as new faces).
_NEW_GALLERY = compare_policies(PolicyInputs(d_reuses_id_photos=False))

#: Exercise 1: one year of the four policies at the model's default inputs (one row each).
OUTCOMES = outcomes_table(_DEFAULTS)

_FULL_COUNTS = pd.DataFrame({o.policy: o.harms for o in _DEFAULTS}).T[list(HARMS)]

#: Exercises 2 and 3: a year of each policy at the model's default inputs, harm by harm
#: (people, or fraudulent numbers, in a year; people exposed over the model's 10 years).
HARM_COUNTS = _FULL_COUNTS.round().astype("int64")
HARM_COUNTS.index.name = "policy"

#: Exercise 2: points per person (or per fraudulent number). A value judgment, not a fact:
#: here an honest refusal counts twice a fraudulent number, a false flag half of one.
WEIGHTS = {
    "fraud_not_stopped": 100,
    "honest_refused": 200,
    "false_duplicate_flags": 50,
    "people_exposed": 1,
    "faces_linked": 0.01,
}
#: Exercise 3: the same, except that a face exposed or linked weighs 10 times more.
WEIGHTS_PRIVACY = {**WEIGHTS, "people_exposed": 10, "faces_linked": 0.1}

#: Exercise 4: an illustrative matcher's false-match and false non-match rates per attempt.
THRESHOLDS = pd.DataFrame({
    "threshold": [0.30, 0.35, 0.40, 0.45, 0.50, 0.55, 0.60, 0.65, 0.70],
    "false_match_rate": [1e-2, 2e-3, 4e-4, 8e-5, 1.5e-5, 3e-6, 5e-7, 1e-7, 2e-8],
    "false_non_match_rate": [0.0008, 0.0012, 0.002, 0.004, 0.008, 0.016, 0.035, 0.07, 0.14],
})
#: Exercise 4: a year at the counter (illustrative), and the cost of each error in points:
#: 120 million registrations, of which 0.2% (240,000) are impostors and the rest honest.
_YEAR_OF_REGISTRATIONS = int(12 * data.assumption("registrations_per_month"))   # 120 million
_IMPOSTORS_A_YEAR = round(_YEAR_OF_REGISTRATIONS * data.assumption("impostor_share"))
COUNTER = {
    "impostor_attempts": _IMPOSTORS_A_YEAR,
    "honest_attempts": _YEAR_OF_REGISTRATIONS - _IMPOSTORS_A_YEAR,   # 119,760,000
    "cost_of_false_match": 100,
    "cost_of_false_non_match": 0.01,
}

#: Exercises 5 and 6: Group B (10% of customers) has 10 times the false matches and 3 times
#: the false non-matches of Group A (the simulator's "Biased matcher" preset).
BIASED = PolicyInputs().with_changes(groups={
    "Group A": Group(0.9),
    "Group B": Group(0.1, false_match_multiplier=10, false_non_match_multiplier=3),
})

#: Exercise 7: every new registration is searched against the whole gallery (illustrative).
SEARCH = {
    "gallery_size": int(data.assumption("gallery_size")),
    "false_match_rate": 1e-10,      # 100 times the table's 1e-12: the exercise says why
    "registrations_per_year": _YEAR_OF_REGISTRATIONS,
}

# --- Expected answers, from the inputs above and the package's model --------------------


def _cost(policy: str, weights: dict[str, float], counts: pd.DataFrame = HARM_COUNTS) -> float:
    return float(sum(weights[harm] * counts.loc[policy, harm] for harm in HARMS))


_c, _d = OUTCOMES.loc["C"], OUTCOMES.loc["D"]
_extra_refused = _d["honest_refused"] - _c["honest_refused"]
_prevented = _c["fraud_not_stopped"] - _d["fraud_not_stopped"]
_extra_stopped = _d["fraud_stopped"] - _c["fraud_stopped"]

_cost_d = _cost("D", WEIGHTS)
_costs_privacy = {policy: _cost(policy, WEIGHTS_PRIVACY) for policy in HARM_COUNTS.index}
_cheapest = min(_costs_privacy, key=_costs_privacy.get)
_costs_first = {policy: _cost(policy, WEIGHTS) for policy in HARM_COUNTS.index}
_cheapest_first = min(_costs_first, key=_costs_first.get)
_harm_words = {
    "fraud_not_stopped": "the fraudulent numbers not stopped",
    "honest_refused": "the honest people refused",
    "false_duplicate_flags": "the false duplicate flags",
    "people_exposed": "the people exposed in breaches",
    "faces_linked": "the new face images linked",
}
_d_stopped = _DEFAULTS[3].fraud_stopped
_gallery = PolicyInputs().gallery_size
_new_gallery_counts = pd.DataFrame({o.policy: o.harms for o in _NEW_GALLERY}).T[list(HARMS)]
_cost_d_new_gallery = _cost("D", WEIGHTS, _new_gallery_counts)
_faces_added = float(HARM_COUNTS.loc["D", "faces_linked"])

# Exercise 3's hints, for every letter but the right one.
_choice_hints = {
    "a": "Policy A stores no faces, but it lets every fraudulent number through. Compute all "
    "four costs with WEIGHTS_PRIVACY and compare.",
    "b": "B takes a photo of every customer, and the model assumes the operator keeps it (whether "
    f"operators did is not public): B adds about {_faces_added / 1e6:.0f} million face images, as "
    "C and D do, and here each weighs 10 times more. Compute all four costs.",
    "c": f"C adds about {_faces_added / 1e6:.0f} million new face images, as B and D do, and here "
    "each weighs 10 times more. Compute all four costs with WEIGHTS_PRIVACY.",
    "d": "D stops the most fraud, but the most fraud stopped is not the lowest expected cost: like "
    f"B and C, D adds about {_faces_added / 1e6:.0f} million new face images (the state's ID "
    "photos it searches are not new), and they weigh heavily here. Compute all four costs.",
}
_choice_hints[_cheapest_first.lower()] = (   # the answer of WEIGHTS, the likeliest slip
    f"{_cheapest_first} was the cheapest with WEIGHTS. With WEIGHTS_PRIVACY a face exposed or "
    "linked weighs 10 times more, and the ranking changes: compute all four costs again.")
_choice_hints.pop(_cheapest.lower())

_table = expected_cost_by_threshold(
    THRESHOLDS["threshold"], THRESHOLDS["false_match_rate"], THRESHOLDS["false_non_match_rate"],
    **COUNTER,
)
_best = _table.loc[_table["expected_cost"].idxmin()]


def _threshold_minimising(score: pd.Series) -> float:
    return float(THRESHOLDS.loc[score.idxmin(), "threshold"])


_fmr, _fnmr = THRESHOLDS["false_match_rate"], THRESHOLDS["false_non_match_rate"]
_lowest_fnmr = _threshold_minimising(_fnmr)
_lowest_fmr = _threshold_minimising(_fmr)
_equal_error = _threshold_minimising((_fmr.apply(math.log) - _fnmr.apply(math.log)).abs())
_equal_error_fmr = float(_fmr[THRESHOLDS["threshold"] == _equal_error].iloc[0])
_equal_error_fnmr = float(_fnmr[THRESHOLDS["threshold"] == _equal_error].iloc[0])
_plain_sum = _threshold_minimising(_fmr + _fnmr)
_costs_only = _threshold_minimising(COUNTER["cost_of_false_match"] * _fmr
                                    + COUNTER["cost_of_false_non_match"] * _fnmr)
_cost_ratio = COUNTER["cost_of_false_match"] / COUNTER["cost_of_false_non_match"]
_attempt_ratio = COUNTER["honest_attempts"] / COUNTER["impostor_attempts"]

_biased = compare_policies(BIASED)
_refused_c = _biased[2].honest_refused_by_group
_refused_d = _biased[3].honest_refused_by_group
_share_b = _refused_c["Group B"] / sum(_refused_c.values())
_honest_by_group = {name: _biased[2].honest_registrations * group.share
                    for name, group in BIASED.groups.items()}
_rate = {name: _refused_c[name] / _honest_by_group[name] for name in _refused_c}
_rate_ratio = _rate["Group B"] / _rate["Group A"]
_share_b_customers = BIASED.groups["Group B"].share
_multiplier_b = BIASED.groups["Group B"].false_non_match_multiplier

_per_search = SEARCH["gallery_size"] * SEARCH["false_match_rate"]
_chance_per_search = -math.expm1(SEARCH["gallery_size"] * math.log1p(-SEARCH["false_match_rate"]))
_flags = SEARCH["registrations_per_year"] * _per_search
_default_search_rate = PolicyInputs().search_false_match_rate

# Exercise 8: policy C's honest people refused, computed from the model's default inputs.
_inputs = PolicyInputs()
_all_registrations = float(_inputs.registrations_per_year)
_honest = _all_registrations * (1 - sum(_inputs.fraud_shares.values()))
_fnmr_c = _inputs.false_non_match_rate
_retries_fail = (1 - _inputs.retry_success) ** (_inputs.tries - 1)
_manual_refuses = 1 - _inputs.manual_fallback_success
_refused_c_total = _DEFAULTS[2].honest_refused        # = _honest x FNMR x retries fail x manual
_machine_refused_c = _honest * _fnmr_c * _retries_fail


def _people(value: float) -> str:
    return f"{value:,.0f}"


LESSON = Lesson(
    "06-policy-tradeoffs",
    [
        Exercise(
            "refusals_per_fraud_prevented",
            "1. Honest people refused for each fraudulent number the 1:N search prevents",
            number_judge(
                _extra_refused / _prevented,
                wrong=[
                    WrongAnswer(
                        _extra_refused / _extra_stopped,
                        "You used the fraud stopped at the counter. Half of the fraudsters "
                        "stopped buy an already registered card instead (displacement): compare "
                        "the fraudulent numbers obtained, fraud_not_stopped.",
                    ),
                    WrongAnswer(
                        _prevented / _extra_refused,
                        "You divided the other way round: fraudulent numbers prevented per "
                        "honest person refused. The question asks for honest people refused per "
                        "fraudulent number prevented.",
                    ),
                    WrongAnswer(
                        _d["honest_refused"] / (OUTCOMES.loc["A", "fraud_not_stopped"]
                                                - _d["fraud_not_stopped"]),
                        "You compared D with no check at all (policy A). The question is what "
                        "adding the search to policy C changes: take the differences between D "
                        "and C.",
                    ),
                    WrongAnswer(
                        _d["honest_refused"] / _d["fraud_not_stopped"],
                        "You divided by the fraudulent numbers D lets through. The question asks "
                        "per fraudulent number D prevents beyond C: C's fraud_not_stopped minus "
                        "D's.",
                    ),
                    WrongAnswer(
                        _d["honest_refused"] / _d["fraud_stopped"],
                        "You used D's totals. The question is about what the search adds to "
                        "policy C: take the differences between D and C.",
                    ),
                    WrongAnswer(
                        _extra_refused,
                        "That is the number of extra honest people refused. Divide it by the "
                        "number of extra fraudulent numbers prevented.",
                    ),
                    WrongAnswer(
                        _prevented,
                        "That is the number of fraudulent numbers prevented. Divide the extra "
                        "honest people refused by it.",
                    ),
                    WrongAnswer(
                        (_extra_refused + _d["false_duplicate_flags"]) / _prevented,
                        "You added the people flagged as duplicates. A flag leads to a manual "
                        "check that clears most of them; the flags that end in a refusal are "
                        "already in honest_refused.",
                    ),
                ],
                proportion=False,
                fallback_hint="Extra honest people refused = D's honest_refused - C's; fraudulent "
                "numbers prevented = C's fraud_not_stopped - D's. Divide the first by the second.",
            ),
        ),
        Exercise(
            "cost_policy_d",
            "2. Expected cost of policy D, in points",
            number_judge(
                _cost_d,
                wrong=[
                    WrongAnswer(
                        float(HARM_COUNTS.loc["D"].sum()),
                        "You added the counts without their weights: a face linked and a "
                        "fraudulent number would then count the same. Multiply each count by "
                        "its weight first, then add.",
                    ),
                    *(
                        WrongAnswer(
                            _cost_d - WEIGHTS[harm] * HARM_COUNTS.loc["D", harm],
                            f"You left out {_harm_words[harm]} ({harm}). The expected cost adds "
                            f"all five harms, each times its weight.",
                        )
                        for harm in HARMS
                    ),
                    WrongAnswer(
                        _cost("D", WEIGHTS_PRIVACY),
                        "You used WEIGHTS_PRIVACY, the weights of exercise 3. This exercise "
                        "uses WEIGHTS.",
                    ),
                    WrongAnswer(
                        _costs_first["C"],
                        "That is the cost of policy C. Use the row of policy D.",
                    ),
                    WrongAnswer(
                        _cost_d + WEIGHTS["fraud_not_stopped"]
                        * (_d_stopped - HARM_COUNTS.loc["D", "fraud_not_stopped"]),
                        "You weighed the fraud stopped. Stopping fraud is the benefit, not a "
                        "harm: the cost counts the fraudulent numbers NOT stopped.",
                    ),
                    WrongAnswer(
                        _cost_d_new_gallery,
                        f"You counted a gallery of {_gallery / 1e9:g} billion faces as new faces "
                        "stored and exposed. HARM_COUNTS assumes, as the model does by default, "
                        "that D searches the ID photos the state already holds: they are not a "
                        "new store. Use policy D's row as it is.",
                    ),
                    WrongAnswer(
                        _cost_d + WEIGHTS["faces_linked"] * _gallery,
                        f"You added the state's {_gallery / 1e9:g} billion ID photos to the faces "
                        "linked. They existed before any of these policies: faces_linked counts "
                        "only the new face images D adds, as in HARM_COUNTS.",
                    ),
                ],
                proportion=False,
                other_rows=[(f"policy {policy}'s row", _costs_first[policy]) for policy in "AB"],
                fallback_hint="Multiply each of policy D's five counts by its weight in WEIGHTS, "
                "then add the five products: (HARM_COUNTS.loc[\"D\"] * pd.Series(WEIGHTS)).sum().",
            ),
        ),
        Exercise(
            "cheapest_policy",
            "3. The cheapest policy when faces weigh more",
            choice_judge(
                _cheapest.lower(),
                _choice_hints,
                options=["a", "b", "c", "d"],
            ),
        ),
        Exercise(
            "best_threshold",
            "4. The threshold with the lowest expected cost",
            number_judge(
                float(_best["threshold"]),
                wrong=[
                    WrongAnswer(
                        _lowest_fnmr,
                        f"{_lowest_fnmr:.2f} refuses the fewest honest customers (the lowest "
                        "false non-match rate), and it also makes the fewest errors in all if "
                        "every error costs the same. But it lets the most impostors through, and "
                        f"here a false match costs {_cost_ratio:,.0f} times a false non-match. "
                        "Multiply each number of errors by its cost.",
                    ),
                    WrongAnswer(
                        _lowest_fmr,
                        f"{_lowest_fmr:.2f} has the lowest false-match rate, but it refuses "
                        "honest customers most often, and there are "
                        f"{_attempt_ratio:,.0f} honest attempts for every impostor. Weigh both "
                        "kinds of error: attempts x rate x cost.",
                    ),
                    WrongAnswer(
                        _equal_error,
                        f"{_equal_error:.2f} is the listed threshold where the two error rates "
                        f"are closest (FMR {_equal_error_fmr:.2%}, FNMR {_equal_error_fnmr:.2%}): "
                        "the nearest to the equal error rate, which lies between two listed "
                        "thresholds. Equal errors are a way to compare matchers, not to choose a "
                        "threshold: the two errors happen to different numbers of people and "
                        "cost different amounts.",
                    ),
                    WrongAnswer(
                        _plain_sum,
                        f"{_plain_sum:.2f} minimises FMR + FNMR, as if there were as many "
                        "impostors as honest customers and both errors cost the same. Turn each "
                        "rate into a number of errors (times the attempts), then into a cost.",
                    ),
                    WrongAnswer(
                        _costs_only,
                        f"{_costs_only:.2f} weighs the rates by their costs but forgets the "
                        f"attempts: there are {_attempt_ratio:,.0f} honest attempts for every "
                        "impostor. Multiply each rate by its number of attempts too.",
                    ),
                    WrongAnswer(
                        float(_best["expected_cost"]),
                        "That is the lowest expected cost, in points. The question asks for the "
                        "threshold that gives it.",
                    ),
                ],
                proportion=False,
                fallback_hint="For each threshold: impostor attempts x FMR x the cost of a false "
                "match, plus honest attempts x FNMR x the cost of a false non-match. Then pick "
                "the threshold whose total is smallest.",
            ),
        ),
        Exercise(
            "group_b_share_of_refusals",
            "5. Group B's share of the honest people refused (policy C, biased matcher)",
            number_judge(
                _share_b,
                wrong=[
                    WrongAnswer(
                        _share_b_customers,
                        f"{_share_b_customers:g} is Group B's share of the customers. The "
                        "question asks for its share of the people refused: divide Group B's "
                        "refusals by all refusals.",
                    ),
                    WrongAnswer(
                        1 - _share_b,
                        "That is Group A's share of the refusals. The question asks for Group B's.",
                    ),
                    WrongAnswer(
                        _refused_c["Group B"] / _refused_c["Group A"],
                        "You divided Group B's refusals by Group A's. A share divides by the "
                        "total: Group A's and Group B's refusals added together.",
                    ),
                    WrongAnswer(
                        _share_b_customers * _multiplier_b,
                        f"{_share_b_customers:g} x {_multiplier_b:g} is Group B's weight before "
                        f"you compare it with Group A's ({1 - _share_b_customers:g} x 1). Divide "
                        "by the sum of both weights, or use the model's refusal counts.",
                    ),
                    WrongAnswer(
                        _rate_ratio,
                        f"{_rate_ratio:.3g} is a ratio, not a share: how many times more likely "
                        "an honest member of Group B is to be refused (here it is also Group A's "
                        "count divided by Group B's). The question asks for Group B's share of all "
                        "the people refused: Group B's refusals divided by both groups'.",
                    ),
                    WrongAnswer(
                        _refused_d["Group B"] / sum(_refused_d.values()),
                        "That is policy D, where false duplicate flags add to the refusals. "
                        "The question is about policy C.",
                    ),
                    WrongAnswer(
                        _refused_c["Group B"],
                        "That is the number of Group B's people refused. Divide it by the "
                        "refusals of both groups to get a share.",
                    ),
                ],
                fallback_hint="Run compare_policies(BIASED), take policy C (the third outcome), "
                "and divide honest_refused_by_group[\"Group B\"] by honest_refused.",
            ),
        ),
        Exercise(
            "who_bears_refusals",
            "6. Count or rate: who bears the refusals?",
            choice_judge(
                "b",
                {
                    "a": f"Count them: {_people(_refused_c['Group B'])} refusals in Group B "
                    f"against {_people(_refused_c['Group A'])} in Group A. Group B's RATE is "
                    "higher, but Group A is 9 times bigger, so it has more refusals in COUNT. "
                    "A count and a rate answer different questions.",
                    "c": "The rule is the same for everyone, but the matcher is not: it fails "
                    f"Group B's faces {_multiplier_b:g} times as often. Divide each group's "
                    "refusals by its number of honest customers and compare.",
                    "d": "Group A has more refusals in count, but divide each count by the "
                    f"group's size: Group B's rate is {_rate_ratio:.3g} times Group A's. The "
                    "bigger count comes from the bigger group.",
                },
                options=["a", "b", "c", "d"],
            ),
        ),
        Exercise(
            "false_flags_per_year",
            "7. Expected false matches (wrong candidates) in a year of 1:N searches",
            number_judge(
                _flags,
                wrong=[
                    WrongAnswer(
                        _per_search,
                        "That is for one registration: the expected false matches of one "
                        "search. Multiply by the registrations in a year.",
                    ),
                    WrongAnswer(
                        SEARCH["registrations_per_year"] * SEARCH["false_match_rate"],
                        "You used the false-match rate per search, not per comparison: each "
                        "search compares the new face with every face in the gallery. Multiply "
                        "by the gallery size.",
                    ),
                    WrongAnswer(
                        SEARCH["registrations_per_year"] * _chance_per_search,
                        "You used 1 - (1 - FMR) ** N: the chance that a search has AT LEAST ONE "
                        "false match, so this counts the people flagged at least once. The "
                        "question asks for the expected false matches: N x FMR per search (a "
                        "search can raise more than one).",
                    ),
                    WrongAnswer(
                        _flags / 1_000,
                        "That is 1,000 times too small: a billion is 1,000,000,000 (1e9), not a "
                        "million.",
                    ),
                    WrongAnswer(
                        _flags * 1_000,
                        "That is 1,000 times too big: a billion here is 1,000,000,000 (1e9), "
                        "not 1e12.",
                    ),
                    WrongAnswer(
                        _flags / 1_000_000,
                        "You wrote 120 million registrations as 120: write 120_000_000.",
                    ),
                    WrongAnswer(
                        SEARCH["registrations_per_year"] * SEARCH["gallery_size"]
                        * _default_search_rate,
                        f"You used the simulator's default false-match rate "
                        f"({_default_search_rate:g}). This exercise uses "
                        f"{SEARCH['false_match_rate']:g} per comparison.",
                    ),
                    WrongAnswer(
                        1.0,
                        "A year of searches is almost certain to raise at least one false match, "
                        "but the question asks how many false matches to expect: registrations x "
                        "gallery size x false-match rate.",
                    ),
                ],
                proportion=False,
                fallback_hint="Expected false matches per registration = gallery size x false-"
                "match rate per comparison; then times the registrations in a year.",
            ),
        ),
        Exercise(
            "honest_refused_c",
            "8. Honest people refused a year under policy C, computed from the inputs",
            number_judge(
                _refused_c_total,
                wrong=[
                    WrongAnswer(
                        _honest * _fnmr_c,
                        "That is the honest people who fail the FIRST try (1%). Most of them "
                        "get through on a retry or at the manual check: multiply by the chance "
                        "that both retries fail, then by the share the manual check does not "
                        "clear.",
                    ),
                    WrongAnswer(
                        _honest * _fnmr_c * _manual_refuses,
                        "You left out the retries: a customer who fails the first try has "
                        f"{_inputs.tries - 1} more, each succeeding with chance "
                        f"{_inputs.retry_success:g}. Multiply by the chance that they all fail.",
                    ),
                    WrongAnswer(
                        _machine_refused_c,
                        "That is the honest people the machine refuses after "
                        f"{_inputs.tries} tries. You forgot the manual check: it lets "
                        f"{_inputs.manual_fallback_success:.0%} of them through, so only "
                        f"{_manual_refuses:.0%} are refused in the end.",
                    ),
                    WrongAnswer(
                        _machine_refused_c * _inputs.manual_fallback_success,
                        f"You kept the {_inputs.manual_fallback_success:.0%} that the manual "
                        "check lets through. The people refused are the others: multiply by "
                        f"1 - {_inputs.manual_fallback_success:g}.",
                    ),
                    WrongAnswer(
                        _all_registrations * _fnmr_c * _retries_fail * _manual_refuses,
                        "You treated all 120 million registrations as honest. Subtract the "
                        "fraudulent attempts first: all four kinds, "
                        f"{sum(_inputs.fraud_shares.values()):.2%} of the registrations.",
                    ),
                    WrongAnswer(
                        _honest * _fnmr_c ** _inputs.tries * _manual_refuses,
                        f"{_fnmr_c:g} ** {_inputs.tries} treats each try as a fresh "
                        f"{_fnmr_c:.0%} chance of failing, independent of the last. It is not: "
                        "the same face, light and camera tend to fail again, so after a "
                        f"failure a retry succeeds only with chance {_inputs.retry_success:g}.",
                    ),
                    WrongAnswer(
                        _honest * _fnmr_c ** _inputs.tries,
                        f"{_fnmr_c:g} ** {_inputs.tries} treats each try as a fresh "
                        f"{_fnmr_c:.0%} chance of failing. After a failure a retry succeeds "
                        f"only with chance {_inputs.retry_success:g}; and then the manual "
                        "check clears most of those the machine refuses.",
                    ),
                    WrongAnswer(
                        _honest * _fnmr_c * (1 - _inputs.retry_success) ** _inputs.tries
                        * _manual_refuses,
                        f"{_inputs.tries} tries in all means the first try and "
                        f"{_inputs.tries - 1} retries: raise (1 - retry success) to the power "
                        f"{_inputs.tries - 1}, not {_inputs.tries}.",
                    ),
                    WrongAnswer(
                        _DEFAULTS[3].honest_refused,
                        "That is policy D, where false duplicate flags add to the refusals. "
                        "The question is about policy C.",
                    ),
                ],
                proportion=False,
                fallback_hint="Honest people = registrations x (1 - the four fraud shares). "
                "Refused by the machine = that x FNMR x (1 - retry success) ** (tries - 1). "
                "Refused in the end = that x (1 - manual fallback success).",
            ),
        ),
    ],
)

#: ``check("cost_policy_d")`` in the notebook checks the variable ``cost_policy_d``.
check = LESSON.checker()
#: ``progress()`` shows which exercises pass (and which written answers go to the instructor).
progress = LESSON.progress
