"""Run a calculator and its static twin's JavaScript model on the same settings, and compare.

:func:`python_outcome` sets a real calculator (the widget a notebook shows) and reads what it
shows: the chart's parameters, every text block that changed, the answer the prediction is
compared with, which inputs are enabled, the options of its menus, and the message when the
values cannot be computed. :func:`js_outcomes` runs ``js/models/<function>.js`` in Node.js on
the same settings (``tests/twin_node.js``), and :func:`differences` lists where the two
disagree: numbers beyond 1e-9 relative, any other value or word.

:func:`sample_settings` draws the settings: every preset, then random values across each
input's whole range (log-uniform on a log slider), each choice at random, from a seed.
"""

from __future__ import annotations

import html
import json
import math
import random
import re
import shutil
import subprocess
from pathlib import Path
from typing import Any

import ipywidgets as widgets

from facenumbers import calculators
from facenumbers.twins import FUNCTIONS, SCRIPTS, on_grid, plain, twin_spec

NODE = shutil.which("node")
RELATIVE = 1e-9
_ALERT = re.compile(r"&#9888; (.*)</span>$", re.S)


def make(function: str) -> calculators.controls.Calculator:
    return getattr(calculators, function)()


def sample_settings(calc, count: int, seed: int) -> list[dict[str, Any]]:
    """Every preset's values (over the calculator's starting values), then ``count`` random."""
    spec = twin_spec(calc)
    start = {box["name"]: box["value"] for box in spec["inputs"]}
    start.update({c["name"]: c["value"] for c in spec["choices"]})
    settings = [{**start, **preset["values"]} for preset in spec["presets"]]
    rng = random.Random(seed)
    for _ in range(count):
        values = dict(start)
        for box in spec["inputs"]:
            values[box["name"]] = on_grid(_draw(rng, box), spec["grid"].get(box["name"]),
                                          box["minimum"], box["kind"])
        for choice in spec["choices"]:
            if choice["widget"] == "checkbox":
                values[choice["name"]] = rng.random() < 0.5
            else:
                values[choice["name"]] = rng.choice(choice["options"])[1]
        settings.append(values)
    return settings


def _draw(rng: random.Random, box: dict[str, Any]) -> float:
    low, high, kind = box["minimum"], box["maximum"], box["kind"]
    if rng.random() < 0.05:
        return low if rng.random() < 0.5 else high
    if box["slider"]["type"] == "log":
        floor = max(low, 1 if kind == "count" else 1e-12)
        value = 10 ** rng.uniform(math.log10(floor), math.log10(high))
        if low == 0 and rng.random() < 0.05:
            value = 0.0
    else:
        value = rng.uniform(low, high)
    if kind == "count":
        return int(min(max(round(value), low), high))
    return float(f"{min(max(value, low), high):.6g}")


def python_outcome(calc, values: dict[str, Any]) -> dict[str, Any]:
    """What the calculator shows after ``values`` are set (choices, view choices and inputs)."""
    spec_choices = {c["name"]: c for c in twin_spec_cache(calc)["choices"]}
    model_values = {}
    for name, value in values.items():
        choice = spec_choices.get(name)
        if choice is not None and choice["view"]:
            getattr(calc, name).value = value
        else:
            model_values[name] = value
    calc.set_values(**model_values)
    message = calc.message.value
    if message:
        found = _ALERT.search(message)
        return {"error": html.unescape(found.group(1)) if found else message}
    start = twin_spec_cache(calc)["html"]
    texts = {name: getattr(calc, name).value for name in start
             if name not in ("note", "message", "prediction_line")}
    return {
        "params": plain(calc.live.params),
        "html": texts,
        "answer": plain(calc.answer),
        "enabled": {name: not box.slider.disabled for name, box in calc.inputs.items()},
        "options": {c["name"]: [[label, plain(v)] for label, v in
                                zip(getattr(_choice_widget(calc, c["name"]), "_options_labels"),
                                    getattr(_choice_widget(calc, c["name"]), "_options_values"))]
                    for c in spec_choices.values() if c["widget"] != "checkbox"},
    }


def _choice_widget(calc, name: str) -> widgets.Widget:
    return calc.choices.get(name) or getattr(calc, name)


_SPECS: dict[int, dict[str, Any]] = {}


def twin_spec_cache(calc) -> dict[str, Any]:
    if id(calc) not in _SPECS:
        _SPECS[id(calc)] = twin_spec(calc)
    return _SPECS[id(calc)]


def js_outcomes(function: str, context: Any, settings: list[dict[str, Any]]) -> list[dict]:
    """The JavaScript model's results for each of ``settings``, run in Node.js."""
    job = json.dumps({"function": function, "scripts": SCRIPTS[function], "context": context,
                      "settings": plain(settings)}, allow_nan=False)
    script = Path(__file__).with_name("twin_node.js")
    done = subprocess.run([NODE, str(script)], input=job, capture_output=True, text=True,
                          timeout=300, check=True)
    return json.loads(done.stdout)


def js_as_outcome(js: dict[str, Any], python: dict[str, Any]) -> dict[str, Any]:
    """A JavaScript result in the shape of :func:`python_outcome`, for :func:`differences`."""
    if not js["ok"]:
        return {"error": js["error"] if js.get("input_error") else f"(not a learner's message) {js['error']}"}
    result = js["result"]
    enabled = {name: True for name in python.get("enabled", {})}
    enabled.update(result.get("enabled", {}))
    options = dict(python.get("options", {}))  # a model relabels a menu only when it changes
    options.update(result.get("options", {}))
    return {"params": result.get("params", {}), "html": result.get("html", {}),
            "answer": result.get("answer"), "enabled": enabled, "options": options}


def differences(expected: Any, actual: Any, where: str = "") -> list[str]:
    """Where ``actual`` differs from ``expected``: numbers within 1e-9 relative count as equal."""
    if isinstance(expected, bool) or isinstance(actual, bool):
        return [] if expected is actual else [f"{where}: expected {expected!r}, got {actual!r}"]
    if isinstance(expected, (int, float)) and isinstance(actual, (int, float)):
        if expected == actual or abs(expected - actual) <= RELATIVE * max(abs(expected), abs(actual)):
            return []
        return [f"{where}: expected {expected!r}, got {actual!r}"]
    if isinstance(expected, dict) and isinstance(actual, dict):
        found = []
        for key in sorted(set(expected) | set(actual)):
            if key not in actual:
                found.append(f"{where}.{key}: missing")
            elif key not in expected:
                found.append(f"{where}.{key}: not expected")
            else:
                found += differences(expected[key], actual[key], f"{where}.{key}")
        return found
    if isinstance(expected, list) and isinstance(actual, list):
        if len(expected) != len(actual):
            return [f"{where}: expected {len(expected)} items, got {len(actual)}"]
        return [d for i, (e, a) in enumerate(zip(expected, actual))
                for d in differences(e, a, f"{where}[{i}]")]
    return [] if expected == actual else [f"{where}: expected {expected!r}, got {actual!r}"]


def compare(function: str, count: int = 60, seed: int = 17) -> list[str]:
    """Every difference between the calculator and its twin's model, over sampled settings."""
    calc = make(function)
    context = twin_spec_cache(calc)["context"]
    settings = sample_settings(calc, count, seed)
    expected = [python_outcome(calc, values) for values in settings]
    got = js_outcomes(function, context, settings)
    found = []
    for values, python, js in zip(settings, expected, got):
        for problem in differences(python, js_as_outcome(js, python)):
            found.append(f"{json.dumps(plain(values))[:300]}: {problem[:600]}")
    return found


assert set(FUNCTIONS) == set(calculators.__all__)
