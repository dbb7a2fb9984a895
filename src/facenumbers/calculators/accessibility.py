"""Invisible helpers that make the calculators usable with a keyboard and a screen reader.

ipywidgets gives no way to set ARIA attributes or ``tabindex`` from Python, so each helper is
a tiny anywidget that is placed inside the box it serves, finds that box in the page, and
sets the attributes there (again whenever the box redraws or changes size):

- :class:`AccessibleNames` names the slider and the text box of a
  :class:`~facenumbers.calculators.controls.NumberInput`.
- :class:`ScrollRegion` makes a box that has to scroll (a chart wider than a narrow window)
  reachable with the Tab key and named, so that a person who uses only the keyboard can
  scroll it with the arrow keys, and a screen reader says what it holds. A box that fits
  is left alone: no extra stop for the Tab key.

>>> region = ScrollRegion("Chart: Four registration policies")
>>> region.label, region.layout.display
('Chart: Four registration policies', 'none')
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import anywidget
import ipywidgets as widgets
import traitlets

__all__ = ["AccessibleNames", "ScrollRegion"]

# Shared by the helpers' JavaScript: wait until the helper's element is in the page inside its
# box (the closest element matching `selector`), then call found(box); returns a function that
# stops waiting. A helper is drawn before its box is attached to the page, hence the wait.
_WHEN_IN_PAGE = """
function whenInPage(el, selector, found) {
  let timer = null, delay = 20;
  const look = () => {
    const box = el.closest(selector);
    if (box) return found(box);
    timer = setTimeout(look, delay);  // not in the page yet: look again soon, then less often
    delay = Math.min(delay * 2, 1000);
  };
  look();
  return () => clearTimeout(timer);
}
"""


class AccessibleNames(anywidget.AnyWidget):
    """An invisible helper that names the slider and the text box of its :class:`NumberInput`.

    ipywidgets gives a slider's handle (``role="slider"``) no accessible name and no way to
    set one, and a text box only its tooltip (a ``title``); a screen reader would say
    "slider" with no name, and axe-core reports both. Placed inside the input's box, this
    helper sets ``aria-label`` to :attr:`label` on both, and the handle's ``aria-valuetext``
    to :attr:`value_text` (the value as the text box shows it: a log slider's own would be
    its exponent), and sets them again whenever the slider redraws.
    """

    _esm = _WHEN_IN_PAGE + """
function render({ model, el }) {
  let box = null, observer = null;
  const apply = () => {
    if (!box) return;
    const label = model.get("label"), valueText = model.get("value_text");
    for (const target of box.querySelectorAll('[role="slider"], input[type="text"]')) {
      if (target.getAttribute("aria-label") !== label) target.setAttribute("aria-label", label);
    }
    for (const handle of box.querySelectorAll('[role="slider"]')) {
      if (valueText && handle.getAttribute("aria-valuetext") !== valueText)
        handle.setAttribute("aria-valuetext", valueText);
    }
  };
  const attach = (found) => {
    box = found;
    observer = new MutationObserver(apply);
    observer.observe(box, { subtree: true, childList: true, attributes: true,
                            attributeFilter: ["aria-label", "aria-valuetext"] });
    apply();
  };
  model.on("change:label", apply);
  model.on("change:value_text", apply);
  const stopWaiting = whenInPage(el, ".facenumbers-number-input", attach);
  return () => {
    stopWaiting();
    if (observer) observer.disconnect();
    model.off("change:label", apply);
    model.off("change:value_text", apply);
  };
}
export default { render };
"""
    #: The CSS class of the box whose slider and text box the helper names.
    BOX_CLASS = "facenumbers-number-input"
    label = traitlets.Unicode("").tag(sync=True)
    value_text = traitlets.Unicode("").tag(sync=True)

    def __init__(self, label: str, value_text: str = "") -> None:
        super().__init__(label=label, value_text=value_text, layout=widgets.Layout(display="none"))


class ScrollRegion(anywidget.AnyWidget):
    """An invisible helper that makes its box keyboard-scrollable when the box overflows.

    Put it among the children of a box that has the class :attr:`BOX_CLASS` (use
    :meth:`box_arguments`). Whenever that box's content is wider or taller than the box (a chart
    in a narrow window), the box gets ``tabindex="0"``, ``role="region"`` and ``aria-label``
    = :attr:`label`, so the Tab key reaches it (WCAG 2.1.1, axe-core's rule
    ``scrollable-region-focusable``), and once it has the focus the arrow keys, Page Up/Down,
    Home and End scroll it (the helper scrolls it itself: JupyterLab's shortcuts would take
    the arrow keys first). When everything fits again, the three attributes are removed.
    """

    _esm = _WHEN_IN_PAGE + """
function render({ model, el }) {
  let box = null, resize = null, mutations = null;
  const overflows = () => box.scrollWidth > box.clientWidth + 1 || box.scrollHeight > box.clientHeight + 1;
  const apply = () => {
    if (!box) return;
    if (overflows()) {
      if (box.getAttribute("tabindex") !== "0") box.setAttribute("tabindex", "0");
      if (box.getAttribute("role") !== "region") box.setAttribute("role", "region");
      const label = model.get("label");
      if (box.getAttribute("aria-label") !== label) box.setAttribute("aria-label", label);
    } else if (box.hasAttribute("tabindex")) {
      for (const name of ["tabindex", "role", "aria-label"]) box.removeAttribute(name);
    }
  };
  // The keys scroll the box itself: JupyterLab's own shortcuts take the arrow keys before the
  // browser would, so the box cannot rely on the browser's scrolling.
  const step = 40;
  const moves = {
    ArrowLeft: () => [-step, 0], ArrowRight: () => [step, 0],
    ArrowUp: () => [0, -step], ArrowDown: () => [0, step],
    PageUp: () => [0, -0.9 * box.clientHeight], PageDown: () => [0, 0.9 * box.clientHeight],
    Home: () => [-box.scrollWidth, 0], End: () => [box.scrollWidth, 0],
  };
  const onKey = (event) => {
    const move = moves[event.key];
    if (event.target !== box || !move || event.altKey || event.ctrlKey || event.metaKey) return;
    const [left, top] = move();
    box.scrollBy({ left, top });
    event.preventDefault();
    event.stopPropagation();
  };
  const watchChildren = () => {
    resize.disconnect();
    resize.observe(box);
    for (const child of box.children) resize.observe(child);
    apply();
  };
  const attach = (found) => {
    box = found;
    resize = new ResizeObserver(apply);
    mutations = new MutationObserver(watchChildren);  // a chart drawn, a child replaced
    mutations.observe(box, { childList: true, subtree: true });
    box.addEventListener("keydown", onKey);
    watchChildren();
  };
  model.on("change:label", apply);
  const stopWaiting = whenInPage(el, ".facenumbers-scroll-region", attach);
  return () => {
    stopWaiting();
    if (resize) resize.disconnect();
    if (mutations) mutations.disconnect();
    if (box) box.removeEventListener("keydown", onKey);
    model.off("change:label", apply);
  };
}
export default { render };
"""
    #: The CSS class of the box the helper watches.
    BOX_CLASS = "facenumbers-scroll-region"
    label = traitlets.Unicode("").tag(sync=True)

    def __init__(self, label: str) -> None:
        super().__init__(label=label, layout=widgets.Layout(display="none"))

    @classmethod
    def box_arguments(cls, children: Sequence[widgets.Widget], label: str,
                      **arguments: Any) -> dict[str, Any]:
        """The arguments for a box of ``children`` that scrolls from the keyboard when it must:
        the children with a helper named ``label`` after them, and the class it looks for.

        The box is made with its helper in one step, so that the page never receives a change
        of the box's children while it is still drawing the box.

        >>> box = widgets.VBox(**ScrollRegion.box_arguments([widgets.HTML("wide")], "Chart: wide"))
        >>> ScrollRegion.BOX_CLASS in box._dom_classes, box.children[-1].label
        (True, 'Chart: wide')
        """
        classes = (*arguments.pop("_dom_classes", ()), cls.BOX_CLASS)
        return {"children": [*children, cls(label)], "_dom_classes": classes, **arguments}
