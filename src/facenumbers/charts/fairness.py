"""The chart of Lesson 05's "Fair to whom?" calculator: two groups' PPV and error rates.

>>> from facenumbers.models.fairness import tradeoff
>>> outcomes = tradeoff({"Group A": 0.001, "Group B": 0.01}, 0.9, 0.001, "equal error rates")
>>> rows = fairness_rows(outcomes)
>>> len(rows), rows[0]["measure"], rows[0]["group"], round(rows[1]["value"], 3)
(6, 'Share of alarms that are right (PPV)', 'Group A', 0.901)
>>> live = fairness_chart(rows)
>>> live.params["groups"][1]["group"]
'Group B'
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence

import altair as alt

from facenumbers.charts import PALETTE, LiveChart, rows_from_param
from facenumbers.charts.text import format_percent
from facenumbers.models.fairness import EQUAL_ERROR_RATES, EQUAL_PPV, GroupOutcome
from facenumbers.models.validation import require_mapping, require_rows

__all__ = ["MEASURES", "describe_fairness", "fairness_chart", "fairness_rows"]

#: The chart's panels, top to bottom: (label, how to read it from a GroupOutcome).
MEASURES = (
    ("Share of alarms that are right (PPV)", lambda o: o.ppv),
    ("Hit rate: wanted people flagged", lambda o: o.hit_rate),
    ("False-alert rate: innocent people flagged", lambda o: o.false_alert_rate),
)
GROUP_COLOURS = [PALETTE["blue"], PALETTE["orange"]]
FIELDS = ["measure", "order", "group", "value"]


def fairness_rows(outcomes: Mapping[str, GroupOutcome]) -> list[dict[str, object]]:
    """One row per (measure, group): the chart's data."""
    outcomes = require_mapping(outcomes, "outcomes", GroupOutcome, "a GroupOutcome (from the "
                               "fairness model)")
    return [{"measure": label, "order": order, "group": group, "value": float(read(outcome))}
            for order, (label, read) in enumerate(MEASURES)
            for group, outcome in outcomes.items()]


def fairness_chart(rows: Sequence[dict[str, object]]) -> LiveChart:
    """Small multiples: a panel per measure, a bar per group, each panel on its own scale."""
    rows = require_rows(rows, "rows", ("measure", "order", "group", "value"))
    groups = list(dict.fromkeys(str(row["group"]) for row in rows))
    base = alt.Chart()  # the data and its transform live on the facet, which panels need
    bars = base.mark_bar().encode(
        x=alt.X("value:Q", title="Share of the group's people or alarms (%)",
                axis=alt.Axis(format="~%", tickCount=4)),
        y=alt.Y("group:N", sort=groups, title="Group"),
        color=alt.Color("group:N", sort=groups, title="Group",
                        scale=alt.Scale(domain=groups, range=GROUP_COLOURS[:len(groups)]),
                        legend=alt.Legend(orient="bottom")),
        tooltip=[alt.Tooltip("group:N", title="Group"), alt.Tooltip("measure:N", title="Measure"),
                 alt.Tooltip("value:Q", title="Share", format=".3~%")],
    )
    text = base.mark_text(align="left", dx=3, fontSize=11).encode(
        x=alt.X("value:Q"), y=alt.Y("group:N", sort=groups), text=alt.Text("value:Q", format=".3~%"),
    )
    source = rows_from_param("groups", len(rows), FIELDS)
    chart = (
        alt.FacetChart(
            data=source.data, spec=alt.layer(bars, text).properties(width=300, height=60),
            facet=alt.Facet("measure:N", sort=alt.SortField("order"), title=None,
                            header=alt.Header(labelFontWeight="bold", labelFontSize=12,
                                              labelLimit=360)),
            columns=1,
        )
        .transform_calculate(**{f: f"groups[datum.row_index]['{f}']" for f in FIELDS})
        .resolve_scale(x="independent")
        .add_params(alt.param(name="groups", value=list(rows)))
        .properties(title=alt.Title("Fair to whom? Two groups, one camera",
                                    subtitle="Per person and per alarm; each panel has its own scale"))
    )
    return LiveChart(chart)


def describe_fairness(outcomes: Mapping[str, GroupOutcome], rule: str) -> str:
    """One-line summary of :func:`fairness_chart`, for two groups.

    >>> from facenumbers.models.fairness import tradeoff
    >>> groups = {"Group A": 0.001, "Group B": 0.01}
    >>> describe_fairness(tradeoff(groups, 0.89, 0.001, "equal error rates"), "equal error rates")
    'Equal error rates (89.0% of wanted people flagged and 0.1% of innocent people, in both groups): 47.1% of alarms about Group A are right, and 90.0% of alarms about Group B.'
    >>> describe_fairness(tradeoff(groups, 0.89, 0.001, "equal PPV"), "equal PPV")
    "Equal PPV (47.1% of alarms right in both groups): Group B's innocent people are flagged 10.1 times as often as Group A's (1.0% against 0.1%)."
    """
    if len(outcomes) != 2:
        raise ValueError(f"outcomes must hold two groups; got {len(outcomes)}.")
    if rule not in (EQUAL_ERROR_RATES, EQUAL_PPV):
        raise ValueError(f"rule must be {EQUAL_ERROR_RATES!r} or {EQUAL_PPV!r}; got {rule!r}.")
    (name_a, a), (name_b, b) = outcomes.items()
    if rule == EQUAL_ERROR_RATES:
        return (
            f"Equal error rates ({format_percent(a.hit_rate)} of wanted people flagged and "
            f"{format_percent(a.false_alert_rate)} of innocent people, in both groups): "
            f"{format_percent(a.ppv)} of alarms about {name_a} are right, and "
            f"{format_percent(b.ppv)} of alarms about {name_b}."
        )
    if math.isclose(a.false_alert_rate, b.false_alert_rate):
        return (f"Equal PPV ({format_percent(a.ppv)} of alarms right in both groups), with "
                f"{format_percent(a.false_alert_rate)} of innocent people flagged in both: "
                "equal base rates, no conflict.")
    if a.false_alert_rate == 0 or b.false_alert_rate == 0:
        return (f"Equal PPV ({format_percent(a.ppv)} of alarms right in both groups): "
                f"{format_percent(a.false_alert_rate)} of {name_a}'s innocent people are "
                f"flagged, and {format_percent(b.false_alert_rate)} of {name_b}'s.")
    return (
        f"Equal PPV ({format_percent(a.ppv)} of alarms right in both groups): {name_b}'s "
        f"innocent people are flagged {b.false_alert_rate / a.false_alert_rate:.3g} times as "
        f"often as {name_a}'s ({format_percent(b.false_alert_rate)} against "
        f"{format_percent(a.false_alert_rate)})."
    )
