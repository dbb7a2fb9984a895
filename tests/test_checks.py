"""Checks pass the right answers and reject blanks and typical mistakes, with a hint for each.

The right answers here are worked by hand from the published figures, independently of the
package's model code.
"""

from __future__ import annotations

import math

import pytest

from facenumbers.checks import Exercise, Lesson, number_judge
from facenumbers.checks import base_rates as lesson04

from check_contract import both_ways

N = 1_400_050_000
CHANCE = 1 - math.exp(N * math.log1p(-1e-9))


def ppv_right(prevalence, hit_rate, false_match_rate):
    return hit_rate * prevalence / (hit_rate * prevalence + false_match_rate * (1 - prevalence))


def ppv_raises(prevalence, hit_rate, false_match_rate):
    return hit_rate / undefined_name  # noqa: F821


def ppv_returns_text(prevalence, hit_rate, false_match_rate):
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
    "max_false_match_rate": (0.9 * 1e-4 * 0.1 / (0.9 * (1 - 1e-4)), [
        (1e-4 * 0.1 / (0.9 * (1 - 1e-4)), "left out the hit rate"),
        (0.1, "share of alarms allowed to be false"),
    ]),
    "chance_at_least_one": (CHANCE, [
        (N * 1e-9, "expected number"),
        (1 - CHANCE, "no false match at all"),
        (1e-9, "one comparison"),
    ]),
    "false_flags_per_day": (100_000 * N * 1e-9, [
        (N * 1e-9, "for one new face"),
        (100_000 * CHANCE, "at least one false match"),
    ]),
    "why_precision_differs": ("b", [
        ("a", "Crowd size"),
        ("c", "prevalence"),
        ("e", "one of"),
        (2, "one of"),
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


# Right answers pass; blanks and typical mistakes fail with their hints.
globals().update(both_ways(lesson04.LESSON, CASES))
