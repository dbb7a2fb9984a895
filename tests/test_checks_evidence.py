"""Lesson 07's checks pass the right answers and reject blanks and typical mistakes, with a hint each.

The right answers are worked here by hand from the exercise inputs (the store of faces), and
the choices from the lesson's own reading of the published figures. The memo, graded by the
instructor, is tested apart: it is never "Correct".
"""

from __future__ import annotations

import math
from pathlib import Path

import nbformat
import numpy as np
import pytest

from facenumbers.checks import Lesson
from facenumbers.checks import evidence as lesson07

from check_contract import both_ways

ROOT = Path(__file__).resolve().parents[1]

# Exercises 1 and 2: 50 million stored, p = 0.05, q = 0.2, 10 years; 90% reset passwords.
STORED = 50_000_000
LEAKED = 1 - 0.99 ** 10
FACES = STORED * LEAKED
PASSWORDS = FACES * 0.1




def exposed(stored, p, q, years, reset):
    """Exercise 3, written out year by year: a record not yet leaked leaks with chance p q."""
    never = 1.0
    for _ in range(years):
        never *= 1 - p * q
    return stored * (1 - never) * (1 - reset)


def linear(stored, p, q, years, reset):
    return stored * years * p * q * (1 - reset)


def no_reset(stored, p, q, years, reset):
    return exposed(stored, p, q, years, 0)


def percent(stored, p, q, years, reset):
    return 100 * exposed(stored, p, q, years, reset) / stored


def loops_forever(stored, p, q, years, reset):
    while True:
        pass


# name -> (right answer, [(typical wrong answer, words its hint must contain), ...])
CASES = {
    "faces_exposed_10_years": (FACES, [
        (10 * 0.05 * 0.2 * STORED, "good approximation"),
        (0.05 * 0.2 * STORED, "That is one year"),
        (0.2 * STORED, "what one breach leaks"),
        (STORED * (1 - 0.95 ** 10), "share leaked per breach"),
        (STORED * (1 - 0.8 ** 10), "chance of a breach"),
        (STORED * 0.05 ** 10, "power 10"),
        (STORED * 0.01 ** 10, "every one of the 10 years"),
        (STORED * 0.99 ** 10, "never leaked"),
        (LEAKED, "share of faces exposed"),
        (PASSWORDS, "a face cannot"),
        (float("nan"), "not a usable number"),
    ]),
    "passwords_exposed_10_years": (PASSWORDS, [
        (FACES, "answer for faces"),
        (FACES * 0.9, "changed their password"),
        (10 * 0.05 * 0.2 * STORED * 0.1, "10 x p x q"),
        (STORED * 0.1, "10% of everyone stored"),
        (LEAKED * 0.1, "That is a share"),
    ]),
    "people_exposed": (exposed, [
        (linear, "counts twice"),
        (no_reset, "ignores reset_share"),
        (lambda s, p, q, n, r: exposed(s, p, q, n, 0) * r, "changed their record"),
        (lambda s, p, q, n, r: s * (1 - (1 - p) ** n) * (1 - r), "leaves out share_leaked"),
        (lambda s, p, q, n, r: exposed(s, p, q, n, r) / s, "share of the store"),
    ]),
    "survey_shows": ("b", [
        ("a", "not 74% of China"),
        ("c", "in general, not about the"),
        ("d", "still tells us"),
        ("B)", "one of"),
    ]),
    "fraud_counts_show": ("c", [
        ("a", "does not show that the check failed"),
        ("b", "cannot show that the check worked"),
        ("d", "do not show where any fraud went"),
    ]),
    "evidence_design": ("c", [
        ("a", "not what it prevents"),
        ("b", "no comparison group"),
        ("d", "opinions, not counts"),
    ]),
}

CHECKED = Lesson(lesson07.LESSON.slug, [e for e in lesson07.LESSON.exercises.values()
                                        if not e.for_instructor])


def test_the_worked_answers_are_the_ones_the_exercises_describe():
    assert round(FACES) == 4_780_896 and round(PASSWORDS) == 478_090
    assert round(0.95 ** 10, 2) == 0.60   # no breach at all in 10 years: the hint names it
    assert math.isclose(exposed(STORED, 0.05, 0.2, 10, 0), FACES)
    assert math.isclose(exposed(STORED, 0.05, 0.2, 10, 0.9), PASSWORDS)


def test_the_store_is_the_stated_one():
    assert lesson07.STORE == {"stored": STORED, "breach_probability_per_year": 0.05,
                              "share_leaked_per_breach": 0.2, "years": 10,
                              "password_reset_share": 0.9}


def test_the_one_breach_hint_names_the_chance_of_no_breach():
    hint = lesson07.check("faces_exposed_10_years", 10_000_000).hint
    assert "one breach" in hint and "(60%)" in hint


def test_close_approximations_are_called_close():
    hint = lesson07.check("faces_exposed_10_years", 5e6).hint
    assert "4.6% too high" in hint and "approximation" in hint


def test_a_function_that_returns_a_percentage_of_the_store_gets_the_general_hint():
    """Not a listed mistake: the hint works an example instead of naming a mistake not made."""
    feedback = lesson07.check("people_exposed", percent)
    assert not feedback.passed and feedback.hint.startswith("Work exercise 1 with the function")


def test_a_function_that_never_returns_is_stopped_with_a_message():
    feedback = lesson07.check("people_exposed", loops_forever)
    assert not feedback.passed and "did not finish" in feedback.message + feedback.hint


def test_numpy_answers_are_accepted():
    assert lesson07.check("faces_exposed_10_years", np.float64(FACES)).passed
    assert lesson07.check("passwords_exposed_10_years", np.array([PASSWORDS])).passed


# --- The memo: graded by the instructor, never "Correct" ------------------------------------

SOLUTION = ROOT / "solutions" / "07-breaches-and-evidence.ipynb"


def _solution_memo() -> str:
    notebook = nbformat.read(SOLUTION, as_version=4)
    cell = next(c for c in notebook.cells if c.get("id") == "policy_memo-answer")
    namespace: dict = {}
    exec(cell.source, namespace)
    return namespace["policy_memo"]


MEMO = _solution_memo()


def test_the_model_memo_goes_to_the_instructor_with_no_gaps():
    feedback = lesson07.check("policy_memo", MEMO)
    assert feedback.status == "for instructor" and not feedback.passed
    assert feedback.hint == ""
    assert str(feedback).startswith("For your instructor (policy_memo):")
    assert "Correct" not in str(feedback)
    assert "Rubric (20 points in all)" in feedback.details
    assert 150 <= len(MEMO.split()) <= 250


@pytest.mark.parametrize("blank", [..., None, "", "   ", '\n\n', "\n\t\n"])
def test_a_blank_memo_is_not_answered(blank):
    feedback = lesson07.check("policy_memo", blank)
    assert feedback.status == "not answered" and "run the cell" in feedback.message


@pytest.mark.parametrize("value", [3, float("nan"), ["my memo"], print, lambda a, b: a, b"bytes"])
def test_a_memo_that_is_not_text_is_not_yet_and_never_crashes(value):
    feedback = lesson07.check("policy_memo", value)
    assert feedback.status == "not yet" and "triple quotes" in feedback.hint


def test_obvious_gaps_are_flagged():
    short = lesson07.check("policy_memo", "I advise against the search.")
    assert short.status == "for instructor"
    assert "fewer than the 150" in short.hint and "no number at all" in short.hint
    assert "evidence that would change your mind" in short.hint
    few = lesson07.check("policy_memo", " ".join(["word"] * 160) + " 12 and 1:N search and 1:1")
    assert "I see 1 number;" in few.hint and "at least 3" in few.hint
    long = lesson07.check("policy_memo", MEMO + " more" * 60)
    assert "more than the 250" in long.hint


def test_the_memo_is_never_counted_as_passed_in_progress():
    lesson = Lesson("07", list(lesson07.LESSON.exercises.values()))
    lesson.check("policy_memo", MEMO)
    lesson.check("survey_shows", "b")
    report = lesson.progress()
    assert report.passed == 1 and report.written == 1
    text = str(report)
    assert "1 of 6 checked exercises pass." in text
    assert "Written answers for your instructor: 1 of 1." in text
    assert "for your instructor" in report._repr_html_()


def test_strict_mode_never_fails_the_memo(monkeypatch):
    monkeypatch.setenv("FACENUMBERS_STRICT", "1")
    assert lesson07.check("policy_memo", MEMO).status == "for instructor"
    assert lesson07.check("policy_memo", "").status == "not answered"
    with pytest.raises(AssertionError):
        lesson07.check("survey_shows", "a")


def test_the_rubric_and_the_notebook_agree_on_points():
    assert lesson07.MEMO_RUBRIC.total == 20
    assert lesson07.LESSON.exercises["policy_memo"].points == 20
    notebook = nbformat.read(SOLUTION, as_version=4)
    cell = next(c for c in notebook.cells if c.get("id") == "policy_memo-answer")
    assert cell.metadata["nbgrader"]["points"] == lesson07.MEMO_RUBRIC.total
    assert cell.metadata["nbgrader"]["grade"] is True


def test_the_rubric_covers_what_the_brief_asks():
    names = " ".join(c.name for c in lesson07.MEMO_RUBRIC.criteria).lower()
    for words in ("numbers", "assumptions", "who bears the errors", "both sides", "recommendation"):
        assert words in names


# Right answers pass; blanks and typical mistakes fail with their hints (the memo aside).
globals().update(both_ways(CHECKED, CASES))
