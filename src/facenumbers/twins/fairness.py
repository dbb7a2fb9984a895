"""The context of the "Fair to whom?" twin (``js/models/fairness_tradeoff.js``).

The calculator is closed form (:mod:`facenumbers.models.fairness`), so the browser computes
everything; the context only carries the calculator's constants, so that the page and the
notebook name the groups and the chart's panels in the same words.

>>> from facenumbers.calculators import fairness_tradeoff as make
>>> context = fairness_tradeoff(make())
>>> context["groups"], context["per_group"]
(['Group A', 'Group B'], 100000)
"""

from __future__ import annotations

from typing import Any

from facenumbers.calculators.fairness import GROUPS, PER_GROUP, FairnessCalculator
from facenumbers.charts.fairness import MEASURES

__all__ = ["fairness_tradeoff"]


def fairness_tradeoff(calc: FairnessCalculator) -> dict[str, Any]:
    """The constants the twin's model needs: group names, chart panel labels, people per group."""
    if not isinstance(calc, FairnessCalculator):
        raise ValueError("calc must be the fairness_tradeoff calculator; got a "
                         f"{type(calc).__name__}.")
    return {"groups": list(GROUPS), "measures": [label for label, _ in MEASURES],
            "per_group": PER_GROUP}
