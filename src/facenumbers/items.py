"""What the class got wrong: item analysis of a graded batch (``item_analysis.csv`` and ``.html``).

From the results of ``facenumbers grade``, for each checked exercise: how many graded students
passed it, how many gave a wrong answer, how many left it unanswered; and for each **named
mistake** (``Feedback.mistake``, see :mod:`facenumbers.checks.mistakes`) how many students made
it, with the hint it gives them (among the wrong answers: a blank is counted as not answered,
whatever its hint). Only submissions graded in full count ("broken" and "failed to run" are
counted apart, as :func:`facenumbers.grading.summary_text` does); answers graded by hand (the
memo, the reflections) are not items here.

``item_analysis.csv`` has one row per exercise, each followed by one row per mistake made, most
common first. Its columns (:data:`CSV_COLUMNS`):

================  ==================================================================================
column            meaning
================  ==================================================================================
``assignment``    the assignment, such as ``04-base-rates``
``kind``          ``exercise`` or ``mistake``
``exercise``      the exercise's answer name (the column of ``grades.csv``)
``mistake``       the mistake's name (empty on an exercise row)
``graded``        submissions graded in full: the denominator of ``share``
``students``      exercise row: students who passed; mistake row: students who made the mistake
``share``         ``students / graded``, a proportion between 0 and 1 (4 decimals)
``not_yet``       exercise row: students whose answer was wrong (any mistake, named or not)
``not_answered``  exercise row: students who left it blank (or whose answer was never found)
``unnamed``       exercise row: wrong answers that matched no named mistake
``hint``          mistake row: the hint those students were given (the commonest wording)
================  ==================================================================================

``item_analysis.html`` is one self-contained page (no script, nothing fetched: the charts are
inline SVG made by ``vl_convert``), with one section per assignment: the share passing each
exercise, hardest first, and the commonest mistakes, each chart with a one-line summary, then a
table of every exercise's mistakes and hints. It names no student.

>>> from facenumbers.grading import Assignment, ExerciseSpec, GradeResult
>>> assignment = Assignment("demo", "facenumbers.checks.demo", (ExerciseSpec("half", 1, False),))
>>> results = [GradeResult("a", "", "graded", points={"half": 1},
...                        feedback={"half": {"status": "correct", "message": "", "hint": ""}}),
...            GradeResult("b", "", "graded", points={"half": 0},
...                        feedback={"half": {"status": "not yet", "message": "", "hint": "A %?",
...                                           "mistake": "percentage"}})]
>>> item = item_analysis(results, assignment).exercises[0]
>>> item.passed, item.graded, item.mistakes[0].mistake, item.mistakes[0].students
(1, 2, 'percentage', 1)
"""

from __future__ import annotations

import csv
import html
import importlib
import io
import re
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from facenumbers.models.validation import require_instance, require_path

if TYPE_CHECKING:
    from facenumbers.grading import Assignment, GradeResult

__all__ = ["CSV_COLUMNS", "ExerciseItem", "ItemAnalysis", "MistakeCount", "item_analysis",
           "item_csv", "item_page", "write_course_page", "write_item_analysis"]

CSV_COLUMNS = ("assignment", "kind", "exercise", "mistake", "graded", "students", "share",
               "not_yet", "not_answered", "unnamed", "hint")
#: Mistakes drawn in a lesson's chart of the commonest mistakes (the table lists them all).
TOP_MISTAKES = 8
#: Mistakes listed per exercise in the page's table.
TABLE_MISTAKES = 5
#: The charts' font: vl_convert measures text with Arial's metrics, as browsers draw it.
CHART_FONT = "Arial, Helvetica, 'Liberation Sans', sans-serif"


@dataclass(frozen=True)
class MistakeCount:
    """How many graded students made one named mistake in one exercise."""

    exercise: str
    mistake: str
    students: int
    graded: int
    hint: str

    @property
    def share(self) -> float:
        """The share of graded students who made it (0 when none was graded)."""
        return self.students / self.graded if self.graded else 0.0


@dataclass(frozen=True)
class ExerciseItem:
    """One checked exercise: passed, wrong, blank, and its named mistakes (commonest first)."""

    exercise: str
    title: str
    graded: int
    passed: int
    not_yet: int
    not_answered: int
    mistakes: tuple[MistakeCount, ...]

    @property
    def share_passed(self) -> float:
        """The share of graded students who passed (0 when none was graded)."""
        return self.passed / self.graded if self.graded else 0.0

    @property
    def unnamed(self) -> int:
        """Wrong answers that matched no named mistake."""
        return self.not_yet - sum(m.students for m in self.mistakes)


@dataclass(frozen=True)
class ItemAnalysis:
    """The item analysis of one assignment's batch."""

    assignment: str
    submitted: int
    graded: int
    broken: int
    failed: int
    exercises: tuple[ExerciseItem, ...]

    def hardest_first(self) -> list[ExerciseItem]:
        """The exercises by share passing, lowest first (ties in the assignment's order)."""
        return sorted(self.exercises, key=lambda e: e.share_passed)

    def top_mistakes(self, count: int = TOP_MISTAKES) -> list[MistakeCount]:
        """The ``count`` commonest named mistakes of the whole assignment."""
        every = [m for e in self.exercises for m in e.mistakes]
        return sorted(every, key=lambda m: -m.students)[:count]


def _require_results(results: object) -> list[GradeResult]:
    from facenumbers.grading import GradeResult

    if isinstance(results, (str, bytes, Mapping)) or not isinstance(results, Sequence):
        raise TypeError(f"results must be a list of GradeResult (from grade_batch); got a "
                        f"{type(results).__name__}.")
    for result in results:
        if not isinstance(result, GradeResult):
            raise TypeError(f"results must be a list of GradeResult (from grade_batch); one is a "
                            f"{type(result).__name__}.")
    return list(results)


def _require_assignment(assignment: object) -> Assignment:
    from facenumbers.grading import Assignment

    return require_instance(assignment, Assignment, "assignment",
                            "an Assignment (from load_assignment)")


def _titles(assignment: Assignment) -> dict[str, str]:
    """Each exercise's title from the assignment's checks, when they can be imported."""
    try:
        lesson = importlib.import_module(assignment.checks_module).LESSON
        return {name: str(exercise.title) for name, exercise in lesson.exercises.items()}
    except Exception:  # noqa: BLE001 - titles are a courtesy: the names are enough
        return {}


def _verdict(result: GradeResult, name: str) -> dict[str, str]:
    feedback = result.feedback.get(name)
    if not isinstance(feedback, Mapping):
        passed = result.points.get(name, 0) > 0
        return {"status": "correct" if passed else "not answered"}
    return {key: str(value) for key, value in feedback.items()}


def item_analysis(results: Sequence[GradeResult], assignment: Assignment) -> ItemAnalysis:
    """Count, per checked exercise, passes, wrong answers, blanks and each named mistake.

    ``results`` are one assignment's (from :func:`facenumbers.grading.grade_batch`); only those
    with status "graded" count. See the module's docstring for an example.
    """
    results = _require_results(results)
    assignment = _require_assignment(assignment)
    graded = [r for r in results if r.status == "graded"]
    titles = _titles(assignment)
    items = []
    for spec in assignment.exercises:
        if spec.by_hand:
            continue
        verdicts = [_verdict(r, spec.name) for r in graded]
        made: Counter[str] = Counter()
        hints: dict[str, Counter[str]] = {}
        for verdict in verdicts:
            mistake = verdict.get("mistake", "")
            if verdict.get("status") in ("correct", "not answered") or not mistake:
                continue        # a blank is counted as such (a stub "returns nothing" too)
            made[mistake] += 1
            hints.setdefault(mistake, Counter())[verdict.get("hint", "")] += 1
        mistakes = tuple(MistakeCount(spec.name, name, count, len(graded),
                                      hints[name].most_common(1)[0][0])
                         for name, count in sorted(made.items(), key=lambda kv: (-kv[1], kv[0])))
        statuses = Counter(v.get("status", "") for v in verdicts)
        items.append(ExerciseItem(
            spec.name, titles.get(spec.name, ""), len(graded), statuses["correct"],
            sum(n for status, n in statuses.items() if status not in ("correct", "not answered")),
            statuses["not answered"], mistakes))
    return ItemAnalysis(assignment.name, len(results), len(graded),
                        sum(r.status == "broken" for r in results),
                        sum(r.status == "failed to run" for r in results), tuple(items))


def item_csv(analysis: ItemAnalysis) -> str:
    """``item_analysis.csv`` as text: see the module's docstring for the columns.

    >>> print(item_csv(ItemAnalysis("demo", 0, 0, 0, 0, ())).strip())
    assignment,kind,exercise,mistake,graded,students,share,not_yet,not_answered,unnamed,hint
    """
    require_instance(analysis, ItemAnalysis, "analysis", "an ItemAnalysis (from item_analysis)")
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    for e in analysis.exercises:
        writer.writerow([analysis.assignment, "exercise", e.exercise, "", e.graded, e.passed,
                         f"{e.share_passed:.4f}", e.not_yet, e.not_answered, e.unnamed, ""])
        for m in e.mistakes:
            writer.writerow([analysis.assignment, "mistake", e.exercise, m.mistake, m.graded,
                             m.students, f"{m.share:.4f}", "", "", "", m.hint])
    return out.getvalue()


# -- the page ---------------------------------------------------------------------------------
def _share(value: float) -> str:
    return f"{value:.0%}"


def _pass_summary(analysis: ItemAnalysis) -> str:
    order = analysis.hardest_first()
    if not analysis.graded or not order:
        return "No submission was graded in full, so there is nothing to chart yet."
    hardest, easiest = order[0], order[-1]
    return (f"Hardest: {hardest.exercise}, passed by {_share(hardest.share_passed)} "
            f"({hardest.passed} of {hardest.graded} graded); easiest: {easiest.exercise}, "
            f"{_share(easiest.share_passed)}.")


def _mistake_summary(analysis: ItemAnalysis) -> str:
    top = analysis.top_mistakes(1)
    if not top:
        return "No graded student made a named mistake."
    m = top[0]
    return (f"Commonest: {m.mistake} in {m.exercise}, made by {m.students} of {m.graded} "
            f"graded students ({_share(m.share)}).")


def _svg(spec: dict[str, Any], label: str) -> str:
    """A Vega-Lite chart as inline SVG: no script, nothing to fetch, labelled for screen readers."""
    import vl_convert

    svg = vl_convert.vegalite_to_svg(spec)
    svg = re.sub(r'\s+xmlns(?::xlink)?="[^"]*"', "", svg, count=2)
    return svg.replace("<svg ", f'<svg role="img" aria-label="{html.escape(label)}" ', 1)


def _bar_chart(rows: list[dict[str, Any]], title: str, subtitle: str, x_title: str,
               y_title: str, colour: str, summary: str) -> str:
    import altair as alt

    # The y axis's title sits above its labels, so that a browser font wider than the one
    # vl_convert measured with cannot push the labels into it.
    base = alt.Chart(alt.Data(values=rows)).encode(
        y=alt.Y("label:N", sort=None, title=y_title, axis=alt.Axis(
            labelLimit=320, titleAngle=0, titleAlign="right", titleBaseline="bottom", titleX=-4,
            titleY=-6)))
    bars = base.mark_bar(color=colour).encode(
        x=alt.X("share:Q", title=x_title, scale=alt.Scale(domain=[0, 1]),
                axis=alt.Axis(format="%", tickCount=5)))
    text = base.mark_text(align="left", dx=4, color="#222222").encode(
        x=alt.X("share:Q"), text=alt.Text("count:N"))
    chart = (bars + text).properties(
        title=alt.Title(title, subtitle=subtitle, anchor="start", offset=14), width=360,
        height=alt.Step(24), description=summary, padding={"left": 8, "top": 4, "right": 48,
                                                           "bottom": 4},
    ).configure(font=CHART_FONT)
    return _svg(chart.to_dict(), f"{title}. {summary}")


def _pass_chart(analysis: ItemAnalysis) -> str:
    from facenumbers.charts import PALETTE

    rows = [{"label": e.exercise, "share": e.share_passed,
             "count": f"{_share(e.share_passed)} ({e.passed} of {e.graded})"}
            for e in analysis.hardest_first()]
    return _bar_chart(rows, f"{analysis.assignment}: who passed each exercise",
                      "Hardest first; graded submissions only",
                      "Graded students who passed (%)", "Exercise", PALETTE["blue"],
                      _pass_summary(analysis))


def _mistake_chart(analysis: ItemAnalysis) -> str:
    from facenumbers.charts import PALETTE

    rows = [{"label": f"{m.exercise}: {m.mistake}", "share": m.share,
             "count": f"{m.students} of {m.graded} ({_share(m.share)})"}
            for m in analysis.top_mistakes()]
    return _bar_chart(rows, f"{analysis.assignment}: the commonest named mistakes",
                      f"Up to {TOP_MISTAKES}; each student counted once per exercise",
                      "Graded students who made the mistake (%)", "Exercise: mistake",
                      PALETTE["vermillion"], _mistake_summary(analysis))


def _table(analysis: ItemAnalysis) -> str:
    e = html.escape
    rows = []
    for item in analysis.hardest_first():
        shown = item.mistakes[:TABLE_MISTAKES]
        mistakes = "".join(
            f"<li><b>{e(m.mistake)}</b>: {m.students} ({_share(m.share)}). "
            f"<span class='hint'>Hint given: {e(m.hint) or '(none)'}</span></li>" for m in shown)
        more = len(item.mistakes) - len(shown)
        mistakes += f"<li>{more} more in item_analysis.csv</li>" if more > 0 else ""
        if item.unnamed:
            mistakes += f"<li>{item.unnamed} other wrong answers (no named mistake)</li>"
        title = f"<br><span class='title'>{e(item.title)}</span>" if item.title else ""
        rows.append(
            f"<tr><th scope='row'>{e(item.exercise)}{title}</th>"
            f"<td>{item.passed} ({_share(item.share_passed)})</td><td>{item.not_yet}</td>"
            f"<td>{item.not_answered}</td><td><ul>{mistakes or '<li>none</li>'}</ul></td></tr>")
    return ("<table><caption>Every checked exercise, hardest first (counts of "
            f"{analysis.graded} graded submissions)</caption><thead><tr><th scope='col'>Exercise"
            "</th><th scope='col'>Passed</th><th scope='col'>Wrong</th><th scope='col'>Not "
            "answered</th><th scope='col'>Named mistakes, commonest first</th></tr></thead>"
            f"<tbody>{''.join(rows)}</tbody></table>")


def _section(analysis: ItemAnalysis) -> str:
    e = html.escape
    head = (f"<h2 id='{e(analysis.assignment)}'>{e(analysis.assignment)}</h2><p>Submitted: "
            f"{analysis.submitted}; graded in full: {analysis.graded}; broken: {analysis.broken}; "
            f"failed to run: {analysis.failed}. Only the graded submissions are counted below."
            "</p>")
    if not analysis.graded or not analysis.exercises:
        return f"<section>{head}<p>{e(_pass_summary(analysis))}</p></section>"
    figures = [f"<figure>{_pass_chart(analysis)}<figcaption>{e(_pass_summary(analysis))}"
               "</figcaption></figure>"]
    if analysis.top_mistakes(1):
        figures.append(f"<figure>{_mistake_chart(analysis)}<figcaption>"
                       f"{e(_mistake_summary(analysis))}</figcaption></figure>")
    else:
        figures.append(f"<p>{e(_mistake_summary(analysis))}</p>")
    return f"<section>{head}{''.join(figures)}{_table(analysis)}</section>"


_STYLE = """
body{font-family:system-ui,-apple-system,"Segoe UI",sans-serif;max-width:60rem;margin:2rem auto;
padding:0 1rem;color:#222;line-height:1.45}
h1{font-size:1.6rem}h2{margin-top:2.5rem;border-top:1px solid #ccc;padding-top:1rem}
figure{margin:1.5rem 0}figcaption{font-weight:600;margin-top:.3rem}
svg{max-width:100%;height:auto;overflow:visible}
table{border-collapse:collapse;width:100%;margin-top:1rem}caption{text-align:left;font-weight:600}
th,td{border:1px solid #ccc;padding:.4rem;vertical-align:top;text-align:left}
ul{margin:0;padding-left:1.1rem}.hint,.title{color:#444;font-size:.92em}
"""


def item_page(analyses: Sequence[ItemAnalysis]) -> str:
    """``item_analysis.html`` as text: one section per analysis (one per assignment).

    >>> page = item_page([ItemAnalysis("04-base-rates", 0, 0, 0, 0, ())])
    >>> "<script" in page, "04-base-rates" in page
    (False, True)
    """
    if isinstance(analyses, ItemAnalysis):
        analyses = [analyses]
    if isinstance(analyses, (str, bytes)) or not isinstance(analyses, Sequence) or not all(
            isinstance(a, ItemAnalysis) for a in analyses):
        raise TypeError("analyses must be a list of ItemAnalysis (from item_analysis).")
    names = [a.assignment for a in analyses]
    title = "What the class got wrong" + (f": {names[0]}" if len(names) == 1 else "")
    contents = ("<nav aria-label='Assignments'><ul>" + "".join(
        f"<li><a href='#{html.escape(n)}'>{html.escape(n)}</a></li>" for n in names)
        + "</ul></nav>") if len(names) > 1 else ""
    return (
        "<!DOCTYPE html>\n<html lang='en'><head><meta charset='utf-8'>"
        "<meta name='viewport' content='width=device-width, initial-scale=1'>"
        f"<title>{html.escape(title)}</title><style>{_STYLE}</style></head><body>"
        f"<h1>{html.escape(title)}</h1><p>For each checked exercise: the share of graded "
        "students who passed, and the named mistakes the checks recognised, with the hint each "
        "student was given. Start the next class with the commonest mistake of the hardest "
        "exercise (the instructor guide, section 5, \"What the class got wrong\"). This page "
        f"names no student.</p>{contents}{''.join(_section(a) for a in analyses)}</body></html>\n")


def write_item_analysis(results: Sequence[GradeResult], assignment: Assignment,
                        out: str | Path) -> tuple[Path, Path]:
    """Write ``item_analysis.csv`` and ``item_analysis.html`` under ``out``; return both paths.

    >>> from facenumbers.grading import Assignment
    >>> write_item_analysis([], "not an assignment", "out")
    Traceback (most recent call last):
    ...
    TypeError: assignment must be an Assignment (from load_assignment); got a str.
    """
    analysis = item_analysis(results, assignment)
    out = require_path(out, "out")
    out.mkdir(parents=True, exist_ok=True)
    table, page = out / "item_analysis.csv", out / "item_analysis.html"
    table.write_text(item_csv(analysis), encoding="utf-8")
    page.write_text(item_page([analysis]), encoding="utf-8")
    return table, page


def write_course_page(by_assignment: Mapping[Assignment, Sequence[GradeResult]],
                      path: str | Path) -> Path:
    """Write one page for several assignments (one section each, in the mapping's order).

    >>> write_course_page({}, "course.html")
    Traceback (most recent call last):
    ...
    ValueError: by_assignment must hold at least one assignment and its results.
    """
    if not isinstance(by_assignment, Mapping):
        raise TypeError(f"by_assignment must be a dict of Assignment -> results; got a "
                        f"{type(by_assignment).__name__}.")
    if not by_assignment:
        raise ValueError("by_assignment must hold at least one assignment and its results.")
    analyses = [item_analysis(results, assignment) for assignment, results in by_assignment.items()]
    path = require_path(path, "path")
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(item_page(analyses), encoding="utf-8")
    return path
