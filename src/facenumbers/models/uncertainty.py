"""How sure a count can make us: intervals for a share seen in a sample.

A share measured on few cases is uncertain, and a share of **zero** is not zero: it says only
that the true rate is too small for this sample to show. Three tools, each named where it is
used:

- :func:`clopper_pearson_interval`, the **exact** interval (Clopper and Pearson, 1934): it never
  claims more confidence than it has, so it is a little wide;
- :func:`wilson_interval`, the **Wilson score** interval: narrower, close to exact for all but
  the smallest counts;
- :func:`upper_bound_when_none_seen`, for a count of zero: the exact one-sided bound
  1 − 0.05^(1/n) at 95%, which the **rule of three** rounds to 3 / n.

>>> low, high = clopper_pearson_interval(8, 10)
>>> round(low, 3), round(high, 3)
(0.444, 0.975)
>>> round(upper_bound_when_none_seen(999_000) * 1e6, 2)   # per million
3.0
"""

from __future__ import annotations

import math
from collections.abc import Callable
from statistics import NormalDist

from facenumbers.models.validation import require_count, require_number, require_rate

__all__ = [
    "clopper_pearson_interval",
    "solve_increasing",
    "upper_bound_when_none_seen",
    "wilson_interval",
]


def _confidence(confidence: float) -> float:
    confidence = require_rate(confidence, "confidence")
    if not 0.0 < confidence < 1.0:
        raise ValueError(f"confidence must be between 0 and 1, not at either end; got {confidence}.")
    return confidence


def _counts(successes: int, trials: int) -> tuple[int, int]:
    trials = require_count(trials, "trials", minimum=1)
    successes = require_count(successes, "successes", minimum=0, maximum=trials)
    return successes, trials


def _beta_fraction(x: float, a: float, b: float) -> float:
    """The continued fraction of the incomplete beta function (modified Lentz's method)."""
    tiny = 1e-300
    qab, qap, qam = a + b, a + 1.0, a - 1.0
    c, d = 1.0, 1.0 - qab * x / qap
    d = 1.0 / (d if abs(d) > tiny else tiny)
    h = d
    for m in range(1, 500):
        m2 = 2 * m
        aa = m * (b - m) * x / ((qam + m2) * (a + m2))
        d = 1.0 + aa * d
        d = 1.0 / (d if abs(d) > tiny else tiny)
        c = 1.0 + aa / c if abs(1.0 + aa / c) > tiny else tiny
        h *= d * c
        aa = -(a + m) * (qab + m) * x / ((a + m2) * (qap + m2))
        d = 1.0 + aa * d
        d = 1.0 / (d if abs(d) > tiny else tiny)
        c = 1.0 + aa / c if abs(1.0 + aa / c) > tiny else tiny
        step = d * c
        h *= step
        if abs(step - 1.0) < 1e-14:
            break
    return h


def _regularized_beta(x: float, a: float, b: float) -> float:
    """I_x(a, b): the chance that a Beta(a, b) variable is at most ``x``."""
    if x <= 0.0:
        return 0.0
    if x >= 1.0:
        return 1.0
    log_front = (math.lgamma(a + b) - math.lgamma(a) - math.lgamma(b)
                 + a * math.log(x) + b * math.log1p(-x))
    if x < (a + 1.0) / (a + b + 2.0):
        return math.exp(log_front) * _beta_fraction(x, a, b) / a
    return 1.0 - math.exp(log_front) * _beta_fraction(1.0 - x, b, a) / b


def solve_increasing(function: Callable[[float], float], target: float, low: float,
                     high: float, tolerance: float = 1e-13) -> float:
    """The ``x`` between ``low`` and ``high`` where an increasing ``function`` reaches ``target``.

    Found by bisection, to within ``tolerance``.

    >>> round(solve_increasing(lambda x: x * x, 2.0, 0.0, 2.0), 9)
    1.414213562
    """
    if not callable(function):
        raise TypeError(f"function must be callable; got a {type(function).__name__}.")
    target, low, high = (require_number(v, n) for v, n in ((target, "target"), (low, "low"),
                                                           (high, "high")))
    if not low <= high:
        raise ValueError(f"low must be at most high; got low={low:g}, high={high:g}.")
    tolerance = require_number(tolerance, "tolerance")
    for _ in range(200):
        middle = (low + high) / 2
        if function(middle) < target:
            low = middle
        else:
            high = middle
        if high - low < tolerance:
            break
    return (low + high) / 2


def _beta_quantile(p: float, a: float, b: float) -> float:
    """The ``p`` quantile of Beta(a, b) (accurate to about 1e-12)."""
    return solve_increasing(lambda x: _regularized_beta(x, a, b), p, 0.0, 1.0)


def clopper_pearson_interval(successes: int, trials: int,
                             confidence: float = 0.95) -> tuple[float, float]:
    """The exact (Clopper-Pearson) interval for a share seen as ``successes`` of ``trials``.

    >>> clopper_pearson_interval(0, 10)[0], round(clopper_pearson_interval(0, 10)[1], 3)
    (0.0, 0.308)
    """
    successes, trials = _counts(successes, trials)
    alpha = 1.0 - _confidence(confidence)
    low = 0.0 if successes == 0 else _beta_quantile(alpha / 2, successes, trials - successes + 1)
    high = 1.0 if successes == trials else _beta_quantile(1 - alpha / 2, successes + 1,
                                                          trials - successes)
    return low, high


def wilson_interval(successes: int, trials: int, confidence: float = 0.95) -> tuple[float, float]:
    """Wilson score interval for a proportion seen as ``successes`` out of ``trials``.

    With few trials a share is uncertain: 8 of 10 is 80%, but the 95% interval runs from
    about 49% to 94%. (The exact Clopper-Pearson interval is wider still: 44% to 97%.)

    >>> low, high = wilson_interval(8, 10)
    >>> round(low, 3), round(high, 3)
    (0.49, 0.943)
    """
    successes, trials = _counts(successes, trials)
    z = NormalDist().inv_cdf(0.5 + _confidence(confidence) / 2)
    share = successes / trials
    denominator = 1.0 + z * z / trials
    centre = (share + z * z / (2 * trials)) / denominator
    half_width = z * math.sqrt(share * (1 - share) / trials + z * z / (4 * trials * trials)) / denominator
    low = 0.0 if successes == 0 else max(0.0, centre - half_width)
    high = 1.0 if successes == trials else min(1.0, centre + half_width)
    return low, high


def upper_bound_when_none_seen(trials: int, confidence: float = 0.95) -> float:
    """The highest rate still consistent with seeing **none** in ``trials`` (one-sided).

    Exactly 1 − (1 − confidence)^(1/trials); at 95% that is about 3 / trials, the "rule of
    three". None seen in 999,000 comparisons: below about 3 in a million.

    >>> round(upper_bound_when_none_seen(1000), 5)
    0.00299
    """
    trials = require_count(trials, "trials", minimum=1)
    return 1.0 - (1.0 - _confidence(confidence)) ** (1.0 / trials)
