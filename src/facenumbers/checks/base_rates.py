"""Checks for Lesson 04, base rates.

The exercises on searching a gallery and on fairness across groups are Lesson 05's, in
:mod:`facenumbers.checks.search`.

In the exercise notebook::

    from facenumbers.checks.base_rates import check, progress

>>> check("ppv_cardiff", 173 / 2470).passed
True
>>> print(check("ppv_cardiff", 2297 / 2470).hint)  # doctest: +ELLIPSIS
That is the share of alerts that were false...
"""

from __future__ import annotations

from facenumbers import data
from facenumbers.checks import (
    Exercise,
    Lesson,
    WrongAnswer,
    choice_judge,
    function_judge,
    number_judge,
)
from facenumbers.models import base_rates
from facenumbers.models.base_rates import ICONS, icons_for_ppv

__all__ = ["LESSON", "check", "progress", "SCENARIO", "ICON_ARRAY"]

_deployments = data.load("watchlist_deployments").set_index("case")
_cardiff = _deployments.loc["cardiff_2017"]
_met = _deployments.loc["met_2024_2025"]
#: How a hint names each row of the deployments table.
_ROW_NAMES = {"cardiff_2017": "Cardiff's row, cardiff_2017",
              "met_trials_essex_2019": "the Essex trials' row, met_trials_essex_2019",
              "met_2024_2025": "the Met's row, met_2024_2025"}

#: The crowd of exercise 3 (illustrative numbers, stated in the exercise).
SCENARIO = {"crowd": 100_000, "prevalence": 1 / 10_000, "hit_rate": 0.9, "false_alert_rate": 1 / 1_000}
#: The Alarm calculator's settings in exercise 7 (the hit rate from the table of assumptions,
#: NPL's 2023 test; prevalence and false-alert rate illustrative, stated in the exercise).
ICON_ARRAY = {"prevalence": 1 / 500, "hit_rate": data.assumption("watchlist_hit_rate"),
              "false_alert_rate": 1 / 1_000}
_icon_ppv = base_rates.positive_predictive_value(
    ICON_ARRAY["prevalence"], ICON_ARRAY["hit_rate"], ICON_ARRAY["false_alert_rate"])
#: The blue figures the calculator draws: its own rounding of the PPV to whole icons.
_blue_figures = icons_for_ppv(_icon_ppv)
_icon_no_base_rate = icons_for_ppv(
    ICON_ARRAY["hit_rate"] / (ICON_ARRAY["hit_rate"] + ICON_ARRAY["false_alert_rate"]))

_scenario_counts = base_rates.confusion_counts(
    SCENARIO["crowd"], SCENARIO["prevalence"], SCENARIO["hit_rate"], SCENARIO["false_alert_rate"]
)

PPV_CASES = [
    ((0.001, 0.9, 0.01), base_rates.positive_predictive_value(0.001, 0.9, 0.01)),
    ((0.0001, 0.99, 0.0001), base_rates.positive_predictive_value(0.0001, 0.99, 0.0001)),
    ((0.2, 0.8, 0.1), base_rates.positive_predictive_value(0.2, 0.8, 0.1)),
    ((0.05, 0.5, 0.3), base_rates.positive_predictive_value(0.05, 0.5, 0.3)),
]

LESSON = Lesson(
    "04-base-rates",
    [
        Exercise(
            "ppv_cardiff",
            "1. Share of Cardiff's alerts that were right",
            number_judge(
                base_rates.precision_of_alerts(_cardiff["alerts"], _cardiff["false_alerts"]),
                wrong=[
                    WrongAnswer(
                        _cardiff["false_alerts"] / _cardiff["alerts"],
                        "That is the share of alerts that were false. The question asks for "
                        "the share that were right: true alerts divided by all alerts.",
                    ),
                    WrongAnswer(
                        _cardiff["true_alerts"] / _cardiff["faces_scanned"],
                        "You divided by everyone in the crowd. Positive predictive value only "
                        "looks at the people who were flagged: divide by the number of alerts.",
                    ),
                    WrongAnswer(
                        _cardiff["alerts"] / _cardiff["faces_scanned"],
                        "That is the share of the crowd that was flagged, not the share of "
                        "alerts that were right.",
                    ),
                ],
                other_rows=[(_ROW_NAMES[case], base_rates.precision_of_alerts(row["alerts"],
                                                                            row["false_alerts"]))
                            for case, row in _deployments.iterrows() if case != "cardiff_2017"],
                fraction=("right alerts", "alerts"),
                fallback_hint="Right alerts = all alerts - false alerts; then divide by all alerts.",
            ),
        ),
        Exercise(
            "false_share_met",
            "2. Share of the Met's 2024-25 alerts that were false",
            number_judge(
                _met["false_alerts"] / _met["alerts"],
                wrong=[
                    WrongAnswer(
                        _met["true_alerts"] / _met["alerts"],
                        "That is the share of alerts that were right; the question asks for "
                        "the share that were false.",
                    ),
                    WrongAnswer(
                        _met["false_alerts"] / _met["faces_scanned"],
                        "You divided by every face scanned. That is the false alerts per face "
                        "(close to a false-alert rate), not the share of alerts that were false.",
                    ),
                ],
                other_rows=[(_ROW_NAMES[case], row["false_alerts"] / row["alerts"])
                            for case, row in _deployments.iterrows() if case != "met_2024_2025"],
                fraction=("false alerts", "alerts"),
                fallback_hint="Divide the false alerts by all alerts.",
            ),
        ),
        Exercise(
            "innocent_per_true_alarm",
            "3. Innocent people flagged for every wanted person flagged",
            number_judge(
                _scenario_counts.false_alarms / _scenario_counts.true_alarms,
                wrong=[
                    WrongAnswer(
                        _scenario_counts.true_alarms / _scenario_counts.false_alarms,
                        "You divided the other way round: true alarms per false alarm. "
                        "The question asks how many innocent people per wanted person.",
                    ),
                    WrongAnswer(
                        _scenario_counts.false_alarms,
                        "That is the number of false alarms in the whole crowd. Now divide it "
                        "by the number of true alarms.",
                    ),
                    WrongAnswer(
                        SCENARIO["hit_rate"] / SCENARIO["false_alert_rate"],
                        "You compared the two error rates but forgot the base rate: far more "
                        "people are not on the watchlist than are. Count each group first.",
                    ),
                    WrongAnswer(
                        SCENARIO["false_alert_rate"] / SCENARIO["hit_rate"],
                        "You compared the two rates and forgot the base rate. Work with counts: "
                        "how many people are on the watchlist, how many are not?",
                    ),
                ],
                proportion=False,
                fallback_hint="Count people: on the watchlist = crowd x prevalence; flagged among "
                "them = that x hit rate; flagged among the rest = (crowd - on the watchlist) x "
                "false-alert rate.",
            ),
        ),
        Exercise(
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
        ),
        Exercise(
            "max_false_alert_rate",
            "5. False-alert rate needed for 90% of alarms to be right",
            number_judge(
                base_rates.false_alert_rate_for_ppv(0.9, SCENARIO["prevalence"], SCENARIO["hit_rate"]),
                wrong=[
                    WrongAnswer(
                        base_rates.false_alert_rate_for_ppv(0.9, SCENARIO["prevalence"], 1.0),
                        "You left out the hit rate: only 90% of the wanted people are flagged, "
                        "so the true alarms are prevalence x hit rate.",
                    ),
                    WrongAnswer(
                        1 - 0.9,
                        "0.1 is the share of alarms allowed to be false, not a false-alert "
                        "rate. Set the false alarms equal to a ninth of the true alarms.",
                    ),
                    WrongAnswer(
                        SCENARIO["prevalence"],
                        "The base rate alone is not the answer: solve PPV = 0.9 for the "
                        "false-alert rate.",
                    ),
                ],
                fallback_hint="For 90% right, false alarms may be at most 1/9 of true alarms: "
                "f x (1 - p) = (h x p) / 9.",
            ),
        ),
        Exercise(
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
        ),
        Exercise(
            "blue_figures",
            "7. Blue figures among the Alarm calculator's 100 alarms",
            number_judge(
                _blue_figures,
                wrong=[
                    WrongAnswer(
                        ICONS - _blue_figures,
                        f"{ICONS - _blue_figures} is the number of orange figures: the false "
                        "alarms, about people who are not on the watchlist. The question asks "
                        "for the blue ones: the alarms about someone on the watchlist.",
                    ),
                    WrongAnswer(
                        round(ICONS * ICON_ARRAY["hit_rate"]),
                        "That is the hit rate: 89 of every 100 people ON THE WATCHLIST are "
                        "flagged. The icon array shows 100 ALARMS, and some alarms are about "
                        "people who are not on the watchlist. Count those false alarms too.",
                    ),
                    WrongAnswer(
                        _icon_no_base_rate,
                        "You forgot the base rate: only 1 in 500 people is on the watchlist, so "
                        "the other 499 in 500 raise false alarms too, even at 1 in 1,000 each. "
                        "Count both groups, out of 500,000 people for example.",
                    ),
                    WrongAnswer(
                        _icon_ppv,
                        "That is the share of alarms that are right (the PPV), a proportion. "
                        "The question asks for a count of figures out of 100: multiply by 100 "
                        "and round to a whole figure.",
                    ),
                    WrongAnswer(
                        ICONS * _icon_ppv,
                        "Nearly: a figure is a whole alarm. Round 100 x PPV to the nearest "
                        "whole figure, as the calculator does.",
                    ),
                    WrongAnswer(
                        60,
                        "The question asks for the exact count of figures, not a round number: "
                        "work out 100 x PPV and round it to the nearest whole figure.",
                    ),
                    WrongAnswer(
                        ICONS * ICON_ARRAY["prevalence"] * ICON_ARRAY["hit_rate"],
                        "That is the true alarms per 100 PEOPLE in the crowd. The icon array "
                        "shows 100 ALARMS: divide the true alarms by all the alarms (true and "
                        "false), then multiply by 100.",
                    ),
                ],
                proportion=False,
                fallback_hint="Count people, out of 500,000: on the watchlist = 500,000 / 500; "
                "flagged among them = that x 0.89 (blue); flagged among the others = 499,000 x "
                "1 in 1,000 (orange). Blue figures = 100 x blue alarms / all alarms, rounded to "
                "a whole figure.",
            ),
        ),
    ],
)


#: ``check("ppv_cardiff")`` in the notebook checks the variable ``ppv_cardiff``.
check = LESSON.checker()
#: ``progress()`` shows which exercises pass.
progress = LESSON.progress
