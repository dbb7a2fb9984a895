"""Charts for Lessons 04 and 05 (base rates, gallery size) and the first calculator of Lesson 00.

Each ``*_chart`` function returns a :class:`~facenumbers.charts.LiveChart`; each
``describe_*`` function returns the one-line text summary shown beside it (also the
chart's text alternative for screen readers).

>>> live = alarm_icons_chart(true_icons=7)
>>> int(live.params["true_icons"])
7
>>> describe_alarm_icons(7)
'Of every 100 alarms, 7 point at someone on the watchlist and 93 at someone who is not.'
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import altair as alt
import numpy as np

from facenumbers.charts import PALETTE, LiveChart, rows_from_param
from facenumbers.charts.text import format_count, format_percent
from facenumbers.models import base_rates
from facenumbers.models.base_rates import ICONS, icons_for_ppv  # noqa: F401 - the icon array's arithmetic
from facenumbers.models.validation import require_count

ICON_COLUMNS = 10
ON_LIST = "On the watchlist (true alarm)"
NOT_ON_LIST = "Not on the watchlist (false alarm)"
# A simple person: a round head above rounded shoulders, in Vega's unit square.
PERSON = (
    "M0,-0.95 A0.32,0.32 0 1,1 0,-0.31 A0.32,0.32 0 1,1 0,-0.95 Z "
    "M-0.62,0.95 L-0.62,0.25 Q-0.62,-0.2 -0.2,-0.2 L0.2,-0.2 Q0.62,-0.2 0.62,0.25 L0.62,0.95 Z"
)
LARGEST_GALLERY = 1_600_000_000


def alarm_icons_chart(true_icons: int) -> LiveChart:
    """An icon array of 100 alarms, coloured by whether the person flagged is on the watchlist."""
    true_icons_param = alt.param(name="true_icons",
                                 value=require_count(true_icons, "true_icons", maximum=ICONS))
    chart = (
        alt.Chart(alt.sequence(0, ICONS, as_="i"))
        .transform_calculate(
            column=f"datum.i % {ICON_COLUMNS}",
            row=f"floor(datum.i / {ICON_COLUMNS})",
            person=f"datum.i < true_icons ? '{ON_LIST}' : '{NOT_ON_LIST}'",
        )
        .mark_point(shape=PERSON, filled=True, size=260, opacity=1)
        .encode(
            x=alt.X("column:O", axis=None),
            y=alt.Y("row:O", axis=None),
            color=alt.Color(
                "person:N",
                title="Who the alarm points at",
                scale=alt.Scale(
                    domain=[ON_LIST, NOT_ON_LIST],
                    range=[PALETTE["blue"], PALETTE["orange"]],
                ),
                legend=alt.Legend(orient="bottom", direction="vertical"),
            ),
            tooltip=[alt.Tooltip("person:N", title="Alarm")],
        )
        .add_params(true_icons_param)
        .properties(
            title=alt.Title("100 alarms, and who they point at", subtitle="One figure = one alarm"),
            width=260,
            height=260,
        )
    )
    return LiveChart(chart)


def describe_alarm_icons(true_icons: int, icons: int = ICONS) -> str:
    """One-line summary of :func:`alarm_icons_chart`.

    >>> describe_alarm_icons(100)
    'Of every 100 alarms, 100 point at someone on the watchlist and 0 at someone who is not.'
    """
    icons = require_count(icons, "icons", minimum=1)
    true_icons = require_count(true_icons, "true_icons", maximum=icons)
    return (
        f"Of every {icons} alarms, {true_icons} point at someone on the watchlist "
        f"and {icons - true_icons} at someone who is not."
    )


def gallery_curve(false_match_rate: float, points: int = 49) -> list[dict[str, float]]:
    """Rows for the gallery-size curve: P(at least one false match) for N from 1 to 1.6e9.

    >>> rows = gallery_curve(1e-9)
    >>> rows[0]["gallery_size"], rows[-1]["gallery_size"]
    (1, 1600000000)
    >>> round(rows[-1]["probability"], 3)
    0.798
    """
    return [
        {
            "gallery_size": int(n),
            "probability": base_rates.probability_of_at_least_one_false_match(false_match_rate, int(n)),
        }
        for n in gallery_sizes(points)
    ]


def gallery_sizes(points: int = 49) -> list[int]:
    """Gallery sizes from 1 to 1.6e9, evenly spaced on a log scale (whole numbers, no repeats).

    >>> gallery_sizes()[:4], len(gallery_sizes())
    ([1, 2, 4, 6], 48)
    """
    # More points than this only repeat whole-number sizes at the small end: a chart needs few.
    points = require_count(points, "points", minimum=2, maximum=10_000)
    sizes = np.unique(np.round(np.logspace(0, math.log10(LARGEST_GALLERY), points)).astype(np.int64))
    return [int(n) for n in sizes]


def gallery_chart(false_match_rate: float, gallery_size: int) -> LiveChart:
    """Line: chance of at least one false match against gallery size (log scale), with a marker."""
    probability = base_rates.probability_of_at_least_one_false_match(false_match_rate, gallery_size)
    size_param = alt.param(name="gallery_size", value=int(gallery_size))
    probability_param = alt.param(name="probability", value=probability)
    x = alt.X(
        "gallery_size:Q",
        title="Faces in the gallery, N (log scale)",
        scale=alt.Scale(type="log", domain=[1, LARGEST_GALLERY]),
        axis=alt.Axis(
            values=[1, 1e3, 1e6, 1e9],
            labelExpr="{'1': '1', '1000': 'a thousand', '1000000': 'a million', "
            "'1000000000': 'a billion'}[datum.value + '']",
        ),
    )
    y = alt.Y(
        "probability:Q",
        title="Chance of at least one false match (%)",
        scale=alt.Scale(domain=[0, 1]),
        axis=alt.Axis(format="%"),
    )
    rows = gallery_curve(false_match_rate)
    curve_param = alt.param(name="curve", value=rows)
    curve = rows_from_param("curve", len(rows), ["gallery_size", "probability"]).mark_line(color=PALETTE["blue"], strokeWidth=3).encode(
        x=x,
        y=y,
        tooltip=[
            alt.Tooltip("gallery_size:Q", title="Gallery size", format=",.0f"),
            alt.Tooltip("probability:Q", title="P(at least one false match)", format=".2%"),
        ],
    )
    marker = (
        alt.Chart(alt.Data(values=[{}]))
        .transform_calculate(gallery_size="gallery_size", probability="probability")
        .mark_point(shape="diamond", filled=True, size=180, color=PALETTE["vermillion"])
        .encode(x=x, y=y)
    )
    chart = (
        alt.layer(curve, marker)
        .add_params(curve_param, size_param, probability_param)
        .properties(
            title=alt.Title(
                "Bigger galleries, more false matches",
                subtitle="One search against N faces; the diamond is your gallery",
            ),
            width=420,
            height=260,
        )
    )
    return LiveChart(chart)


def describe_gallery(false_match_rate: float, gallery_size: int) -> str:
    """One-line summary of :func:`gallery_chart`.

    >>> describe_gallery(1e-9, 1_600_000_000)
    'Searching one face against 1,600,000,000 faces at a false-match rate of 1e-09 gives 1.6 wrong candidates on average; the chance of at least one is 79.8%.'
    """
    expected = base_rates.expected_false_matches(false_match_rate, gallery_size)
    chance = base_rates.probability_of_at_least_one_false_match(false_match_rate, gallery_size)
    return (
        f"Searching one face against {gallery_size:,} faces at a false-match rate of "
        f"{false_match_rate:.3g} gives {format_count(expected)} wrong candidates on average; "
        f"the chance of at least one is {format_percent(chance)}."
    )


def share_chart(rows: Sequence[dict[str, object]]) -> LiveChart:
    """Horizontal bars of groups of people (label, people), in millions."""
    chart = (
        rows_from_param("bars", len(rows), ["label", "millions", "kind"])
        .mark_bar()
        .encode(
            x=alt.X("millions:Q", title="People (millions)"),
            y=alt.Y("label:N", title=None, sort=None, axis=alt.Axis(labelLimit=320)),
            color=alt.Color(
                "kind:N",
                title=None,
                scale=alt.Scale(
                    domain=["counted", "claimed"], range=[PALETTE["blue"], PALETTE["orange"]]
                ),
                legend=alt.Legend(orient="bottom", labelExpr="datum.label == 'counted' ? 'Counted (sources)' : 'What the claim implies'"),
            ),
            tooltip=[
                alt.Tooltip("label:N", title="Group"),
                alt.Tooltip("millions:Q", title="Millions of people", format=",.0f"),
            ],
        )
        .add_params(alt.param(name="bars", value=list(rows)))
        .properties(title="People in China and people online, 2019", width=360, height=120)
    )
    return LiveChart(chart)
