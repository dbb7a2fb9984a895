"""Context for the twin of the Breach exposure calculator (Lesson 07).

The calculator is a binomial distribution and a few formulas, which the browser computes
exactly (``js/models/breach_exposure.js``); the context carries only the chart's constants,
so that the twin cannot drift from :mod:`facenumbers.charts.breaches`.

>>> from facenumbers import calculators
>>> from facenumbers.twins import breaches as twin
>>> twin.breach_exposure(calculators.breach_exposure())["smallest_shown"]
0.001
"""

from __future__ import annotations

from typing import Any

from facenumbers.calculators.breaches import BreachExposure
from facenumbers.charts.breaches import NO_BREACH, SMALLEST_SHOWN, SOME_BREACH

__all__ = ["breach_exposure"]


def breach_exposure(calc: BreachExposure) -> dict[str, Any]:
    """The Breach exposure twin's context: the smallest chance the chart shows, and the labels
    of its two kinds of case (no breach, one breach or more)."""
    return {"smallest_shown": float(SMALLEST_SHOWN), "no_breach": NO_BREACH,
            "some_breach": SOME_BREACH}
