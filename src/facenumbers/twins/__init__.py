"""Static twins: every calculator as a web page part that computes in the browser, no kernel.

A twin is built from the calculator itself, the same object a notebook displays: its
widget tree (inputs with their labels, ranges, kinds and slider steps; choices; presets with
their notes and assumptions; the prediction question; the chart's Vega-Lite spec; the text
blocks around them) becomes a JSON description (:func:`twin_spec`), and the browser draws
that description with ``js/twin.js``. So the inputs, ranges, presets and labels are defined
once, in the calculator, and the twin cannot drift from the widget.

What the browser cannot take from Python is the arithmetic after every change. Each
calculator has a JavaScript model, ``js/models/<function>.js``, that computes exactly what the
Python calculator's ``compute`` sets: the chart's parameters, the readout, the summary and
every other text that changes, and the answer the prediction is compared with. The tests run
both on the same settings and require the same numbers (within 1e-9, relative) and the same
words (``tests/test_twin_models.py``, and in Chromium ``tests/test_site.py``).

Each twin also draws the calculator's settings row: its settings as one line to copy (with
a Copy button that uses the browser's clipboard) and a box to paste a line into. The grammar
is :mod:`facenumbers.calculators.settings`; the spec carries what it needs (``settings``), and
``js/settings.js`` writes and reads the same lines (``tests/test_settings_line.py``).

Some calculators need data that only Python makes (a seeded synthetic population, say):
``facenumbers.twins.<calculator module>.<function>(calc)`` returns it as the twin's
``context``, precomputed when the site is built; the twin says on the page what it
precomputed.

>>> from facenumbers.calculators import alarm
>>> spec = twin_spec(alarm())
>>> spec["function"], [box["name"] for box in spec["inputs"]][:2]
('alarm', ['crowd_size', 'prevalence'])
>>> spec["inputs"][0]["slider"]["type"], spec["presets"][0]["label"][:7]
('log', 'Cardiff')
"""

from __future__ import annotations

import html
import json
import math
from collections.abc import Mapping
from importlib import import_module
from importlib.resources import files
from pathlib import Path
from typing import Any

import ipywidgets as widgets

from facenumbers.calculators.accessibility import AccessibleNames, ScrollRegion
from facenumbers.calculators.controls import Calculator, NumberInput, format_value
from facenumbers.calculators.settings import SettingsBox, settings_spec, view_choices
from facenumbers.models.validation import require_number

__all__ = ["FUNCTIONS", "SCRIPTS", "function_of", "grid", "js_source", "on_grid", "plain", "twin_html",
           "twin_spec"]

#: Every calculator function of the package, by the module that defines it.
FUNCTIONS = {
    "share_of_population": "start_here",
    "how_unique": "real_name",
    "matcher": "biometrics",
    "threshold_explorer": "biometrics",
    "alarm": "base_rates",
    "gallery_size": "base_rates",
    "fairness_tradeoff": "fairness",
    "policy_simulator": "policy",
    "breach_exposure": "breaches",
}

#: The JavaScript files of each calculator's model, in the order they load (all under
#: ``js/models/``): shared parts first, the model itself last. The page (twin.js) and the
#: tests (tests/twin_node.js) both load them from this list.
SCRIPTS = {
    function: [*{"matcher": ["synthetic_faces.js"],
                 "threshold_explorer": ["synthetic_faces.js"],
                 "policy_simulator": ["policy_simulator_tables.js"]}.get(function, []),
               f"{function}.js"]
    for function in FUNCTIONS
}

#: The text blocks every calculator has, by the attribute that holds them.
_ROLES = ("readout", "summary", "note", "message", "prediction_line")


def function_of(calc: Calculator) -> str:
    """The name of the function that makes ``calc`` (``alarm`` for an AlarmCalculator)."""
    module = type(calc).__module__.rsplit(".", 1)[-1]
    for function, home in FUNCTIONS.items():
        if home == module:
            made = getattr(import_module(f"facenumbers.calculators.{home}"), function)
            if made.__annotations__.get("return") in (type(calc).__name__, type(calc)):
                return function
    raise ValueError(f"calc must be one of the course's calculators; got a {type(calc).__name__}.")


def plain(value: Any) -> Any:
    """A value as JSON can carry it: NaN and infinities become None, tuples lists."""
    if isinstance(value, float) and not math.isfinite(value):
        return None
    if isinstance(value, Mapping):
        return {str(k): plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [plain(v) for v in value]
    if hasattr(value, "item") and not isinstance(value, (str, bytes)):  # numpy scalars
        return plain(value.item())
    return value


def _slider(box: NumberInput) -> dict[str, Any]:
    slider = box.slider
    kind = ("log" if isinstance(slider, widgets.FloatLogSlider)
            else "int" if isinstance(slider, widgets.IntSlider) else "float")
    return {"type": kind, "min": slider.min, "max": slider.max,
            "step": getattr(slider, "step", 1), "value": slider.value}


def _input(box: NumberInput) -> dict[str, Any]:
    help_text = ""
    title = box.children[0].children[0].value  # "<b>label</b><br><span ...>help</span>"
    if "<br>" in title:
        help_text = html.unescape(title.split("<span style='font-size:90%'>", 1)[1][:-len("</span>")])
    return {"name": box.name, "label": box.label, "kind": box.kind, "minimum": box.minimum,
            "maximum": box.maximum, "value": box.value, "text": format_value(box.value, box.kind),
            "help": help_text, "allowed": box.allowed(), "enabled": not box.slider.disabled,
            "slider": _slider(box)}


def _options(widget: widgets.Widget) -> list[list[Any]]:
    labels = list(widget._options_labels)
    values = list(widget._options_values)
    return [[label, plain(value)] for label, value in zip(labels, values)]


def _choice(name: str, widget: widgets.Widget, view: bool) -> dict[str, Any]:
    if isinstance(widget, widgets.Checkbox):
        kind, options = "checkbox", []
    elif isinstance(widget, widgets.ToggleButtons):
        kind, options = "toggle", _options(widget)
    elif isinstance(widget, (widgets.Dropdown, widgets.RadioButtons)):
        kind, options = "dropdown", _options(widget)
    else:
        raise ValueError(f"a twin cannot draw a {type(widget).__name__} ({name}).")
    return {"type": "choice", "name": name, "widget": kind, "description": widget.description,
            "tooltip": getattr(widget, "tooltip", None) or "", "options": options,
            "value": plain(widget.value), "view": view}


class _Walker:
    """Turns a calculator's widget tree into the JSON layout the browser draws."""

    def __init__(self, calc: Calculator) -> None:
        self.calc = calc
        self.html_names = {id(w): n for n, w in vars(calc).items() if isinstance(w, widgets.HTML)}
        self.choice_names = {id(w): n for n, w in calc.choices.items()}
        self.view_names = {id(w): n for n, w in view_choices(calc).items()}
        self.choices: list[dict[str, Any]] = []

    def node(self, widget: widgets.Widget) -> dict[str, Any] | None:
        """The layout node of ``widget`` and its children; None for the invisible helpers."""
        calc = self.calc
        if isinstance(widget, (AccessibleNames, ScrollRegion)):
            return None
        if isinstance(widget, SettingsBox):
            return {"type": "settings"}
        if isinstance(widget, NumberInput):
            return {"type": "number", "name": widget.name}
        if widget is calc.preset_picker:
            return {"type": "presets"}
        if widget is calc.live.widget:
            return {"type": "chart"}
        if id(widget) in self.choice_names or id(widget) in self.view_names:
            view = id(widget) in self.view_names
            name = self.view_names[id(widget)] if view else self.choice_names[id(widget)]
            choice = _choice(name, widget, view)
            self.choices.append(choice)
            return choice
        if isinstance(widget, widgets.HTML):
            return {"type": "html", "id": self.html_names.get(id(widget)), "value": widget.value}
        if isinstance(widget, widgets.Accordion):
            return {"type": "accordion", "titles": list(widget.titles),
                    "children": [self.node(child) for child in widget.children]}
        if isinstance(widget, widgets.Box):
            layout = widget.layout
            scroll = next((c.label for c in widget.children if isinstance(c, ScrollRegion)), None)
            direction = "row" if isinstance(widget, (widgets.HBox, widgets.GridBox)) else "column"
            if isinstance(widget, widgets.GridBox):
                direction = "grid"
            return {"type": "box", "direction": direction,
                    "wrap": "wrap" in str(layout.flex_flow or ""), "scroll": scroll,
                    "children": [n for n in map(self.node, widget.children) if n is not None]}
        raise ValueError(f"a twin cannot draw a {type(widget).__name__}.")


def _module(function: str) -> Any:
    try:
        return import_module(f"facenumbers.twins.{FUNCTIONS[function]}")
    except ModuleNotFoundError:
        return None


def _context(calc: Calculator, function: str) -> Any:
    make = getattr(_module(function), function, None)
    return plain(make(calc)) if make is not None else {}


def grid(function: str) -> dict[str, dict[str, Any]]:
    """Inputs whose twin works from precomputed results, by name: ``{"step": s, "log": b}``.

    A twin snaps such an input to its grid and says so on the page; elsewhere it is exact.
    A linear grid (``GRIDS`` of the twin's module) has a value every ``s``; a log grid
    (``LOG_GRIDS``) has ``1 / s`` values per power of ten, counted from the input's minimum.
    """
    if function not in FUNCTIONS:
        raise ValueError(f"function must be one of {', '.join(FUNCTIONS)}; got {function!r:.60}.")
    module = _module(function)
    found = {name: {"step": step, "log": False}
             for name, step in getattr(module, "GRIDS", {}).get(function, {}).items()}
    found.update({name: {"step": step, "log": True}
                  for name, step in getattr(module, "LOG_GRIDS", {}).get(function, {}).items()})
    return found


def on_grid(value: float, entry: Mapping[str, Any] | None, minimum: float, kind: str) -> float:
    """``value`` snapped to a twin's grid (see :func:`grid`), as the page snaps it.

    >>> on_grid(1234, {"step": 0.1, "log": True}, 100, "count")
    1259
    >>> on_grid(0.437, {"step": 0.05, "log": False}, 0, "rate")
    0.45
    """
    if not entry:
        return value
    if not isinstance(entry, Mapping) or set(entry) != {"step", "log"}:
        raise ValueError(f"entry must be a grid entry such as {{'step': 0.1, 'log': True}}; "
                         f"got {entry!r:.60}.")
    value = require_number(value, "value")
    step = require_number(entry["step"], "step")
    if not step > 0:
        raise ValueError(f"step must be more than 0; got {step:g}.")
    if kind not in ("count", "rate", "number"):
        raise ValueError(f"kind must be count, rate or number; got {kind!r:.40}.")
    if entry["log"]:
        minimum = require_number(minimum, "minimum")
        if not (minimum > 0 and value > 0):
            raise ValueError("a log grid needs a minimum and a value above 0; got minimum "
                             f"{minimum:g} and value {value:g}.")
        per_decade = round(1 / step)
        low = math.log10(minimum)
        position = round((math.log10(value) - low) * per_decade)
        snapped = 10 ** (low + position / per_decade)
    else:
        snapped = round(value / step) * step
    return int(round(snapped)) if kind == "count" else float(f"{snapped:.12g}")


def twin_spec(calc: Calculator) -> dict[str, Any]:
    """Everything the browser needs to draw ``calc`` and compute it again, as JSON data."""
    if not isinstance(calc, Calculator):
        raise ValueError(f"calc must be one of the course's calculators; got a "
                         f"{type(calc).__name__}.")
    function = function_of(calc)
    walker = _Walker(calc)
    layout = walker.node(calc)
    spec = calc.prediction_spec
    chart = calc.live.widget
    return {
        "function": function,
        "title": calc.title,
        "layout": layout,
        "inputs": [_input(box) for box in calc.inputs.values()],
        "choices": walker.choices,
        "presets": [{"label": p.label, "values": plain(dict(p.values)), "note": p.note,
                     "assumptions": list(p.assumptions)} for p in calc.presets.values()],
        "preset": calc.preset_picker.value,
        "prediction": None if spec is None else {
            "question": spec.question, "kind": spec.kind, "minimum": spec.minimum,
            "maximum": spec.maximum},
        "chart": {"spec": plain(chart.spec), "params": plain(calc.live.params)},
        "html": {name: getattr(calc, name).value for name in set(walker.html_names.values())},
        "answer": plain(calc.answer),
        "context": _context(calc, function),
        "grid": grid(function),
        "settings": settings_spec(calc),
        "scripts": [f"models/{name}" for name in SCRIPTS[function]],
    }


_JS = Path(str(files("facenumbers.twins").joinpath("js")))


def js_source(name: str) -> str:
    """The text of one of the twins' JavaScript files (``format.js``, ``models/alarm.js``)."""
    known = sorted(str(p.relative_to(_JS)) for p in _JS.rglob("*") if p.is_file())
    if name not in known:
        raise ValueError(f"name must be one of the twins' files ({', '.join(known)}); "
                         f"got {name!r:.60}.")
    return (_JS / name).read_text(encoding="utf-8")


def twin_html(calc: Calculator) -> str:
    """The HTML a web page holds for ``calc``: the twin's spec, and what shows without scripts.

    The page's scripts (``twin.js`` and the model) draw it; without them the reader sees the
    calculator's title and a line saying that it needs JavaScript.
    """
    spec = twin_spec(calc)
    data = json.dumps(spec, ensure_ascii=False, allow_nan=False).replace("</", "<\\/")
    return (
        f'<div class="ftn-twin" data-function="{spec["function"]}">'
        f'<script type="application/json" class="ftn-twin-spec">{data}</script>'
        f'<noscript><p><b>{html.escape(calc.title)}</b>: this calculator runs in your browser '
        "and needs JavaScript.</p></noscript></div>"
    )
