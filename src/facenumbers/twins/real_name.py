"""The context of the "How unique are you?" twin (``js/models/how_unique.js``).

The calculator counts groups in a seeded synthetic population of up to 10 million people
(:mod:`facenumbers.models.uniqueness`); a browser cannot draw those people again, so the
counting is done here, when the site is built, for a grid of population sizes: ten per power
of ten, from 100 to 10 million (51 sizes, every fourth step of the population slider). For each
size and each set of columns the ticked attributes can read (36 sets), the context holds how
many groups there are of each size below the largest k (1,000): from those the browser works
out, exactly, the share of people who are unique, the chart's buckets, the share in groups
smaller than any k, and the table's k. The closed form is computed in the browser.

The population grid is logarithmic: it is declared in :data:`LOG_GRIDS` (see
:func:`facenumbers.twins.grid`); the page snaps the population to it, and the model does too.

>>> decode_histogram(encode_histogram([(1, 3), (2, 1), (60, 2)])) == [(1, 3), (2, 1), (60, 2)]
True
>>> population_grid(100, 10_000_000, per_decade=10)[:6]
[100, 126, 158, 200, 251, 316]
"""

from __future__ import annotations

import functools
import itertools
import math
from typing import Any

import numpy as np

from facenumbers.calculators import real_name
from facenumbers.calculators.real_name import HowUniqueCalculator
from facenumbers.models import uniqueness
from facenumbers.models.validation import require_count

__all__ = ["GRIDS", "LOG_GRIDS", "decode_histogram", "encode_histogram", "how_unique",
           "population_grid"]

#: Population sizes per power of ten in the precomputed grid (every fourth slider step).
PER_DECADE = 10
#: Inputs snapped to a linear grid: none here (the population's grid is logarithmic).
GRIDS: dict[str, dict[str, float]] = {}
#: Inputs snapped to a logarithmic grid: the step in powers of ten, from the input's minimum.
LOG_GRIDS: dict[str, dict[str, float]] = {"how_unique": {"population": 1 / PER_DECADE}}

#: Printable ASCII a JSON string and an HTML script element carry as they are (no quote,
#: backslash, < or >): 90 characters, so digits of base 45 with a flag for "more digits".
ALPHABET = "".join(chr(c) for c in range(33, 127) if chr(c) not in '"\\<>')
BASE = len(ALPHABET) // 2


def population_grid(minimum: int, maximum: int, per_decade: int = PER_DECADE) -> list[int]:
    """Whole population sizes spaced evenly on a log scale, ``per_decade`` per power of ten.

    >>> population_grid(100, 1000, 2)
    [100, 316, 1000]
    """
    minimum = require_count(minimum, "minimum", minimum=1)
    maximum = require_count(maximum, "maximum", minimum=minimum)
    per_decade = require_count(per_decade, "per_decade", minimum=1, maximum=1000)
    steps = round(math.log10(maximum / minimum) * per_decade)
    low = math.log10(minimum)
    return [int(round(10 ** (low + i / per_decade))) for i in range(steps + 1)]


def _number(value: int) -> str:
    """One whole number 0 or more as base-45 digits, least significant first."""
    digits = []
    while True:
        value, digit = divmod(value, BASE)
        if value:
            digits.append(ALPHABET[BASE + digit])
        else:
            digits.append(ALPHABET[digit])
            return "".join(digits)


def encode_histogram(sizes: list[tuple[int, int]]) -> str:
    """(group size, number of groups of that size) pairs, sizes rising, as a short string.

    Each number of groups is written in turn for sizes 1, 2, 3...; a run of sizes no group
    has is written as 0 and the run's length less one.
    """
    text, previous = [], 0
    for size, groups in sizes:
        if size <= previous or groups < 1:
            raise ValueError("sizes must rise, each with at least one group.")
        if size - previous > 1:
            text += [_number(0), _number(size - previous - 2)]
        text.append(_number(groups))
        previous = size
    return "".join(text)


def decode_histogram(text: str) -> list[tuple[int, int]]:
    """The pairs :func:`encode_histogram` wrote (the model's ``readHistogram`` does the same)."""
    numbers, value, scale = [], 0, 1
    for char in text:
        digit = ALPHABET.index(char)
        if digit >= BASE:
            value, scale = value + (digit - BASE) * scale, scale * BASE
        else:
            numbers.append(value + digit * scale)
            value, scale = 0, 1
    pairs, size, at = [], 1, 0
    while at < len(numbers):
        if numbers[at] == 0:
            size += numbers[at + 1] + 1
            at += 2
            continue
        pairs.append((size, numbers[at]))
        size, at = size + 1, at + 1
    return pairs


def _column_sets() -> list[tuple[str, ...]]:
    """Every set of columns the checkboxes can give (36 of 64 ticks; a district implies the
    province, a full date of birth the year)."""
    names = list(uniqueness.ATTRIBUTES)
    found = {tuple(uniqueness._columns([n for n, on in zip(names, ticks) if on]))
             for ticks in itertools.product((False, True), repeat=len(names))}
    order = list(uniqueness.COLUMN_SIZES)
    return sorted(found, key=lambda columns: [order.index(c) for c in columns])


def _attributes_for(columns: tuple[str, ...]) -> list[str]:
    """Attributes whose columns are ``columns`` (birth_date reads birth_year and birth_day)."""
    chosen = [c for c in columns if c != "birth_day"]
    return ["birth_date" if c == "birth_year" and "birth_day" in columns else c for c in chosen]


def _groups_at(counts: np.ndarray, below: int) -> str | int:
    """Groups of these sizes (:func:`uniqueness.group_counts`) as the context holds them: the
    encoded sizes below ``below``, or, when every group is that large, the smallest size."""
    small = counts[counts < below]
    if small.size == 0:
        return int(counts.min())
    histogram = np.bincount(small)
    sizes = np.flatnonzero(histogram)
    return encode_histogram([(int(s), int(histogram[s])) for s in sizes])


@functools.lru_cache(maxsize=1)
def _counted(populations: tuple[int, ...], below: int) -> dict[str, list[str | int]]:
    """Group sizes for every column set at every population, counted as the calculator counts
    them (its own people, :func:`uniqueness.group_counts`): about 25 seconds, once."""
    table: dict[str, list[str | int]] = {}
    for columns in _column_sets():
        attributes = _attributes_for(columns)
        table[" ".join(columns)] = [
            _groups_at(uniqueness.group_counts(real_name._people(n), attributes), below)
            for n in populations]
    return table


def how_unique(calc: HowUniqueCalculator) -> dict[str, Any]:
    """What the twin needs: the grid of populations, the group sizes counted at each, and the
    attributes' labels, columns and sizes (about 250 kB as JSON)."""
    if not isinstance(calc, HowUniqueCalculator):
        raise ValueError(f"calc must be the how_unique calculator; got a {type(calc).__name__}.")
    box, k_box = calc.inputs["population"], calc.inputs["k"]
    populations = population_grid(int(box.minimum), int(box.maximum))
    below = int(k_box.maximum)  # share_below_k needs the sizes below the largest k
    steps = ", ".join(f"{n:,}" for n in populations[:5])
    return {
        "precomputed": (
            f"The groups in the synthetic population were counted in advance for "
            f"{len(populations)} population sizes, {PER_DECADE} for each power of ten from "
            f"{populations[0]:,} to {populations[-1]:,} ({steps} and so on): the population "
            "you choose moves to the nearest of them. The formula and everything about k are "
            "worked out here, exactly."),
        "seed": real_name.SEED,
        "populations": populations,
        "per_decade": PER_DECADE,
        "below": below,
        "alphabet": ALPHABET,
        "attributes": [[name, a.label, list(a.columns)]
                       for name, a in uniqueness.ATTRIBUTES.items()],
        "column_sizes": dict(uniqueness.COLUMN_SIZES),
        "buckets": [[label, low, high if math.isfinite(high) else None]
                    for label, low, high in uniqueness.GROUP_SIZE_BUCKETS],
        "groups": _counted(tuple(populations), below),
    }
