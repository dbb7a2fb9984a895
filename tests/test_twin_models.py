"""Each calculator's static twin computes what the widget computes (numbers and words).

At every preset and 60 random settings across every input's range, the JavaScript model of
the twin (run in Node.js) gives the chart the same parameters (within 1e-9 relative), the
readout, summary and every other changing text the same words, the same answer for the
prediction, and the same message where the values cannot be computed. The same comparison
runs in Chromium on the built website (tests/test_site.py).
"""

from __future__ import annotations

import pytest

from facenumbers.twins import FUNCTIONS
from twin_support import NODE, compare, make, sample_settings

pytestmark = pytest.mark.skipif(NODE is None, reason="Node.js is needed (apt-get install nodejs)")


@pytest.mark.parametrize("function", sorted(FUNCTIONS))
def test_twin_model_matches_the_calculator(function: str) -> None:
    found = compare(function, count=60, seed=17)
    assert not found, f"{len(found)} differences; first: " + "\n".join(found[:5])


@pytest.mark.parametrize("function", sorted(FUNCTIONS))
def test_at_least_fifty_settings_are_compared(function: str) -> None:
    assert len(sample_settings(make(function), 60, 17)) >= 50
