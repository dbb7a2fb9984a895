"""Fair to whom? Equal error rates and equal precision across groups whose base rates differ.

Two groups of people walk past the same camera. In each group some share is on the watchlist:
that group's **prevalence** (base rate). The terms are Lesson 04's, per *person*:

- **hit rate** h: the share of a group's watchlisted people whom the system flags;
- **false-alert rate** f: the share of a group's people *not* on the watchlist who are flagged;
- **positive predictive value (PPV)**: the share of alarms about a group's members that point
  at someone really on the watchlist, PPV = h p / (h p + f (1 - p)).

Two ideas of fairness compete. **Equal error rates**: every group's innocent members are flagged
as often, and its wanted members found as often. **Equal PPV** (equal precision): an alarm means
the same, whichever group the person flagged belongs to. When the prevalences differ, a system
that is not perfect cannot have both (Kleinberg, Mullainathan and Raghavan, "Inherent
Trade-Offs in the Fair Determination of Risk Scores", 2016, arXiv:1609.05807, in ITCS 2017;
Chouldechova, "Fair prediction with disparate impact: a study of bias in recidivism prediction
instruments", Big Data 5(2), 2017). The reason is one line of algebra, the identity Chouldechova
writes out (:func:`false_alert_rate_from_ppv`)::

    f = p / (1 - p) x (1 - PPV) / PPV x h

With h and PPV the same for both groups, f must differ in the ratio of the groups' odds
p / (1 - p).

>>> rates = ppv_by_group({"Group A": 0.001, "Group B": 0.01}, hit_rate=0.9, false_alert_rate=0.001)
>>> {g: round(v, 3) for g, v in rates.items()}
{'Group A': 0.474, 'Group B': 0.901}
>>> needed = false_alert_rates_for_equal_ppv({"Group A": 0.001, "Group B": 0.01}, 0.9, rates["Group A"])
>>> round(needed["Group A"], 6), round(needed["Group B"], 5)
(0.001, 0.01009)

A per-group threshold is how an operator would get there. :func:`per_group_thresholds` does it on
a simple closed-form score model (:class:`ScoreModel`, no real faces and no randomness): the
matcher is equally good for both groups, and only the base rates differ.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from statistics import NormalDist
from typing import Literal

from facenumbers.models.uncertainty import solve_increasing
from facenumbers.models.validation import require_number, require_rate

__all__ = [
    "EQUAL_ERROR_RATES",
    "EQUAL_PPV",
    "RULES",
    "GroupOutcome",
    "ScoreModel",
    "false_alert_rate_from_ppv",
    "false_alert_rates_for_equal_ppv",
    "odds",
    "per_group_thresholds",
    "ppv",
    "ppv_by_group",
    "tradeoff",
]

EQUAL_ERROR_RATES = "equal error rates"
EQUAL_PPV = "equal PPV"
#: The two rules an operator can choose between when groups' base rates differ.
RULES = (EQUAL_ERROR_RATES, EQUAL_PPV)
Rule = Literal["equal error rates", "equal PPV"]

_STANDARD = NormalDist()
#: Above this score the normal tails underflow to 0 (erfc(38 / sqrt 2) is about 1e-316).
_HIGHEST_THRESHOLD = 37.0


def _upper_tail(x: float) -> float:
    """P(Z >= x) for a standard normal Z, accurate far into the tail (no 1 - cdf)."""
    return 0.5 * math.erfc(x / math.sqrt(2))


def _prevalence(value: object, name: str) -> float:
    """A prevalence strictly between 0 and 1 (the identity divides by p and by 1 - p)."""
    number = require_rate(value, name)
    if not 0.0 < number < 1.0:
        raise ValueError(
            f"{name} must be above 0 and below 1 (someone in the group is on the watchlist, and "
            f"not everyone); got {number:g}."
        )
    return number


def _groups(prevalences: Mapping[str, float]) -> dict[str, float]:
    """The groups' prevalences, checked: a mapping of at least one group name to a prevalence."""
    if not isinstance(prevalences, Mapping) or not prevalences:
        raise ValueError("prevalences must map each group's name to its prevalence, "
                         "for example {'Group A': 0.001, 'Group B': 0.01}.")
    return {str(g): _prevalence(p, f"prevalence of {g}") for g, p in prevalences.items()}


def _rule(rule: object) -> str:
    if rule not in RULES:
        raise ValueError(f"rule must be one of {', '.join(repr(r) for r in RULES)}; got {rule!r}.")
    return str(rule)


def odds(prevalence: float) -> float:
    """The odds p / (1 - p) of being on the watchlist: 1 in 1,000 gives 1 to 999.

    >>> round(odds(0.001), 6), round(odds(0.5), 6)
    (0.001001, 1.0)
    """
    p = _prevalence(prevalence, "prevalence")
    return p / (1 - p)


def ppv(prevalence: float, hit_rate: float, false_alert_rate: float) -> float:
    """One group's PPV: the share of alarms about its members that are right.

    Raises ValueError when nobody is flagged (hit rate and false-alert rate both 0).

    >>> round(ppv(0.001, 0.9, 0.001), 4), round(ppv(0.01, 0.9, 0.001), 4)
    (0.4739, 0.9009)
    """
    p = _prevalence(prevalence, "prevalence")
    h = require_rate(hit_rate, "hit_rate")
    f = require_rate(false_alert_rate, "false_alert_rate")
    flagged = h * p + f * (1 - p)
    if flagged == 0:
        raise ValueError("hit_rate and false_alert_rate are both 0: nobody is flagged, so there "
                         "are no alarms and no PPV.")
    return h * p / flagged


def ppv_by_group(prevalences: Mapping[str, float], hit_rate: float | Mapping[str, float],
                 false_alert_rate: float | Mapping[str, float]) -> dict[str, float]:
    """Each group's PPV, from its prevalence and its (or a shared) hit and false-alert rate.

    >>> ppv_by_group({"A": 0.5}, hit_rate=0.9, false_alert_rate={"A": 0.1})
    {'A': 0.9}
    """
    groups = _groups(prevalences)
    return {g: ppv(p, _per_group(hit_rate, g, "hit_rate"),
                   _per_group(false_alert_rate, g, "false_alert_rate"))
            for g, p in groups.items()}


def _per_group(value: float | Mapping[str, float], group: str, name: str) -> float:
    if isinstance(value, Mapping):
        if group not in value:
            raise ValueError(f"{name} has no value for {group!r}; it has {sorted(value)}.")
        return require_rate(value[group], f"{name} of {group}")
    return require_rate(value, name)


def false_alert_rate_from_ppv(prevalence: float, target_ppv: float, hit_rate: float) -> float:
    """Chouldechova's identity: f = p / (1 - p) x (1 - PPV) / PPV x h.

    The false-alert rate a group with prevalence ``prevalence`` and hit rate ``hit_rate`` must
    have for its PPV to be ``target_ppv``. Raises ValueError when no rate can do it (the answer
    would be above 1: even flagging every innocent member would not bring the PPV that low).

    >>> round(false_alert_rate_from_ppv(0.01, 0.5, 0.9), 6)     # 0.9 x 1/99
    0.009091
    >>> false_alert_rate_from_ppv(0.01, 0.001, 0.9)
    Traceback (most recent call last):
    ...
    ValueError: target_ppv 0.001 cannot be reached at prevalence 0.01: it would need a false-alert rate of 9.08, above 1 (100%).
    """
    p = _prevalence(prevalence, "prevalence")
    target = require_rate(target_ppv, "target_ppv")
    h = require_rate(hit_rate, "hit_rate")
    if target == 0:
        raise ValueError("target_ppv must be above 0: with a PPV of 0 no alarm is ever right.")
    if h == 0:
        raise ValueError("hit_rate must be above 0: with no one on the watchlist ever flagged, "
                         "every alarm is false and the PPV is 0.")
    needed = odds(p) * (1 - target) / target * h
    if needed > 1:
        raise ValueError(
            f"target_ppv {target:g} cannot be reached at prevalence {p:g}: it would need a "
            f"false-alert rate of {needed:.3g}, above 1 (100%)."
        )
    return needed


def false_alert_rates_for_equal_ppv(prevalences: Mapping[str, float], hit_rate: float,
                                    target_ppv: float) -> dict[str, float]:
    """The false-alert rate each group needs for the same PPV, all with the same hit rate.

    The rates differ in the ratio of the groups' odds p / (1 - p): about ten times for
    prevalences of 1 in 100 and 1 in 1,000.

    >>> rates = false_alert_rates_for_equal_ppv({"A": 0.001, "B": 0.01}, 0.9, 0.5)
    >>> round(rates["B"] / rates["A"], 2)
    10.09
    """
    return {g: false_alert_rate_from_ppv(p, target_ppv, hit_rate)
            for g, p in _groups(prevalences).items()}


@dataclass(frozen=True)
class GroupOutcome:
    """One group's rates under a rule: what an alarm means for its members."""

    group: str
    prevalence: float
    hit_rate: float
    false_alert_rate: float
    threshold: float | None = None
    """The score threshold, for :func:`per_group_thresholds`; None for :func:`tradeoff`."""

    @property
    def ppv(self) -> float:
        """The share of alarms about this group's members that are right."""
        return ppv(self.prevalence, self.hit_rate, self.false_alert_rate)

    @property
    def miss_rate(self) -> float:
        """The share of this group's watchlisted people who walk past unflagged (1 - hit rate)."""
        return 1 - self.hit_rate


def tradeoff(prevalences: Mapping[str, float], hit_rate: float, false_alert_rate: float,
             rule: Rule, reference: str | None = None) -> dict[str, GroupOutcome]:
    """Each group's rates under a rule, with the same hit rate for every group.

    ``"equal error rates"``: every group gets ``false_alert_rate``, so their PPVs differ.
    ``"equal PPV"``: the ``reference`` group (the first, unless named) keeps
    ``false_alert_rate``, and each other group gets the rate that gives it the same PPV
    (:func:`false_alert_rate_from_ppv`), so their false-alert rates differ.

    >>> out = tradeoff({"A": 0.001, "B": 0.01}, 0.9, 0.001, "equal PPV")
    >>> round(out["A"].ppv, 4) == round(out["B"].ppv, 4), round(out["B"].false_alert_rate, 5)
    (True, 0.01009)
    """
    groups = _groups(prevalences)
    h = require_rate(hit_rate, "hit_rate")
    f = require_rate(false_alert_rate, "false_alert_rate")
    if _rule(rule) == EQUAL_ERROR_RATES:
        rates = dict.fromkeys(groups, f)
    else:
        anchor = _reference(groups, reference)
        target = ppv(groups[anchor], h, f)
        rates = {g: f if g == anchor else false_alert_rate_from_ppv(p, target, h)
                 for g, p in groups.items()}
    return {g: GroupOutcome(g, p, h, rates[g]) for g, p in groups.items()}


def _reference(groups: Mapping[str, float], reference: str | None) -> str:
    if reference is None:
        return next(iter(groups))
    if reference not in groups:
        raise ValueError(f"reference must be one of the groups {sorted(groups)}; got {reference!r}.")
    return reference


@dataclass(frozen=True)
class ScoreModel:
    """A closed-form model of a camera's scores, the same for every group.

    A passer-by who is *not* on the watchlist gets a score drawn from the standard normal
    distribution N(0, 1); a watchlisted one, from N(``separation``, 1). The system flags scores
    at or above a threshold t, so f = P(N(0, 1) >= t) and h = P(N(separation, 1) >= t). An
    illustrative model (the textbook "equal-variance" picture of signal detection), not a
    fitted one: real scores need not be normal.

    >>> model = ScoreModel.from_rates(hit_rate=0.89, false_alert_rate=0.001)
    >>> round(model.separation, 3)
    4.317
    >>> [round(r, 4) for r in model.rates_at(model.threshold_for_false_alert_rate(0.001))]
    [0.89, 0.001]
    """

    separation: float
    """How far apart the two kinds of score are, in standard deviations (d')."""

    def __post_init__(self) -> None:
        value = require_number(self.separation, "separation")
        if value <= 0:
            raise ValueError(f"separation must be above 0 (watchlisted people score higher); "
                             f"got {value:g}.")

    @classmethod
    def from_rates(cls, hit_rate: float, false_alert_rate: float) -> ScoreModel:
        """The model whose threshold for ``false_alert_rate`` gives ``hit_rate``."""
        h = require_rate(hit_rate, "hit_rate")
        f = require_rate(false_alert_rate, "false_alert_rate")
        if not 0 < f < 1 or not 0 < h < 1:
            raise ValueError("hit_rate and false_alert_rate must each be above 0 and below 1 "
                             f"for a score model; got {h:g} and {f:g}.")
        if h <= f:
            raise ValueError(f"hit_rate ({h:g}) must be above false_alert_rate ({f:g}): "
                             "a system that flags innocent people as often is guessing.")
        return cls(_STANDARD.inv_cdf(1 - f) - _STANDARD.inv_cdf(1 - h))

    def rates_at(self, threshold: float) -> tuple[float, float]:
        """(hit rate, false-alert rate) at ``threshold``."""
        t = require_number(threshold, "threshold")
        return _upper_tail(t - self.separation), _upper_tail(t)

    def threshold_for_false_alert_rate(self, false_alert_rate: float) -> float:
        """The threshold at which ``false_alert_rate`` of innocent passers-by are flagged."""
        f = require_rate(false_alert_rate, "false_alert_rate")
        if not 0 < f < 1:
            raise ValueError(f"false_alert_rate must be above 0 and below 1; got {f:g}.")
        return _STANDARD.inv_cdf(1 - f)

    def ppv_at(self, threshold: float, prevalence: float) -> float:
        """A group's PPV at ``threshold``: it rises as the threshold does."""
        h, f = self.rates_at(threshold)
        return ppv(prevalence, h, f)

    def threshold_for_ppv(self, target_ppv: float, prevalence: float) -> float:
        """The threshold at which a group with ``prevalence`` has PPV ``target_ppv``.

        The PPV runs from the prevalence (flag everyone) towards 1 (flag only the highest
        scores), so the target must lie between them.

        >>> model = ScoreModel(4.0)
        >>> round(model.ppv_at(model.threshold_for_ppv(0.5, 0.01), 0.01), 6)
        0.5
        """
        p = _prevalence(prevalence, "prevalence")
        target = require_rate(target_ppv, "target_ppv")
        if not p < target < 1:
            raise ValueError(f"target_ppv must be above the prevalence ({p:g}) and below 1: "
                             f"flagging everyone gives a PPV equal to the prevalence; got {target:g}.")
        low, high = -10.0, _HIGHEST_THRESHOLD
        if self.ppv_at(high, p) < target:
            raise ValueError(f"target_ppv {target:g} is too close to 1 for this model at "
                             f"prevalence {p:g}.")
        # The PPV rises with the threshold.
        return solve_increasing(lambda threshold: self.ppv_at(threshold, p), target, low, high,
                                tolerance=1e-12)


def per_group_thresholds(prevalences: Mapping[str, float], hit_rate: float,
                         false_alert_rate: float, rule: Rule,
                         reference: str | None = None) -> dict[str, GroupOutcome]:
    """Each group's threshold and rates on one :class:`ScoreModel`, under a rule.

    The model is the one where the threshold for ``false_alert_rate`` gives ``hit_rate``; it is
    the same for every group (the matcher is equally good for all), and only the prevalences
    differ.

    - ``"equal error rates"``: one threshold for everyone. Hit and false-alert rates are equal;
      the PPVs are not.
    - ``"equal PPV"``: the ``reference`` group (the first, unless named) keeps that threshold;
      every other group gets its own, chosen for the same PPV. A group with a higher prevalence
      gets a *lower* threshold, so more of its innocent members are flagged, and more of its
      wanted ones found: equal PPV costs unequal error rates.

    >>> out = per_group_thresholds({"A": 0.001, "B": 0.01}, 0.89, 0.001, "equal PPV")
    >>> round(out["A"].ppv, 3), round(out["B"].ppv, 3)
    (0.471, 0.471)
    >>> out["B"].threshold < out["A"].threshold
    True
    >>> round(out["B"].false_alert_rate / out["A"].false_alert_rate, 1), round(out["B"].hit_rate, 3)
    (11.1, 0.979)
    """
    groups = _groups(prevalences)
    model = ScoreModel.from_rates(hit_rate, false_alert_rate)
    shared = model.threshold_for_false_alert_rate(false_alert_rate)
    if _rule(rule) == EQUAL_ERROR_RATES:
        thresholds = dict.fromkeys(groups, shared)
    else:
        anchor = _reference(groups, reference)
        target = model.ppv_at(shared, groups[anchor])
        thresholds = {g: shared if g == anchor else model.threshold_for_ppv(target, p)
                      for g, p in groups.items()}
    outcomes = {}
    for g, p in groups.items():
        h, f = model.rates_at(thresholds[g])
        outcomes[g] = GroupOutcome(g, p, h, f, thresholds[g])
    return outcomes

