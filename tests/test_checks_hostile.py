"""check() under hostile answers never crashes and says what to do (issue 16, items 4 and 5)."""

from __future__ import annotations

import pytest

from facenumbers.checks import base_rates, evidence


def test_the_answer_instead_of_its_name_is_told_how_to_call_check():
    ppv_cardiff = 173 / 2470
    feedback = base_rates.check(ppv_cardiff)
    assert not feedback.passed
    assert "name in quotes" in feedback.message and 'check("ppv_cardiff")' in feedback.hint


@pytest.mark.parametrize("value", [[1], 3, None, 0.5, {"a": 1}, b"ppv"])
def test_any_value_instead_of_a_name_gets_the_same_advice(value):
    feedback = base_rates.check(value)
    assert not feedback.passed and "name in quotes" in feedback.message
    str(feedback), feedback._repr_html_()   # the notebook can show it


def test_a_function_that_calls_exit_is_reported_not_obeyed():
    def ppv(prevalence, hit_rate, false_alert_rate):
        exit()

    feedback = base_rates.LESSON.check("ppv", ppv)
    assert not feedback.passed and "exit()" in feedback.message and "return" in feedback.hint


def test_an_exception_whose_message_cannot_be_read_is_still_reported():
    class Unreadable(Exception):
        def __str__(self):
            raise RuntimeError("no")

    def people_exposed(stored, breach_chance, share_leaked, years, reset_share):
        raise Unreadable()

    feedback = evidence.LESSON.check("people_exposed", people_exposed)
    assert not feedback.passed and "Unreadable" in feedback.message


def test_a_huge_error_message_is_cut():
    def ppv(prevalence, hit_rate, false_alert_rate):
        raise ValueError("x" * 1_000_000)

    feedback = base_rates.LESSON.check("ppv", ppv)
    assert len(feedback.message) < 400 and feedback.message.count("x") <= 200


def test_an_answer_whose_repr_raises_never_crashes_the_check():
    class Strange:
        def __repr__(self):
            raise RuntimeError("no repr")

        def __float__(self):
            raise RuntimeError("no float")

    feedback = base_rates.LESSON.check("ppv_cardiff", Strange())
    assert not feedback.passed


def test_a_deployment_that_fills_the_crowd_is_refused_with_a_reason():
    """Issue 16, item 6: every alert true and the crowd exactly filled used to divide by zero."""
    from facenumbers.models.base_rates import rates_from_deployment

    with pytest.raises(ValueError, match="no innocent passer-by"):
        rates_from_deployment(10, 5, 0, 0.5)
    assert rates_from_deployment(10, 5, 0, 0.6)["false_alert_rate"] == 0.0


def test_a_function_returning_a_huge_integer_is_told_it_overflows():
    feedback = base_rates.LESSON.check("ppv", lambda p, h, f: 10**400)
    assert not feedback.passed and "too large to compute with" in feedback.message


def test_a_count_function_100_times_too_big_is_not_told_about_percentages():
    from facenumbers.models.breaches import still_exposed

    def people_exposed(stored, breach_chance, share_leaked, years, reset_share):
        return 100 * still_exposed(stored, breach_chance, share_leaked, years, reset_share)

    feedback = evidence.LESSON.check("people_exposed", people_exposed)
    assert "100 times too big" in feedback.message and "percentages" not in feedback.hint
