"""Breaches of a stored database: what an expected count hides.

A store of S records is breached in a year with chance p; a breach leaks a random share q of
the records. Over N years the number of breaches K is binomial (N, p), and after k breaches a
given record has escaped every one with chance (1 - q)^k. So:

- the chance of **no breach at all** is (1 - p)^N;
- **if there is one breach**, it leaks q x S records at once; after k breaches,
  S x (1 - (1 - q)^k) records have leaked at least once;
- the **expected** number leaked is S x (1 - (1 - p q)^N), the average over all these cases:
  usually a number that never happens. Most often nothing leaks; when something does, far more
  than the expectation leaks.

A face or a fingerprint cannot be changed, so a record leaked once stays exposed for life. A
password can be changed: a share r of people whose password leaked change it, which ends their
exposure (:func:`still_exposed` with ``reset_share``).

>>> outcome = breach_outcomes(120_000_000, 0.02, 0.1, years=10)
>>> round(outcome.chance_of_no_breach, 3), round(outcome.leaked_by_one_breach)
(0.817, 12000000)
>>> round(outcome.expected_exposed / 1e6, 1)
2.4
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import pandas as pd

from facenumbers.models.validation import require_count, require_number, require_rate

__all__ = ["BreachOutcome", "breach_outcomes", "exposure_over_years", "still_exposed"]


def _at_least_once(chance: float, trials: float) -> float:
    """1 - (1 - chance)^trials, accurate when the chance is tiny and the trials many."""
    if chance >= 1.0:
        return 1.0 if trials > 0 else 0.0
    return -math.expm1(trials * math.log1p(-chance))


def _stored(stored: float) -> float:
    stored = require_number(stored, "stored")
    if stored < 0:
        raise ValueError(f"stored must be 0 or more; got {stored:g}.")
    return stored


def still_exposed(stored: float, breach_probability_per_year: float,
                  share_leaked_per_breach: float, years: int, reset_share: float = 0.0) -> float:
    """Expected people still exposed after ``years``: stored x (1 - r) x (1 - (1 - p q)^years).

    Each year the store is breached with chance p, and a breach leaks a random share q, so a
    record has leaked at least once with chance 1 - (1 - p q)^years. After each leak a share r
    of people change their password, which ends their exposure; nobody can change a face or a
    fingerprint (r = 0), so for them "leaked once" means "exposed for life".

    >>> round(still_exposed(1_000_000, 0.1, 0.5, years=10))
    401263
    >>> round(still_exposed(1_000_000, 0.1, 0.5, years=10, reset_share=0.9))
    40126
    """
    stored = _stored(stored)
    p = require_rate(breach_probability_per_year, "breach_probability_per_year")
    q = require_rate(share_leaked_per_breach, "share_leaked_per_breach")
    r = require_rate(reset_share, "reset_share")
    years = require_count(years, "years", minimum=0, maximum=100)
    return stored * (1 - r) * _at_least_once(p * q, years)


def exposure_over_years(stored: float, breach_probability_per_year: float,
                        share_leaked_per_breach: float, years: int,
                        password_reset_share: float) -> pd.DataFrame:
    """Year by year: expected faces exposed (never reset) and passwords still exposed.

    >>> table = exposure_over_years(1_000, 0.5, 1.0, years=2, password_reset_share=1.0)
    >>> table.round(1).to_dict("records")[-1]
    {'year': 2, 'faces_exposed': 750.0, 'passwords_exposed': 0.0}
    """
    years = require_count(years, "years", minimum=1, maximum=100)
    return pd.DataFrame([
        {"year": year,
         "faces_exposed": still_exposed(stored, breach_probability_per_year,
                                        share_leaked_per_breach, year),
         "passwords_exposed": still_exposed(stored, breach_probability_per_year,
                                            share_leaked_per_breach, year,
                                            reset_share=password_reset_share)}
        for year in range(years + 1)
    ])


@dataclass(frozen=True)
class BreachOutcome:
    """What can happen to a store over the years: the cases, their chances, the expectation."""

    stored: float
    years: int
    #: One row per number of breaches k (0 to years): its chance, and the records leaked.
    cases: pd.DataFrame

    @property
    def chance_of_no_breach(self) -> float:
        """The chance that nothing leaks in all the years: (1 - p)^N."""
        return float(self.cases.loc[0, "chance"])

    @property
    def chance_of_a_breach(self) -> float:
        """The chance of at least one breach."""
        return 1.0 - self.chance_of_no_breach

    @property
    def leaked_by_one_breach(self) -> float:
        """Records leaked when there is exactly one breach: q x S."""
        return float(self.cases.loc[1, "records_leaked"]) if self.years >= 1 else 0.0

    @property
    def expected_exposed(self) -> float:
        """The expectation over every case: S x (1 - (1 - p q)^N)."""
        return float((self.cases["chance"] * self.cases["records_leaked"]).sum())

    @property
    def expected_if_breached(self) -> float:
        """Records leaked on average in the cases with at least one breach."""
        if self.chance_of_a_breach == 0:
            return 0.0
        return self.expected_exposed / self.chance_of_a_breach


def breach_outcomes(stored: float, breach_probability_per_year: float,
                    share_leaked_per_breach: float, years: int) -> BreachOutcome:
    """The distribution of records leaked over ``years``, by the number of breaches.

    >>> outcome = breach_outcomes(1_000, 0.5, 0.5, years=2)
    >>> outcome.cases.to_dict("records")
    [{'breaches': 0, 'chance': 0.25, 'records_leaked': 0.0}, {'breaches': 1, 'chance': 0.5, 'records_leaked': 500.0}, {'breaches': 2, 'chance': 0.25, 'records_leaked': 750.0}]
    >>> outcome.expected_exposed == still_exposed(1_000, 0.5, 0.5, 2)
    True
    """
    stored = _stored(stored)
    p = require_rate(breach_probability_per_year, "breach_probability_per_year")
    q = require_rate(share_leaked_per_breach, "share_leaked_per_breach")
    years = require_count(years, "years", minimum=0, maximum=100)
    rows = [{"breaches": k,
             "chance": math.comb(years, k) * p ** k * (1 - p) ** (years - k),
             "records_leaked": stored * -math.expm1(k * math.log1p(-q)) if q < 1
             else (stored if k else 0.0)}
            for k in range(years + 1)]
    return BreachOutcome(stored, years, pd.DataFrame(rows))
