"""Lesson 02's checks pass the right answers and reject blanks and typical mistakes, with hints.

The right answers are worked out here by hand or with plain numpy on the exercise data,
independently of the package's matching code.
"""

from __future__ import annotations

import itertools
import math
from pathlib import Path

import nbformat
import numpy as np
import pytest

from facenumbers.checks import biometrics as lesson02

from check_contract import both_ways

ROOT = Path(__file__).resolve().parents[1]

# Exercise 1, by hand: a . b = 1x2 + 2x1 + 2x2 = 8; |a| = |b| = sqrt(1 + 4 + 4) = 3.
COS_AB = 8 / 9

# Exercise 3: 0.82, 0.60, 0.73, 0.66, 0.95 are at or above 0.6; 0.60 is exactly on it.
SCORES = [0.82, 0.41, 0.60, 0.59, 0.73, 0.12, 0.66, 0.58, 0.95, 0.30, 0.07, 0.49]

# Exercises 4 and 5 at 0.5: impostor scores 0.50, 0.57, 0.53, 0.61 are false matches;
# genuine scores 0.47 and 0.38 are false non-matches (0.50 is a match).
FALSE_MATCHES, FALSE_NON_MATCHES = 4, 2


def plain_cosine(a, b):
    a, b = np.asarray(a, dtype=float), np.asarray(b, dtype=float)
    return float(a @ b / math.sqrt((a @ a) * (b @ b)))


def gallery_scores(probe):
    rows = np.asarray(lesson02.GALLERY)
    return rows @ probe / (np.sqrt((rows * rows).sum(axis=1)) * math.sqrt(probe @ probe))


TOP = int(np.argmax(gallery_scores(lesson02.PROBE)))
LOWEST = int(np.argmin(gallery_scores(lesson02.PROBE)))
BEST_SCORE = float(np.max(gallery_scores(lesson02.PROBE)))
DUPLICATES = int(np.sum(gallery_scores(lesson02.NEW_FACE) >= 0.6))


def cosine_right(a, b):
    return np.dot(a, b) / (np.linalg.norm(a) * np.linalg.norm(b))


def cosine_sum_of_lengths(a, b):
    return np.dot(a, b) / (np.linalg.norm(a) + np.linalg.norm(b))


def cosine_angle(a, b):
    return np.arccos(np.clip(cosine_right(a, b), -1, 1))


def cosine_no_square_root(a, b):
    return np.dot(a, b) / (np.sum(a ** 2) * np.sum(b ** 2))


def cosine_raises(a, b):
    return np.dot(a, b) / lenght(a)  # noqa: F821


def cosine_returns_text(a, b):
    return "close"


def cosine_off_by_a_bit(a, b):
    return cosine_right(a, b) * 0.9


# Exercise 11: the chain as lesson section 1 draws it.
PIPELINE = ["capture", "liveness check", "face detection", "template", "comparison score",
            "threshold", "decision"]


def swap(steps, first, second):
    """``steps`` with two steps changed round."""
    i, j = steps.index(first), steps.index(second)
    out = list(steps)
    out[i], out[j] = out[j], out[i]
    return out


# name -> (right answer, [(typical wrong answer, words its hint or message must contain), ...])
CASES = {
    "cosine_by_hand": (COS_AB, [
        (8, "dot product alone"),
        (8 / 6, "sum of the lengths"),
        (8 / 81, "square root"),
        (math.acos(8 / 9), "radians"),
        (math.degrees(math.acos(8 / 9)), "degrees"),
        (1 - 8 / 9, "distance"),
        ("8/9", "single number"),
    ]),
    "cosine": (cosine_right, [
        (lambda a, b: np.dot(a, b), "dot product alone"),
        (cosine_sum_of_lengths, "sum of the two lengths"),
        (cosine_angle, "angle"),
        (cosine_no_square_root, "square root"),
        (cosine_raises, "NameError"),
        (cosine_returns_text, "does not return a number"),
        (cosine_off_by_a_bit, "8/9"),
        (0.89, "should be a function"),
    ]),
    "matches_at_threshold": (5, [
        (4, ">="),
        (7, "non-matches"),
        (5 / 12, "share"),
    ]),
    "false_matches": (FALSE_MATCHES, [
        (FALSE_NON_MATCHES, "false non-matches"),
        (3, ">="),
        (FALSE_MATCHES / 16, "rate"),
        (10, "genuine scores at or above"),
        (12, "correct non-matches"),
    ]),
    "false_non_matches": (FALSE_NON_MATCHES, [
        (FALSE_MATCHES, "false matches"),
        (3, "use < (below), not <="),
        (FALSE_NON_MATCHES / 12, "rate"),
        (round(FALSE_NON_MATCHES / 12, 2), "rate"),
        (10, "correct matches"),
    ]),
    "top_candidate": (TOP, [
        (TOP + 1, "counts rows from 0"),
        (LOWEST, "lowest score"),
        (round(BEST_SCORE, 2), "best score itself"),
        ("Person 004", "single number"),
    ]),
    "duplicate_matches": (DUPLICATES, [
        (1, "not only the top candidate"),
        (len(lesson02.GALLERY) - DUPLICATES, "below the threshold"),
        (len(lesson02.GALLERY), "number of comparisons"),
    ]),
    "needs_one_to_many": ("b", [
        ("a", "verification (1:1)"),
        ("c", "verification (1:1)"),
        ("d", "liveness"),
        ("B)", "one of"),
    ]),
    "stops_a_photo": ("c", [
        ("a", "detection"),
        ("b", "honest customers"),
        ("d", "not whether a live person"),
    ]),
    "poor_capture": ("a", [
        ("b", "watch which histogram moves"),
        ("c", "genuine score goes down"),
        ("d", "genuine scores that fall"),
    ]),
    "pipeline_order": (PIPELINE, [
        (list(lesson02.STEPS), "starts with the capture"),
        (PIPELINE[::-1], "last to first"),
        (swap(PIPELINE, "liveness check", "face detection"), "straight after the capture"),
        (swap(PIPELINE, "face detection", "template"), "cropped and straightened"),
        (swap(PIPELINE, "liveness check", "comparison score"), "matcher cannot stop it"),
        (swap(PIPELINE, "comparison score", "threshold"), "score must exist first"),
        (swap(PIPELINE, "threshold", "decision"), "decision comes last"),
        (PIPELINE[:5], "leaves out \"threshold\", \"decision\""),
        (["capture", "liveness check", "face scan", *PIPELINE[3:]], "not one of the seven"),
        (PIPELINE + ["capture"], "more than once"),
        (7, "list of step names"),
    ]),
}


def test_the_exercise_data_are_what_the_answers_above_assume():
    assert list(lesson02.VECTOR_A) == [1, 2, 2] and list(lesson02.VECTOR_B) == [2, 1, 2]
    assert list(lesson02.SCORES) == SCORES and lesson02.MATCH_THRESHOLD == 0.6
    assert lesson02.ERROR_THRESHOLD == 0.5
    genuine, impostor = lesson02.GENUINE_SCORES, lesson02.IMPOSTOR_SCORES
    assert sorted(s for s in impostor if s >= 0.5) == [0.50, 0.53, 0.57, 0.61]
    assert sorted(s for s in genuine if s < 0.5) == [0.38, 0.47]
    assert 0.5 in list(genuine) and len(genuine) == 12 and len(impostor) == 16


def test_the_gallery_search_has_one_clear_answer():
    # The search exercises must not hinge on a near tie or on the threshold.
    scores = np.sort(gallery_scores(lesson02.PROBE))
    assert scores[-1] >= 0.6 and scores[-2] < 0.3
    assert len({TOP, TOP + 1, LOWEST}) == 3
    new_face = np.sort(gallery_scores(lesson02.NEW_FACE))
    assert DUPLICATES == 2 and new_face[-2] >= 0.65 and new_face[-3] < 0.4
    assert lesson02.GALLERY.shape == (9, 128) and len(lesson02.GALLERY_NAMES) == 9
    assert np.allclose(np.linalg.norm(lesson02.GALLERY, axis=1), 1.0)


def test_the_function_cases_are_right():
    for args, expected in lesson02.COSINE_CASES:
        assert math.isclose(expected, plain_cosine(*args), rel_tol=1e-9, abs_tol=1e-12)


def test_the_exercise_data_cannot_be_changed_by_a_notebook():
    with pytest.raises(ValueError):
        lesson02.SCORES[0] = 1.0
    assert lesson02.check("matches_at_threshold", 5).passed


def test_answers_computed_with_numpy_pass():
    assert lesson02.check("matches_at_threshold", np.sum(np.array(SCORES) >= 0.6)).passed
    assert lesson02.check("top_candidate", np.argmax(gallery_scores(lesson02.PROBE))).passed
    assert lesson02.check("cosine_by_hand", np.float64(8) / 9).passed
    with_matmul = lambda a, b: a @ b / (np.linalg.norm(a) * np.linalg.norm(b))  # noqa: E731
    assert lesson02.check("cosine", with_matmul).passed


def test_a_function_stub_is_not_answered():
    def cosine(a, b):
        return ...

    assert lesson02.check("cosine", cosine).status == "not answered"


def test_exceptions_in_a_students_function_are_reported_not_raised():
    def cosine(a, b):
        return cosine(a, b)

    feedback = lesson02.check("cosine", cosine)
    assert not feedback.passed and "RecursionError" in feedback.message

    def cosine_in_place(a, b):
        a /= np.linalg.norm(a)  # the exercise data are read-only
        return np.dot(a, b)

    feedback = lesson02.check("cosine", cosine_in_place)
    assert not feedback.passed and "raised ValueError" in feedback.message


def test_checker_looks_in_the_notebook_globals():
    namespace = {"check": lesson02.check}
    exec("false_matches = 4\nresult = check('false_matches')", namespace)
    assert namespace["result"].passed
    exec("false_matches = ...\nresult = check('false_matches')", namespace)
    assert namespace["result"].status == "not answered"
    exec("del false_matches\nresult = check('false_matches')", namespace)
    assert "cannot find false_matches" in namespace["result"].message


def test_the_pipeline_is_the_one_the_lesson_draws():
    lesson = nbformat.read(ROOT / "lessons" / "02-biometric-id.ipynb", as_version=4)
    section_1 = next(c.source for c in lesson.cells if c.source.startswith("## 1."))
    assert " → ".join(PIPELINE) in section_1
    assert sorted(lesson02.STEPS) == sorted(PIPELINE)
    assert all(given != right for given, right in zip(lesson02.STEPS, PIPELINE))


def test_the_pipeline_may_be_written_as_text_or_with_the_lessons_other_names():
    assert lesson02.check("pipeline_order", " → ".join(PIPELINE)).passed
    assert lesson02.check("pipeline_order", tuple(s.upper() for s in PIPELINE)).passed
    other_names = ["capture", "liveness", "face_detection", "embedding", "similarity score",
                   "threshold", "decision"]
    assert lesson02.check("pipeline_order", other_names).passed


def test_every_wrong_order_gets_a_hint_that_is_true_of_it():
    for order in itertools.permutations(PIPELINE):
        feedback = lesson02.check("pipeline_order", list(order))
        assert feedback.passed == (list(order) == PIPELINE)
        if not feedback.passed:
            assert feedback.hint, order
            if "liveness check must come before" in feedback.hint:
                assert order.index("liveness check") > order.index("comparison score")
            if "cropped and straightened" in feedback.hint:
                assert order.index("face detection") > order.index("template")


def test_progress_lists_every_exercise():
    report = lesson02.progress()
    assert f"of {len(CASES)} exercises pass." in str(report)


# Right answers pass; blanks and typical mistakes fail with their hints.
globals().update(both_ways(lesson02.LESSON, CASES))
