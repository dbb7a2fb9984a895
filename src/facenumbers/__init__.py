"""Face the Numbers: the package behind the course.

Layers import downward only::

    data  ->  models  ->  charts  ->  calculators
              models  ->  checks

>>> from facenumbers.models import base_rates
>>> round(base_rates.positive_predictive_value(0.001, 0.9, 0.01), 3)
0.083
"""

__version__ = "0.1.0"
