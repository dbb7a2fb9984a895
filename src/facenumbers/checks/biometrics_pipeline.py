"""Lesson 02's exercise 11: the steps of the face-recognition pipeline, in order.

:func:`order_judge` judges a list of step names (or one string of them joined by arrows or
commas); a wrong order gets the hint of the first link of the chain it breaks, and each hint
names its mistake (:class:`~facenumbers.checks.mistakes.Hint`).

>>> judge = order_judge(PIPELINE)
>>> judge(list(PIPELINE))[0]
'correct'
>>> judge(list(reversed(PIPELINE)))[2].mistake
'reversed-order'
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from typing import Any

import numpy as np

from facenumbers.checks.judges import not_answered
from facenumbers.checks.mistakes import Hint

__all__ = ["PIPELINE", "STEPS", "order_judge"]

#: The pipeline of lesson section 1, in order, with the lesson's names for the steps.
PIPELINE = ("capture", "liveness check", "face detection", "template", "comparison score",
            "threshold", "decision")
#: The learner's copy: the same names shuffled (none in its right place).
STEPS = ("threshold", "template", "capture", "decision", "face detection", "comparison score",
         "liveness check")
#: Other names the lesson gives the same steps (section 1 and 8), accepted as those steps.
_STEP_SYNONYMS = {
    "liveness": "liveness check",
    "presentation attack detection": "liveness check",
    "detection": "face detection",
    "embedding": "template",
    "similarity score": "comparison score",
    "score": "comparison score",
    "comparison": "comparison score",
}
_STEP_SEPARATOR = re.compile(r"\s*(?:→|->|=>|>|,|;|\n)\s*")

#: (earlier step, later step, mistake, hint), in the order they are tried. Each pair is one
#: link of the chain (the liveness check before the score is implied by the others, but it is
#: the mistake with the most to teach), so a wrong order always breaks one, and the hint names
#: that one.
_ORDER_RULES = (
    ("capture", None, "capture-not-first", "The chain starts with the capture: until the "
     "camera has taken a picture, no other step has anything to work on."),
    ("liveness check", "comparison score", "liveness-after-score", "The liveness check must "
     "come before the comparison: a face on a screen really is the card owner's, so its score "
     "is high and the matcher cannot stop it (section 8)."),
    ("face detection", "template", "template-before-detection", "The face must be found, "
     "cropped and straightened (face detection) before software can turn it into a template."),
    ("template", "comparison score", "score-before-template", "The comparison score compares "
     "two templates, so the template must exist first."),
    ("comparison score", "threshold", "threshold-before-score", "The threshold step holds the "
     "score against the line the operator chose, so the score must exist first (the line "
     "itself is chosen in advance)."),
    ("threshold", "decision", "decision-not-last", "The decision comes last: a score at or "
     "above the threshold is a match and the number is opened; below it, the customer is "
     "refused."),
    ("liveness check", "face detection", "liveness-after-detection", "In the lesson's chain "
     "(section 1) the liveness check comes straight after the capture, before face detection."),
)


def _step(text: str) -> str:
    """A step name as the lesson writes it: lower case, single spaces, synonyms resolved."""
    name = " ".join(text.replace("_", " ").replace("-", " ").lower().split())
    return _STEP_SYNONYMS.get(name, name)


def order_judge(correct: Sequence[str]) -> Callable[[Any], tuple[str, str, str]]:
    """Judge a list of step names in order; a wrong order gets the hint of the first broken link.

    >>> order_judge(PIPELINE)(["capture"])[2].mistake
    'step-missing'
    """
    expected = tuple(correct)
    names = ", ".join(f'"{name}"' for name in STEPS)
    how = (f"Write the seven names from STEPS ({names}) as a list of strings, in the order a "
           "face goes through them.")

    def judge(value: Any) -> tuple[str, str, str]:
        if not_answered(value):
            return "not answered", "Set pipeline_order to a list of the step names and run the " \
                "cell again.", ""
        if isinstance(value, str):
            value = [part for part in _STEP_SEPARATOR.split(value.strip()) if part]
        if isinstance(value, np.ndarray):
            value = value.tolist()
        if not isinstance(value, (list, tuple)) or not all(isinstance(v, str) for v in value):
            return "not yet", f"The answer should be a list of step names; it is {value!r:.60}.", \
                Hint(how, "not-a-list")
        steps = [_step(v) for v in value]
        unknown = [v for v, s in zip(value, steps) if s not in expected]
        if unknown:
            return "not yet", f"{unknown[0]!r} is not one of the seven step names.", Hint(
                f"Use the lesson's names, as in STEPS: {names}.", "not-a-step-name")
        twice = sorted({s for s in steps if steps.count(s) > 1}, key=expected.index)
        if twice:
            return "not yet", f'"{twice[0]}" is in the list more than once.', Hint(
                "Each step comes once: the list holds all seven steps, each in its place.",
                "step-twice")
        missing = [s for s in expected if s not in steps]
        if missing:
            left_out = ", ".join(f'"{s}"' for s in missing)
            return "not yet", f"The list has {len(steps)} of the seven steps: it leaves out " \
                f"{left_out}.", Hint(how, "step-missing")
        order = " → ".join(steps)
        if tuple(steps) == expected:
            return "correct", f"Right: {order}.", ""
        if tuple(steps) == expected[::-1]:
            return "not yet", f"Your order: {order}.", Hint(
                "That is the chain from last to first: it starts with the capture and ends with "
                "the decision.", "reversed-order")
        for earlier, later, mistake, hint in _ORDER_RULES:
            before = steps.index(earlier)
            if (later is None and before != 0) or (later and before > steps.index(later)):
                return "not yet", f"Your order: {order}.", Hint(hint, mistake)
        return "not yet", f"Your order: {order}.", how  # not reached: the rules cover every order

    return judge
