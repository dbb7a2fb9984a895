"""Charts for Lesson 01: China's real-name timeline and how many people share a combination.

>>> rows = [{"group_size": "1 (unique)", "people": 3, "share": 0.3},
...         {"group_size": "2", "people": 7, "share": 0.7}]
>>> describe_group_sizes(rows, population=10)
'Of 10 people, 30.0% are unique on these attributes and 0% are in groups of 10 or more.'
"""

from __future__ import annotations

from collections.abc import Sequence

import altair as alt
import pandas as pd

from facenumbers.charts import PALETTE, LiveChart, rows_from_param
from facenumbers.charts.text import format_percent
from facenumbers.models.validation import require_count, require_rows, require_table

UNIQUE = "1 (unique)"


def group_size_chart(rows: Sequence[dict[str, object]]) -> LiveChart:
    """Bars: the share of people by the size of the group that shares their combination."""
    rows = require_rows(rows, "rows", ("group_size", "people", "share"))
    order = [row["group_size"] for row in rows]
    chart = (
        rows_from_param("groups", len(rows), ["group_size", "people", "share"])
        .transform_calculate(unique=f"datum.group_size == '{UNIQUE}' ? 'Unique' : 'Shares with others'")
        .mark_bar()
        .encode(
            x=alt.X("group_size:N", sort=order, title="People sharing the same combination (group size)",
                    axis=alt.Axis(labelAngle=0)),
            y=alt.Y("share:Q", title="Share of all people (%)", axis=alt.Axis(format="%"),
                    scale=alt.Scale(domain=[0, 1])),
            color=alt.Color("unique:N", title=None,
                            scale=alt.Scale(domain=["Unique", "Shares with others"],
                                            range=[PALETTE["vermillion"], PALETTE["blue"]]),
                            legend=alt.Legend(orient="bottom")),
            tooltip=[alt.Tooltip("group_size:N", title="Group size"),
                     alt.Tooltip("people:Q", title="People", format=","),
                     alt.Tooltip("share:Q", title="Share", format=".2%")],
        )
        .add_params(alt.param(name="groups", value=list(rows)))
        .properties(title=alt.Title("How many people share your combination?",
                                    subtitle="Synthetic population; the red bar is people nobody else matches"),
                    width=420, height=240)
    )
    return LiveChart(chart)


def describe_group_sizes(rows: Sequence[dict[str, object]], population: int) -> str:
    """One-line summary of :func:`group_size_chart`."""
    rows = require_rows(rows, "rows", ("group_size", "people", "share"))
    population = require_count(population, "population", minimum=1)
    unique = next((float(r["share"]) for r in rows if r["group_size"] == UNIQUE), 0.0)
    crowd = sum(float(r["share"]) for r in rows if str(r["group_size"]).startswith(("10 ", "100")))
    return (f"Of {population:,} people, {format_percent(unique)} are unique on these attributes "
            f"and {format_percent(crowd)} are in groups of 10 or more.")


def timeline_chart(table: pd.DataFrame, title: str = "China's real-name rules, 2010 to 2022") -> LiveChart:
    """Events on a time line, one row per event: columns ``date``, ``event`` and optionally a
    short ``label`` for the axis (the full ``event`` shows on hover).

    >>> table = pd.DataFrame({"date": ["2010-09-01", "2019-12-01"], "event": ["a", "b"]})
    >>> int(timeline_chart(table).widget.spec["height"])
    70
    """
    events = table[["date", "event"]].copy()
    events["label"] = table["label"] if "label" in table.columns else table["event"]
    events["date"] = pd.to_datetime(events["date"]).dt.strftime("%Y-%m-%d")
    order = list(events.sort_values("date")["label"])
    base = alt.Chart(alt.Data(values=events.to_dict("records")))
    y = alt.Y("label:N", sort=order, title=None, axis=alt.Axis(labelLimit=260))
    dates = pd.to_datetime(events["date"])
    domain = [f"{dates.min().year}-01-01", f"{dates.max().year + 1}-07-01"]  # no dot on an edge
    x = alt.X("date:T", title="Date (year)", scale=alt.Scale(domain=domain),
              axis=alt.Axis(format="%Y", tickCount="year"))
    chart = base.mark_point(filled=True, size=120, color=PALETTE["blue"]).encode(
        x=x, y=y, tooltip=[alt.Tooltip("date:T", title="Date", format="%d %b %Y"),
                           alt.Tooltip("event:N", title="Event")],
    ).properties(title=title, width=360, height=max(70, 28 * len(events)))
    return LiveChart(chart)


#: The world table's counts of countries, as (measure, when, which rule).
WORLD_COUNTS = (
    ("countries_mandatory_jan_2020", "Jan 2020", "Any SIM registration"),
    ("countries_mandatory_2021", "2021", "Any SIM registration"),
    ("biometric_mandate_countries_jan_2020", "Jan 2020", "Biometric registration"),
    ("biometric_mandate_countries_2024", "2024/25", "Biometric registration"),
)


def world_counts_chart(world: pd.DataFrame) -> LiveChart:
    """Countries requiring SIM registration, and those requiring biometrics, by year, each bar
    labelled with its count (from the ``sim_registration_world`` table).

    >>> world = pd.DataFrame({"measure": [m for m, _, _ in WORLD_COUNTS], "value": [155, 157, 17, 35]})
    >>> [row["countries"] for row in world_counts_chart(world).widget.spec["data"]["values"]]
    [155, 157, 17, 35]
    """
    values = require_table(world, "world", ("measure", "value")).set_index("measure")["value"]
    rows = [{"when": when, "rule": rule, "countries": int(values[measure])}
            for measure, when, rule in WORLD_COUNTS]
    order = list(dict.fromkeys(when for _, when, _ in WORLD_COUNTS))
    rules = list(dict.fromkeys(rule for _, _, rule in WORLD_COUNTS))
    base = alt.Chart(alt.Data(values=rows)).encode(
        x=alt.X("when:N", sort=order, title="When counted", axis=alt.Axis(labelAngle=0)),
        xOffset=alt.XOffset("rule:N", sort=rules),
        y=alt.Y("countries:Q", title="Countries (count)"),
    )
    bars = base.mark_bar().encode(
        color=alt.Color("rule:N", title="Mandatory", sort=rules,
                        scale=alt.Scale(domain=rules, range=[PALETTE["blue"], PALETTE["orange"]]),
                        legend=alt.Legend(orient="bottom")),
        tooltip=[alt.Tooltip("rule:N", title="Mandatory"), alt.Tooltip("when:N", title="When"),
                 alt.Tooltip("countries:Q", title="Countries")],
    )
    labels = base.mark_text(dy=-7).encode(text=alt.Text("countries:Q"))
    chart = (bars + labels).properties(
        title=alt.Title("Countries that make SIM registration mandatory",
                        subtitle="Counts from different sources; biometric = fingerprint or face"),
        width=360, height=220)
    return LiveChart(chart)


def registration_models_chart(world: pd.DataFrame) -> LiveChart:
    """How mandating countries handle registration data: bars of the ``model_*`` shares.

    >>> world = pd.DataFrame({"measure": ["model_capture_and_store", "model_capture_and_share"],
    ...                       "value": [0.81, 0.06]})
    >>> [row["model"] for row in registration_models_chart(world).widget.spec["data"]["values"]]
    ['capture and store', 'capture and share']
    """
    models = require_table(world, "world", ("measure", "value"))
    models = models[models["measure"].astype(str).str.startswith("model_")]
    rows = [{"model": measure.removeprefix("model_").replace("_", " "), "share": float(share)}
            for measure, share in zip(models["measure"], models["value"])]
    chart = alt.Chart(alt.Data(values=rows)).mark_bar(color=PALETTE["blue"]).encode(
        x=alt.X("share:Q", title="Share of countries with mandatory SIM registration (%)",
                axis=alt.Axis(format="%"), scale=alt.Scale(domain=[0, 1])),
        y=alt.Y("model:N", title="Registration model", sort="-x"),
        tooltip=[alt.Tooltip("model:N", title="Model"),
                 alt.Tooltip("share:Q", title="Share", format=".0%")],
    ).properties(title="How SIM registration data is handled, January 2020", width=380, height=120)
    return LiveChart(chart)
