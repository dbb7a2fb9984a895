"""Part 1b of ``make bench``: the heavier computations, which do not run on every key press.

DET curves and equal error rates over a million scores, rebuilding the matcher's and the
threshold explorer's samples, synthetic populations of one and ten million people, and what a
new kernel pays before its first chart (importing Altair, the offline Vega bundle, importing
the calculators), each timed in a new interpreter.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import time
from collections.abc import Callable

from common import ms, table
from registry import part


# What every new kernel pays before its first chart, timed in a fresh interpreter each run
# (the course first, as a lesson imports it: its IRI parser deferred).
STARTUP_CODE = """
import json, time
import facenumbers
t0 = time.perf_counter(); import altair
t1 = time.perf_counter(); from facenumbers.charts import enable_offline
t2 = time.perf_counter(); enable_offline()
t3 = time.perf_counter(); from facenumbers import calculators
t4 = time.perf_counter()
print(json.dumps({"altair": t1 - t0, "bundle": t3 - t2, "calculators": t4 - t3}))
"""


def startup_costs(runs: int) -> list[list[str]]:
    """Rows for the heavy table: importing Altair, building the offline Vega bundle and
    importing the calculators, each in a new interpreter (as in a new kernel)."""
    found: dict[str, list[float]] = {"altair": [], "bundle": [], "calculators": []}
    for _ in range(runs):
        done = subprocess.run([sys.executable, "-c", STARTUP_CODE], capture_output=True, text=True,
                              check=True, timeout=300)
        for key, seconds in json.loads(done.stdout.strip().splitlines()[-1]).items():
            found[key].append(seconds * 1000)
    labels = {
        "altair": "New kernel: `import altair` (after `import facenumbers`, which defers the "
                  "IRI parser that jsonschema would build)",
        "bundle": "New kernel: `enable_offline()`: the offline Vega bundle (about 0.9 MB of "
                  "JavaScript), read from the user's cache (vl-convert builds it only when the "
                  "cache has no good copy; part 1c times both)",
        "calculators": "New kernel: `import facenumbers.calculators` (after the two above)",
    }
    return [[labels[key], ms(statistics.median(t)), ms(min(t)), ms(max(t))] for key, t in found.items()]


def heavy(runs: int = 5) -> str:
    """Times of the computations that do not run on every key press."""
    import numpy as np

    from facenumbers.calculators import biometrics, how_unique
    from facenumbers.models import error_rates, uniqueness

    rng = np.random.default_rng(2019)
    impostor, genuine = rng.normal(0.0, 0.09, 1_000_000), rng.normal(0.5, 0.06, 12_000)

    def timed(action: Callable[[], object]) -> list[float]:
        times: list[float] = []
        for _ in range(runs):
            start = time.perf_counter()
            action()
            times.append((time.perf_counter() - start) * 1000)
        return times

    def rebuild(quality: list[float] = [0.0]) -> None:
        quality[0] = (quality[0] + 0.137) % 1  # a new quality each time: never from the cache
        biometrics._sample(biometrics.MATCHER_PEOPLE, round(quality[0], 3))

    cases: list[tuple[str, Callable[[], object]]] = [
        ("DET curve over 1,000,000 impostor and 12,000 genuine scores (400 points)",
         lambda: error_rates.det_curve(genuine, impostor, points=400)),
        ("Equal error rate over the same scores (every distinct score a threshold)",
         lambda: error_rates.equal_error_rate(genuine, impostor)),
        ("Matcher: new capture quality (1,000 people, 255,500 comparisons rebuilt)", rebuild),
        ("Threshold explorer: build from scratch (2,000 people, ~1,000,000 comparisons)",
         lambda: (biometrics._sample.cache_clear(), biometrics.threshold_explorer())),
    ]
    attributes = ["sex", "birth_date", "district"]
    for size in (1_000_000, 10_000_000):
        people = uniqueness.make_people(size)
        cases += [
            (f"How unique: make {size:,} synthetic people",
             lambda size=size: uniqueness.make_people(size)),  # type: ignore[misc]
            (f"How unique: share unique, k and group sizes for {size:,} people "
             "(sex + date of birth + district)",
             lambda people=people: uniqueness.measure(people, attributes, k=5)),  # type: ignore[misc]
        ]
    calc = how_unique()
    calc.set_values(population=10_000_000)
    ticks = iter([True, False] * runs)
    cases.append(("How unique: tick or untick the district at 10,000,000 people (people cached)",
                  lambda: calc.set_values(district=next(ticks))))
    rows = [[label, ms(statistics.median(t)), ms(min(t)), ms(max(t))]
            for label, t in ((label, timed(action)) for label, action in cases)]
    rows += startup_costs(runs)
    return "\n".join([
        "## 1b. Heavier computations (not on every key press)",
        "",
        f"Plain Python in this process ({runs} runs each), and in a new interpreter each run for "
        "the rows that start with 'New kernel'. Times in ms.",
        "",
        table(["Computation", "Median", "Min", "Max"], rows),
    ])


@part("heavy")
def _heavy_part(args: argparse.Namespace) -> str:
    """Part 1b, ``--skip heavy``."""
    return heavy()
