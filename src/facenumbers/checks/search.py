"""Checks for Lesson 05, searching a gallery and fairness across groups.

In the exercise notebook::

    from facenumbers.checks.search import check, progress

>>> check("chance_at_least_one", 0.7534).passed
True
>>> print(check("chance_at_least_one", 1.40005).hint)  # doctest: +ELLIPSIS
That is the expected number of false matches (N x FMR)...
>>> print(check("dedup_missing_number", "b").hint)  # doctest: +ELLIPSIS
You have the false-match rate already...

**Variants** (``facenumbers assign``): the illustrative numbers of exercises 1, 2, 3 and 5 (the
watchlist's size, the gallery's false-match rate, the new faces a day, Group B's prevalence)
may differ between students; :data:`VARIATION` lists the choices, :data:`VARIANT_COUNTS` how
many right answers each exercise has, and ``for_variant(key)`` gives a variant's checks.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping

from facenumbers import data
from facenumbers.checks import (
    Exercise,
    Feedback,
    Lesson,
    Progress,
    WrongAnswer,
    choice_judge,
    number_judge,
)
from facenumbers.checks.variation import Value, Variation
from facenumbers.models import base_rates, fairness

__all__ = ["DEFAULT", "FAIRNESS", "GALLERY", "LESSON", "THRESHOLDS", "VARIANT_COUNTS", "VARIATION",
           "WATCHLIST", "check", "for_variant", "lesson_for", "progress", "texts_for"]

_npl = data.load("npl_equitability_2023").set_index("measure")["value"]

#: The watchlist of exercise 1: NPL's 2023 figure (1 false alert per 6,000 passers-by with
#: 10,000 images, at threshold 0.6) carried to a longer list by the gallery law.
WATCHLIST = {
    "measured_size": int(_npl["watchlist_images_large"]),
    "people_per_false_alert": float(_npl["people_per_false_alert_watchlist_10000"]),
    "new_size": 50_000,
}
_fmr_npl = base_rates.false_match_rate_per_comparison(
    1 / WATCHLIST["people_per_false_alert"], WATCHLIST["measured_size"])
_measured_rate = 1 / WATCHLIST["people_per_false_alert"]

#: The deduplication search of exercises 2 and 3 (gallery from the data; rates illustrative).
GALLERY = {
    "size": int(data.value("china_2019", "population_end_2019")),
    "false_match_rate": 1e-9,
    "new_faces_per_day": 100_000,
}

#: The two groups of exercise 5 (illustrative numbers, stated in the exercise).
FAIRNESS = {"prevalence_a": 1 / 1_000, "prevalence_b": 1 / 100, "hit_rate": 0.9,
            "false_alert_rate": 1 / 1_000}

#: The values ``make exercises`` states; a variant may change each (all illustrative).
DEFAULT: dict[str, Value] = {"watchlist_size": 50_000, "gallery_fmr": 1e-9,
                             "new_faces_per_day": 100_000, "prevalence_b_1_in": 100}
VARIATION = Variation(DEFAULT, {
    "watchlist_size": (20_000, 50_000, 100_000),
    "gallery_fmr": (5e-10, 1e-9, 2e-9),
    "new_faces_per_day": (40_000, 100_000, 300_000),
    "prevalence_b_1_in": (50, 100, 200),
})
#: How many different right answers each exercise has across the variants (K; 1: fixed).
VARIANT_COUNTS: dict[str, int] = {
    "watchlist_false_alert_rate": 3, "chance_at_least_one": 3, "false_flags_per_day": 9,
    "dedup_missing_number": 1, "equal_ppv_false_alert_rate": 3, "miss_rate_group_a": 1,
}
_TIMES = {2: "two", 5: "five", 10: "ten"}
#: The gallery's false-match rate as the exercise states it.
_FMR_WORDS = {5e-10: "1 in 2 billion", 1e-9: "1 in a billion", 2e-9: "1 in 500 million"}


def _gallery(params: Mapping[str, Value]) -> dict[str, float]:
    return {**GALLERY, "false_match_rate": params["gallery_fmr"],
            "new_faces_per_day": params["new_faces_per_day"]}


def _fairness(params: Mapping[str, Value]) -> dict[str, float]:
    return {**FAIRNESS, "prevalence_b": 1 / params["prevalence_b_1_in"]}


def _two_figures(number: float) -> str:
    """A count to two significant figures, as prose gives it: 140,005 is 140,000."""
    return f"{float(f'{number:.2g}'):,.0f}"


def texts_for(params: Mapping[str, Value]) -> dict[str, str]:
    """What the variant's notebook states, by the names the solution's cells give them (cell
    metadata ``facenumbers_vary``).

    >>> texts_for({})["fmr_phrase"], texts_for({"gallery_fmr": 2e-9})["fmr_code"]
    ('1 in a billion (`1e-9`)', '2e-9')
    """
    p = VARIATION.complete(params)
    gallery = _gallery(p)
    fmr, faces = gallery["false_match_rate"], gallery["new_faces_per_day"]
    chance = base_rates.probability_of_at_least_one_false_match(fmr, gallery["size"])
    wrong = _two_figures(faces * gallery["size"] * fmr)
    flagged = _two_figures(faces * chance)
    return {
        "watchlist_size": f"{p['watchlist_size']:,}", "watchlist_size_code": f"{p['watchlist_size']:_}",
        "fmr_phrase": f"{_FMR_WORDS[fmr]} (`{fmr:g}`)".replace("e-0", "e-"),
        "fmr_code": f"{fmr:g}".replace("e-0", "e-"),
        "new_faces": f"{faces:,}", "new_faces_code": f"{faces:_}",
        "prevalence_b": f"1 in {p['prevalence_b_1_in']:,}", "prevalence_b_code": f"1 / {p['prevalence_b_1_in']}",
        "reflection_wrong": f"about {wrong} wrong candidates",
        "reflection_flagged": f"about {flagged} customers flagged at least once ({faces:,} ×\n"
                              f"{chance:.3f}, from exercise 2)",
        "rubric_flagged": f"(about {flagged} a day, not\n  {wrong})",
    }


#: The per-group thresholds of exercise 6: the lesson's groups and score model (hit rate from
#: the table of assumptions, NPL's 2023 test; prevalences and false-alert rate illustrative).
THRESHOLDS = {"groups": {"Group A": 1 / 1_000, "Group B": 1 / 100},
              "hit_rate": data.assumption("watchlist_hit_rate"), "false_alert_rate": 1 / 1_000}
_higher_for_a = fairness.per_group_thresholds(
    THRESHOLDS["groups"], THRESHOLDS["hit_rate"], THRESHOLDS["false_alert_rate"], fairness.EQUAL_PPV,
    reference="Group B")
_lower_for_b = fairness.per_group_thresholds(
    THRESHOLDS["groups"], THRESHOLDS["hit_rate"], THRESHOLDS["false_alert_rate"], fairness.EQUAL_PPV)


def lesson_for(params: Mapping[str, Value]) -> Lesson:
    """The checks of one variant (``{}`` or :data:`DEFAULT`: the lesson as ``make exercises``
    states it). Raises ValueError for a value that :data:`VARIATION` does not allow.

    >>> lesson_for({"gallery_fmr": 2e-9}).check("chance_at_least_one", 0.9392).passed
    True
    """
    p = VARIATION.complete(params)
    GALLERY, FAIRNESS = _gallery(p), _fairness(p)  # noqa: N806 - the module's names, for this variant
    new_size = int(p["watchlist_size"])
    _watchlist_rate = base_rates.probability_of_at_least_one_false_match(_fmr_npl, new_size)
    _scale = new_size / WATCHLIST["measured_size"]
    times = _TIMES[round(_scale)]
    _expected_per_search = base_rates.expected_false_matches(GALLERY["false_match_rate"],
                                                             GALLERY["size"])
    _chance_per_search = base_rates.probability_of_at_least_one_false_match(
        GALLERY["false_match_rate"], GALLERY["size"])
    fmr_words = _FMR_WORDS[GALLERY["false_match_rate"]]
    _ppv_a = fairness.ppv(FAIRNESS["prevalence_a"], FAIRNESS["hit_rate"], FAIRNESS["false_alert_rate"])
    _ppv_b = fairness.ppv(FAIRNESS["prevalence_b"], FAIRNESS["hit_rate"], FAIRNESS["false_alert_rate"])
    ratio = FAIRNESS["prevalence_b"] / FAIRNESS["prevalence_a"]
    return Lesson(
        "05-search-and-fairness",
        [
            Exercise(
                "watchlist_false_alert_rate",
                f"1. False-alert rate of a watchlist of {new_size:,} images, by the gallery law",
                number_judge(
                    _watchlist_rate,
                    wrong=[
                        WrongAnswer(
                            _measured_rate,
                            "That is the rate NPL reported for 10,000 images. Each passer-by is "
                            f"compared with every image on the list, so a list {times} times longer "
                            f"gives about {times} times the chances of a false alert.",
                        ),
                        WrongAnswer(
                            _measured_rate / _scale,
                            f"You divided by {times}: that is a SHORTER list "
                            f"({WATCHLIST['measured_size'] / _scale:,.0f} images). A longer "
                            "list means more comparisons, so more false alerts, not fewer.",
                        ),
                        WrongAnswer(
                            _fmr_npl,
                            "That is the false-match rate per comparison, about 1 in 60 million. "
                            f"Now apply it to a passer-by who is compared with {new_size:,} images: "
                            f"1 - (1 - FMR) ** {new_size:,}.",
                        ),
                        WrongAnswer(
                            _measured_rate * new_size,
                            "You multiplied the rate per PERSON by the number of images. First work "
                            "back to the rate per comparison (the person's rate spread over 10,000 "
                            f"images), then forward to {new_size:,} images.",
                        ),
                    ],
                    fallback_hint="First the rate per comparison: FMR = 1 - (1 - 1/6,000) ** (1 / "
                    "10,000), about 1 in 60 million. Then the rate for a passer-by compared with "
                    f"{new_size:,} images: 1 - (1 - FMR) ** {new_size:,}.",
                ),
            ),
            Exercise(
                "chance_at_least_one",
                "2. Chance a new face falsely matches someone among 1.4 billion",
                number_judge(
                    _chance_per_search,
                    wrong=[
                        WrongAnswer(
                            _expected_per_search,
                            "That is the expected number of false matches (N x FMR). "
                            + ("A probability cannot be above 1" if _expected_per_search > 1 else
                               "It is close to the chance only when it is small")
                            + ": compute 1 - (1 - FMR) ** N.",
                        ),
                        WrongAnswer(
                            1 - _chance_per_search,
                            "That is the chance of no false match at all. Subtract it from 1.",
                        ),
                        WrongAnswer(
                            GALLERY["false_match_rate"],
                            "That is the chance for one comparison. A search makes one comparison "
                            "per face in the gallery.",
                        ),
                    ],
                    fallback_hint="P(at least one) = 1 - P(none) = 1 - (1 - FMR) ** N.",
                ),
            ),
            Exercise(
                "false_flags_per_day",
                f"3. Expected false matches (wrong candidates) per day at {GALLERY['new_faces_per_day']:,} "
                "new faces a day",
                number_judge(
                    GALLERY["new_faces_per_day"] * _expected_per_search,
                    wrong=[
                        WrongAnswer(
                            _expected_per_search,
                            "That is the expected false matches for one new face. Multiply by the "
                            "number of new faces a day.",
                        ),
                        WrongAnswer(
                            GALLERY["new_faces_per_day"] * _chance_per_search,
                            "That counts the customers flagged at least once (the searches with at "
                            "least one false match). The question asks for the expected false "
                            "matches, every wrong candidate, and one search can return more than "
                            "one: use the expected number per search, N x FMR.",
                        ),
                    ],
                    proportion=False,
                    fallback_hint="Expected false matches (wrong candidates) per search = N x FMR; "
                    "then times the searches per day.",
                ),
            ),
            Exercise(
                "dedup_missing_number",
                "4. The number needed to say how many duplicate flags are right",
                choice_judge(
                    "c",
                    {
                        "a": "The gallery size is known: 1,400,050,000 at most. It sets how many "
                        "wrong candidates there are, not how many right ones.",
                        "b": f"You have the false-match rate already (an illustrative {fmr_words}"
                        "): it gives the false flags. A PPV also needs the true flags, and "
                        "they depend on how many new faces really are duplicates.",
                        "d": "The number of searches scales every count by the same factor, so it "
                        "cannot change the share of flags that are right. Think of Bayes' rule: "
                        "which input is missing?",
                    },
                    options=["a", "b", "c", "d"],
                ),
            ),
            Exercise(
                "equal_ppv_false_alert_rate",
                "5. False-alert rate Group B needs for the same PPV as Group A",
                number_judge(
                    fairness.false_alert_rate_from_ppv(FAIRNESS["prevalence_b"], _ppv_a,
                                                       FAIRNESS["hit_rate"]),
                    wrong=[
                        WrongAnswer(
                            FAIRNESS["false_alert_rate"],
                            "That is the rate both groups have now. At that rate about "
                            f"{_ppv_b:.0%} of the alarms about Group B are right and only "
                            f"{_ppv_a:.0%} of those about Group A: "
                            "equal error rates do not give equal PPV. Find the rate that brings "
                            "Group B's PPV down to Group A's.",
                        ),
                        WrongAnswer(
                            FAIRNESS["false_alert_rate"] * FAIRNESS["prevalence_b"]
                            / FAIRNESS["prevalence_a"],
                            f"That is Group A's rate times the ratio of the prevalences ({ratio:g}), or the "
                            "right answer rounded too far. The PPV depends on the odds p / (1 - p), "
                            "not on p alone: use the identity and keep three significant figures.",
                        ),
                        WrongAnswer(
                            FAIRNESS["prevalence_b"] * (1 - _ppv_a) / _ppv_a * FAIRNESS["hit_rate"],
                            "Nearly: you used p instead of the odds p / (1 - p). The false alarms "
                            "come from the 1 - p people who are not on the watchlist.",
                        ),
                        WrongAnswer(
                            _ppv_a,
                            "That is Group A's PPV, the target. Now find the false-alert rate that "
                            "gives Group B the same PPV: f = p / (1 - p) x (1 - PPV) / PPV x h, with "
                            "Group B's prevalence.",
                        ),
                        WrongAnswer(
                            _ppv_b,
                            "That is a share of alarms (Group B's PPV at the shared rate, about "
                            f"{_ppv_b:.2f}" + (", like the hit rate" if abs(_ppv_b - 0.9) < 0.02 else "")
                            + "), not a false-alert rate. The question asks "
                            "what share of Group B's innocent people must be flagged.",
                        ),
                        WrongAnswer(
                            fairness.false_alert_rate_from_ppv(FAIRNESS["prevalence_a"], _ppv_b,
                                                               FAIRNESS["hit_rate"]),
                            "That is the rate Group A would need for Group B's PPV: a stricter "
                            "setting for Group A. The question keeps Group A as it is and asks "
                            "about Group B, whose PPV must come down, so its rate goes up.",
                        ),
                    ],
                    fallback_hint="First Group A's PPV with the PPV formula. Then solve the PPV "
                    "formula for Group B's false-alert rate with that PPV as the target: "
                    "f = p / (1 - p) x (1 - PPV) / PPV x h (Chouldechova's identity).",
                ),
            ),
            Exercise(
                "miss_rate_group_a",
                "6. Share of Group A's wanted people missed under a higher threshold for Group A",
                number_judge(
                    _higher_for_a["Group A"].miss_rate,
                    wrong=[
                        WrongAnswer(
                            _higher_for_a["Group B"].miss_rate,
                            "That is the miss rate at the shared threshold (1 - 0.89), which Group "
                            "B keeps. Group A's threshold is raised for equal PPV: read Group A's "
                            "hit rate under that rule.",
                        ),
                        WrongAnswer(
                            _higher_for_a["Group A"].hit_rate,
                            "That is Group A's hit rate: the wanted people who ARE flagged. The "
                            "question asks for those who walk past unflagged, 1 - hit rate.",
                        ),
                        WrongAnswer(
                            _lower_for_b["Group B"].miss_rate,
                            "That is Group B's miss rate on the other road, where Group A keeps the "
                            "shared threshold and Group B gets a lower one. Keep Group B at the "
                            "shared threshold (reference=\"Group B\").",
                        ),
                        WrongAnswer(
                            _higher_for_a["Group A"].false_alert_rate,
                            "That is Group A's false-alert rate: innocent people flagged. The "
                            "question asks about the wanted people who are missed.",
                        ),
                        WrongAnswer(
                            _higher_for_a["Group A"].ppv,
                            "That is the PPV both groups now share: a share of alarms. The question "
                            "asks what share of Group A's wanted people go unflagged.",
                        ),
                    ],
                    fallback_hint="Call fairness.per_group_thresholds(groups, hit_rate, 1 / 1_000, "
                    "\"equal PPV\", reference=\"Group B\") and read Group A's hit_rate; the share "
                    "missed is 1 minus it.",
                ),
            ),
        ],
    )



def for_variant(key: str) -> tuple[Callable[..., Feedback | None], Callable[[], Progress]]:
    """``check, progress`` for a variant's notebook, from its key (see :mod:`facenumbers.variants`).

    >>> check_b, _ = for_variant("new_faces_per_day=40000")
    >>> check_b("false_flags_per_day", 40_000 * 1_400_050_000 * 1e-9).passed
    True
    """
    lesson = lesson_for(VARIATION.parse(key))
    return lesson.checker(), lesson.progress


LESSON = lesson_for(DEFAULT)

#: ``check("chance_at_least_one")`` in the notebook checks the variable ``chance_at_least_one``.
check = LESSON.checker()
#: ``progress()`` shows which exercises pass.
progress = LESSON.progress
