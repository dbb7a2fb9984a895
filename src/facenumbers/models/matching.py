"""Comparing templates: similarity scores, 1:1 verification, 1:N identification, duplicates.

- **Similarity score**: how alike two templates are. Here the *cosine similarity*: the dot
  product of the two vectors divided by the product of their lengths, from -1 (opposite)
  through 0 (unrelated) to 1 (same direction).
- **Threshold**: the score at or above which the system says "match". A score *equal* to
  the threshold is a match (``score >= threshold``) throughout the course.
- **Verification (1:1)**: one face against one stored face: "is this the person on the ID card?"
- **Identification (1:N)**: one face against a gallery of N: "who is this?"
- **Duplicate detection**: a new face against everyone already enrolled: "is this face
  already registered under another name?"

>>> round(cosine_similarity([1, 0], [1, 1]), 4)
0.7071
>>> verify(0.62, threshold=0.6)
True
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from facenumbers.models.templates import Population
from facenumbers.models.validation import require_count, require_number, require_numbers

__all__ = [
    "IdentificationResult",
    "comparison_scores",
    "cosine_similarity",
    "find_duplicates",
    "identify",
    "verify",
]


def _as_vectors(values: object, name: str) -> np.ndarray:
    array = require_numbers(values, name)
    if array.ndim == 0:
        raise ValueError(f"{name} must be a vector (a list of numbers), not a single number.")
    return array


def cosine_similarity(a: object, b: object) -> float | np.ndarray:
    """Cosine similarity of two vectors (or of matching rows of two arrays, broadcast).

    Raises ValueError for vectors of different lengths or of length zero.

    >>> cosine_similarity([3, 4], [4, 3])
    0.96
    >>> cosine_similarity([[1, 0], [0, 1]], [1, 0]).tolist()
    [1.0, 0.0]
    """
    left, right = _as_vectors(a, "a"), _as_vectors(b, "b")
    if left.shape[-1] != right.shape[-1]:
        raise ValueError(
            f"a and b must have the same number of entries; got {left.shape[-1]} and {right.shape[-1]}."
        )
    norms = np.linalg.norm(left, axis=-1) * np.linalg.norm(right, axis=-1)
    if np.any(norms == 0):
        raise ValueError("a and b must not be all zeros: a zero vector has no direction.")
    result = np.sum(left * right, axis=-1) / norms
    result = np.clip(result, -1.0, 1.0)
    return float(result) if np.ndim(result) == 0 else result


def verify(score: float, threshold: float) -> bool:
    """1:1 decision: a match when the score is at or above the threshold.

    >>> verify(0.6, 0.6), verify(0.59, 0.6)
    (True, False)
    """
    return require_number(score, "score") >= require_number(threshold, "threshold")


@dataclass(frozen=True)
class IdentificationResult:
    """The outcome of one 1:N search."""

    candidate: int | None
    """Index of the best-scoring gallery entry, or None when no score reaches the threshold."""
    score: float
    """The best score in the gallery (reported even when it is under the threshold)."""
    rank_of_true: int | None
    """Where the true identity ranked (1 = top), when it is known and in the gallery."""
    candidates_over_threshold: int
    """How many gallery entries reached the threshold: more than one true identity is impossible."""

    @property
    def matched(self) -> bool:
        """True when some gallery entry reached the threshold."""
        return self.candidate is not None


def identify(
    probe: object, gallery: object, threshold: float, true_index: int | None = None
) -> IdentificationResult:
    """1:N identification: search ``probe`` against every row of ``gallery``.

    >>> gallery = [[1, 0], [0, 1], [0.7, 0.7]]
    >>> result = identify([1, 0.1], gallery, threshold=0.9, true_index=0)
    >>> result.candidate, result.rank_of_true, result.candidates_over_threshold
    (0, 1, 1)
    >>> identify([-1, 0], gallery, threshold=0.9).candidate is None
    True
    """
    rows = _as_vectors(gallery, "gallery")
    if rows.ndim != 2:
        raise ValueError(f"gallery must be a table of templates (2-D); got shape {rows.shape}.")
    threshold = require_number(threshold, "threshold")
    scores = cosine_similarity(rows, probe)
    scores = np.atleast_1d(scores)
    best = int(np.argmax(scores))
    rank = None
    if true_index is not None:
        true_index = require_count(true_index, "true_index", maximum=len(scores) - 1)
        rank = int(np.sum(scores > scores[true_index])) + 1
    over = int(np.sum(scores >= threshold))
    return IdentificationResult(
        candidate=best if scores[best] >= threshold else None,
        score=float(scores[best]),
        rank_of_true=rank,
        candidates_over_threshold=over,
    )


def find_duplicates(new_face: object, enrolled: object, threshold: float) -> np.ndarray:
    """Indices of enrolled templates that the new face matches (score at or above threshold).

    For a new customer with no earlier registration, every index returned is a *false*
    duplicate flag.

    >>> find_duplicates([1, 0], [[1, 0.05], [0, 1], [0.99, 0.1]], threshold=0.95).tolist()
    [0, 2]
    """
    scores = np.atleast_1d(cosine_similarity(_as_vectors(enrolled, "enrolled"), new_face))
    return np.flatnonzero(scores >= require_number(threshold, "threshold"))


def comparison_scores(population: Population, max_impostor_pairs: int = 200_000) -> pd.DataFrame:
    """Every genuine comparison and a seeded sample of impostor comparisons, as a table.

    Columns: ``score``, ``kind`` ("genuine": two captures of the same person; "impostor":
    first captures of two different people of the same group), ``group``.
    Impostor pairs are only compared within a group, as in NIST's demographic tests.

    >>> from facenumbers.models.templates import make_population
    >>> table = comparison_scores(make_population(people=20, captures=3, seed=3))
    >>> table.groupby("kind").size().to_dict()
    {'genuine': 60, 'impostor': 90}
    """
    if not isinstance(population, Population):
        raise TypeError("population must be a Population (from make_population); got a "
                        f"{type(population).__name__}.")
    max_impostor_pairs = require_count(max_impostor_pairs, "max_impostor_pairs", minimum=1)
    templates = population.templates
    people, captures = templates.shape[:2]
    # Genuine: all pairs of captures of each person.
    first, second = np.triu_indices(captures, k=1)
    genuine = np.einsum("pkd,pkd->pk", templates[:, first], templates[:, second])
    genuine_table = pd.DataFrame(
        {
            "score": genuine.ravel(),
            "kind": "genuine",
            "group": np.repeat(population.group, len(first)),
        }
    )
    tables = [genuine_table]
    rng = np.random.default_rng([population.seed, 3])
    for group in np.unique(population.group):
        members = np.flatnonzero(population.group == group)
        left, right = np.triu_indices(len(members), k=1)
        if len(left) > max_impostor_pairs:
            keep = np.sort(rng.choice(len(left), size=max_impostor_pairs, replace=False))
            left, right = left[keep], right[keep]
        first_captures = templates[members, 0]
        similarity = first_captures @ first_captures.T  # unit vectors: dot product = cosine
        tables.append(
            pd.DataFrame({"score": similarity[left, right], "kind": "impostor", "group": group})
        )
    return pd.concat(tables, ignore_index=True)
