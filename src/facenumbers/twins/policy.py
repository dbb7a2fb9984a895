"""Context for the twin of the Registration policy simulator (Lesson 06).

The simulator is closed-form arithmetic (:func:`facenumbers.models.policy.compare_policies`,
:func:`~facenumbers.models.policy.cheapest_by_weight_ratio` and the texts around them), which
the browser computes again exactly (``js/models/policy_simulator.js`` and
``js/models/policy_simulator_tables.js``). Nothing is precomputed: the context carries only
constant tables, each taken from the Python constants so that the twin cannot drift from
them: the policies, kinds of fraud, harms, checks and their reasons, the ratios of the
weight-ratio chart, the labels of the chart's panels and of the menus, the links that existed
before any policy (with their sources), and the calculator's starting values (the weight-ratio
chart shows what they give until two different harms are chosen).

>>> from facenumbers import calculators
>>> from facenumbers.twins import policy as twin
>>> context = twin.policy_simulator(calculators.policy_simulator())
>>> [letter for letter, _ in context["policies"]], len(context["ratios"])
(['A', 'B', 'C', 'D'], 121)
"""

from __future__ import annotations

from typing import Any

from facenumbers.calculators import policy as calculator
from facenumbers.calculators.policy import PolicySimulator
from facenumbers.charts.policy import OUTCOMES
from facenumbers.models.policy import (
    ASSUMPTIONS,
    AT_THE_COUNTER,
    FRAUD_KINDS,
    HARMS,
    POLICIES,
    STOP_REASONS,
    PolicyInputs,
    preexisting_links,
)

__all__ = ["policy_simulator"]


def policy_simulator(calc: PolicySimulator) -> dict[str, Any]:
    """The policy simulator twin's context: the model's constant tables and labels.

    Every entry is a Python constant as JSON (lists keep their order); ``start`` is the
    calculator's values when it opens (the model's defaults, every weight 0), from which the
    weight-ratio chart is drawn until the learner picks two different harms.
    """
    start = {**calculator.values_from(PolicyInputs()),
             "first_harm": calculator.FIRST_HARM, "second_harm": calculator.SECOND_HARM}
    return {
        "policies": [[letter, label] for letter, label in POLICIES.items()],
        "fraud_kinds": [[kind, label] for kind, label in FRAUD_KINDS.items()],
        "at_the_counter": list(AT_THE_COUNTER),
        "harms": [[harm, label, who] for harm, (label, who) in HARMS.items()],
        "checks": [[check, name] for check, name in calculator.CHECKS.items()],
        "stop_reasons": [[check, kind, reason] for (check, kind), reason in STOP_REASONS.items()],
        "face_impersonation": calculator.FACE_IMPERSONATION,
        "groups": [calculator.GROUP_A, calculator.GROUP_B],
        "population": PolicyInputs().population,
        "ratios": [float(r) for r in calculator.RATIOS],
        "panels": [label for label, _ in OUTCOMES],
        "no_weights": calculator.NO_WEIGHTS,
        "gallery_id_photos": calculator.GALLERY_ID_PHOTOS,
        "links": [{key: str(row[key]) for key in ("item", "linked_to", "since", "source")}
                  for row in preexisting_links().to_dict("records")],
        "assumptions": {name: ASSUMPTIONS[name] for name in
                        ("b_keeps_photos", "store_faces_in_c", "d_reuses_id_photos", "weights")},
        "start": start,
    }
