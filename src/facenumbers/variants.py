"""Per-student variants of an exercise notebook: which numbers each student gets.

A varied lesson's checks module (Lesson 04's is :mod:`facenumbers.checks.base_rates`) declares
a :class:`Variation`: the parameters of its exercises that may vary (illustrative scenario
numbers, or a choice among real rows of the data), the small set of sensible values each may
take, and the default values that ``make exercises`` states. It also provides
``lesson_for(params)`` (the checks of that variant), ``texts_for(params)`` (the words and
numbers the variant's notebook states) and ``for_variant(key)`` (``check, progress`` for the
notebook's import cell).

A student's variant comes from a seed derived from the assignment and the student's key (the
roster's ``id`` when there is one, else the ``student`` name): the SHA-256 of
``"<assignment>:<key>"``. The same student therefore always gets the same variant, and the
grader works it out again from the roster alone, never from the notebook:

>>> params_for("04-base-rates", "2024001") == params_for("04-base-rates", "2024001")
True
>>> params_for("04-base-rates", "2024001")["crowd"] in (100_000, 200_000, 500_000, 1_000_000)
True
>>> params_for("00-start-here", "2024001")    # a lesson with nothing to vary
{}

A variant's **key** names every parameter and its value (``crowd=200000,hit_rate=0.95,...``);
the released notebook's import cell passes it to ``for_variant``.
"""

from __future__ import annotations

import hashlib
import importlib
import math
from collections.abc import Iterable

from facenumbers.checks.variation import Value, Variation

__all__ = [
    "VARIED",
    "Value",
    "Variation",
    "checks_module",
    "distinct_count",
    "params_for",
    "seed_for",
    "student_key",
]

#: The assignments whose exercises vary, and the checks module that declares how.
VARIED: dict[str, str] = {
    "01-real-name-registration": "facenumbers.checks.real_name",
    "02-biometric-id": "facenumbers.checks.biometrics",
    "03-error-rates": "facenumbers.checks.error_rates",
    "04-base-rates": "facenumbers.checks.base_rates",
    "05-search-and-fairness": "facenumbers.checks.search",
    "06-policy-tradeoffs": "facenumbers.checks.policy",
    "07-breaches-and-evidence": "facenumbers.checks.evidence",
}


def _text(value: object, name: str) -> str:
    """``value`` as non-empty text, or a TypeError / ValueError naming ``name``."""
    if not isinstance(value, str):
        raise TypeError(f"{name} must be text; got a {type(value).__name__}.")
    if not value.strip():
        raise ValueError(f"{name} must not be empty.")
    return value


def seed_for(assignment: str, student: str) -> int:
    """The seed of a student's variant: SHA-256 of ``"<assignment>:<student>"``, as a number.

    >>> seed_for("04-base-rates", "2024001") == seed_for("04-base-rates", "2024001")
    True
    >>> seed_for("04-base-rates", "2024001") != seed_for("04-base-rates", "2024002")
    True
    """
    _text(assignment, "assignment")
    _text(student, "student")
    digest = hashlib.sha256(f"{assignment}:{student}".encode()).digest()
    return int.from_bytes(digest, "big")


def checks_module(assignment: str) -> str | None:
    """The checks module that declares an assignment's variants, or None if it has none.

    >>> checks_module("04-base-rates")
    'facenumbers.checks.base_rates'
    """
    _text(assignment, "assignment")
    return VARIED.get(assignment)


def student_key(student: str, identifier: str = "") -> str:
    """The key a student's variant is drawn from: the roster's id, else the student's name.

    >>> student_key("Li Hua", "2024001"), student_key("Ana Souza")
    ('2024001', 'Ana Souza')
    """
    _text(student, "student")
    if not isinstance(identifier, str):
        raise TypeError(f"identifier must be text; got a {type(identifier).__name__}.")
    return identifier.strip() or student.strip()


def params_for(assignment: str, student_key: str) -> dict[str, Value]:
    """The parameters of a student's variant of an assignment (``{}`` when nothing varies).

    ``student_key`` is the roster's ``id`` when present, else its ``student`` name (see
    :func:`student_key`). The grader passes the result to ``lesson_for`` of the checks module.

    >>> params = params_for("04-base-rates", "Li Hua")
    >>> from facenumbers.checks import base_rates
    >>> base_rates.VARIATION.complete(params) == params
    True
    """
    module = checks_module(assignment)
    seed = seed_for(assignment, student_key)
    if module is None:
        return {}
    return importlib.import_module(module).VARIATION.draw(seed)


def distinct_count(values: Iterable[float], rel_tol: float = 0.005) -> int:
    """How many of ``values`` differ from each other by more than ``rel_tol`` (a copied answer
    within a check's tolerance of another variant's right answer would pass it).

    >>> distinct_count([1.0, 1.001, 2.0, 2.0])
    2
    """
    if isinstance(rel_tol, bool) or not isinstance(rel_tol, (int, float)) or not rel_tol >= 0:
        raise ValueError(f"rel_tol must be a number of 0 or more; got {rel_tol!r:.40}.")
    if isinstance(values, (str, bytes)) or not isinstance(values, Iterable):
        raise TypeError(f"values must be numbers; got a {type(values).__name__}.")
    numbers = []
    for value in values:
        if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value):
            raise ValueError(f"values must be finite numbers; got {value!r:.40}.")
        numbers.append(float(value))
    groups: list[float] = []
    for number in sorted(numbers):
        if not groups or not math.isclose(number, groups[-1], rel_tol=rel_tol, abs_tol=1e-300):
            groups.append(number)
    return len(groups)
