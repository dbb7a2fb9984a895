"""Numbers as words: the formatting every readout and summary shares."""

from __future__ import annotations

import math


def format_percent(share: float) -> str:
    """A proportion as a readable percentage, keeping small values visible.

    >>> format_percent(0.0701), format_percent(0.0000123), format_percent(1.0)
    ('7.0%', '0.0012%', '100%')
    """
    if math.isnan(share):
        return "undefined"
    percent = share * 100
    if percent == 0 or percent == 100:
        return f"{percent:.0f}%"
    if percent >= 1:
        return f"{percent:.1f}%"
    return f"{percent:.2g}%"


def format_count(count: float) -> str:
    """An expected number of people, rounded sensibly for a sentence.

    >>> format_count(2297.2), format_count(1.6), format_count(0.0123)
    ('2,297', '1.6', '0.012')
    """
    if math.isinf(count):
        return "infinitely many"
    if abs(count) >= 100:
        return f"{count:,.0f}"
    if abs(count) >= 1:
        return f"{count:,.1f}".removesuffix(".0")
    return f"{count:.2g}"


def format_rate_in_sample(rate: float, sample_size: int) -> str:
    """A measured rate, saying so when the sample is too small to see it at all.

    >>> format_rate_in_sample(0.0, 998_000), format_rate_in_sample(0.0125, 400)
    ('0% (none of 998,000)', '1.2%')
    """
    if rate == 0:
        return f"0% (none of {sample_size:,})"
    return format_percent(rate)
