"""Charts for Lesson 07 (breaches, function creep and the evidence): the fraud figures China's authorities cite,
the Nandu survey, and the biometric breaches the course uses as anchors.

Each ``*_chart`` function takes a table as :func:`facenumbers.data.load` returns it and gives
a :class:`~facenumbers.charts.LiveChart`; each ``describe_*`` function gives the one-line
text summary shown beside the chart (also its text alternative for screen readers).

>>> import pandas as pd
>>> table = pd.DataFrame({"measure": ["fraud_cases_registered_2019"], "value": [782_000]})
>>> fraud_rows(table)
[{'year': '2019', 'series': 'Cases recorded by police', 'cases': 782000}]
"""

from __future__ import annotations

from collections.abc import Sequence

import altair as alt
import pandas as pd

from facenumbers.charts import PALETTE, LiveChart
from facenumbers.charts.text import format_count
from facenumbers.models.validation import require_table

__all__ = [
    "breach_rows",
    "breaches_chart",
    "describe_breaches",
    "describe_fraud_cases",
    "describe_survey",
    "fraud_cases_chart",
    "fraud_rows",
    "survey_chart",
    "survey_rows",
]

#: Vega expression: an SI-formatted number with "B" (billion) instead of "G".
SI_WITH_B = "replace(format({value}, '~s'), 'G', 'B')"

#: Fraud counts of ``china_fraud_figures``, as (measure, year, series).
FRAUD_CASES = (
    ("telecom_fraud_cases_2015", "2015", "Cases recorded by police"),
    ("fraud_cases_registered_2019", "2019", "Cases recorded by police"),
    ("fraud_cases_2020", "2020", "Cases recorded by police"),
    ("fraud_cases_cracked_2019", "2019", "Cases solved"),
    ("fraud_cases_cracked_2020", "2020", "Cases solved"),
)

#: Shares of ``public_debate`` from the Nandu survey, as (low, high, label, side). A range
#: (60 to 70%) has two measures; a single figure repeats its measure.
SURVEY = (
    ("nandu_share_want_review_or_delete", "nandu_share_want_review_or_delete",
     "Want to review or delete their face data", "Worries and wishes"),
    ("nandu_share_worried_leaks", "nandu_share_worried_leaks",
     "Worry that face data leaks", "Worries and wishes"),
    ("nandu_share_want_non_face_option", "nandu_share_want_non_face_option",
     "Want a way to prove identity without a face", "Worries and wishes"),
    ("nandu_share_worried_tracked", "nandu_share_worried_tracked",
     "Worry about being tracked", "Worries and wishes"),
    ("nandu_share_think_safer_low", "nandu_share_think_safer_high",
     "Think it makes public places safer", "Support"),
)

#: The survey's number of respondents, in ``public_debate``.
RESPONDENTS = "nandu_survey_respondents"
#: Where the bars of the log-scale breach chart start (a log scale has no zero).
LOG_START = 100_000
#: Sizes of ``biometric_breaches``, as (measure, label).
BREACHES = (
    ("biostar2_fingerprint_records", "BioStar 2 (2019): fingerprint records"),
    ("opm_fingerprints", "US OPM (2015): people whose fingerprints were taken"),
    ("sensenets_people_tracked", "SenseNets (2019): people tracked"),
    ("shanghai_residents_claimed", "Shanghai police (2022): residents, CLAIMED"),
)


def fraud_rows(table: pd.DataFrame) -> list[dict[str, object]]:
    """The fraud counts of ``table`` (``china_fraud_figures``) as chart rows, oldest first.

    Measures missing from ``table`` are left out.
    """
    values = require_table(table, "table", ("measure", "value")).set_index("measure")["value"]
    return [{"year": year, "series": series, "cases": int(values[measure])}
            for measure, year, series in FRAUD_CASES if measure in values.index]


def fraud_cases_chart(table: pd.DataFrame) -> LiveChart:
    """Telecom fraud cases recorded and solved by year, each bar labelled with its count.

    >>> table = pd.DataFrame({"measure": [m for m, _, _ in FRAUD_CASES],
    ...                       "value": [590_000, 782_000, 927_000, 200_000, 322_000]})
    >>> [row["cases"] for row in fraud_cases_chart(table).widget.spec["data"]["values"]]
    [590000, 782000, 927000, 200000, 322000]
    """
    rows = fraud_rows(table)
    series = list(dict.fromkeys(s for _, _, s in FRAUD_CASES))
    base = alt.Chart(alt.Data(values=rows)).encode(
        x=alt.X("year:N", title="Year", axis=alt.Axis(labelAngle=0)),
        xOffset=alt.XOffset("series:N", sort=series),
        y=alt.Y("cases:Q", title="Fraud cases (count)",
                axis=alt.Axis(labelExpr=SI_WITH_B.format(value="datum.value"))),
    )
    bars = base.mark_bar().encode(
        color=alt.Color("series:N", title=None, sort=series,
                        scale=alt.Scale(domain=series, range=[PALETTE["blue"], PALETTE["orange"]]),
                        legend=alt.Legend(orient="bottom")),
        tooltip=[alt.Tooltip("year:N", title="Year"), alt.Tooltip("series:N", title="Count"),
                 alt.Tooltip("cases:Q", title="Cases", format=",")],
    )
    labels = base.mark_text(dy=-7, fontSize=10).transform_calculate(
        shown=SI_WITH_B.format(value="datum.cases")).encode(text=alt.Text("shown:N"))
    chart = (bars + labels).properties(
        title=alt.Title("Telecom fraud cases in China, as the authorities report them",
                        subtitle=["The face check began on 1 Dec 2019. Definitions and sources",
                                  "differ by year (2019: telecom and internet fraud)"]),
        width=340, height=220)
    return LiveChart(chart)


def describe_fraud_cases(table: pd.DataFrame) -> str:
    """One-line summary of :func:`fraud_cases_chart`.

    >>> table = pd.DataFrame({"measure": ["telecom_fraud_cases_2015", "fraud_cases_cracked_2019"],
    ...                       "value": [590_000, 200_000]})
    >>> describe_fraud_cases(table)
    'Cases recorded by police: 590,000 (2015). Cases solved: 200,000 (2019). Definitions and sources differ by year.'
    """
    rows = fraud_rows(table)
    parts = []
    for series in dict.fromkeys(row["series"] for row in rows):
        counts = ", ".join(f"{format_count(row['cases'])} ({row['year']})"
                           for row in rows if row["series"] == series)
        parts.append(f"{series}: {counts}.")
    return " ".join(parts + ["Definitions and sources differ by year."])


def survey_rows(table: pd.DataFrame) -> list[dict[str, object]]:
    """The Nandu survey's shares in ``table`` (``public_debate``) as chart rows.

    >>> table = pd.DataFrame({"measure": ["nandu_share_think_safer_low", "nandu_share_think_safer_high"],
    ...                       "value": [0.6, 0.7]})
    >>> survey_rows(table)
    [{'label': 'Think it makes public places safer', 'side': 'Support', 'low': 0.6, 'high': 0.7, 'shown': '60 to 70%'}]
    """
    values = require_table(table, "table", ("measure", "value")).set_index("measure")["value"]
    rows = []
    for low, high, label, side in SURVEY:
        if low in values.index and high in values.index:
            a, b = float(values[low]), float(values[high])
            shown = f"{a:.0%}" if a == b else f"{a * 100:.0f} to {b:.0%}"
            rows.append({"label": label, "side": side, "low": a, "high": b, "shown": shown})
    return rows


def survey_chart(table: pd.DataFrame) -> LiveChart:
    """Bars: the share of the Nandu survey's respondents holding each view (a range as a line).

    >>> table = pd.DataFrame({"measure": ["nandu_share_want_non_face_option", RESPONDENTS],
    ...                       "value": [0.74, 6152]})
    >>> live = survey_chart(table)
    >>> [row["shown"] for row in live.widget.spec["data"]["values"]], live.widget.spec["title"]["text"][:14]
    (['74%'], 'What 6,152 peo')
    """
    rows = survey_rows(table)
    order = [row["label"] for row in rows]
    sides = list(dict.fromkeys(side for _, _, _, side in SURVEY))
    base = alt.Chart(alt.Data(values=rows)).encode(
        y=alt.Y("label:N", sort=order, title=None, axis=alt.Axis(labelLimit=300)))
    scale = alt.Scale(domain=sides, range=[PALETTE["vermillion"], PALETTE["blue"]])
    colour = alt.Color("side:N", title=None, sort=sides, scale=scale, legend=alt.Legend(orient="bottom"))
    tooltip = [alt.Tooltip("label:N", title="View"), alt.Tooltip("shown:N", title="Share")]
    bars = base.mark_bar().encode(
        x=alt.X("low:Q", title="Share of respondents (%)",
                axis=alt.Axis(format="%", values=[0, 0.25, 0.5, 0.75, 1]),
                scale=alt.Scale(domain=[0, 1])),
        color=colour, tooltip=tooltip)
    ranges = base.mark_rule(strokeWidth=6, opacity=0.5).encode(
        x="low:Q", x2="high:Q", color=alt.Color("side:N", scale=scale, legend=None),
        tooltip=tooltip)
    labels = base.mark_text(align="left", dx=4).encode(x="high:Q", text="shown:N")
    values = require_table(table, "table", ("measure", "value")).set_index("measure")["value"]
    who = (f"{int(values[RESPONDENTS]):,} people" if RESPONDENTS in values.index else "people")
    chart = (bars + ranges + labels).properties(
        title=alt.Title(f"What {who} told the Nandu survey about face recognition (2019)",
                        subtitle="Online survey, self-selected respondents: not a random sample of China"),
        width=360, height=170)
    return LiveChart(chart)


def describe_survey(table: pd.DataFrame) -> str:
    """One-line summary of :func:`survey_chart`.

    >>> table = pd.DataFrame({"measure": ["nandu_share_worried_leaks"], "value": [0.8]})
    >>> describe_survey(table)
    'In an online survey (not a random sample): worry that face data leaks 80%.'
    """
    parts = [f"{row['label'][0].lower() + row['label'][1:]} {row['shown']}" for row in survey_rows(table)]
    return f"In an online survey (not a random sample): {'; '.join(parts)}."


def breach_rows(table: pd.DataFrame) -> list[dict[str, object]]:
    """The breach sizes in ``table`` (``biometric_breaches``) as chart rows.

    >>> table = pd.DataFrame({"measure": ["opm_fingerprints"], "value": [5_600_000],
    ...                       "unit": ["people"], "status": ["reported"]})
    >>> breach_rows(table)
    [{'label': 'US OPM (2015): people whose fingerprints were taken', 'size': 5600000, 'unit': 'people', 'status': 'reported'}]
    """
    rows = require_table(table, "table", ("measure", "value", "unit", "status")).set_index("measure")
    return [{"label": label, "size": int(rows.loc[measure, "value"]),
             "unit": str(rows.loc[measure, "unit"]), "status": str(rows.loc[measure, "status"])}
            for measure, label in BREACHES if measure in rows.index]


def breaches_chart(table: pd.DataFrame) -> LiveChart:
    """Bars on a log scale: the size of each breach as published, coloured by whether the
    size was reported or only claimed by a seller.

    >>> table = pd.DataFrame({"measure": ["opm_fingerprints", "shanghai_residents_claimed"],
    ...                       "value": [5_600_000, 1_000_000_000], "unit": ["people", "people"],
    ...                       "status": ["reported", "claimed, unverified"]})
    >>> [row["size"] for row in breaches_chart(table).widget.spec["data"]["values"]]
    [5600000, 1000000000]
    """
    rows = breach_rows(table)
    order = [row["label"] for row in rows]
    statuses = ["reported", "claimed, unverified"]
    base = alt.Chart(alt.Data(values=rows)).transform_calculate(start=str(LOG_START)).encode(
        y=alt.Y("label:N", sort=order, title=None, axis=alt.Axis(labelLimit=320)),
        x=alt.X("size:Q", title="People or records exposed, as published (log scale)",
                scale=alt.Scale(type="log", domain=[LOG_START, 2_000_000_000]),
                axis=alt.Axis(values=[10**k for k in range(5, 10)],
                              labelExpr=SI_WITH_B.format(value="datum.value"))),
    )
    bars = base.mark_bar().encode(
        x2="start:Q",
        color=alt.Color("status:N", title="Size", sort=statuses,
                        scale=alt.Scale(domain=statuses, range=[PALETTE["blue"], PALETTE["orange"]]),
                        legend=alt.Legend(orient="bottom")),
        tooltip=[alt.Tooltip("label:N", title="Breach"), alt.Tooltip("size:Q", title="Size", format=","),
                 alt.Tooltip("unit:N", title="Unit"), alt.Tooltip("status:N", title="Size is")],
    )
    labels = base.mark_text(align="left", dx=4).transform_calculate(
        shown=SI_WITH_B.format(value="datum.size")).encode(text="shown:N")
    chart = (bars + labels).properties(
        title=alt.Title("Breaches of data that cannot be reset",
                        subtitle="Lower bounds as published; the Shanghai size is a seller's claim"),
        width=320, height=150)
    return LiveChart(chart)


def describe_breaches(table: pd.DataFrame) -> str:
    """One-line summary of :func:`breaches_chart`.

    >>> table = pd.DataFrame({"measure": ["opm_fingerprints", "shanghai_residents_claimed"],
    ...                       "value": [5_600_000, 1_000_000_000], "unit": ["people", "people"],
    ...                       "status": ["reported", "claimed, unverified"]})
    >>> describe_breaches(table)
    'US OPM (2015): 5,600,000 people whose fingerprints were taken; Shanghai police (2022): 1,000,000,000 residents, claimed by a seller and not verified.'
    """
    parts = []
    for row in breach_rows(table):
        name, what = str(row["label"]).split(": ", 1)
        what = what.removesuffix(", CLAIMED")
        claimed = ", claimed by a seller and not verified" if row["status"] != "reported" else ""
        parts.append(f"{name}: {format_count(row['size'])} {what}{claimed}")
    return "; ".join(parts) + "."
