"""Context for the twins of the Alarm and Gallery-size calculators (Lesson 04 and 05).

Both calculators are formulas the browser computes exactly (``js/models/alarm.js`` and
``js/models/gallery_size.js``); the context carries only the constants they share with the
Python charts, so that the two cannot drift apart.

>>> from facenumbers import calculators
>>> from facenumbers.twins import base_rates as twin
>>> twin.alarm(calculators.alarm())
{'icons': 100}
>>> sizes = twin.gallery_size(calculators.gallery_size())["gallery_sizes"]
>>> sizes[:4], sizes[-1], len(sizes)
([1, 2, 4, 6], 1600000000, 48)
"""

from __future__ import annotations

from typing import Any

from facenumbers.calculators.base_rates import AlarmCalculator, GallerySizeCalculator
from facenumbers.charts.base_rates import gallery_sizes
from facenumbers.models.base_rates import ICONS

__all__ = ["alarm", "gallery_size"]


def alarm(calc: AlarmCalculator) -> dict[str, Any]:
    """The Alarm twin's context: how many alarm icons the chart draws (``ICONS``)."""
    return {"icons": int(ICONS)}


def gallery_size(calc: GallerySizeCalculator) -> dict[str, Any]:
    """The Gallery-size twin's context: the gallery sizes of the chart's curve.

    The sizes are numpy's rounded log-spaced points (:func:`gallery_sizes`), a fixed list of
    48 whole numbers; the browser computes the chance of a false match at each of them.
    """
    return {"gallery_sizes": [int(n) for n in gallery_sizes()]}
