"""Item analysis: what the class got wrong, counted right, written as a CSV and one offline page.

The results are made as the grader's grading cell makes them (each answer judged by the lesson's
checks, the feedback's status, message, hint and mistake kept), without running notebooks.
"""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path

import pytest

from facenumbers import grading, items
from facenumbers.charts import PALETTE
from facenumbers.checks import base_rates

ROOT = Path(__file__).resolve().parents[1]
ASSIGNMENT = grading.load_assignment(ROOT, "04-base-rates")
RIGHT = {"ppv_cardiff": 173 / 2470, "false_share_met": base_rates.LESSON.exercises[
    "false_share_met"].judge.expected, "innocent_per_true_alarm": base_rates.LESSON.exercises[
    "innocent_per_true_alarm"].judge.expected, "ppv": lambda p, h, f: h * p / (h * p + f * (1 - p)),
    "max_false_alert_rate": base_rates.LESSON.exercises["max_false_alert_rate"].judge.expected,
    "why_precision_differs": "b", "blue_figures": base_rates.LESSON.exercises[
    "blue_figures"].judge.expected}


def _result(student: str, answers: dict[str, object], status: str = "graded") -> grading.GradeResult:
    """A result as the grading cell makes it: the checks judge every answer (blank if absent)."""
    result = grading.GradeResult(student, f"{student}.ipynb", status)
    for spec in ASSIGNMENT.exercises:
        if spec.by_hand:
            continue
        feedback = base_rates.LESSON.check(spec.name, answers.get(spec.name, ...))
        result.feedback[spec.name] = {"status": feedback.status, "message": feedback.message,
                                      "hint": feedback.hint, "mistake": feedback.mistake}
        result.points[spec.name] = spec.points if feedback.passed else 0.0
    return result


def _class() -> list[grading.GradeResult]:
    """Ten students: 4 right, 3 percentages and 1 false share on ppv_cardiff, 2 blank; a broken
    and a failed submission that must not count."""
    students = [_result(f"Qx-right-{i}", RIGHT) for i in range(4)]
    students += [_result(f"Qx-pct-{i}", {**RIGHT, "ppv_cardiff": 7.004, "why_precision_differs": "e"})
                 for i in range(3)]
    students.append(_result("Qx-false", {**RIGHT, "ppv_cardiff": 2297 / 2470,
                                      "why_precision_differs": "a"}))
    students.append(_result("Qx-odd", {**RIGHT, "ppv_cardiff": 0.4321}))       # no named mistake
    students.append(_result("Qx-blank", {}))
    broken = grading.GradeResult("Qx-broken", "", "broken", "the file is empty",
                                 points={e.name: 0.0 for e in ASSIGNMENT.exercises if not e.by_hand})
    failed = grading.GradeResult("Qx-failed", "", "failed to run", "the kernel died")
    return students + [broken, failed]


@pytest.fixture(scope="module")
def analysis() -> items.ItemAnalysis:
    return items.item_analysis(_class(), ASSIGNMENT)


def test_counts_are_of_graded_submissions_only(analysis):
    assert (analysis.submitted, analysis.graded, analysis.broken, analysis.failed) == (12, 10, 1, 1)
    assert [e.exercise for e in analysis.exercises] == [e.name for e in ASSIGNMENT.exercises
                                                       if not e.by_hand]
    ppv = analysis.exercises[0]
    assert (ppv.graded, ppv.passed, ppv.not_yet, ppv.not_answered, ppv.unnamed) == (10, 4, 5, 1, 1)
    assert [(m.mistake, m.students) for m in ppv.mistakes] == [("percentage", 3),
                                                               ("share-alerts-false", 1)]
    assert ppv.mistakes[0].share == pytest.approx(0.3)
    assert ppv.mistakes[0].hint.startswith("Give the answer as a proportion")
    choice = next(e for e in analysis.exercises if e.exercise == "why_precision_differs")
    assert [(m.mistake, m.students) for m in choice.mistakes] == [("chose-e", 3), ("chose-a", 1)]
    assert analysis.hardest_first()[0].exercise == "ppv_cardiff"
    assert analysis.top_mistakes(1)[0].mistake in {"percentage", "chose-e"}


def test_the_csv_has_the_documented_layout(analysis):
    rows = list(csv.reader(io.StringIO(items.item_csv(analysis))))
    assert tuple(rows[0]) == items.CSV_COLUMNS
    table = [dict(zip(rows[0], row)) for row in rows[1:]]
    kinds = [row["kind"] for row in table]
    assert set(kinds) == {"exercise", "mistake"}
    exercises = [row for row in table if row["kind"] == "exercise"]
    assert [row["exercise"] for row in exercises] == [e.exercise for e in analysis.exercises]
    for row in table:
        assert row["assignment"] == "04-base-rates" and int(row["graded"]) == 10
        assert 0 <= float(row["share"]) <= 1 and int(row["students"]) >= 0
        if row["kind"] == "exercise":
            assert row["mistake"] == "" and row["hint"] == ""
            assert int(row["students"]) + int(row["not_yet"]) + int(row["not_answered"]) == 10
        else:
            assert row["mistake"] and row["hint"] and row["not_yet"] == ""
    # Each exercise's mistakes follow it, commonest first.
    first = table[:1 + len(analysis.exercises[0].mistakes)]
    assert [r["mistake"] for r in first] == ["", "percentage", "share-alerts-false"]
    assert [int(r["students"]) for r in first[1:]] == [3, 1]


def test_the_page_is_self_contained_and_names_no_student(analysis):
    page = items.item_page([analysis])
    assert page.startswith("<!DOCTYPE html>") and "<html lang='en'>" in page
    assert "<script" not in page.lower() and "<link" not in page.lower()
    assert not re.search(r"\b(?:src|href)=['\"](?!#)", page), "the page loads something"
    assert not re.search(r"https?://|url\(", page), "the page names an address"
    assert "Qx-" not in page        # every student's name starts so


def test_each_chart_has_a_title_labelled_axes_with_units_the_palette_and_a_summary(analysis):
    page = items.item_page([analysis])
    svgs = re.findall(r"<svg.*?</svg>", page, flags=re.DOTALL)
    assert len(svgs) == 2
    passed, mistakes = svgs
    assert "who passed each exercise" in passed and "Graded students who passed (%)" in passed
    assert "commonest named mistakes" in mistakes and "made the mistake (%)" in mistakes
    assert PALETTE["blue"].lower() in passed.lower()
    assert PALETTE["vermillion"].lower() in mistakes.lower()
    for svg in svgs:
        assert re.match(r"<svg role=\"img\" aria-label=\"[^\"]{20,}\"", svg)
        assert "Exercise" in svg and "%" in svg
    captions = re.findall(r"<figcaption>(.*?)</figcaption>", page)
    assert captions[0].startswith("Hardest: ppv_cardiff, passed by 40% (4 of 10 graded)")
    assert captions[1].startswith("Commonest: ")
    # The hardest exercise is drawn first (top): its label comes before the others.
    order = [page.find(f">{e.exercise}<") for e in analysis.hardest_first()]
    assert order[0] == min(o for o in order if o >= 0)


def test_the_table_gives_the_hints_and_the_other_wrong_answers(analysis):
    page = items.item_page([analysis])
    assert "Hint given: Give the answer as a proportion" in page
    assert "1 other wrong answers (no named mistake)" in page
    assert "1. Share of" in page                                # the exercise's title


def test_a_course_page_has_a_section_per_assignment(tmp_path):
    other = grading.load_assignment(ROOT, "03-error-rates")
    empty = [grading.GradeResult("x", "", "broken", "empty")]
    path = items.write_course_page({ASSIGNMENT: _class(), other: empty}, tmp_path / "course.html")
    page = path.read_text(encoding="utf-8")
    assert re.findall(r"<h2 id='([^']+)'>", page) == ["04-base-rates", "03-error-rates"]
    assert "href='#03-error-rates'" in page
    assert "No submission was graded in full" in page
    assert page.count("<svg") == 2


def test_write_item_analysis_writes_both_files(tmp_path):
    table, page = items.write_item_analysis(_class(), ASSIGNMENT, tmp_path / "out")
    assert (table.name, page.name) == ("item_analysis.csv", "item_analysis.html")
    assert table.read_text(encoding="utf-8") == items.item_csv(items.item_analysis(_class(), ASSIGNMENT))
    assert "<svg" in page.read_text(encoding="utf-8")


def test_results_without_mistake_names_still_count():
    result = _result("old", {**RIGHT, "ppv_cardiff": 7.004})
    for feedback in result.feedback.values():
        feedback.pop("mistake")             # as from a grader that does not copy the name yet
    item = items.item_analysis([result], ASSIGNMENT).exercises[0]
    assert (item.not_yet, item.mistakes, item.unnamed) == (1, (), 1)


def test_hostile_arguments_get_a_message_never_a_crash():
    from test_fuzz_public import _escapes

    for name in items.__all__:
        function = getattr(items, name)
        if callable(function) and not isinstance(function, type):
            assert not _escapes(function), name
    with pytest.raises(TypeError, match="GradeResult"):
        items.item_analysis([{"student": "x"}], ASSIGNMENT)
    with pytest.raises(TypeError, match="Assignment"):
        items.item_analysis([], "04-base-rates")


def test_a_blank_is_not_answered_whatever_its_hint_names():
    stub = _result("Qx-stub", {**RIGHT, "ppv": lambda p, h, f: None})     # the stub returns None
    item = next(e for e in items.item_analysis([stub], ASSIGNMENT).exercises if e.exercise == "ppv")
    assert stub.feedback["ppv"]["mistake"] == "no-return"
    assert (item.not_answered, item.not_yet, item.mistakes, item.unnamed) == (1, 0, (), 0)
