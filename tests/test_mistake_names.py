"""Every mistake the checks recognise has a name, and names are unique within an exercise.

The grader's item analysis counts, per exercise, the students who made each named mistake
(``Feedback.mistake``): a listed mistake (``WrongAnswer``, a mistaken function), a general
diagnosis of a number (percentage, powers of ten, complement, upside down, another row,
another exercise's answer), a wrong letter of a choice, or an answer of the wrong form. A name
must be short and stable, and the hint a learner gets must be the hint of the mistake named.
"""

from __future__ import annotations

import json
import math
import pickle

import pytest

from facenumbers.checks import (
    Exercise,
    Feedback,
    FunctionJudge,
    Lesson,
    MemoJudge,
    NumberJudge,
    WrongAnswer,
    choice_judge,
    function_judge,
    number_judge,
)
from facenumbers.checks.mistakes import (
    FUNCTION_MISTAKES,
    MISTAKE_NAME,
    NUMBER_FORM_MISTAKES,
    Hint,
    mistake_slug,
)
from lesson_checks import LESSONS as BY_NUMBER

LESSONS = list(BY_NUMBER.values())


def _exercises(kind: object = object) -> list:
    """(lesson, exercise name) for every exercise whose judge passes ``kind`` (a type or test)."""
    test = kind if not isinstance(kind, (type, tuple)) else (lambda judge: isinstance(judge, kind))
    return [pytest.param(lesson, name, id=f"{lesson.slug}-{name}")
            for lesson in LESSONS for name, exercise in lesson.exercises.items()
            if test(exercise.judge)]


#: Exercises judged by a judge of their lesson's own (not judges.py's), whose hints name no
#: mistake yet. This list may only shrink: a custom judge names its mistakes by returning its
#: hints as ``facenumbers.checks.mistakes.Hint(text, name)``.
CUSTOM_UNNAMED: set[str] = set()
#: Exercises judged by a judge of their lesson's own whose hints name their mistakes, with a
#: wrong answer of each kind and the name its feedback gives.
CUSTOM_NAMED = {
    "02-biometric-id/pipeline_order": [
        (3, "not-a-list"), (["capture", "selfie"], "not-a-step-name"),
        (["capture", "capture"], "step-twice"), (["capture"], "step-missing"),
        (["decision", "threshold", "comparison score", "template", "face detection",
          "liveness check", "capture"], "reversed-order"),
        (["liveness check", "capture", "face detection", "template", "comparison score",
          "threshold", "decision"], "capture-not-first"),
        (["capture", "face detection", "template", "comparison score", "liveness check",
          "threshold", "decision"], "liveness-after-score"),
        (["capture", "liveness check", "template", "face detection", "comparison score",
          "threshold", "decision"], "template-before-detection"),
        (["capture", "liveness check", "face detection", "comparison score", "template",
          "threshold", "decision"], "score-before-template"),
        (["capture", "liveness check", "face detection", "template", "threshold",
          "comparison score", "decision"], "threshold-before-score"),
        (["capture", "liveness check", "face detection", "template", "comparison score",
          "decision", "threshold"], "decision-not-last"),
        (["capture", "face detection", "liveness check", "template", "comparison score",
          "threshold", "decision"], "liveness-after-detection"),
    ],
}


def _is_choice(judge: object) -> bool:
    return getattr(judge, "__qualname__", "").startswith("choice_judge.")


EXERCISES = _exercises()
NUMBERS, FUNCTIONS = _exercises(NumberJudge), _exercises(FunctionJudge)
CHOICES = _exercises(_is_choice)


def _names(judge: NumberJudge | FunctionJudge) -> list[str]:
    """Every name the judge can give, duplicates kept (known_mistakes() is a dict)."""
    if isinstance(judge, FunctionJudge):
        return [name for *_, name in judge._listed()] + list(FUNCTION_MISTAKES)
    return judge._listed_names() + [c.mistake for c in judge.diagnoses()] + list(NUMBER_FORM_MISTAKES)


def _hint_of(judge: NumberJudge, name: str, value: float) -> str:
    return judge.known_mistakes()[name].format(pct=f"{value:.3g}", prop=f"{value / 100:.3g}")


def test_there_are_mistakes_to_name():
    names = sum(len(_names(e.judge)) for lesson in LESSONS for e in lesson.exercises.values()
                if isinstance(e.judge, (NumberJudge, FunctionJudge)))
    assert names > 500


@pytest.mark.parametrize("lesson, name", NUMBERS + FUNCTIONS)
def test_names_are_well_formed_and_unique_within_the_exercise(lesson, name):
    judge = lesson.exercises[name].judge
    names = _names(judge)
    assert all(MISTAKE_NAME.fullmatch(n) for n in names), [n for n in names if not MISTAKE_NAME.fullmatch(n)]
    assert all(len(n) <= 60 for n in names), max(names, key=len)
    twice = sorted({n for n in names if names.count(n) > 1})
    assert not twice, f"{name}: {twice}"


@pytest.mark.parametrize("lesson, name", NUMBERS)
def test_each_diagnosis_answered_gets_its_name_and_its_hint(lesson, name):
    judge = lesson.exercises[name].judge
    named = list(zip(judge._listed_names(), [m.value for m in judge.wrong]))
    named += [(c.mistake, c.value) for c in judge.diagnoses()]
    reached = set()
    for mistake, value in named:
        feedback = lesson.check(name, value)
        if feedback.passed:
            continue        # a mistake that equals the right answer (none should; not ours to test)
        # Whatever was named, the hint is that mistake's hint.
        if feedback.mistake:
            assert feedback.hint == _hint_of(judge, feedback.mistake, value), str(feedback)
        others = [v for n, v in named if n != mistake]
        alone = not any(math.isclose(v, value, rel_tol=0.006) for v in others + [judge.expected])
        if alone:
            assert feedback.mistake == mistake, f"{name} at {value}: {feedback.mistake!r}"
            reached.add(mistake)
    assert reached or not named


@pytest.mark.parametrize("lesson, name", FUNCTIONS)
def test_each_mistaken_function_gets_its_name(lesson, name):
    judge = lesson.exercises[name].judge
    seen = []
    for function, hint, mistake in judge._listed():
        feedback = lesson.check(name, function)
        assert not feedback.passed
        if hint not in seen:        # an earlier listed function agreeing on every case wins
            assert (feedback.mistake, feedback.hint) == (mistake, hint), str(feedback)
        seen.append(hint)


@pytest.mark.parametrize("lesson, name", CHOICES)
def test_each_wrong_letter_of_a_choice_is_named(lesson, name):
    judge = lesson.exercises[name].judge
    letters = [letter for letter in "abcdefgh"      # the options: the letters it judges
               if not judge(letter)[1].startswith("The answer should be one of")]
    assert len(letters) >= 3
    for letter in letters:
        feedback = lesson.check(name, letter)
        assert feedback.mistake == ("" if feedback.passed else f"chose-{letter}"), str(feedback)
        assert type(feedback.hint) is str
    assert lesson.check(name, "z").mistake == "not-an-option"
    assert lesson.check(name, 3).mistake == "not-an-option"


def test_custom_judges_are_listed_until_they_name_their_mistakes():
    custom = {f"{lesson.slug}/{name}" for lesson in LESSONS for name, e in lesson.exercises.items()
              if not isinstance(e.judge, (NumberJudge, FunctionJudge, MemoJudge))
              and not _is_choice(e.judge)}
    assert custom == CUSTOM_UNNAMED | set(CUSTOM_NAMED), (
        "a new custom judge: name its hints (Hint), or list it here")


@pytest.mark.parametrize("exercise", sorted(CUSTOM_NAMED))
def test_a_custom_judge_that_names_its_mistakes_names_each_one(exercise):
    slug, name = exercise.split("/")
    lesson = next(lesson for lesson in LESSONS if lesson.slug == slug)
    for value, mistake in CUSTOM_NAMED[exercise]:
        feedback = lesson.check(name, value)
        assert not feedback.passed and feedback.mistake == mistake, (value, str(feedback))
        assert MISTAKE_NAME.fullmatch(mistake) and type(feedback.hint) is str


@pytest.mark.parametrize("lesson, name", EXERCISES)
def test_right_answers_blanks_and_memos_name_no_mistake(lesson, name):
    exercise = lesson.exercises[name]
    assert lesson.check(name, ...).mistake == ""
    if isinstance(exercise.judge, NumberJudge):
        assert lesson.check(name, exercise.judge.expected).mistake == ""
    if isinstance(exercise.judge, MemoJudge):
        assert lesson.check(name, "A memo of a few words, 12 of them.").mistake == ""


def test_the_form_of_a_number_answer_is_named():
    judge = number_judge(0.0700404858)
    named = {"x": "not-a-number", "0.07": "not-a-number", (0.07, 0.08): "several-numbers",
             math.inf: "overflow", math.nan: "nan", 0.1: "too-rounded",
             0.0700404858 * 1.01: "rounded-too-early", 3.7: "not-a-proportion"}
    for value, mistake in named.items():
        status, _, hint = judge(value)
        assert status == "not yet" and hint.mistake == mistake, (value, hint)
        assert hint == judge.known_mistakes()[mistake]
    assert getattr(judge(0.5)[2], "mistake", "") == ""      # fits nothing: the general hint


def test_the_form_of_a_function_is_named():
    judge = function_judge([((1, 2), 0.5), ((2, 4), 0.5)])

    def loops(a, b):
        while True:
            pass

    def leaves(a, b):
        exit()

    named = {3: "not-a-function", (lambda a, b: a / 0): "raises-error",
             (lambda a, b: None): "no-return", (lambda a, b: "half"): "returns-non-number",
             (lambda a, b: 100 * a / b): "percentages", leaves: "calls-exit",
             (lambda a, b: math.inf): "overflow"}
    for function, mistake in named.items():
        assert judge(function)[2].mistake == mistake, mistake
    quick = function_judge([((1,), 2)], time_limit=0.2)
    assert quick(lambda a: loops(a, a))[2].mistake == "never-finishes"
    big = function_judge([((1,), 2)])
    assert big(lambda a: 200 * a)[2].mistake == "hundred-times-too-big"


def test_a_name_given_by_the_exercise_is_kept_and_a_bad_one_refused():
    judge = number_judge(0.25, [WrongAnswer(0.75, "That is the other group.", "other-group"),
                                WrongAnswer(0.5, "You doubled it.")])
    assert judge(0.75)[2].mistake == "other-group" and judge(0.5)[2].mistake == "doubled"
    functions = function_judge([((2,), 4)], wrong=[(lambda x: x + 3, "You added 3.", "added-three")])
    assert functions(lambda x: x + 3)[2].mistake == "added-three"
    for bad in ("Other group", "other_group", "-x", "a//b", ""):
        if bad:
            with pytest.raises(ValueError, match="lower-case words"):
                WrongAnswer(0.75, "hint", bad)
    with pytest.raises(TypeError):
        WrongAnswer(0.75, "hint", 3)
    with pytest.raises(ValueError, match="lower-case words"):
        function_judge([((2,), 4)], wrong=[(lambda x: x, "hint", "Bad Name")])
    with pytest.raises(TypeError, match="mistaken function"):
        function_judge([((2,), 4)], wrong=[("not a function", "hint")])


def test_derived_names_are_made_unique():
    judge = number_judge(0.25, [WrongAnswer(0.6, "You read the wrong axis. The x axis."),
                                WrongAnswer(0.7, "You read the wrong axis. The y axis."),
                                WrongAnswer(0.8, "A percentage.")])
    assert judge._listed_names() == ["read-wrong-axis", "read-wrong-axis-2", "percentage-2"]


def test_names_do_not_change_with_the_numbers_in_a_hint():
    assert mistake_slug("40 is the number of orange figures.") == mistake_slug(
        "60 is the number of orange figures.")


def test_feedback_keeps_a_plain_hint_and_the_name():
    lesson = Lesson("demo", [Exercise("half", "Half", number_judge(0.5))])
    feedback = lesson.check("half", 50)
    assert feedback.mistake == "percentage" and type(feedback.hint) is str
    assert json.loads(json.dumps({"hint": feedback.hint}))["hint"] == feedback.hint
    assert pickle.loads(pickle.dumps(feedback)) == feedback
    hint = pickle.loads(pickle.dumps(Hint("Text.", "name")))
    assert (hint, hint.mistake) == ("Text.", "name")
    given = Feedback("half", "not yet", "m", Hint("h", "from-hint"), mistake="given")
    assert given.mistake == "given"
    assert Feedback("half", "not yet", "m", "h").mistake == ""


def test_hostile_arguments_get_a_message_never_a_crash():
    from test_fuzz_public import _escapes

    import facenumbers.checks.mistakes as module
    for name in module.__all__:
        function = getattr(module, name)
        if callable(function) and not isinstance(function, type):
            assert not _escapes(function), name
