"""A calculator's settings as one line of text, to copy into a report and paste back.

A *settings line* names the calculator, then gives every input and choice as ``key=value``,
separated by ``;``. The keys are the inputs' Python names; the values are written the way the
text boxes read them ("170,000", "2%", "1 in 6,000", "yes", "equal PPV"), with as many digits
as it takes to read back exactly the value set (a rate is a percentage or "1 in N" only where
that reads back exactly; else a decimal). A preset, when one is showing, follows as a comment
after ``#``, and a line that names it shows it again with its note.
The line is plain ASCII (but for what a preset's label holds), with no tab or line break, so
it survives an email or a word processor. Reading a line back is tolerant: any spacing, any
order, keys in any case ("Hit rate" for ``hit_rate``); a line may give only some settings,
and the others keep their values. A line with any problem changes nothing and says what is
wrong. The same grammar runs in the website's twins (``twins/js/settings.js``), from
:func:`settings_spec`.

>>> from facenumbers.calculators import alarm
>>> calc = alarm()
>>> calc.settings_line()
'Alarm calculator (alarm): crowd_size=170,000; prevalence=1 in 1,000; hit_rate=90%; false_alert_rate=1 in 200'
>>> calc.apply_settings_line("alarm: Prevalence = 1 in 100; hit rate=80%")
>>> calc.values()["prevalence"], calc.values()["hit_rate"]
(0.01, 0.8)
>>> format_setting(1 / 6000, "rate"), format_setting(0.125, "rate"), format_setting(-0.2417, "number")
('1 in 6,000', '12.5%', '-0.2417')
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from decimal import Decimal
from importlib import import_module
from typing import Any

import anywidget
import ipywidgets as widgets
import traitlets

from facenumbers.calculators.controls import Calculator, UnreadableNumber, parse_number
from facenumbers.models.validation import require_instance, require_number

__all__ = ["SettingsBox", "apply_settings_line", "format_setting", "parse_settings_line",
           "read_settings_line", "settings_line", "settings_spec", "view_choices"]

#: Characters that carry the grammar, which no key or value may hold.
GRAMMAR = (":", ";", "=", "#")
#: A "1 in N" form is used up to this N.
LARGEST_ONE_IN = 10**15
_YES, _NO = ("yes", "true", "on"), ("no", "false", "off")
_MINUS = str.maketrans({"\u2212": "-", "\u2013": "-", "\u2018": "'", "\u2019": "'"})


def _cut(text: str, limit: int = 60) -> str:
    return text if len(text) <= limit else text[:limit] + "..."


# -- writing a value ----------------------------------------------------------------------
def _shortest(x: float) -> tuple[str, int]:
    """The digits and the exponent of the shortest decimal that reads back as ``x`` > 0."""
    _, digits, exponent = Decimal(repr(x)).as_tuple()
    text = "".join(map(str, digits))
    return text.rstrip("0") or "0", int(exponent) + len(text) - 1


def _decimal(digits: str, exponent: int, group: bool) -> str:
    """``d.ddd x 10^exponent`` as plain decimals (scientific beyond 1e-6 to 1e16)."""
    if -6 <= exponent < 16:
        if exponent >= 0:
            whole, part = digits[:exponent + 1].ljust(exponent + 1, "0"), digits[exponent + 1:]
        else:
            whole, part = "0", "0" * (-exponent - 1) + digits
        if group:
            whole = f"{int(whole):,}"
        return whole + ("." + part if part else "")
    return digits[0] + ("." + digits[1:] if len(digits) > 1 else "") + f"e{exponent}"


def format_setting(value: float, kind: str) -> str:
    """A value as a settings line writes it: exact, in a form the text boxes read.

    Counts get thousands separators; a rate below 1% that is exactly one in a whole number
    reads "1 in N", other rates a percentage when that reads back exactly; every other number
    has the fewest digits that read back as the same value.

    >>> format_setting(170000, "count"), format_setting(0.9, "rate"), format_setting(1e-13, "rate")
    ('170,000', '90%', '1 in 10,000,000,000,000')
    >>> format_setting(3.4567e-13, "rate"), format_setting(10000, "number"), format_setting(0, "rate")
    ('3.4567e-13', '10,000', '0%')
    """
    if kind not in ("count", "rate", "number"):
        raise ValueError(f"kind must be count, rate or number; got {kind!r:.40}.")
    number = require_number(value, "value")
    if kind == "count":
        if not number.is_integer():
            raise ValueError(f"value must be a whole number for a count; got {number!r}.")
        return f"{int(number):,}"
    if number == 0:
        return "0%" if kind == "rate" else "0"
    digits, exponent = _shortest(abs(number))
    if kind == "rate" and 0 < number <= 1:
        if number < 0.01:
            n = round(1 / number)
            if 1 <= n <= LARGEST_ONE_IN and 1 / n == number:
                return f"1 in {n:,}"
        if exponent + 2 >= -6:
            text = _decimal(digits, exponent + 2, False) + "%"
            if parse_number(text, "rate") == number:
                return text
    return ("-" if number < 0 else "") + _decimal(digits, exponent, kind == "number")


def _option_text(value: object) -> str:
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, str):
        return value
    raise ValueError(f"a settings line can hold a choice of yes/no or of words; got {value!r:.40}.")


# -- what a calculator's line holds --------------------------------------------------------
def view_choices(calc: Calculator) -> dict[str, widgets.ValueWidget]:
    """Menus, toggles and checkboxes that change what ``calc`` shows without being inputs of its
    model (the policy simulator's two harms of the weight-ratio chart), by attribute name."""
    require_instance(calc, Calculator, "calc", "a calculator")
    model = [id(w) for w in calc.choices.values()] + [id(calc.preset_picker)]
    return {name: w for name, w in vars(calc).items()
            if isinstance(w, (widgets.Dropdown, widgets.ToggleButtons, widgets.Checkbox))
            and id(w) not in model}


def _known() -> list[dict[str, str]]:
    """Every course calculator: its function, its name in a line (the app's tab) and title."""
    package = import_module("facenumbers.calculators")
    tabs = {entry.function: entry.tab for entry in import_module("facenumbers.calculators.app").CALCULATORS}
    found = []
    for function in [*tabs, *(f for f in package.__all__ if f not in tabs)]:  # the course's order
        factory = getattr(package, function)
        made = factory.__annotations__.get("return")
        kind = getattr(import_module(factory.__module__), made) if isinstance(made, str) else made
        found.append({"function": function, "name": tabs.get(function, kind.title),
                      "title": kind.title, "class": f"{kind.__module__}.{kind.__qualname__}"})
    return found


def _identity(calc: Calculator) -> dict[str, str]:
    made = f"{type(calc).__module__}.{type(calc).__qualname__}"
    for entry in _known():
        if entry["class"] == made:
            return entry
    name = " ".join(calc.title.replace(":", " -").split()) or type(calc).__name__
    return {"function": "", "name": name, "title": calc.title, "class": made}


def _header(entry: Mapping[str, str]) -> str:
    return f"{entry['name']} ({entry['function']})" if entry["function"] else entry["name"]


def settings_spec(calc: Calculator) -> dict[str, Any]:
    """Everything the grammar needs about ``calc``, as JSON data (the twin reads it).

    ``fields`` lists each setting in the order a line gives them: number inputs (with kind,
    label and range), then choices (``flag`` for a checkbox, ``option`` with its
    ``[text, value, label]`` triples for a menu or toggle), then view choices.
    """
    require_instance(calc, Calculator, "calc", "a calculator")
    fields: list[dict[str, Any]] = [
        {"key": name, "type": "number", "kind": box.kind, "label": box.label,
         "minimum": box.minimum, "maximum": box.maximum, "allowed": box.allowed()}
        for name, box in calc.inputs.items()]
    views = view_choices(calc)
    for name, widget in [*calc.choices.items(), *views.items()]:
        field: dict[str, Any] = {"key": name, "view": name in views}
        if isinstance(widget, widgets.Checkbox):
            field["type"] = "flag"
        else:
            field["type"] = "option"
            field["options"] = [[_option_text(value), value, label] for label, value in
                                zip(widget._options_labels, widget._options_values)]
        fields.append(field)
    identity = _identity(calc)
    known = [{k: e[k] for k in ("function", "name", "title")} for e in _known()]
    if not identity["function"]:
        known.append({k: identity[k] for k in ("function", "name", "title")})
    return {"function": identity["function"], "name": identity["name"],
            "header": _header(identity), "fields": fields, "known": known}


def _current(calc: Calculator) -> dict[str, Any]:
    return {**calc.values(), **{name: w.value for name, w in view_choices(calc).items()}}


def settings_line(calc: Calculator) -> str:
    """The current settings of ``calc`` as one line (see the module's docstring)."""
    spec = settings_spec(calc)
    values = _current(calc)
    parts = []
    for field in spec["fields"]:
        value = values[field["key"]]
        text = (format_setting(value, field["kind"]) if field["type"] == "number"
                else _option_text(value))
        parts.append(f"{field['key']}={text}")
    line = f"{spec['header']}: {'; '.join(parts)}"
    if calc.preset_picker.value in calc.presets:
        line += f" # preset: {' '.join(calc.preset_picker.value.split())}"
    return line


# -- reading a line -----------------------------------------------------------------------
def _which(header: str, known: list[dict[str, str]]) -> dict[str, str] | None:
    """The calculator a line's header names: its function in brackets, or its name or title."""
    text = header.lower()
    match = re.fullmatch(r"(.*?)\s*\(([^()]*)\)", text)
    candidates = [match.group(2).strip(), match.group(1).strip(), text] if match else [text]
    for candidate in candidates:
        for entry in known:
            names = [entry["name"].lower(), entry["title"].lower()]
            if candidate and (candidate == entry["function"] or candidate in names):
                return entry
    return None


def _key(text: str) -> str:
    return re.sub(r"[\s-]+", "_", text.strip().lower())


def _read_value(field: Mapping[str, Any], key: str, typed: str, calc: Calculator) -> Any:
    """One setting's value, or ValueError naming the setting and what it accepts."""
    typed = typed.translate(_MINUS)
    if field["type"] == "number":
        stem = f"{key}: {field['label']} must be {field['allowed']}; you entered {_cut(typed)}"
        try:
            return calc.inputs[key].validate(parse_number(typed, field["kind"]))
        except UnreadableNumber as problem:
            raise ValueError(f"{stem}: {problem}.") from None
        except ValueError:
            raise ValueError(f"{stem}.") from None
    said = " ".join(typed.lower().split())
    if field["type"] == "flag":
        if said in _YES or said in _NO:
            return said in _YES
        raise ValueError(f"{key} must be yes or no; you entered {_cut(typed)}.")
    options = field["options"]
    for text, value, label in options:
        flag = isinstance(value, bool) and (said in _YES if value else said in _NO)
        if flag or said == text.lower() or (not isinstance(value, bool) and said == label.lower()):
            return value
    texts = [text for text, _, _ in options]
    allowed = texts[0] if len(texts) == 1 else ", ".join(texts[:-1]) + " or " + texts[-1]
    raise ValueError(f"{key} must be {allowed}; you entered {_cut(typed)}.")


def _split(line: object, spec: Mapping[str, Any]) -> tuple[dict[str, str] | None, str, str, str]:
    """The calculator a line names (None if none), its header as typed, the rest, the comment."""
    if not isinstance(line, str):
        raise ValueError(f"line must be text, a settings line such as \"{spec['header']}: ...\"; "
                         f"got a {type(line).__name__}.")
    body, _, comment = " ".join(line.split()).partition("#")
    body = body.strip()
    if not body:
        raise ValueError(f"The settings line is empty: paste a line that starts with "
                         f"\"{spec['header']}:\".")
    colon, equals = body.find(":"), body.find("=")
    if colon < 0 or 0 <= equals < colon:
        raise ValueError(f"The settings line must start with the calculator's name and a colon: "
                         f"\"{spec['header']}:\".")
    header = body[:colon].strip()
    return _which(header, spec["known"]), header, body[colon + 1:], comment.strip()


def _parts(line: object, spec: Mapping[str, Any]) -> tuple[dict[str, str], str]:
    """The line's settings as typed (by key) and its comment; ValueError for a bad line."""
    entry, header, rest, comment = _split(line, spec)
    if entry is None:
        raise ValueError(f"This line is for \"{_cut(header)}\", which is not this calculator: "
                         f"a line for {spec['name']} starts with \"{spec['header']}:\".")
    if spec["function"] and entry["function"] != spec["function"]:
        raise ValueError(f"This line is for {entry['name']} ({entry['function']}), not for "
                         f"{spec['name']} ({spec['function']}): paste it into {entry['name']}.")
    keys = {field["key"]: field for field in spec["fields"]}
    typed: dict[str, str] = {}
    for part in (p.strip() for p in rest.split(";")):
        if not part:
            continue
        if "=" not in part or not part.split("=", 1)[0].strip():
            raise ValueError(f"The settings line cannot be read at \"{_cut(part)}\": each setting "
                             "is a name, \"=\" and a value, and \";\" separates settings.")
        name, value = (p.strip() for p in part.split("=", 1))
        key = _key(name)
        if key not in keys:
            raise ValueError(f"The settings line names an unknown setting \"{_cut(name)}\": the "
                             f"settings of {spec['name']} are {', '.join(keys)}.")
        if key in typed:
            raise ValueError(f"The settings line gives {key} twice: give each setting once.")
        if not value:
            raise ValueError(f"The setting {key} has no value after \"=\".")
        typed[key] = value
    if not typed:
        raise ValueError(f"The settings line gives no settings after \"{_cut(header)}:\".")
    return typed, comment


def read_settings_line(calc: Calculator, line: str) -> tuple[dict[str, Any], str | None]:
    """The settings a line gives for ``calc`` (checked, nothing set), and the preset it names.

    The preset is the one the line's comment names, if its values are all as the line leaves
    them (else None). Raises ValueError with the message a learner sees.
    """
    spec = settings_spec(calc)
    typed, comment = _parts(line, spec)
    fields = {field["key"]: field for field in spec["fields"]}
    values = {key: _read_value(fields[key], key, text, calc) for key, text in typed.items()}
    preset = None
    named = re.fullmatch(r"preset\s*:\s*(.+)", comment, flags=re.IGNORECASE)
    if named:
        after = {**_current(calc), **values}
        for label, found in calc.presets.items():
            if " ".join(label.lower().split()) == named.group(1).lower() and all(
                    after.get(k) == v for k, v in found.values.items()):
                preset = label
    return values, preset


def apply_settings_line(calc: Calculator, line: str) -> None:
    """Set every setting a line gives (all, or none if anything is wrong: ValueError)."""
    values, preset = read_settings_line(calc, line)
    views = view_choices(calc)
    for name, value in values.items():
        if name in views:
            views[name].value = value
    calc.set_values(**{k: v for k, v in values.items() if k not in views})
    if preset is not None:
        calc.apply_preset(preset)
    else:
        calc._applying = True
        try:
            calc.preset_picker.value = calc.preset_picker.options[0]
        finally:
            calc._applying = False
        calc.note.value = ""


def parse_settings_line(line: str, calc: Calculator | None = None) -> tuple[str, dict[str, Any]]:
    """The calculator a line names (its function, such as ``"alarm"``) and the values it gives.

    Without ``calc``, the calculator the line names is made, to read the values with.

    >>> parse_settings_line("Gallery size (gallery_size): gallery_size=1.6e9; false_match_rate=1e-9")
    ('gallery_size', {'gallery_size': 1600000000, 'false_match_rate': 1e-09})
    """
    if calc is None:
        known = _known()
        generic = {"function": "", "name": "a course calculator", "known": known, "fields": [],
                   "header": _header(known[0])}
        entry, header, _, _ = _split(line, generic)
        if entry is None:
            raise ValueError(f"This line is for \"{_cut(header)}\", which is not one of the "
                             f"course's calculators: {', '.join(_header(e) for e in known)}.")
        calc = getattr(import_module("facenumbers.calculators"), entry["function"])()
    require_instance(calc, Calculator, "calc", "a calculator")
    values, _ = read_settings_line(calc, line)
    return _identity(calc)["function"], values


def _applied(given: int, total: int) -> str:
    """What Apply says: "Applied all 4 settings." or "Applied 1 setting; the other 3 keep ..."."""
    if given == total:
        return f"Applied all {total} settings." if total != 1 else "Applied the setting."
    return (f"Applied {given} setting{'s' if given != 1 else ''}; the other {total - given} "
            "keep their values.")


# -- the widget ---------------------------------------------------------------------------
_ESM = """
let made = 0;
function render({ model, el }) {
  const id = `ftn-settings-${Date.now().toString(36)}-${++made}`;
  const make = (tag, attributes = {}, text = "") => {
    const node = document.createElement(tag);
    for (const [key, value] of Object.entries(attributes)) node.setAttribute(key, value);
    if (text) node.textContent = text;
    return node;
  };
  const details = make("details", { class: "ftn-settings", style: "margin:6px 0;border:1px solid #d0d7de;border-radius:4px;padding:2px 8px" });
  details.appendChild(make("summary", { style: "cursor:pointer;font-weight:bold" },
    "Settings: copy them as one line, or paste a line"));
  const row = (children) => {
    const box = make("div", { style: "display:flex;flex-wrap:wrap;gap:4px 8px;align-items:center;margin:4px 0" });
    for (const child of children) box.appendChild(child);
    details.appendChild(box);
  };
  const line = make("input", { type: "text", id: `${id}-line`, "aria-readonly": "true", spellcheck: "false",
                               autocomplete: "off", style: "flex:1 1 30em;min-width:12em;font-family:monospace" });
  const copy = make("button", { type: "button", class: "jupyter-button", "aria-describedby": `${id}-copied` }, "Copy");
  const copied = make("span", { id: `${id}-copied`, "aria-live": "polite", style: "color:#1b5e20" });
  row([make("label", { for: `${id}-line` }, "These settings:"), line, copy, copied]);
  const pasted = make("input", { type: "text", id: `${id}-paste`, spellcheck: "false", autocomplete: "off",
                                 "aria-describedby": `${id}-message`, placeholder: "paste a settings line here",
                                 style: "flex:1 1 30em;min-width:12em;font-family:monospace" });
  const apply = make("button", { type: "button", class: "jupyter-button" }, "Apply");
  row([make("label", { for: `${id}-paste` }, "Paste settings:"), pasted, apply]);
  const message = make("div", { id: `${id}-message`, "aria-live": "polite" });
  details.appendChild(message);
  el.appendChild(details);

  const showLine = () => { line.value = model.get("line"); };
  // The line box is read-only in effect: whatever is typed in it goes back to the line; it is
  // not marked readonly, so that JupyterLab's shortcuts leave its keys alone.
  line.addEventListener("input", showLine);
  line.addEventListener("focus", () => line.select());
  line.addEventListener("click", () => line.select());
  copy.addEventListener("click", async () => {
    line.focus();
    line.select();
    let done = false;
    try {
      if (navigator.clipboard && window.isSecureContext) {
        await navigator.clipboard.writeText(model.get("line"));
        done = true;
      } else done = document.execCommand("copy");
    } catch (problem) { done = false; }
    copied.textContent = done ? "Copied." : "Selected: press Ctrl+C (Cmd+C on a Mac) to copy.";
  });
  const showMessage = () => {
    const text = model.get("message");
    message.textContent = "";
    if (!text) return;
    const span = make("span", model.get("problem") ? { role: "alert", style: "color:#B00020" }
                                                   : { style: "color:#1b5e20" });
    span.textContent = (model.get("problem") ? "\\u26A0 " : "") + text;
    message.appendChild(span);
  };
  pasted.value = model.get("pasted");
  const send = () => {
    model.set("pasted", pasted.value);
    model.set("requests", model.get("requests") + 1);
    model.save_changes();
  };
  pasted.addEventListener("input", () => { model.set("pasted", pasted.value); model.save_changes(); });
  pasted.addEventListener("keydown", (event) => { if (event.key === "Enter") send(); });
  apply.addEventListener("click", send);
  const showPasted = () => { if (pasted.value !== model.get("pasted")) pasted.value = model.get("pasted"); };
  showLine();
  showMessage();
  model.on("change:line", showLine);
  model.on("change:message", showMessage);
  model.on("change:problem", showMessage);
  model.on("change:pasted", showPasted);
  return () => {
    model.off("change:line", showLine);
    model.off("change:message", showMessage);
    model.off("change:problem", showMessage);
    model.off("change:pasted", showPasted);
  };
}
export default { render };
"""


class SettingsBox(anywidget.AnyWidget):
    """A calculator's settings row, folded away until opened: its line to copy (with a Copy
    button that uses the browser's clipboard), and a box to paste a line into, with Apply.

    :attr:`line` follows every change of the calculator; :attr:`pasted` is what the learner
    typed, kept after Apply; :attr:`message` says what Apply did, or what is wrong with the
    line (:attr:`problem`), in which case nothing changed.
    """

    _esm = _ESM
    line = traitlets.Unicode("").tag(sync=True)
    pasted = traitlets.Unicode("").tag(sync=True)
    message = traitlets.Unicode("").tag(sync=True)
    problem = traitlets.Bool(False).tag(sync=True)
    #: How many times Apply was pressed in the page: each press applies :attr:`pasted`.
    requests = traitlets.Int(0).tag(sync=True)

    def __init__(self, calc: Calculator) -> None:
        super().__init__()
        self._calc = calc
        calc.preset_picker.observe(lambda _change: self.show(), names="value")
        self.observe(lambda _change: self.apply(), names="requests")

    def show(self) -> None:
        """Write the calculator's current line into :attr:`line` (never raises)."""
        try:
            self.line = settings_line(self._calc)
        except Exception as problem:  # noqa: BLE001 - a callback must never break the notebook
            self.line = f"(these settings cannot be written as a line: {type(problem).__name__})"

    def apply(self, line: str | None = None) -> bool:
        """Apply ``line`` (by default what is pasted); True if it was applied, else the message
        says what is wrong and nothing changed."""
        if line is not None:
            self.pasted = line
        try:
            given = len(read_settings_line(self._calc, self.pasted)[0])
            apply_settings_line(self._calc, self.pasted)
        except ValueError as problem:
            self.problem, self.message = True, str(problem)
            return False
        total = len(settings_spec(self._calc)["fields"])
        self.problem = False
        self.message = _applied(given, total)
        self.show()
        return True
