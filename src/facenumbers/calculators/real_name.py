"""Lesson 01's calculator: "How unique are you?"

Choose quasi-identifiers and a population size; see the share of people nobody else matches,
in closed form and in a synthetic population, and how many people share each combination.

>>> calc = how_unique()
>>> calc.set_values(population=10_000, sex=True, birth_date=True, district=False,
...                 birth_year=False, province=False, phone_prefix=False)
>>> "possible combinations" in calc.readout.value
True
"""

from __future__ import annotations

from typing import Any

import ipywidgets as widgets
import numpy as np
import pandas as pd

from facenumbers.calculators.controls import Calculator, NumberInput, Prediction, Preset
from facenumbers.charts.real_name import describe_group_sizes, group_size_chart
from facenumbers.charts.text import format_count, format_percent
from facenumbers.models import uniqueness

__all__ = ["how_unique", "HowUniqueCalculator"]

MAX_POPULATION = 10_000_000
SEED = 2019


_POPULATION: list[uniqueness.GrowingPopulation] = []  # one per kernel, made when first needed


def _people(population: int) -> pd.DataFrame:
    """The first ``population`` people of the seeded synthetic population.

    A smaller population is the start of a larger one (see ``make_people``), so one
    population is kept and sliced: moving the population slider draws only the people not
    drawn before (about 12 ms for each 250,000), and nobody when it goes back.
    """
    if not _POPULATION:
        _POPULATION.append(uniqueness.GrowingPopulation(SEED, limit=MAX_POPULATION))
    return _POPULATION[0].first(population)


def _attribute_preset(label: str, population: int, chosen: set[str], note: str = "",
                      assumptions: tuple[str, ...] = ()) -> Preset:
    flags = {name: name in chosen for name in uniqueness.ATTRIBUTES}
    return Preset(label, {"population": population, **flags}, note=note, assumptions=assumptions)


def _closed_form(share: float) -> str:
    """The formula's answer, in words when it is too small to read as a percentage.

    >>> _closed_form(0.25), _closed_form(3.7e-8), _closed_form(1e-70)
    ('25.0%', 'about 1 person in 27,027,027', 'practically 0% (under one in a hundred million)')
    """
    if share < 1e-8:
        return "practically 0% (under one in a hundred million)"
    if share < 1e-4:
        return f"about 1 person in {format_count(1 / share)}"
    return format_percent(share)


class HowUniqueCalculator(Calculator):
    """Quasi-identifiers and uniqueness: closed form beside a synthetic population."""

    title = "How unique are you?"
    prediction_spec = Prediction("With the starting values (sex and full date of birth, 1,000,000 people), what share of people are unique?", "rate")

    def __init__(self, prediction: Any = None) -> None:
        self._grouped: tuple[tuple, np.ndarray | None] = ((), None)  # (population, attributes), counts
        self.boxes = {
            name: widgets.Checkbox(value=name in {"sex", "birth_date"}, description=attribute.label,
                                   indent=False, tooltip=attribute.description,
                                   layout=widgets.Layout(width="190px"))
            for name, attribute in uniqueness.ATTRIBUTES.items()
        }
        inputs = [
            NumberInput("population", "Population (people)", 1_000_000, 100, MAX_POPULATION,
                        kind="count", log=True, help_text="synthetic people; up to 10 million"),
            NumberInput("k", "k for k-anonymity", 5, 2, 1000, kind="count", log=True,
                        help_text="a table is k-anonymous if every group has at least k people"),
        ]
        presets = [
            _attribute_preset(
                "Sweeney's setting: sex + full date of birth + a small area, 10 million people",
                MAX_POPULATION, {"sex", "birth_date", "district"},
                note="Sweeney (2000) found that ZIP code, sex and date of birth were unique for 87% "
                "of the 1990 US population (Golle, 2006: 63% on the 2000 census). Here the "
                "district plays the part of the ZIP code.",
                assumptions=("the population and its districts are a synthetic model, not US data",),
            ),
            _attribute_preset(
                "A province of 10 million: sex + birth year", MAX_POPULATION, {"sex", "birth_year"},
                assumptions=("a province of 10 million people (illustrative) in the synthetic model",),
            ),
            _attribute_preset(
                "A province of 10 million: sex + full date of birth + phone prefix", MAX_POPULATION,
                {"sex", "birth_date", "phone_prefix"},
                assumptions=("a province of 10 million people (illustrative) in the synthetic model",),
            ),
            _attribute_preset(
                "A town of 10,000: full date of birth only", 10_000, {"birth_date"},
                assumptions=("a town of 10,000 people (illustrative) in the synthetic model",),
            ),
        ]
        rows = uniqueness.measure(_people(1_000_000), ["sex", "birth_date"]).distribution
        grid = widgets.HBox(list(self.boxes.values()), layout=widgets.Layout(flex_flow="row wrap"))
        layout = widgets.VBox([widgets.HTML("<b>Attributes an observer knows about you</b>"), grid])
        super().__init__(
            inputs, presets, group_size_chart(rows),
            intro="The people here are synthetic: made-up birth years, districts and phone "
            "prefixes with uneven shares, seeded. Tick attributes and watch the red bar.",
            choices=self.boxes, choices_layout=layout,
            prediction=prediction,
        )

    def chosen(self) -> list[str]:
        """The attributes currently ticked."""
        return [name for name, box in self.boxes.items() if box.value]

    def compute(self, values: dict) -> None:
        population, k = int(values["population"]), int(values["k"])
        attributes = self.chosen()
        grouping = (population, tuple(attributes))
        if self._grouped[0] != grouping:  # a new k alone needs no new grouping
            self._grouped = (grouping, uniqueness.group_counts(_people(population), attributes))
        report = uniqueness.measure_groups(self._grouped[1], attributes, k)
        self.answer = report.unique_share
        rows = report.distribution
        self.live.update(groups=rows)
        self.summary.value = describe_group_sizes(rows, population)
        names = ", ".join(uniqueness.ATTRIBUTES[a].label.lower() for a in attributes) or "nothing"
        cells = f"{report.cells:,}"
        someone = " (someone is unique)" if report.k_anonymity == 1 else ""
        self.readout.value = (
            f"<p>Knowing <b>{names}</b> about {population:,} people:</p>"
            f"<p style='font-size:120%'><b>{format_percent(report.unique_share)}</b> are unique "
            "in the synthetic population.</p>"
            f"<p>Closed form, if all {cells} possible combinations were equally likely: "
            f"(1 - 1/{cells})<sup>{population - 1:,}</sup> = "
            f"<b>{_closed_form(report.expected_unique_share)}</b>.</p>"
            f"<p>The table's k is <b>{report.k_anonymity:,}</b>{someone}; "
            f"{format_percent(report.share_below_k)} of people are in groups smaller than "
            f"k = {k}.</p>"
            "<p>Real populations are uneven: some combinations are crowded, many are rare, "
            "so the simulation and the closed form differ.</p>"
        )


def how_unique(prediction: Any = None) -> HowUniqueCalculator:
    """The "How unique are you?" calculator (Lesson 01), ready to display."""
    return HowUniqueCalculator(prediction)
