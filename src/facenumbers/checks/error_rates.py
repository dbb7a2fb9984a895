"""Checks for Lesson 03, error rates.

In the exercise notebook::

    from facenumbers.checks.error_rates import check, progress, GENUINE, IMPOSTOR, THRESHOLD

The exercises use two kinds of made-up scores, never real faces (declared in
:mod:`facenumbers.checks.error_rates_inputs` and imported from here):

- ``GENUINE`` and ``IMPOSTOR``: 20 genuine and 30 impostor scores, small enough to count by
  hand, with one score of each kind exactly at ``THRESHOLD``.
- ``SCORES``: a larger seeded synthetic sample from the course's model
  (``comparison_scores(make_population(**POPULATION))``), with the model's Group A and
  Group B. The groups are a *model*, not real groups of people.

>>> check("fmr", 2 / 30).passed
True
>>> print(check("fmr", 4 / 20).hint)  # doctest: +ELLIPSIS
That is the false non-match rate...
>>> print(check("fmr", 1 / 30).hint)  # doctest: +ELLIPSIS
You left out the impostor score that equals the threshold...
>>> check("rejected_per_month", 99_800).passed
True
>>> print(check("rejected_per_month", 100_000).hint)  # doctest: +ELLIPSIS
Only honest customers can be falsely rejected...
"""

from __future__ import annotations

from collections.abc import Callable, Mapping

import numpy as np

from facenumbers.checks import (
    Exercise,
    Feedback,
    Lesson,
    Progress,
    WrongAnswer,
    choice_judge,
    number_judge,
)
from facenumbers.checks.error_rates_inputs import (
    GENUINE,
    GROUP_THRESHOLD,
    IMPOSTOR,
    MONTHLY,
    POPULATION,
    SCORES,
    TARGET_FMR,
    THRESHOLD,
)
from facenumbers.checks.variation import Value, Variation
from facenumbers.models import error_rates as model

__all__ = [
    "DEFAULT",
    "GENUINE",
    "IMPOSTOR",
    "LESSON",
    "MONTHLY",
    "POPULATION",
    "SCORES",
    "TARGET_FMR",
    "GROUP_THRESHOLD",
    "THRESHOLD",
    "VARIANT_COUNTS",
    "VARIATION",
    "check",
    "constants_for",
    "for_variant",
    "lesson_for",
    "progress",
    "texts_for",
]

# --- Expected answers, from the package's model -------------------------------------------

_n_impostor, _n_genuine = len(IMPOSTOR), len(GENUINE)
_fmr = model.false_match_rate(IMPOSTOR, THRESHOLD)
_fnmr = model.false_non_match_rate(GENUINE, THRESHOLD)
_fmr_strict = float(np.mean(IMPOSTOR > THRESHOLD))       # the ">" mistake
_fnmr_loose = float(np.mean(GENUINE <= THRESHOLD))       # the "<=" mistake
_eer = model.equal_error_rate(GENUINE, IMPOSTOR)

_impostor_all = SCORES.loc[SCORES["kind"] == "impostor", "score"].to_numpy()
_genuine_all = SCORES.loc[SCORES["kind"] == "genuine", "score"].to_numpy()
_target_threshold = model.threshold_for_false_match_rate(_impostor_all, TARGET_FMR)


def _group_rates(group: str, threshold: float = GROUP_THRESHOLD) -> tuple[float, float]:
    rows = SCORES[SCORES["group"] == group]
    impostor = rows.loc[rows["kind"] == "impostor", "score"]
    genuine = rows.loc[rows["kind"] == "genuine", "score"]
    return (
        model.false_match_rate(impostor, threshold),
        model.false_non_match_rate(genuine, threshold),
    )

# Exercise 9: the DET curve of SCORES as the lesson draws it (400 points, strict to lenient),
# read at the row whose FMR is closest to 1 in 1,000. The last row with an FMR at most 1 in
# 1,000, and the exact curve (points=None), give the same FNMR (tests/test_checks_error_rates.py).
_curve = model.det_curve(_genuine_all, _impostor_all)
_row = _curve.loc[(_curve["false_match_rate"] - TARGET_FMR).abs().idxmin()]
_curve_fnmr = float(_row["false_non_match_rate"])
_curve_fmr = float(_row["false_match_rate"])
_last_fmr = float(_curve.loc[_curve["false_match_rate"] <= TARGET_FMR, "false_match_rate"].iloc[-1])
# 1 in 1,000 looked up on the FNMR axis instead: the row whose FNMR is closest to it.
_fnmr_row = _curve.loc[(_curve["false_non_match_rate"] - TARGET_FMR).abs().idxmin()]
# Computed at exercise 4's threshold (an impostor score) instead of read off the curve.
_at_exercise_4 = model.false_non_match_rate(_genuine_all, _target_threshold)
# The small made-up arrays of exercises 1 to 3, read the same way (their FMR is 0 there).
_small = model.det_curve(GENUINE, IMPOSTOR)
_small_fnmr = float(
    _small.loc[_small["false_match_rate"] <= TARGET_FMR, "false_non_match_rate"].iloc[-1])

_AXIS_HINT = (
    "You read the wrong axis. The DET curve has the FMR across (false_match_rate) and the FNMR "
    "up (false_non_match_rate): find the row by its FMR, then read its FNMR."
)


def _month_of(monthly: Mapping[str, float]) -> tuple[object, float, float, float]:
    """Exercise 5's month: the model's outcomes, registrations, impostors, honest customers."""
    month = model.monthly_outcomes(
        monthly["registrations_per_month"],
        monthly["impostor_share"],
        {"everyone": (monthly["false_match_rate"], monthly["false_non_match_rate"])},
        {"everyone": 1.0},
    ).iloc[0]
    registrations = monthly["registrations_per_month"]
    impostors = registrations * monthly["impostor_share"]
    return month, registrations, impostors, registrations - impostors


#: What varies between students (``facenumbers assign``): exercise 5's registrations and false
#: non-match rate (illustrative), and exercise 6's threshold. Exercises 1 to 3 count made-up
#: scores around a threshold two of them equal, 4 and 9 name their 1 in 1,000: they stay fixed.
DEFAULT: dict[str, Value] = {"registrations_per_month": 10_000_000, "false_non_match_rate": 0.01,
                             "group_threshold": GROUP_THRESHOLD}
VARIATION = Variation(DEFAULT, {
    "registrations_per_month": (5_000_000, 10_000_000, 20_000_000),
    "false_non_match_rate": (0.01, 0.03, 0.05),
    "group_threshold": (0.2, 0.22, 0.25),
})
#: How many different right answers each exercise has across the variants (K; 1: fixed).
VARIANT_COUNTS: dict[str, int] = {
    "fmr": 1, "fnmr": 1, "eer": 1, "threshold_1_in_1000": 1, "rejected_per_month": 9,
    "disparity_ratio": 3, "which_rate": 1, "accuracy_claim": 1, "fnmr_on_curve": 1,
    "nist_findings": 1,
}


def _monthly(params: Mapping[str, Value]) -> dict[str, float]:
    """Exercise 5's numbers for a variant: the table's, with the varied ones replaced."""
    monthly = dict(MONTHLY)
    if params["registrations_per_month"] != MONTHLY["registrations_per_month"]:
        monthly["registrations_per_month"] = float(params["registrations_per_month"])
    if params["false_non_match_rate"] != MONTHLY["false_non_match_rate"]:
        monthly["false_non_match_rate"] = float(params["false_non_match_rate"])
    return monthly


def texts_for(params: Mapping[str, Value]) -> dict[str, str]:
    """What the variant's notebook states, by the names the solution's cells give them (cell
    metadata ``facenumbers_vary``).

    >>> texts_for({})["reflection_count"], texts_for({"false_non_match_rate": 0.05})["fnmr"]
    ('about 100,000 honest people', 'false non-match rate of 5%')
    """
    p = VARIATION.complete(params)
    monthly = _monthly(p)
    # Exercise 5's answer to two significant figures, as prose gives it: 99,800 is 100,000.
    refused = float(f"{_month_of(monthly)[3] * monthly['false_non_match_rate']:.2g}")
    default = p["registrations_per_month"] == DEFAULT["registrations_per_month"] and (
        p["false_non_match_rate"] == DEFAULT["false_non_match_rate"])
    return {
        "registrations": f"{monthly['registrations_per_month']:,.0f}",
        "fnmr": f"false non-match rate of {monthly['false_non_match_rate']:.0%}",
        "fnmr_code": f"{monthly['false_non_match_rate']:g}",
        "monthly_source": "from the course's table of assumptions\n(`MONTHLY`), as in Lesson 03 "
                          "section 10." if default else "in `MONTHLY`, your own numbers\n(Lesson "
                          "03 section 10 uses the course's table of assumptions).",
        "group_threshold": f"{float(p['group_threshold']):.2f}",
        "reflection_count": f"about {refused:,.0f} honest people",
    }


def constants_for(params: Mapping[str, Value]) -> dict[str, str]:
    """The names the notebook imports whose values vary, as the code that binds them in the
    variant's setup cell (after ``check, progress = for_variant(...)``).

    >>> constants_for({"group_threshold": 0.2})["GROUP_THRESHOLD"]
    '0.2'
    """
    p = VARIATION.complete(params)
    monthly = _monthly(p)
    shown = [f'"{name}": {int(value):_}' if name == "registrations_per_month" else
             f'"{name}": {value:g}' for name, value in monthly.items()]
    code = "{" + ", ".join(shown[:2]) + ",\n" + " " * 11 + ", ".join(shown[2:]) + "}"
    return {"GROUP_THRESHOLD": f"{float(p['group_threshold']):g}", "MONTHLY": code}


def for_variant(key: str) -> tuple[Callable[..., Feedback | None], Callable[[], Progress]]:
    """``check, progress`` for a variant's notebook, from its key (see :mod:`facenumbers.variants`).

    >>> check_b, _ = for_variant("registrations_per_month=5000000,false_non_match_rate=0.03")
    >>> check_b("rejected_per_month", 5_000_000 * 0.998 * 0.03).passed
    True
    """
    lesson = lesson_for(VARIATION.parse(key))
    return lesson.checker(), lesson.progress

_SWAP_HINT = (
    "That is the false non-match rate (genuine scores below the threshold). The false-match "
    "rate counts impostor scores: pairs of two different people wrongly called a match."
)

def lesson_for(params: Mapping[str, Value]) -> Lesson:
    """The checks of one variant (``{}`` or :data:`DEFAULT`: the lesson as ``make exercises``
    states it): exercise 5's registrations and false non-match rate and exercise 6's threshold
    vary. Raises ValueError for a value that :data:`VARIATION` does not allow.

    >>> lesson_for({"group_threshold": 0.2}).check("disparity_ratio", 1010 / 251).passed
    True
    """
    p = VARIATION.complete(params)
    MONTHLY = _monthly(p)  # noqa: N806 - the module's name, for this variant
    _month, _registrations, _impostors, _honest = _month_of(MONTHLY)
    group_threshold = float(p["group_threshold"])
    _fmr_a, _ = _group_rates("Group A", group_threshold)
    _fmr_b, _ = _group_rates("Group B", group_threshold)
    _fmr_both = model.false_match_rate(_impostor_all, group_threshold)
    return Lesson(
        "03-error-rates",
        [
            Exercise(
                "fmr",
                "1. False-match rate at the threshold",
                number_judge(
                    _fmr,
                    wrong=[
                        WrongAnswer(_fnmr, _SWAP_HINT),
                        WrongAnswer(
                            _fmr_strict,
                            "You left out the impostor score that equals the threshold. A score "
                            "at the threshold is a match: use >=, not >.",
                        ),
                        WrongAnswer(
                            _fmr * _n_impostor,
                            "That is a count of impostor scores, not a rate. Divide it by the "
                            "number of impostor scores.",
                        ),
                        WrongAnswer(
                            1 - _fmr,
                            "That is the share of impostors correctly rejected. The false-match "
                            "rate is the share wrongly accepted (at or above the threshold).",
                        ),
                        WrongAnswer(
                            _fmr * _n_impostor / (_n_impostor + _n_genuine),
                            "You divided by all 50 scores. The false-match rate is a share of "
                            "the impostor comparisons only: divide by len(IMPOSTOR).",
                        ),
                    ],
                    fallback_hint="Count the impostor scores at or above the threshold, then divide "
                    "by the number of impostor scores: (IMPOSTOR >= THRESHOLD).mean().",
                ),
            ),
            Exercise(
                "fnmr",
                "2. False non-match rate at the threshold",
                number_judge(
                    _fnmr,
                    wrong=[
                        WrongAnswer(
                            _fmr,
                            "That is the false-match rate (impostor scores at or above the "
                            "threshold). The false non-match rate counts genuine scores: the same "
                            "person wrongly rejected.",
                        ),
                        WrongAnswer(
                            _fnmr_loose,
                            "You counted the genuine score that equals the threshold as a "
                            "non-match. A score at the threshold is a match: a non-match is a "
                            "score strictly below it (<, not <=).",
                        ),
                        WrongAnswer(
                            _fnmr * _n_genuine,
                            "That is a count of genuine scores, not a rate. Divide it by the "
                            "number of genuine scores.",
                        ),
                        WrongAnswer(
                            1 - _fnmr,
                            "That is the share of genuine comparisons correctly matched (the hit "
                            "rate). The false non-match rate is the share below the threshold.",
                        ),
                        WrongAnswer(
                            _fnmr * _n_genuine / (_n_impostor + _n_genuine),
                            "You divided by all 50 scores. The false non-match rate is a share of "
                            "the genuine comparisons only: divide by len(GENUINE).",
                        ),
                    ],
                    fallback_hint="Count the genuine scores below the threshold, then divide by the "
                    "number of genuine scores: (GENUINE < THRESHOLD).mean().",
                ),
            ),
            Exercise(
                "eer",
                "3. The equal error rate",
                number_judge(
                    _eer.rate,
                    wrong=[
                        WrongAnswer(
                            _eer.threshold,
                            "That is the threshold where the two rates are equal. The question "
                            "asks for the rate itself: the FMR (or FNMR) at that threshold.",
                        ),
                        WrongAnswer(
                            _eer.false_match_rate + _eer.false_non_match_rate,
                            "You added the two rates. At the equal error rate they are equal, so "
                            "the EER is either one of them, not their sum.",
                        ),
                        WrongAnswer(
                            1 - _eer.rate,
                            "That is 1 - EER, the share of comparisons decided correctly there. "
                            "Give the error rate.",
                        ),
                        WrongAnswer(
                            (_fmr + _fnmr) / 2,
                            "That is the average of the two rates at the threshold 0.60, where "
                            "they are not equal. Move the threshold until FMR = FNMR.",
                        ),
                    ],
                    fallback_hint="Try thresholds below 0.60 (for example 0.50, 0.53, 0.55) and "
                    "compute both rates at each, until they are equal.",
                ),
            ),
            Exercise(
                "threshold_1_in_1000",
                "4. The threshold for a false-match rate of 1 in 1,000",
                number_judge(
                    _target_threshold,
                    wrong=[
                        WrongAnswer(
                            float(np.quantile(_impostor_all, TARGET_FMR)),
                            "That threshold has 0.1% of impostor scores *below* it, so 99.9% of "
                            "impostors would match. You need 0.1% at or above it: the top end.",
                        ),
                        WrongAnswer(
                            float(np.quantile(_genuine_all, 1 - TARGET_FMR)),
                            "You used the genuine scores. The false-match rate is about impostor "
                            "scores: use the rows where kind is \"impostor\".",
                        ),
                        WrongAnswer(
                            float(np.quantile(_genuine_all, TARGET_FMR)),
                            "You used the genuine scores. The false-match rate is about impostor "
                            "scores: use the rows where kind is \"impostor\".",
                        ),
                        WrongAnswer(
                            model.threshold_for_false_match_rate(_impostor_all, 10 * TARGET_FMR),
                            "That threshold gives a false-match rate of 1 in 100 (0.01). 1 in "
                            "1,000 is 0.001: a stricter, higher threshold.",
                        ),
                    ],
                    rel_tol=0.0,
                    abs_tol=0.002,
                    proportion=False,
                    fallback_hint="Sort the impostor scores. At most 1 in 1,000 of them may be at or "
                    "above the threshold, so look near the top of the sorted list.",
                ),
            ),
            Exercise(
                "rejected_per_month",
                "5. Honest customers falsely rejected in a month",
                number_judge(
                    float(_month["honest_falsely_rejected"]),
                    wrong=[
                        WrongAnswer(
                            _registrations * MONTHLY["false_non_match_rate"],
                            "Only honest customers can be falsely rejected: the people using "
                            "someone else's ID card are rightly refused. Take them out first.",
                        ),
                        WrongAnswer(
                            _honest * MONTHLY["false_match_rate"],
                            "You used the false-match rate. A false match lets an impostor in; an "
                            "honest customer is refused by a false non-match (FNMR).",
                        ),
                        WrongAnswer(
                            _registrations * MONTHLY["false_match_rate"],
                            "You used the false-match rate, on everyone. An honest customer is "
                            "refused by a false non-match: use the FNMR, on honest customers.",
                        ),
                        WrongAnswer(
                            _impostors * MONTHLY["false_non_match_rate"],
                            "You applied the FNMR to the impostors. An impostor who is refused is "
                            "a correct decision. The FNMR applies to the honest customers.",
                        ),
                        WrongAnswer(
                            MONTHLY["false_non_match_rate"],
                            "That is a rate, not a number of people. Multiply it by the number of "
                            "honest customers.",
                        ),
                        WrongAnswer(
                            MONTHLY["false_non_match_rate"] * (1 - MONTHLY["impostor_share"]),
                            "That is a share of all registrations, not a number of people. "
                            "Multiply by the registrations per month.",
                        ),
                        WrongAnswer(
                            12 * _honest * MONTHLY["false_non_match_rate"],
                            "That is for a year. The question asks for one month.",
                        ),
                    ],
                    # Tight: the right answer and the "everyone" mistake differ by the impostor
                    # share (0.2%), so a looser tolerance would accept the mistake.
                    rel_tol=0.0005,
                    proportion=False,
                    fallback_hint="Honest customers = registrations x (1 - impostor share); falsely "
                    "rejected = honest customers x FNMR.",
                ),
            ),
            Exercise(
                "disparity_ratio",
                "6. How many times higher is Group B's false-match rate?",
                number_judge(
                    _fmr_b / _fmr_a,
                    wrong=[
                        WrongAnswer(
                            _fmr_a / _fmr_b,
                            "You divided the other way round (Group A / Group B), which gives a "
                            "number below 1. The question asks how many times higher Group B's "
                            "rate is: Group B / Group A.",
                        ),
                        WrongAnswer(
                            _fmr_b - _fmr_a,
                            "That is the difference of the two rates. A disparity ratio divides "
                            "them: Group B's FMR / Group A's FMR.",
                        ),
                        WrongAnswer(
                            _fmr_b / _fmr_a - 1,
                            "That is how much higher in relative terms (ratio - 1). The question "
                            "asks for the ratio itself: Group B / Group A.",
                        ),
                        WrongAnswer(
                            _fmr_b / _fmr_both,
                            "You divided by the false-match rate of everyone together. Compare "
                            "the two groups: Group B's FMR / Group A's FMR.",
                        ),
                    ],
                    proportion=False,
                    fallback_hint="Compute the false-match rate of each group at GROUP_THRESHOLD "
                    "from its impostor scores only, then divide Group B's by Group A's.",
                ),
            ),
            Exercise(
                "which_rate",
                "7. Which rate counts a false duplicate flag?",
                choice_judge(
                    "c",
                    {
                        "a": "FMR is the rate per comparison of two faces (1:1). A search makes one "
                        "comparison per face in the gallery; the rate per search is another one.",
                        "b": "A non-match error means the system failed to match a person with "
                        "their own photo. Here it matched her with someone else's.",
                        "d": "FNIR counts searches for someone who *is* in the gallery that fail "
                        "to find them. She is not in the gallery.",
                    },
                    options=["a", "b", "c", "d"],
                ),
            ),
            Exercise(
                "accuracy_claim",
                "8. What \"99.9% accurate\" leaves out",
                choice_judge(
                    "b",
                    {
                        "a": "The FMR says how often impostors get through. Honest customers are "
                        "refused by false non-matches: you need the FNMR.",
                        "c": "How many algorithms NIST tested says nothing about the errors of the "
                        "one system a shop uses.",
                        "d": "The EER is the error at the one threshold where both rates are equal. "
                        "A real system runs at its own threshold, usually stricter, where the "
                        "FNMR is higher than the EER.",
                    },
                    options=["a", "b", "c", "d"],
                ),
            ),
            Exercise(
                "fnmr_on_curve",
                "9. Reading the DET curve: the FNMR at 1 in 1,000",
                number_judge(
                    _curve_fnmr,
                    wrong=[
                        *(WrongAnswer(value, _AXIS_HINT + " You gave the row's FMR, about 1 in "
                                      "1,000: the question asks for its FNMR.")
                          for value in sorted({_curve_fmr, _last_fmr})),
                        WrongAnswer(
                            float(_fnmr_row["false_match_rate"]),
                            _AXIS_HINT + " You looked for 1 in 1,000 in the FNMR column and gave "
                            "that row's FMR.",
                        ),
                        WrongAnswer(
                            float(_fnmr_row["false_non_match_rate"]),
                            _AXIS_HINT + " You found the row whose FNMR is closest to 1 in 1,000; "
                            "find the row whose FMR is.",
                        ),
                        WrongAnswer(
                            _curve_fnmr * len(_genuine_all),
                            "That is a count of genuine scores below the threshold, not a rate. "
                            "The curve's false_non_match_rate column gives the rate itself.",
                        ),
                        WrongAnswer(
                            1 - _curve_fnmr,
                            "That is the hit rate, 1 - FNMR: the share of genuine comparisons "
                            "matched, which the ROC curve plots. The DET curve plots the FNMR "
                            "itself, the share wrongly refused.",
                        ),
                        WrongAnswer(
                            1.0,
                            "That is the strict end of the curve (the first row: a threshold "
                            "above every score, so nobody matches). Find the row whose FMR is "
                            "closest to 1 in 1,000, further down the table.",
                        ),
                        WrongAnswer(
                            0.0,
                            "That is the lenient end of the curve (the last rows: a threshold so "
                            "low that every genuine comparison matches, with an FMR far above 1 "
                            "in 1,000). Find the row whose FMR is closest to 1 in 1,000.",
                        ),
                        WrongAnswer(
                            _at_exercise_4,
                            "That is the FNMR at exercise 4's threshold, one of the impostor "
                            "scores, computed rather than read. The curve's row closest to 1 in "
                            "1,000 has a slightly lower threshold and one genuine score fewer "
                            "below it: read its false_non_match_rate.",
                        ),
                        WrongAnswer(
                            _small_fnmr,
                            "You read the curve of the 50 made-up scores of exercises 1 to 3. Use "
                            "the curve of the large sample: det_curve(genuine_scores, "
                            "impostor_scores).",
                        ),
                    ],
                    fallback_hint="Find the row of curve whose false_match_rate is closest to "
                    "TARGET_FMR, for example with (curve[\"false_match_rate\"] - "
                    "TARGET_FMR).abs().idxmin(), and read its false_non_match_rate.",
                ),
            ),
            Exercise(
                "nist_findings",
                "10. What NIST found",
                choice_judge(
                    "d",
                    {
                        "a": "Not every algorithm. NIST's release says the majority of algorithms "
                        "exhibit demographic differentials, and some algorithms developed in Asia "
                        "did not show the large difference between Asian and Caucasian faces.",
                        "b": "10 to 100 is a range across algorithms (from one algorithm to the "
                        "next), not a bound on each one. The sources give no figure for any "
                        "particular algorithm, so \"at most 100 times\" says more than they do.",
                        "c": "The 2 to 5 times for women is about false positives: two different "
                        "people wrongly matched. The course could not read NIST's figures for "
                        "false negatives by group.",
                        "e": "Some algorithms developed in Asia, as reported: not all of them. And "
                        "NIST did not study why; its lead author suggested more diverse training "
                        "data may help.",
                    },
                    options=["a", "b", "c", "d", "e"],
                ),
            ),
        ],
    )


LESSON = lesson_for(DEFAULT)

#: ``check("fmr")`` in the notebook checks the variable ``fmr``.
check = LESSON.checker()
#: ``progress()`` shows which exercises pass.
progress = LESSON.progress
