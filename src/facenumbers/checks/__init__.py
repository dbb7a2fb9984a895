"""Exercise checks that teach: pass, or say what is wrong and give a hint aimed at the mistake.

A lesson's checks live in one module (``facenumbers.checks.base_rates`` for Lesson 04), which
builds a :class:`Lesson` from :class:`Exercise` objects. In the exercise notebook::

    from facenumbers.checks.base_rates import check, progress
    ppv_cardiff = ...            # the student's answer
    check("ppv_cardiff")         # looks up ppv_cardiff and shows feedback

A check never raises because of what a student wrote: a missing name, a wrong type, or an
exception inside a student's function all come back as feedback.

Autograders count a test cell as failed when it raises, so checks have a **strict mode** in
which a check that does not pass raises AssertionError (with the feedback as its message) after
recording it; memos never raise, since the instructor grades them. :func:`strict_mode` decides:

- ``FACENUMBERS_STRICT=1`` in the environment: strict; ``FACENUMBERS_STRICT=0``: never strict
  (``facenumbers grade`` sets 0, as it judges the answers itself);
- otherwise strict exactly when nbgrader runs the notebook: ``nbgrader autograde`` and
  ``nbgrader validate`` set ``NBGRADER_EXECUTION`` (to ``autograde`` or ``validate``) in the
  kernel's environment, so a failed check scores zero points in nbgrader's gradebook and shows
  as a failed test when a student validates, with no setting for the instructor to remember.

A learner working in JupyterLab has neither variable set, and a check only shows feedback.

While nbgrader runs a notebook, ``check(...)`` also *displays* its feedback instead of returning
it: nbgrader reads a test cell's result value as a partial-credit score, and feedback text is no
number. A check cell that passes therefore has no result value and gets its full points; one
that fails raises and gets none.

>>> lesson = Lesson("demo", [Exercise("half", "Half of one", number_judge(0.5))])
>>> lesson.check("half", 0.5).passed
True
>>> print(lesson.check("half", 50))
Not yet (half): 50 looks like a percentage. Hint: Give the answer as a proportion between 0 and 1 (for 50%, write 0.5).

A written answer (a memo) is judged by :func:`memo_judge`. No check can grade an argument, so
a memo is never "Correct": the check says whether the text is there and within length, flags
obvious gaps, and shows the rubric the instructor grades it with ("For your instructor").
:meth:`Lesson.progress` lists memos apart and never counts them as passing.
"""

from __future__ import annotations

import html
import os
import re
import sys
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Literal

from facenumbers.checks.judges import (
    FunctionJudge,
    Hint,
    NumberJudge,
    WrongAnswer,
    _shown_error,
    function_judge,
    not_answered,
    number_judge,
)

__all__ = [
    "Criterion",
    "Exercise",
    "Feedback",
    "FunctionJudge",
    "Lesson",
    "NumberJudge",
    "MemoJudge",
    "Rubric",
    "WrongAnswer",
    "choice_judge",
    "function_judge",
    "memo_judge",
    "nbgrader_running",
    "number_judge",
    "strict_mode",
]

Status = Literal["correct", "not yet", "not answered", "for instructor"]
_MISSING = object()
STRICT_VARIABLE = "FACENUMBERS_STRICT"
#: Set by nbgrader (to "autograde" or "validate") while it executes a notebook.
NBGRADER_VARIABLE = "NBGRADER_EXECUTION"


def nbgrader_running(environ: Mapping[str, str] | None = None) -> bool:
    """True while ``nbgrader autograde`` or ``nbgrader validate`` executes the notebook.

    >>> nbgrader_running({"NBGRADER_EXECUTION": "autograde"}), nbgrader_running({})
    (True, False)
    """
    environ = os.environ if environ is None else environ
    return bool(environ.get(NBGRADER_VARIABLE, "").strip())


def strict_mode(environ: Mapping[str, str] | None = None) -> bool:
    """True when a check that does not pass must raise: see "strict mode" above.

    >>> strict_mode({})
    False
    >>> strict_mode({"NBGRADER_EXECUTION": "autograde"}), strict_mode({"NBGRADER_EXECUTION": "validate"})
    (True, True)
    >>> strict_mode({"FACENUMBERS_STRICT": "1"})
    True
    >>> strict_mode({"FACENUMBERS_STRICT": "0", "NBGRADER_EXECUTION": "autograde"})
    False
    """
    environ = os.environ if environ is None else environ
    setting = environ.get(STRICT_VARIABLE, "").strip()
    if setting in ("0", "1"):
        return setting == "1"
    return nbgrader_running(environ)


@dataclass(frozen=True)
class Feedback:
    """The result of one check: whether it passed, what we saw, a hint, and any details.

    ``details`` holds longer text shown under the hint: for a memo, the rubric. ``mistake`` is
    the name of the recognised mistake the hint is aimed at (stable, short, unique within the
    exercise; empty when no named mistake matched): a judge returns its hint as a
    :class:`~facenumbers.checks.judges.Hint`, which carries the name, and the feedback keeps the
    name here and the text as ``hint``. It is for the instructor's item analysis; the learner
    is shown the hint.

    >>> check = Lesson("demo", [Exercise("half", "Half of one", number_judge(0.5))]).check
    >>> check("half", 50).mistake, check("half", 0.5).mistake
    ('percentage', '')
    """

    exercise: str
    status: Status
    message: str
    hint: str = ""
    details: str = ""
    mistake: str = ""

    def __post_init__(self) -> None:
        if not self.mistake:
            object.__setattr__(self, "mistake", str(getattr(self.hint, "mistake", "") or ""))
        if isinstance(self.hint, str) and type(self.hint) is not str:
            object.__setattr__(self, "hint", str(self.hint))  # a plain string, as shown

    @property
    def passed(self) -> bool:
        return self.status == "correct"

    def __str__(self) -> str:
        head = {"correct": "Correct", "not yet": "Not yet", "not answered": "Not answered yet",
                "for instructor": "For your instructor"}
        text = f"{head[self.status]} ({self.exercise}): {self.message}"
        text = f"{text} Hint: {self.hint}" if self.hint else text
        return f"{text}\n{self.details}" if self.details else text

    __repr__ = __str__

    def _repr_html_(self) -> str:
        colour, mark, head = {
            "correct": ("#0072B2", "&#10004;", "Correct"),
            "not yet": ("#B35900", "&#10008;", "Not yet"),
            "not answered": ("#555555", "&#8230;", "Not answered yet"),
            "for instructor": ("#555555", "&#9998;", "For your instructor"),
        }[self.status]
        hint = f"<div><b>Hint:</b> {html.escape(self.hint)}</div>" if self.hint else ""
        details = (
            f"<details><summary>More</summary><pre style='white-space:pre-wrap;"
            f"font-family:inherit'>{html.escape(self.details)}</pre></details>"
            if self.details else ""
        )
        return (
            f"<div role='status' style='border-left:4px solid {colour};padding:4px 10px;'>"
            f"<b style='color:{colour}'>{mark} {head}</b> "
            f"<span style='color:#555'>({html.escape(self.exercise)})</span>"
            f"<div>{html.escape(self.message)}</div>{hint}{details}</div>"
        )


#: A judge takes the answer and returns (status, message, hint), or with details added.
Judge = Callable[[Any], "tuple[Status, str, str] | tuple[Status, str, str, str]"]


@dataclass(frozen=True)
class Exercise:
    """One exercise: the name the student's answer goes in, a title, and how to judge it."""

    answer: str
    title: str
    judge: Judge
    points: int = 1

    @property
    def for_instructor(self) -> bool:
        """True for a written answer that the instructor grades (see :func:`memo_judge`)."""
        return bool(getattr(self.judge, "for_instructor", False))


_not_answered = not_answered


def choice_judge(correct: str, hints: dict[str, str], options: Sequence[str]) -> Judge:
    """Judge a multiple-choice answer given as one letter, e.g. ``"b"``."""

    allowed = ", ".join(f'"{o}"' for o in options)

    def judge(value: Any) -> tuple[Status, str, str]:
        if _not_answered(value):
            return "not answered", f"Set the answer to one of {allowed} and run the cell again.", ""
        if not isinstance(value, str) or value.strip().lower() not in options:
            return "not yet", f"The answer should be one of {allowed}; it is {value!r:.40}.", Hint(
                "Write the letter in quotes, for example \"a\".", "not-an-option")
        letter = value.strip().lower()
        if letter == correct:
            return "correct", f'"{letter}" is right.', ""
        return ("not yet", f'"{letter}" is not the best answer.',
                Hint(hints.get(letter, ""), f"chose-{letter}"))

    return judge


@dataclass(frozen=True)
class Criterion:
    """One criterion of a rubric: what is assessed, and what each level is worth.

    ``levels`` pairs points with what an answer at that level does, best first.

    >>> Criterion("Numbers", ((2, "Right, with units."), (0, "None."))).points
    2
    """

    name: str
    levels: tuple[tuple[int, str], ...]

    def __post_init__(self) -> None:
        points = [p for p, _ in self.levels]
        whole = all(isinstance(p, int) and not isinstance(p, bool) and p >= 0 for p in points)
        if not points or not whole:
            raise ValueError(f"levels of {self.name!r} must be (points, description) pairs with "
                             f"whole points of 0 or more; got {self.levels!r}.")
        if points != sorted(set(points), reverse=True):
            raise ValueError(f"levels of {self.name!r} must go from most to fewest points, each "
                             f"once; got {points}.")

    @property
    def points(self) -> int:
        """The most points this criterion can give."""
        return self.levels[0][0]


def _points(n: int) -> str:
    return f"{n} point" if n == 1 else f"{n} points"


@dataclass(frozen=True)
class Rubric:
    """The criteria an instructor grades a written answer with.

    >>> rubric = Rubric((Criterion("Numbers", ((2, "Right, with units."), (0, "None."))),
    ...                  Criterion("Both sides", ((1, "Fairly."), (0, "One side only.")))))
    >>> rubric.total
    3
    >>> print(rubric)
    Rubric (3 points in all):
    - Numbers (2 points). 2: Right, with units. 0: None.
    - Both sides (1 point). 1: Fairly. 0: One side only.
    """

    criteria: tuple[Criterion, ...]

    @property
    def total(self) -> int:
        """The most points in all."""
        return sum(criterion.points for criterion in self.criteria)

    def __str__(self) -> str:
        lines = [f"Rubric ({_points(self.total)} in all):"]
        for criterion in self.criteria:
            levels = " ".join(f"{points}: {text}" for points, text in criterion.levels)
            lines.append(f"- {criterion.name} ({_points(criterion.points)}). {levels}")
        return "\n".join(lines)

    def markdown(self) -> str:
        """The rubric as a Markdown table, for a notebook or an instructor guide.

        >>> print(Rubric((Criterion("Numbers", ((2, "Right."), (0, "None."))),)).markdown())
        | Criterion | Points | Levels |
        |---|---|---|
        | Numbers | 2 | **2:** Right.<br>**0:** None. |
        """
        rows = ["| Criterion | Points | Levels |", "|---|---|---|"]
        for criterion in self.criteria:
            levels = "<br>".join(f"**{points}:** {text}" for points, text in criterion.levels)
            rows.append(f"| {criterion.name} | {criterion.points} | {levels} |")
        return "\n".join(rows)


# A number as written in prose: 1,234 or 0.5 or 12; "1:1" and "1:N" name kinds of matching.
_NUMBER = re.compile(r"(?<![\w.])\d+(?:[.,]\d+)*")
_MATCHING_KIND = re.compile(r"\b1\s*:\s*(?:1|N)\b", re.IGNORECASE)


@dataclass(frozen=True)
class MemoJudge:
    """Look at a written answer without grading it: see :func:`memo_judge`."""

    min_words: int
    max_words: int
    must_mention: Mapping[str, tuple[str, ...]]
    min_numbers: int
    rubric: Rubric | None

    #: The instructor grades the text; a check only reports on it.
    for_instructor = True

    def __call__(self, value: Any) -> tuple[Status, str, str, str]:
        details = str(self.rubric) if self.rubric else ""
        if _not_answered(value) or (isinstance(value, str) and not value.strip()):
            return ("not answered", "Write your text between the triple quotes and run the cell "
                    "again.", "", details)
        if not isinstance(value, str):
            kind = type(value).__name__
            return (
                "not yet",
                f"The answer should be text, but it is a {kind}: {value!r:.60}.",
                'Write your text between triple quotes, """like this""", so that it is a string.',
                details,
            )
        words = len(value.split())
        numbers = len(_NUMBER.findall(_MATCHING_KIND.sub(" ", value)))
        gaps = []
        if words < self.min_words:
            gaps.append(f"it has {words} words, fewer than the {self.min_words} asked for")
        elif words > self.max_words:
            gaps.append(f"it has {words} words, more than the {self.max_words} asked for: cut "
                        f"what does not support your recommendation")
        if numbers == 0 and self.min_numbers:
            gaps.append("I see no number at all: use the numbers you computed, with their units")
        elif numbers < self.min_numbers:
            gaps.append(f"I see {numbers} number{'s' if numbers != 1 else ''}; the question asks "
                        f"for at least {self.min_numbers}")
        lowered = value.lower()
        for topic, cues in self.must_mention.items():
            if not any(cue.lower() in lowered for cue in cues):
                gaps.append(f"I see nothing about {topic} (I looked for words such as "
                            f"{', '.join(repr(c) for c in cues[:3])})")
        length = ("within" if self.min_words <= words <= self.max_words else "outside")
        message = (
            f"Your text is here: {words} words ({length} the {self.min_words} to "
            f"{self.max_words} asked for) and {numbers} number{'s' if numbers != 1 else ''}. A "
            f"check cannot grade an argument: your instructor grades it"
            + (" with the rubric below." if self.rubric else ".")
        )
        hint = ("Before you hand it in: " + "; ".join(gaps) + ".") if gaps else ""
        return "for instructor", message, hint, details


def memo_judge(
    min_words: int,
    max_words: int,
    must_mention: Mapping[str, Sequence[str]] | None = None,
    min_numbers: int = 0,
    rubric: Rubric | None = None,
) -> MemoJudge:
    """Judge a written answer (a string) that the instructor grades: it is never "correct".

    A blank text is "not answered"; anything that is not text is "not yet"; otherwise the status
    is "for instructor", the message gives the length and the count of numbers, the hint lists
    obvious gaps (too short or long, fewer than ``min_numbers`` numbers, none of the words given
    for a topic of ``must_mention``), and the details show the ``rubric``.

    >>> judge = memo_judge(5, 50, must_mention={"evidence": ["evidence", "data"]}, min_numbers=1)
    >>> judge("   ")[0]
    'not answered'
    >>> status, message, hint, _ = judge("Policy D stores faces. I advise against it.")
    >>> status, message
    ('for instructor', 'Your text is here: 8 words (within the 5 to 50 asked for) and 0 numbers. A check cannot grade an argument: your instructor grades it.')
    >>> print(hint)
    Before you hand it in: I see no number at all: use the numbers you computed, with their units; I see nothing about evidence (I looked for words such as 'evidence', 'data').
    >>> judge("It stores 1,119,772,000 faces; no evidence shows less fraud.")[2]
    ''
    """
    whole = isinstance(min_words, int) and isinstance(max_words, int)
    if not (whole and 0 < min_words <= max_words):
        raise ValueError(f"min_words and max_words must be whole numbers with 0 < min_words <= "
                         f"max_words; got {min_words!r} and {max_words!r}.")
    mentions = {topic: tuple(cues) for topic, cues in (must_mention or {}).items()}
    if any(not cues for cues in mentions.values()):
        raise ValueError("each topic of must_mention needs at least one word to look for.")
    return MemoJudge(min_words, max_words, mentions, min_numbers, rubric)


class Lesson:
    """The exercises of one lesson, with ``check`` and ``progress`` for the notebook."""

    def __init__(self, slug: str, exercises: Sequence[Exercise]) -> None:
        self.slug = slug
        self.exercises = {exercise.answer: exercise for exercise in exercises}
        self.results: dict[str, Feedback] = {}
        # A number answer that is another exercise's answer gets a hint saying so.
        judged = [(e.title, e.judge) for e in exercises if isinstance(e.judge, NumberJudge)]
        for _, judge in judged:
            judge.others = tuple((other_title, other.expected)
                                 for other_title, other in judged if other is not judge)

    def check(
        self, answer_name: str, answer: Any = _MISSING, *, namespace: dict | None = None
    ) -> Feedback:
        """Check the answer stored under ``answer_name``.

        The answer is looked up in ``namespace`` (by default, the globals of the code that
        called ``check``: the notebook). Pass ``answer`` to check a value directly.
        """
        if not isinstance(answer_name, str):
            return self._not_a_name(answer_name, namespace or sys._getframe(1).f_globals)
        if answer_name not in self.exercises:
            known = ", ".join(self.exercises)
            return Feedback(answer_name, "not yet", f"There is no exercise called {answer_name!r}.",
                            f"The exercises of this lesson are: {known}.")
        exercise = self.exercises[answer_name]
        if answer is _MISSING:
            if namespace is None:
                namespace = sys._getframe(1).f_globals
            if answer_name not in namespace:
                feedback = Feedback(
                    answer_name,
                    "not answered",
                    f"I cannot find {answer_name}: run the cell with your answer first "
                    f"(Shift+Enter), and keep the name {answer_name} as it is.",
                )
                return self._record(feedback)
            answer = namespace[answer_name]
        try:
            status, message, hint, *more = exercise.judge(answer)
        except (Exception, SystemExit) as problem:  # a judge must never crash a notebook
            status, message, hint, more = (
                "not yet",
                f"Your answer could not be checked ({type(problem).__name__}: "
                f"{_shown_error(problem)}).",
                "Check that the answer has the form the exercise asks for.",
                [],
            )
        return self._record(Feedback(answer_name, status, message, hint, *more[:1]))

    def _not_a_name(self, value: Any, namespace: Mapping[str, Any]) -> Feedback:
        """``check(ppv_cardiff)`` instead of ``check("ppv_cardiff")``: say how to call it."""
        names = [name for name in self.exercises if name in namespace and namespace[name] is value]
        name = names[0] if names else next(iter(self.exercises), "name")
        return Feedback(
            "check", "not yet",
            "check() needs the exercise's name in quotes, not the answer itself.",
            f'Write check("{name}"): the check finds your answer by its name.'
            + ("" if names else f" The exercises of this lesson are: {', '.join(self.exercises)}."),
        )

    def _record(self, feedback: Feedback) -> Feedback:
        self.results[feedback.exercise] = feedback
        exercise = self.exercises.get(feedback.exercise)
        graded_by_hand = exercise is not None and exercise.for_instructor
        # Strict mode fails checked exercises only: the instructor grades written answers.
        if not feedback.passed and not graded_by_hand and strict_mode():
            raise AssertionError(str(feedback))
        return feedback

    def checker(self) -> Callable[..., Feedback | None]:
        """A ``check(answer_name)`` function for notebooks, reading the notebook's globals.

        It returns the feedback (shown as the cell's result), except while nbgrader runs the
        notebook: then it displays the feedback and returns None (see the module's docstring).
        """

        def check(answer_name: str, *answer: Any) -> Feedback | None:
            """Check one exercise; see :meth:`Lesson.check`."""
            feedback = self.check(answer_name, *answer[:1], namespace=sys._getframe(1).f_globals)
            if nbgrader_running():
                _display(feedback)
                return None
            return feedback

        return check

    def progress(self) -> Progress:
        """A summary of every exercise: passed, not yet, or not checked."""
        return Progress(self, dict(self.results))


@dataclass(frozen=True)
class Progress:
    """Which exercises pass, which do not yet, and what to look at next.

    Written answers (memos) are listed but never pass: the instructor grades them.

    >>> lesson = Lesson("demo", [Exercise("half", "Half", number_judge(0.5)),
    ...                          Exercise("memo", "Memo", memo_judge(3, 20))])
    >>> _ = lesson.check("half", 0.5), lesson.check("memo", "Half is 0.5, I think.")
    >>> print(lesson.progress())
    1 of 1 checked exercises pass. Written answers for your instructor: 1 of 1.
    - Half: correct
    - Memo: for your instructor
    """

    lesson: Lesson
    results: dict[str, Feedback]

    def rows(self) -> list[tuple[str, str, str]]:
        out = []
        for name, exercise in self.lesson.exercises.items():
            feedback = self.results.get(name)
            status = feedback.status if feedback else "not checked"
            out.append((exercise.title, status, feedback.hint if feedback and not feedback.passed else ""))
        return out

    @property
    def passed(self) -> int:
        return sum(1 for _, status, _ in self.rows() if status == "correct")

    @property
    def written(self) -> int:
        """Written answers handed to the instructor (present, whatever their gaps)."""
        return sum(1 for _, status, _ in self.rows() if status == "for instructor")

    def _headline(self) -> str:
        memos = sum(1 for exercise in self.lesson.exercises.values() if exercise.for_instructor)
        if not memos:
            return f"{self.passed} of {len(self.lesson.exercises)} exercises pass."
        checked = len(self.lesson.exercises) - memos
        return (f"{self.passed} of {checked} checked exercises pass. "
                f"Written answers for your instructor: {self.written} of {memos}.")

    def __str__(self) -> str:
        lines = [self._headline()]
        lines += [f"- {title}: {_SHOWN.get(status, status)}" + (f" ({hint})" if hint else "")
                  for title, status, hint in self.rows()]
        return "\n".join(lines)

    __repr__ = __str__

    def _repr_html_(self) -> str:
        marks = {"correct": "&#10004; passes", "not yet": "&#10008; not yet",
                 "not answered": "&#8230; not answered", "not checked": "&#8230; not checked",
                 "for instructor": "&#9998; for your instructor"}
        body = "".join(
            f"<tr><td>{html.escape(title)}</td><td>{marks[status]}</td><td>{html.escape(hint)}</td></tr>"
            for title, status, hint in self.rows()
        )
        return (
            f"<p><b>{html.escape(self._headline())}</b></p>"
            f"<table><thead><tr><th>Exercise</th><th>Status</th><th>What to look at</th></tr>"
            f"</thead><tbody>{body}</tbody></table>"
        )


_SHOWN = {"for instructor": "for your instructor"}


def _display(feedback: Feedback) -> None:
    """Show feedback as a display output (rich in a notebook), not as a cell's result value."""
    try:
        from IPython.display import display
    except ImportError:  # IPython comes with every Jupyter kernel; plain Python prints
        print(feedback)
        return
    display(feedback)
