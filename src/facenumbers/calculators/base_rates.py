"""The Alarm calculator (Lesson 04) and the Gallery-size calculator (Lesson 05).

>>> calc = alarm()
>>> calc.apply_preset(DEPLOYMENT_LABELS["cardiff_2017"])
>>> "7.0%" in calc.readout.value
True
>>> g = gallery_size()
>>> g.set_values(false_match_rate=1e-9, gallery_size=1_600_000_000)
>>> "79.8%" in g.readout.value
True
"""

from __future__ import annotations

from typing import Any

import math

import pandas as pd

from facenumbers import data
from facenumbers.calculators.controls import Calculator, NumberInput, Prediction, Preset
from facenumbers.charts.base_rates import (
    alarm_icons_chart,
    describe_alarm_icons,
    describe_gallery,
    gallery_chart,
    gallery_curve,
    icons_for_ppv,
)
from facenumbers.charts.text import format_count, format_percent
from facenumbers.models import base_rates

__all__ = ["alarm", "gallery_size", "AlarmCalculator", "GallerySizeCalculator"]

#: The hit rate assumed for the real deployments: forces do not publish how many wanted
#: people walked past the cameras, so the hit rate cannot be measured from their figures.
#: The course takes the 89% of the National Physical Laboratory's test (2023).
ASSUMED_HIT_RATE = data.assumption("watchlist_hit_rate")
#: The Essex review did not publish how many faces the trials scanned.
ASSUMED_CROWD_FOR_ESSEX = 100_000
#: Illustrative values for "a face check on every new phone number": not published figures.
#: In the Alarm calculator's terms, an "alarm" is a refusal at the shop: the hit rate is the
#: share of impostors refused (1 - the check's FMR) and the false-alert rate the share of
#: honest customers refused (the check's FNMR). All from the course's table of assumptions.
PHONE_CHECK = {
    "crowd_size": int(data.assumption("registrations_per_month")),
    "prevalence": data.assumption("impostor_share"),
    "hit_rate": 1 - data.assumption("false_match_rate"),
    "false_alert_rate": data.assumption("false_non_match_rate"),
}

DEPLOYMENT_LABELS = {
    "cardiff_2017": "Cardiff, Champions League final 2017 (South Wales Police)",
    "met_trials_essex_2019": "London, Met trials observed by Essex, 2018-2019",
    "met_2024_2025": "London, Met Police, Sep 2024 to Sep 2025",
}
PHONE_CHECK_LABEL = "China: a face check on every new phone number (illustrative)"


def _percent(rate: float) -> str:
    """A rate as a percentage with no trailing zeros: 0.002 -> '0.2%', 0.9999 -> '99.99%'."""
    return f"{rate * 100:.4g}%"


def _deployment_preset(row: dict) -> Preset:
    published_crowd = not pd.isna(row["faces_scanned"])
    crowd = int(row["faces_scanned"]) if published_crowd else ASSUMED_CROWD_FOR_ESSEX
    assumptions = [
        f"hit rate {_percent(ASSUMED_HIT_RATE)}: the share of wanted people the cameras flag "
        "is not published for any deployment. This is the share the National Physical "
        "Laboratory found in its 2023 test of the Met's and South Wales Police's system at "
        "threshold 0.6, with volunteers on a test watchlist (table npl_equitability_2023): a "
        "test figure, not measured at this deployment. At a stricter threshold it would be lower (Lesson 03)."
    ]
    if not published_crowd:
        assumptions.append(
            f"crowd of {crowd:,} faces: the review did not publish how many faces were "
            "scanned. The share of alarms that were right does not depend on it."
        )
    alerts, false_alerts = int(row["alerts"]), int(row["false_alerts"])
    rates = base_rates.rates_from_deployment(crowd, alerts, false_alerts, ASSUMED_HIT_RATE)
    scanned = f"{crowd:,} people, " if published_crowd else ""
    return Preset(
        label=DEPLOYMENT_LABELS.get(row["case"], row["label"]),
        values={"crowd_size": crowd, "hit_rate": ASSUMED_HIT_RATE, **rates},
        note=(
            f"Published: {scanned}{alerts:,} alerts, {false_alerts:,} of them false. "
            f"Source: {row['source']} ({row['year']})."
        ),
        assumptions=tuple(assumptions),
    )


def alarm_presets() -> list[Preset]:
    """Presets for the real deployments (reproducing their published counts) and the phone check."""
    table = data.load("watchlist_deployments")
    presets = [_deployment_preset(row) for row in table.to_dict("records")]
    presets.append(
        Preset(
            label=PHONE_CHECK_LABEL,
            values=PHONE_CHECK,
            note=(
                "Here an 'alarm' is a refusal at the shop: the face does not match the ID card. "
                "'On the watchlist' means an impostor, someone using another person's real ID "
                "card. The hit rate is the share of impostors refused: 1 minus the check's "
                "false-match rate (FMR, the share of impostors accepted). The false-alert rate "
                "is the share of honest customers refused: the check's false non-match rate "
                "(FNMR)."
            ),
            assumptions=(
                f"{PHONE_CHECK['crowd_size']:,} new registrations in a month, "
                f"{_percent(PHONE_CHECK['prevalence'])} of them by impostors, "
                f"{_percent(PHONE_CHECK['hit_rate'])} of impostors refused (FMR "
                f"{_percent(data.assumption('false_match_rate'))}), "
                f"{_percent(PHONE_CHECK['false_alert_rate'])} of honest customers refused "
                "at the first try (FNMR): illustrative values from the course's table of "
                "assumptions, not published figures.",
            ),
        )
    )
    return presets


class AlarmCalculator(Calculator):
    """How many alarms point at the right person, for a crowd and a watchlist."""

    title = "Alarm calculator"
    prediction_spec = Prediction("With the starting values, what share of alarms will point at someone on the watchlist?", "rate")

    def __init__(self, prediction: Any = None) -> None:
        inputs = [
            NumberInput("crowd_size", "Crowd size (people scanned)", 170_000, 1, 2_000_000_000,
                        kind="count", log=True),
            NumberInput("prevalence", "Prevalence: share of the crowd on the watchlist", 0.001,
                        0.0, 1.0, kind="rate", log=True, help_text="the base rate"),
            NumberInput("hit_rate", "Hit rate: share of watchlisted people flagged", 0.9, 0.0, 1.0,
                        kind="rate"),
            NumberInput("false_alert_rate",
                        "False-alert rate: share of people not on the watchlist flagged", 0.005,
                        0.0, 1.0, kind="rate", log=True, help_text="per person, not per comparison"),
        ]
        self.true_icons = 0
        super().__init__(
            inputs,
            alarm_presets(),
            alarm_icons_chart(0),
            intro="Type a value (such as <code>2%</code> or <code>1 in 6,000</code>) or move a "
            "slider with the mouse or the arrow keys.",
            prediction=prediction,
        )

    def compute(self, values: dict[str, float]) -> None:
        crowd = int(values["crowd_size"])
        rates = (values["prevalence"], values["hit_rate"], values["false_alert_rate"])
        counts = base_rates.confusion_counts(crowd, *rates)
        ppv = base_rates.positive_predictive_value(*rates)
        self.answer = ppv
        per_hit = base_rates.innocent_flagged_per_true_hit(*rates)
        self.true_icons = icons_for_ppv(ppv)
        self.live.update(true_icons=self.true_icons)
        self.summary.value = describe_alarm_icons(self.true_icons) if not math.isnan(ppv) else (
            "No one is flagged at these settings, so there are no alarms to draw."
        )
        if math.isnan(ppv):
            verdict = "<p>No one is flagged, so the share of alarms that are right is undefined.</p>"
        else:
            verdict = (
                f"<p style='font-size:120%'><b>{format_percent(ppv)}</b> of alarms point at "
                f"someone on the watchlist (positive predictive value).</p>"
                f"<p>For every wanted person stopped, <b>{format_count(per_hit)}</b> people "
                f"who are not on the watchlist are stopped too.</p>"
            )
        self.readout.value = verdict + (
            f"<p>Out of {crowd:,} people, {format_count(counts.on_watchlist)} are on the "
            f"watchlist and {format_count(counts.true_alarms)} of them are flagged. Of the other "
            f"{format_count(counts.population - counts.on_watchlist)}, "
            f"{format_count(counts.false_alarms)} are flagged too: "
            f"{format_count(counts.alarms)} alarms in all.</p>"
        )


class GallerySizeCalculator(Calculator):
    """One face searched against a gallery of N: how many wrong candidates come back."""

    title = "Gallery-size calculator"
    prediction_spec = Prediction("Before you pick the preset for everyone in China (1.4 billion faces, 1 false match in a billion per comparison): what is the chance that one search returns at least one wrong candidate?", "rate")

    def __init__(self, prediction: Any = None) -> None:
        inputs = [
            NumberInput("false_match_rate", "False-match rate per comparison", 1e-6, 0.0, 0.1,
                        kind="rate", log=True),
            NumberInput("gallery_size", "Gallery size N (faces searched)", 10_000, 1,
                        1_600_000_000, kind="count", log=True),
        ]
        presets = [
            Preset(
                "A city watchlist: 10,000 faces, false-match rate 1 in a million (illustrative)",
                {"false_match_rate": 1e-6, "gallery_size": 10_000},
                assumptions=("false-match rate chosen for illustration",),
            ),
            Preset(
                "Deduplicate against China's mobile subscriptions (1.59 billion, June 2019)",
                {"false_match_rate": 1e-9,
                 "gallery_size": int(data.value("china_2019", "mobile_subscriptions_jun_2019"))},
                note="Gallery: 1.59 billion mobile subscriptions (MIIT, June 2019), standing in "
                "for one registered face per subscription.",
                assumptions=("false-match rate of 1 in a billion per comparison: illustrative; "
                             "the best published rates depend on the test and threshold.",),
            ),
            Preset(
                "Deduplicate against everyone in China (1.40 billion, end 2019)",
                {"false_match_rate": 1e-9,
                 "gallery_size": int(data.value("china_2019", "population_end_2019"))},
                note="Gallery: China's population at the end of 2019 (NBS).",
                assumptions=("false-match rate of 1 in a billion per comparison: illustrative.",),
            ),
        ]
        super().__init__(inputs, presets, gallery_chart(1e-6, 10_000), prediction=prediction)

    def compute(self, values: dict[str, float]) -> None:
        rate, size = values["false_match_rate"], int(values["gallery_size"])
        expected = base_rates.expected_false_matches(rate, size)
        chance = base_rates.probability_of_at_least_one_false_match(rate, size)
        self.answer = chance
        self.live.update(curve=gallery_curve(rate), gallery_size=size, probability=chance)
        self.summary.value = describe_gallery(rate, size)
        self.readout.value = (
            f"<p style='font-size:120%'>Chance of at least one false match: "
            f"<b>{format_percent(chance)}</b></p>"
            f"<p>Expected wrong candidates per search: <b>{format_count(expected)}</b></p>"
            f"<p>Each search compares one face with {size:,} others. Even a tiny error rate, "
            f"repeated {size:,} times, adds up.</p>"
        )


def alarm(prediction: Any = None) -> AlarmCalculator:
    """The Alarm calculator, ready to display: ``from facenumbers.calculators import alarm``."""
    return AlarmCalculator(prediction)


def gallery_size(prediction: Any = None) -> GallerySizeCalculator:
    """The Gallery-size calculator, ready to display."""
    return GallerySizeCalculator(prediction)
