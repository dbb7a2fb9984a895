"""Lesson 00's first calculator: is "850 million, about 65 percent" right?

>>> calc = share_of_population()
>>> "60.7%" in calc.readout.value
True
"""

from __future__ import annotations

from typing import Any

from facenumbers import data
from facenumbers.calculators.controls import Calculator, NumberInput, Prediction, Preset
from facenumbers.charts.base_rates import share_chart
from facenumbers.charts.text import format_percent

__all__ = ["share_of_population", "ShareCalculator"]


def share_rows(people: int, population: int, claimed_share: float) -> list[dict[str, object]]:
    """Bars for the chart: the population, the group, and what the claimed share implies.

    >>> [round(r["millions"]) for r in share_rows(850_000_000, 1_400_050_000, 0.65)]
    [1400, 850, 910]
    """
    return [
        {"label": "Everyone in China", "millions": population / 1e6, "kind": "counted"},
        {"label": "The group you entered", "millions": people / 1e6, "kind": "counted"},
        {
            "label": f"{format_percent(claimed_share)} of everyone (the claim)",
            "millions": claimed_share * population / 1e6,
            "kind": "claimed",
        },
    ]


class ShareCalculator(Calculator):
    """A share of a population, against the share someone claimed."""

    title = "Check a claim: what share of China is online?"
    prediction_spec = Prediction("What share of China's population do the people in the group make? (a share, such as 65%)", "rate")

    def __init__(self, prediction: Any = None) -> None:
        population = int(data.value("china_2019", "population_end_2019"))
        claimed_people = int(data.value("china_2019", "articles_claim_users"))
        claimed_share = data.value("china_2019", "articles_claim_share")
        inputs = [
            NumberInput("people", "People in the group", claimed_people, 0, 2_000_000_000,
                        kind="count"),
            NumberInput("population", "Population", population, 1, 2_000_000_000, kind="count"),
            NumberInput("claimed_share", "Share that was claimed", claimed_share, 0.0, 1.0,
                        kind="rate"),
        ]
        presets = [
            Preset("The articles: 850 million, 'about 65 percent'",
                   {"people": claimed_people, "population": population,
                    "claimed_share": claimed_share},
                   note="As reported in December 2019; population: NBS, end of 2019."),
            Preset("CNNIC: internet users, June 2019",
                   {"people": int(data.value("china_2019", "internet_users_jun_2019")),
                    "population": int(data.value("china_2019", "population_end_2018")),
                    "claimed_share": data.value("china_2019", "internet_penetration_jun_2019")},
                   note="CNNIC's 44th report gives 854 million users and a penetration of 61.2%. "
                   "Its total is the population at the end of 2018 (NBS), the latest it had; "
                   "try the end-2019 total, 1,400,050,000, to see how little the choice moves "
                   "the share."),
            Preset("CNNIC: mobile internet users, June 2019",
                   {"people": int(data.value("china_2019", "mobile_internet_users_jun_2019")),
                    "population": population, "claimed_share": claimed_share},
                   note="847 million people went online from a phone (99.1% of internet users)."),
        ]
        super().__init__(inputs, presets, share_chart(share_rows(claimed_people, population,
                                                                 claimed_share)),
            prediction=prediction,)
        self.apply_preset(presets[0].label)

    def compute(self, values: dict[str, float]) -> None:
        people, population = int(values["people"]), int(values["population"])
        claimed = values["claimed_share"]
        if people > population:
            raise ValueError(
                f"People in the group ({people:,}) cannot be more than the population "
                f"({population:,}); lower the group or raise the population."
            )
        share = people / population
        self.answer = share
        self.live.update(bars=share_rows(people, population, claimed))
        gap = share - claimed
        verdict = "matches the claim" if abs(gap) < 0.005 else (
            f"is {format_percent(abs(gap))} points {'above' if gap > 0 else 'below'} the claim"
        )
        self.summary.value = (
            f"{people / 1e6:,.0f} million out of {population / 1e6:,.0f} million is "
            f"{format_percent(share)}; the claim says {format_percent(claimed)}."
        )
        self.readout.value = (
            f"<p style='font-size:120%'><b>{format_percent(share)}</b> of the population</p>"
            f"<p>{people:,} / {population:,} = {share:.3f}, which {verdict}.</p>"
        )


def share_of_population(prediction: Any = None) -> ShareCalculator:
    """The Lesson 00 calculator, ready to display."""
    return ShareCalculator(prediction)
