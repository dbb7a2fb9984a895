"""The inputs of Lesson 06's exercises, and how they vary between students.

The exercises themselves are in :mod:`facenumbers.checks.policy`, which students and solutions
import (it re-exports every name here). Every value is an illustrative assumption, as the lesson
says on screen, except the harm counts, which come from the package's policy model
(:func:`facenumbers.models.policy.compare_policies` at its default inputs).

**Variants** (``facenumbers assign``, see :mod:`facenumbers.variants`). Three kinds of number
are the exercises' own illustrative choices, stated in the exercise (none is in the course's
table of assumptions, so none breaks a link with the lesson or the simulator): two of the
weights of ``WEIGHTS`` (exercises 2 and 3), the cost of a false non-match at the counter
(exercise 4) and the false-match rate per comparison of the 1:N search (exercise 7).
:data:`VARIATION` lists the choices; :func:`constants_for` gives the code that binds the varied
names in a variant's setup cell.

>>> weights_for(DEFAULT) == WEIGHTS
True
>>> weights_for({"honest_refused_weight": 400})["honest_refused"]
400
"""

from __future__ import annotations

from collections.abc import Mapping

import pandas as pd

from facenumbers import data
from facenumbers.checks.variation import Value, Variation
from facenumbers.models.policy import (
    HARMS,
    Group,
    PolicyInputs,
    compare_policies,
    outcomes_table,
)

__all__ = [
    "BIASED",
    "COUNTER",
    "DEFAULT",
    "HARM_COUNTS",
    "OUTCOMES",
    "SEARCH",
    "THRESHOLDS",
    "VARIATION",
    "WEIGHTS",
    "WEIGHTS_PRIVACY",
    "constants_for",
    "counter_for",
    "search_for",
    "texts_for",
    "weights_for",
]

DEFAULTS = compare_policies(PolicyInputs())
#: The same year if D built a new gallery instead of searching the state's ID photos (for the
#: hint aimed at counting the gallery as new faces).
NEW_GALLERY = compare_policies(PolicyInputs(d_reuses_id_photos=False))

#: Exercise 1: one year of the four policies at the model's default inputs (one row each).
OUTCOMES = outcomes_table(DEFAULTS)

_FULL_COUNTS = pd.DataFrame({o.policy: o.harms for o in DEFAULTS}).T[list(HARMS)]

#: Exercises 2 and 3: a year of each policy at the model's default inputs, harm by harm
#: (people, or fraudulent numbers, in a year; people exposed over the model's 10 years).
HARM_COUNTS = _FULL_COUNTS.round().astype("int64")
HARM_COUNTS.index.name = "policy"
#: The same counts if D built a new gallery (see NEW_GALLERY).
NEW_GALLERY_COUNTS = pd.DataFrame({o.policy: o.harms for o in NEW_GALLERY}).T[list(HARMS)]

#: Exercise 4: an illustrative matcher's false-match and false non-match rates per attempt.
THRESHOLDS = pd.DataFrame({
    "threshold": [0.30, 0.35, 0.40, 0.45, 0.50, 0.55, 0.60, 0.65, 0.70],
    "false_match_rate": [1e-2, 2e-3, 4e-4, 8e-5, 1.5e-5, 3e-6, 5e-7, 1e-7, 2e-8],
    "false_non_match_rate": [0.0008, 0.0012, 0.002, 0.004, 0.008, 0.016, 0.035, 0.07, 0.14],
})
#: A year at the counter: 120 million registrations, of which 0.2% (240,000) are impostors.
YEAR_OF_REGISTRATIONS = int(12 * data.assumption("registrations_per_month"))   # 120 million
_IMPOSTORS_A_YEAR = round(YEAR_OF_REGISTRATIONS * data.assumption("impostor_share"))

#: Exercises 5 and 6: Group B (10% of customers) has 10 times the false matches and 3 times
#: the false non-matches of Group A (the simulator's "Biased matcher" preset, which the
#: exercise names: it never varies).
BIASED = PolicyInputs().with_changes(groups={
    "Group A": Group(0.9),
    "Group B": Group(0.1, false_match_multiplier=10, false_non_match_multiplier=3),
})

#: The values ``make exercises`` states; a variant changes some of them (see VARIATION).
DEFAULT: dict[str, Value] = {
    "honest_refused_weight": 200, "duplicate_flag_weight": 50,
    "cost_of_false_non_match": 0.01, "search_false_match_rate": 1e-10,
}
#: Each varied value and its choices. The weight of a fraudulent number (100) stays, since
#: exercise 4 says a false match costs as much; so does exercise 3's answer (A, whichever
#: weights: the test suite checks it). Each cost of a false non-match moves the best threshold
#: (0.50, 0.45, 0.40); each search rate is 100, 200 or 500 times the table's 1e-12.
VARIATION = Variation(DEFAULT, {
    "honest_refused_weight": (100, 200, 400),
    "duplicate_flag_weight": (20, 50, 100),
    "cost_of_false_non_match": (0.002, 0.01, 0.05),
    "search_false_match_rate": (1e-10, 2e-10, 5e-10),
})


def weights_for(params: Mapping[str, Value]) -> dict[str, float]:
    """Exercise 2's ``WEIGHTS`` for a variant: points per person (or per fraudulent number).

    A value judgment, not a fact: by default an honest refusal counts twice a fraudulent
    number, a false flag half of one.

    >>> weights_for({"duplicate_flag_weight": 20})["false_duplicate_flags"]
    20
    """
    p = VARIATION.complete(params)
    return {
        "fraud_not_stopped": 100,
        "honest_refused": p["honest_refused_weight"],
        "false_duplicate_flags": p["duplicate_flag_weight"],
        "people_exposed": 1,
        "faces_linked": 0.01,
    }


def privacy_weights(weights: Mapping[str, float]) -> dict[str, float]:
    """Exercise 3's weights: ``weights`` with a face exposed or linked weighing 10 times more.

    >>> privacy_weights({"people_exposed": 1, "faces_linked": 0.01})
    {'people_exposed': 10, 'faces_linked': 0.1}
    """
    return {**weights, "people_exposed": 10, "faces_linked": 0.1}


def counter_for(params: Mapping[str, Value]) -> dict[str, float]:
    """Exercise 4's year at the counter, with the cost of each error in points.

    >>> counter_for({"cost_of_false_non_match": 0.05})["cost_of_false_non_match"]
    0.05
    """
    p = VARIATION.complete(params)
    return {
        "impostor_attempts": _IMPOSTORS_A_YEAR,
        "honest_attempts": YEAR_OF_REGISTRATIONS - _IMPOSTORS_A_YEAR,   # 119,760,000
        "cost_of_false_match": 100,
        "cost_of_false_non_match": p["cost_of_false_non_match"],
    }


def search_for(params: Mapping[str, Value]) -> dict[str, float]:
    """Exercise 7's search of every new registration against the whole gallery.

    >>> search_for({})["false_match_rate"]
    1e-10
    """
    p = VARIATION.complete(params)
    return {
        "gallery_size": int(data.assumption("gallery_size")),
        "false_match_rate": p["search_false_match_rate"],   # 100 times the table's 1e-12 or more
        "registrations_per_year": YEAR_OF_REGISTRATIONS,
    }


#: Exercise 2: points per person (or per fraudulent number), at the defaults.
WEIGHTS = weights_for(DEFAULT)
#: Exercise 3: the same, except that a face exposed or linked weighs 10 times more.
WEIGHTS_PRIVACY = privacy_weights(WEIGHTS)
#: Exercise 4: a year at the counter (illustrative), and the cost of each error in points.
COUNTER = counter_for(DEFAULT)
#: Exercise 7: every new registration is searched against the whole gallery (illustrative).
SEARCH = search_for(DEFAULT)

#: How exercise 7 writes each search rate: in words, and as a multiple of the table's 1e-12.
_RATE_WORDS = {1e-10: "1 in 10 billion", 2e-10: "1 in 5 billion", 5e-10: "1 in 2 billion"}


def texts_for(params: Mapping[str, Value]) -> dict[str, str]:
    """What the variant's notebook states, by the names the solution's cells give them (cell
    metadata ``facenumbers_vary``, see :func:`facenumbers.notebooks.apply_variant`).

    >>> texts_for({"search_false_match_rate": 2e-10})["search_rate_words"]
    '1 in 5 billion'
    """
    p = VARIATION.complete(params)
    rate = float(p["search_false_match_rate"])
    table_rate = data.assumption("search_false_match_rate")
    return {
        "cost_of_false_non_match": f"{float(p['cost_of_false_non_match']):g}",
        "search_rate_words": _RATE_WORDS[rate],
        "search_rate_code": f"{rate:g}",
        "search_rate_times": f"{rate / table_rate:,.0f} times",
    }


def _dict_code(values: Mapping[str, float], indent: int) -> str:
    """A dict as code, one key a line (what the variant's setup cell binds)."""
    pad = " " * indent
    rows = [f'{pad}    "{name}": {value:_}' if isinstance(value, int) else
            f'{pad}    "{name}": {value:g}' for name, value in values.items()]
    return "{\n" + ",\n".join(rows) + f",\n{pad}}}"


def constants_for(params: Mapping[str, Value]) -> dict[str, str]:
    """The names the notebook imports whose values vary, as the code that binds them in the
    variant's setup cell (after ``check, progress = for_variant(...)``).

    >>> print(constants_for({})["WEIGHTS_PRIVACY"])
    {**WEIGHTS, "people_exposed": 10, "faces_linked": 0.1}
    """
    p = VARIATION.complete(params)
    return {
        "WEIGHTS": _dict_code(weights_for(p), 0),
        "WEIGHTS_PRIVACY": '{**WEIGHTS, "people_exposed": 10, "faces_linked": 0.1}',
        "COUNTER": _dict_code(counter_for(p), 0),
        "SEARCH": _dict_code(search_for(p), 0),
    }
