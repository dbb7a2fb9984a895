"""The building blocks every calculator shares: a bounded number input and a calculator frame.

A :class:`NumberInput` is a slider and a text box for one quantity. The slider moves with
the mouse or the arrow keys; the text box takes what a person types ("2%", "1 in 6,000",
"1.6e9", "170,000"). Whatever is typed is checked against the allowed range; a bad value
shows a message under the box and leaves the last good value in place. For screen readers,
the slider and the text box are both named after the input's label, and the slider says its
value as the text box shows it (:class:`AccessibleNames`).

>>> box = NumberInput("crowd_size", "Crowd size", value=1000, minimum=1, maximum=10**9,
...                   kind="count", log=True)
>>> box.text.value = "1 in 2"
>>> box.value, box.error.value != ""
(1000, True)
>>> box.text.value = "170,000"
>>> box.value, box.error.value
(170000, '')
"""

from __future__ import annotations

import html
import math
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal

import ipywidgets as widgets

from facenumbers.calculators.accessibility import AccessibleNames, ScrollRegion
from facenumbers.charts.text import format_percent
from facenumbers.models.validation import (
    require_count,
    require_instance,
    require_number,
    require_rate,
)

Kind = Literal["count", "rate", "number"]

#: A number as a person types it: digits grouped in thousands by commas, spaces or underscores
#: (1,000,000), or a decimal comma where it cannot be a thousands separator (0,5), a decimal
#: point, an exponent.
_GROUPED = re.compile(r"^[+-]?[1-9]\d{0,2}(?:([,_ ])\d{3})(?:\1\d{3})*(?:\.\d*)?(?:e[+-]?\d+)?$")
_PLAIN = re.compile(r"^[+-]?(?:\d+\.?\d*|\.\d+)(?:e[+-]?\d+)?$")
_DECIMAL_COMMA = re.compile(r"^[+-]?\d+,\d+(?:e[+-]?\d+)?$")
_ONE_IN = re.compile(r"^1\s*in\s*(\S.*)$")
_WORDS = {"inf", "infinity", "nan", "+inf", "-inf"}


def _cut(text: object, limit: int = 60) -> object:
    """Typed text as a message quotes it: at most ``limit`` characters."""
    if isinstance(text, str) and len(text) > limit:
        return text[:limit] + "..."
    return text


class UnreadableNumber(ValueError):
    """Typed text that is not a number, with what is wrong with it in the learner's words."""


def _read_plain(text: str) -> float:
    """One number: thousands separators, a decimal comma only where it cannot be one."""
    if text in _WORDS:
        return float(text)
    if _PLAIN.match(text):
        number = float(text)
    elif _GROUPED.match(text):
        number = float(re.sub(r"[,_ ]", "", text))
    elif _DECIMAL_COMMA.match(text) and not re.match(r"^[+-]?[1-9]\d{0,2},\d{3}(?:e|$)", text):
        number = float(text.replace(",", "."))  # "0,5" or "2,75": a decimal comma
    elif "," in text and "." not in text and re.match(r"^[+-]?\d+(?:,\d+)+$", text):
        raise UnreadableNumber("its commas are neither thousands separators (1,000,000) nor one "
                               "decimal comma (0,5)")
    else:
        raise UnreadableNumber("it is not a number")
    return number + 0.0  # -0 is 0


def parse_number(typed: str, kind: Kind) -> float:
    """Read a number the way a person writes it.

    Accepts thousands separators (commas, spaces or underscores in groups of three), a decimal
    comma where it cannot be a thousands separator ("0,5"), scientific notation, a percent sign
    (for rates) and "1 in N" with N at least 1 (for rates). Never guesses: "1,2,3" or "1 i n 5"
    raise :class:`UnreadableNumber` (a ValueError) saying what is wrong. "-0" reads as 0.

    >>> parse_number("2%", "rate"), parse_number("1 in 6,000", "rate"), parse_number("1.6e9", "count")
    (0.02, 0.00016666666666666666, 1600000000.0)
    >>> parse_number("0,5", "rate"), parse_number("1 000 000", "count"), parse_number("-0", "rate")
    (0.5, 1000000.0, 0.0)
    >>> parse_number("1 in 0", "rate")
    Traceback (most recent call last):
    ...
    facenumbers.calculators.controls.UnreadableNumber: after "1 in" give a number of at least 1 (1 in 0 would be more than 100%)
    """
    text = " ".join(str(typed).split()).lower()
    if not text:
        raise UnreadableNumber("it is empty")
    if kind == "rate" and text.endswith("%"):
        return _read_plain(text[:-1].strip()) / 100 + 0.0
    match = _ONE_IN.match(text)
    if kind == "rate" and match:
        n = _read_plain(match.group(1).strip())
        if not n >= 1:  # also NaN
            raise UnreadableNumber(f'after "1 in" give a number of at least 1 ({text} would be '
                                   "more than 100%)")
        return 1 / n
    return _read_plain(text)


def format_value(value: float, kind: Kind) -> str:
    """How a value appears in the text box.

    >>> format_value(170000, "count"), format_value(0.0001, "rate"), format_value(0.5, "rate")
    ('170,000', '0.0001', '0.5')
    """
    value = require_number(value, "value")
    if kind == "count":
        return f"{int(value):,}"
    return f"{value:.6g}"


class NumberInput(widgets.VBox):
    """A slider plus a text box for one bounded input, with a clear message for bad values."""

    def __init__(
        self,
        name: str,
        label: str,
        value: float,
        minimum: float,
        maximum: float,
        kind: Kind = "number",
        log: bool = False,
        help_text: str = "",
    ) -> None:
        self.name = name
        self.label = label
        self.kind = kind
        self.minimum = minimum
        self.maximum = maximum
        self._callbacks: list[Callable[[], None]] = []
        self._syncing = False
        self.value = self.validate(value)
        slider_kwargs: dict[str, Any] = dict(
            description="",
            continuous_update=True,
            readout=False,
            layout=widgets.Layout(width="260px"),
        )
        if log:
            low = math.log10(max(minimum, 1 if kind == "count" else 1e-12))
            self.slider: widgets.Widget = widgets.FloatLogSlider(
                value=self._slider_position(self.value),
                base=10,
                min=low,
                max=math.log10(maximum),
                step=(math.log10(maximum) - low) / 200,
                **slider_kwargs,
            )
        elif kind == "count":
            self.slider = widgets.IntSlider(
                value=int(self.value), min=int(minimum), max=int(maximum), **slider_kwargs
            )
        else:
            self.slider = widgets.FloatSlider(
                value=self.value,
                min=minimum,
                max=maximum,
                step=(maximum - minimum) / 200,
                **slider_kwargs,
            )
        self.slider.tooltip = label
        self.text = widgets.Text(
            value=format_value(self.value, kind),
            continuous_update=False,
            layout=widgets.Layout(width="150px"),
            tooltip=f"Type a value for {label}",
        )
        self.error = widgets.HTML(value="")
        title = widgets.HTML(
            value=f"<b>{html.escape(label)}</b>"
            + (f"<br><span style='font-size:90%'>{html.escape(help_text)}</span>" if help_text else ""),
            layout=widgets.Layout(width="300px"),
        )
        self.names = AccessibleNames(label, format_value(self.value, kind))
        self.slider.observe(self._on_slider, names="value")
        self.text.observe(self._on_text, names="value")
        super().__init__(
            [widgets.HBox([title, self.slider, self.text]), self.error, self.names],
            layout=widgets.Layout(margin="2px 0"),
        )
        self.add_class(AccessibleNames.BOX_CLASS)

    # -- values ---------------------------------------------------------------------------
    def allowed(self) -> str:
        """The allowed range, in words."""
        if self.kind == "rate":
            return f"from {format_percent(self.minimum)} to {format_percent(self.maximum)}"
        if self.kind == "count":
            return f"a whole number from {int(self.minimum):,} to {int(self.maximum):,}"
        return f"from {self.minimum:g} to {self.maximum:g}"

    def validate(self, value: object) -> float:
        """Return the cleaned value or raise ValueError naming this input and its range."""
        try:
            if self.kind == "rate":
                number = require_rate(value, self.name)
            elif self.kind == "count":
                number = require_count(value, self.name)
            else:
                number = require_number(value, self.name)
        except ValueError:
            raise ValueError(self._message(value)) from None
        if not self.minimum <= number <= self.maximum:
            raise ValueError(self._message(value))
        return number

    def _message(self, value: object) -> str:
        if isinstance(value, str):
            shown = value
        elif isinstance(value, int) and not isinstance(value, bool) and abs(value) >= 10**15:
            shown = f"a whole number of {len(str(abs(value)))} digits"
        elif isinstance(value, (int, float)) and not isinstance(value, bool) and math.isfinite(value):
            shown = format_value(value, "number")
        else:
            shown = repr(value)
        return f"{self.label} must be {self.allowed()}; you entered {shown!s}."

    def set(self, value: float) -> None:
        """Set the value from code (presets, tests); raises ValueError when out of range."""
        self.value = self.validate(value)
        self.error.value = ""
        self._show(self.value)
        self._changed()

    def set_enabled(self, enabled: bool) -> None:
        """Grey out the input (slider and text box) when it does not apply, or restore it."""
        self.slider.disabled = not enabled
        self.text.disabled = not enabled

    def on_change(self, callback: Callable[[], None]) -> None:
        """Call ``callback()`` after every accepted change."""
        self._callbacks.append(callback)

    # -- internals ------------------------------------------------------------------------
    def _slider_position(self, value: float) -> float:
        if isinstance(getattr(self, "slider", None), widgets.FloatLogSlider):
            return min(max(value, 10 ** self.slider.min), 10 ** self.slider.max)
        return value

    def _show(self, value: float) -> None:
        self._syncing = True
        try:
            self.text.value = format_value(value, self.kind)
            self.slider.value = self._slider_position(value) if self.kind != "count" or isinstance(
                self.slider, widgets.FloatLogSlider
            ) else int(value)
        finally:
            self._syncing = False

    def _changed(self) -> None:
        self.names.value_text = format_value(self.value, self.kind)
        for callback in self._callbacks:
            callback()

    def _is_snap(self, new: float) -> bool:
        """True when the slider only rounded the current value to its grid of steps.

        A browser slider snaps a value such as 170,000 to its nearest step and reports the
        snapped value back; that is not a person moving it, so the exact value is kept.
        """
        step = self.slider.step
        if isinstance(self.slider, widgets.FloatLogSlider):
            if self.value <= 0 or new <= 0:
                return False
            return abs(math.log10(new) - math.log10(self.value)) < step / 2 + 1e-12
        return abs(new - self.value) < step / 2 + 1e-12

    def _on_slider(self, change: Mapping[str, Any]) -> None:
        if self._syncing:
            return
        value = change["new"]
        if not isinstance(value, (int, float)) or not math.isfinite(value):
            # A slider set from code to NaN or infinity: refuse it and put the slider back.
            self.error.value = (f"<span role='alert' style='color:#B00020'>&#9888; "
                                f"{html.escape(self._message(value))} Keeping "
                                f"{html.escape(format_value(self.value, self.kind))}.</span>")
            self._show(self.value)
            return
        if self._is_snap(value):
            return
        nudged = False
        if self.kind == "count":
            value = int(round(value))
            old = change.get("old")
            if value == self.value and old is not None and change["new"] != old:
                # A log slider's step can be smaller than one whole number (k from 5 to 5.14):
                # a key press must still move the count, by one, the way the key points.
                value, nudged = int(self.value) + (1 if change["new"] > old else -1), True
        elif isinstance(self.slider, widgets.FloatLogSlider):
            value = float(f"{value:.3g}")
        value = min(max(value, self.minimum), self.maximum)
        self.value = value
        self.error.value = ""
        if nudged:
            self._show(value)  # the slider sits on the new whole number
        else:
            self._syncing = True
            try:
                self.text.value = format_value(value, self.kind)
            finally:
                self._syncing = False
        self._changed()

    def _on_text(self, change: Mapping[str, Any]) -> None:
        if self._syncing:
            return
        typed = change["new"]
        try:
            number = self.validate(parse_number(typed, self.kind))
        except ValueError as problem:
            message = self._message(_cut(typed))  # quote what was typed, not our reading of it
            if not str(typed).strip():
                message = f"{self.label} must be {self.allowed()}; the box is empty."
            elif isinstance(problem, UnreadableNumber):
                message = f"{message[:-1]}: {problem}."
            self.error.value = (
                f"<span role='alert' style='color:#B00020'>&#9888; {html.escape(message)} "
                f"Keeping {html.escape(format_value(self.value, self.kind))}.</span>"
            )
            return
        self.set(number)


@dataclass(frozen=True)
class Preset:
    """A named set of inputs, with where each value comes from."""

    label: str
    values: Mapping[str, Any]
    note: str = ""
    assumptions: tuple[str, ...] = field(default_factory=tuple)


@dataclass(frozen=True)
class Prediction:
    """What a calculator asks the learner to predict before moving anything.

    ``question`` is asked above the calculator; ``kind`` says how the answer is read (as a
    text box reads it: "15%" for a rate); ``minimum`` and ``maximum`` bound it. The calculator's
    :meth:`Calculator.compute` sets :attr:`Calculator.answer` to the quantity the question asks
    about, and the readout compares the two after every change.
    """

    question: str
    kind: Kind = "rate"
    minimum: float = 0.0
    maximum: float = 1.0


def read_prediction(prediction: Any, spec: Prediction) -> float:
    """A learner's prediction as a number, or ValueError naming the input and its range.

    >>> spec = Prediction("What share?", "rate")
    >>> read_prediction("15%", spec), read_prediction(0.2, spec)
    (0.15, 0.2)
    >>> read_prediction(15, spec)
    Traceback (most recent call last):
    ...
    ValueError: prediction must be from 0% to 100% (write 15% or 0.15 for fifteen percent); got 15.
    """
    require_instance(spec, Prediction, "spec", "a Prediction")
    if isinstance(prediction, bool):
        raise ValueError(f"prediction must be a number; got {prediction!r}.")
    if isinstance(prediction, str):
        try:
            number = parse_number(prediction, spec.kind)
        except ValueError:
            raise ValueError(f"prediction must be a number such as {_example(spec)}; got "
                             f"{prediction!r}.") from None
    else:
        try:
            number = float(prediction)
        except (TypeError, ValueError, OverflowError):
            raise ValueError(f"prediction must be a number such as {_example(spec)}; got "
                             f"{prediction!r:.40}.") from None
    if not math.isfinite(number) or not spec.minimum <= number <= spec.maximum:
        if spec.kind == "rate":
            raise ValueError("prediction must be from 0% to 100% (write 15% or 0.15 for "
                             f"fifteen percent); got {prediction!r:.40}.")
        raise ValueError(f"prediction must be from {_shown(spec.minimum, spec.kind)} to "
                         f"{_shown(spec.maximum, spec.kind)}; got {prediction!r:.40}.")
    return number


def _example(spec: Prediction) -> str:
    return "15% or 0.15" if spec.kind == "rate" else "1,000 or 1e6"


def _shown(value: float, kind: Kind) -> str:
    if kind == "rate":
        return format_percent(value)
    if kind == "count":
        return f"{value:,.0f}"
    return f"{value:.2f}"


def compare_prediction(predicted: float, actual: float, kind: Kind) -> str:
    """One sentence comparing a prediction with what the calculator shows.

    >>> compare_prediction(0.9, 0.153, "rate")
    'You predicted 90.0%; the calculator shows 15.3%: 74.7 percentage points lower than you thought.'
    >>> compare_prediction(1_000, 99_800, "count")
    'You predicted 1,000; the calculator shows 99,800: about 100 times as many as you thought.'
    >>> compare_prediction(0.9, 0.757, "number")
    'You predicted 0.90; the calculator shows 0.76: 0.14 lower than you thought.'
    """
    predicted = require_number(predicted, "predicted")
    if not (isinstance(actual, float) and math.isnan(actual)):
        actual = require_number(actual, "actual")
    if math.isnan(actual):
        return f"You predicted {_shown(predicted, kind)}; here the calculator shows no value."
    shown = f"You predicted {_shown(predicted, kind)}; the calculator shows {_shown(actual, kind)}"
    if kind == "number":
        gap = actual - predicted
        if abs(gap) < 0.05:
            return f"{shown}: close to what you thought."
        return f"{shown}: {abs(gap):.2f} {'higher' if gap > 0 else 'lower'} than you thought."
    if kind == "rate":
        gap = (actual - predicted) * 100
        if abs(gap) < 0.5:
            return f"{shown}: close to what you thought."
        direction = "higher" if gap > 0 else "lower"
        return f"{shown}: {abs(gap):.1f} percentage points {direction} than you thought."
    if predicted > 0 and actual > 0:
        ratio = actual / predicted
        if 0.8 <= ratio <= 1.25:
            return f"{shown}: close to what you thought."
        if ratio > 1:
            return f"{shown}: about {_times(ratio)} times as many as you thought."
        return f"{shown}: about {_times(1 / ratio)} times fewer than you thought."
    return f"{shown}."


def _times(ratio: float) -> str:
    """A ratio rounded to two significant figures, in words a sentence can use: 100, 2.5."""
    rounded = float(f"{ratio:.2g}")
    return f"{rounded:,.0f}" if rounded >= 10 else f"{rounded:g}"


class Calculator(widgets.VBox):
    """A calculator: presets, inputs, a readout, and a chart with a one-line summary.

    Subclasses set :attr:`inputs`, :attr:`presets` and :attr:`live` (a LiveChart), and
    implement :meth:`compute` (new readout HTML, summary text and chart update).
    """

    title: str = ""
    #: What the learner predicts before moving anything (None: the calculator asks nothing).
    prediction_spec: Prediction | None = None

    def __init__(
        self,
        inputs: list[NumberInput],
        presets: list[Preset],
        live: Any,
        intro: str = "",
        choices: Mapping[str, widgets.ValueWidget] | None = None,
        choices_layout: widgets.Widget | None = None,
        sections: Mapping[str, Sequence[str]] | None = None,
        below: Sequence[widgets.Widget] = (),
        prediction: Any = None,
    ) -> None:
        #: The quantity the prediction question asks about, set by :meth:`compute`.
        self.answer = math.nan
        self.predicted: float | None = None
        self.prediction_line = widgets.HTML()
        self._set_prediction(prediction)
        self.inputs = {box.name: box for box in inputs}
        self.choices = dict(choices or {})
        self.presets = {preset.label: preset for preset in presets}
        self.live = live
        #: Widgets under the chart (the policy simulator's harms and table), as given.
        self.below = tuple(below)
        self.readout = widgets.HTML(layout=widgets.Layout(min_height="80px"))
        self.summary = widgets.HTML()
        self.note = widgets.HTML()
        self.message = widgets.HTML()
        self.preset_picker = widgets.Dropdown(
            options=["(your own values)"] + list(self.presets),
            value="(your own values)",
            description="Preset:",
            layout=widgets.Layout(width="560px", max_width="100%"),
        )
        self._applying = False
        self.preset_picker.observe(self._on_preset, names="value")
        from facenumbers.calculators.settings import SettingsBox  # it imports this module
        #: The settings as one line to copy, and a box to paste one (calculators.settings).
        self.settings_box = SettingsBox(self)
        for box in inputs:
            box.on_change(self._on_input)
        for choice in self.choices.values():  # toggles, menus, checkboxes: no bad values
            choice.observe(lambda _change: self._on_input(), names="value")
        header = widgets.HTML(
            f"<h3 style='margin:4px 0'>{html.escape(self.title)}</h3>"
            + (f"<p style='margin:2px 0'>{intro}</p>" if intro else "")
        )
        # The chart column and the whole calculator fit the window where they can; where a
        # window is too narrow for a chart, the box scrolls and the keyboard reaches it.
        chart_column = widgets.VBox(**ScrollRegion.box_arguments(
            [live.widget, self.summary], f"Chart: {live.widget.spec.get('description', self.title)}",
            layout=widgets.Layout(flex="0 1 auto", max_width="100%")))
        controls = [*([choices_layout] if choices_layout is not None else self.choices.values()), *inputs]
        if sections:
            controls = self._sectioned(controls, sections)
        super().__init__(**ScrollRegion.box_arguments(
            [
                header,
                self.prediction_line,
                self.preset_picker,
                self.note,
                *controls,
                self.message,
                widgets.HBox([chart_column, self.readout], layout=widgets.Layout(flex_flow="row wrap")),
                *below,  # more output under the chart (the policy simulator's table)
                self.settings_box,
            ],
            self.title,
        ))
        self.refresh()

    def _sectioned(self, controls: list[widgets.Widget],
                   sections: Mapping[str, Sequence[str]]) -> list[widgets.Widget]:
        """Controls grouped into folding sections (an accordion), by input or choice name."""
        named = {**self.inputs, **self.choices}
        unknown = [n for names in sections.values() for n in names if n not in named]
        if unknown:
            raise ValueError(f"sections name an unknown input {unknown[0]!r}.")
        placed = {id(named[n]) for names in sections.values() for n in names}
        accordion = widgets.Accordion(
            children=[widgets.VBox([named[n] for n in names]) for names in sections.values()],
            titles=tuple(sections),
        )
        accordion.selected_index = 0
        return [c for c in controls if id(c) not in placed] + [accordion]

    def values(self) -> dict[str, Any]:
        """The current value of every input and choice, by name."""
        return {**{name: box.value for name, box in self.inputs.items()},
                **{name: choice.value for name, choice in self.choices.items()}}

    def set_values(self, **values: Any) -> None:
        """Set several inputs (and choices) at once from code, then redraw once."""
        self._applying = True
        try:
            for name, value in values.items():
                if name in self.choices:
                    self.choices[name].value = value
                elif name in self.inputs:
                    self.inputs[name].set(value)
                else:
                    known = ", ".join([*self.inputs, *self.choices])
                    raise ValueError(f"input must be one of {known}; got {name!r}.")
        finally:
            self._applying = False
        self.refresh()

    def apply_preset(self, label: str) -> None:
        """Load a preset by its label (as listed in the dropdown)."""
        if label not in self.presets:
            raise ValueError(f"preset must be one of {', '.join(self.presets)}; got {label!r}.")
        preset = self.presets[label]
        self.set_values(**preset.values)
        lines = [html.escape(preset.note)] if preset.note else []
        lines += [f"<i>Assumption:</i> {html.escape(a)}" for a in preset.assumptions]
        self.note.value = "<br>".join(lines)
        self._applying = True
        try:
            self.preset_picker.value = label
        finally:
            self._applying = False

    def refresh(self) -> None:
        """Recompute the readout, summary and chart from the inputs; never raises."""
        try:
            self.compute(self.values())
            self.message.value = ""
        except (ValueError, TypeError) as problem:
            self.message.value = (
                f"<span role='alert' style='color:#B00020'>&#9888; {html.escape(str(problem))}</span>"
            )
        except Exception as problem:  # noqa: BLE001 - a callback must never break the notebook
            self.message.value = (
                "<span role='alert' style='color:#B00020'>&#9888; These values could not be "
                f"computed ({html.escape(type(problem).__name__)}); the last result is kept. "
                "Change a value, or reload the calculator.</span>"
            )
        self._show_prediction()
        if hasattr(self, "settings_box"):
            self.settings_box.show()

    def settings_line(self) -> str:
        """The current settings as one line to copy (:mod:`facenumbers.calculators.settings`)."""
        from facenumbers.calculators.settings import settings_line
        return settings_line(self)

    def apply_settings_line(self, line: str) -> None:
        """Set what a settings line gives; ValueError, and nothing changed, if it is wrong."""
        from facenumbers.calculators.settings import apply_settings_line
        apply_settings_line(self, line)

    def _set_prediction(self, prediction: Any) -> None:
        """Read the learner's prediction; a bad one is reported, never raised."""
        self._prediction_problem = ""
        if self.prediction_spec is None or prediction is None or prediction is Ellipsis:
            return
        try:
            self.predicted = read_prediction(prediction, self.prediction_spec)
        except ValueError as problem:
            self._prediction_problem = str(problem)

    def _show_prediction(self) -> None:
        spec = self.prediction_spec
        if spec is None:
            return
        question = f"<b>Predict first:</b> {html.escape(spec.question)}"
        if self._prediction_problem:
            text = (f"{question} <span role='alert' style='color:#B00020'>&#9888; "
                    f"{html.escape(self._prediction_problem)}</span>")
        elif self.predicted is None:
            text = (f"{question} <i>Write your answer down first (in a notebook: "
                    f"<code>prediction = ...</code> in the cell above), then explore.</i>")
        else:
            text = (f"{question} "
                    f"{html.escape(compare_prediction(self.predicted, self.answer, spec.kind))}")
        self.prediction_line.value = f"<p style='margin:2px 0'>{text}</p>"

    def compute(self, values: dict[str, float]) -> None:  # pragma: no cover - abstract
        raise NotImplementedError

    def _on_input(self) -> None:
        if self._applying:
            return
        self.preset_picker.value = "(your own values)"
        self.note.value = ""
        self.refresh()

    def _on_preset(self, change: Mapping[str, Any]) -> None:
        if self._applying or change["new"] not in self.presets:
            return
        self.apply_preset(change["new"])
