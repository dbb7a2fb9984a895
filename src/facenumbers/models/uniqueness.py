"""How unique are you? Quasi-identifiers, uniqueness and k-anonymity.

- A **quasi-identifier** is a fact about a person that is not a name or an ID number but,
  combined with others, can single them out: sex, date of birth, where they live, the first
  digits of their phone number.
- A person is **unique** on some attributes when nobody else shares their combination.
- A table is **k-anonymous** on some attributes when every combination that occurs is shared
  by at least k people; its **k** is the size of the smallest group.

Two ways to estimate the share of people who are unique:

- **Closed form**: if N people fall *uniformly at random* into M possible combinations
  ("cells"), the chance that a given person shares their cell with nobody else is
  (1 - 1/M)^(N - 1). Computed as exp((N - 1) log1p(-1/M)), exact for huge N and M.
- **Simulation**: make a synthetic population with realistic, *unequal* distributions and count
  (a pandas-style group-by, done here with numpy so that 10 million people take seconds).

The synthetic population is a **model**, not data about real people: birth years follow a
made-up age pyramid, the 31 "provinces" and 2,800 "districts" have made-up unequal sizes, and
40 made-up phone prefixes have unequal shares.

>>> round(expected_unique_share(population=6_000, cells=2 * 365 * 80), 3)
0.902
>>> people = make_people(20_000, seed=1)
>>> round(unique_share(people, ["sex", "birth_year"]), 3)
0.0
"""

from __future__ import annotations

import functools
import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from facenumbers.models.validation import require_count

__all__ = [
    "ATTRIBUTES",
    "GROUP_SIZE_BUCKETS",
    "cells_for",
    "expected_unique_share",
    "GrowingPopulation",
    "group_counts",
    "group_size_distribution",
    "group_sizes",
    "k_anonymity",
    "make_people",
    "measure",
    "measure_groups",
    "Uniqueness",
    "share_below_k",
    "unique_share",
]

MAX_PEOPLE = 20_000_000
#: People are drawn this many at a time, each block from its own seeded generator.
BLOCK = 250_000
FIRST_BIRTH_YEAR, LAST_BIRTH_YEAR = 1930, 2009


@dataclass(frozen=True)
class Attribute:
    """A quasi-identifier: its label, the columns it reads, and what it means."""

    label: str
    columns: tuple[str, ...]
    description: str


#: Number of possible values of each column of :func:`make_people`.
COLUMN_SIZES = {
    "sex": 2,
    "birth_year": LAST_BIRTH_YEAR - FIRST_BIRTH_YEAR + 1,
    "birth_day": 365,
    "province": 31,
    "district": 2_800,
    "phone_prefix": 40,
}
#: The integer type of each column of :func:`make_people` (small, to keep 10 million people light).
COLUMN_TYPES = {"sex": np.int8, "birth_year": np.int16, "birth_day": np.int16,
                "province": np.int8, "district": np.int16, "phone_prefix": np.int8}

ATTRIBUTES = {
    "sex": Attribute("Sex", ("sex",), "2 values"),
    "birth_year": Attribute("Birth year", ("birth_year",), "80 years, 1930 to 2009"),
    "birth_date": Attribute("Full date of birth", ("birth_year", "birth_day"),
                            "year and day: 80 x 365 values"),
    "province": Attribute("Province", ("province",), "31 provinces of unequal size (model)"),
    "district": Attribute("District", ("district",),
                          "2,800 districts of unequal size (model); implies the province"),
    "phone_prefix": Attribute("Phone-number prefix", ("phone_prefix",),
                              "first 3 digits: 40 prefixes of unequal share (model)"),
}

GROUP_SIZE_BUCKETS = (("1 (unique)", 1, 1), ("2", 2, 2), ("3 to 4", 3, 4), ("5 to 9", 5, 9),
                      ("10 to 99", 10, 99), ("100 or more", 100, math.inf))


def expected_unique_share(population: int, cells: int) -> float:
    """Share of people expected to be unique when ``population`` people fall uniformly into
    ``cells`` combinations: (1 - 1/M)^(N - 1).

    >>> expected_unique_share(1, 10)
    1.0
    >>> round(expected_unique_share(1_000_000, 1_000_000), 4)
    0.3679
    """
    population = require_count(population, "population", minimum=1)
    cells = require_count(cells, "cells", minimum=1)
    if cells == 1:
        return 1.0 if population == 1 else 0.0
    return math.exp((population - 1) * math.log1p(-1.0 / cells))


def _columns(attributes: Sequence[str]) -> list[str]:
    if isinstance(attributes, str):
        attributes = [attributes]
    if not isinstance(attributes, (list, tuple)):
        # An iterator would be used up by the first look at it, and the count would be wrong.
        raise TypeError(f"attributes must be a list of names from {', '.join(ATTRIBUTES)}; got a "
                        f"{type(attributes).__name__}.")
    unknown = [a for a in attributes if not isinstance(a, str) or a not in ATTRIBUTES]
    if unknown:
        raise ValueError(
            f"attributes must be chosen from {', '.join(ATTRIBUTES)}; got {unknown[0]!r}."
        )
    columns = list(dict.fromkeys(c for a in attributes for c in ATTRIBUTES[a].columns))
    if "district" in columns and "province" in columns:
        columns.remove("province")  # a district lies in one province: it adds nothing
    return columns


def cells_for(attributes: Sequence[str]) -> int:
    """How many combinations the attributes can take (M in the closed form).

    >>> cells_for(["sex", "birth_date"])
    58400
    >>> cells_for(["province", "district"]) == cells_for(["district"])
    True
    >>> cells_for([])
    1
    """
    return math.prod(COLUMN_SIZES[c] for c in _columns(attributes))


def _weights(values: np.ndarray) -> np.ndarray:
    return values / values.sum()


def _draw(rng: np.random.Generator, values: np.ndarray, weights: np.ndarray, size: int) -> np.ndarray:
    """``size`` independent draws from ``values`` with chances proportional to ``weights``.

    Counts first (one multinomial draw), then a shuffle: the same distribution as drawing each
    person separately, four times faster for millions of people.
    """
    drawn = np.repeat(values, rng.multinomial(size, _weights(weights)))
    rng.shuffle(drawn)
    return drawn


@dataclass(frozen=True)
class _Shape:
    """The model's fixed geography and distributions (the same for every block of a seed)."""

    years: np.ndarray
    pyramid: np.ndarray
    days: np.ndarray
    season: np.ndarray
    district_province: np.ndarray
    district_weight: np.ndarray
    prefix_weight: np.ndarray


@functools.lru_cache(maxsize=8)
def _shape(seed: int) -> _Shape:
    shape = np.random.default_rng([seed, 12])
    years = np.arange(FIRST_BIRTH_YEAR, LAST_BIRTH_YEAR + 1)
    pyramid = (0.25 + 0.9 * np.exp(-(((years - 1966) / 9.0) ** 2)) + 0.8 * np.exp(-(((years - 1988) / 7.0) ** 2))
               + 0.5 * np.exp(-(((years - 2004) / 6.0) ** 2))) * np.clip((years - 1925) / 30.0, 0.05, 1.0)
    days = np.arange(1, 366)
    season = 1.0 + 0.12 * np.cos(2 * np.pi * (days - 40) / 365)
    province_weight = _weights(1.0 / np.arange(1, COLUMN_SIZES["province"] + 1) ** 0.8)
    per_province = np.maximum(20, np.round(province_weight * COLUMN_SIZES["district"])).astype(int)
    per_province[0] += COLUMN_SIZES["district"] - per_province.sum()  # exactly 2,800 districts
    district_province = np.repeat(np.arange(COLUMN_SIZES["province"]), per_province)
    district_weight = shape.lognormal(0.0, 1.0, COLUMN_SIZES["district"])
    for p in range(COLUMN_SIZES["province"]):
        inside = district_province == p
        district_weight[inside] *= province_weight[p] / district_weight[inside].sum()
    prefix_weight = _weights(1.0 / np.arange(1, COLUMN_SIZES["phone_prefix"] + 1) ** 0.7)
    return _Shape(years, pyramid, days, season, district_province, district_weight, prefix_weight)


def _block(seed: int, number: int) -> dict[str, np.ndarray]:
    """Block ``number`` of the population: :data:`BLOCK` people from their own generator."""
    model = _shape(seed)
    rng = np.random.default_rng([seed, 11, number])
    district = _draw(rng, np.arange(COLUMN_SIZES["district"]), model.district_weight, BLOCK)
    return {
        "sex": (rng.random(BLOCK) < 0.49).astype(np.int8),
        "birth_year": _draw(rng, model.years, model.pyramid, BLOCK).astype(np.int16),
        "birth_day": _draw(rng, model.days, model.season, BLOCK).astype(np.int16),
        "province": model.district_province[district].astype(np.int8),
        "district": district.astype(np.int16),
        "phone_prefix": _draw(rng, np.arange(COLUMN_SIZES["phone_prefix"]), model.prefix_weight,
                              BLOCK).astype(np.int8),
    }


class GrowingPopulation:
    """The seeded synthetic population, drawn only as far as it has been asked for.

    ``first(n)`` gives the same people as ``make_people(n, seed)``. Storage for ``limit``
    people is set aside once (memory is used only as people are drawn); asking for more
    people draws only the blocks not drawn yet, and never copies those already drawn. A
    calculator keeps one and slices it on every change.

    >>> people = GrowingPopulation(seed=3, limit=1_000_000)
    >>> people.first(1_000).equals(make_people(1_000, seed=3))
    True
    >>> people.first(600_000).equals(make_people(600_000, seed=3)), people.built
    (True, 750000)
    """

    def __init__(self, seed: int = 2019, limit: int = MAX_PEOPLE) -> None:
        self.seed = require_count(seed, "seed", minimum=0)
        self.limit = require_count(limit, "limit", minimum=1, maximum=MAX_PEOPLE)
        size = -(-self.limit // BLOCK) * BLOCK
        self._columns = {column: np.empty(size, dtype=kind) for column, kind in COLUMN_TYPES.items()}
        self.built = 0  # people drawn so far: whole blocks

    def first(self, population: int) -> pd.DataFrame:
        """The first ``population`` people (shares memory with this object: do not change it
        in place)."""
        population = require_count(population, "population", minimum=1, maximum=self.limit)
        for number in range(self.built // BLOCK, -(-population // BLOCK)):
            start = number * BLOCK
            for column, values in _block(self.seed, number).items():
                self._columns[column][start:start + BLOCK] = values
            self.built = start + BLOCK
        return pd.DataFrame({c: v[:population] for c, v in self._columns.items()}, copy=False)


def make_people(population: int, seed: int = 2019) -> pd.DataFrame:
    """A seeded synthetic population, one row per person, integer-coded columns.

    Columns: ``sex`` (0 or 1), ``birth_year`` (1930 to 2009), ``birth_day`` (1 to 365),
    ``province`` (0 to 30), ``district`` (0 to 2,799; each inside one province),
    ``phone_prefix`` (0 to 39). Distributions are made up but not uniform.

    People are drawn in seeded blocks of :data:`BLOCK`, so a smaller population is the start
    of a larger one: ``make_people(n)`` is ``make_people(m).head(n)`` for any m >= n (a
    calculator keeps a :class:`GrowingPopulation` and slices it).

    >>> people = make_people(1_000, seed=3)
    >>> people.equals(make_people(300_000, seed=3).head(1_000))
    True
    >>> list(people.columns)
    ['sex', 'birth_year', 'birth_day', 'province', 'district', 'phone_prefix']
    >>> bool((people.groupby("district")["province"].nunique() == 1).all())
    True
    """
    population = require_count(population, "population", minimum=1, maximum=MAX_PEOPLE)
    return GrowingPopulation(seed, limit=population).first(population)


_MAX_KEY = 2**62  # combined codes stay inside int64
_SMALL_INTEGER = 2**40  # integer columns within this range are used as their own codes


def _codes(values: pd.Series) -> tuple[np.ndarray, int, int]:
    """Integer codes for a column, the smallest code, and how many codes there are from the
    smallest up (numbers kept in order, as they are; text and missing values factorized)."""
    array = values.to_numpy()
    if np.issubdtype(array.dtype, np.integer) and array.size:
        low, high = int(array.min()), int(array.max())
        if -_SMALL_INTEGER < low and high < _SMALL_INTEGER:  # no overflow adding them to keys
            return array, low, high - low + 1
    codes, uniques = pd.factorize(values, use_na_sentinel=False)
    return codes, 0, max(len(uniques), 1)


def _combination_keys(people: pd.DataFrame, attributes: Sequence[str]) -> tuple[np.ndarray, int]:
    """One integer per person naming their combination, and how many keys are possible.

    Built in place, one column at a time (key = key * size + code - low), with no temporary
    copy of a column: a third of the time for 10 million people.
    """
    if not isinstance(people, pd.DataFrame):
        raise ValueError(f"people must be a pandas DataFrame; got {type(people).__name__}.")
    columns = _columns(attributes)
    missing = [c for c in columns if c not in people.columns]
    if missing:
        raise ValueError(f"people must have the column(s) {', '.join(missing)}; "
                         f"it has {', '.join(map(str, people.columns)) or 'none'}.")
    key, span = np.zeros(len(people), dtype=np.int64), 1
    if len(people) == 0:
        return key, span
    for column in columns:
        codes, low, size = _codes(people[column])
        if span * size >= _MAX_KEY:  # too many combinations for one integer: renumber first
            key, uniques = pd.factorize(key)
            span = len(uniques)
        key *= size
        np.add(key, codes, out=key, casting="unsafe")
        key -= low
        span *= size
    return key, span


def _counts_are_direct(span: int, population: int) -> bool:
    return span <= 4 * population  # few possible combinations: count each one in an array


def group_sizes(people: pd.DataFrame, attributes: Sequence[str]) -> np.ndarray:
    """For each person, how many people (themselves included) share their combination.

    Columns may hold numbers or text; a missing value counts as a value of its own.

    >>> table = pd.DataFrame({"sex": [0, 0, 1], "birth_year": [1990, 1990, 1990]})
    >>> group_sizes(table, ["sex", "birth_year"]).tolist()
    [2, 2, 1]
    >>> group_sizes(pd.DataFrame({"province": ["Hubei", "Hubei", None]}), ["province"]).tolist()
    [2, 2, 1]
    """
    key, span = _combination_keys(people, attributes)
    if _counts_are_direct(span, key.size):
        return np.bincount(key, minlength=span)[key]
    codes, _ = pd.factorize(key)
    return np.bincount(codes)[codes]


def group_counts(people: pd.DataFrame, attributes: Sequence[str]) -> np.ndarray:
    """How many people are in each combination that occurs (one number per group).

    >>> sorted(group_counts(pd.DataFrame({"sex": [0, 0, 1]}), ["sex"]).tolist())
    [1, 2]

    People in groups of size s number s times the groups of size s, so every share below is
    computed from these counts without going back to each person (twice as fast at 10 million).
    """
    key, span = _combination_keys(people, attributes)
    if key.size == 0:
        return np.zeros(0, dtype=np.int64)
    if _counts_are_direct(span, key.size):
        counts = np.bincount(key, minlength=span)
        return counts[counts > 0]
    ordered = np.sort(key)
    starts = np.flatnonzero(np.diff(ordered)) + 1
    return np.diff(np.concatenate(([0], starts, [ordered.size])))


@dataclass(frozen=True)
class Uniqueness:
    """How identifying some attributes are in a table, from one count of its groups.

    ``distribution`` rows: ``group_size`` (bucket label), ``people``, ``share``.
    """

    population: int
    cells: int
    unique_share: float
    expected_unique_share: float
    k_anonymity: int
    k: int
    share_below_k: float
    distribution: list[dict[str, object]]


def _distribution(counts: np.ndarray) -> list[dict[str, object]]:
    population = int(counts.sum())
    rows = []
    for label, low, high in GROUP_SIZE_BUCKETS:
        people = int(counts[(counts >= low) & (counts <= high)].sum())
        rows.append({"group_size": label, "people": people,
                     "share": people / population if population else 0.0})
    return rows


def _share_in_groups_below(counts: np.ndarray, size: int) -> float:
    """Share of people whose group has fewer than ``size`` people."""
    population = int(counts.sum())
    return float(counts[counts < size].sum() / population) if population else 0.0


def measure(people: pd.DataFrame, attributes: Sequence[str], k: int = 5) -> Uniqueness:
    """Everything the calculator shows, from a single grouping of the table.

    >>> report = measure(make_people(10_000, seed=1), ["sex", "birth_date"], k=5)
    >>> report.cells, report.k_anonymity
    (58400, 1)
    >>> round(report.unique_share, 2), round(report.expected_unique_share, 2)
    (0.79, 0.84)
    """
    k = require_count(k, "k", minimum=1)
    return measure_groups(group_counts(people, attributes), attributes, k)


def measure_groups(counts: np.ndarray, attributes: Sequence[str], k: int = 5) -> Uniqueness:
    """:func:`measure` from the counts of :func:`group_counts` (so that a new k needs no new
    grouping).

    >>> measure_groups(np.array([1, 2, 7]), ["sex"], k=3).share_below_k
    0.3
    """
    k = require_count(k, "k", minimum=1)
    if isinstance(counts, (str, bytes)) or not hasattr(counts, "__len__"):
        raise TypeError("counts must be the array of group sizes from group_counts; got a "
                        f"{type(counts).__name__}.")
    counts = np.asarray(counts)
    if counts.size == 0:
        raise ValueError("counts must hold at least one group (at least one person).")
    if counts.dtype.kind not in "iu" or (counts < 0).any():
        raise ValueError("counts must be whole numbers of people, 0 or more (from group_counts).")
    population, cells = int(counts.sum()), cells_for(attributes)
    return Uniqueness(
        population=population, cells=cells, unique_share=_share_in_groups_below(counts, 2),
        expected_unique_share=expected_unique_share(population, cells),
        k_anonymity=int(counts.min()), k=k, share_below_k=_share_in_groups_below(counts, k),
        distribution=_distribution(counts),
    )


def unique_share(people: pd.DataFrame, attributes: Sequence[str]) -> float:
    """Share of people whom nobody else matches on the attributes.

    >>> table = pd.DataFrame({"sex": [0, 0, 1, 1, 1]})
    >>> unique_share(table, ["sex"])
    0.0
    """
    return _share_in_groups_below(group_counts(people, attributes), 2)


def share_below_k(people: pd.DataFrame, attributes: Sequence[str], k: int) -> float:
    """Share of people in groups smaller than ``k`` (those a k-anonymity rule would expose).

    >>> table = pd.DataFrame({"sex": [0, 0, 1]})
    >>> round(share_below_k(table, ["sex"], k=2), 3)
    0.333
    """
    k = require_count(k, "k", minimum=1)
    return _share_in_groups_below(group_counts(people, attributes), k)


def k_anonymity(people: pd.DataFrame, attributes: Sequence[str]) -> int:
    """The table's k: the size of the smallest group (1 means someone is unique).

    >>> k_anonymity(pd.DataFrame({"sex": [0, 0, 1, 1, 1]}), ["sex"])
    2
    """
    counts = group_counts(people, attributes)
    if counts.size == 0:
        raise ValueError("people must contain at least one person.")
    return int(counts.min())


def group_size_distribution(people: pd.DataFrame, attributes: Sequence[str]) -> pd.DataFrame:
    """Share of people by the size of their group, in buckets (1, 2, 3-4, 5-9, 10-99, 100+).

    >>> table = pd.DataFrame({"sex": [0, 0, 1]})
    >>> group_size_distribution(table, ["sex"])["people"].tolist()
    [1, 2, 0, 0, 0, 0]
    """
    return pd.DataFrame(_distribution(group_counts(people, attributes)))
