"""Charts for Lessons 02 and 03: score histograms and DET curves.

>>> import numpy as np
>>> rows = histogram_rows({"genuine": np.array([0.7, 0.8]), "impostor": np.array([0.0, 0.1])})
>>> len(rows) == 2 * HISTOGRAM_BINS, round(sum(r["share"] for r in rows), 6)
(True, 2.0)
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import altair as alt
import numpy as np
import pandas as pd

from facenumbers.charts import PALETTE, LiveChart, rows_from_param
from facenumbers.charts.text import format_percent
from facenumbers.models import error_rates
from facenumbers.models.validation import (
    require_mapping,
    require_number,
    require_numbers,
    require_rate,
    require_rows,
    require_table,
)

HISTOGRAM_BINS = 56
SCORE_RANGE = (-0.4, 1.0)
KIND_LABELS = {"genuine": "Same person (genuine)", "impostor": "Different people (impostor)"}
GROUP_COLOURS = {"Group A": PALETTE["blue"], "Group B": PALETTE["vermillion"], "Everyone": PALETTE["grey"]}
#: The smallest rates the DET chart shows (about one error in the synthetic sample);
#: a rate of 0 is drawn on the edge of the chart.
FMR_FLOOR = 1e-6
FNMR_FLOOR = 1e-4


def histogram_rows(scores: Mapping[str, np.ndarray]) -> list[dict[str, object]]:
    """Pre-aggregated histogram: for each kind, the share of its comparisons in each score bin.

    Scores outside the drawn range are counted in the first or last bin.
    """
    scores = require_mapping(scores, "scores", object, "arrays of scores", keys=("genuine", "impostor"))
    edges = np.linspace(*SCORE_RANGE, HISTOGRAM_BINS + 1)
    rows = []
    for kind in ("genuine", "impostor"):
        given = scores[kind]
        checked = (np.zeros(0) if hasattr(given, "__len__") and len(given) == 0  # none of this kind
                   else require_numbers(given, f"scores[{kind!r}]"))
        values = np.clip(checked, edges[0], edges[-1] - 1e-9)
        counts, _ = np.histogram(values, bins=edges)
        shares = counts / max(len(values), 1)
        for start, end, share in zip(edges[:-1], edges[1:], shares):
            rows.append({"kind": KIND_LABELS[kind], "start": round(float(start), 4),
                         "end": round(float(end), 4), "share": float(share)})
    return rows


def score_histogram_chart(rows: Sequence[dict[str, object]], threshold: float, pair_score: float) -> LiveChart:
    """Genuine and impostor score histograms, the threshold line and the chosen pair's score."""
    rows = require_rows(rows, "rows", ("kind", "start", "end", "share"))
    threshold, pair_score = require_number(threshold, "threshold"), require_number(pair_score, "pair_score")
    x_scale = alt.Scale(domain=list(SCORE_RANGE))
    bars = (
        rows_from_param("bins", len(rows), ["kind", "start", "end", "share"])
        .mark_rect(opacity=0.75)
        .encode(
            x=alt.X("start:Q", title="Similarity score (cosine, -1 to 1)", scale=x_scale),
            x2="end:Q",
            y=alt.Y("share:Q", title="Share of comparisons of that kind (%)", axis=alt.Axis(format="%")),
            y2=alt.Y2(datum=0),
            color=alt.Color(
                "kind:N",
                title="Comparison",
                scale=alt.Scale(domain=list(KIND_LABELS.values()),
                                range=[PALETTE["blue"], PALETTE["orange"]]),
                legend=alt.Legend(orient="bottom", direction="vertical"),
            ),
            tooltip=[alt.Tooltip("kind:N", title="Comparison"),
                     alt.Tooltip("start:Q", title="Scores from", format=".3f"),
                     alt.Tooltip("end:Q", title="to", format=".3f"),
                     alt.Tooltip("share:Q", title="Share", format=".2%")],
        )
    )
    marker_data = alt.Data(values=[{"what": "Threshold"}, {"what": "Your pair"}])
    markers = (
        alt.Chart(marker_data)
        .transform_calculate(score="datum.what == 'Threshold' ? threshold : pair_score")
        .mark_rule(strokeWidth=3)
        .encode(
            x=alt.X("score:Q", scale=x_scale),
            strokeDash=alt.StrokeDash(
                "what:N", title="Line",
                scale=alt.Scale(domain=["Threshold", "Your pair"], range=[[1, 0], [6, 4]]),
                legend=alt.Legend(orient="bottom", direction="vertical"),
            ),
            color=alt.value("#000000"),
            tooltip=[alt.Tooltip("what:N", title="Line"), alt.Tooltip("score:Q", format=".3f")],
        )
    )
    chart = (
        alt.layer(bars, markers)
        .add_params(
            alt.param(name="bins", value=list(rows)),
            alt.param(name="threshold", value=float(threshold)),
            alt.param(name="pair_score", value=float(pair_score)),
        )
        .properties(
            title=alt.Title("How alike are two captures?",
                            subtitle="Scores of same-person and different-person comparisons"),
            width=440,
            height=230,
        )
    )
    return LiveChart(chart)


def describe_scores(false_match_rate: float, false_non_match_rate: float, threshold: float) -> str:
    """One-line summary of :func:`score_histogram_chart`.

    >>> describe_scores(0.001, 0.02, 0.3)
    'At a threshold of 0.300, 0.1% of different-person comparisons reach it (false matches) and 2.0% of same-person comparisons fall below it (false non-matches).'
    """
    false_match_rate = require_rate(false_match_rate, "false_match_rate")
    false_non_match_rate = require_rate(false_non_match_rate, "false_non_match_rate")
    threshold = require_number(threshold, "threshold")
    return (
        f"At a threshold of {threshold:.3f}, {format_percent(false_match_rate)} of different-person "
        f"comparisons reach it (false matches) and {format_percent(false_non_match_rate)} of "
        f"same-person comparisons fall below it (false non-matches)."
    )


def det_rows(curves: Mapping[str, pd.DataFrame]) -> list[dict[str, object]]:
    """DET curve rows for several groups, with rates of 0 moved up to the chart's floor."""
    rows = []
    for group, curve in require_mapping(curves, "curves", pd.DataFrame, "a DET curve table "
                                        "(from det_curve)").items():
        curve = require_table(curve, f"curves[{group!r}]", ("false_match_rate", "false_non_match_rate"))
        for fmr, fnmr in zip(curve["false_match_rate"], curve["false_non_match_rate"]):
            rows.append({"group": group, "fmr": max(float(fmr), FMR_FLOOR),
                         "fnmr": max(float(fnmr), FNMR_FLOOR)})
    return rows


def det_chart(curve_rows: Sequence[dict[str, object]], points: Sequence[dict[str, object]]) -> LiveChart:
    """DET curves (log axes) per group, with each group's operating point at the threshold."""
    curve_rows = require_rows(curve_rows, "curve_rows", ("group", "fmr", "fnmr"))
    points = require_rows(points, "points", ("group", "fmr", "fnmr"))
    groups = list(dict.fromkeys(row["group"] for row in curve_rows))
    colour = alt.Color(
        "group:N", title="Group (synthetic model)",
        scale=alt.Scale(domain=groups, range=[GROUP_COLOURS.get(g, PALETTE["green"]) for g in groups]),
        legend=alt.Legend(orient="bottom"),
    )
    x = alt.X("fmr:Q", title="False-match rate (log scale)",
              scale=alt.Scale(type="log", domain=[FMR_FLOOR, 1]), axis=alt.Axis(format="~e"))
    y = alt.Y("fnmr:Q", title="False non-match rate (log scale)",
              scale=alt.Scale(type="log", domain=[FNMR_FLOOR, 1]), axis=alt.Axis(format="~e"))
    lines = alt.Chart(alt.Data(values=list(curve_rows))).mark_line(strokeWidth=2).encode(
        x=x, y=y, color=colour, order=alt.Order("fmr:Q"),
    )
    dots = (
        rows_from_param("points", len(points), ["group", "fmr", "fnmr"])
        .mark_point(filled=True, size=140, shape="diamond", stroke="#000000", strokeWidth=1)
        .encode(
            x=x, y=y, color=colour,
            tooltip=[alt.Tooltip("group:N", title="Group"),
                     alt.Tooltip("fmr:Q", title="False-match rate", format=".2e"),
                     alt.Tooltip("fnmr:Q", title="False non-match rate", format=".2e")],
        )
    )
    chart = (
        alt.layer(lines, dots)
        .add_params(alt.param(name="points", value=list(points)))
        .properties(
            title=alt.Title("The trade-off between the two errors (DET curve)",
                            subtitle="Lower left is better; diamonds mark the current threshold; 0 is drawn on the edge"),
            width=380,
            height=300,
        )
    )
    return LiveChart(chart)


def describe_det(points: Sequence[dict[str, object]], threshold: float) -> str:
    """One-line summary of :func:`det_chart` from its operating points.

    >>> describe_det([{"group": "Group A", "fmr": 1e-5, "fnmr": 0.01}], 0.35)
    'At a threshold of 0.350: Group A, false-match rate 0.001%, false non-match rate 1.0%.'
    """
    points = require_rows(points, "points", ("group", "fmr", "fnmr"))
    threshold = require_number(threshold, "threshold")
    parts = [
        f"{p['group']}, false-match rate {format_percent(float(p['fmr']))}, "
        f"false non-match rate {format_percent(float(p['fnmr']))}"
        for p in points
    ]
    return f"At a threshold of {threshold:.3f}: " + "; ".join(parts) + "."


def det_curve_chart(genuine_scores: object, impostor_scores: object,
                    label: str = "Synthetic matcher") -> LiveChart:
    """The DET curve of one set of scores, with its equal-error-rate point marked.

    >>> live = det_curve_chart([0.6, 0.7, 0.9], [0.1, 0.2, 0.65])
    >>> [round(p["fmr"], 3) for p in live.params["points"]]
    [0.333]
    """
    curve = error_rates.det_curve(genuine_scores, impostor_scores)
    eer = error_rates.equal_error_rate(genuine_scores, impostor_scores)
    point = {"group": label, "fmr": max(eer.false_match_rate, FMR_FLOOR),
             "fnmr": max(eer.false_non_match_rate, FNMR_FLOOR)}
    return det_chart(det_rows({label: curve}), [point])
