"""Checks for Lesson 07: breaches, function creep and the evidence.

In the exercise notebook::

    from facenumbers.checks.evidence import MEMO_RUBRIC, STORE, check, progress

- ``STORE``: a central store of faces (illustrative), its chance of a breach in a year, the
  share a breach leaks, and the share of people who reset a leaked password.
- ``MEMO_RUBRIC``: how the instructor grades the memo (exercise 7).

Exercises 4 to 6 are choices about the published figures the lesson shows (the Nandu survey,
the recorded fraud cases) and about what evidence would settle "it prevents fraud".

>>> check("faces_exposed_10_years", STORE["stored"] * (1 - 0.99 ** 10)).passed
True
>>> print(check("survey_shows", "a").hint)  # doctest: +ELLIPSIS
The people who answered chose to...
>>> print(check("policy_memo", '''   '''))  # doctest: +ELLIPSIS
Not answered yet (policy_memo): Write your text between the triple quotes and run the cell again.
Rubric (20 points in all):
...
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping

from facenumbers.checks import (
    Criterion,
    Exercise,
    Feedback,
    Lesson,
    Progress,
    Rubric,
    WrongAnswer,
    choice_judge,
    function_judge,
    memo_judge,
    number_judge,
)
from facenumbers.checks.variation import Value, Variation
from facenumbers.models.policy import still_exposed

__all__ = ["DEFAULT", "LESSON", "MEMO_RUBRIC", "STORE", "VARIANT_COUNTS", "VARIATION", "check",
           "constants_for", "for_variant", "lesson_for", "progress", "store_for", "texts_for"]

#: Exercises 1 to 3: a provincial store of faces (illustrative).
STORE = {
    "stored": 50_000_000,
    "breach_probability_per_year": 0.05,
    "share_leaked_per_breach": 0.2,
    "years": 10,
    "password_reset_share": 0.9,
}

#: What varies between students (``facenumbers assign``, see :mod:`facenumbers.variants`):
#: exercises 1 and 2's illustrative store, its size and its yearly chance of a breach (the
#: share leaked, the years and the resets stay). Exercise 3 is a function, 4 to 6 choices
#: about published figures, 7 a memo graded by hand: they stay fixed.
DEFAULT: dict[str, Value] = {"stored": 50_000_000, "breach_chance": 0.05}
VARIATION = Variation(DEFAULT, {"stored": (20_000_000, 50_000_000, 100_000_000),
                                "breach_chance": (0.02, 0.05, 0.1)})
#: How many different right answers each exercise has across the variants (K; 1: fixed).
VARIANT_COUNTS: dict[str, int] = {
    "faces_exposed_10_years": 9, "passwords_exposed_10_years": 9, "people_exposed": 1,
    "survey_shows": 1, "fraud_counts_show": 1, "evidence_design": 1, "policy_memo": 1,
}


def store_for(params: Mapping[str, Value]) -> dict[str, float]:
    """The variant's ``STORE``.

    >>> store_for({"stored": 20_000_000})["stored"], store_for({})["breach_probability_per_year"]
    (20000000, 0.05)
    """
    complete = VARIATION.complete(params)
    return {**STORE, "stored": int(complete["stored"]),
            "breach_probability_per_year": float(complete["breach_chance"])}


def texts_for(params: Mapping[str, Value]) -> dict[str, str]:
    """What the variant's notebook states (cell metadata ``facenumbers_vary``).

    >>> texts = texts_for({"stored": 100_000_000, "breach_chance": 0.1})
    >>> texts["stored_words"], texts["breach_percent"], texts["exposed_working"]
    ('100 million', '10%', '100,000,000 x (1 - 0.98 ** 10) = about 18.3 million')
    """
    store = store_for(params)
    stored, p, q = store["stored"], store["breach_probability_per_year"], store["share_leaked_per_breach"]
    years, reset = store["years"], store["password_reset_share"]
    escape = round(1 - p * q, 6)
    faces = still_exposed(stored, p, q, years)
    return {
        "stored_words": f"{stored / 1e6:g} million",
        "breach_percent": f"{100 * p:g}%",
        "escape_working": f"= {escape:g}, and all {years} years with {escape:g} ** {years} = "
                          f"{escape ** years:.3f}",
        "exposed_working": f"{stored:,} x (1 - {escape:g} ** {years}) = about "
                           f"{faces / 1e6:.3g} million",
        "linear_working": f"{stored * years * p * q / 1e6:g} million is close",
        "leaked_words": f"{faces / 1e6:.3g} million",
        "passwords_words": f"about {round(faces * (1 - reset), -3):,.0f}",
    }


def constants_for(params: Mapping[str, Value]) -> dict[str, str]:
    """The names the notebook imports whose values vary, as code for the variant's setup cell.

    >>> print(constants_for({"breach_chance": 0.1})["STORE"])  # doctest: +NORMALIZE_WHITESPACE
    {"stored": 50_000_000, "breach_probability_per_year": 0.1, "share_leaked_per_breach": 0.2,
     "years": 10, "password_reset_share": 0.9}
    """
    store = store_for(params)
    return {"STORE": f'{{"stored": {store["stored"]:_}, "breach_probability_per_year": '
                     f'{store["breach_probability_per_year"]:g}, "share_leaked_per_breach": '
                     f'{store["share_leaked_per_breach"]:g}, "years": {store["years"]}, '
                     f'"password_reset_share": {store["password_reset_share"]:g}}}'}


#: Exercise 7: the rubric the instructor grades the memo with (20 points).
MEMO_RUBRIC = Rubric((
    Criterion("Uses the numbers correctly, with units", (
        (4, "At least three numbers from the simulator or the exercises, each right, with its "
            "unit and what it counts (people a year, faces stored, people exposed over 10 "
            "years), and saying which are data and which are model results."),
        (2, "Numbers are there, but one is wrong, has no unit, or mixes a rate with a count."),
        (0, "No numbers, or mostly wrong ones."),
    )),
    Criterion("States its assumptions and weights", (
        (3, "Says which inputs are assumptions (fraud shares, displacement, breach chance, "
            "search error rate), which structural assumptions the advice depends on (whether "
            "faces are kept, which gallery the search uses) and which weights (value "
            "judgments) it uses, and how far the advice moves when they change."),
        (1, "Mentions assumptions in general terms only."),
        (0, "Presents the simulator's outputs as facts."),
    )),
    Criterion("Says who bears the errors, including groups", (
        (4, "Names who bears each kind of error (honest people refused or flagged, everyone "
            "whose face is stored, victims of the fraud not stopped) and how a group the "
            "matcher serves worse is affected, keeping counts and rates apart."),
        (2, "Names who bears some errors, or ignores the differences between groups."),
        (0, "Does not say who bears the errors."),
    )),
    Criterion("Weighs both sides fairly", (
        (3, "Gives the strongest case for the 1:N search (fraud it stops, with numbers) and "
            "the strongest case against (flags, refusals, stored faces, breaches, function "
            "creep)."),
        (1, "Mostly one side; the other is mentioned in passing."),
        (0, "One side only."),
    )),
    Criterion("The recommendation follows from the evidence", (
        (4, "A clear recommendation that follows from the numbers and the stated weights, "
            "and names a piece of evidence that would change it."),
        (2, "A recommendation that only partly follows, or no evidence that would change it."),
        (0, "No recommendation, or one that contradicts the memo's own numbers."),
    )),
    Criterion("Clear and within length", (
        (2, "150 to 250 words, in plain language a regulator can act on."),
        (1, "A little outside the length, or hard to follow in places."),
        (0, "Far outside the length, or unclear."),
    )),
))

# --- Expected answers, from the inputs above and the package's model --------------------



# Exercise 3: the function, tried on the store's values and on others (stored, p, q, years, r).
_FUNCTION_CASES = [
    ((50_000_000, 0.05, 0.2, 10, 0.0), still_exposed(50_000_000, 0.05, 0.2, 10)),
    ((50_000_000, 0.05, 0.2, 10, 0.9), still_exposed(50_000_000, 0.05, 0.2, 10, reset_share=0.9)),
    ((1_000_000, 0.1, 0.5, 5, 0.0), still_exposed(1_000_000, 0.1, 0.5, 5)),
    ((2_000, 0.5, 1.0, 3, 0.5), still_exposed(2_000, 0.5, 1.0, 3, reset_share=0.5)),
]


def _people_exposed_linear(stored: float, p: float, q: float, years: float, r: float) -> float:
    return stored * years * p * q * (1 - r)


def lesson_for(params: Mapping[str, Value]) -> Lesson:
    """The checks of one variant (``{}`` or :data:`DEFAULT`: the lesson as ``make exercises``
    states it). Raises ValueError for a parameter or value that :data:`VARIATION` does not allow.

    >>> lesson_for({"stored": 20_000_000, "breach_chance": 0.1}).check(
    ...     "faces_exposed_10_years", 20_000_000 * (1 - 0.98 ** 10)).passed
    True
    """
    store = store_for(params)
    _s, _p, _q, _n, _r = (store[k] for k in ("stored", "breach_probability_per_year",
                                             "share_leaked_per_breach", "years",
                                             "password_reset_share"))
    _faces = still_exposed(_s, _p, _q, _n)
    _passwords = still_exposed(_s, _p, _q, _n, reset_share=_r)
    _leaked_share = _faces / _s
    _linear_faces = _s * _n * _p * _q
    _linear_gap = _linear_faces / _faces - 1
    _one_breach = _s * _q                       # what one breach leaks, if there is one
    _no_breach = (1 - _p) ** _n                 # the chance of no breach at all in the years

    return Lesson(
        "07-breaches-and-evidence",
        [
            Exercise(
                "faces_exposed_10_years",
                "1. Faces exposed after 10 years of possible breaches",
                number_judge(
                    _faces,
                    wrong=[
                        WrongAnswer(
                            _linear_faces,
                            f"You used 10 x p x q x stored. That is a good approximation when p x q "
                            f"x years is small (here it is only {100 * _linear_gap:.1f}% too high), "
                            "but it counts twice the people leaked in two different years. The "
                            "exact answer: stored x (1 - (1 - p q) ** 10).",
                        ),
                        WrongAnswer(
                            _s * _p * _q,
                            "That is one year. A face leaked in any of the 10 years stays exposed: "
                            "use the chance of at least one leak in 10 years, 1 - (1 - p q) ** 10.",
                        ),
                        WrongAnswer(
                            _one_breach,
                            f"That is what one breach leaks, if there is one: q x stored, all at "
                            f"once. The question asks for the expected number exposed, the average "
                            f"over every case, the most likely being no breach at all "
                            f"({_no_breach:.0%}): stored x (1 - (1 - p q) ** 10).",
                        ),
                        WrongAnswer(
                            _s * -math.expm1(_n * math.log1p(-_p)),
                            f"You forgot the share leaked per breach: a breach leaks q = {_q:.0%} "
                            "of the store, so a face leaks in a year with chance p x q.",
                        ),
                        WrongAnswer(
                            _s * -math.expm1(_n * math.log1p(-_q)),
                            "You forgot the chance of a breach: a face leaks in a year only if there "
                            "is a breach (p) and it is among the share leaked (q): p x q.",
                        ),
                        WrongAnswer(
                            _s * _p ** _n,
                            "You raised the chance to the power 10: that is the chance of a breach "
                            "in every one of the 10 years. A face is exposed if it leaks in at least "
                            "one year: 1 - (1 - p q) ** 10.",
                        ),
                        WrongAnswer(
                            _s * (_p * _q) ** _n,
                            "(p q) ** 10 is the chance of a leak in every one of the 10 years. A "
                            "face is exposed if it leaks in at least one year: 1 - (1 - p q) ** 10.",
                        ),
                        WrongAnswer(
                            _s - _faces,
                            "That is the faces never leaked. Subtract it from the faces stored.",
                        ),
                        WrongAnswer(
                            _leaked_share,
                            "That is the share of faces exposed. Multiply it by the faces stored to "
                            "get a number of people.",
                        ),
                        WrongAnswer(
                            _passwords,
                            f"That assumes {_r:.0%} of people reset: a password can be changed, a "
                            "face cannot. For faces, leaked once means exposed for life.",
                        ),
                    ],
                    proportion=False,
                    fallback_hint="The chance that a face never leaks in a year is 1 - p q; in 10 "
                    "years, (1 - p q) ** 10. Exposed = stored x (1 - (1 - p q) ** 10).",
                ),
            ),
            Exercise(
                "passwords_exposed_10_years",
                "2. Passwords still exposed after 10 years, when people can reset",
                number_judge(
                    _passwords,
                    wrong=[
                        WrongAnswer(
                            _faces,
                            f"That is the answer for faces. {_r:.0%} of the people whose password "
                            f"leaked changed it: keep only the {1 - _r:.0%} who did not.",
                        ),
                        WrongAnswer(
                            _faces * _r,
                            "That is the people who changed their password: their exposure ended. "
                            f"The question asks for those still exposed: multiply by 1 - {_r:g}.",
                        ),
                        WrongAnswer(
                            _linear_faces * (1 - _r),
                            f"You used 10 x p x q: close (only {100 * _linear_gap:.1f}% too high), "
                            "but it counts twice the people leaked in two different years. Use "
                            f"1 - (1 - p q) ** 10 for the leaks, then keep the {1 - _r:.0%} who did "
                            "not reset.",
                        ),
                        WrongAnswer(
                            _s * (1 - _r),
                            f"That is {1 - _r:.0%} of everyone stored, leaked or not. Only people "
                            "whose password leaked can be exposed: multiply by 1 - (1 - p q) ** 10 "
                            "too.",
                        ),
                        WrongAnswer(
                            _leaked_share * (1 - _r),
                            "That is a share. Multiply it by the number of passwords stored.",
                        ),
                    ],
                    proportion=False,
                    fallback_hint="Take the people whose password leaked at least once (as for faces "
                    f"in exercise 1) and keep the {1 - _r:.0%} who did not change it.",
                ),
            ),
            Exercise(
                "people_exposed",
                "3. A function for the people still exposed after some years",
                function_judge(
                    _FUNCTION_CASES,
                    wrong=[
                        (_people_exposed_linear,
                         "Your function multiplies years x chance x share: close when the yearly "
                         "chance is small, but it counts twice anyone leaked in two different "
                         "years (try it with breach_chance=0.5, share_leaked=1: it passes 100%). "
                         "Use 1 - (1 - breach_chance * share_leaked) ** years."),
                        (lambda s, p, q, n, r: s * -math.expm1(n * math.log1p(-p * q)),
                         "Your function ignores reset_share: it gives the right answer for faces "
                         "(reset_share=0) only. Multiply by 1 - reset_share."),
                        (lambda s, p, q, n, r: s * -math.expm1(n * math.log1p(-p * q)) * r,
                         "Your function returns the people who changed their record: their "
                         "exposure ended. Multiply by 1 - reset_share instead."),
                        (lambda s, p, q, n, r: s * (1 - (1 - p) ** n) * (1 - r),
                         "Your function leaves out share_leaked: a breach leaks only that share of "
                         "the store, so a record leaks in a year with chance breach_chance x "
                         "share_leaked."),
                        (lambda s, p, q, n, r: s * (1 - (1 - p * q) ** n) * (1 - r) / s,
                         "Your function returns a share of the store. Multiply by stored to get "
                         "a number of people."),
                    ],
                    fallback_hint="Work exercise 1 with the function: people_exposed("
                    f"{_s:_}, {_p:g}, {_q:g}, {_n}, 0) should give about {_faces / 1e6:.3g} million; "
                    "with reset_share=0.9, exercise 2's answer.",
                ),
            ),
            Exercise(
                "survey_shows",
                "4. What the Nandu survey shows",
                choice_judge(
                    "b",
                    {
                        "a": "The people who answered chose to answer an online questionnaire: "
                        "people who care about the topic, and people who are online, are "
                        "over-represented. 74% of them is not 74% of China.",
                        "c": "The survey asked about face recognition in general, not about the "
                        "phone rule; and its respondents are not a sample of China.",
                        "d": "A self-selected sample cannot stand for China, but it still tells us "
                        "what the people who answered think, and that many of them hold both "
                        "views at once.",
                    },
                    ["a", "b", "c", "d"],
                ),
            ),
            Exercise(
                "fraud_counts_show",
                "5. What the recorded fraud cases show",
                choice_judge(
                    "c",
                    {
                        "a": "Two figures from different sources, with different definitions, "
                        "in a year when much else changed (the pandemic, police campaigns): a rise "
                        "does not show that the check failed.",
                        "b": "Recorded cases depend on police effort as well as on fraud, but two "
                        "figures with different definitions cannot show that the check worked "
                        "either.",
                        "d": "Displacement to resold cards is possible, and the critics point to "
                        "it, but two totals of recorded cases do not show where any fraud went.",
                    },
                    ["a", "b", "c", "d"],
                ),
            ),
            Exercise(
                "evidence_design",
                "6. The study that would settle \"it prevents fraud\"",
                choice_judge(
                    "c",
                    {
                        "a": "Counting checks measures how busy the rule is, not what it prevents: "
                        "the outcome that matters is fraud, victims and losses.",
                        "b": "Before and after, one month apart, with no comparison group: anything "
                        "else that changed that month (a police campaign, the season) would look "
                        "like the rule's effect, and fraud moved elsewhere would not be counted.",
                        "d": "Staff impressions are opinions, not counts, and they cannot see "
                        "fraud that moved to resold cards or old numbers.",
                    },
                    ["a", "b", "c", "d"],
                ),
            ),
            Exercise(
                "policy_memo",
                "7. Memo to a regulator: add the 1:N search? (graded by your instructor)",
                memo_judge(
                    150,
                    250,
                    must_mention={
                        "who bears the errors": ("bear", "borne", "group", "pay", "refused",
                                                 "flagged"),
                        "evidence that would change your mind": ("evidence", "change my mind",
                                                                 "would change", "trial", "study",
                                                                 "data"),
                        "a recommendation": ("recommend", "advise", "advice", "should", "i would"),
                    },
                    min_numbers=3,
                    rubric=MEMO_RUBRIC,
                ),
                points=MEMO_RUBRIC.total,
            ),
        ],
    )


def for_variant(key: str) -> tuple[Callable[..., Feedback | None], Callable[[], Progress]]:
    """``check, progress`` for a variant's notebook, from its key (see :mod:`facenumbers.variants`).

    >>> check_b, _ = for_variant("stored=100000000,breach_chance=0.02")
    >>> check_b("faces_exposed_10_years", 100_000_000 * (1 - 0.996 ** 10)).passed
    True
    """
    lesson = lesson_for(VARIATION.parse(key))
    return lesson.checker(), lesson.progress


LESSON = lesson_for(DEFAULT)

#: ``check("faces_exposed_10_years")`` in the notebook checks the variable of that name.
check = LESSON.checker()
#: ``progress()`` shows which exercises pass (and which written answers go to the instructor).
progress = LESSON.progress
