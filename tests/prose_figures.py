"""Figures that a lesson's prose takes from a data table, and how the prose must show them.

Each :class:`Figure` names a notebook, a table row and column, how the prose renders the value
("count": 2,470; "millions": 854 million; "percent1": 61.2%; ...) and a **context**: a regular
expression that finds the figure in the prose, with the number as its first group. Every match
of the context must show the table's value: so a prose figure that drifts from its table (or a
table corrected without its prose) fails.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from facenumbers import data
from source_rules import ROOT, prose


def _render(value: float, style: str) -> str:
    if style == "count":
        return f"{value:,.0f}"
    if style == "millions":
        return f"{value / 1e6:,.10g} million"
    if style.startswith("billions"):
        return f"{value / 1e9:.{int(style[-1])}f} billion"
    if style.startswith("percent"):
        return f"{value * 100:.{int(style[-1])}f}%"
    raise ValueError(f"style must be count, millions, billionsN or percentN; got {style!r}.")


def _flat(text: str) -> str:
    """Prose with markdown emphasis removed and all whitespace as single spaces."""
    return re.sub(r"\s+", " ", text.replace("**", "").replace("*", ""))


@dataclass(frozen=True)
class Figure:
    """One figure in a notebook's prose and the table row it comes from."""

    notebook: str
    table: str
    row: tuple[tuple[str, str], ...]
    column: str
    style: str
    context: str

    @property
    def id(self) -> str:
        key = "-".join(v for _, v in self.row)
        return f"{self.notebook.split('/')[-1][:2]}-{self.table}-{key}"

    def table_value(self) -> float:
        table = data.load(self.table)
        mask = True
        for column, wanted in self.row:
            mask = mask & (table[column].astype(str) == wanted)
        rows = table[mask]
        if len(rows) != 1:
            raise ValueError(f"{self.id}: {len(rows)} rows match {self.row} in {self.table}.")
        return float(rows[self.column].iloc[0])

    def rendered(self) -> str:
        return _render(self.table_value(), self.style)

    def wrong_rendering(self) -> str:
        """The table's value nudged, rendered the same way (for the test that must fail)."""
        return _render(self.table_value() * 1.1 + 1e-9, self.style)


def figure_problems(figure: Figure, text: str | None = None) -> list[str]:
    """What is wrong with one figure in its notebook's prose (an empty list if nothing)."""
    text = _flat(prose(ROOT / figure.notebook) if text is None else text)
    expected = figure.rendered()
    found = [m.group(1) for m in re.finditer(figure.context, text)]
    if not found:
        return [f"{figure.id}: the context {figure.context!r} is not in {figure.notebook}"]
    return [
        f"{figure.id}: {figure.notebook} shows {shown!r} where {figure.table} gives {expected!r}"
        for shown in found if shown != expected
    ]


def _m(measure: str) -> tuple[tuple[str, str], ...]:
    return (("measure", measure),)


L00 = "lessons/00-start-here.ipynb"
L01 = "lessons/01-real-name-registration.ipynb"
L04 = "lessons/04-base-rates.ipynb"
NUMBER = r"(\d[\d,.]*(?: million| billion|%)?)"

FIGURES: tuple[Figure, ...] = (
    Figure(L00, "china_2019", _m("population_end_2019"), "value", "billions5",
           r"People in mainland China \| " + NUMBER),
    Figure(L00, "china_2019", _m("internet_users_jun_2019"), "value", "millions",
           r"Internet users in China \| " + NUMBER),
    Figure(L00, "china_2019", _m("internet_penetration_jun_2019"), "value", "percent1",
           r"Internet users in China \| \d+ million \(" + NUMBER),
    Figure(L00, "china_2019", _m("mobile_internet_users_jun_2019"), "value", "millions",
           r"going online from a mobile phone \| " + NUMBER),
    Figure(L00, "china_2019", _m("mobile_subscriptions_jun_2019"), "value", "billions2",
           r"Mobile phone subscriptions \| " + NUMBER),
    Figure(L00, "china_2019", _m("population_end_2018"), "value", "millions",
           r"population at the end of 2018, (\d[\d,.]* million)"),
    Figure(L00, "china_2019", _m("articles_claim_users"), "value", "millions",
           r"\"more than (\d+ million) people\""),
    Figure(L01, "china_real_name_2016", _m("coverage_may_2016"), "value", "percent0",
           r"MIIT said " + NUMBER + " of phone users were registered"),
    Figure(L01, "sim_registration_world", _m("countries_mandatory_jan_2020"), "value", "count",
           r"(\d+) countries had mandatory SIM registration in January 2020"),
    Figure(L01, "sim_registration_world", _m("countries_mandatory_2021"), "value", "count",
           r"the GSMA counted (\d+) in 2021"),
    Figure(L01, "sim_registration_world", _m("prepaid_share_world"), "value", "percent0",
           NUMBER + r" of mobile subscriptions in the world are prepaid"),
    Figure(L01, "sim_registration_world", _m("prepaid_share_africa"), "value", "percent0",
           r"prepaid, and " + NUMBER + r" in Africa"),
    Figure(L01, "sim_registration_world", _m("model_capture_and_store"), "value", "percent0",
           NUMBER + r" of the countries that require SIM registration capture and store"),
    Figure(L01, "sim_registration_world", _m("biometric_mandate_countries_jan_2020"), "value",
           "count", r"(\d+) countries collected biometric data for SIM registration"),
    Figure(L01, "sim_registration_cases", (("country", "Pakistan"), ("measure", "sims_targeted")),
           "value", "millions", r"million of " + NUMBER + " SIM cards were re-verified"),
    Figure(L01, "sim_registration_cases", (("country", "Pakistan"), ("measure", "sims_reverified")),
           "value", "millions", r"deadline of 15 May 2015, " + NUMBER + " of"),
    Figure(L01, "sim_registration_cases", (("country", "Pakistan"), ("measure", "sims_blocked")),
           "value", "millions", r"re-verified and " + NUMBER + " were blocked"),
    Figure(L01, "sim_registration_cases", (("country", "Nigeria"), ("measure", "sims_at_risk")),
           "value", "millions", r"about " + NUMBER + " were at risk of being barred"),
    Figure(L01, "reidentification", (("study", "sweeney_2000"),), "share_identified", "percent0",
           r"likely unique for " + NUMBER + " of the US population"),
    Figure(L01, "reidentification", (("study", "de_montjoye_2013"),), "share_identified",
           "percent0", r"enough to single out " + NUMBER + " of them"),
    Figure(L04, "watchlist_deployments", (("case", "cardiff_2017"),), "alerts", "count",
           r"Cardiff, 2017 \(South Wales Police, Champions League final\): ([\d,]+) alerts"),
    Figure(L04, "watchlist_deployments", (("case", "cardiff_2017"),), "false_alerts", "count",
           r"Champions League final\): [\d,]+ alerts, ([\d,]+) of them false"),
    Figure(L04, "watchlist_deployments", (("case", "met_trials_essex_2019"),), "alerts", "count",
           r"June 2018 to February 2019\): ([\d,]+) matches"),
    Figure(L04, "watchlist_deployments", (("case", "met_trials_essex_2019"),), "true_alerts", "count",
           r"\d+ matches, ([\d,]+) of them verified correct"),
    Figure(L04, "watchlist_deployments", (("case", "met_2024_2025"),), "alerts", "count",
           r"September 2024 to September 2025: ([\d,]+) alerts"),
    Figure(L04, "watchlist_deployments", (("case", "met_2024_2025"),), "false_alerts", "count",
           r"September 2024 to September 2025: [\d,]+ alerts, ([\d,]+) of them false"),
)
