"""The tests every lesson's checks must pass, written once.

A lesson's test file lists, for each exercise, the right answer (worked out independently of
the package) and typical wrong answers with words their hint must contain, then collects
these tests with::

    from check_contract import both_ways
    globals().update(both_ways(lesson04.LESSON, CASES))

- the cases cover every exercise, at least six exercises in all;
- each right answer passes, with no hint;
- a blank (``...`` or ``None``) is "not answered", never a pass;
- each typical wrong answer fails, with its targeted hint;
- each exercise has at least two typical wrong answers.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping

import pytest

from facenumbers.checks import Lesson


def both_ways(lesson: Lesson, cases: Mapping[str, tuple]) -> dict[str, Callable]:
    """Test functions (by name, for a test module's globals) checking ``lesson`` both ways."""

    def test_every_exercise_is_covered_here():
        assert set(cases) == set(lesson.exercises)
        assert len(cases) >= 6

    @pytest.mark.parametrize("name", list(cases))
    def test_right_answer_passes(name):
        feedback = lesson.check(name, cases[name][0])
        assert feedback.passed, str(feedback)
        assert feedback.hint == ""

    @pytest.mark.parametrize("name", list(cases))
    @pytest.mark.parametrize("blank", [..., None])
    def test_blank_answer_is_not_answered(name, blank):
        feedback = lesson.check(name, blank)
        assert not feedback.passed
        assert feedback.status == "not answered"
        assert "run the cell" in feedback.message

    wrong = [
        pytest.param(name, value, words, id=f"{name}-{index}")
        for name, (_, mistakes) in cases.items()
        for index, (value, words) in enumerate(mistakes)
    ]

    @pytest.mark.parametrize("name, value, words", wrong)
    def test_typical_wrong_answer_fails_with_a_targeted_hint(name, value, words):
        feedback = lesson.check(name, value)
        assert not feedback.passed
        assert words in feedback.message + " " + feedback.hint, str(feedback)

    def test_each_exercise_has_at_least_two_typical_mistakes():
        for name, (_, mistakes) in cases.items():
            assert len(mistakes) >= 2, name

    return {test.__name__: test for test in (
        test_every_exercise_is_covered_here,
        test_right_answer_passes,
        test_blank_answer_is_not_answered,
        test_typical_wrong_answer_fails_with_a_targeted_hint,
        test_each_exercise_has_at_least_two_typical_mistakes,
    )}
