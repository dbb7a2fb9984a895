"""Checks pass the right answers and reject blanks and typical mistakes, with a hint for each.

The right answers here are worked by hand from the published figures, independently of the
package's model code.
"""

from __future__ import annotations

import pytest

from facenumbers.checks import (
    Criterion,
    Exercise,
    Feedback,
    Lesson,
    Rubric,
    memo_judge,
    number_judge,
)
from facenumbers.checks import base_rates as lesson04

from check_contract import both_ways


def ppv_right(prevalence, hit_rate, false_alert_rate):
    return hit_rate * prevalence / (hit_rate * prevalence + false_alert_rate * (1 - prevalence))


def ppv_raises(prevalence, hit_rate, false_alert_rate):
    return hit_rate / undefined_name  # noqa: F821


def ppv_returns_text(prevalence, hit_rate, false_alert_rate):
    return "high"


# name -> (right answer, [(typical wrong answer, words its hint must contain), ...])
CASES = {
    "ppv_cardiff": (173 / 2470, [
        (2297 / 2470, "share of alerts that were false"),
        (173 / 170_000, "everyone in the crowd"),
        (7.004, "percentage"),
        ("7%", "single number"),
    ]),
    "false_share_met": (10 / 2077, [
        (2067 / 2077, "share of alerts that were right"),
        (10 / 3_147_436, "every face scanned"),
        (0.4815, "percentage"),
    ]),
    "innocent_per_true_alarm": (99.99 / 9, [
        (9 / 99.99, "other way round"),
        (99.99, "Now divide it"),
        (0.9 / 0.001, "forgot the base rate"),
    ]),
    "ppv": (ppv_right, [
        (lambda p, h, f: h, "P(on the watchlist | alarm)"),
        (lambda p, h, f: h / (h + f), "ignores the base rate"),
        (lambda p, h, f: h * p / (h * p + f), "(1 - prevalence)"),
        (ppv_raises, "NameError"),
        (ppv_returns_text, "does not return a number"),
        (0.5, "should be a function"),
    ]),
    "max_false_alert_rate": (0.9 * 1e-4 * 0.1 / (0.9 * (1 - 1e-4)), [
        (1e-4 * 0.1 / (0.9 * (1 - 1e-4)), "left out the hit rate"),
        (0.1, "share of alarms allowed to be false"),
    ]),
    "why_precision_differs": ("b", [
        ("a", "Crowd size"),
        ("c", "prevalence"),
        ("d", "cannot turn 7%"),
        ("e", "counts cannot show it"),
        ("f", "one of"),
        (2, "one of"),
    ]),
    # Out of 500,000 people: 1,000 on the watchlist, 890 flagged; 499 of the other 499,000
    # flagged. 890 / 1,389 = 0.6407 of the alarms: 64 of the 100 figures are blue.
    "blue_figures": (64, [
        (36, "orange figures"),
        (89, "hit rate"),
        (100, "forgot the base rate"),
        (0.64, "a count of figures"),
        (890 / 1389 * 100, "whole figure"),
        (100 * 0.002 * 0.89, "per 100 PEOPLE"),
        (0.89 * 1000 / 1389, "a count of figures"),
    ]),
}


def test_check_reads_the_answer_from_the_callers_namespace():
    ppv_cardiff = 173 / 2470  # noqa: F841  (looked up by name, as in a notebook)
    namespace = {"ppv_cardiff": 173 / 2470}
    assert lesson04.LESSON.check("ppv_cardiff", namespace=namespace).passed
    feedback = lesson04.LESSON.check("false_share_met", namespace={})
    assert feedback.status == "not answered"
    assert "cannot find false_share_met" in feedback.message


def test_checker_looks_in_the_notebook_globals():
    namespace = {"check": lesson04.check}
    exec("ppv_cardiff = 0.0700404858\nresult = check('ppv_cardiff')", namespace)
    assert namespace["result"].passed
    exec("del ppv_cardiff\nresult = check('ppv_cardiff')", namespace)
    assert namespace["result"].status == "not answered"


def test_unknown_exercise_names_the_known_ones():
    feedback = lesson04.check("ppv_cardif", 0.07)
    assert not feedback.passed
    assert "ppv_cardiff" in feedback.hint


def test_progress_summarises_every_exercise():
    lesson = Lesson("demo", [Exercise("a", "A", number_judge(0.5)), Exercise("b", "B", number_judge(0.2))])
    lesson.check("a", 0.5)
    lesson.check("b", 0.9)
    report = lesson.progress()
    assert report.passed == 1
    text = str(report)
    assert "1 of 2 exercises pass." in text and "B: not yet" in text
    assert "&#10004; passes" in report._repr_html_()


def test_feedback_renders_as_html_for_notebooks():
    html = lesson04.check("ppv_cardiff", 2297 / 2470)._repr_html_()
    assert "Not yet" in html and "Hint:" in html and "role='status'" in html


def test_strict_mode_raises_for_autograders(monkeypatch):
    monkeypatch.setenv("FACENUMBERS_STRICT", "1")
    with pytest.raises(AssertionError, match="Not yet"):
        lesson04.check("ppv_cardiff", 0.5)
    assert lesson04.check("ppv_cardiff", 173 / 2470).passed


def test_runaway_recursion_in_a_students_function_is_reported():
    def ppv(p, h, f):
        return ppv(p, h, f)

    feedback = lesson04.check("ppv", ppv)
    assert not feedback.passed
    assert "RecursionError" in feedback.message


def test_several_numbers_instead_of_one_get_their_own_hint():
    import numpy as np

    for value in [(0.07, 0.93), [0.07], np.array([0.07, 0.5])]:
        feedback = lesson04.check("ppv_cardiff", value)
        assert not feedback.passed and "not a pair, a list or an array" in feedback.hint
    assert lesson04.check("ppv_cardiff", np.float64(173 / 2470)).passed
    assert lesson04.check("ppv_cardiff", np.array(173 / 2470)).passed



# --- Written answers (memos): reported on, never passed; graded by the instructor -----------

RUBRIC = Rubric((Criterion("Numbers", ((2, "Right, with units."), (0, "None."))),
                 Criterion("Evidence", ((1, "Named."), (0, "Missing.")))))


def _memo_lesson():
    return Lesson("demo", [
        Exercise("half", "Half", number_judge(0.5)),
        Exercise("memo", "Memo", memo_judge(5, 30, must_mention={"evidence": ["evidence"]},
                                            min_numbers=2, rubric=RUBRIC)),
    ])


def test_a_memo_is_for_the_instructor_never_correct():
    lesson = _memo_lesson()
    feedback = lesson.check("memo", "About 12,000,000 flags and 0.25 of refusals; the evidence is thin.")
    assert feedback.status == "for instructor" and not feedback.passed
    assert feedback.hint == "" and "Rubric (3 points in all)" in feedback.details
    assert str(feedback).startswith("For your instructor (memo): Your text is here: 11 words")
    html = feedback._repr_html_()
    assert "For your instructor" in html and "<details>" in html and "Correct" not in html


def test_a_memo_reports_its_gaps_in_the_hint():
    lesson = _memo_lesson()
    feedback = lesson.check("memo", "Too short.")
    assert feedback.status == "for instructor"
    for words in ("fewer than the 5", "no number at all", "nothing about evidence"):
        assert words in feedback.hint
    assert "I see 1 number;" in lesson.check("memo", "One 1:N search makes 3 flags, evidence aside.").hint
    assert "more than the 30" in lesson.check("memo", "evidence 1 2 " + "word " * 40).hint


@pytest.mark.parametrize("blank", [..., None, "", " \n\t "])
def test_a_blank_memo_is_not_answered(blank):
    feedback = _memo_lesson().check("memo", blank)
    assert feedback.status == "not answered" and "run the cell" in feedback.message


@pytest.mark.parametrize("value", [42, float("nan"), ["text"], {"a": 1}, len, lambda: "text"])
def test_a_memo_that_is_not_text_is_not_yet(value):
    feedback = _memo_lesson().check("memo", value)
    assert feedback.status == "not yet" and "triple quotes" in feedback.hint


def test_progress_lists_memos_apart_and_never_counts_them():
    lesson = _memo_lesson()
    assert str(lesson.progress()).startswith("0 of 1 checked exercises pass. "
                                             "Written answers for your instructor: 0 of 1.")
    lesson.check("half", 0.5)
    lesson.check("memo", "Twelve million flags: 12,000,000 and 3 more, evidence.")
    report = lesson.progress()
    assert report.passed == 1 and report.written == 1
    assert "- Memo: for your instructor" in str(report)
    assert "&#9998; for your instructor" in report._repr_html_()


def test_strict_mode_leaves_memos_to_the_instructor(monkeypatch):
    monkeypatch.setenv("FACENUMBERS_STRICT", "1")
    lesson = _memo_lesson()
    assert lesson.check("memo", "").status == "not answered"
    assert lesson.check("memo", 3).status == "not yet"
    with pytest.raises(AssertionError):
        lesson.check("half", 0.2)


def test_old_style_judges_and_feedback_still_work():
    assert str(Feedback("x", "correct", "Fine.")) == "Correct (x): Fine."
    assert Feedback("x", "not yet", "No.", "Try.").details == ""
    assert not Exercise("x", "X", number_judge(1)).for_instructor


@pytest.mark.parametrize("levels", [(), ((1, "a"), (2, "b")), ((1, "a"), (1, "b")), ((-1, "a"),),
                                    ((1.5, "a"),)])
def test_a_criterion_needs_whole_points_best_first(levels):
    with pytest.raises(ValueError, match="levels"):
        Criterion("Bad", levels)


@pytest.mark.parametrize("args", [(0, 10), (20, 10), (1.5, 10)])
def test_memo_judge_checks_its_lengths(args):
    with pytest.raises(ValueError, match="min_words"):
        memo_judge(*args)


def test_the_rubric_renders_as_markdown():
    text = RUBRIC.markdown()
    assert text.splitlines()[0] == "| Criterion | Points | Levels |"
    assert "| Numbers | 2 | **2:** Right, with units.<br>**0:** None. |" in text


def test_the_generator_turns_a_memo_into_a_blank_text_graded_by_hand(tmp_path):
    import nbformat

    from facenumbers import notebooks

    solution = nbformat.v4.new_notebook(cells=[
        nbformat.v4.new_code_cell("from facenumbers.checks.policy import check"),
        nbformat.v4.new_code_cell('### BEGIN SOLUTION\npolicy_memo = """\nI advise against D.\n"""\n'
                                  "### END SOLUTION", metadata={"nbgrader": {"points": 20}}),
        nbformat.v4.new_code_cell('check("policy_memo")'),
        nbformat.v4.new_code_cell('### BEGIN SOLUTION\ncheapest_policy = "b"\n### END SOLUTION'),
        nbformat.v4.new_code_cell('check("cheapest_policy")'),
    ])
    (tmp_path / "solutions").mkdir()
    nbformat.write(solution, tmp_path / "solutions" / "99-demo.ipynb")
    notebooks.generate(tmp_path)
    assert notebooks.generate(tmp_path) == []  # idempotent
    exercise = nbformat.read(tmp_path / "exercises" / "99-demo.ipynb", as_version=4)
    memo, memo_check, choice, choice_check = exercise.cells[1:]
    assert memo.source == ('# YOUR ANSWER HERE: write your text between the triple quotes '
                           '(new lines are fine)\npolicy_memo = """\n\n"""')
    assert notebooks.is_memo(memo) and notebooks.is_memo(memo_check)
    assert memo.metadata["nbgrader"]["grade"] is True and memo.metadata["nbgrader"]["points"] == 20
    assert memo_check.metadata["nbgrader"]["grade"] is False
    assert memo_check.metadata["nbgrader"]["locked"] is True and memo_check.metadata["editable"] is False
    assert choice.source.endswith("cheapest_policy = ...") and not notebooks.is_memo(choice)
    assert choice_check.metadata["nbgrader"]["grade"] is True
    namespace: dict = {}
    exec(memo.source, namespace)
    from facenumbers.checks import evidence

    assert evidence.LESSON.check("policy_memo", namespace=namespace).status == "not answered"


# Right answers pass; blanks and typical mistakes fail with their hints.
globals().update(both_ways(lesson04.LESSON, CASES))
