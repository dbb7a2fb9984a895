"""Charts for Lessons 06 and 07: four registration policies side by side, which policy costs
least as the weights of two harms change, and breach exposure over time.

>>> from facenumbers.models.policy import compare_policies
>>> rows = policy_rows(compare_policies())
>>> len(rows), rows[0]["outcome"], rows[0]["policy"], rows[-1]["outcome"]
(24, 'Fraudulent numbers obtained', 'A', 'People whose face leaks within 10 years')
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import altair as alt
import pandas as pd

from facenumbers.charts import PALETTE, LiveChart, rows_from_param
from facenumbers.charts.text import format_count, format_significant, printable_number
from facenumbers.models.policy import POLICIES, PolicyOutcome, require_outcomes
from facenumbers.models.validation import (
    require_count,
    require_number,
    require_numbers,
    require_rows,
    require_table,
)

#: Panels of the policy chart: (outcome label, how to read it from a PolicyOutcome).
OUTCOMES = (
    ("Fraudulent numbers obtained", lambda o: o.fraud_not_stopped),
    ("Fraud stopped at the counter", lambda o: o.fraud_stopped),
    ("Honest people refused", lambda o: o.honest_refused),
    ("Honest people flagged as duplicates", lambda o: sum(o.people_flagged_by_group.values())),
    ("New face images stored", lambda o: o.faces_stored),
    ("People whose face leaks within {years} years", lambda o: o.people_exposed),
)
#: Vega expression: an SI-formatted number with "B" (billion) instead of "G".
BILLIONS = "replace(format({value}, '{fmt}'), 'G', 'B')"
POLICY_COLOURS = [PALETTE["grey"], PALETTE["sky"], PALETTE["blue"], PALETTE["vermillion"]]


def format_about(count: float) -> str:
    """A model output for a sentence: "about" and two significant figures from 10,000 up.

    The model's inputs are assumptions, so its digits past the second mean nothing (the same
    rounding as the simulator's table); smaller counts keep :func:`format_count`'s rounding.

    >>> format_about(29_835.4), format_about(58_292_046), format_about(1_119_652_000)
    ('about 30,000', 'about 58 million', 'about 1.1 billion')
    >>> format_about(2_297.2), format_about(5_600_000), format_about(0)
    ('2,297', 'about 5.6 million', '0')
    """
    count = printable_number(count, "count")
    if not math.isfinite(count) or abs(count) < 10_000:
        return format_count(count)
    return f"about {format_significant(count, 2)}"


def policy_rows(outcomes: Sequence[PolicyOutcome], years: int = 10) -> list[dict[str, object]]:
    """One row per (outcome, policy): the chart's data (``years``: the breach horizon)."""
    outcomes = require_outcomes(outcomes)
    return [{"outcome": label.format(years=years), "order": order, "policy": o.policy,
             "label": o.label, "people": float(read(o))}
            for order, (label, read) in enumerate(OUTCOMES) for o in outcomes]


def _policy_panels(count: int) -> alt.FacetChart:
    """Small multiples: one panel per outcome, one bar per policy, each panel its own scale.

    The ``count`` rows come from the parameter ``outcomes``, which the caller adds.
    """
    policies = list(POLICIES)
    fields = ["outcome", "order", "policy", "label", "people"]
    base = alt.Chart()  # the data and its transform live on the facet, which panels need
    bars = base.mark_bar().encode(
        x=alt.X("policy:N", sort=policies, title="Policy", axis=alt.Axis(labelAngle=0)),
        y=alt.Y("people:Q", title="Expected count",
                axis=alt.Axis(labelExpr=BILLIONS.format(value="datum.value", fmt="~s"))),
        color=alt.Color("policy:N", sort=policies, title="Policy",
                        scale=alt.Scale(domain=policies, range=POLICY_COLOURS),
                        legend=alt.Legend(orient="bottom", columns=2, labelExpr=_legend_labels(),
                                          labelLimit=320)),
        tooltip=[alt.Tooltip("label:N", title="Policy"), alt.Tooltip("outcome:N", title="Outcome"),
                 alt.Tooltip("people:Q", title="Expected count", format=",.0f")],
    )
    text = base.mark_text(dy=-6, fontSize=10).encode(
        x=alt.X("policy:N", sort=policies), y=alt.Y("people:Q"),
        text=alt.Text("shown:N"),
    )
    source = rows_from_param("outcomes", count, fields)
    return (
        alt.FacetChart(
            data=source.data, spec=alt.layer(bars, text).properties(width=150, height=130),
            facet=alt.Facet("outcome:N", sort=alt.SortField("order"), title=None,
                            header=alt.Header(labelFontWeight="bold", labelFontSize=12)),
            columns=2,  # about 540 px wide: fits a notebook beside JupyterLab's file browser
        )
        .transform_calculate(**{f: f"outcomes[datum.row_index]['{f}']" for f in fields})
        .transform_calculate(shown=BILLIONS.format(value="datum.people", fmt=".3~s"))
        .resolve_scale(y="independent")
        .properties(title=alt.Title("Four registration policies, one year of new numbers",
                                    subtitle="Expected counts; each panel has its own scale"))
    )


def policy_chart(rows: Sequence[dict[str, object]]) -> LiveChart:
    """Small multiples: one panel per outcome, one bar per policy, each panel its own scale."""
    return LiveChart(_policy_panels(len(rows)).add_params(alt.param(name="outcomes",
                                                                    value=list(rows))))


def _legend_labels() -> str:
    cases = " : ".join(f"datum.label == '{key}' ? '{label}'" for key, label in POLICIES.items())
    return f"{cases} : datum.label"


def describe_policies(outcomes: Sequence[PolicyOutcome]) -> str:
    """One-line summary of :func:`policy_chart`.

    >>> from facenumbers.models.policy import compare_policies
    >>> describe_policies(compare_policies())[-43:]
    'and adds about 120 million new face images.'
    """
    first, last = (outcomes := require_outcomes(outcomes))[0], outcomes[-1]
    return (
        f"Going from {first.policy} to {last.policy} stops "
        f"{format_about(last.fraud_stopped - first.fraud_stopped)} more fraudulent attempts a "
        f"year (but {format_about(last.displaced_to_resale)} of them buy a registered card "
        f"instead), refuses {format_about(last.honest_refused - first.honest_refused)} more "
        f"honest people, and adds {format_about(last.faces_stored - first.faces_stored)} new "
        "face images."
    )


#: Vega expression: an axis value (a power of 10) as a ratio of weights, "1:1,000" to "1,000:1".
RATIO_LABEL = ("datum.value >= 1 ? format(round(datum.value), ',') + ':1' "
               ": '1:' + format(round(1 / datum.value), ',')")


def format_ratio(ratio: float) -> str:
    """A ratio of two weights as the chart's axis writes it, to two significant figures.

    >>> format_ratio(0.354), format_ratio(1.0), format_ratio(2_238.7)
    ('1:2.8', '1:1', '2,200:1')
    """
    ratio = require_number(ratio, "ratio")
    if ratio <= 0:
        raise ValueError(f"ratio must be more than 0 (a ratio of two weights); got {ratio:g}.")
    if ratio >= 1:
        return f"{format_significant(ratio)}:1"
    return f"1:{format_significant(1 / ratio)}"


def ratio_bands(ratios: Sequence[float]) -> list[dict[str, object]]:
    """:func:`verdict_panel`'s fixed bands: one per ratio, reaching half way (on the log scale)
    to the next ratio, with the ratio as the axis writes it.

    >>> [(row["shown"], round(row["low"], 3), round(row["high"], 3)) for row in ratio_bands([0.1, 1, 10])]
    [('1:10', 0.1, 0.316), ('1:1', 0.316, 3.162), ('10:1', 3.162, 10.0)]
    """
    ratios = [float(r) for r in require_numbers(ratios, "ratios")]
    if min(ratios) <= 0 or ratios != sorted(ratios):
        raise ValueError("ratios must be more than 0 and in increasing order.")
    edges = [ratios[0], *(math.sqrt(a * b) for a, b in zip(ratios, ratios[1:])), ratios[-1]]
    return [{"ratio": ratio, "low": edges[i], "high": edges[i + 1], "shown": format_ratio(ratio)}
            for i, ratio in enumerate(ratios)]


def cheapest_letters(table: pd.DataFrame) -> list[str]:
    """The parameter ``verdict`` of :func:`verdict_panel`: the cheapest policy at each ratio of
    the model's ``cheapest_by_weight_ratio`` table.

    >>> cheapest_letters(pd.DataFrame({"ratio": [0.1, 1.0], "cheapest": ["B", "C"]}))
    ['B', 'C']
    """
    return [str(letter) for letter in require_table(table, "table", ("ratio", "cheapest"))["cheapest"]]


def verdict_turns(table: pd.DataFrame) -> list[tuple[str, str, float]]:
    """Where the cheapest policy changes: (from, to, ratio), in the order of the ratios.

    Each policy's cost is a straight line in the ratio (the first harm's weight times its
    count, plus the rest), so the ratio where two policies cost the same is exact, not the
    nearest ratio of the table.

    >>> table = pd.DataFrame({"ratio": [1.0, 3.0], "cheapest": ["B", "C"],
    ...                       "cost B": [10.0, 30.0], "cost C": [20.0, 20.0]})
    >>> verdict_turns(table)
    [('B', 'C', 2.0)]
    """
    turns = []
    rows = require_table(table, "table", ("ratio", "cheapest")).to_dict("records")
    for before, after in zip(rows, rows[1:]):
        old, new = before["cheapest"], after["cheapest"]
        if old == new:
            continue
        gap_before = before[f"cost {old}"] - before[f"cost {new}"]  # 0 or less: old was cheaper
        gap_after = after[f"cost {old}"] - after[f"cost {new}"]     # more than 0
        low, high = before["ratio"], after["ratio"]
        if gap_after == gap_before:
            at = math.sqrt(low * high)
        else:
            at = low + (high - low) * -gap_before / (gap_after - gap_before)
        turns.append((old, new, at))
    return turns


def describe_verdict(table: pd.DataFrame, first: str, second: str) -> str:
    """One-line summary of :func:`verdict_panel`: where the verdict turns.

    ``first`` and ``second`` name the two harms, in the learner's words.

    >>> table = pd.DataFrame({"ratio": [0.001, 1.0, 3.0, 1000.0], "cheapest": ["B", "B", "C", "C"],
    ...                       "cost B": [0.0, 10.0, 30.0, 1e4], "cost C": [20.0, 20.0, 20.0, 20.0]})
    >>> describe_verdict(table, "fraudulent numbers", "honest people refused")
    'Fraudulent numbers against honest people refused: B costs least up to a ratio of their weights of about 2:1, then C, up to 1,000:1.'
    """
    table = require_table(table, "table", ("ratio", "cheapest"))
    if table.empty:
        raise ValueError("table must have at least one ratio (the result of cheapest_by_weight_ratio).")
    for name, harm in (("first", first), ("second", second)):
        if not isinstance(harm, str) or not harm:
            raise TypeError(f"{name} must name a harm in words; got {harm!r:.40}.")
    start, end = float(table["ratio"].iloc[0]), float(table["ratio"].iloc[-1])
    span = f"{format_ratio(start)} to {format_ratio(end)}"
    head = f"{first[:1].upper()}{first[1:]} against {second}: "
    turns = verdict_turns(table)
    if not turns:
        return (f"{head}{table['cheapest'].iloc[0]} costs least at every ratio of their weights "
                f"from {span}.")
    parts = [f"{turns[0][0]} costs least up to a ratio of their weights of about "
             f"{format_ratio(turns[0][2])}"]
    parts += [f"then {policy} up to about {format_ratio(at)}" for (_, policy, _), (_, _, at)
              in zip(turns, turns[1:])]
    return f"{head}{', '.join(parts)}, then {turns[-1][1]}, up to {format_ratio(end)}."


def _ratio_axis(field: str, domain: Sequence[float]) -> alt.X:
    return alt.X(f"{field}:Q", scale=alt.Scale(type="log", domain=list(domain)),
                 title="Weight of the first harm : weight of the second (log scale)",
                 axis=alt.Axis(values=[10.0 ** k for k in range(-3, 4)], labelExpr=RATIO_LABEL))


def verdict_panel(bands: Sequence[dict[str, object]]) -> alt.LayerChart:
    """Coloured bands: the cheapest policy at each ratio of two harms' weights (log scale).

    The ``bands`` (:func:`ratio_bands`) are fixed; the cheapest policy of each comes from the
    parameter ``verdict`` (:func:`cheapest_letters`, in the same order), so a change sends one
    letter a band. A dashed line at the ratio of the learner's own weights comes from the
    parameter ``mine`` (``ratio``, and ``shown``: False when either weight is 0). The caller
    adds both parameters.
    """
    bands = require_rows(bands, "bands", ("ratio", "low", "high", "shown"))
    policies = list(POLICIES)
    domain = (float(bands[0]["low"]), float(bands[-1]["high"]))
    colours = alt.Scale(domain=policies, range=POLICY_COLOURS)
    cheapest = (alt.Chart(alt.Data(values=[{**band, "index": i} for i, band in enumerate(bands)]))
                .transform_calculate(policy="verdict[datum.index]")
                .transform_calculate(label=_legend_labels().replace("datum.label", "datum.policy")))
    drawn = cheapest.mark_rect(strokeWidth=1).encode(
        x=_ratio_axis("low", domain), x2="high:Q",
        y=alt.Y("policy:N", sort=policies, scale=alt.Scale(domain=policies),
                title="Cheapest policy", axis=alt.Axis(labelAngle=0)),
        color=alt.Color("policy:N", sort=policies, scale=colours, legend=None),
        stroke=alt.Stroke("policy:N", sort=policies, scale=colours, legend=None),  # no seams
        tooltip=[alt.Tooltip("shown:N", title="First harm : second"),
                 alt.Tooltip("label:N", title="Cheapest policy")],
    )
    ends = alt.Chart(alt.Data(values=[
        {"at": domain[0], "text": "\u2190 the second harm counts more", "align": "left"},
        {"at": domain[1], "text": "the first harm counts more \u2192", "align": "right"},
    ]))
    end_labels = alt.layer(*(
        ends.transform_filter(f"datum.align == '{align}'")
        .mark_text(align=align, baseline="bottom", dy=-4, fontSize=11, color="#333")
        .encode(x=_ratio_axis("at", domain), y=alt.value(0), text="text:N")
        for align in ("left", "right")))
    mine = (alt.Chart(alt.sequence(0, 1, as_="row_index"))
            .transform_calculate(ratio="mine.ratio", shown="mine.shown")
            .transform_filter("datum.shown"))
    # The marker is empty until both weights are set, and the readout names the cheapest policy at
    # those weights: it stays out of the accessibility tree (an empty mark has nothing to name).
    marker = alt.layer(
        mine.mark_rule(color="black", strokeDash=[5, 3], strokeWidth=2, aria=False).encode(
            x=_ratio_axis("ratio", domain)),
        mine.mark_text(align="left", dx=4, baseline="top", fontSize=11, aria=False).encode(
            x=_ratio_axis("ratio", domain), y=alt.value(2), text=alt.value("your weights")),
    )
    return alt.layer(drawn, end_labels, marker).properties(
        width=330, height=110,
        title=alt.Title("Which policy costs least as your values change", anchor="start",
                        subtitle=["The cheapest policy at each ratio of the weights of the two "
                                  "harms chosen", "under the chart; the other weights as you "
                                  "set them"]),
    )


def simulator_chart(outcomes: Sequence[dict[str, object]], bands: Sequence[dict[str, object]],
                    verdict: Sequence[str], mine: dict[str, object]) -> LiveChart:
    """The policy simulator's chart: :func:`policy_chart`'s panels above :func:`verdict_panel`.

    One chart (one Vega view) with three parameters: ``outcomes``, ``verdict`` and ``mine``.
    """
    # Top-level parameters, set directly: every view reads them, none selects anything.
    return LiveChart(alt.VConcatChart(
        vconcat=[_policy_panels(len(outcomes)), verdict_panel(bands)], spacing=24,
        params=[alt.VariableParameter(name="outcomes", value=list(outcomes)),
                alt.VariableParameter(name="verdict", value=list(verdict)),
                alt.VariableParameter(name="mine", value=dict(mine))]))


def exposure_chart(rows: Sequence[dict[str, object]]) -> LiveChart:
    """Lines over the years: faces exposed (never reset) against passwords still exposed."""
    series = {"faces_exposed": "Faces, fingerprints, ID numbers (cannot be reset)",
              "passwords_exposed": "Passwords (reset after a breach)"}
    chart = (
        rows_from_param("years", len(rows), ["year", "faces_exposed", "passwords_exposed"])
        .transform_fold(list(series), as_=["kind", "people"])
        .transform_calculate(what=" : ".join(f"datum.kind == '{k}' ? '{v}'" for k, v in series.items())
                             + " : datum.kind")
        .mark_line(point=True, strokeWidth=3)
        .encode(
            x=alt.X("year:Q", title="Years after the data are stored", axis=alt.Axis(tickMinStep=1)),
            y=alt.Y("people:Q", title="People still exposed (expected count)",
                    axis=alt.Axis(format="~s")),
            color=alt.Color("what:N", title=None, sort=list(series.values()),
                            scale=alt.Scale(domain=list(series.values()),
                                            range=[PALETTE["vermillion"], PALETTE["blue"]]),
                            legend=alt.Legend(orient="bottom")),
            strokeDash=alt.StrokeDash("what:N", sort=list(series.values()), legend=None),
            tooltip=[alt.Tooltip("year:Q", title="Year"), alt.Tooltip("what:N", title="Kind"),
                     alt.Tooltip("people:Q", title="People exposed", format=",.0f")],
        )
        .add_params(alt.param(name="years", value=list(rows)))
        .properties(title=alt.Title("A breached password can be changed; a face cannot",
                                    subtitle="Expected people exposed and not yet protected"),
                    width=420, height=240)
    )
    return LiveChart(chart)


def describe_exposure(rows: Sequence[dict[str, object]]) -> str:
    """One-line summary of :func:`exposure_chart`.

    >>> describe_exposure([{"year": 0, "faces_exposed": 0, "passwords_exposed": 0},
    ...                    {"year": 10, "faces_exposed": 2_371_617, "passwords_exposed": 237_162}])
    'After 10 years: about 2.4 million records exposed for life, against about 240,000 passwords still unchanged.'
    """
    last = require_rows(rows, "rows", ("year", "faces_exposed", "passwords_exposed"))[-1]
    require_count(last["year"], "the last row's year", maximum=100)
    for key in ("faces_exposed", "passwords_exposed"):
        if require_number(last[key], f"the last row's {key}") < 0:
            raise ValueError(f"the last row's {key} must be 0 or more; got {last[key]:g}.")
    return (f"After {last['year']} years: {format_about(float(last['faces_exposed']))} records "
            f"exposed for life, against {format_about(float(last['passwords_exposed']))} passwords "
            "still unchanged.")
