"""Checks for "Python for this course" (``lessons/python-for-this-course.ipynb``).

The notebook teaches the Python, numpy and pandas that the course's exercises use, one skill a
section, each with a short mini-exercise. In the notebook::

    from facenumbers.checks.python_skills import check, progress
    first_try_share = ...          # the learner's answer
    check("first_try_share")

Each mini-exercise's hints are aimed at the typical slip of its skill: a percentage for a
proportion, a missing pair of parentheses, ``^`` for a power, ``print`` where a value was
wanted, ``>`` for ``>=``, counting positions from 1 or from the wrong end, the wrong row of
``.loc``, numbers matched by position instead of by label.

The notebook shows its data in its own cells, so that a learner sees every number; the
constants below are the same data, for the checks. Every score and every shop is made up
(synthetic or illustrative); the Met's count comes from the course's sourced table
``watchlist_deployments``.

>>> check("first_try_share", (1250 - 37) / 1250).passed
True
>>> print(check("first_try_share", 1250 - 37 / 1250).hint)  # doctest: +ELLIPSIS
Python divides before it subtracts...
>>> print(check("share_at_or_above", 0.1).hint)  # doctest: +ELLIPSIS
You counted only the scores above 0.6 (>)...
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from facenumbers import data
from facenumbers.checks import (
    Exercise,
    Lesson,
    WrongAnswer,
    choice_judge,
    function_judge,
    number_judge,
)

__all__ = [
    "LESSON",
    "check",
    "progress",
    "SHOP",
    "CODE_DIGITS",
    "THRESHOLD",
    "IMPOSTOR_SCORES",
    "GENUINE_SCORES",
    "MET_CASE",
    "SHOPS",
    "HARMS",
    "WEIGHTS",
    "PER_100_000_CASES",
]


def _frozen(values: list[float]) -> np.ndarray:
    """A read-only float array, so that nothing can change the checks' data by accident."""
    array = np.array(values, dtype=float)
    array.setflags(write=False)
    return array


#: Mini-exercise 1: an illustrative shop's month (customers, and those who needed a second try).
SHOP = {"customers": 1_250, "second_try": 37}

#: Mini-exercise 2: the digits of an SMS verification code, each 0 to 9.
CODE_DIGITS = 6

#: Mini-exercise 5: twenty synthetic impostor scores; two sit exactly on the threshold.
THRESHOLD = 0.6
IMPOSTOR_SCORES = _frozen([0.12, 0.31, 0.60, 0.45, 0.08, 0.62, 0.27, 0.51, 0.19, 0.38,
                           0.60, 0.22, 0.44, 0.15, 0.71, 0.33, 0.29, 0.56, 0.09, 0.41])

#: Mini-exercise 6: ten synthetic genuine scores, in no order.
GENUINE_SCORES = _frozen([0.83, 0.91, 0.58, 0.77, 0.95, 0.69, 0.88, 0.47, 0.72, 0.80])

#: Mini-exercise 7: the row of the sourced table that the learner reads with ``.loc``.
MET_CASE = "met_2024_2025"
_deployments = data.load("watchlist_deployments").set_index("case")

#: Mini-exercise 8: ten illustrative phone shops (made up: no real shop or province).
SHOPS = pd.DataFrame({
    "shop": [f"S{n:02d}" for n in range(1, 11)],
    "province": ["Province A", "Province B", "Province A", "Province C", "Province A",
                 "Province B", "Province D", "Province A", "Province B", "Province A"],
    "registrations": [1_250, 830, 2_100, 410, 960, 1_480, 720, 1_730, 650, 1_090],
})

#: Mini-exercise 9: one policy's harms in a year (illustrative counts) and the points each
#: case weighs, written in a different order on purpose.
HARMS = {"fraud_not_stopped": 423, "honest_refused": 297, "faces_stored": 120_000}
WEIGHTS = {"faces_stored": 0.01, "honest_refused": 50, "fraud_not_stopped": 100}


def _per_100_000(count: float, people: float) -> float:
    """The right answer to mini-exercise 4: a count per 100,000 people."""
    return count / people * 100_000


#: (count, people) -> count per 100,000 people, for the function check.
PER_100_000_CASES = [
    (args, _per_100_000(*args))
    for args in [(30, 40_000), (25, 100_000), (9_000, 11_900_000), (1, 3)]
]

_customers, _second_try = SHOP["customers"], SHOP["second_try"]
_ranked = np.sort(GENUINE_SCORES)
_sizes = SHOPS.groupby("province").size()
_harms = pd.Series(HARMS)

LESSON = Lesson(
    "python-for-this-course",
    [
        Exercise(
            "first_try_share",
            "1. Share who passed at the first try (order of operations)",
            number_judge(
                (_customers - _second_try) / _customers,
                wrong=[
                    WrongAnswer(
                        _customers - _second_try / _customers,
                        "Python divides before it subtracts, so 1250 - 37 / 1250 is "
                        "1250 - 0.0296. Put the subtraction in parentheses: (1250 - 37) / 1250.",
                    ),
                    WrongAnswer(
                        _second_try / _customers,
                        "That is the share who needed a second try. The question asks for the "
                        "share who passed at the first try: the other customers.",
                    ),
                    WrongAnswer(
                        _customers - _second_try,
                        "That is the number of customers who passed at the first try. Now "
                        "divide it by all 1,250 customers to get a share.",
                    ),
                ],
                fallback_hint="Customers who passed at the first try = 1250 - 37; divide that "
                "by all 1250 customers.",
            ),
        ),
        Exercise(
            "six_digit_codes",
            "2. Six-digit codes (powers)",
            number_judge(
                10 ** CODE_DIGITS,
                wrong=[
                    WrongAnswer(
                        10 ^ CODE_DIGITS,
                        "In Python, ^ is not a power: it combines the bits of two whole "
                        "numbers (10 ^ 6 is 12). Write a power with two stars: 10 ** 6.",
                    ),
                    WrongAnswer(
                        10 * CODE_DIGITS,
                        "That is 10 times 6. Each digit multiplies the number of codes by 10, "
                        "six times over: a power, 10 ** 6.",
                    ),
                    WrongAnswer(
                        CODE_DIGITS ** 10,
                        "That is 6 ** 10: the other way round. There are 10 choices for each of "
                        "the 6 digits, so the base is 10 and the power 6: 10 ** 6.",
                    ),
                    WrongAnswer(
                        10 ** CODE_DIGITS - 1,
                        "That is the largest code, 999999, not the number of codes: 000000 is "
                        "a code too.",
                    ),
                ],
                proportion=False,
                fallback_hint="With 1 digit there are 10 codes; with 2 digits, 10 ** 2 = 100. "
                "With 6 digits?",
            ),
        ),
        Exercise(
            "stores_the_value",
            "3. Which line stores the value (print and =)",
            choice_judge(
                "b",
                {
                    "a": "print shows the value on the screen but gives back None, so share "
                    "would hold None. Leave print out: share = 37 / 1250.",
                    "c": "== asks a question (are the two sides equal?) and answers True or "
                    "False; it stores nothing. A single = gives a name to a value.",
                    "d": "Python refuses this line with a TypeError: print shows values, and "
                    "share = ... inside its parentheses is not one. Name the value on a line "
                    "of its own.",
                },
                options=["a", "b", "c", "d"],
            ),
        ),
        Exercise(
            "per_100_000",
            "4. A function: a count per 100,000 people (def and return)",
            function_judge(
                PER_100_000_CASES,
                wrong=[
                    (lambda count, people: count / people,
                     "Your function returns the proportion, count / people. Multiply it by "
                     "100_000 to get the count per 100,000 people."),
                    (lambda count, people: count / (people * 100_000),
                     "Your function divides by 100,000 as well: the parentheses put 100_000 "
                     "under the line, with people. Python works * and / from left to right, so "
                     "count / people * 100_000 needs no parentheses."),
                    (lambda count, people: people / count * 100_000,
                     "Your function divides the other way round, people / count. Put the count "
                     "on top: count / people * 100_000."),
                    (lambda count, people: count / people * 100,
                     "Your function gives a count per 100 people (a percentage), not per "
                     "100,000: multiply by 100_000."),
                    (lambda count, people: count * 100_000,
                     "Your function never divides by people: a count per 100,000 is "
                     "count / people * 100_000."),
                ],
                fallback_hint="Check it by hand: 30 refusals among 40,000 people is 75 per "
                "100,000, so per_100_000(30, 40_000) must return 75.",
            ),
        ),
        Exercise(
            "share_at_or_above",
            "5. Share of scores at or above 0.6 (numpy comparisons)",
            number_judge(
                float((IMPOSTOR_SCORES >= THRESHOLD).mean()),
                wrong=[
                    WrongAnswer(
                        float((IMPOSTOR_SCORES > THRESHOLD).mean()),
                        "You counted only the scores above 0.6 (>). A score equal to the "
                        "threshold counts too, and two scores are exactly 0.60: use >= (at or "
                        "above).",
                    ),
                    WrongAnswer(
                        float((IMPOSTOR_SCORES >= THRESHOLD).sum()),
                        "That is the number of scores at or above 0.6. The question asks for "
                        "their share: .mean() instead of .sum(), or divide by "
                        "len(impostor_scores).",
                    ),
                    WrongAnswer(
                        float((IMPOSTOR_SCORES > THRESHOLD).sum()),
                        "That is a count, and of the scores above 0.6 only. Use >= (a score "
                        "equal to 0.6 counts too) and .mean() for the share.",
                    ),
                    WrongAnswer(
                        float((IMPOSTOR_SCORES < THRESHOLD).mean()),
                        "That is the share below 0.6. The question asks for the share at or "
                        "above it: turn the comparison round, >=.",
                    ),
                    WrongAnswer(
                        float(IMPOSTOR_SCORES.mean()),
                        "That is the average of the scores themselves. Compare first, then "
                        "take the mean of the True and False values: "
                        "(impostor_scores >= 0.6).mean().",
                    ),
                ],
                fallback_hint="impostor_scores >= 0.6 gives True or False for each score; "
                ".mean() gives the share of True.",
            ),
        ),
        Exercise(
            "third_highest",
            "6. The third-highest score (sorting and positions)",
            number_judge(
                float(_ranked[-3]),
                wrong=[
                    WrongAnswer(
                        float(_ranked[2]),
                        "np.sort puts the lowest score first, so position 2 holds the "
                        "third-LOWEST score. Count from the end: ranked[-3], or "
                        "ranked[len(ranked) - 3].",
                    ),
                    WrongAnswer(
                        float(_ranked[3]),
                        "Position 3 is the fourth score from the bottom: positions start at 0, "
                        "and np.sort puts the lowest first. Count from the end: ranked[-3].",
                    ),
                    WrongAnswer(
                        float(_ranked[-2]),
                        "That is the second-highest score. ranked[-1] is the highest, so the "
                        "third-highest is ranked[-3].",
                    ),
                    WrongAnswer(
                        float(_ranked[-4]),
                        "That is the fourth-highest score: one too far. The highest is "
                        "ranked[len(ranked) - 1], so the third-highest is ranked[len(ranked) - 3].",
                    ),
                    WrongAnswer(
                        float(GENUINE_SCORES[-3]),
                        "You did not sort: genuine_scores[-3] is the third score from the end "
                        "in the order the scores were given. Sort them first with np.sort.",
                    ),
                    WrongAnswer(
                        float(GENUINE_SCORES.max()),
                        "That is the highest score. Sort the scores with np.sort and count "
                        "three from the end: ranked[-3].",
                    ),
                ],
                proportion=False,
                fallback_hint="ranked = np.sort(genuine_scores) puts the scores from low to "
                "high; ranked[-1] is the highest.",
            ),
        ),
        Exercise(
            "met_faces_scanned",
            "7. Faces the Met scanned in 2024-25 (.loc)",
            number_judge(
                float(_deployments.loc[MET_CASE, "faces_scanned"]),
                wrong=[
                    WrongAnswer(
                        float(_deployments.loc["cardiff_2017", "faces_scanned"]),
                        "That is the faces_scanned of Cardiff's row (cardiff_2017). The row "
                        "label goes first in .loc[row, column]: use the Met's row, "
                        "met_2024_2025.",
                    ),
                    WrongAnswer(
                        float(_deployments.loc[MET_CASE, "alerts"]),
                        "That is the Met's number of alerts: the right row, the wrong column. "
                        "The column name goes second: .loc[\"met_2024_2025\", \"faces_scanned\"].",
                    ),
                    WrongAnswer(
                        float(_deployments.loc[MET_CASE, "false_alerts"]),
                        "That is the Met's false_alerts column: the right row, the wrong "
                        "column. Use the column faces_scanned.",
                    ),
                    WrongAnswer(
                        float(_deployments.loc[MET_CASE, "true_alerts"]),
                        "That is the Met's true_alerts column: the right row, the wrong "
                        "column. Use the column faces_scanned.",
                    ),
                ],
                proportion=False,
                fallback_hint="deployments.loc[row, column] gives one value: the row label "
                "first (met_2024_2025), then the column name (faces_scanned), both in quotes.",
            ),
        ),
        Exercise(
            "one_shop_provinces",
            "8. Provinces with only one shop (groupby)",
            number_judge(
                int((_sizes == 1).sum()),
                wrong=[
                    WrongAnswer(
                        len(_sizes),
                        "That is the number of provinces: every group. Keep only the groups "
                        "of exactly one shop: (sizes == 1) gives True or False for each "
                        "province, and .sum() counts the True ones.",
                    ),
                    WrongAnswer(
                        int(_sizes.max()),
                        "That is the size of the largest group (the shops of one province). "
                        "The question asks how many provinces have exactly one shop.",
                    ),
                    WrongAnswer(
                        int(_sizes.min()),
                        "That is the size of the smallest group: one shop. The question asks "
                        "how many provinces have a group that small: (sizes == 1).sum().",
                    ),
                    WrongAnswer(
                        int(_sizes[_sizes > 1].sum()),
                        "That counts the shops that share their province with another shop. "
                        "Count the provinces with exactly one shop instead.",
                    ),
                    WrongAnswer(
                        len(SHOPS),
                        "That is the number of shops: the rows of the table. Count the groups "
                        "of shops.groupby(\"province\").size() that hold exactly 1.",
                    ),
                ],
                proportion=False,
                fallback_hint="sizes = shops.groupby(\"province\").size() counts the shops in "
                "each province; (sizes == 1).sum() counts the provinces with exactly one.",
            ),
        ),
        Exercise(
            "weighted_points",
            "9. Harms times their weights (Series matched by label)",
            number_judge(
                float((_harms * pd.Series(WEIGHTS)).sum()),
                wrong=[
                    WrongAnswer(
                        float((_harms * list(WEIGHTS.values())).sum()),
                        "You matched the harms and the weights by position, but the weights are "
                        "written in a different order. Make them a Series, pd.Series(weights), "
                        "and pandas matches each harm to its own weight by label.",
                    ),
                    WrongAnswer(
                        float(_harms.sum()),
                        "That adds up the counts without their weights. Multiply each count by "
                        "its weight first: harms * pd.Series(weights), then .sum().",
                    ),
                    WrongAnswer(
                        float(sum(WEIGHTS.values())),
                        "That adds up the weights alone. Multiply each count by its weight "
                        "first: harms * pd.Series(weights), then .sum().",
                    ),
                ],
                proportion=False,
                fallback_hint="(harms * pd.Series(weights)).sum(): each count times its own "
                "weight, then added up.",
            ),
        ),
    ],
)


#: ``check("first_try_share")`` in the notebook checks the variable ``first_try_share``.
check = LESSON.checker()
#: ``progress()`` shows which mini-exercises pass.
progress = LESSON.progress
