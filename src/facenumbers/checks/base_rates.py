"""Checks for Lesson 04, base rates.

The exercises on searching a gallery and on fairness across groups are Lesson 05's, in
:mod:`facenumbers.checks.search`.

In the exercise notebook::

    from facenumbers.checks.base_rates import check, progress

>>> check("ppv_cardiff", 173 / 2470).passed
True
>>> print(check("ppv_cardiff", 2297 / 2470).hint)  # doctest: +ELLIPSIS
That is the share of alerts that were false...

**Variants** (``facenumbers assign``, see :mod:`facenumbers.variants`). Each student may get
other illustrative numbers for exercises 3, 5 and 7, and other rows of the deployments table for
exercises 1 and 2; :data:`VARIATION` lists the choices and :data:`VARIANT_COUNTS` how many
different right answers each exercise has. A variant's notebook imports its own checks::

    from facenumbers.checks.base_rates import for_variant
    check, progress = for_variant("ppv_case=met_trials_essex_2019,...")

>>> essex = lesson_for({"ppv_case": "met_trials_essex_2019"})
>>> essex.check("ppv_cardiff", 8 / 42).passed, essex.exercises["ppv_cardiff"].title
(True, "1. Share of the Essex trials' alerts that were right")
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping

from facenumbers import data
from facenumbers.checks import (
    Exercise,
    Feedback,
    Lesson,
    Progress,
    WrongAnswer,
    choice_judge,
    function_judge,
    number_judge,
)
from facenumbers.models import base_rates
from facenumbers.models.base_rates import ICONS, icons_for_ppv
from facenumbers.checks.variation import Value, Variation

__all__ = ["DEFAULT", "ICON_ARRAY", "LESSON", "SCENARIO", "VARIANT_COUNTS", "VARIATION", "check",
           "for_variant", "lesson_for", "progress", "texts_for"]

_deployments = data.load("watchlist_deployments").set_index("case")
#: How a hint names each row of the deployments table.
_ROW_NAMES = {"cardiff_2017": "Cardiff's row, cardiff_2017",
              "met_trials_essex_2019": "the Essex trials' row, met_trials_essex_2019",
              "met_2024_2025": "the Met's row, met_2024_2025"}
#: How an exercise names each row: in its title, in its heading, and as a variable.
_TITLE_NAMES = {"cardiff_2017": "Cardiff's", "met_trials_essex_2019": "the Essex trials'",
                "met_2024_2025": "the Met's 2024-25"}
_HEADING_NAMES = {"cardiff_2017": "Cardiff's", "met_trials_essex_2019": "the Essex trials'",
                  "met_2024_2025": "the Met's"}
_VARIABLES = {"cardiff_2017": "cardiff", "met_trials_essex_2019": "essex", "met_2024_2025": "met"}
#: The sentence that states each row's counts (line breaks as in the default notebook).
_SENTENCES = {
    "cardiff_2017": "At the 2017 Champions League final in Cardiff, South Wales Police's system "
                    "raised {alerts} alerts,\nand {false_alerts} of them were false.",
    "met_trials_essex_2019": "In six trials of the Metropolitan Police's live face recognition "
                             "from June 2018 to February 2019, observed by researchers of the "
                             "University of Essex, the system raised {alerts} alerts; only "
                             "{true_alerts} of them were verified as right, so {false_alerts} "
                             "count as false.",
    "met_2024_2025": "From September 2024 to September 2025, the Metropolitan Police's live face "
                     "recognition raised\n{alerts} alerts, of which {false_alerts} were false.",
}

#: The values ``make exercises`` states; a variant changes some of them (see VARIATION).
DEFAULT: dict[str, Value] = {
    "ppv_case": "cardiff_2017", "false_case": "met_2024_2025",
    "crowd": 100_000, "prevalence_1_in": 10_000, "hit_rate": 0.9, "false_alert_1_in": 1_000,
    "icon_prevalence_1_in": 500, "icon_false_alert_1_in": 1_000,
}
#: Each varied value and its choices: rows of the data for exercises 1 and 2 (never the same
#: row twice), and illustrative numbers for exercises 3, 5 (crowd, prevalence, hit rate,
#: false-alert rate) and 7 (the Alarm calculator's prevalence and false-alert rate; its hit
#: rate is NPL's real 0.89 and never varies). Every crowd holds a whole number of wanted people.
VARIATION = Variation(DEFAULT, {
    "ppv_case": ("cardiff_2017", "met_trials_essex_2019", "met_2024_2025"),
    "false_case": ("met_2024_2025", "cardiff_2017", "met_trials_essex_2019"),
    "crowd": (100_000, 200_000, 500_000, 1_000_000),
    "prevalence_1_in": (5_000, 10_000, 20_000),
    "hit_rate": (0.8, 0.9, 0.95),
    "false_alert_1_in": (1_000, 2_000, 5_000),
    "icon_prevalence_1_in": (250, 500, 1_000),
    "icon_false_alert_1_in": (250, 400, 1_000),
}, valid=lambda params: params["ppv_case"] != params["false_case"])
#: How many different right answers each exercise has across the variants (K; 1: fixed).
#: Exercise 3's answer does not depend on the crowd, and prevalence-to-false-alert ratios
#: repeat (1 in 5,000 against 1 in 1,000 is 1 in 10,000 against 1 in 2,000), so 21 of 27.
VARIANT_COUNTS: dict[str, int] = {
    "ppv_cardiff": 3, "false_share_met": 3, "innocent_per_true_alarm": 21, "ppv": 1,
    "max_false_alert_rate": 9, "why_precision_differs": 1, "blue_figures": 8,
}


def _scenario(params: Mapping[str, Value]) -> dict[str, float]:
    return {"crowd": params["crowd"], "prevalence": 1 / params["prevalence_1_in"],
            "hit_rate": params["hit_rate"], "false_alert_rate": 1 / params["false_alert_1_in"]}


def _icon_array(params: Mapping[str, Value]) -> dict[str, float]:
    return {"prevalence": 1 / params["icon_prevalence_1_in"],
            "hit_rate": data.assumption("watchlist_hit_rate"),
            "false_alert_rate": 1 / params["icon_false_alert_1_in"]}


#: The crowd of exercise 3 (illustrative numbers, stated in the exercise).
SCENARIO = _scenario(DEFAULT)
#: The Alarm calculator's settings in exercise 7 (the hit rate from the table of assumptions,
#: NPL's 2023 test; prevalence and false-alert rate illustrative, stated in the exercise).
ICON_ARRAY = _icon_array(DEFAULT)

PPV_CASES = [
    ((0.001, 0.9, 0.01), base_rates.positive_predictive_value(0.001, 0.9, 0.01)),
    ((0.0001, 0.99, 0.0001), base_rates.positive_predictive_value(0.0001, 0.99, 0.0001)),
    ((0.2, 0.8, 0.1), base_rates.positive_predictive_value(0.2, 0.8, 0.1)),
    ((0.05, 0.5, 0.3), base_rates.positive_predictive_value(0.05, 0.5, 0.3)),
]


def _people(prevalence_1_in: int, false_alert_1_in: int) -> int:
    """A crowd for exercise 7's counts in which every count is a whole number of people."""
    for people in (500_000, 1_000_000, 2_000_000, 5_000_000, 10_000_000):
        wanted, rest = divmod(people, prevalence_1_in)
        if not rest and (people - wanted) % false_alert_1_in == 0:
            return people
    raise ValueError(f"no round crowd gives whole counts for 1 in {prevalence_1_in:,} and "
                     f"1 in {false_alert_1_in:,}.")


def texts_for(params: Mapping[str, Value]) -> dict[str, str]:
    """What the variant's notebook states, by the names the solution's cells give them
    (cell metadata ``facenumbers_vary``, see :func:`facenumbers.notebooks.apply_variant`).

    >>> texts_for(DEFAULT)["crowd"], texts_for({"crowd": 500_000})["crowd_code"]
    ('100,000', '500_000')
    """
    p = VARIATION.complete(params)
    texts: dict[str, str] = {}
    for slot in ("ppv_case", "false_case"):
        case = str(p[slot])
        row = _deployments.loc[case]
        counts = {column: f"{int(row[column]):,}" for column in ("alerts", "false_alerts", "true_alerts")}
        texts.update({f"{slot}_sentence": _SENTENCES[case].format(**counts),
                      f"{slot}_heading": _HEADING_NAMES[case], f"{slot}_variable": _VARIABLES[case],
                      f"{slot}_id": f'"{case}"'})
    hit_rate = float(p["hit_rate"])
    icon_p, icon_f = int(p["icon_prevalence_1_in"]), int(p["icon_false_alert_1_in"])
    texts.update({
        "crowd": f"{p['crowd']:,}", "crowd_code": f"{p['crowd']:_}",
        "prevalence_1_in": f"{p['prevalence_1_in']:,}", "prevalence_1_in_code": f"{p['prevalence_1_in']:_}",
        "hit_rate_percent": f"{hit_rate:.0%}", "hit_rate_phrase": f"hit rate {hit_rate:g}",
        "hit_rate_code": f"{hit_rate:g}",
        "false_alert_1_in": f"{p['false_alert_1_in']:,}",
        "false_alert_1_in_code": f"{p['false_alert_1_in']:_}",
        "false_alert_rate": f"{1 / p['false_alert_1_in']:g}",
        "icon_prevalence": f"1 in {icon_p:,}", "icon_prevalence_code": f"1 / {icon_p:_}",
        "icon_false_alert_rate": f"1 in {icon_f:,}", "icon_false_alert_rate_code": f"1 / {icon_f:_}",
        "icon_people": f"{_people(icon_p, icon_f):,}",
    })
    return texts


def _ppv_exercise(case: str) -> Exercise:
    row = _deployments.loc[case]
    mistakes = [
        WrongAnswer(row["false_alerts"] / row["alerts"],
                    "That is the share of alerts that were false. The question asks for "
                    "the share that were right: true alerts divided by all alerts."),
        WrongAnswer(row["true_alerts"] / row["faces_scanned"],
                    "You divided by everyone in the crowd. Positive predictive value only "
                    "looks at the people who were flagged: divide by the number of alerts."),
        WrongAnswer(row["alerts"] / row["faces_scanned"],
                    "That is the share of the crowd that was flagged, not the share of "
                    "alerts that were right."),
    ]
    return Exercise(
        "ppv_cardiff",
        f"1. Share of {_TITLE_NAMES[case]} alerts that were right",
        number_judge(
            base_rates.precision_of_alerts(row["alerts"], row["false_alerts"]),
            wrong=[m for m in mistakes if math.isfinite(m.value)],
            other_rows=[(_ROW_NAMES[other], base_rates.precision_of_alerts(r["alerts"],
                                                                         r["false_alerts"]))
                        for other, r in _deployments.iterrows() if other != case],
            fraction=("right alerts", "alerts"),
            fallback_hint="Right alerts = all alerts - false alerts; then divide by all alerts.",
        ),
    )


def _false_share_exercise(case: str) -> Exercise:
    row = _deployments.loc[case]
    mistakes = [
        WrongAnswer(row["true_alerts"] / row["alerts"],
                    "That is the share of alerts that were right; the question asks for "
                    "the share that were false."),
        WrongAnswer(row["false_alerts"] / row["faces_scanned"],
                    "You divided by every face scanned. That is the false alerts per face "
                    "(close to a false-alert rate), not the share of alerts that were false."),
    ]
    return Exercise(
        "false_share_met",
        f"2. Share of {_TITLE_NAMES[case]} alerts that were false",
        number_judge(
            row["false_alerts"] / row["alerts"],
            wrong=[m for m in mistakes if math.isfinite(m.value)],
            other_rows=[(_ROW_NAMES[other], r["false_alerts"] / r["alerts"])
                        for other, r in _deployments.iterrows() if other != case],
            fraction=("false alerts", "alerts"),
            fallback_hint="Divide the false alerts by all alerts.",
        ),
    )


def _innocent_exercise(scenario: Mapping[str, float]) -> Exercise:
    counts = base_rates.confusion_counts(scenario["crowd"], scenario["prevalence"],
                                         scenario["hit_rate"], scenario["false_alert_rate"])
    return Exercise(
        "innocent_per_true_alarm",
        "3. Innocent people flagged for every wanted person flagged",
        number_judge(
            counts.false_alarms / counts.true_alarms,
            wrong=[
                WrongAnswer(counts.true_alarms / counts.false_alarms,
                            "You divided the other way round: true alarms per false alarm. "
                            "The question asks how many innocent people per wanted person."),
                WrongAnswer(counts.false_alarms,
                            "That is the number of false alarms in the whole crowd. Now divide it "
                            "by the number of true alarms."),
                WrongAnswer(scenario["hit_rate"] / scenario["false_alert_rate"],
                            "You compared the two error rates but forgot the base rate: far more "
                            "people are not on the watchlist than are. Count each group first."),
                WrongAnswer(scenario["false_alert_rate"] / scenario["hit_rate"],
                            "You compared the two rates and forgot the base rate. Work with "
                            "counts: how many people are on the watchlist, how many are not?"),
            ],
            proportion=False,
            fallback_hint="Count people: on the watchlist = crowd x prevalence; flagged among "
            "them = that x hit rate; flagged among the rest = (crowd - on the watchlist) x "
            "false-alert rate.",
        ),
    )


def _ppv_function_exercise() -> Exercise:
    return Exercise(
        "ppv",
        "4. A function for positive predictive value",
        function_judge(
            [(args, expected) for args, expected in PPV_CASES],
            wrong=[
                (lambda p, h, f: h,
                 "Your function returns the hit rate, P(alarm | on the watchlist). PPV is "
                 "the other way round: P(on the watchlist | alarm)."),
                (lambda p, h, f: h / (h + f),
                 "Your function ignores the base rate (prevalence). Weight the hit rate by "
                 "prevalence and the false-alert rate by 1 - prevalence."),
                (lambda p, h, f: h * p,
                 "That is the share of everyone who is a true alarm. Divide it by the share "
                 "of everyone who is flagged (true and false alarms)."),
                (lambda p, h, f: h * p / (h * p + f),
                 "Nearly: the false alarms come from the people not on the watchlist, so "
                 "multiply the false-alert rate by (1 - prevalence)."),
                (lambda p, h, f: 1 - f,
                 "1 - false-alert rate is how often innocent people pass, not how often an "
                 "alarm is right."),
            ],
            fallback_hint="Work that case by hand with natural frequencies (out of 1,000 "
            "people) and compare.",
        ),
    )


def _max_false_alert_exercise(scenario: Mapping[str, float]) -> Exercise:
    prevalence, hit_rate = scenario["prevalence"], scenario["hit_rate"]
    return Exercise(
        "max_false_alert_rate",
        "5. False-alert rate needed for 90% of alarms to be right",
        number_judge(
            base_rates.false_alert_rate_for_ppv(0.9, prevalence, hit_rate),
            wrong=[
                WrongAnswer(base_rates.false_alert_rate_for_ppv(0.9, prevalence, 1.0),
                            f"You left out the hit rate: only {hit_rate:.0%} of the wanted people "
                            "are flagged, so the true alarms are prevalence x hit rate."),
                WrongAnswer(1 - 0.9,
                            "0.1 is the share of alarms allowed to be false, not a false-alert "
                            "rate. Set the false alarms equal to a ninth of the true alarms."),
                WrongAnswer(prevalence,
                            "The base rate alone is not the answer: solve PPV = 0.9 for the "
                            "false-alert rate."),
            ],
            fallback_hint="For 90% right, false alarms may be at most 1/9 of true alarms: "
            "f x (1 - p) = (h x p) / 9.",
        ),
    )


def _why_exercise() -> Exercise:
    return Exercise(
        "why_precision_differs",
        "6. Why Cardiff 2017 and the Met 2024-25 differ",
        choice_judge(
            "b",
            {
                "a": "Crowd size changes how many alarms there are, not the share that are "
                "right: try doubling the crowd in the Alarm calculator.",
                "c": "Work out the prevalence each preset implies: it is not higher in the "
                "Met's crowd. Something else changed by a factor of thousands.",
                "d": "A lower hit rate removes some true alarms, but cannot turn 7% into "
                "over 99%. Compare the false alerts per face scanned instead.",
                "e": "A stricter threshold is one possible reason, but the counts cannot "
                "show it: Cardiff's threshold was not published, and better software, a "
                "different watchlist or a different way of counting alerts would also cut "
                "false alerts. Pick the statement the counts themselves show.",
            },
            options=["a", "b", "c", "d", "e"],
        ),
    )


def _blue_exercise(icon: Mapping[str, float], prevalence_1_in: int, false_alert_1_in: int) -> Exercise:
    hit_rate = icon["hit_rate"]
    ppv = base_rates.positive_predictive_value(icon["prevalence"], hit_rate, icon["false_alert_rate"])
    #: The blue figures the calculator draws: its own rounding of the PPV to whole icons.
    blue = icons_for_ppv(ppv)
    no_base_rate = icons_for_ppv(hit_rate / (hit_rate + icon["false_alert_rate"]))
    people = _people(prevalence_1_in, false_alert_1_in)
    wanted = people // prevalence_1_in
    round_number = round(blue, -1)
    mistakes = [
        WrongAnswer(ICONS - blue,
                    f"{ICONS - blue} is the number of orange figures: the false "
                    "alarms, about people who are not on the watchlist. The question asks "
                    "for the blue ones: the alarms about someone on the watchlist."),
        WrongAnswer(round(ICONS * hit_rate),
                    f"That is the hit rate: {round(ICONS * hit_rate)} of every 100 people ON THE "
                    "WATCHLIST are flagged. The icon array shows 100 ALARMS, and some alarms are "
                    "about people who are not on the watchlist. Count those false alarms too."),
        WrongAnswer(no_base_rate,
                    f"You forgot the base rate: only 1 in {prevalence_1_in:,} people is on the "
                    f"watchlist, so the other {prevalence_1_in - 1:,} in {prevalence_1_in:,} raise "
                    f"false alarms too, even at 1 in {false_alert_1_in:,} each. Count both "
                    f"groups, out of {people:,} people for example."),
        WrongAnswer(ppv,
                    "That is the share of alarms that are right (the PPV), a proportion. "
                    "The question asks for a count of figures out of 100: multiply by 100 "
                    "and round to a whole figure."),
        WrongAnswer(ICONS * ppv,
                    "Nearly: a figure is a whole alarm. Round 100 x PPV to the nearest "
                    "whole figure, as the calculator does."),
        WrongAnswer(round_number,
                    "The question asks for the exact count of figures, not a round number: "
                    "work out 100 x PPV and round it to the nearest whole figure."),
        WrongAnswer(ICONS * icon["prevalence"] * hit_rate,
                    "That is the true alarms per 100 PEOPLE in the crowd. The icon array "
                    "shows 100 ALARMS: divide the true alarms by all the alarms (true and "
                    "false), then multiply by 100."),
    ]
    return Exercise(
        "blue_figures",
        "7. Blue figures among the Alarm calculator's 100 alarms",
        number_judge(
            blue,
            wrong=[m for m in mistakes if m.value != blue],
            proportion=False,
            fallback_hint=f"Count people, out of {people:,}: on the watchlist = {people:,} / "
            f"{prevalence_1_in:,}; flagged among them = that x {hit_rate:g} (blue); flagged among "
            f"the others = {people - wanted:,} x 1 in {false_alert_1_in:,} (orange). Blue "
            "figures = 100 x blue alarms / all alarms, rounded to a whole figure.",
        ),
    )


def lesson_for(params: Mapping[str, Value]) -> Lesson:
    """The checks of one variant (``{}`` or :data:`DEFAULT`: the lesson as ``make exercises``
    states it). Raises ValueError for a parameter or value that :data:`VARIATION` does not allow.

    >>> lesson_for({"crowd": 200_000, "hit_rate": 0.8}).check("max_false_alert_rate", 8.89e-06).passed
    True
    """
    p = VARIATION.complete(params)
    scenario = _scenario(p)
    return Lesson("04-base-rates", [
        _ppv_exercise(str(p["ppv_case"])),
        _false_share_exercise(str(p["false_case"])),
        _innocent_exercise(scenario),
        _ppv_function_exercise(),
        _max_false_alert_exercise(scenario),
        _why_exercise(),
        _blue_exercise(_icon_array(p), int(p["icon_prevalence_1_in"]), int(p["icon_false_alert_1_in"])),
    ])


def for_variant(key: str) -> tuple[Callable[..., Feedback | None], Callable[[], Progress]]:
    """``check, progress`` for a variant's notebook, from its key (see :mod:`facenumbers.variants`).

    >>> check_b, progress_b = for_variant("ppv_case=met_2024_2025,false_case=cardiff_2017")
    >>> check_b("false_share_met", 2297 / 2470).passed
    True
    """
    lesson = lesson_for(VARIATION.parse(key))
    return lesson.checker(), lesson.progress


LESSON = lesson_for(DEFAULT)

#: ``check("ppv_cardiff")`` in the notebook checks the variable ``ppv_cardiff``.
check = LESSON.checker()
#: ``progress()`` shows which exercises pass.
progress = LESSON.progress
