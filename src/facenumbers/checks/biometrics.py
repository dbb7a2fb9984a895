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

from collections.abc import Callable, Mapping, Sequence
from typing import Any

import numpy as np

from facenumbers.checks import (
    Exercise,
    Feedback,
    Lesson,
    Progress,
    WrongAnswer,
    choice_judge,
    function_judge,
    number_judge,
)
from facenumbers.checks.biometrics_pipeline import PIPELINE, STEPS, order_judge
from facenumbers.checks.variation import Value, Variation
from facenumbers.models.matching import cosine_similarity
from facenumbers.models.templates import make_population

__all__ = [
    "DEFAULT",
    "LESSON",
    "VARIANT_COUNTS",
    "VARIATION",
    "constants_for",
    "for_variant",
    "lesson_for",
    "texts_for",
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

#: What varies between students (``facenumbers assign``, see :mod:`facenumbers.variants`):
#: exercise 1's two short vectors (each pair has whole-number lengths, so the work stays by
#: hand) and exercise 3's threshold (always one of the twelve scores, so one score sits exactly
#: on it). Exercises 4 and 5 stay fixed: their threshold is the one value a genuine and an
#: impostor score share. Exercises 6 and 7 search the seeded model's gallery with the 128
#: numbers the notebook imports; 2 is a function, 8 to 11 are choices and an order: all fixed.
_VECTOR_PAIRS = {
    "122_212": (VECTOR_A, VECTOR_B),
    "236_632": (_frozen([2, 3, 6]), _frozen([6, 3, 2])),
    "148_481": (_frozen([1, 4, 8]), _frozen([4, 8, 1])),
    "122_236": (_frozen([1, 2, 2]), _frozen([2, 3, 6])),
}
DEFAULT: dict[str, Value] = {"vectors": "122_212", "match_threshold": MATCH_THRESHOLD}
VARIATION = Variation(DEFAULT, {"vectors": tuple(_VECTOR_PAIRS),
                                "match_threshold": (0.49, 0.6, 0.66, 0.73)})
#: How many different right answers each exercise has across the variants (K; 1: fixed).
VARIANT_COUNTS: dict[str, int] = {
    "cosine_by_hand": 4, "cosine": 1, "matches_at_threshold": 4, "false_matches": 1,
    "false_non_matches": 1, "top_candidate": 1, "duplicate_matches": 1, "needs_one_to_many": 1,
    "stops_a_photo": 1, "poor_capture": 1, "pipeline_order": 1,
}


def _whole(values: np.ndarray) -> list[str]:
    return [f"{v:g}" for v in values]


def texts_for(params: Mapping[str, Value]) -> dict[str, str]:
    """What the variant's notebook states (cell metadata ``facenumbers_vary``).

    >>> texts = texts_for({"vectors": "236_632", "match_threshold": 0.73})
    >>> texts["threshold"], texts["cosine_code"]
    ('0.73', '33 / (7 * 7)')
    """
    complete = VARIATION.complete(params)
    a, b = _VECTOR_PAIRS[str(complete["vectors"])]
    threshold = float(complete["match_threshold"])
    dot, la, lb = _dot(a, b), _length(a), _length(b)
    products = " + ".join(f"{x} x {y}" for x, y in zip(_whole(a), _whole(b)))
    squares = [" + ".join(_whole(v ** 2)) for v in (a, b)]
    at_or_above = [f"{v:.2f}" for v in SCORES if v >= threshold]
    counted = ", ".join(at_or_above[:-1]) + f" and {at_or_above[-1]}"
    words = {3: "three", 4: "four", 5: "five", 8: "eight"}
    return {
        "dot_working": f"{products} = {dot:g}",
        "length_working": f"sqrt({squares[0]}) = {la:g} and sqrt({squares[1]}) = {lb:g}",
        "cosine_working": f"{dot:g} / ({la:g} x {lb:g}) = {dot:g} / {la * lb:g}, about "
                          f"{dot / (la * lb):.3f}",
        "cosine_code": f"{dot:g} / ({la:g} * {lb:g})",
        "threshold": f"{threshold:g}",
        "matches_working": f"{counted} are at or above {threshold:g}: "
                           f"{words[len(at_or_above)]} matches",
        "on_threshold_working": f"{threshold:.2f} is exactly",
    }


def constants_for(params: Mapping[str, Value]) -> dict[str, str]:
    """The names the notebook imports whose values vary, as code for the variant's setup cell.

    >>> constants_for({"vectors": "148_481"})["VECTOR_A"]
    'np.array([1.0, 4.0, 8.0])'
    """
    complete = VARIATION.complete(params)
    a, b = _VECTOR_PAIRS[str(complete["vectors"])]
    return {"VECTOR_A": f"np.array({a.tolist()})", "VECTOR_B": f"np.array({b.tolist()})",
            "MATCH_THRESHOLD": f"{float(complete['match_threshold']):g}"}


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



_genuine_matches = int(np.sum(GENUINE_SCORES >= ERROR_THRESHOLD))
_false_matches = int(np.sum(IMPOSTOR_SCORES >= ERROR_THRESHOLD))
_false_non_matches = int(np.sum(GENUINE_SCORES < ERROR_THRESHOLD))
_true_non_matches = int(np.sum(IMPOSTOR_SCORES < ERROR_THRESHOLD))

def lesson_for(params: Mapping[str, Value]) -> Lesson:
    """The checks of one variant (``{}`` or :data:`DEFAULT`: the lesson as ``make exercises``
    states it). Raises ValueError for a parameter or value that :data:`VARIATION` does not allow.

    >>> lesson_for({"match_threshold": 0.73}).exercises["matches_at_threshold"].title
    '3. Matches at a threshold of 0.73'
    >>> lesson_for({"vectors": "122_236"}).check("cosine_by_hand", 20 / 21).passed
    True
    """
    complete = VARIATION.complete(params)
    vector_a, vector_b = _VECTOR_PAIRS[str(complete["vectors"])]
    threshold = float(complete["match_threshold"])
    dot, length_a, length_b = _dot(vector_a, vector_b), _length(vector_a), _length(vector_b)
    cos_ab = dot / (length_a * length_b)
    lengths_words = (f"{length_a:g}, not {length_a ** 2:g}" if length_a == length_b else
                     f"{length_a:g} and {length_b:g}, not {length_a ** 2:g} and {length_b ** 2:g}")
    return Lesson(
        "02-biometric-id",
        [
            Exercise(
                "cosine_by_hand",
                "1. Cosine similarity of two short vectors, by hand",
                number_judge(
                    cos_ab,
                    wrong=[
                        WrongAnswer(
                            dot,
                            f"{dot:g} is the dot product alone: you forgot to divide by the lengths of the "
                            "two vectors. Each length is the square root of the sum of squares.",
                        ),
                        WrongAnswer(
                            dot / (length_a + length_b),
                            f"You divided by the sum of the lengths ({length_a:g} + {length_b:g}). Divide by "
                            f"their product ({length_a:g} x {length_b:g}) instead.",
                        ),
                        WrongAnswer(
                            dot / (length_a * length_b) ** 2,
                            f"You divided by the sums of squares ({length_a ** 2:g} x {length_b ** 2:g}). The "
                            f"length is the square root of the sum of squares: {lengths_words}.",
                        ),
                        WrongAnswer(
                            _angle(vector_a, vector_b),
                            "That is the angle between the vectors, in radians. The score is the "
                            "cosine of that angle: leave out the arccos.",
                        ),
                        WrongAnswer(
                            float(np.degrees(_angle(vector_a, vector_b))),
                            "That is the angle between the vectors, in degrees. The score is the "
                            "cosine of that angle: leave out the arccos.",
                        ),
                        WrongAnswer(
                            1 - cos_ab,
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
                    fallback_hint="Try your function on the vectors of exercise 1: it should give "
                    f"{dot:g}/{length_a * length_b:g}. Check each step: the dot product ({dot:g}), each "
                    f"length (the square root of the sum of squares: {length_a:g} and {length_b:g}), then the dot product divided by the product of the lengths.",
                ),
            ),
            Exercise(
                "matches_at_threshold",
                f"3. Matches at a threshold of {threshold:g}",
                _count_judge(
                    int(np.sum(SCORES >= threshold)),
                    wrong=[
                        WrongAnswer(
                            int(np.sum(SCORES > threshold)),
                            "A score equal to the threshold is a match: use >= (at or above), "
                            f"not >. One score in the list is exactly {threshold:g}.",
                        ),
                        WrongAnswer(
                            int(np.sum(SCORES < threshold)),
                            "You counted the scores below the threshold: those are the non-matches.",
                        ),
                        WrongAnswer(
                            int(np.sum(SCORES <= threshold)),
                            "You counted the scores at or below the threshold. A match is a score at "
                            "or above it.",
                        ),
                        WrongAnswer(
                            float(np.mean(SCORES >= threshold)),
                            "That is the share of matches. The question asks how many: a count.",
                        ),
                    ],
                    fallback_hint="Go through the list and count the scores that are "
                    f"{threshold:g} or more.",
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
                order_judge(PIPELINE),
            ),
        ],
    )



def for_variant(key: str) -> tuple[Callable[..., Feedback | None], Callable[[], Progress]]:
    """``check, progress`` for a variant's notebook, from its key (see :mod:`facenumbers.variants`).

    >>> check_b, _ = for_variant("vectors=236_632,match_threshold=0.66")
    >>> check_b("matches_at_threshold", 4).passed
    True
    """
    lesson = lesson_for(VARIATION.parse(key))
    return lesson.checker(), lesson.progress


LESSON = lesson_for(DEFAULT)


#: ``check("cosine_by_hand")`` in the notebook checks the variable ``cosine_by_hand``.
check = LESSON.checker()
#: ``progress()`` shows which exercises pass.
progress = LESSON.progress
