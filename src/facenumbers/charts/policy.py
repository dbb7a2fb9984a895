"""Charts for Lessons 06 and 07: four registration policies side by side, and breach exposure over time.

>>> from facenumbers.models.policy import compare_policies
>>> rows = policy_rows(compare_policies())
>>> len(rows), rows[0]["outcome"], rows[0]["policy"], rows[-1]["outcome"]
(24, 'Fraudulent numbers obtained', 'A', 'People whose face leaks within 10 years')
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import altair as alt

from facenumbers.charts import PALETTE, LiveChart, rows_from_param
from facenumbers.charts.text import format_count
from facenumbers.models.policy import POLICIES, PolicyOutcome

#: Panels of the policy chart: (outcome label, how to read it from a PolicyOutcome).
OUTCOMES = (
    ("Fraudulent numbers obtained", lambda o: o.fraud_not_stopped),
    ("Fraud stopped at the counter", lambda o: o.fraud_stopped),
    ("Honest people refused", lambda o: o.honest_refused),
    ("Honest people flagged as duplicates", lambda o: sum(o.people_flagged_by_group.values())),
    ("Faces stored", lambda o: o.faces_stored),
    ("People whose face leaks within {years} years", lambda o: o.people_exposed),
)
#: Vega expression: an SI-formatted number with "B" (billion) instead of "G".
BILLIONS = "replace(format({value}, '{fmt}'), 'G', 'B')"
POLICY_COLOURS = [PALETTE["grey"], PALETTE["sky"], PALETTE["blue"], PALETTE["vermillion"]]


def format_about(count: float) -> str:
    """A model output for a sentence: "about" and three significant figures from 10,000 up.

    The model's inputs are assumptions, so its last digits mean nothing; smaller counts keep
    :func:`format_count`'s rounding.

    >>> format_about(29_835.4), format_about(58_292_046), format_about(1_119_652_000)
    ('about 29,800', 'about 58.3 million', 'about 1.12 billion')
    >>> format_about(2_297.2), format_about(5_600_000), format_about(0)
    ('2,297', 'about 5.6 million', '0')
    """
    if not math.isfinite(count) or abs(count) < 10_000:
        return format_count(count)
    rounded = float(f"{count:.3g}")
    if abs(rounded) >= 1e9:
        return f"about {rounded / 1e9:.3g} billion"
    if abs(rounded) >= 1e6:
        return f"about {rounded / 1e6:.3g} million"
    return f"about {rounded:,.0f}"


def policy_rows(outcomes: Sequence[PolicyOutcome], years: int = 10) -> list[dict[str, object]]:
    """One row per (outcome, policy): the chart's data (``years``: the breach horizon)."""
    return [{"outcome": label.format(years=years), "order": order, "policy": o.policy,
             "label": o.label, "people": float(read(o))}
            for order, (label, read) in enumerate(OUTCOMES) for o in outcomes]


def policy_chart(rows: Sequence[dict[str, object]]) -> LiveChart:
    """Small multiples: one panel per outcome, one bar per policy, each panel its own scale."""
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
    source = rows_from_param("outcomes", len(rows), fields)
    chart = (
        alt.FacetChart(
            data=source.data, spec=alt.layer(bars, text).properties(width=150, height=130),
            facet=alt.Facet("outcome:N", sort=alt.SortField("order"), title=None,
                            header=alt.Header(labelFontWeight="bold", labelFontSize=12)),
            columns=2,  # about 540 px wide: fits a notebook beside JupyterLab's file browser
        )
        .transform_calculate(**{f: f"outcomes[datum.row_index]['{f}']" for f in fields})
        .transform_calculate(shown=BILLIONS.format(value="datum.people", fmt=".3~s"))
        .resolve_scale(y="independent")
        .add_params(alt.param(name="outcomes", value=list(rows)))
        .properties(title=alt.Title("Four registration policies, one year of new numbers",
                                    subtitle="Expected counts; each panel has its own scale"))
    )
    return LiveChart(chart)


def _legend_labels() -> str:
    cases = " : ".join(f"datum.label == '{key}' ? '{label}'" for key, label in POLICIES.items())
    return f"{cases} : datum.label"


def describe_policies(outcomes: Sequence[PolicyOutcome]) -> str:
    """One-line summary of :func:`policy_chart`.

    >>> from facenumbers.models.policy import compare_policies
    >>> describe_policies(compare_policies())[:66]
    'Going from A to D stops about 473,000 more fraudulent attempts a y'
    """
    first, last = outcomes[0], outcomes[-1]
    return (
        f"Going from {first.policy} to {last.policy} stops "
        f"{format_about(last.fraud_stopped - first.fraud_stopped)} more fraudulent attempts a "
        f"year (but {format_about(last.displaced_to_resale)} of them buy a registered card "
        f"instead), refuses {format_about(last.honest_refused - first.honest_refused)} more "
        f"honest people, and stores {format_about(last.faces_stored - first.faces_stored)} more "
        "faces."
    )


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
    'After 10 years: about 2.37 million records exposed for life, against about 237,000 passwords still unchanged.'
    """
    last = rows[-1]
    return (f"After {last['year']} years: {format_about(float(last['faces_exposed']))} records "
            f"exposed for life, against {format_about(float(last['passwords_exposed']))} passwords "
            "still unchanged.")
