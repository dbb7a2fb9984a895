"""Checks for Lesson 06, weighing registration policies.

In the exercise notebook::

    from facenumbers.checks.policy import check, progress, HARM_COUNTS, WEIGHTS

The exercises' inputs (``OUTCOMES``, ``HARM_COUNTS``, ``WEIGHTS``, ``WEIGHTS_PRIVACY``,
``THRESHOLDS``, ``COUNTER``, ``BIASED``, ``SEARCH``) are declared in
:mod:`facenumbers.checks.policy_inputs`, with how they vary, and imported from here. Every value
is an illustrative assumption, as the lesson says on screen, except the harm counts, which come
from the package's policy model (:func:`facenumbers.models.policy.compare_policies` at its
default inputs, with its default structural assumptions: B and C keep the face images they take,
and D searches the ID photos the state already holds, adding no store of its own).

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

**Variants** (``facenumbers assign``, see :mod:`facenumbers.variants`). Each student may get
other weights for exercise 2 (and so other costs in exercise 3), another cost of a false
non-match in exercise 4 and another search rate in exercise 7; :data:`VARIATION` lists the
choices and :data:`VARIANT_COUNTS` how many different right answers each exercise has. A
variant's notebook imports its own checks and binds its own ``WEIGHTS``, ``WEIGHTS_PRIVACY``,
``COUNTER`` and ``SEARCH`` (:func:`constants_for`)::

    from facenumbers.checks.policy import BIASED, HARM_COUNTS, ..., for_variant
    check, progress = for_variant("honest_refused_weight=400,...")

>>> lesson_for({"cost_of_false_non_match": 0.05}).check("best_threshold", 0.4).passed
True
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping, Sequence

import pandas as pd

from facenumbers.checks import (
    Exercise,
    Feedback,
    Lesson,
    Progress,
    WrongAnswer,
    choice_judge,
    number_judge,
)
from facenumbers.checks.policy_inputs import (
    BIASED,
    COUNTER,
    DEFAULT,
    DEFAULTS,
    HARM_COUNTS,
    NEW_GALLERY_COUNTS,
    OUTCOMES,
    SEARCH,
    THRESHOLDS,
    VARIATION,
    WEIGHTS,
    WEIGHTS_PRIVACY,
    constants_for,
    counter_for,
    privacy_weights,
    search_for,
    texts_for,
    weights_for,
)
from facenumbers.checks.policy_refusals import FIXED
from facenumbers.checks.variation import Value
from facenumbers.models.policy import HARMS, PolicyInputs, expected_cost_by_threshold

__all__ = [
    "BIASED",
    "COUNTER",
    "DEFAULT",
    "HARM_COUNTS",
    "LESSON",
    "OUTCOMES",
    "SEARCH",
    "THRESHOLDS",
    "VARIANT_COUNTS",
    "VARIATION",
    "WEIGHTS",
    "WEIGHTS_PRIVACY",
    "check",
    "constants_for",
    "for_variant",
    "lesson_for",
    "progress",
    "texts_for",
]

#: How many different right answers each exercise has across the variants (K; 1: fixed).
#: Exercises 1, 5, 6 and 8 stay fixed: 1 and 8 use the policy model at its default inputs
#: (exercise 8 sends the student to exercise 1's table to find the same number), and 5 and 6
#: use the simulator's "Biased matcher" preset, which the exercise names. Exercise 3's answer
#: is A under every variant's weights (its costs differ; a letter counts as one answer).
VARIANT_COUNTS: dict[str, int] = {
    "refusals_per_fraud_prevented": 1, "cost_policy_d": 9, "cheapest_policy": 1,
    "best_threshold": 3, "group_b_share_of_refusals": 1, "who_bears_refusals": 1,
    "false_flags_per_year": 3, "honest_refused_c": 1,
}


def _cost(policy: str, weights: Mapping[str, float], counts: pd.DataFrame = HARM_COUNTS) -> float:
    return float(sum(weights[harm] * counts.loc[policy, harm] for harm in HARMS))


def _unlike(right: float, mistakes: Sequence[WrongAnswer]) -> list[WrongAnswer]:
    """The mistakes whose value is not the right answer (a variant can make them meet)."""
    return [m for m in mistakes if not math.isclose(m.value, right, rel_tol=1e-9)]


def _costs(weights: Mapping[str, float]) -> dict[str, float]:
    return {policy: _cost(policy, weights) for policy in HARM_COUNTS.index}


#: The costs of each policy with the default WEIGHTS (a hint names the other rows).
_costs_first = _costs(WEIGHTS)
_harm_words = {
    "fraud_not_stopped": "the fraudulent numbers not stopped",
    "honest_refused": "the honest people refused",
    "false_duplicate_flags": "the false duplicate flags",
    "people_exposed": "the people exposed in breaches",
    "faces_linked": "the new face images linked",
}
_d_stopped = DEFAULTS[3].fraud_stopped
_gallery = PolicyInputs().gallery_size
_faces_added = float(HARM_COUNTS.loc["D", "faces_linked"])


def _threshold_minimising(score: pd.Series) -> float:
    return float(THRESHOLDS.loc[score.idxmin(), "threshold"])


_fmr, _fnmr = THRESHOLDS["false_match_rate"], THRESHOLDS["false_non_match_rate"]
_lowest_fnmr = _threshold_minimising(_fnmr)
_lowest_fmr = _threshold_minimising(_fmr)
_equal_error = _threshold_minimising((_fmr.apply(math.log) - _fnmr.apply(math.log)).abs())
_equal_error_fmr = float(_fmr[THRESHOLDS["threshold"] == _equal_error].iloc[0])
_equal_error_fnmr = float(_fnmr[THRESHOLDS["threshold"] == _equal_error].iloc[0])
_plain_sum = _threshold_minimising(_fmr + _fnmr)
_attempt_ratio = COUNTER["honest_attempts"] / COUNTER["impostor_attempts"]

_default_search_rate = PolicyInputs().search_false_match_rate

def _cost_exercise(weights: Mapping[str, float]) -> Exercise:
    """Exercise 2 with a variant's WEIGHTS (the hints name them as the notebook does)."""
    _cost_d = right = _cost("D", weights)
    _costs_first = _costs(weights)
    _cost_d_new_gallery = _cost("D", weights, NEW_GALLERY_COUNTS)
    return Exercise(
        "cost_policy_d",
        "2. Expected cost of policy D, in points",
        number_judge(
            right,
            wrong=_unlike(right, [
                WrongAnswer(
                    float(HARM_COUNTS.loc["D"].sum()),
                    "You added the counts without their weights: a face linked and a "
                    "fraudulent number would then count the same. Multiply each count by "
                    "its weight first, then add.",
                ),
                *(
                    WrongAnswer(
                        _cost_d - weights[harm] * HARM_COUNTS.loc["D", harm],
                        f"You left out {_harm_words[harm]} ({harm}). The expected cost adds "
                        f"all five harms, each times its weight.",
                    )
                    for harm in HARMS
                ),
                WrongAnswer(
                    _cost("D", privacy_weights(weights)),
                    "You used WEIGHTS_PRIVACY, the weights of exercise 3. This exercise "
                    "uses WEIGHTS.",
                ),
                WrongAnswer(
                    _costs_first["C"],
                    "That is the cost of policy C. Use the row of policy D.",
                ),
                WrongAnswer(
                    _cost_d + weights["fraud_not_stopped"]
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
                    _cost_d + weights["faces_linked"] * _gallery,
                    f"You added the state's {_gallery / 1e9:g} billion ID photos to the faces "
                    "linked. They existed before any of these policies: faces_linked counts "
                    "only the new face images D adds, as in HARM_COUNTS.",
                ),
            ]),
            proportion=False,
            other_rows=[(f"policy {policy}'s row", _costs_first[policy]) for policy in "AB"],
            fallback_hint="Multiply each of policy D's five counts by its weight in WEIGHTS, "
            "then add the five products: (HARM_COUNTS.loc[\"D\"] * pd.Series(WEIGHTS)).sum().",
        ),
    )


def _choice_hints(weights: Mapping[str, float]) -> tuple[str, dict[str, str]]:
    """Exercise 3's right letter and its hints, for every letter but the right one."""
    costs_privacy = _costs(privacy_weights(weights))
    cheapest = min(costs_privacy, key=costs_privacy.get)
    costs_first = _costs(weights)
    cheapest_first = min(costs_first, key=costs_first.get)
    hints = {
        "a": "Policy A stores no faces, but it lets every fraudulent number through. Compute all "
        "four costs with WEIGHTS_PRIVACY and compare.",
        "b": "B takes a photo of every customer, and the model assumes the operator keeps it "
        f"(whether operators did is not public): B adds about {_faces_added / 1e6:.0f} million "
        "face images, as C and D do, and here each weighs 10 times more. Compute all four costs.",
        "c": f"C adds about {_faces_added / 1e6:.0f} million new face images, as B and D do, and "
        "here each weighs 10 times more. Compute all four costs with WEIGHTS_PRIVACY.",
        "d": "D stops the most fraud, but the most fraud stopped is not the lowest expected cost: "
        f"like B and C, D adds about {_faces_added / 1e6:.0f} million new face images (the "
        "state's ID photos it searches are not new), and they weigh heavily here. Compute all "
        "four costs.",
    }
    hints[cheapest_first.lower()] = (   # the answer of WEIGHTS, the likeliest slip
        f"{cheapest_first} was the cheapest with WEIGHTS. With WEIGHTS_PRIVACY a face exposed or "
        "linked weighs 10 times more, and the ranking changes: compute all four costs again.")
    hints.pop(cheapest.lower())
    return cheapest.lower(), hints


def _cheapest_exercise(weights: Mapping[str, float]) -> Exercise:
    _cheapest, _choice_hints_ = _choice_hints(weights)
    return Exercise(
        "cheapest_policy",
        "3. The cheapest policy when faces weigh more",
        choice_judge(
            _cheapest,
            _choice_hints_,
            options=["a", "b", "c", "d"],
        ),
    )


def _threshold_exercise(counter: Mapping[str, float]) -> Exercise:
    """Exercise 4 with a variant's year at the counter."""
    table = expected_cost_by_threshold(
        THRESHOLDS["threshold"], THRESHOLDS["false_match_rate"],
        THRESHOLDS["false_non_match_rate"], **counter,
    )
    _best = table.loc[table["expected_cost"].idxmin()]
    right = float(_best["threshold"])
    _costs_only = _threshold_minimising(counter["cost_of_false_match"] * _fmr
                                        + counter["cost_of_false_non_match"] * _fnmr)
    _cost_ratio = counter["cost_of_false_match"] / counter["cost_of_false_non_match"]
    return Exercise(
        "best_threshold",
        "4. The threshold with the lowest expected cost",
        number_judge(
            right,
            wrong=_unlike(right, [
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
            ]),
            proportion=False,
            fallback_hint="For each threshold: impostor attempts x FMR x the cost of a false "
            "match, plus honest attempts x FNMR x the cost of a false non-match. Then pick "
            "the threshold whose total is smallest.",
        ),
    )


def _search_exercise(search: Mapping[str, float]) -> Exercise:
    """Exercise 7 with a variant's false-match rate per comparison."""
    _per_search = search["gallery_size"] * search["false_match_rate"]
    _chance_per_search = -math.expm1(search["gallery_size"] * math.log1p(-search["false_match_rate"]))
    _flags = right = search["registrations_per_year"] * _per_search
    return Exercise(
        "false_flags_per_year",
        "7. Expected false matches (wrong candidates) in a year of 1:N searches",
        number_judge(
            right,
            wrong=_unlike(right, [
                WrongAnswer(
                    _per_search,
                    "That is for one registration: the expected false matches of one "
                    "search. Multiply by the registrations in a year.",
                ),
                WrongAnswer(
                    search["registrations_per_year"] * search["false_match_rate"],
                    "You used the false-match rate per search, not per comparison: each "
                    "search compares the new face with every face in the gallery. Multiply "
                    "by the gallery size.",
                ),
                WrongAnswer(
                    search["registrations_per_year"] * _chance_per_search,
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
                    search["registrations_per_year"] * search["gallery_size"]
                    * _default_search_rate,
                    f"You used the simulator's default false-match rate "
                    f"({_default_search_rate:g}). This exercise uses "
                    f"{search['false_match_rate']:g} per comparison.",
                ),
                WrongAnswer(
                    1.0,
                    "A year of searches is almost certain to raise at least one false match, "
                    "but the question asks how many false matches to expect: registrations x "
                    "gallery size x false-match rate.",
                ),
            ]),
            proportion=False,
            fallback_hint="Expected false matches per registration = gallery size x false-"
            "match rate per comparison; then times the registrations in a year.",
        ),
    )




def lesson_for(params: Mapping[str, Value]) -> Lesson:
    """The checks of one variant (``{}`` or :data:`DEFAULT`: the lesson as ``make exercises``
    states it). Raises ValueError for a parameter or value that :data:`VARIATION` does not allow.

    >>> lesson_for({"search_false_match_rate": 2e-10}).check("false_flags_per_year", 24e6).passed
    True
    """
    p = VARIATION.complete(params)
    weights = weights_for(p)
    return Lesson("06-policy-tradeoffs", [
        FIXED["refusals_per_fraud_prevented"],
        _cost_exercise(weights),
        _cheapest_exercise(weights),
        _threshold_exercise(counter_for(p)),
        FIXED["group_b_share_of_refusals"],
        FIXED["who_bears_refusals"],
        _search_exercise(search_for(p)),
        FIXED["honest_refused_c"],
    ])


def for_variant(key: str) -> tuple[Callable[..., Feedback | None], Callable[[], Progress]]:
    """``check, progress`` for a variant's notebook, from its key (see :mod:`facenumbers.variants`).

    >>> check_b, _ = for_variant("cost_of_false_non_match=0.002")
    >>> check_b("best_threshold", 0.5).passed
    True
    """
    lesson = lesson_for(VARIATION.parse(key))
    return lesson.checker(), lesson.progress


LESSON = lesson_for(DEFAULT)

#: ``check("cost_policy_d")`` in the notebook checks the variable ``cost_policy_d``.
check = LESSON.checker()
#: ``progress()`` shows which exercises pass (and which written answers go to the instructor).
progress = LESSON.progress
