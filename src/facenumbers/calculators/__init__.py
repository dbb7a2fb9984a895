"""Calculators: each a function that returns a ready ipywidget.

>>> from facenumbers.calculators import alarm, gallery_size, share_of_population
>>> from facenumbers.calculators import matcher, threshold_explorer
>>> calc = alarm()          # doctest: +SKIP
>>> calc                    # in a notebook, this displays it   # doctest: +SKIP
"""

from facenumbers.calculators.base_rates import alarm, gallery_size
from facenumbers.calculators.biometrics import matcher, threshold_explorer
from facenumbers.calculators.breaches import breach_exposure
from facenumbers.calculators.fairness import fairness_tradeoff
from facenumbers.calculators.policy import policy_simulator
from facenumbers.calculators.real_name import how_unique
from facenumbers.calculators.start_here import share_of_population

__all__ = [
    "alarm",
    "breach_exposure",
    "fairness_tradeoff",
    "gallery_size",
    "how_unique",
    "matcher",
    "policy_simulator",
    "share_of_population",
    "threshold_explorer",
]
