"""Numbers as words: the formatting every readout and summary shares."""

from __future__ import annotations

import math
import numbers

from facenumbers.models import uncertainty
from facenumbers.models.validation import require_count


def printable_number(value: object, name: str) -> float:
    """A number to print, as a float: no bool, no text, no integer beyond float range; -0 is 0."""
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        raise TypeError(f"{name} must be a number; got a {type(value).__name__}.")
    try:
        return float(value) + 0.0
    except OverflowError:
        raise ValueError(f"{name} is too large to print as a number; got a whole number of "
                         f"{len(str(abs(int(value))))} digits.") from None


def format_percent(share: float) -> str:
    """A proportion as a readable percentage, keeping small values visible.

    >>> format_percent(0.0701), format_percent(0.0000123), format_percent(1.0)
    ('7.0%', '0.0012%', '100%')
    """
    share = printable_number(share, "share")
    if math.isnan(share):
        return "undefined"
    if math.isinf(share):
        raise ValueError(f"share must be finite to print as a percentage; got {share}.")
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
    count = printable_number(count, "count")
    if math.isnan(count):
        return "undefined"
    if math.isinf(count):
        return "infinitely many"
    if abs(count) >= 100:
        return f"{count:,.0f}"
    if abs(count) >= 1:
        return f"{count:,.1f}".removesuffix(".0")
    return f"{count:.2g}"


def format_significant(value: float, figures: int = 2) -> str:
    """A number rounded to ``figures`` significant figures, in words from a million up.

    Trailing zeros are dropped (1.0 billion reads "1 billion"); no exponents.

    >>> format_significant(401_523.5), format_significant(119_652_000), format_significant(29_835)
    ('400,000', '120 million', '30,000')
    >>> format_significant(1e9), format_significant(2_371_617, 3), format_significant(0.0123)
    ('1 billion', '2.37 million', '0.012')
    >>> format_significant(41.7), format_significant(0), format_significant(-228_000)
    ('42', '0', '-230,000')
    """
    value = printable_number(value, "value")
    if not math.isfinite(value) or value == 0:
        return format_count(value)
    rounded = float(f"{value:.{figures}g}")
    for size, word in ((1e9, " billion"), (1e6, " million")):
        if abs(rounded) >= size:
            return _plain_figures(rounded / size, figures) + word
    return _plain_figures(rounded, figures)


def _plain_figures(value: float, figures: int) -> str:
    """An already rounded number with thousands separators, no exponent, no trailing zeros."""
    decimals = max(0, figures - 1 - math.floor(math.log10(abs(value))))
    text = f"{value:,.{decimals}f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


#: Below this many events in a sample, a measured rate is shown with its interval.
FEW_EVENTS = 20


def format_small_rate(rate: float) -> str:
    """A rate in words, per million or per 10,000 when a percentage would need many zeros.

    >>> format_small_rate(3.0e-6), format_small_rate(0.0029), format_small_rate(0.125)
    ('about 3 in a million', 'about 29 in 10,000', '12.5%')
    """
    rate = printable_number(rate, "rate")
    if math.isnan(rate):
        return "undefined"
    if rate >= 0.01 or rate <= 0:
        return format_percent(rate)
    if rate < 1e-4:
        return f"about {rate * 1e6:.2g} in a million"
    return f"about {rate * 1e4:.2g} in 10,000"


def format_rate_in_sample(rate: float, sample_size: int, line_break: bool = False) -> str:
    """A measured rate with what the sample can and cannot say about it.

    None seen: the 95% upper bound (exact, one-sided; about 3 / n, the rule of three). Few
    seen: the exact (Clopper-Pearson) 95% interval. Many: the rate alone.

    >>> format_rate_in_sample(0.0, 999_000)
    '0% (none of 999,000: below about 3 in a million, 95%)'
    >>> format_rate_in_sample(0.0125, 400)
    '1.2% (5 of 400; 95% interval 0.41% to 2.9%, exact)'
    >>> format_rate_in_sample(0.25, 400)
    '25.0%'

    With ``line_break`` (for a table cell) the note goes on a line of its own, in small type:

    >>> format_rate_in_sample(0.0, 6_000, line_break=True)
    '0%<br><small>none of 6,000: below about 5 in 10,000, 95%</small>'
    """
    rate = printable_number(rate, "rate")
    if not 0 <= rate <= 1:
        raise ValueError(f"rate must be a proportion between 0 and 1; got {rate:g}.")
    sample_size = require_count(sample_size, "sample_size", minimum=1)
    events = round(rate * sample_size)
    if events == 0:
        bound = uncertainty.upper_bound_when_none_seen(sample_size)
        note = f"none of {sample_size:,}: below {format_small_rate(bound)}, 95%"
    elif events < FEW_EVENTS:
        low, high = uncertainty.clopper_pearson_interval(events, sample_size)
        note = (f"{events:,} of {sample_size:,}; 95% interval {format_percent(low)} to "
                f"{format_percent(high)}, exact")
    else:
        return format_percent(rate)
    if line_break:
        return f"{format_percent(rate)}<br><small>{note}</small>"
    return f"{format_percent(rate)} ({note})"
