"""Checks for Lesson 02, biometric identification.

In the exercise notebook::

    from facenumbers.checks.biometrics import check, progress, VECTOR_A, VECTOR_B

The exercise data are module constants, so the notebook and the checks use the same numbers.
All of them are synthetic: short made-up vectors, made-up scores, and templates from the
course's seeded model (:func:`facenumbers.models.templates.make_population`). No real faces.

>>> check("cosine_by_hand", 8 / 9).passed
True
>>> print(check("cosine_by_hand", 8).hint)  # doctest: +ELLIPSIS
8 is the dot product alone: ...
>>> print(check("matches_at_threshold", 4).hint)  # doctest: +ELLIPSIS
A score equal to the threshold is a match...
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from typing import Any

import numpy as np

from facenumbers.checks import (
    Exercise,
    Lesson,
    WrongAnswer,
    choice_judge,
    function_judge,
    number_judge,
)
from facenumbers.checks.judges import not_answered
from facenumbers.models.matching import cosine_similarity
from facenumbers.models.templates import make_population

__all__ = [
    "LESSON",
    "check",
    "progress",
    "VECTOR_A",
    "VECTOR_B",
    "MATCH_THRESHOLD",
    "SCORES",
    "ERROR_THRESHOLD",
    "GENUINE_SCORES",
    "IMPOSTOR_SCORES",
    "GALLERY",
    "GALLERY_NAMES",
    "PROBE",
    "NEW_FACE",
    "SEARCH_THRESHOLD",
    "COSINE_CASES",
    "STEPS",
]


def _frozen(values: object) -> np.ndarray:
    """A read-only float array, so a notebook cannot change the exercise data by accident."""
    array = np.array(values, dtype=float)
    array.setflags(write=False)
    return array


# Exercise 1: two tiny "templates" (the model's have 128 numbers), chosen so the
# lengths are whole numbers: |a| = |b| = 3, a . b = 8.
VECTOR_A = _frozen([1, 2, 2])
VECTOR_B = _frozen([2, 1, 2])

# Exercise 3: twelve made-up similarity scores; one is exactly on the threshold.
MATCH_THRESHOLD = 0.6
SCORES = _frozen([0.82, 0.41, 0.60, 0.59, 0.73, 0.12, 0.66, 0.58, 0.95, 0.30, 0.07, 0.49])

# Exercises 4 and 5: made-up scores from a deliberately weak matcher, so that both kinds of
# error occur. Genuine: two captures of the same person. Impostor: two different people.
# One genuine and one impostor score sit exactly on the threshold.
ERROR_THRESHOLD = 0.5
GENUINE_SCORES = _frozen([0.81, 0.66, 0.50, 0.74, 0.47, 0.69, 0.58, 0.77, 0.38, 0.62, 0.71, 0.55])
IMPOSTOR_SCORES = _frozen([0.12, 0.50, 0.31, 0.05, 0.57, 0.22, 0.44, -0.08,
                           0.18, 0.53, 0.29, 0.36, 0.61, 0.09, 0.41, 0.26])

# Exercises 6 and 7: a small registration database of synthetic 128-number templates from
# the course's model. Rows 0-7 are the first captures of eight made-up people. Row 8 is a
# second registration of person 6 ("Person 006", row 5) under another name, "Person 009".
# PROBE is a new capture of "Person 004" (row 3); NEW_FACE a new capture of "Person 006".
SEARCH_THRESHOLD = 0.6
_DATABASE = make_population(people=8, captures=3, quality=0.8, seed=202)
_IDENTIFIED_ROW = 3
_REGISTERED_TWICE = 5
GALLERY = _frozen(np.vstack([_DATABASE.templates[:, 0], _DATABASE.templates[_REGISTERED_TWICE, 1]]))
GALLERY_NAMES = (*_DATABASE.names, "Person 009")
PROBE = _frozen(_DATABASE.templates[_IDENTIFIED_ROW, 2])
NEW_FACE = _frozen(_DATABASE.templates[_REGISTERED_TWICE, 2])

_probe_scores = cosine_similarity(GALLERY, PROBE)
_new_face_matches = int(np.sum(cosine_similarity(GALLERY, NEW_FACE) >= SEARCH_THRESHOLD))

# Exercise 2: the pairs the student's cosine(a, b) is called with (numpy arrays), and the
# right answers. The last pair is two captures of one synthetic person (128 numbers each).
_PAIRS = [
    ([1, 2, 2], [2, 1, 2]),
    ([3, 4], [4, 3]),
    ([1, 0, 0, 0], [0, 1, 0, 0]),
    ([1, -1, 2, 0.5], [-2, 2, -4, -1]),
    ([0.2, -0.1, 0.4, 0.3, 0.0], [0.1, 0.3, 0.2, -0.2, 0.5]),
    ([5, 0, 1], [10, 1, 3]),
    (_DATABASE.templates[0, 0] * 3, _DATABASE.templates[0, 1]),
]
COSINE_CASES = [
    ((_frozen(a), _frozen(b)), float(cosine_similarity(a, b))) for a, b in _PAIRS
]


def _dot(a: Any, b: Any) -> float:
    return float(np.sum(np.asarray(a, dtype=float) * np.asarray(b, dtype=float)))


def _length(a: Any) -> float:
    return float(np.sqrt(np.sum(np.asarray(a, dtype=float) ** 2)))


def _angle(a: Any, b: Any) -> float:
    """The angle between two vectors, in radians: a typical wrong answer for the similarity."""
    return float(np.arccos(np.clip(_dot(a, b) / (_length(a) * _length(b)), -1.0, 1.0)))


def _count_judge(expected: int, wrong: Sequence[WrongAnswer], fallback_hint: str) -> Callable:
    """A count (or row number), with hints for the typical wrong answers.

    The 2% tolerance lets a rounded rate or score (0.17 for 2/12) still get its targeted hint;
    it cannot confuse two whole numbers.
    """
    return number_judge(
        expected, wrong=wrong, rel_tol=0.02, proportion=False, fallback_hint=fallback_hint
    )


_cos_ab = _dot(VECTOR_A, VECTOR_B) / (_length(VECTOR_A) * _length(VECTOR_B))

# Exercise 11: the pipeline of lesson section 1, in order, with the lesson's names for the
# steps; STEPS gives the learner the same names shuffled (none in its right place).
_PIPELINE = ("capture", "liveness check", "face detection", "template", "comparison score",
             "threshold", "decision")
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

#: (earlier step, later step, hint), in the order they are tried. Each pair is one link of the
#: chain (the liveness check before the score is implied by the others, but it is the mistake
#: with the most to teach), so a wrong order always breaks one, and the hint names that one.
_ORDER_RULES = (
    ("capture", None, "The chain starts with the capture: until the camera has taken a picture, "
     "no other step has anything to work on."),
    ("liveness check", "comparison score", "The liveness check must come before the "
     "comparison: a face on a screen really is the card owner's, so its score is high and the "
     "matcher cannot stop it (section 8)."),
    ("face detection", "template", "The face must be found, cropped and straightened (face "
     "detection) before software can turn it into a template."),
    ("template", "comparison score", "The comparison score compares two templates, so the "
     "template must exist first."),
    ("comparison score", "threshold", "The threshold step holds the score against the line the "
     "operator chose, so the score must exist first (the line itself is chosen in advance)."),
    ("threshold", "decision", "The decision comes last: a score at or above the threshold is a "
     "match and the number is opened; below it, the customer is refused."),
    ("liveness check", "face detection", "In the lesson's chain (section 1) the liveness check "
     "comes straight after the capture, before face detection."),
)


def _step(text: str) -> str:
    """A step name as the lesson writes it: lower case, single spaces, synonyms resolved."""
    name = " ".join(text.replace("_", " ").replace("-", " ").lower().split())
    return _STEP_SYNONYMS.get(name, name)


def _order_judge(correct: Sequence[str]) -> Callable:
    """Judge a list of step names in order; a wrong order gets the hint of the first broken link."""
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
            return "not yet", f"The answer should be a list of step names; it is {value!r:.60}.", how
        steps = [_step(v) for v in value]
        unknown = [v for v, s in zip(value, steps) if s not in expected]
        if unknown:
            return "not yet", f"{unknown[0]!r} is not one of the seven step names.", (
                f"Use the lesson's names, as in STEPS: {names}.")
        twice = sorted({s for s in steps if steps.count(s) > 1}, key=expected.index)
        if twice:
            return "not yet", f'"{twice[0]}" is in the list more than once.', (
                "Each step comes once: the list holds all seven steps, each in its place.")
        missing = [s for s in expected if s not in steps]
        if missing:
            left_out = ", ".join(f'"{s}"' for s in missing)
            return "not yet", f"The list has {len(steps)} of the seven steps: it leaves out " \
                f"{left_out}.", how
        order = " → ".join(steps)
        if tuple(steps) == expected:
            return "correct", f"Right: {order}.", ""
        if tuple(steps) == expected[::-1]:
            return "not yet", f"Your order: {order}.", (
                "That is the chain from last to first: it starts with the capture and ends with "
                "the decision.")
        for earlier, later, hint in _ORDER_RULES:
            before = steps.index(earlier)
            if (later is None and before != 0) or (later and before > steps.index(later)):
                return "not yet", f"Your order: {order}.", hint
        return "not yet", f"Your order: {order}.", how  # not reached: the rules cover every order

    return judge

_genuine_matches = int(np.sum(GENUINE_SCORES >= ERROR_THRESHOLD))
_false_matches = int(np.sum(IMPOSTOR_SCORES >= ERROR_THRESHOLD))
_false_non_matches = int(np.sum(GENUINE_SCORES < ERROR_THRESHOLD))
_true_non_matches = int(np.sum(IMPOSTOR_SCORES < ERROR_THRESHOLD))

LESSON = Lesson(
    "02-biometric-id",
    [
        Exercise(
            "cosine_by_hand",
            "1. Cosine similarity of two short vectors, by hand",
            number_judge(
                _cos_ab,
                wrong=[
                    WrongAnswer(
                        _dot(VECTOR_A, VECTOR_B),
                        "8 is the dot product alone: you forgot to divide by the lengths of the "
                        "two vectors. Each length is the square root of the sum of squares.",
                    ),
                    WrongAnswer(
                        _dot(VECTOR_A, VECTOR_B) / (_length(VECTOR_A) + _length(VECTOR_B)),
                        "You divided by the sum of the lengths (3 + 3). Divide by their "
                        "product (3 x 3) instead.",
                    ),
                    WrongAnswer(
                        _dot(VECTOR_A, VECTOR_B) / (_length(VECTOR_A) * _length(VECTOR_B)) ** 2,
                        "You divided by the sums of squares (9 x 9). The length is the square "
                        "root of the sum of squares: 3, not 9.",
                    ),
                    WrongAnswer(
                        _angle(VECTOR_A, VECTOR_B),
                        "That is the angle between the vectors, in radians. The score is the "
                        "cosine of that angle: leave out the arccos.",
                    ),
                    WrongAnswer(
                        float(np.degrees(_angle(VECTOR_A, VECTOR_B))),
                        "That is the angle between the vectors, in degrees. The score is the "
                        "cosine of that angle: leave out the arccos.",
                    ),
                    WrongAnswer(
                        1 - _cos_ab,
                        "That is 1 minus the similarity (a distance). The question asks for "
                        "the similarity itself.",
                    ),
                ],
                proportion=False,
                fallback_hint="Dot product: multiply the vectors entry by entry and add up. "
                "Length: square root of the sum of squares. Similarity: dot product / "
                "(length of a x length of b).",
            ),
        ),
        Exercise(
            "cosine",
            "2. A function for cosine similarity",
            function_judge(
                COSINE_CASES,
                wrong=[
                    (lambda a, b: _dot(a, b),
                     "Your function returns the dot product alone: divide it by the product "
                     "of the two lengths, np.linalg.norm(a) * np.linalg.norm(b)."),
                    (lambda a, b: _dot(a, b) / (_length(a) + _length(b)),
                     "Your function divides by the sum of the two lengths. Divide by their "
                     "product instead."),
                    (lambda a, b: _dot(a, b) / (_dot(a, a) * _dot(b, b)),
                     "Your function divides by the sums of squares. A length is the square "
                     "root of the sum of squares (np.linalg.norm does it for you)."),
                    (_angle,
                     "Your function returns the angle (in radians). The similarity is the "
                     "cosine of the angle: leave out np.arccos."),
                    (lambda a, b: float(np.degrees(_angle(a, b))),
                     "Your function returns the angle (in degrees). The similarity is the "
                     "cosine of the angle: leave out the arccos."),
                    (lambda a, b: _dot(a, b) / len(a),
                     "Your function divides by the number of entries. Divide by the product "
                     "of the two lengths instead."),
                ],
                fallback_hint="Try your function on the vectors of exercise 1: it should give 8/9. Check "
                "each step: the dot product (8), each length (the square root of the sum of "
                "squares: 3 and 3), then the dot product divided by the product of the lengths.",
            ),
        ),
        Exercise(
            "matches_at_threshold",
            "3. Matches at a threshold of 0.6",
            _count_judge(
                int(np.sum(SCORES >= MATCH_THRESHOLD)),
                wrong=[
                    WrongAnswer(
                        int(np.sum(SCORES > MATCH_THRESHOLD)),
                        "A score equal to the threshold is a match: use >= (at or above), "
                        "not >. One score in the list is exactly 0.6.",
                    ),
                    WrongAnswer(
                        int(np.sum(SCORES < MATCH_THRESHOLD)),
                        "You counted the scores below the threshold: those are the non-matches.",
                    ),
                    WrongAnswer(
                        int(np.sum(SCORES <= MATCH_THRESHOLD)),
                        "You counted the scores at or below the threshold. A match is a score at "
                        "or above it.",
                    ),
                    WrongAnswer(
                        float(np.mean(SCORES >= MATCH_THRESHOLD)),
                        "That is the share of matches. The question asks how many: a count.",
                    ),
                ],
                fallback_hint="Go through the list and count the scores that are 0.6 or more.",
            ),
        ),
        Exercise(
            "false_matches",
            "4. False matches at a threshold of 0.5",
            _count_judge(
                _false_matches,
                wrong=[
                    WrongAnswer(
                        _false_non_matches,
                        "That is the number of false non-matches (genuine scores below the "
                        "threshold). A false match is two different people declared a match: "
                        "count the impostor scores at or above the threshold.",
                    ),
                    WrongAnswer(
                        int(np.sum(IMPOSTOR_SCORES > ERROR_THRESHOLD)),
                        "A score equal to the threshold is a match: use >= (at or above), not >. "
                        "One impostor score is exactly 0.5.",
                    ),
                    WrongAnswer(
                        _false_matches / IMPOSTOR_SCORES.size,
                        "That is a rate (the share of impostor comparisons that match). The "
                        "question asks for a count.",
                    ),
                    WrongAnswer(
                        _genuine_matches,
                        "You counted the genuine scores at or above the threshold: those are "
                        "correct matches. A false match comes from an impostor comparison.",
                    ),
                    WrongAnswer(
                        _true_non_matches,
                        "You counted the impostor scores below the threshold: those are correct "
                        "non-matches. Count the impostor scores at or above it.",
                    ),
                ],
                fallback_hint="Count the impostor scores (different people) that are 0.5 or more.",
            ),
        ),
        Exercise(
            "false_non_matches",
            "5. False non-matches at a threshold of 0.5",
            _count_judge(
                _false_non_matches,
                wrong=[
                    WrongAnswer(
                        _false_matches,
                        "That is the number of false matches (impostor scores at or above the "
                        "threshold). A false non-match is one person declared two: count the "
                        "genuine scores below the threshold.",
                    ),
                    WrongAnswer(
                        int(np.sum(GENUINE_SCORES <= ERROR_THRESHOLD)),
                        "A genuine score exactly at the threshold is a match, so it is not a "
                        "false non-match: use < (below), not <=.",
                    ),
                    WrongAnswer(
                        _false_non_matches / GENUINE_SCORES.size,
                        "That is a rate (the share of genuine comparisons that fail). The "
                        "question asks for a count.",
                    ),
                    WrongAnswer(
                        _genuine_matches,
                        "You counted the genuine scores at or above the threshold: those are "
                        "correct matches. Count the genuine scores below it.",
                    ),
                    WrongAnswer(
                        _true_non_matches,
                        "You counted the impostor scores below the threshold: those are correct "
                        "non-matches. A false non-match comes from a genuine comparison.",
                    ),
                ],
                fallback_hint="Count the genuine scores (same person) that are below 0.5.",
            ),
        ),
        Exercise(
            "top_candidate",
            "6. The top candidate of a 1:N search",
            _count_judge(
                int(np.argmax(_probe_scores)),
                wrong=[
                    WrongAnswer(
                        int(np.argmax(_probe_scores)) + 1,
                        "Python counts rows from 0: the first row is row 0. You gave the "
                        "position counting from 1.",
                    ),
                    WrongAnswer(
                        int(np.argmin(_probe_scores)),
                        "That is the row with the lowest score, the least similar face. Take "
                        "the highest (np.argmax).",
                    ),
                    WrongAnswer(
                        float(np.max(_probe_scores)),
                        "That is the best score itself. The question asks which row it belongs "
                        "to (np.argmax gives the row number).",
                    ),
                ],
                fallback_hint="Score PROBE against every row of GALLERY, then give the row "
                "number (from 0) of the highest score.",
            ),
        ),
        Exercise(
            "duplicate_matches",
            "7. Deduplication: registrations a new face matches",
            _count_judge(
                _new_face_matches,
                wrong=[
                    WrongAnswer(
                        1,
                        "A search at a threshold returns every row at or above it, not only "
                        "the top candidate. Count all the rows that match.",
                    ),
                    WrongAnswer(
                        len(GALLERY) - _new_face_matches,
                        "You counted the rows below the threshold: those are the non-matches.",
                    ),
                    WrongAnswer(
                        len(GALLERY),
                        "That is the number of comparisons (one per registered face). Count "
                        "only the scores at or above the threshold.",
                    ),
                ],
                fallback_hint="Score NEW_FACE against every row of GALLERY and count the scores "
                "that are 0.6 or more.",
            ),
        ),
        Exercise(
            "needs_one_to_many",
            "8. Which task needs a 1:N search?",
            choice_judge(
                "b",
                {
                    "a": "Checking a customer against the ID card they hand over compares one "
                    "face with one photo: that is verification (1:1).",
                    "c": "The phone compares the face only with its owner's stored template: "
                    "that is verification (1:1).",
                    "d": "A liveness check asks whether a real, present person is in front of "
                    "the camera; it compares the face with no stored face at all.",
                },
                options=["a", "b", "c", "d"],
            ),
        ),
        Exercise(
            "stops_a_photo",
            "9. Which step should stop a face shown on a screen?",
            choice_judge(
                "c",
                {
                    "a": "Face detection only finds where a face is in the picture, and there "
                    "is a face on the screen. It cannot tell a screen from a person.",
                    "b": "The replayed face really is the card owner's, so its score is high. "
                    "Raising the threshold would mostly turn away honest customers.",
                    "d": "The comparison score measures how alike two faces look, not whether a "
                    "live person is present: here it would say the faces are alike.",
                },
                options=["a", "b", "c", "d"],
            ),
        ),
        Exercise(
            "poor_capture",
            "10. What a poor capture does to the scores",
            choice_judge(
                "a",
                {
                    "b": "In the model, a poor capture does not make two different people look "
                    "more alike: if anything the false matches fall a little, because the noise "
                    "also blurs what Group B's strangers share. Lower the capture quality in the "
                    "Matcher and watch which histogram moves.",
                    "c": "The same person's captures differ more when the capture is poor, so "
                    "the genuine score goes down even though it is the same person.",
                    "d": "In the model, a poor capture does not push the impostor scores up; "
                    "it is the genuine scores that fall, towards the threshold.",
                },
                options=["a", "b", "c", "d"],
            ),
        ),
        Exercise(
            "pipeline_order",
            "11. The steps of the pipeline, in order",
            _order_judge(_PIPELINE),
        ),
    ],
)


#: ``check("cosine_by_hand")`` in the notebook checks the variable ``cosine_by_hand``.
check = LESSON.checker()
#: ``progress()`` shows which exercises pass.
progress = LESSON.progress
