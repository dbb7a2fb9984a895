"""Checks for the concept inventory, sat before and after the course.

In the notebook (``exercises/concept-inventory.ipynb``)::

    from facenumbers.checks.inventory import check, progress
    sitting = "before"           # or "after"
    q01 = "C"
    check("q01")

The questions, their answers and the feedback for each wrong option come from the bank,
``facenumbers/teaching/inventory.toml`` (read here as a data file; the tests and
:mod:`facenumbers.teaching.inventory` check every field of it).

An answer is one letter, A to D, in quotes; ``"b"``, ``" B "`` and ``"(B)"`` are read as B.
Anything else (``"E"``, ``2``, ``""``) is refused with a message naming the letters allowed.

**Two sittings.** ``check`` reads ``sitting`` from the notebook:

- ``"before"``: the check only says the letter is recorded, never whether it is right, so that
  the first sitting does not teach the answers; ``progress()`` only counts the answers given;
- ``"after"``: right or wrong, and for a wrong option the feedback on the misconception that
  option embodies.

:meth:`InventoryLesson.check` (what ``facenumbers grade`` calls) always judges the answer: the
grader needs the right answers of both sittings to report the gain. While nbgrader runs the
notebook (strict mode, see :func:`facenumbers.checks.strict_mode`), ``check`` judges in both
sittings too, so that nbgrader's scores count the right answers.

>>> print(LESSON.check("q01", " c "))
Correct (q01): "C" is right.
>>> LESSON.check("q01", "(A)").mistake
'chose-a'
>>> print(LESSON.check("q01", "E").message)
The answer should be one of the letters A, B, C or D, in quotes (for example "B"); it is 'E'.
>>> print(LESSON.check_in_sitting("q01", "before", {"q01": "A"}))
For your instructor (q01): Recorded: A. The answers come after the course.
"""

from __future__ import annotations

import sys
import tomllib
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from facenumbers.checks import Exercise, Feedback, Lesson, Progress, nbgrader_running, strict_mode
from facenumbers.checks import _display
from facenumbers.checks.judges import not_answered
from facenumbers.checks.mistakes import Hint

__all__ = ["BANK", "LESSON", "LETTERS", "SITTINGS", "InventoryLesson", "Recorded", "as_letter",
           "check", "letter_judge", "progress"]

#: The bank of questions (a data file of facenumbers.teaching).
BANK = Path(__file__).resolve().parents[1] / "teaching" / "inventory.toml"
LETTERS = ("A", "B", "C", "D")
SITTINGS = ("before", "after")
SLUG = "concept-inventory"
_ALLOWED = "one of the letters A, B, C or D, in quotes (for example \"B\")"
_MISSING = object()


def as_letter(value: object) -> str | None:
    """The option a learner means, A to D, or None: case, spaces and brackets do not matter.

    >>> as_letter("b"), as_letter(" B "), as_letter("(B)"), as_letter("E"), as_letter(2)
    ('B', 'B', 'B', None, None)
    """
    if not isinstance(value, str):
        return None
    letter = value.strip().strip("()[].").strip().upper()
    return letter if letter in LETTERS else None


def letter_judge(answer: str, feedback: Mapping[str, str]) -> Callable[[Any], tuple[str, str, str]]:
    """Judge one letter: right, or the ``feedback`` of the wrong option chosen (its mistake
    named ``chose-<letter>``), or a refusal naming the letters allowed (``not-an-option``)."""
    if answer not in LETTERS:
        raise ValueError(f"answer must be one of {', '.join(LETTERS)}; got {answer!r:.20}.")
    if not isinstance(feedback, Mapping) or set(feedback) != set(LETTERS) - {answer}:
        raise ValueError(f"feedback must give a text for each wrong letter "
                         f"({', '.join(sorted(set(LETTERS) - {answer}))}).")

    def judge(value: Any) -> tuple[str, str, str]:
        if not_answered(value):
            return ("not answered", "Replace the ... with one letter in quotes, for example "
                    "\"B\", and run the cell again.", "")
        letter = as_letter(value)
        if letter is None:
            return ("not yet", f"The answer should be {_ALLOWED}; it is {value!r:.40}.",
                    Hint("Write one of the letters A, B, C or D between quotes, for example \"B\".",
                         "not-an-option"))
        if letter == answer:
            return "correct", f'"{letter}" is right.', ""
        return ("not yet", f'"{letter}" is not the best answer.',
                Hint(feedback[letter], f"chose-{letter.lower()}"))

    return judge


@dataclass(frozen=True)
class Recorded:
    """``progress()`` before the course: how many answers are recorded, and nothing more.

    >>> print(Recorded(3, 14))
    3 of 14 answers recorded. The answers come after the course.
    """

    answered: int
    questions: int

    def __str__(self) -> str:
        return (f"{self.answered} of {self.questions} answers recorded. The answers come after "
                "the course.")

    __repr__ = __str__


class InventoryLesson(Lesson):
    """The inventory's questions, with checks that know which sitting it is."""

    def check_in_sitting(self, answer_name: str, sitting: Any,
                         namespace: Mapping[str, Any]) -> Feedback:
        """Check ``answer_name`` in ``namespace`` for the ``sitting`` given ("before" or
        "after"): before the course, only record it (see the module's docstring)."""
        shown = "sitting = \"before\" (before the course) or sitting = \"after\" (after it)"
        if sitting is _MISSING or not_answered(sitting):
            return Feedback(str(answer_name), "not answered", f"Set the sitting at the top first: "
                            f"{shown}. Run that cell, then this one again.")
        which = sitting.strip().lower() if isinstance(sitting, str) else None
        if which not in SITTINGS:
            return Feedback(str(answer_name), "not yet", f"sitting must be \"before\" or \"after\"; "
                            f"it is {sitting!r:.40}.", f"Write {shown} at the top, and run it.")
        feedback = self.check(answer_name, namespace=dict(namespace))
        if which == "after" or strict_mode() or feedback.status not in ("correct", "not yet"):
            return feedback
        letter = as_letter(namespace.get(answer_name))
        if letter is None:      # refused: the message names the letters, and reveals nothing
            return feedback
        recorded = Feedback(answer_name, "for instructor",
                            f"Recorded: {letter}. The answers come after the course.")
        self.results[answer_name] = recorded
        return recorded

    def checker(self) -> Callable[..., Feedback | None]:
        """A ``check(answer_name)`` for the notebook, reading the answer and ``sitting`` from
        the notebook's globals (while nbgrader runs it: displayed, not returned)."""

        def check(answer_name: str) -> Feedback | None:
            """Check one question; see :meth:`InventoryLesson.check_in_sitting`."""
            namespace = sys._getframe(1).f_globals
            feedback = self.check_in_sitting(answer_name, namespace.get("sitting", _MISSING),
                                             namespace)
            if nbgrader_running():
                _display(feedback)
                return None
            return feedback

        return check

    def progress(self) -> Progress | Recorded:
        """Which questions pass (after the course), or how many are recorded (before it),
        as ``sitting`` in the caller's globals says."""
        sitting = sys._getframe(1).f_globals.get("sitting")
        before = isinstance(sitting, str) and sitting.strip().lower() == "before"
        if before and not strict_mode():
            recorded = sum(1 for f in self.results.values() if f.status == "for instructor")
            return Recorded(recorded, len(self.exercises))
        return super().progress()


def _lesson() -> InventoryLesson:
    raw = tomllib.loads(BANK.read_text(encoding="utf-8"))
    exercises = []
    for number, question in enumerate(raw["question"], start=1):
        feedback = {letter: " ".join(entry["feedback"].split())
                    for letter, entry in question["wrong"].items()}
        exercises.append(Exercise(question["id"], f"Question {number}: {question['concept']}",
                                  letter_judge(question["answer"], feedback)))
    return InventoryLesson(SLUG, exercises)


LESSON = _lesson()
#: ``check("q01")`` in the notebook.
check = LESSON.checker()
#: ``progress()`` in the notebook.
progress = LESSON.progress
