"""The inputs of Lesson 03's exercises: made-up scores, never real faces.

The exercises are in :mod:`facenumbers.checks.error_rates`, which students and solutions import
(it re-exports every name here, and declares how exercises 5 and 6 vary between students).

>>> len(GENUINE), len(IMPOSTOR), float(THRESHOLD) in set(GENUINE) & set(IMPOSTOR)
(20, 30, True)
"""

from __future__ import annotations

import numpy as np

from facenumbers.data import assumption
from facenumbers.models.matching import comparison_scores
from facenumbers.models.templates import make_population

__all__ = ["GENUINE", "GROUP_THRESHOLD", "IMPOSTOR", "MONTHLY", "POPULATION", "SCORES", "TARGET_FMR",
           "THRESHOLD"]

#: Genuine scores (two captures of the same person) for exercises 1 to 3. Made up.
GENUINE = np.array([
    0.38, 0.46, 0.55, 0.58, 0.60, 0.62, 0.64, 0.67, 0.69, 0.71,
    0.73, 0.75, 0.77, 0.79, 0.81, 0.83, 0.86, 0.88, 0.91, 0.95,
])
#: Impostor scores (captures of two different people) for exercises 1 to 3. Made up.
IMPOSTOR = np.array([
    0.02, 0.05, 0.07, 0.09, 0.11, 0.12, 0.14, 0.15, 0.17, 0.18,
    0.20, 0.21, 0.22, 0.24, 0.25, 0.27, 0.28, 0.29, 0.30, 0.31,
    0.33, 0.34, 0.36, 0.38, 0.40, 0.42, 0.44, 0.53, 0.60, 0.63,
])
#: The decision threshold of exercises 1 and 2: a score at or above it is a match.
THRESHOLD = 0.60

#: The synthetic population of exercises 4, 6 and 9 (seeded; capture quality 0, the poor end of
#: the model's scale: a blurry selfie in a busy shop, in Lesson 02's terms). Group A and
#: Group B are the model's groups, not real groups of people.
POPULATION = {"people": 400, "captures": 4, "quality": 0.0, "seed": 2019}
#: Every genuine comparison and the impostor comparisons within each group: columns
#: ``score``, ``kind`` ("genuine" or "impostor") and ``group``.
SCORES = comparison_scores(make_population(**POPULATION))
#: Exercise 4: the false-match rate to aim for, 1 in 1,000.
TARGET_FMR = 1 / 1_000
#: Exercise 6: the threshold at which the two groups are compared.
GROUP_THRESHOLD = 0.25

#: Exercise 5: a month of phone-number registrations, read from the course's one table of
#: illustrative assumptions (``illustrative_defaults.csv``, as in Lesson 03 section 10). Every
#: value is illustrative: no source gives the number of registrations per month, the share of
#: attempts with someone else's ID card, or the error rates of the shops' face checks.
MONTHLY = {
    name: assumption(name)
    for name in ("registrations_per_month", "impostor_share", "false_non_match_rate",
                 "false_match_rate")
}
