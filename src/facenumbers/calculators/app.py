"""Every calculator of the course in one window, one tab each: the app ``make app`` serves.

Each tab has a short explanation (what the calculator answers, and which lesson it belongs
to) above the calculator itself, with its presets. The tabs are built from
:data:`CALCULATORS`, so a new calculator joins the app by adding one line there.

>>> [entry.function for entry in CALCULATORS][:2]
['share_of_population', 'how_unique']
"""

from __future__ import annotations

import html
from dataclasses import dataclass
from importlib import import_module

import ipywidgets as widgets

__all__ = ["CALCULATORS", "AppEntry", "calculator_app"]


@dataclass(frozen=True)
class AppEntry:
    """One tab: the calculator's function, its tab title, its lesson and what it answers."""

    function: str
    tab: str
    lesson: str
    question: str


CALCULATORS = (
    AppEntry("share_of_population", "Check a claim", "Lesson 00: Start here",
             "Does \"850 million people, about 65% of the population\" add up?"),
    AppEntry("how_unique", "How unique are you?", "Lesson 01: Real-name registration",
             "How many people share your sex, birth date and district? Few facts single most "
             "people out."),
    AppEntry("matcher", "The Matcher", "Lesson 02: Biometric identification",
             "How does a face match work: scores, a threshold, and two kinds of mistake."),
    AppEntry("threshold_explorer", "Threshold explorer", "Lesson 03: Error rates",
             "Move the threshold: who is refused and who gets through, group by group, at "
             "national scale."),
    AppEntry("alarm", "Alarm calculator", "Lesson 04: Base rates",
             "When a camera raises an alarm, how likely is it that the person is really on the "
             "watchlist?"),
    AppEntry("gallery_size", "Gallery size", "Lesson 05: Searching a gallery, and fairness",
             "Searching one face against millions: how many false matches per search?"),
    AppEntry("fairness_tradeoff", "Fair to whom?", "Lesson 05: Searching a gallery, and fairness",
             "Two groups with different base rates: can alarms be right as often, and innocent "
             "people flagged as rarely, in both?"),
    AppEntry("policy_simulator", "Policy simulator", "Lesson 06: Weighing registration policies",
             "Four ways to register new phone numbers, side by side: fraud stopped, honest "
             "people refused, faces stored."),
    AppEntry("breach_exposure", "Breach exposure", "Lesson 07: Breaches, function creep and the evidence",
             "A password can be changed after a breach; a face cannot. How many people stay "
             "exposed?"),
)


def _tab(entry: AppEntry) -> widgets.VBox:
    calculator = getattr(import_module("facenumbers.calculators"), entry.function)()
    intro = widgets.HTML(
        f"<p style='margin:4px 0'><b>{html.escape(entry.question)}</b></p>"
        f"<p style='margin:2px 0;color:#555'>From {html.escape(entry.lesson)}. Pick a preset, or "
        "move a slider (click it, then use the arrow keys) or type a value in the box beside it."
        "</p>"
    )
    return widgets.VBox([intro, calculator])


def calculator_app() -> widgets.Tab:
    """The app: a tab for every calculator, each with its explanation and presets.

    The first tab is built at once; each other tab is built the first time it is opened, so
    the page appears in a few seconds instead of waiting for every calculator.
    """
    placeholders = [widgets.VBox([widgets.HTML("<p>Loading the calculator...</p>")])
                    for _ in CALCULATORS]
    tabs = widgets.Tab(children=placeholders, titles=[entry.tab for entry in CALCULATORS])
    built: set[int] = set()

    def show(index: int | None) -> None:
        """Build the calculator of tab ``index`` the first time it is shown."""
        if index is None or index in built:
            return
        built.add(index)
        placeholders[index].children = (_tab(CALCULATORS[index]),)

    tabs.observe(lambda change: show(change["new"]), names="selected_index")
    tabs.selected_index = 0
    show(0)
    return tabs
