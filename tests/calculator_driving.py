"""Drive a calculator in a real page (JupyterLab or the Voila app) as a keyboard user would.

For every number input: focus its slider, press an arrow key, and wait until the calculator's
readout, table or chart changes. For every checkbox: press Space, and wait for a change. Then
type an impossible value in a text box and wait for the message naming the input; the
calculator must still show its readout and chart.
"""

from __future__ import annotations

from dataclasses import dataclass

from facenumbers import calculators

CHART = ".vega-embed svg"
TEXT_BOX = 'input[title^="Type a value for "]'


@dataclass(frozen=True)
class CalculatorFacts:
    """What Python knows about a calculator: its title, input labels, and one bad value."""

    name: str
    title: str
    labels: tuple[str, ...]
    bad_label: str
    bad_value: str


def facts(name: str) -> CalculatorFacts:
    """Title, input labels and an impossible value for the calculator ``name``."""
    calc = getattr(calculators, name)()
    boxes = list(calc.inputs.values())
    first = boxes[0]
    if first.kind == "rate":
        bad = "1000%"
    else:
        bad = f"{int(first.maximum * 10 + 1)}"
    return CalculatorFacts(name, calc.title, tuple(box.label for box in boxes), first.label, bad)


def calculator_root(page, title: str):
    """The calculator's own box: the innermost widget box holding its heading."""
    heading = page.locator("h3", has_text=title)
    return page.locator(".widget-vbox").filter(has=heading).last


def _state(page, root) -> str:
    return root.evaluate(
        "(el) => el.innerText + '|' + Array.from(el.querySelectorAll('.vega-embed svg'))"
        ".map(s => s.innerHTML.length + ':' + s.innerHTML.slice(0, 20000)).join('|')"
    )


def _wait_for_change(page, root, before: str, timeout_ms: int = 20_000) -> bool:
    try:
        page.wait_for_function(
            """([el, before]) => {
                const now = el.innerText + '|' + Array.from(el.querySelectorAll('.vega-embed svg'))
                  .map(s => s.innerHTML.length + ':' + s.innerHTML.slice(0, 20000)).join('|');
                return now !== before;
            }""",
            arg=[root.element_handle(), before], timeout=timeout_ms,
        )
        return True
    except Exception:
        return False


def _reveal(page, root, selector: str, index: int = 0) -> None:
    """Open the folding section (accordion) holding the ``index``-th match of ``selector``."""
    element = root.locator(selector).nth(index)
    if element.is_visible():
        return
    section = root.locator(".jupyter-widget-Collapse").filter(has=page.locator(selector)).last
    section.locator(".jupyter-widget-Collapse-header").first.click()
    element.wait_for(state="visible", timeout=10_000)


def move_every_control(page, info: CalculatorFacts) -> list[str]:
    """Press keys on every slider and checkbox; return the controls that changed nothing."""
    root = calculator_root(page, info.title)
    root.locator(CHART).first.wait_for(timeout=60_000)
    unchanged = []
    for label in info.labels:
        selector = f'input[title="Type a value for {label}"]'
        box = root.locator(selector)
        _reveal(page, root, selector)
        if box.is_disabled():
            continue  # greyed out: it does not apply in the calculator's current mode
        row = root.locator(".widget-hbox").filter(has=page.locator(selector)).last
        handle = row.locator('[role="slider"]').first
        handle.scroll_into_view_if_needed()
        value_before = box.input_value()
        before = _state(page, root)
        handle.focus()
        handle.press("ArrowRight")
        if not _wait_for_change(page, root, before, timeout_ms=8_000):
            handle.press("ArrowLeft")
            handle.press("ArrowLeft")  # it was at the top of its range
            if not _wait_for_change(page, root, before):
                unchanged.append(f"{label} (text box {value_before!r} -> {box.input_value()!r})")
    checkboxes = root.locator('input[type="checkbox"]')
    for index in range(checkboxes.count()):
        checkbox = checkboxes.nth(index)
        _reveal(page, root, 'input[type="checkbox"]', index)
        before = _state(page, root)
        checkbox.focus()
        checkbox.press("Space")
        if not _wait_for_change(page, root, before):
            unchanged.append(f"checkbox {index}")
    return unchanged


def type_an_impossible_value(page, info: CalculatorFacts) -> str:
    """Type a value out of range; return the message shown (raises if none appears)."""
    root = calculator_root(page, info.title)
    selector = f'input[title="Type a value for {info.bad_label}"]'
    box = root.locator(selector)
    _reveal(page, root, selector)
    box.fill(info.bad_value)
    box.press("Enter")
    message = root.locator('[role="alert"]', has_text=info.bad_label).first
    message.wait_for(timeout=20_000)
    return message.inner_text()
