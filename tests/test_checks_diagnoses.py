"""General diagnoses: every number exercise names the mistake actually made, and no other.

For every number exercise of every lesson:
- the right answer passes, as a long float and rounded to four significant figures;
- each general diagnosis (percentage, thousands/millions/billions, ten times, complement,
  reciprocal, another exercise's answer) gets its own hint, unless a listed mistake of the
  exercise says the same thing about the same value;
- a nearby value that fits no mistake gets the exercise's general hint, never a diagnosis.

And the form problems: ``x = print(...)``, huge integers, functions that never finish, return
an array or percentages.
"""

from __future__ import annotations

import math
import time

import numpy as np
import pytest

from facenumbers.checks import Exercise, Lesson, NumberJudge, function_judge, number_judge
from facenumbers.checks import base_rates, policy
from facenumbers.checks.judges import typed_unit
from lesson_checks import LESSONS as BY_NUMBER

LESSONS = list(BY_NUMBER.values())
NUMBER_EXERCISES = [
    pytest.param(lesson, name, id=f"{lesson.slug}-{name}")
    for lesson in LESSONS
    for name, exercise in lesson.exercises.items()
    if isinstance(exercise.judge, NumberJudge)
]


def _judge(lesson: Lesson, name: str) -> NumberJudge:
    return lesson.exercises[name].judge


def _listed_near(judge: NumberJudge, value: float) -> bool:
    return any(math.isclose(m.value, value, rel_tol=0.005) for m in judge.wrong)


def test_every_lesson_has_number_exercises_to_diagnose():
    assert len(NUMBER_EXERCISES) >= 25


@pytest.mark.parametrize("lesson, name", NUMBER_EXERCISES)
def test_the_right_answer_passes_as_calculated_and_as_typed(lesson, name):
    expected = _judge(lesson, name).expected
    assert lesson.check(name, expected).passed
    typed = float(f"{expected:.4g}")
    assert lesson.check(name, typed).passed, str(lesson.check(name, typed))


@pytest.mark.parametrize("lesson, name", NUMBER_EXERCISES)
def test_each_general_diagnosis_gets_its_own_hint(lesson, name):
    judge = _judge(lesson, name)
    diagnoses = judge.diagnoses()
    assert diagnoses or judge.expected == 0
    for diagnosis in diagnoses:
        others = [d for d in diagnoses if d is not diagnosis]
        if _listed_near(judge, diagnosis.value) or any(
                math.isclose(d.value, diagnosis.value, rel_tol=1e-6) for d in others):
            continue        # a listed mistake (or another diagnosis) speaks for this value
        feedback = lesson.check(name, diagnosis.value)
        assert not feedback.passed, f"{name}: {diagnosis.value} passed"
        expected_hint = diagnosis.hint.format(pct=f"{diagnosis.value:.3g}",
                                              prop=f"{diagnosis.value / 100:.3g}")
        assert feedback.hint == expected_hint, f"{name}: {feedback}"


@pytest.mark.parametrize("lesson, name", NUMBER_EXERCISES)
def test_a_value_that_fits_no_mistake_gets_no_diagnosis(lesson, name):
    judge = _judge(lesson, name)
    if judge.expected == 0:
        pytest.skip("no unrelated multiple of zero")
    hints = {d.hint for d in judge.diagnoses()} | {m.hint for m in judge.wrong}
    for factor in (1.37, 0.61, 2.9):
        value = judge.expected * factor
        near = [d.value for d in judge.diagnoses()] + [m.value for m in judge.wrong]
        if any(math.isclose(value, v, rel_tol=0.05) for v in near):
            continue
        feedback = lesson.check(name, value)
        assert not feedback.passed
        assert feedback.hint not in hints, f"{name} at {value}: {feedback}"


# -- precision --------------------------------------------------------------------------------

def test_a_typed_number_is_judged_at_the_precision_it_was_typed():
    judge = number_judge(3378 / 365.25, proportion=False)      # 9.24846 years
    assert judge(9.2)[0] == "correct"          # one decimal, as the question's example
    assert judge(9.25)[0] == "correct"
    assert judge(9.3)[0] == "not yet"          # 9.24846 does not round to 9.3
    assert judge(9.248)[0] == "correct"        # 9.24846 rounds to 9.248
    assert judge(9.247)[0] == "not yet"
    assert typed_unit(9.2) == pytest.approx(0.1) and typed_unit(9.2485626283) is None


def test_a_small_count_must_be_exact_and_a_large_one_may_be_rounded():
    alerts = number_judge(2470, proportion=False)
    assert alerts(2470)[0] == "correct"
    assert alerts(2500)[0] == "not yet" and alerts(2480)[0] == "not yet"
    registrations = number_judge(1_304_000_000, proportion=False)
    assert registrations(1.3e9)[0] == "correct"


def test_a_typed_number_too_coarse_to_tell_asks_for_more_digits():
    judge = number_judge(0.0700404858)
    assert judge(0.07)[0] == "correct"
    status, message, hint = judge(0.1)
    assert status == "not yet" and "too rounded" in message and "significant figures" in hint


def test_a_long_float_is_judged_tightly():
    judge = number_judge(0.0700404858)
    assert judge(0.0700404858 * 1.0009)[0] == "correct"
    assert judge(0.0700404858 * 1.004)[0] == "not yet"           # 0.4% off: another quantity
    assert "round" in judge(0.0700404858 * 1.004)[2]              # close: rounded too early?


def test_the_tightest_fit_wins_even_over_the_right_answer():
    from facenumbers.checks import WrongAnswer

    judge = number_judge(99_800, [WrongAnswer(100_000, "That counts everyone.")], proportion=False)
    assert judge(99_800)[0] == "correct"
    assert judge(100_000)[2] == "That counts everyone."      # fits the mistake exactly
    assert judge(99_810.123456)[0] == "correct"              # a long float nearest the answer


def test_the_answer_to_another_exercise_is_named():
    lesson = Lesson("demo", [Exercise("a", "Exercise A", number_judge(0.25)),
                             Exercise("b", "Exercise B", number_judge(0.6))])
    feedback = lesson.check("b", 0.25)
    assert not feedback.passed and "Exercise A" in feedback.hint


def test_millions_typed_as_a_small_number_get_the_units_hint():
    judge = number_judge(12_000_000, proportion=False)
    status, message, hint = judge(12)
    assert status == "not yet" and "a million times too small" in message and "12_000_000" in hint


# -- form -------------------------------------------------------------------------------------

def test_print_gives_back_none_and_the_check_says_so():
    status, message, _ = number_judge(0.5)(print("0.5 shown, None given back"))
    assert status == "not answered" and "print" in message and "run the cell" in message


def test_a_huge_integer_is_judged_not_crashed_on():
    status, message, _ = number_judge(0.5)(10 ** 400)
    assert status == "not yet" and "too large" in message


def test_a_one_element_array_is_a_number():
    assert number_judge(0.5)(np.array([0.5]))[0] == "correct"
    assert number_judge(0.5)(np.float32(0.5))[0] == "correct"


def test_a_function_that_never_finishes_is_stopped():
    def forever(x):
        while True:
            x += 1

    judge = function_judge([((1,), 2.0)], time_limit=0.2)
    started = time.monotonic()
    status, message, hint = judge(forever)
    assert time.monotonic() - started < 2
    assert status == "not yet" and "did not finish in 0.2 s" in message and "loop" in hint


def test_a_function_may_return_what_a_number_answer_may_be():
    judge = function_judge([((2,), 4.0), ((3,), 6.0)])
    assert judge(lambda x: np.array([2.0 * x]))[0] == "correct"
    assert judge(lambda x: np.float64(2 * x))[0] == "correct"


def test_a_function_returning_percentages_is_diagnosed():
    judge = function_judge([((0.2,), 0.1), ((0.5,), 0.25)])
    status, message, hint = judge(lambda x: 100 * x / 2)
    assert status == "not yet" and "100 times too big" in message and "percentages" in hint


def test_the_right_formula_on_another_row_is_named():
    """Cardiff's calculation done on the Met's or the Essex row: the hint names the row."""
    lesson = base_rates.LESSON
    met = lesson.check("ppv_cardiff", 2067 / 2077)
    essex = lesson.check("ppv_cardiff", 8 / 42)
    assert not met.passed and "the Met's row" in met.hint
    assert not essex.passed and "the Essex trials' row" in essex.hint
    cardiff = lesson.check("false_share_met", 2297 / 2470)
    assert not cardiff.passed and "Cardiff's row" in cardiff.hint
    # a nearby value on no row gets no row hint
    assert "another row" not in lesson.check("ppv_cardiff", 0.37).hint


def test_a_fraction_upside_down_is_named_in_the_learners_words():
    upside_down = base_rates.LESSON.check("false_share_met", 2077 / 10)
    assert "You divided the alerts by the false alerts" in upside_down.hint
    plain = number_judge(0.25)(4.0)[2]
    assert "numerator and the denominator are swapped" in plain


def test_policy_rows_are_named_too():
    hint = policy.LESSON.check("cost_policy_d", policy._costs_first["B"]).hint
    assert "policy B's row" in hint
