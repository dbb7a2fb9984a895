"""Face the Numbers: the package behind the course.

Layers import downward only::

    data  ->  models  ->  charts  ->  calculators
              models  ->  checks

>>> from facenumbers.models import base_rates
>>> round(base_rates.positive_predictive_value(0.001, 0.9, 0.01), 3)
0.083
"""

from facenumbers.deferred_imports import defer_iri_parser

# Before anything imports Altair: its schema library would otherwise spend 1 to 10 s building
# a parser for web addresses that the course never uses (see facenumbers.deferred_imports).
defer_iri_parser()

__version__ = "0.1.0"
