"""Lessons 02 and 03: the Matcher and the Threshold explorer.

Both run on synthetic, seeded templates (no real faces). Groups A and B are a model of a
matcher that confuses strangers more often in one group, not data about real people.

>>> calc = matcher()
>>> calc.set_values(person_a=7, capture_a=2, person_b=7, capture_b=1)
>>> "same person" in calc.readout.value
True
"""

from __future__ import annotations

from typing import Any

import html
from dataclasses import dataclass
from functools import lru_cache

import ipywidgets as widgets
import numpy as np

from facenumbers import data
from facenumbers.calculators.controls import Calculator, NumberInput, Prediction, Preset
from facenumbers.charts.biometrics import (
    FMR_FLOOR,
    FNMR_FLOOR,
    describe_det,
    describe_scores,
    det_chart,
    det_rows,
    histogram_rows,
    score_histogram_chart,
)
from facenumbers.charts.text import format_count, format_percent, format_rate_in_sample
from facenumbers.models import error_rates, matching
from facenumbers.models.templates import GROUPS, Population, make_population

__all__ = ["matcher", "threshold_explorer", "MatcherCalculator", "ThresholdExplorer"]

MATCHER_PEOPLE = 1000
CAPTURES = 4
EXPLORER_PEOPLE = 2000
#: Capture quality of the Threshold explorer's population: a shop camera, in this model.
EXPLORER_QUALITY = 0.2
SEED = 2019
#: Illustrative, not published: new mobile registrations a month, and the share that use
#: someone else's ID card.
REGISTRATIONS_PER_MONTH = int(data.assumption("registrations_per_month"))
IMPOSTOR_SHARE = data.assumption("impostor_share")
MODES = ("1:1 verification", "1:N identification")


@dataclass(frozen=True)
class _Sample:
    """A synthetic population with its comparison scores, sorted once, by group and pooled."""

    population: Population
    by_group: dict[str, error_rates.SortedScores]
    everyone: error_rates.SortedScores
    histogram: list[dict[str, object]]


@lru_cache(maxsize=16)
def _sample(people: int, quality: float) -> _Sample:
    """The cached sample for a population size and capture quality (same seed every time)."""
    population = make_population(people=people, captures=CAPTURES, quality=quality, seed=SEED)
    table = matching.comparison_scores(population, max_impostor_pairs=600_000)
    by_group = {
        group: error_rates.SortedScores.of(
            table.loc[(table["kind"] == "genuine") & (table["group"] == group), "score"],
            table.loc[(table["kind"] == "impostor") & (table["group"] == group), "score"],
        )
        for group in GROUPS
    }
    everyone = error_rates.SortedScores.of(
        np.concatenate([s.genuine for s in by_group.values()]),
        np.concatenate([s.impostor for s in by_group.values()]),
    )
    histogram = histogram_rows({"genuine": everyone.genuine, "impostor": everyone.impostor})
    return _Sample(population, by_group, everyone, histogram)


class MatcherCalculator(Calculator):
    """Two synthetic faces, their similarity, and the decision at a threshold."""

    title = "The Matcher"
    prediction_spec = Prediction("Two different captures of the same person: what similarity score will they get (from -1 to 1)?", "number", -1.0, 1.0)

    def __init__(self, prediction: Any = None) -> None:
        self.mode = widgets.ToggleButtons(options=MODES, value=MODES[0], description="Mode:")
        inputs = [
            NumberInput("threshold", "Threshold (match at or above)", 0.35, -1.0, 1.0),
            NumberInput("quality", "Capture quality", 0.7, 0.0, 1.0,
                        help_text="0 = blurry selfie in a shop, 1 = passport photo"),
            NumberInput("person_a", "Person A (or the person searched, in 1:N)", 7, 1,
                        MATCHER_PEOPLE, kind="count"),
            NumberInput("capture_a", "Capture of person A", 2, 1, CAPTURES, kind="count"),
            NumberInput("person_b", "Person B (1:1 only)", 7, 1, MATCHER_PEOPLE, kind="count"),
            NumberInput("capture_b", "Capture of person B", 1, 1, CAPTURES, kind="count"),
            NumberInput("gallery_size", "Gallery size (1:N only)", 100, 1, MATCHER_PEOPLE,
                        kind="count", log=True,
                        help_text="the first N people, enrolled with capture 1"),
        ]
        presets = [
            Preset("Same person, two passport photos",
                   {"quality": 1.0, "person_a": 7, "capture_a": 2, "person_b": 7, "capture_b": 1}),
            Preset("Same person, two blurry shop selfies",
                   {"quality": 0.0, "person_a": 7, "capture_a": 2, "person_b": 7, "capture_b": 1}),
            Preset("Two strangers in Group A",
                   {"person_a": 7, "capture_a": 1, "person_b": 9, "capture_b": 1}),
            Preset("Two strangers in Group B",
                   {"person_a": 8, "capture_a": 1, "person_b": 10, "capture_b": 1}),
        ]
        chart = score_histogram_chart(_sample(MATCHER_PEOPLE, 0.7).histogram, 0.35, 0.0)
        super().__init__(
            inputs, presets, chart, choices={"mode": self.mode},
            intro="All faces here are synthetic: made-up vectors, seeded. No real person's face "
            "is used. Groups A and B are a model, not real groups of people.",
            prediction=prediction,
        )

    def compute(self, values: dict[str, float]) -> None:
        threshold = values["threshold"]
        sample = _sample(MATCHER_PEOPLE, round(values["quality"], 3))
        population = sample.population
        fmr, fnmr = sample.everyone.rates_at(threshold)
        genuine, impostor = sample.everyone.genuine, sample.everyone.impostor
        a, capture_a = int(values["person_a"]) - 1, int(values["capture_a"]) - 1
        identification = self.mode.value == MODES[1]
        self.inputs["gallery_size"].set_enabled(identification)  # only a search has a gallery
        for name in ("person_b", "capture_b"):
            self.inputs[name].set_enabled(not identification)
        if self.mode.value == MODES[0]:
            b, capture_b = int(values["person_b"]) - 1, int(values["capture_b"]) - 1
            score = matching.cosine_similarity(population.capture(a, capture_a),
                                               population.capture(b, capture_b))
            pair_text = self._verification_text(population, a, capture_a, b, capture_b, score, threshold)
        else:
            score, pair_text = self._identification(population, a, capture_a, values, threshold)
        self.answer = float(score)
        self.live.update(
            bins=sample.histogram,
            threshold=threshold,
            pair_score=float(score),
        )
        self.summary.value = describe_scores(fmr, fnmr, threshold)
        by_group = "".join(
            f"<li>{group}: false-match rate {format_percent(sample.by_group[group].rates_at(threshold)[0])}, "
            f"false non-match rate {format_percent(sample.by_group[group].rates_at(threshold)[1])}</li>"
            for group in GROUPS
        )
        self.readout.value = pair_text + (
            f"<p>In the whole synthetic population ({population.people:,} people, "
            f"{CAPTURES} captures each): <b>{format_count(fnmr * len(genuine))}</b> of "
            f"{len(genuine):,} same-person comparisons fall below the threshold (false "
            f"non-matches), and <b>{format_count(fmr * len(impostor))}</b> of {len(impostor):,} "
            f"different-person comparisons reach it (false matches).</p><ul>{by_group}</ul>"
        )

    @staticmethod
    def _verification_text(population: Population, a: int, capture_a: int, b: int, capture_b: int,
                           score: float, threshold: float) -> str:
        same = a == b
        match = matching.verify(score, threshold)
        outcome = {
            (True, True): "Correct: a match, and it is the same person.",
            (True, False): "A <b>false non-match</b>: it is the same person, but the score is too low.",
            (False, True): "A <b>false match</b>: two different people, declared the same.",
            (False, False): "Correct: no match, and they are different people.",
        }[(same, match)]
        note = " (the very same photo, so the score is 1)" if same and capture_a == capture_b else ""
        return (
            f"<p>{population.names[a]} ({population.group[a]}), capture {capture_a + 1}, against "
            f"{population.names[b]} ({population.group[b]}), capture {capture_b + 1}: "
            f"{'the same person' if same else 'different people'}{note}.</p>"
            f"<p style='font-size:120%'>Similarity <b>{score:.3f}</b> "
            f"{'at or above' if match else 'below'} the threshold {threshold:.3f}: "
            f"<b>{'match' if match else 'no match'}</b>.</p><p>{outcome}</p>"
        )

    @staticmethod
    def _identification(population: Population, a: int, capture_a: int, values: dict[str, float],
                        threshold: float) -> tuple[float, str]:
        size = int(values["gallery_size"])
        gallery = population.templates[:size, 0]
        in_gallery = a < size
        result = matching.identify(population.capture(a, capture_a), gallery, threshold,
                                   true_index=a if in_gallery else None)
        name = population.names[a]
        if result.candidate is None:
            verdict = (f"No one reaches the threshold: <b>no match</b>. "
                       + ("That is a <b>false negative</b>: they are in the gallery." if in_gallery
                          else "Correct: they are not in the gallery."))
        elif in_gallery and result.candidate == a:
            verdict = f"Top candidate: <b>{name}</b>. Correct."
        else:
            verdict = (f"Top candidate: <b>{population.names[result.candidate]}</b>, the wrong "
                       f"person: a <b>false positive identification</b>.")
        rank = f" {name} ranks {result.rank_of_true} of {size:,}." if result.rank_of_true else ""
        if in_gallery and capture_a == 0:
            rank += " (Capture 1 is the gallery photo itself, so the score is 1: pick another capture.)"
        return result.score, (
            f"<p>Searching {name}, capture {capture_a + 1}, against a gallery of {size:,} people "
            f"({'who include them' if in_gallery else 'who do not include them'}).</p>"
            f"<p style='font-size:120%'>Best score <b>{result.score:.3f}</b>; "
            f"{result.candidates_over_threshold} gallery entr"
            f"{'y' if result.candidates_over_threshold == 1 else 'ies'} at or above the "
            f"threshold.</p><p>{verdict}{rank}</p>"
        )


class ThresholdExplorer(Calculator):
    """Move the threshold; see both error rates, per group, and the people affected per month."""

    title = "Threshold explorer"
    prediction_spec = Prediction("At the balanced threshold, how many honest people will be refused in a month, in both groups together?", "count", 0, 100_000_000)

    def __init__(self, prediction: Any = None) -> None:
        sample = _sample(EXPLORER_PEOPLE, EXPLORER_QUALITY)
        population = sample.population
        self.samples = {**sample.by_group, "Everyone": sample.everyone}
        everyone = sample.everyone
        self.thresholds = {
            "strict": error_rates.threshold_for_false_match_rate(everyone.impostor, 1e-6),
            "balanced": error_rates.equal_error_rate(everyone.genuine, everyone.impostor).threshold,
            "convenient": error_rates.threshold_for_false_match_rate(everyone.impostor, 1e-2),
        }
        curves = {group: error_rates.det_curve(s.genuine, s.impostor, points=300)
                  for group, s in self.samples.items()}
        inputs = [
            NumberInput("threshold", "Threshold (match at or above)",
                        round(self.thresholds["balanced"], 4), -1.0, 1.0),
            NumberInput("registrations_per_month", "New registrations per month", REGISTRATIONS_PER_MONTH,
                        0, 100_000_000, kind="count", log=True,
                        help_text="assumption: no published figure"),
            NumberInput("impostor_share", "Share using someone else's ID card", IMPOSTOR_SHARE,
                        0.0, 1.0, kind="rate", log=True, help_text="assumption: no published figure"),
        ]
        presets = [
            Preset(f"Strict: false-match rate 1 in a million (threshold {self.thresholds['strict']:.3f})",
                   {"threshold": self.thresholds["strict"]},
                   note="1 in a million is rarer than this sample of about a million comparisons "
                   "can show: the threshold sits just above the highest different-person score."),
            Preset(f"Balanced: equal error rate (threshold {self.thresholds['balanced']:.3f})",
                   {"threshold": self.thresholds["balanced"]}),
            Preset(f"Convenient: false-match rate 1 in 100 (threshold {self.thresholds['convenient']:.3f})",
                   {"threshold": self.thresholds["convenient"]}),
        ]
        self.population = population
        super().__init__(
            inputs, presets, det_chart(det_rows(curves), self._points(self.thresholds["balanced"])),
            intro=f"A synthetic population of {population.people:,} people (capture quality "
            f"{EXPLORER_QUALITY} in this model: a shop camera), "
            f"{len(everyone.impostor):,} different-person comparisons. Groups A and B are a "
            "model, not real groups. Registrations and the share of impostors are "
            "illustrative assumptions: change them.",
            prediction=prediction,
        )

    def rates(self, threshold: float) -> dict[str, tuple[float, float]]:
        """(FMR, FNMR) per group and for everyone, at ``threshold``."""
        return {group: sample.rates_at(threshold) for group, sample in self.samples.items()}

    def _points(self, threshold: float) -> list[dict[str, object]]:
        return [{"group": group, "fmr": max(fmr, FMR_FLOOR), "fnmr": max(fnmr, FNMR_FLOOR)}
                for group, (fmr, fnmr) in self.rates(threshold).items()]

    def compute(self, values: dict[str, float]) -> None:
        threshold = values["threshold"]
        rates = self.rates(threshold)
        self.live.update(points=self._points(threshold))
        self.summary.value = describe_det(
            [{"group": g, "fmr": f, "fnmr": n} for g, (f, n) in rates.items()], threshold
        )
        shares = {group: 1 / len(GROUPS) for group in GROUPS}
        month = error_rates.monthly_outcomes(
            int(values["registrations_per_month"]), values["impostor_share"],
            {g: rates[g] for g in GROUPS}, shares,
        ).set_index("group")
        self.answer = float(month["honest_falsely_rejected"].sum())
        rows = "".join(
            f"<tr><td>{html.escape(g)}</td>"
            f"<td>{format_rate_in_sample(rates[g][0], self.samples[g].impostor.size, line_break=True)}</td>"
            f"<td>{format_rate_in_sample(rates[g][1], self.samples[g].genuine.size, line_break=True)}</td>"
            f"<td>{format_count(month.loc[g, 'honest_falsely_rejected'])}</td>"
            f"<td>{format_count(month.loc[g, 'impostors_accepted'])}</td></tr>"
            for g in GROUPS
        )
        (fmr_a, fnmr_a), (fmr_b, fnmr_b) = rates[GROUPS[0]], rates[GROUPS[1]]
        self.readout.value = (
            f"<p style='font-size:120%'>False-match rate "
            f"<b>{format_rate_in_sample(rates['Everyone'][0], self.samples['Everyone'].impostor.size)}</b>; "
            f"false non-match rate "
            f"<b>{format_rate_in_sample(rates['Everyone'][1], self.samples['Everyone'].genuine.size)}</b></p>"
            "<table><thead><tr><th>Group</th><th>False-match rate</th><th>False non-match rate</th>"
            "<th>Honest people refused a month</th><th>Impostors let through a month</th></tr></thead>"
            f"<tbody>{rows}</tbody></table>"
            f"<p>Group B's false-match rate is {self._ratio(fmr_b, fmr_a)} Group A's; its false "
            f"non-match rate is {self._ratio(fnmr_b, fnmr_a)} Group A's.</p>"
            f"<p>At {int(values['registrations_per_month']):,} registrations a month, "
            f"<b>{format_count(month['honest_falsely_rejected'].sum())}</b> honest people are refused "
            f"at the first try, and <b>{format_count(month['impostors_accepted'].sum())}</b> people "
            "using someone else's card get through.</p>"
        )

    @staticmethod
    def _ratio(numerator: float, denominator: float) -> str:
        """How many times Group A's rate Group B's is, in words, honest about empty samples."""
        if numerator == 0 and denominator == 0:
            return "not measurable against (neither group has any in this sample)"
        if denominator == 0:
            return "not comparable with (Group A has none in this sample)"
        if numerator == 0:
            return "not comparable with (Group B has none in this sample)"
        return f"{numerator / denominator:.1f} times"


def matcher(prediction: Any = None) -> MatcherCalculator:
    """The Matcher (Lesson 02), ready to display."""
    return MatcherCalculator(prediction)


def threshold_explorer(prediction: Any = None) -> ThresholdExplorer:
    """The Threshold explorer (Lesson 03), ready to display."""
    return ThresholdExplorer(prediction)
