"""The Breach exposure calculator (Lesson 07): what can happen to a store over the years.

A store is breached in a year with some chance, and each breach leaks a share of it. The
calculator shows the whole distribution, not only the expectation: the chance that nothing
leaks at all, how many records one breach leaks at once, and the expected number leaked, an
average over "nothing" and "a lot" that is usually neither. A leaked password can be changed;
a leaked face cannot.

>>> calc = breach_exposure()
>>> calc.set_values(stored=120_000_000, breach_probability_per_year=0.02,
...                 share_leaked_per_breach=0.1, years=10)
>>> "Chance of no breach at all in 10 years: <b>81.7%</b>" in calc.readout.value
True
>>> "One breach leaks <b>about 12 million</b> records at once" in calc.readout.value
True
"""

from __future__ import annotations

from typing import Any

from facenumbers import data
from facenumbers.calculators.controls import Calculator, NumberInput, Prediction, Preset
from facenumbers.charts.breaches import (
    breach_cases_chart,
    case_rows,
    describe_breach_cases,
    expected_line,
)
from facenumbers.charts.policy import format_about
from facenumbers.charts.text import format_percent
from facenumbers.models.breaches import breach_outcomes, still_exposed

__all__ = ["BreachExposure", "PASSWORD_RESET_SHARE", "breach_exposure"]

PASSWORD_RESET_SHARE = 0.9  # assumption, labelled on screen


def _rate(name: str, label: str, value: float, help_text: str) -> NumberInput:
    return NumberInput(name, label, value, 0.0, 1.0, kind="rate", help_text=help_text)


def _breach(label: str, measure: str, note: str, claimed: bool = False) -> Preset:
    """A real breach as a preset: it happened (one year, chance 1), all of it leaked."""
    stored = int(data.value("biometric_breaches", measure))
    assumptions = ("modelled as one breach that leaked everything (one year, a breach certain); "
                   "a leaked face or fingerprint stays leaked for life, however many years follow",)
    if claimed:
        assumptions += ("the size is the seller's claim, not verified",)
    return Preset(label, {"stored": stored, "breach_probability_per_year": 1.0,
                          "share_leaked_per_breach": 1.0, "years": 1,
                          "password_reset_share": PASSWORD_RESET_SHARE},
                  note=note, assumptions=assumptions)


def _breach_presets() -> list[Preset]:
    return [
        Preset("A national face store (illustrative): 1 billion faces, 2% a year, 10% per breach",
               {"stored": 1_000_000_000, "breach_probability_per_year": 0.02,
                "share_leaked_per_breach": 0.1, "years": 30,
                "password_reset_share": PASSWORD_RESET_SHARE},
               assumptions=("every value of this preset is illustrative",)),
        _breach("BioStar 2 (2019): over 1 million fingerprint records", "biostar2_fingerprint_records",
                "Suprema's BioStar 2 access-control database was found open online in 2019: "
                "27.8 million records, over 1 million of them fingerprints, with face images."),
        _breach("US OPM (2015): 5.6 million people's fingerprints", "opm_fingerprints",
                "The US Office of Personnel Management breach exposed 21.5 million people's "
                "records, 5.6 million with fingerprints."),
        _breach("SenseNets (2019): over 2.5 million people tracked", "sensenets_people_tracked",
                "A Xinjiang face-recognition company's database, left open: over 2.5 million "
                "people, 6.7 million locations logged in 24 hours."),
        _breach("Shanghai police database (2022, claimed): about 1 billion residents",
                "shanghai_residents_claimed",
                "A seller offered a Shanghai police database of about 1 billion residents in 2022. "
                "Reuters could not verify the claim.", claimed=True),
    ]


class BreachExposure(Calculator):
    """What a stored database can leak over the years: the chance of each case, and faces
    against passwords."""

    title = "Breach exposure"
    prediction_spec = Prediction("With the starting preset, how many records will have leaked after 30 years?", "count", 0, 2_000_000_000)

    def __init__(self, prediction: Any = None) -> None:
        inputs = [
            NumberInput("stored", "Records stored", 1_000_000_000, 1_000, 2_000_000_000,
                        kind="count", log=True,
                        help_text="one per person: a face, a fingerprint, an ID number"),
            _rate("breach_probability_per_year", "Chance per year of a breach", 0.02,
                  help_text="assumption"),
            _rate("share_leaked_per_breach", "Share leaked per breach", 0.1, help_text="assumption"),
            NumberInput("years", "Years", 30, 1, 60, kind="count"),
            _rate("password_reset_share", "People who change a leaked password", PASSWORD_RESET_SHARE,
                  help_text="assumption; nobody can change a face"),
        ]
        presets = _breach_presets()
        first = presets[0].values
        outcome = breach_outcomes(first["stored"], first["breach_probability_per_year"],
                                  first["share_leaked_per_breach"], first["years"])
        super().__init__(
            inputs, presets, breach_cases_chart(case_rows(outcome), expected_line(outcome)),
            intro="A store of faces may never be breached, or it may be breached once, or more. "
            "The chart shows each case and its chance; the expected number leaked is an average "
            "over all of them. A password that leaks can be changed; a face, a fingerprint or an "
            "ID number that leaks stays leaked for life.",
            prediction=prediction,
        )

    def compute(self, values: dict) -> None:
        stored, years = int(values["stored"]), int(values["years"])
        p, q = float(values["breach_probability_per_year"]), float(values["share_leaked_per_breach"])
        outcome = breach_outcomes(stored, p, q, years)
        self.live.update(cases=case_rows(outcome), expected=expected_line(outcome))
        self.summary.value = describe_breach_cases(outcome)
        faces = outcome.expected_exposed
        self.answer = faces
        passwords = still_exposed(stored, p, q, years, reset_share=float(values["password_reset_share"]))
        nothing, something = outcome.chance_of_no_breach, outcome.chance_of_a_breach
        span = "1 year" if years == 1 else f"{years} years"
        if p == 1:
            average = ("With a breach certain every year there is only one case, and the "
                       "expectation is what happens.")
        elif p == 0:
            average = "With no chance of a breach, nothing ever leaks."
        else:
            average = (
                f"That expectation is an average over &ldquo;nothing&rdquo; (no breach: "
                f"{format_percent(nothing)} of the time) and &ldquo;a lot&rdquo; (when there is "
                f"a breach, {format_about(outcome.expected_if_breached)} on average): almost "
                "never what actually happens.")
        self.readout.value = (
            f"<p>Chance of no breach at all in {span}: <b>{format_percent(nothing)}</b>; "
            f"of at least one: <b>{format_percent(something)}</b>.</p>"
            f"<p>One breach leaks <b>{format_about(outcome.leaked_by_one_breach)}</b> records at "
            f"once ({format_percent(q)} of those stored).</p>"
            f"<p style='font-size:120%'><b>{format_about(faces).capitalize()}</b> records "
            f"({format_percent(faces / stored)} of those stored) can be expected to have leaked "
            f"after {span}. {average}</p>"
            "<p>If they are faces, fingerprints or ID numbers, they stay leaked. Had the same "
            f"records been passwords, {format_about(passwords)} would still be exposed: the rest "
            "changed theirs.</p>"
        )


def breach_exposure(prediction: Any = None) -> BreachExposure:
    """The Breach exposure calculator (Lesson 07), ready to display."""
    return BreachExposure(prediction)
