"""Every calculator's text boxes and sliders, driven with hostile values (issue 16).

For each calculator and each of its number inputs: hostile typed text gets a message naming
the input (its on-screen label) and its range, the value is kept, and the next good value is
taken and updates the readout. No readout ever shows "nan", "inf" or "-0".
"""

from __future__ import annotations

import html
import re

import pytest

from facenumbers import calculators

HOSTILE_TEXT = ["", "abc", "1 in 0", "1,2,3", "nan", "inf", "-inf", "1e999", "-5", "10**400",
                "0x10", "1 i n 5", "½", "%", "None", "9" * 400]
CALCULATORS = {name: getattr(calculators, name) for name in calculators.__all__}
_BAD_WORDS = re.compile(r"\bnan\b|\binf\b|(?<![\d.])-0(?![\d.,])|infinity", re.IGNORECASE)


def _visible(html: str) -> str:
    return re.sub(r"<[^>]+>", " ", html)


@pytest.fixture(scope="module", params=sorted(CALCULATORS))
def calculator(request):
    return CALCULATORS[request.param]()


def test_hostile_text_in_every_box_gets_a_message_and_the_next_value_works(calculator):
    for name, box in calculator.inputs.items():
        good = box.value
        for typed in HOSTILE_TEXT:
            box.text.value = typed
            shown = html.unescape(box.error.value)
            if box.value != good:          # accepted: it must have been a legal value
                assert shown == "" and box.minimum <= box.value <= box.maximum, (name, typed)
                box.set(good)
                continue
            assert box.label in shown and "must be" in shown, (name, typed, shown)
            assert len(shown) < 1_000, (name, "the message quotes the input cut")
        box.text.value = ""            # then a good value again, typed as text
        box.text.value = str(good) if box.kind != "count" else f"{int(good):,}"
        assert box.value == pytest.approx(good) and box.error.value == "", name


def test_readouts_never_show_nan_inf_or_minus_zero(calculator):
    for name, box in calculator.inputs.items():
        for value in (box.minimum, box.maximum):
            try:
                box.set(value)
            except ValueError:
                continue                   # an input whose end is refused with a message
            text = _visible(calculator.readout.value) + " " + _visible(calculator.summary.value)
            assert not _BAD_WORDS.search(text), (name, value, _BAD_WORDS.search(text).group(0))


def test_an_unexpected_error_in_a_calculation_is_shown_not_raised(monkeypatch):
    calc = calculators.alarm()

    def broken(values):
        raise ZeroDivisionError("from a bug")

    monkeypatch.setattr(calc, "compute", broken)
    calc.refresh()
    assert "could not be computed (ZeroDivisionError)" in calc.message.value
