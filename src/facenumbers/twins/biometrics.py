"""Context for the twins of the Matcher and the Threshold explorer (Lessons 02 and 03).

Both calculators work on a seeded synthetic population (:func:`make_population`): every
score is a cosine between two made-up templates. Their scores do not fit in a web page
(the Threshold explorer has about a million), and the Matcher can compare any two of its
4,000 captures, so neither can be precomputed in full. Instead the browser rebuilds the very
same population: ``js/models/matcher.js`` and ``js/models/threshold_explorer.js`` port
numpy's random numbers (``SeedSequence``, ``PCG64`` and the ziggurat method of
``Generator.standard_normal``) bit for bit, then make the templates, score, sort and count
exactly as the Python models do, at any threshold and any capture quality.

What the browser cannot derive is numpy's ziggurat tables, constants compiled into numpy:
:func:`ziggurat_tables` reads them from numpy's own generator by feeding it chosen raw
numbers, and checks them by replaying a stretch of numpy's normal numbers.

The only results computed in advance are the Threshold explorer's error rates at its three
preset thresholds: each of those thresholds *is* a comparison score, so whether that score
counts depends on its last binary digit, which the browser's sums (in a different order from
numpy's matrix product) need not reproduce.

>>> tables = ziggurat_tables()
>>> len(tables["wi"]), tables["ki"][1], tables["fi"][0]
(256, 0, 1.0)
"""

from __future__ import annotations

import math
from functools import lru_cache
from typing import Any

import numpy as np

from facenumbers.calculators.biometrics import (
    CAPTURES,
    EXPLORER_PEOPLE,
    EXPLORER_QUALITY,
    MATCHER_PEOPLE,
    MODES,
    SEED,
    MatcherCalculator,
    ThresholdExplorer,
)
from facenumbers.charts.biometrics import (
    FMR_FLOOR,
    FNMR_FLOOR,
    HISTOGRAM_BINS,
    KIND_LABELS,
    SCORE_RANGE,
)
from facenumbers.models.templates import DEFAULT_GROUP_LIKENESS, GROUPS
from facenumbers.models.validation import require_instance

__all__ = ["GRIDS", "matcher", "threshold_explorer", "ziggurat_tables"]

#: No input snaps to a grid: the browser computes at any threshold and any capture quality
#: (rounded to 0.001, as MatcherCalculator.compute itself rounds it).
GRIDS: dict[str, dict[str, float]] = {}

#: PCG64's multiplier (numpy's PCG_DEFAULT_MULTIPLIER_128) and the 128-bit modulus.
_MULTIPLIER = 0x2360ED051FC65DA44385DF649FCCF645
_MODULUS = 1 << 128
#: The dimensions of a template (make_population's default, which the calculators use).
_DIMENSIONS = 128


def _normal_from_raw(raw: int) -> tuple[float, bool]:
    """numpy's standard normal when the bit generator's next raw 64-bit number is ``raw``.

    Returns the number and whether numpy used that one raw number only (its fast path).
    """
    generator = np.random.PCG64(0)
    increment = 1
    after = raw  # a state whose output is `raw`: rotation 0, high half 0, low half `raw`
    before = ((after - increment) * pow(_MULTIPLIER, -1, _MODULUS)) % _MODULUS
    generator.state = {"bit_generator": "PCG64", "state": {"state": before, "inc": increment},
                       "has_uint32": 0, "uinteger": 0}
    value = float(np.random.Generator(generator).standard_normal())
    return value, generator.state["state"]["state"] == after


def _raw(layer: int, magnitude: int) -> int:
    """A raw number that numpy's ziggurat reads as ``layer`` (8 bits), sign +, ``magnitude``."""
    return layer | (magnitude << 9)


def _replay_normals(raw: np.ndarray, tables: dict[str, list[Any]], count: int) -> list[float]:
    """numpy's ziggurat method (random_standard_normal) on a stream of raw numbers, in Python."""
    wi, ki, fi = tables["wi"], tables["ki"], tables["fi"]
    r, inverse_r = tables["r"], tables["inverse_r"]
    stream = iter(int(v) for v in raw)

    def uniform() -> float:
        """The next raw number as a double in [0, 1), as numpy's next_double does."""
        return (next(stream) >> 11) * (1.0 / 9007199254740992.0)

    out: list[float] = []
    while len(out) < count:
        word = next(stream)
        layer, sign, magnitude = word & 0xFF, (word >> 8) & 1, (word >> 9) & ((1 << 52) - 1)
        x = -magnitude * wi[layer] if sign else magnitude * wi[layer]
        if magnitude < ki[layer]:
            out.append(x)
        elif layer == 0:
            while True:
                xx = -inverse_r * math.log1p(-uniform())
                yy = -math.log1p(-uniform())
                if yy + yy > xx * xx:
                    out.append(-(r + xx) if (magnitude >> 8) & 1 else r + xx)
                    break
        elif (fi[layer - 1] - fi[layer]) * uniform() + fi[layer] < math.exp(-0.5 * x * x):
            out.append(x)
    return out


@lru_cache(maxsize=1)
def ziggurat_tables() -> dict[str, Any]:
    """numpy's ziggurat tables for ``Generator.standard_normal``, read from numpy itself.

    ``wi[i]`` (the width of layer ``i`` per unit of the 52-bit magnitude) is what numpy
    returns for magnitude 1 in layer ``i``; ``ki[i]`` (the magnitude below which layer ``i``
    needs no further test) is found by bisection, watching whether numpy draws a second raw
    number. ``fi[i]`` is the normal density at the layer's edge, exp(-x²/2), in float64
    (numpy's own table can differ in its last bit; that only matters for a draw that falls
    within a hair's breadth of a layer's curved edge). ``r`` and ``inverse_r`` are where the
    tail starts and its inverse (numpy's ziggurat_nor_r and ziggurat_nor_inv_r). Raises
    RuntimeError if the tables do not replay 40,000 of numpy's normal numbers exactly (a
    numpy whose generator works otherwise).
    """
    wi, ki = [], []
    for layer in range(256):
        wi.append(_normal_from_raw(_raw(layer, 1))[0])
        if not _normal_from_raw(_raw(layer, 0))[1]:
            ki.append(0)
            continue
        fast, slow = 0, 1 << 52  # magnitude `fast` takes the fast path, `slow` may not
        while slow - fast > 1:
            middle = (fast + slow) // 2
            fast, slow = (middle, slow) if _normal_from_raw(_raw(layer, middle))[1] else (fast, middle)
        ki.append(slow)
    edges = np.array(wi) * 2.0**52
    fi = [1.0] + [float(v) for v in np.exp(-0.5 * edges[1:] * edges[1:])]
    tables = {"wi": [float(v) for v in wi], "ki": [int(v) for v in ki], "fi": fi,
              "r": 3.6541528853610087963519472518, "inverse_r": 0.27366123732975827203338247596}
    seed = np.random.SeedSequence([SEED, 2])
    raw = np.random.PCG64(seed).random_raw(50_000)
    expected = np.random.Generator(np.random.PCG64(seed)).standard_normal(40_000)
    if _replay_normals(raw, tables, 40_000) != expected.tolist():
        raise RuntimeError("numpy's standard_normal no longer works as the twins' port of it "
                           "does; the Matcher and Threshold explorer twins cannot rebuild "
                           "their populations.")
    return tables


def _population(people: int, quality: float | None) -> dict[str, Any]:
    """How make_population was called, and what the browser needs to call it again."""
    return {"people": people, "captures": CAPTURES, "dimensions": _DIMENSIONS, "seed": SEED,
            "quality": quality, "groups": list(GROUPS),
            "likeness": {g: float(DEFAULT_GROUP_LIKENESS[g]) for g in GROUPS},
            "ziggurat": ziggurat_tables()}


def matcher(calc: MatcherCalculator) -> dict[str, Any]:
    """The Matcher twin's context: the population's settings, numpy's tables, the chart's bins.

    Nothing about the population is precomputed: for each capture quality (rounded to 0.001
    as ``compute`` rounds it) the browser makes the templates and all 255,500 scores itself.
    The histogram's bin edges are numpy's ``linspace`` (``edges``) and, rounded as the chart
    shows them, ``starts`` and ``ends``.
    """
    edges = np.linspace(*SCORE_RANGE, HISTOGRAM_BINS + 1)
    return {
        "population": _population(MATCHER_PEOPLE, None),
        "modes": list(MODES),
        "edges": [float(e) for e in edges],
        "starts": [round(float(e), 4) for e in edges[:-1]],
        "ends": [round(float(e), 4) for e in edges[1:]],
        "kind_labels": dict(KIND_LABELS),
    }


def threshold_explorer(calc: ThresholdExplorer) -> dict[str, Any]:
    """The Threshold explorer twin's context: the population's settings, and the presets' rates.

    ``exact`` holds, for each preset threshold, the counts Python finds there, by group:
    different-person scores at or above it and same-person scores below it. The browser uses
    them at exactly those thresholds and counts its own scores everywhere else.
    """
    require_instance(calc, ThresholdExplorer, "calc", "the Threshold explorer (a ThresholdExplorer)")
    exact = []
    for threshold in calc.thresholds.values():
        counts = {}
        for group, sample in calc.samples.items():
            level = np.array([threshold])
            at_or_above = sample.impostor.size - int(np.searchsorted(sample.impostor, level)[0])
            below = int(np.searchsorted(sample.genuine, level)[0])
            counts[group] = [at_or_above, below]
        exact.append({"threshold": float(threshold), "counts": counts})
    return {
        "population": _population(EXPLORER_PEOPLE, EXPLORER_QUALITY),
        "groups": list(calc.samples),
        "exact": exact,
        "floors": {"fmr": FMR_FLOOR, "fnmr": FNMR_FLOOR},
        "precomputed": "The error rates at the three preset thresholds were computed in advance "
        "in Python, because each of those thresholds sits exactly on a comparison score; at "
        "every other threshold your browser counts the scores of the same synthetic "
        "population itself.",
    }
