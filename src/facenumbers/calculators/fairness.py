"""Lesson 05's "Fair to whom?" calculator: equal error rates or equal PPV, for two groups.

Two groups walk past the same camera, with different shares of people on the watchlist. With
equal error rates their PPVs differ; with equal PPV their false-alert rates differ. The groups
and their prevalences are illustrative, not data about real groups of people.

>>> calc = fairness_tradeoff()
>>> "47.1%" in calc.readout.value and "90.0%" in calc.readout.value
True
>>> calc.set_values(rule="equal PPV")
>>> "10.1 times" in calc.summary.value
True
"""

from __future__ import annotations

import html
import math
from typing import Any

import ipywidgets as widgets

from facenumbers import data
from facenumbers.calculators.controls import Calculator, NumberInput, Prediction, Preset
from facenumbers.charts.fairness import describe_fairness, fairness_chart, fairness_rows
from facenumbers.charts.text import format_count, format_percent
from facenumbers.models import fairness

__all__ = ["fairness_tradeoff", "FairnessCalculator", "GROUPS", "RULE_LABELS"]

GROUPS = ("Group A", "Group B")
#: The toggle's labels, for the two rules of :mod:`facenumbers.models.fairness`.
RULE_LABELS = {fairness.EQUAL_ERROR_RATES: "Equal error rates", fairness.EQUAL_PPV: "Equal PPV"}
#: The hit rate of the National Physical Laboratory's 2023 test at threshold 0.6 (a test
#: figure, not measured at any deployment), from the course's table of assumptions.
HIT_RATE = data.assumption("watchlist_hit_rate")
#: Illustrative: 1 in 1,000 and 1 in 100 of each group's passers-by on the watchlist.
PREVALENCES = {"prevalence_a": 0.001, "prevalence_b": 0.01}
FALSE_ALERT_RATE = 0.001
#: People per group in the readout's counts.
PER_GROUP = 100_000


def _one_in(rate: float) -> str:
    """A small rate as '1 in N' with N to three significant figures: 0.0100909 -> '1 in 99.1'."""
    if rate <= 0:
        return "none"
    n = float(f"{1 / rate:.3g}")
    return f"1 in {n:,.0f}" if n >= 100 else f"1 in {n:g}"


def fairness_presets() -> list[Preset]:
    """Presets: the lesson's two groups under each rule, equal base rates, and NPL's test rate."""
    npl_one_in = data.value("npl_equitability_2023", "people_per_false_alert_watchlist_10000")
    earlier_one_in = data.value("npl_equitability_2023", "people_per_false_alert_earlier_versions")
    hit = f"hit rate {HIT_RATE:.0%}: the share of volunteers on a test watchlist whom the " \
          "National Physical Laboratory's 2023 test found at threshold 0.6 (table " \
          "npl_equitability_2023): a test figure, not measured at any deployment."
    groups = "prevalences of 1 in 1,000 (Group A) and 1 in 100 (Group B): illustrative, not " \
             "published for any deployment or any real group of people."
    lesson = {**PREVALENCES, "hit_rate": HIT_RATE, "false_alert_rate": FALSE_ALERT_RATE}
    return [
        Preset(
            "Lesson 05: base rates 1 in 1,000 and 1 in 100, equal error rates",
            {**lesson, "rule": fairness.EQUAL_ERROR_RATES},
            note="One threshold for everyone: both groups' innocent people are flagged as often, "
            "and both groups' wanted people found as often. The alarms do not mean the same.",
            assumptions=(groups, hit, f"false-alert rate 1 in {earlier_one_in:,.0f}: the "
                         "average NPL reported for earlier versions of the software "
                         "(watchlists of 2,000 to 4,000 images)."),
        ),
        Preset(
            "Lesson 05: base rates 1 in 1,000 and 1 in 100, equal PPV",
            {**lesson, "rule": fairness.EQUAL_PPV},
            note="Group A keeps its false-alert rate; Group B's is set so that its alarms are "
            "right as often as Group A's, with the same hit rate (Chouldechova's identity).",
            assumptions=(groups, hit),
        ),
        Preset(
            "Same base rate in both groups (1 in 1,000): no conflict",
            {"prevalence_a": 0.001, "prevalence_b": 0.001, "hit_rate": HIT_RATE,
             "false_alert_rate": FALSE_ALERT_RATE, "rule": fairness.EQUAL_PPV},
            note="When the base rates are equal, equal error rates and equal PPV are the same "
            "thing: switch the rule and nothing changes.",
            assumptions=(hit,),
        ),
        Preset(
            f"NPL's test rate: 1 false alert in {npl_one_in:,.0f} (watchlist of 10,000 images)",
            {**PREVALENCES, "hit_rate": HIT_RATE, "false_alert_rate": 1 / npl_one_in,
             "rule": fairness.EQUAL_PPV},
            note=f"At threshold 0.6, NPL's 2023 test falsely alerted on about 1 passer-by in "
            f"{npl_one_in:,.0f} with a watchlist of 10,000 images (Computer Weekly, reporting "
            "NPL). Both groups' alarms are more often right than at 1 in 1,000, but equal PPV "
            "still needs Group B's rate about ten times Group A's.",
            assumptions=(groups, hit),
        ),
    ]


class FairnessCalculator(Calculator):
    """Two groups, one camera: equal error rates or equal PPV, and what each costs."""

    title = "Fair to whom?"
    prediction_spec = Prediction("With the starting values (the same hit rate and false-alert rate for both groups), what share of the alarms about Group A will point at someone on the watchlist?", "rate")

    def __init__(self, prediction: Any = None) -> None:
        self.rule = widgets.ToggleButtons(
            options=[(label, rule) for rule, label in RULE_LABELS.items()],
            value=fairness.EQUAL_ERROR_RATES, description="Rule:",
            tooltips=["One threshold: the same error rates for both groups",
                      "The same share of alarms right in both groups"],
        )
        inputs = [
            NumberInput("prevalence_a", "Group A's prevalence: share on the watchlist",
                        PREVALENCES["prevalence_a"], 1e-6, 0.5, kind="rate", log=True,
                        help_text="the base rate in Group A"),
            NumberInput("prevalence_b", "Group B's prevalence: share on the watchlist",
                        PREVALENCES["prevalence_b"], 1e-6, 0.5, kind="rate", log=True,
                        help_text="the base rate in Group B"),
            NumberInput("hit_rate", "Hit rate: share of watchlisted people flagged", HIT_RATE,
                        0.01, 1.0, kind="rate", help_text="the same in both groups"),
            NumberInput("false_alert_rate",
                        "False-alert rate: share of people not on the watchlist flagged",
                        FALSE_ALERT_RATE, 1e-6, 0.5, kind="rate", log=True,
                        help_text="per person; under equal PPV, Group A's"),
        ]
        outcomes = fairness.tradeoff(dict(zip(GROUPS, PREVALENCES.values())), HIT_RATE,
                                     FALSE_ALERT_RATE, fairness.EQUAL_ERROR_RATES)
        super().__init__(
            inputs, fairness_presets(), fairness_chart(fairness_rows(outcomes)),
            choices={"rule": self.rule}, prediction=prediction,
            intro="Two groups pass the same camera; the share of each on the watchlist differs. "
            "Pick a rule, then move the inputs. The groups and their base rates are "
            "illustrative, not real groups of people. Type a value (such as <code>1 in 100</code>) "
            "or move a slider with the mouse or the arrow keys.",
        )

    def outcomes(self, values: dict[str, float | str]) -> dict[str, fairness.GroupOutcome]:
        """Each group's rates for ``values`` (inputs and rule), as the chart shows them."""
        prevalences = {GROUPS[0]: values["prevalence_a"], GROUPS[1]: values["prevalence_b"]}
        return fairness.tradeoff(prevalences, float(values["hit_rate"]),
                                 float(values["false_alert_rate"]), str(values["rule"]))

    def compute(self, values: dict[str, float]) -> None:
        rule = str(values["rule"])
        try:
            outcomes = self.outcomes(values)
        except ValueError:
            raise ValueError(self._unreachable(values)) from None
        a, b = outcomes[GROUPS[0]], outcomes[GROUPS[1]]
        self.answer = a.ppv
        self.live.update(groups=fairness_rows(outcomes))
        self.summary.value = describe_fairness(outcomes, rule)
        # One row per measure and one column per group: narrow enough for a small window.
        measures = [
            ("Prevalence", lambda o: _one_in(o.prevalence)),
            ("Hit rate", lambda o: format_percent(o.hit_rate)),
            ("False-alert rate", lambda o: f"{format_percent(o.false_alert_rate)} ({_one_in(o.false_alert_rate)})"),
            ("PPV: alarms right", lambda o: f"<b>{format_percent(o.ppv)}</b>"),
            (f"Wanted people flagged, per {PER_GROUP:,}",
             lambda o: format_count(PER_GROUP * o.prevalence * o.hit_rate)),
            (f"Innocent people flagged, per {PER_GROUP:,}",
             lambda o: format_count(PER_GROUP * (1 - o.prevalence) * o.false_alert_rate)),
        ]
        rows = "".join(
            f"<tr><th scope='row' style='text-align:left'>{label}</th>"
            + "".join(f"<td>{cell(o)}</td>" for o in (a, b)) + "</tr>"
            for label, cell in measures
        )
        table = (
            f"<table><thead><tr><th></th><th>{html.escape(a.group)}</th>"
            f"<th>{html.escape(b.group)}</th></tr></thead><tbody>{rows}</tbody></table>"
        )
        odds_ratio = fairness.odds(b.prevalence) / fairness.odds(a.prevalence)
        odds = ("the odds are the same here, so nothing has to give"
                if math.isclose(odds_ratio, 1) else f"{odds_ratio:.3g} times here")
        self.readout.value = self._verdict(a, b, rule) + table + (
            "<p>The identity behind it (Chouldechova, 2017): false-alert rate = p / (1 − p) × "
            "(1 − PPV) / PPV × hit rate. With the same hit rate and the same PPV, the "
            f"false-alert rates must differ as the groups' odds p / (1 − p) do: {odds}.</p>"
        )

    @staticmethod
    def _verdict(a: fairness.GroupOutcome, b: fairness.GroupOutcome, rule: str) -> str:
        if rule == fairness.EQUAL_ERROR_RATES:
            return (
                f"<p style='font-size:120%'>Alarms right: <b>{format_percent(a.ppv)}</b> for "
                f"{a.group}, <b>{format_percent(b.ppv)}</b> for {b.group}.</p>"
                f"<p>Both groups' innocent people are flagged as often "
                f"({_one_in(a.false_alert_rate)}), and their wanted people found as often. But "
                f"an alarm about someone in {a.group} is right {format_percent(a.ppv)} of the "
                f"time, and about someone in {b.group} {format_percent(b.ppv)}: the same alarm "
                "means something different for the person stopped.</p>"
            )
        return (
            f"<p style='font-size:120%'>Alarms right: <b>{format_percent(a.ppv)}</b> in both "
            f"groups. False-alert rate: <b>{_one_in(a.false_alert_rate)}</b> in {a.group}, "
            f"<b>{_one_in(b.false_alert_rate)}</b> in {b.group}.</p>"
            + (f"<p>An alarm now means the same in both groups, and with equal base rates the "
               "false-alert rates need not differ: there is no conflict.</p>"
               if math.isclose(a.prevalence, b.prevalence) else
               f"<p>An alarm now means the same in both groups, but an innocent person in "
               f"{b.group} is flagged {_ratio(b.false_alert_rate, a.false_alert_rate)} as one "
               f"in {a.group}.{_other_way(a, b)}</p>")
        )

    @staticmethod
    def _unreachable(values: dict[str, float]) -> str:
        """Why equal PPV cannot be reached at ``values``, in words."""
        needed = fairness.odds(values["prevalence_b"]) / fairness.odds(values["prevalence_a"]) * \
            values["false_alert_rate"]
        return (
            f"Equal PPV cannot be reached here: Group B would need a false-alert rate of "
            f"{needed:.3g}, more than 100% of its innocent people flagged, to bring its PPV "
            "down to Group A's. Lower the false-alert rate, or bring the two prevalences "
            "closer."
        )


def _other_way(a: fairness.GroupOutcome, b: fairness.GroupOutcome) -> str:
    """The other road to equal PPV: keep Group B at Group A's rate and move Group A's instead."""
    if a.prevalence == b.prevalence:
        return ""
    try:
        moved = fairness.false_alert_rate_from_ppv(
            a.prevalence, fairness.ppv(b.prevalence, b.hit_rate, a.false_alert_rate), a.hit_rate)
    except ValueError:
        return ""
    if moved < a.false_alert_rate:
        cost = (f"a stricter setting for {a.group}, which with a real matcher also misses more "
                f"of its wanted people")
        verb = "lower"
    else:
        cost = f"a more lenient setting for {a.group}, which flags more of its innocent people"
        verb = "raise"
    return (f" The other road to equal PPV: keep {b.group} at {_one_in(a.false_alert_rate)} and "
            f"{verb} {a.group}'s rate to {_one_in(moved)}: {cost}.")


def _ratio(numerator: float, denominator: float) -> str:
    """How many times as often, in words: '10.1 times as often', or 'just as often'.

    >>> _ratio(0.0100909, 0.001), _ratio(0.001, 0.001)
    ('10.1 times as often', 'just as often')
    """
    if denominator == 0:
        return "just as often" if numerator == 0 else "more often"
    ratio = numerator / denominator
    if math.isclose(ratio, 1, rel_tol=1e-6):
        return "just as often"
    return f"{ratio:.3g} times as often"


def fairness_tradeoff(prediction: Any = None) -> FairnessCalculator:
    """The "Fair to whom?" calculator (Lesson 05), ready to display."""
    return FairnessCalculator(prediction)
