"""Error rates from similarity scores: the two errors, their trade-off, and what they cost.

- **Genuine scores**: comparisons of two captures of the *same* person.
- **Impostor scores**: comparisons of captures of two *different* people.
- **False-match rate (FMR)**: the share of impostor comparisons at or above the threshold
  (two different people wrongly declared the same).
- **False non-match rate (FNMR)**: the share of genuine comparisons below the threshold
  (one person wrongly declared two).
- **FAR / FRR** (false accept / false reject rate): the same errors for a whole *system*,
  counting also the captures that fail (a face not detected, a liveness check failed). With a
  failure-to-acquire rate of 0, FAR = FMR and FRR = FNMR.
- **FPIR / FNIR** (false positive / false negative identification rate): the errors of a
  1:N *search*: a search for someone not in the gallery that still returns a candidate, and a
  search for someone in the gallery that does not return them.
- **ROC curve**: hit rate (1 - FNMR) against FMR, over all thresholds. **DET curve**: FNMR
  against FMR, usually on log scales. **Equal error rate (EER)**: where FMR = FNMR.

Every function takes plain lists or numpy arrays, is vectorised (sorting once, then binary
search), and treats a score equal to the threshold as a match.

>>> genuine, impostor = [0.9, 0.8, 0.55, 0.7], [0.1, 0.3, 0.62, 0.2]
>>> false_match_rate(impostor, threshold=0.6), false_non_match_rate(genuine, threshold=0.6)
(0.25, 0.25)
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from facenumbers.models.base_rates import probability_of_at_least_one_false_match
from facenumbers.models.validation import (
    require_count,
    require_mapping,
    require_number,
    require_numbers,
    require_rate,
)

__all__ = [
    "EqualErrorRate",
    "SortedScores",
    "det_curve",
    "equal_error_rate",
    "error_rates",
    "false_accept_rate",
    "false_match_rate",
    "false_negative_identification_rate",
    "false_non_match_rate",
    "false_positive_identification_rate",
    "false_reject_rate",
    "monthly_outcomes",
    "roc_curve",
    "threshold_for_false_match_rate",
]


def _scores(values: object, name: str) -> np.ndarray:
    """Scores as a sorted 1-D float array; at least one, all finite."""
    return np.sort(require_numbers(values, name).ravel())


def _thresholds(values: object) -> np.ndarray:
    """One threshold or several, as a 1-D float array: finite numbers (no bool, no text)."""
    if isinstance(values, bool):
        raise ValueError(f"threshold must be a number or a list of numbers; got {values!r}.")
    try:
        return np.atleast_1d(require_numbers(values, "threshold"))
    except ValueError as problem:
        raise ValueError(str(problem).replace("must contain only finite numbers",
                                              "must be a finite number")) from None


def _share_at_or_above(sorted_scores: np.ndarray, thresholds: np.ndarray) -> np.ndarray:
    return (sorted_scores.size - np.searchsorted(sorted_scores, thresholds, side="left")) / sorted_scores.size


def _maybe_scalar(values: np.ndarray, like: object) -> float | np.ndarray:
    return float(values[0]) if np.ndim(like) == 0 else values


@dataclass(frozen=True)
class SortedScores:
    """Genuine and impostor scores, checked and sorted once, for fast repeated look-ups.

    A calculator that asks for the rates at a new threshold on every key press uses this,
    so that a million scores are sorted once, not once per question.

    >>> scores = SortedScores.of([0.9, 0.8, 0.55, 0.7], [0.1, 0.3, 0.62, 0.2])
    >>> scores.rates_at(0.6)
    (0.25, 0.25)
    """

    genuine: np.ndarray
    impostor: np.ndarray

    @classmethod
    def of(cls, genuine_scores: object, impostor_scores: object) -> SortedScores:
        """Check and sort both samples."""
        return cls(_scores(genuine_scores, "genuine_scores"), _scores(impostor_scores, "impostor_scores"))

    def rates_at(self, threshold: float) -> tuple[float, float]:
        """(false-match rate, false non-match rate) at ``threshold``."""
        level = _thresholds(require_number(threshold, "threshold"))
        return (
            float(_share_at_or_above(self.impostor, level)[0]),
            float(1.0 - _share_at_or_above(self.genuine, level)[0]),
        )


def false_match_rate(impostor_scores: object, threshold: object) -> float | np.ndarray:
    """Share of impostor scores at or above ``threshold`` (a number or an array of them).

    >>> false_match_rate([0.1, 0.5, 0.5, 0.9], [0.5, 1.0])
    array([0.75, 0.  ])
    """
    scores = _scores(impostor_scores, "impostor_scores")
    return _maybe_scalar(_share_at_or_above(scores, _thresholds(threshold)), threshold)


def false_non_match_rate(genuine_scores: object, threshold: object) -> float | np.ndarray:
    """Share of genuine scores below ``threshold`` (a number or an array of them).

    >>> false_non_match_rate([0.4, 0.6, 0.8, 0.9], 0.6)
    0.25
    """
    scores = _scores(genuine_scores, "genuine_scores")
    return _maybe_scalar(1.0 - _share_at_or_above(scores, _thresholds(threshold)), threshold)


def false_accept_rate(false_match_rate: float, failure_to_acquire_rate: float = 0.0) -> float:
    """System-level false accepts for one attempt: impostors who are captured *and* matched.

    >>> false_accept_rate(0.001, failure_to_acquire_rate=0.02)
    0.00098
    """
    fmr = require_rate(false_match_rate, "false_match_rate")
    fta = require_rate(failure_to_acquire_rate, "failure_to_acquire_rate")
    return fmr * (1.0 - fta)


def false_reject_rate(false_non_match_rate: float, failure_to_acquire_rate: float = 0.0) -> float:
    """System-level false rejects for one attempt: genuine users not captured, or not matched.

    >>> round(false_reject_rate(0.01, failure_to_acquire_rate=0.02), 6)
    0.0298
    """
    fnmr = require_rate(false_non_match_rate, "false_non_match_rate")
    fta = require_rate(failure_to_acquire_rate, "failure_to_acquire_rate")
    return fta + fnmr * (1.0 - fta)


def false_positive_identification_rate(false_match_rate: float, gallery_size: int) -> float:
    """FPIR: chance that a search for someone *not* in a gallery of N still returns a candidate.

    Assumes independent comparisons, so it is the gallery formula of Lesson 05:
    1 - (1 - FMR)^N.

    >>> round(false_positive_identification_rate(1e-6, 10_000), 5)
    0.00995
    """
    return probability_of_at_least_one_false_match(false_match_rate, gallery_size)


def false_negative_identification_rate(mated_scores: object, threshold: float) -> float:
    """FNIR: share of searches for someone *in* the gallery whose own entry scores below threshold.

    ``mated_scores`` holds, for each search, the score of the person's own gallery entry.

    >>> false_negative_identification_rate([0.9, 0.4, 0.7, 0.8], 0.5)
    0.25
    """
    return false_non_match_rate(mated_scores, require_number(threshold, "threshold"))


def error_rates(genuine_scores: object, impostor_scores: object, thresholds: object) -> pd.DataFrame:
    """FMR and FNMR at each threshold, as a table (thresholds may lie outside the scores).

    >>> error_rates([0.7, 0.9], [0.1, 0.8], [0.0, 0.75, 1.0]).to_dict("list")
    {'threshold': [0.0, 0.75, 1.0], 'false_match_rate': [1.0, 0.5, 0.0], 'false_non_match_rate': [0.0, 0.5, 1.0]}
    """
    genuine = _scores(genuine_scores, "genuine_scores")
    impostor = _scores(impostor_scores, "impostor_scores")
    levels = _thresholds(thresholds)
    return pd.DataFrame(
        {
            "threshold": levels,
            "false_match_rate": _share_at_or_above(impostor, levels),
            "false_non_match_rate": 1.0 - _share_at_or_above(genuine, levels),
        }
    )


def _curve_thresholds(genuine: np.ndarray, impostor: np.ndarray, points: int | None) -> np.ndarray:
    """Every distinct score (plus one above all), or ``points`` of them chosen by quantile."""
    everything = np.concatenate([genuine, impostor])
    top = np.nextafter(everything.max(), np.inf)
    if points is None:
        return np.append(np.unique(everything), top)
    points = require_count(points, "points", minimum=2, maximum=1_000_000)
    # Half the points evenly spaced in log(FMR), half in log(FNMR), down to one score in each
    # sample: a DET curve is drawn on log axes, so its tails need as many points as its middle.
    half = max(points // 2, 2)
    impostor_tail = 1.0 - np.logspace(np.log10(1.0 / impostor.size), 0.0, half)
    genuine_tail = np.logspace(np.log10(1.0 / genuine.size), 0.0, half)
    picks = np.concatenate([
        _sorted_quantile(impostor, np.clip(impostor_tail, 0.0, 1.0)),
        _sorted_quantile(genuine, np.clip(genuine_tail, 0.0, 1.0)),
        [everything.min(), top],
    ])
    return np.unique(picks)


def _sorted_quantile(sorted_values: np.ndarray, shares: np.ndarray) -> np.ndarray:
    """``np.quantile`` (its default, linear method) of values already sorted, in time linear in
    the number of shares: a million points take a fraction of a second, not minutes.

    >>> values = np.sort(np.random.default_rng(0).random(101))
    >>> bool(np.allclose(_sorted_quantile(values, np.array([0, 0.25, 0.5, 1])),
    ...                  np.quantile(values, [0, 0.25, 0.5, 1])))
    True
    """
    position = shares * (sorted_values.size - 1)
    below = np.floor(position).astype(np.int64)
    above = np.minimum(below + 1, sorted_values.size - 1)
    weight = position - below
    return sorted_values[below] + weight * (sorted_values[above] - sorted_values[below])


def det_curve(genuine_scores: object, impostor_scores: object, points: int | None = 400) -> pd.DataFrame:
    """The DET curve: FNMR against FMR over thresholds, from strict to lenient.

    With ``points=None`` every distinct score is a threshold (exact; large for big samples).
    FMR never falls and FNMR never rises along the rows.

    >>> det_curve([0.6, 0.8, 0.9], [0.1, 0.7], points=None)["false_match_rate"].tolist()
    [0.0, 0.0, 0.0, 0.5, 0.5, 1.0]
    """
    genuine = _scores(genuine_scores, "genuine_scores")
    impostor = _scores(impostor_scores, "impostor_scores")
    levels = _curve_thresholds(genuine, impostor, points)[::-1]
    return error_rates(genuine, impostor, levels).reset_index(drop=True)


def roc_curve(genuine_scores: object, impostor_scores: object, points: int | None = 400) -> pd.DataFrame:
    """The ROC curve: hit rate (1 - FNMR) against FMR, from strict to lenient thresholds.

    >>> roc_curve([0.6, 0.9], [0.1, 0.7], points=None)["hit_rate"].tolist()
    [0.0, 0.5, 0.5, 1.0, 1.0]
    """
    curve = det_curve(genuine_scores, impostor_scores, points)
    curve["hit_rate"] = 1.0 - curve.pop("false_non_match_rate")
    return curve


@dataclass(frozen=True)
class EqualErrorRate:
    """The equal error rate and where it happens."""

    rate: float
    """The EER: the mean of FMR and FNMR at the threshold where they are closest."""
    threshold: float
    false_match_rate: float
    false_non_match_rate: float


def equal_error_rate(genuine_scores: object, impostor_scores: object) -> EqualErrorRate:
    """The threshold where FMR and FNMR are closest, and the rate there.

    Exact over every distinct score. With finite samples the two rates rarely meet exactly,
    so the EER lies between them.

    >>> eer = equal_error_rate([0.5, 0.7, 0.8, 0.9], [0.1, 0.2, 0.6, 0.3])
    >>> eer.rate, eer.threshold
    (0.25, 0.6)
    """
    genuine = _scores(genuine_scores, "genuine_scores")
    impostor = _scores(impostor_scores, "impostor_scores")
    table = error_rates(genuine, impostor, _curve_thresholds(genuine, impostor, None))
    gap = (table["false_match_rate"] - table["false_non_match_rate"]).abs().to_numpy()
    best = int(np.flatnonzero(gap == gap.min())[0])
    row = table.iloc[best]
    return EqualErrorRate(
        rate=float((row["false_match_rate"] + row["false_non_match_rate"]) / 2),
        threshold=float(row["threshold"]),
        false_match_rate=float(row["false_match_rate"]),
        false_non_match_rate=float(row["false_non_match_rate"]),
    )


def threshold_for_false_match_rate(impostor_scores: object, target: float) -> float:
    """The lowest threshold whose FMR is at most ``target``, chosen among the impostor scores.

    A threshold between two scores behaves like the higher of them, so the answer is one of
    the scores. If even the strictest threshold inside the scores cannot reach the target (target below
    1 / number of impostor scores), the answer lies just above the highest impostor score:
    the sample is too small to show rarer errors.

    >>> threshold_for_false_match_rate([0.1, 0.2, 0.3, 0.4], 0.25)
    0.4
    >>> threshold_for_false_match_rate([0.1, 0.2, 0.3, 0.4], 0.0) > 0.4
    True
    """
    scores = _scores(impostor_scores, "impostor_scores")
    target = require_rate(target, "target")
    candidates = np.append(np.unique(scores), np.nextafter(scores[-1], np.inf))
    rates = _share_at_or_above(scores, candidates)
    return float(candidates[np.flatnonzero(rates <= target)[0]])


def monthly_outcomes(
    registrations_per_month: int,
    impostor_share: float,
    rates_by_group: dict[str, tuple[float, float]],
    group_shares: dict[str, float],
) -> pd.DataFrame:
    """People affected per month by a 1:1 face check at the counter, group by group.

    ``rates_by_group[g] = (false_match_rate, false_non_match_rate)`` for group ``g``;
    ``group_shares`` must add up to 1. Honest customers are falsely rejected at the FNMR;
    impostors (someone else's ID card) are accepted at the FMR.

    >>> table = monthly_outcomes(10_000_000, 0.001, {"A": (1e-4, 0.01), "B": (1e-3, 0.02)},
    ...                          {"A": 0.5, "B": 0.5})
    >>> table["honest_falsely_rejected"].round().tolist()
    [49950.0, 99900.0]
    """
    registrations = require_count(registrations_per_month, "registrations_per_month", maximum=10**10)
    impostor_share = require_rate(impostor_share, "impostor_share")
    group_shares = require_mapping(group_shares, "group_shares", object, "proportions")
    rates_by_group = require_mapping(rates_by_group, "rates_by_group", object,
                                     "pairs (false-match rate, false non-match rate)",
                                     keys=tuple(group_shares))
    total = sum(require_rate(share, f"group_shares[{g!r}]") for g, share in group_shares.items())
    if abs(total - 1.0) > 1e-9:
        raise ValueError(f"group_shares must add up to 1; they add up to {total:g}.")
    rows = []
    for group, share in group_shares.items():
        if group not in rates_by_group:
            raise ValueError(f"rates_by_group has no rates for group {group!r}.")
        fmr, fnmr = rates_by_group[group]
        fmr = require_rate(fmr, f"false_match_rate of {group}")
        fnmr = require_rate(fnmr, f"false_non_match_rate of {group}")
        people = registrations * share
        honest, impostors = people * (1 - impostor_share), people * impostor_share
        rows.append(
            {
                "group": group,
                "registrations": people,
                "honest_falsely_rejected": honest * fnmr,
                "impostors_accepted": impostors * fmr,
                "impostors_stopped": impostors * (1 - fmr),
            }
        )
    return pd.DataFrame(rows)
