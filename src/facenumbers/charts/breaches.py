"""Lesson 07's chart of what can happen to a store: the chance of each number of breaches over
the years, and the records each case leaks, with the expected number leaked for comparison.

The expectation is an average over every case, nothing and a lot alike: the chart puts it as a
dashed line across the cases, where it usually meets no bar at all.

>>> from facenumbers.models.breaches import breach_outcomes
>>> outcome = breach_outcomes(120_000_000, 0.02, 0.1, years=10)
>>> [(row["breaches"], row["chance_text"], row["records_text"]) for row in case_rows(outcome)]
[(0, '81.7%', '0'), (1, '16.7%', '12 million'), (2, '1.5%', '23 million')]
"""

from __future__ import annotations

from collections.abc import Sequence

import altair as alt

from facenumbers.charts import PALETTE, LiveChart
from facenumbers.charts.policy import BILLIONS, format_about
from facenumbers.charts.text import format_percent, format_significant
from facenumbers.models.breaches import BreachOutcome

__all__ = ["SMALLEST_SHOWN", "breach_cases_chart", "case_rows", "describe_breach_cases",
           "expected_line", "left_out"]

#: Numbers of breaches whose chance is below this are left out of the chart (and the summary
#: says how much chance they hold together).
SMALLEST_SHOWN = 0.001
#: The most cases the chart can show: 0 to 100 breaches (the model allows 100 years).
MOST_CASES = 101
CASE_FIELDS = ["breaches", "chance", "records_leaked", "kind", "chance_text", "records_text"]
#: Above this many bars, their numbers are left to the tooltips (they would overlap).
MOST_LABELLED = 8
NO_BREACH, SOME_BREACH = "No breach: nothing leaks", "One breach or more"


def _outcome(outcome: object) -> BreachOutcome:
    if not isinstance(outcome, BreachOutcome):
        raise TypeError("outcome must be the result of breach_outcomes (a BreachOutcome); got a "
                        f"{type(outcome).__name__}.")
    return outcome


def case_rows(outcome: BreachOutcome, smallest: float = SMALLEST_SHOWN) -> list[dict[str, object]]:
    """The chart's rows: each number of breaches whose chance is at least ``smallest``."""
    outcome = _outcome(outcome)
    return [{"breaches": int(case["breaches"]), "chance": float(case["chance"]),
             "records_leaked": float(case["records_leaked"]),
             "kind": NO_BREACH if case["breaches"] == 0 else SOME_BREACH,
             "chance_text": format_percent(float(case["chance"])),
             "records_text": format_significant(float(case["records_leaked"]))}
            for case in outcome.cases.to_dict("records") if case["chance"] >= smallest]


def left_out(outcome: BreachOutcome, smallest: float = SMALLEST_SHOWN) -> float:
    """The chance held by the numbers of breaches the chart leaves out.

    >>> from facenumbers.models.breaches import breach_outcomes
    >>> round(left_out(breach_outcomes(1_000, 0.02, 0.1, years=10)), 5)
    0.00086
    """
    chances = _outcome(outcome).cases["chance"]
    return float(chances[chances < smallest].sum())


def expected_line(outcome: BreachOutcome) -> dict[str, object]:
    """The parameter ``expected`` of :func:`breach_cases_chart`: the expectation and its label."""
    outcome = _outcome(outcome)
    return {"records": outcome.expected_exposed,
            "text": f"Expected: {format_about(outcome.expected_exposed)} (the average of all cases)"}


def breach_cases_chart(rows: Sequence[dict[str, object]], expected: dict[str, object]) -> LiveChart:
    """Two panels over the number of breaches: its chance, and the records it leaks.

    The rows (:func:`case_rows`, at most :data:`MOST_CASES`) come from the parameter
    ``cases``; the dashed line of the expected number leaked from the parameter ``expected``.
    """
    cases = (alt.Chart(alt.sequence(0, MOST_CASES, as_="row_index"))
             .transform_filter("datum.row_index < length(cases)")
             .transform_calculate(**{f: f"cases[datum.row_index]['{f}']" for f in CASE_FIELDS}))
    x = alt.X("breaches:O", title="Number of breaches in the years of exposure",
              axis=alt.Axis(labelAngle=0))
    colour = alt.Color("kind:N", title=None, sort=[NO_BREACH, SOME_BREACH],
                       scale=alt.Scale(domain=[NO_BREACH, SOME_BREACH],
                                       range=[PALETTE["grey"], PALETTE["vermillion"]]),
                       legend=alt.Legend(orient="bottom"))
    labels = cases.transform_filter(f"length(cases) <= {MOST_LABELLED}")
    tooltip = [alt.Tooltip("breaches:O", title="Breaches"),
               alt.Tooltip("chance_text:N", title="Chance"),
               alt.Tooltip("records_leaked:Q", title="Records leaked", format=",.0f")]
    chances = alt.layer(
        cases.mark_bar().encode(x=x, y=alt.Y("chance:Q", title="Chance (%)",
                                             axis=alt.Axis(format="%"),
                                             scale=alt.Scale(domain=[0, 1])),
                                color=colour, tooltip=tooltip),
        labels.mark_text(dy=-6, fontSize=10).encode(x=x, y="chance:Q", text="chance_text:N"),
    ).properties(width=400, height=150,
                 title=alt.Title("How many breaches, and how likely each number is",
                                 anchor="start",
                                 subtitle="Over the years of exposure; numbers of breaches with "
                                          "a chance below 0.1% are left out"))
    average = (alt.Chart(alt.sequence(0, 1, as_="row_index"))
               .transform_calculate(records="expected.records", text="expected.text"))
    leaked = alt.layer(
        cases.mark_bar().encode(
            x=x, y=alt.Y("records_leaked:Q", title="Records leaked (count)",
                         axis=alt.Axis(labelExpr=BILLIONS.format(value="datum.value", fmt="~s"))),
            color=colour, tooltip=tooltip),
        labels.mark_text(dy=-6, fontSize=10).encode(x=x, y="records_leaked:Q",
                                                    text="records_text:N"),
        average.mark_rule(color=PALETTE["blue"], strokeDash=[6, 4], strokeWidth=2).encode(
            y="records:Q"),
        *(average.mark_text(align="left", baseline="bottom", dx=2, dy=-3, fontSize=11,
                            fontWeight="bold", **style).encode(x=alt.value(0), y="records:Q",
                                                               text="text:N")
          for style in ({"stroke": "white", "strokeWidth": 4}, {"color": PALETTE["blue"]})),
    ).properties(width=400, height=150,
                 title=alt.Title("Records leaked in each case", anchor="start",
                                 subtitle="A leaked face stays leaked; the dashed line is the "
                                          "expected number leaked"))
    return LiveChart(alt.VConcatChart(
        vconcat=[chances, leaked], spacing=20, resolve=alt.Resolve(scale={"x": "shared"}),
        params=[alt.VariableParameter(name="cases", value=list(rows)),
                alt.VariableParameter(name="expected", value=dict(expected))]))


def describe_breach_cases(outcome: BreachOutcome, smallest: float = SMALLEST_SHOWN) -> str:
    """One-line summary of :func:`breach_cases_chart`.

    >>> from facenumbers.models.breaches import breach_outcomes
    >>> describe_breach_cases(breach_outcomes(119_652_000, 0.02, 0.1, years=10))
    'Over 10 years the most likely case is no breach (81.7%); one breach leaks 12 million records, two 23 million; the expected number leaked (about 2.4 million) is an average that happens in no case. Numbers of breaches with a chance below 0.1% (together 0.086%) are left out of the chart.'
    """
    outcome = _outcome(outcome)
    cases = outcome.cases
    likeliest = cases.loc[cases["chance"].idxmax()]
    k = int(likeliest["breaches"])
    case = "no breach" if k == 0 else "one breach" if k == 1 else f"{k} breaches"
    span = "1 year" if outcome.years == 1 else f"{outcome.years} years"
    text = (f"Over {span} the most likely case is {case} "
            f"({format_percent(float(likeliest['chance']))})")
    if outcome.years >= 1 and outcome.stored > 0:
        text += f"; one breach leaks {format_significant(outcome.leaked_by_one_breach)} records"
        if outcome.years >= 2:
            text += f", two {format_significant(float(cases.loc[2, 'records_leaked']))}"
    expected = outcome.expected_exposed
    leaks = set(cases.loc[cases["chance"] > 0, "records_leaked"].round())
    if round(expected) not in leaks:
        text += (f"; the expected number leaked ({format_about(expected)}) is an average that "
                 "happens in no case")
    text += "."
    hidden = left_out(outcome, smallest)
    if hidden > 0:
        text += (f" Numbers of breaches with a chance below {format_percent(smallest)} "
                 f"(together {format_percent(hidden)}) are left out of the chart.")
    return text
