"""Typed numbers are read the way people write them, and never guessed (issue 16, items 1-3).

A rate text box takes "2%", "1 in 6,000", "0.02" and a decimal comma ("0,5") where it cannot be
a thousands separator. Text that could mean two things, or nothing, gets a message naming the
input, its range and what is wrong, and the calculator keeps its last good value.
"""

from __future__ import annotations

import math

import pytest

from facenumbers.calculators import alarm
from facenumbers.calculators.controls import NumberInput, UnreadableNumber, parse_number

READ = [
    ("2%", "rate", 0.02),
    ("1 in 6,000", "rate", 1 / 6000),
    ("1in5", "rate", 0.2),
    ("0,5", "rate", 0.5),
    ("0,500", "rate", 0.5),
    ("2,75", "number", 2.75),
    ("1,234", "count", 1234),
    ("1 000 000", "count", 1_000_000),
    ("1_000", "count", 1000),
    ("1,000.5", "number", 1000.5),
    ("  7  ", "count", 7),
    ("-0", "rate", 0.0),
    ("-0%", "rate", 0.0),
    ("1.6e9", "count", 1.6e9),
]


@pytest.mark.parametrize("typed, kind, expected", READ)
def test_numbers_are_read_as_people_write_them(typed, kind, expected):
    value = parse_number(typed, kind)
    assert value == pytest.approx(expected, rel=1e-12)
    assert math.copysign(1, value) == 1 or value != 0   # never -0


REFUSED = [
    ("1,2,3", "count", "neither thousands separators"),
    ("12,34,567", "count", "neither thousands separators"),
    ("1 i n 5", "rate", "not a number"),
    ("1,5.2", "number", "not a number"),
    ("1 in 0", "rate", "at least 1"),
    ("1 in 0.0", "rate", "at least 1"),
    ("1 in 1e-400", "rate", "at least 1"),
    ("1 in nan", "rate", "at least 1"),
    ("", "rate", "empty"),
    ("five", "count", "not a number"),
]


@pytest.mark.parametrize("typed, kind, words", REFUSED)
def test_text_that_is_not_one_number_is_refused_with_the_reason(typed, kind, words):
    with pytest.raises(UnreadableNumber, match=words):
        parse_number(typed, kind)


@pytest.mark.parametrize("typed", ["1 in 0", "1,2,3", "0,5,0", "1 i n 5"])
def test_a_text_box_shows_the_label_the_range_and_the_reason_and_keeps_working(typed):
    box = NumberInput("prevalence", "Share on the watchlist", 0.001, 0.0, 1.0, kind="rate")
    box.text.value = typed
    assert "Share on the watchlist must be" in box.error.value and "Keeping 0.001" in box.error.value
    assert box.value == 0.001
    box.text.value = "0,25"            # the next good value is taken
    assert box.value == 0.25 and box.error.value == ""


def test_a_calculator_reads_a_decimal_comma_and_never_shows_minus_zero():
    calc = alarm()
    box = calc.inputs["prevalence"]
    box.text.value = "-0"
    assert box.value == 0.0 and math.copysign(1, box.value) == 1
    assert "-0" not in calc.readout.value
    box.text.value = "0,01"
    assert box.value == 0.01


@pytest.mark.parametrize("log, kind", [(True, "count"), (False, "rate"), (True, "rate"), (False, "count")])
@pytest.mark.parametrize("bad", [float("nan"), float("inf"), float("-inf")])
def test_a_slider_set_to_nan_or_infinity_never_takes_an_impossible_value(log, kind, bad):
    """Issue 16, item 7: NaN from code crashed the log count sliders and passed the rate ones.

    NaN is refused (by the widget for whole-number sliders, with our message for the others);
    an infinity is either refused or clamped by the widget to the end of its range.
    """
    from traitlets import TraitError

    low, high, start = (1, 1_000_000, 100) if kind == "count" else (1e-6 if log else 0.0, 1.0, 0.1)
    box = NumberInput("x", "Some input", start, low, high, kind=kind, log=log)
    try:
        box.slider.value = bad
    except TraitError:
        assert kind == "count" and not log     # an IntSlider refuses it itself
    assert math.isfinite(box.value) and low <= box.value <= high
    assert math.isfinite(box.slider.value)
    if math.isnan(bad):
        assert box.value == start
    box.text.value = "0.5" if kind == "rate" else "5"   # and the next good value is taken
    assert box.error.value == ""
