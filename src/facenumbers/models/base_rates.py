"""Base rates: what an alarm from a face-recognition system is worth.

Vocabulary used throughout (each is defined once in Lesson 04):

- **prevalence**: the share of people in the crowd who really are on the watchlist
  (the *base rate*).
- **hit rate**: the share of people on the watchlist whom the system flags
  (P(alarm | on the watchlist)); also called sensitivity or true positive rate.
- **false-alert rate**: the share of people *not* on the watchlist whom the system
  flags anyway (P(alarm | not on the watchlist)): a rate per *person* who walks past.
  It is not the false-match rate (FMR) of Lesson 03, which is per *comparison* of two
  different people's faces. A passer-by is compared with each of the N photos on the
  watchlist, so false-alert rate = 1 - (1 - FMR)^N, about N x FMR when that is small
  (:func:`probability_of_at_least_one_false_match`).
- **positive predictive value (PPV)**: the share of alarms that point at someone who
  really is on the watchlist (P(on the watchlist | alarm)); also called precision.

All rates are proportions between 0 and 1. Counts are *expected* numbers of people,
so they may have fractions.

>>> counts = confusion_counts(population=100_000, prevalence=0.001, hit_rate=0.9,
...                           false_alert_rate=0.01)
>>> round(counts.true_alarms), round(counts.false_alarms)
(90, 999)
>>> round(positive_predictive_value(0.001, 0.9, 0.01), 3)
0.083
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from facenumbers.models.uncertainty import wilson_interval  # noqa: F401 - part of this module's API
from facenumbers.models.validation import require_count, require_rate

__all__ = [
    "ICONS",
    "icons_for_ppv",
    "ConfusionCounts",
    "bayes_posterior",
    "confusion_counts",
    "expected_false_matches",
    "false_alert_rate_for_ppv",
    "false_match_rate_per_comparison",
    "innocent_flagged_per_true_hit",
    "natural_frequencies",
    "negative_predictive_value",
    "positive_predictive_value",
    "precision_of_alerts",
    "probability_of_at_least_one_false_match",
    "rates_from_deployment",
    "wilson_interval",
]


@dataclass(frozen=True)
class ConfusionCounts:
    """The four groups a crowd splits into once the system has looked at everyone.

    >>> c = ConfusionCounts(true_alarms=9, missed=1, false_alarms=99, correctly_ignored=891)
    >>> c.population, c.alarms, c.on_watchlist
    (1000, 108, 10)
    """

    true_alarms: float
    """People on the watchlist whom the system flags (true positives)."""
    missed: float
    """People on the watchlist whom the system lets pass (false negatives)."""
    false_alarms: float
    """People not on the watchlist whom the system flags (false positives)."""
    correctly_ignored: float
    """People not on the watchlist whom the system lets pass (true negatives)."""

    @property
    def population(self) -> float:
        """Everyone the system looked at."""
        return self.true_alarms + self.missed + self.false_alarms + self.correctly_ignored

    @property
    def alarms(self) -> float:
        """Everyone the system flagged, rightly or wrongly."""
        return self.true_alarms + self.false_alarms

    @property
    def on_watchlist(self) -> float:
        """Everyone in the crowd who really is on the watchlist."""
        return self.true_alarms + self.missed

    def as_dict(self) -> dict[str, float]:
        """The four counts by name, in a fixed order (for tables and charts)."""
        return {
            "true_alarms": self.true_alarms,
            "missed": self.missed,
            "false_alarms": self.false_alarms,
            "correctly_ignored": self.correctly_ignored,
        }


def bayes_posterior(prior: float, likelihood_if_true: float, likelihood_if_false: float) -> float:
    """Bayes' rule: the probability a claim is true after seeing the evidence.

    P(true | evidence) = P(evidence | true) P(true) / P(evidence), where
    P(evidence) = P(evidence | true) P(true) + P(evidence | false) (1 - P(true)).

    Returns NaN when the evidence can never be seen (both terms are zero).

    >>> round(bayes_posterior(prior=0.01, likelihood_if_true=0.9, likelihood_if_false=0.05), 4)
    0.1538
    """
    prior = require_rate(prior, "prior")
    likelihood_if_true = require_rate(likelihood_if_true, "likelihood_if_true")
    likelihood_if_false = require_rate(likelihood_if_false, "likelihood_if_false")
    supporting = likelihood_if_true * prior
    evidence = supporting + likelihood_if_false * (1.0 - prior)
    if evidence == 0.0:
        return math.nan
    return supporting / evidence


def positive_predictive_value(prevalence: float, hit_rate: float, false_alert_rate: float) -> float:
    """P(on the watchlist | alarm): the share of alarms that are right.

    NaN when nobody is ever flagged (hit rate and false-alert rate both 0).

    >>> round(positive_predictive_value(prevalence=0.5, hit_rate=0.9, false_alert_rate=0.1), 2)
    0.9
    """
    return bayes_posterior(
        require_rate(prevalence, "prevalence"),
        require_rate(hit_rate, "hit_rate"),
        require_rate(false_alert_rate, "false_alert_rate"),
    )


def negative_predictive_value(prevalence: float, hit_rate: float, false_alert_rate: float) -> float:
    """P(not on the watchlist | no alarm): the share of people let through who are innocent.

    NaN when everybody is flagged (hit rate and false-alert rate both 1).

    >>> round(negative_predictive_value(prevalence=0.01, hit_rate=0.9, false_alert_rate=0.05), 4)
    0.9989
    """
    prevalence = require_rate(prevalence, "prevalence")
    hit_rate = require_rate(hit_rate, "hit_rate")
    false_alert_rate = require_rate(false_alert_rate, "false_alert_rate")
    # No alarm is the evidence; "not on the watchlist" is the claim.
    return bayes_posterior(1.0 - prevalence, 1.0 - false_alert_rate, 1.0 - hit_rate)


def confusion_counts(
    population: int, prevalence: float, hit_rate: float, false_alert_rate: float
) -> ConfusionCounts:
    """Expected number of people in each of the four groups.

    >>> c = confusion_counts(170_000, prevalence=0.001, hit_rate=0.9, false_alert_rate=0.01)
    >>> round(c.true_alarms), round(c.false_alarms), round(c.population)
    (153, 1698, 170000)
    """
    population = require_count(population, "population")
    prevalence = require_rate(prevalence, "prevalence")
    hit_rate = require_rate(hit_rate, "hit_rate")
    false_alert_rate = require_rate(false_alert_rate, "false_alert_rate")
    on_watchlist = population * prevalence
    not_on_watchlist = population - on_watchlist
    return ConfusionCounts(
        true_alarms=on_watchlist * hit_rate,
        missed=on_watchlist * (1.0 - hit_rate),
        false_alarms=not_on_watchlist * false_alert_rate,
        correctly_ignored=not_on_watchlist * (1.0 - false_alert_rate),
    )


def natural_frequencies(
    prevalence: float, hit_rate: float, false_alert_rate: float, total: int = 1000
) -> ConfusionCounts:
    """Whole numbers of people out of ``total`` in each group, for an icon array.

    The expected counts are rounded so that they still add up to ``total`` exactly
    (largest-remainder rounding). Very small groups can round to zero: say so beside
    the picture.

    >>> natural_frequencies(prevalence=0.01, hit_rate=0.9, false_alert_rate=0.05, total=1000)
    ConfusionCounts(true_alarms=9, missed=1, false_alarms=50, correctly_ignored=940)
    """
    total = require_count(total, "total", minimum=1)
    expected = confusion_counts(total, prevalence, hit_rate, false_alert_rate).as_dict()
    floors = {name: math.floor(value) for name, value in expected.items()}
    leftover = total - sum(floors.values())
    by_remainder = sorted(expected, key=lambda name: expected[name] - floors[name], reverse=True)
    for name in by_remainder[:leftover]:
        floors[name] += 1
    return ConfusionCounts(**floors)


def innocent_flagged_per_true_hit(
    prevalence: float, hit_rate: float, false_alert_rate: float
) -> float:
    """How many people not on the watchlist are flagged for every person rightly flagged.

    Infinite when there are false alarms but no true ones; NaN when there are no alarms.

    >>> round(innocent_flagged_per_true_hit(0.001, 0.9, 0.01), 1)
    11.1
    """
    counts = confusion_counts(1, prevalence, hit_rate, false_alert_rate)
    if counts.true_alarms == 0:
        return math.inf if counts.false_alarms > 0 else math.nan
    return counts.false_alarms / counts.true_alarms


def precision_of_alerts(alerts: int, false_alerts: int) -> float:
    """The share of a deployment's alerts that were right, from its published counts.

    >>> round(precision_of_alerts(alerts=2470, false_alerts=2297), 3)
    0.07
    """
    alerts = require_count(alerts, "alerts", minimum=1)
    false_alerts = require_count(false_alerts, "false_alerts", minimum=0, maximum=alerts)
    return (alerts - false_alerts) / alerts


def rates_from_deployment(
    crowd_size: int, alerts: int, false_alerts: int, assumed_hit_rate: float
) -> dict[str, float]:
    """Prevalence and false-alert rate that reproduce a deployment's published counts.

    Police forces publish how many faces were scanned, how many alerts there were and
    how many were false, but not how many wanted people walked past. Given an *assumed*
    hit rate, that number follows: true alerts / hit rate. The returned rates make
    :func:`confusion_counts` give back the published alerts exactly.

    >>> r = rates_from_deployment(170_000, alerts=2470, false_alerts=2297, assumed_hit_rate=0.9)
    >>> c = confusion_counts(170_000, r["prevalence"], 0.9, r["false_alert_rate"])
    >>> round(c.alarms), round(c.false_alarms)
    (2470, 2297)
    """
    crowd_size = require_count(crowd_size, "crowd_size", minimum=1)
    alerts = require_count(alerts, "alerts", minimum=0, maximum=crowd_size)
    false_alerts = require_count(false_alerts, "false_alerts", minimum=0, maximum=alerts)
    assumed_hit_rate = require_rate(assumed_hit_rate, "assumed_hit_rate")
    true_alerts = alerts - false_alerts
    if assumed_hit_rate == 0 and true_alerts > 0:
        raise ValueError("assumed_hit_rate must be above 0 when some alerts were true; got 0.")
    on_watchlist = true_alerts / assumed_hit_rate if true_alerts else 0.0
    if on_watchlist > crowd_size - false_alerts:
        raise ValueError(
            "assumed_hit_rate is too low for these counts: it implies more wanted people "
            "than the crowd can hold."
        )
    if on_watchlist >= crowd_size:
        raise ValueError(
            f"assumed_hit_rate is too low for these counts: {true_alerts:,} true alerts at a hit "
            f"rate of {assumed_hit_rate:g} mean all {crowd_size:,} people in the crowd were on the "
            "watchlist, leaving no innocent passer-by to give a false-alert rate."
        )
    return {
        "prevalence": on_watchlist / crowd_size,
        "false_alert_rate": false_alerts / (crowd_size - on_watchlist),
    }


def false_alert_rate_for_ppv(target_ppv: float, prevalence: float, hit_rate: float) -> float:
    """The highest false-alert rate that still gives alarms at least ``target_ppv`` right.

    Solves PPV = h p / (h p + f (1 - p)) for f.

    >>> false_alert_rate_for_ppv(target_ppv=0.5, prevalence=0.001, hit_rate=0.9)  # doctest: +ELLIPSIS
    0.000900900...
    """
    target_ppv = require_rate(target_ppv, "target_ppv")
    prevalence = require_rate(prevalence, "prevalence")
    hit_rate = require_rate(hit_rate, "hit_rate")
    if target_ppv == 0:
        return 1.0
    if prevalence == 1:
        return 1.0
    rate = hit_rate * prevalence * (1.0 - target_ppv) / (target_ppv * (1.0 - prevalence))
    return min(rate, 1.0)


def probability_of_at_least_one_false_match(false_match_rate: float, gallery_size: int) -> float:
    """P(at least one false match) when one face is searched against ``gallery_size`` others.

    Computes 1 - (1 - FMR)^N as -expm1(N log1p(-FMR)), which stays exact for tiny
    rates and huge galleries, where the naive formula rounds to 0. Assumes the N
    comparisons are independent.

    >>> probability_of_at_least_one_false_match(1e-9, 1_600_000_000)  # doctest: +ELLIPSIS
    0.798103...
    """
    false_match_rate = require_rate(false_match_rate, "false_match_rate")
    gallery_size = require_count(gallery_size, "gallery_size")
    if false_match_rate == 1.0:
        return 1.0 if gallery_size > 0 else 0.0
    return -math.expm1(gallery_size * math.log1p(-false_match_rate))


def expected_false_matches(false_match_rate: float, gallery_size: int) -> float:
    """Expected number of wrong candidates one search returns: N x FMR.

    >>> round(expected_false_matches(1e-9, 1_600_000_000), 6)
    1.6
    """
    false_match_rate = require_rate(false_match_rate, "false_match_rate")
    gallery_size = require_count(gallery_size, "gallery_size")
    return gallery_size * false_match_rate


def false_match_rate_per_comparison(false_alert_rate: float, watchlist_size: int) -> float:
    """The false-match rate per comparison that gives a false-alert rate per person.

    A passer-by not on the watchlist is compared with each of its N photos, so
    false-alert rate = 1 - (1 - FMR)^N; solved for FMR this is 1 - (1 - rate)^(1/N),
    about rate / N when the rate is small. Assumes independent comparisons.

    >>> fmr = false_match_rate_per_comparison(1 / 6_000, 10_000)   # NPL 2023, threshold 0.6
    >>> f"{fmr:.2g}"
    '1.7e-08'
    >>> round(probability_of_at_least_one_false_match(fmr, 10_000) * 6_000, 9)
    1.0
    """
    false_alert_rate = require_rate(false_alert_rate, "false_alert_rate")
    watchlist_size = require_count(watchlist_size, "watchlist_size", minimum=1)
    if false_alert_rate == 1.0:
        return 1.0
    return -math.expm1(math.log1p(-false_alert_rate) / watchlist_size)


#: The number of alarms an icon array draws.
ICONS = 100


def icons_for_ppv(ppv: float, icons: int = ICONS) -> int:
    """How many of ``icons`` alarm icons stand for true alarms (PPV rounded to whole icons).

    NaN (no alarms at all) gives 0.

    >>> icons_for_ppv(0.07), icons_for_ppv(0.995), icons_for_ppv(float("nan"))
    (7, 100, 0)
    """
    if isinstance(ppv, float) and math.isnan(ppv):
        return 0
    return int(round(require_rate(ppv, "ppv") * require_count(icons, "icons", minimum=1)))
