"""The 2019 rule as a policy choice: four ways to register a year of new mobile numbers.

Each policy adds a layer of checks to the one before:

- **A. No ID check**: anyone may open a number.
- **B. ID document and a photo, no face match**: staff check an ID card (and a cap on numbers
  per ID at each operator). Before December 2019 China's shops also took a photo of the customer
  (online: a short video), but no machine compared it with the ID photo. Whether operators kept
  the photos is not public: ``b_keeps_photos`` says.
- **C. ID + 1:1 face match with liveness**: a camera compares the customer's face with the ID
  photo; a **liveness check** tries to tell a live face from a photo or a mask.
- **D. C + 1:N deduplication**: the new face is also searched against a national **gallery** of
  every registered face, to find the same face under another name. The gallery can be the ID
  photos the state already holds (``d_reuses_id_photos``) or a new store.

**What existed before any of them.** Every phone number was already tied to an ID number
(real-name registration: new users from 2010, existing users by 2013), and every ID card already
carried its holder's photo, registered by the authorities that issue it (Resident Identity Card
Law, Art. 3): :func:`preexisting_links` lists them from the table ``linked_identifiers``. So the
model counts, for each policy, only the face images it **adds** (``faces_stored``) and the
people exposed by breaches of those new stores: a store that already existed is not new
exposure.

Four kinds of fraudulent attempt, as shares of all attempts:

- ``impersonation``: someone else's (real) ID card;
- ``forged_id``: a forged ID card;
- ``bulk``: a real person registering many numbers to resell;
- ``resale``: buying a card someone else already registered. This never passes the shop's
  check, so no policy here can stop it.

Every layer stops a share of each kind of what reaches it, for a reason :data:`STOP_REASONS`
states. At the face layer, an impostor passes by a **false match** (at the matcher's
false-match rate; a **look-alike** impostor, who chose a card whose owner resembles them, at a
higher one) or by fooling the liveness check; an
honest customer is wrongly refused by a **false non-match** on a first try and on every retry
(a retry succeeds less often than a first try: the same face tends to fail again), and then by
a failed manual check. At the search layer, an honest customer is **falsely flagged** as a duplicate when
any of the gallery's faces falsely matches theirs.

All outputs are expected values from closed forms, exact at any scale (no per-person arrays).
Every default is either sourced (the population) or an assumption that the course labels on
screen: see :data:`ASSUMPTIONS`.

>>> outcomes = compare_policies(PolicyInputs())
>>> [round(o.fraud_stopped / 1e3) for o in outcomes]  # thousands of fraudulent numbers stopped
[0, 228, 402, 413]
>>> [round(o.honest_refused) for o in outcomes]
[0, 0, 29835, 41733]
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, field, fields, replace
from types import MappingProxyType

import pandas as pd

from facenumbers import data
from facenumbers.data import assumption
from facenumbers.models.breaches import _at_least_once, exposure_over_years, still_exposed
from facenumbers.models.validation import require_count, require_number, require_rate

__all__ = [
    "ASSUMPTIONS",
    "FRAUD_KINDS",
    "HARMS",
    "POLICIES",
    "Group",
    "PolicyInputs",
    "PolicyOutcome",
    "STOP_REASONS",
    "cheapest_by_weight_ratio",
    "cheapest_threshold",
    "compare_policies",
    "expected_cost_by_threshold",
    "still_exposed",
    "exposure_over_years",
    "outcomes_table",
    "preexisting_links",
    "require_outcomes",
    "stop_chances",
]

#: The four policies, by letter, in the learner's words.
POLICIES = MappingProxyType({
    "A": "A. No ID check",
    "B": "B. ID document + photo (no face match)",
    "C": "C. ID + face match (1:1) + liveness",
    "D": "D. C + search of all registered faces (1:N)",
})

#: The kinds of fraudulent registration attempt.
FRAUD_KINDS = MappingProxyType({
    "impersonation": "Someone else's ID",
    "forged_id": "A forged ID",
    "bulk": "Many numbers to resell",
    "resale": "Buying an already registered card",
})

#: The kinds that go through the shop's check (a resold card never does).
AT_THE_COUNTER = ("impersonation", "forged_id", "bulk")

#: Each harm the expected cost weighs: (label, who bears it).
HARMS = MappingProxyType({
    "fraud_not_stopped": ("Fraudulent numbers not stopped (including fraud displaced to resale)",
                          "the victims of the scams run from these numbers"),
    "honest_refused": ("Honest people refused a number",
                       "the people refused; more of them in a group the matcher serves worse"),
    "false_duplicate_flags": ("Honest people flagged as duplicates (at least once)",
                              "the people flagged: questioned, delayed, perhaps refused"),
    "people_exposed": ("People whose face leaks from a store the policy adds, within the years "
                       "of exposure", "everyone whose face is stored, for life: a face cannot "
                       "be reset"),
    "faces_linked": ("New face images tied to a phone number and an ID (beyond the ID photos "
                     "the state already holds)",
                     "everyone whose new image is stored: more recent faces a camera's image "
                     "could be matched to"),
})

#: Why each check stops each kind of fraud at its default chance: (check, kind) -> the reason.
#: The face check's chance for impersonation is computed from the matcher (no reason needed
#: beyond the rates), and a resold card never reaches any check.
STOP_REASONS = MappingProxyType({
    ("document_check", "impersonation"): "Staff compare the customer with the photo on the ID "
        "card by eye: they turn away some impostors who do not resemble the card's owner "
        "(assumed 30%).",
    ("document_check", "forged_id"): "Staff inspect the card and catch some forgeries "
        "(assumed 60%).",
    ("document_check", "bulk"): "The cap of 5 numbers per ID at each operator (2016) stops "
        "part of a bulk buyer's registrations (assumed 50%: a buyer can use several operators).",
    ("face_check", "forged_id"): "A forged card carries the fraudster's own photo, so a 1:1 "
        "match against the card passes; it fails only if the photo compared comes from the ID "
        "record. The sources do not say which, so the model assumes half.",
    ("face_check", "bulk"): "A bulk buyer shows their own ID and their own face: the 1:1 check "
        "passes them (0%).",
    ("search_check", "impersonation"): "The search finds an impostor whose own face is already "
        "registered under their own name (assumed 60% are).",
    ("search_check", "forged_id"): "The same: a forger whose own face is already registered "
        "(assumed 60%).",
    ("search_check", "bulk"): "A bulk buyer registers under their own name: a search for the "
        "same face under another name does not find them (0%).",
    ("any", "resale"): "A card bought from someone who registered it never goes through the "
        "shop's check (0% for every check).",
})


def _frozen(values: Mapping[str, float]) -> Mapping[str, float]:
    return MappingProxyType(dict(values))


@dataclass(frozen=True)
class Group:
    """A group of customers: its share of registrations and how the matcher treats it.

    The group's error rates are the matcher's rates times its multipliers (capped at 1): a
    multiplier of 10 on false matches is the kind of differential NISTIR 8280 reports.
    """

    share: float
    false_match_multiplier: float = 1.0
    false_non_match_multiplier: float = 1.0


#: Which defaults are assumptions (shown on screen with the value) and which are sourced.
ASSUMPTIONS = MappingProxyType({
    "registrations_per_year": "Illustrative: 10 million new numbers a month, as in Lesson 03.",
    "fraud_shares": "Illustrative shares of attempts: no published figure splits China's "
                    "fraudulent registrations by kind.",
    "document_check": "Assumed chance that staff checking an ID card and comparing the "
                      "customer with it by eye (and the cap of 5 cards per ID at each operator, "
                      "from 2016) stop each kind. Before December 2019 shops also took a photo "
                      "(online: a short video); whether it is kept is b_keeps_photos.",
    "face_check": "Assumed chance that the face step stops forged IDs and bulk buyers "
                  "(impersonation is computed from the matcher's error rates).",
    "search_check": "Assumed chance that the 1:N search finds the fraudster's face already "
                    "registered under another name.",
    "liveness_miss_rate": "Assumed share of impostors who fool the liveness check with a "
                          "photo or a mask, per try.",
    "lookalike_share": "Assumed share of impostors who use the card of someone who looks like "
                       "them (a relative; someone of the same sex and age). No source says how "
                       "fraudsters choose cards.",
    "lookalike_false_match_multiplier": "Assumed: how many times more often the matcher "
                                        "accepts a look-alike than a random stranger. No "
                                        "source in the course gives a size for it: the value "
                                        "is illustrative.",
    "false_match_rate": "Illustrative 1:1 false-match rate at the counter (Lesson 03).",
    "false_non_match_rate": "Illustrative 1:1 false non-match rate per try (Lesson 03).",
    "search_false_match_rate": "Illustrative false-match rate per comparison in the 1:N search: "
                               "much stricter than 1:1, as a search of a big gallery needs.",
    "groups": "Two illustrative groups; the multipliers are the user's choice (NISTIR 8280 "
              "reports false positives 2 to 5 times higher for women, and, in 1:1 matching, "
              "higher for Asian and African American faces by factors that ranged from 10 to "
              "100 across algorithms: a range across algorithms, not a bound).",
    "tries": "Assumed tries at the counter before the machine refuses someone.",
    "retry_success": "Assumed chance that a new try succeeds for an honest person the matcher "
                     "has just refused: well below 1 - FNMR, because the same face, light and "
                     "camera tend to fail again.",
    "manual_fallback_success": "Assumed share of honest people refused by the machine who get "
                               "through a manual check (impostors refused by the machine do not).",
    "gallery_size": "Illustrative: faces already registered in the national gallery that D "
                    "searches. Counted as new faces stored only if D builds a new gallery.",
    "store_faces_in_c": "The sources do not say whether faces checked under the 2019 rule are "
                        "kept; the default assumes they are (every face the camera captures).",
    "b_keeps_photos": "Before December 2019 shops took a photo of the customer (Quartz; Assembly "
                      "Research); whether operators kept it is not public. The default assumes "
                      "they did, as for C.",
    "d_reuses_id_photos": "Policy D's gallery: the default searches the ID photos the state "
                          "already holds (Resident Identity Card Law, Art. 3), which adds no new "
                          "store; otherwise D builds a new gallery of gallery_size faces.",
    "breach_probability_per_year": "Assumed chance per year that the central store is breached.",
    "share_leaked_per_breach": "Assumed share of stored faces leaked in a breach.",
    "years": "Years of exposure considered.",
    "displacement": "Assumed share of stopped fraudsters who buy an already registered card "
                    "instead (the fraud moves; it does not vanish).",
    "population": "Sourced: mainland China at the end of 2019 (National Bureau of Statistics).",
    "weights": "None set: every weight starts at 0, so no policy is cheapest until you say how "
               "much each harm counts. The weights are value judgments, not facts.",
})


@dataclass(frozen=True)
class PolicyInputs:
    """Everything the comparison depends on; every field has a default (see ASSUMPTIONS)."""

    registrations_per_year: int = int(12 * assumption("registrations_per_month"))
    fraud_shares: Mapping[str, float] = field(default_factory=lambda: _frozen(
        {"impersonation": assumption("impostor_share"), "forged_id": 0.0005, "bulk": 0.002,
         "resale": 0.001}))
    document_check: Mapping[str, float] = field(default_factory=lambda: _frozen(
        {"impersonation": 0.3, "forged_id": 0.6, "bulk": 0.5, "resale": 0.0}))
    face_check: Mapping[str, float] = field(default_factory=lambda: _frozen(
        {"forged_id": 0.5, "bulk": 0.0, "resale": 0.0}))
    search_check: Mapping[str, float] = field(default_factory=lambda: _frozen(
        {"impersonation": 0.6, "forged_id": 0.6, "bulk": 0.0, "resale": 0.0}))
    liveness_miss_rate: float = 0.01
    lookalike_share: float = 0.3
    lookalike_false_match_multiplier: float = 100.0
    false_match_rate: float = assumption("false_match_rate")
    false_non_match_rate: float = assumption("false_non_match_rate")
    search_false_match_rate: float = assumption("search_false_match_rate")
    groups: Mapping[str, Group] = field(default_factory=lambda: MappingProxyType(
        {"Group A": Group(0.9), "Group B": Group(0.1)}))
    tries: int = int(assumption("tries"))
    retry_success: float = assumption("retry_success")
    manual_fallback_success: float = assumption("manual_fallback_success")
    gallery_size: int = int(assumption("gallery_size"))
    store_faces_in_c: bool = True
    b_keeps_photos: bool = True
    d_reuses_id_photos: bool = True
    breach_probability_per_year: float = 0.02
    share_leaked_per_breach: float = 0.1
    years: int = 10
    displacement: float = 0.5
    population: int = 1_400_050_000
    weights: Mapping[str, float] = field(default_factory=lambda: _frozen(
        {harm: 0.0 for harm in HARMS}))

    def __post_init__(self) -> None:
        _validate(self)

    def with_changes(self, **changes: object) -> PolicyInputs:
        """A copy with some inputs changed (validated again).

        >>> PolicyInputs().with_changes(years=20).years
        20
        """
        return replace(self, **changes)


def _rates(values: object, name: str, allowed: tuple[str, ...], complete: bool) -> None:
    if not isinstance(values, Mapping):
        raise ValueError(f"{name} must be a mapping from {', '.join(allowed)} to a proportion.")
    unknown = [k for k in values if k not in allowed]
    if unknown:
        raise ValueError(f"{name} keys must be among {', '.join(allowed)}; got {unknown[0]!r}.")
    if complete and set(values) != set(allowed):
        missing = [k for k in allowed if k not in values]
        raise ValueError(f"{name} needs a value for {', '.join(missing)}.")
    for key, value in values.items():
        require_rate(value, f"{name}[{key!r}]")


def _validate(inputs: PolicyInputs) -> None:
    require_count(inputs.registrations_per_year, "registrations_per_year", minimum=1, maximum=10**10)
    kinds = tuple(FRAUD_KINDS)
    _rates(inputs.fraud_shares, "fraud_shares", kinds, complete=True)
    total = sum(inputs.fraud_shares.values())
    if total > 1:
        raise ValueError(f"fraud_shares must add up to at most 1 (100% of attempts); they add up "
                         f"to {total:g}.")
    _rates(inputs.document_check, "document_check", kinds, complete=True)
    _rates(inputs.face_check, "face_check", kinds[1:], complete=True)
    _rates(inputs.search_check, "search_check", kinds, complete=True)
    for name in ("document_check", "face_check", "search_check"):
        if getattr(inputs, name)["resale"] != 0:
            raise ValueError(f"{name}['resale'] must be 0: a card bought from someone who already "
                             "registered it never goes through the shop's check.")
    for name in ("liveness_miss_rate", "false_match_rate", "false_non_match_rate",
                 "search_false_match_rate", "manual_fallback_success", "retry_success",
                 "breach_probability_per_year", "share_leaked_per_breach", "displacement",
                 "lookalike_share"):
        require_rate(getattr(inputs, name), name)
    if not isinstance(inputs.groups, Mapping) or not inputs.groups:
        raise ValueError("groups must be a mapping from a group's name to a Group, with at least one.")
    for name, group in inputs.groups.items():
        if not isinstance(group, Group):
            raise ValueError(f"groups[{name!r}] must be a Group(share, ...); got {group!r}.")
        require_rate(group.share, f"share of {name}")
        for label in ("false_match_multiplier", "false_non_match_multiplier"):
            if require_number(getattr(group, label), f"{label} of {name}") < 0:
                raise ValueError(f"{label} of {name} must be 0 or more; got {getattr(group, label):g}.")
    shares = sum(group.share for group in inputs.groups.values())
    if abs(shares - 1.0) > 1e-9:
        raise ValueError(f"the groups' shares must add up to 1; they add up to {shares:g}.")
    require_count(inputs.tries, "tries", minimum=1, maximum=10)
    require_count(inputs.gallery_size, "gallery_size", minimum=0, maximum=10**10)
    require_count(inputs.years, "years", minimum=1, maximum=100)
    require_count(inputs.population, "population", minimum=1, maximum=10**10)
    multiplier = require_number(inputs.lookalike_false_match_multiplier,
                                "lookalike_false_match_multiplier")
    if not 1 <= multiplier <= 10_000:
        raise ValueError("lookalike_false_match_multiplier must be between 1 (a look-alike matches "
                         f"no more often than a stranger) and 10,000; got {multiplier:g}.")
    for name in ("store_faces_in_c", "b_keeps_photos", "d_reuses_id_photos"):
        if not isinstance(getattr(inputs, name), bool):
            raise ValueError(f"{name} must be True or False; got {getattr(inputs, name)!r}.")
    if not isinstance(inputs.weights, Mapping) or set(inputs.weights) != set(HARMS):
        raise ValueError(f"weights must give a number for each of {', '.join(HARMS)}.")
    for harm, weight in inputs.weights.items():
        if require_number(weight, f"weights[{harm!r}]") < 0:
            raise ValueError(f"weights[{harm!r}] must be 0 or more; got {weight:g}.")


@dataclass(frozen=True)
class PolicyOutcome:
    """One policy's year, as expected counts of people (or numbers).

    Two counts of the 1:N search have different names, because they mean different things:
    ``expected_false_matches`` is a sum over every search of its wrong candidates (one search
    can return more than one); ``people_flagged_by_group`` counts the **people flagged at least
    once**, whose total is :attr:`false_duplicate_flags`. The expected cost weighs the second
    (harm ``false_duplicate_flags``).
    """

    policy: str
    label: str
    attempts: Mapping[str, float]
    stopped: Mapping[str, float]
    displaced_to_resale: float
    honest_registrations: float
    honest_refused_by_group: Mapping[str, float]
    expected_false_matches: float
    people_flagged_by_group: Mapping[str, float]
    faces_stored: float
    people_exposed: float
    faces_linked_share: float
    expected_cost: float

    @property
    def fraud_attempts(self) -> float:
        """Fraudulent attempts of every kind."""
        return sum(self.attempts.values())

    @property
    def fraud_stopped(self) -> float:
        """Fraudulent attempts stopped at the counter (before any displacement)."""
        return sum(self.stopped.values())

    @property
    def not_stopped(self) -> dict[str, float]:
        """Fraudulent numbers obtained, by kind (resale includes the displaced fraud)."""
        left = {kind: self.attempts[kind] - self.stopped[kind] for kind in self.attempts}
        left["resale"] += self.displaced_to_resale
        return left

    @property
    def fraud_not_stopped(self) -> float:
        """Fraudulent numbers obtained one way or another, displaced fraud included."""
        return sum(self.not_stopped.values())

    @property
    def honest_refused(self) -> float:
        """Honest people refused a number, all groups."""
        return sum(self.honest_refused_by_group.values())

    @property
    def false_duplicate_flags(self) -> float:
        """Honest people flagged as duplicates at least once by the 1:N search, all groups."""
        return sum(self.people_flagged_by_group.values())

    @property
    def harms(self) -> dict[str, float]:
        """The counts the expected cost weighs, by harm."""
        return {
            "fraud_not_stopped": self.fraud_not_stopped,
            "honest_refused": self.honest_refused,
            "false_duplicate_flags": self.false_duplicate_flags,
            "people_exposed": self.people_exposed,
            "faces_linked": self.faces_stored,
        }


def _group_rate(rate: float, multiplier: float) -> float:
    return min(1.0, rate * multiplier)


def _policy_inputs(inputs: object) -> PolicyInputs:
    """The inputs, or the defaults for None; a TypeError naming the type for anything else."""
    if inputs is None:
        return PolicyInputs()
    if not isinstance(inputs, PolicyInputs):
        raise TypeError(f"inputs must be a PolicyInputs (or None for the defaults); got a "
                        f"{type(inputs).__name__}.")
    return inputs


def stop_chances(inputs: PolicyInputs) -> pd.DataFrame:
    """The chance that each policy stops each kind of fraudulent attempt (a policy x kind table).

    An impostor gets through the face check on one of the tries by a false match or by fooling
    the liveness check; a look-alike impostor (``lookalike_share`` of them) is falsely matched
    ``lookalike_false_match_multiplier`` times as often as a stranger.

    >>> table = stop_chances(PolicyInputs())
    >>> round(float(table.loc["C", "impersonation"]), 3), float(table.loc["A"].sum())
    (0.973, 0.0)
    >>> round(float(stop_chances(PolicyInputs(lookalike_share=0)).loc["C", "impersonation"]), 3)
    0.979
    """
    inputs = _policy_inputs(inputs)

    def passes(false_match_rate: float) -> float:
        """The chance that an impostor passes one of the tries at this false-match rate."""
        return 1 - ((1 - false_match_rate) * (1 - inputs.liveness_miss_rate)) ** inputs.tries

    lookalike = inputs.lookalike_share
    impostor_passes_face = sum(
        group.share * ((1 - lookalike) * passes(_group_rate(inputs.false_match_rate,
                                                            group.false_match_multiplier))
                       + lookalike * passes(_group_rate(inputs.false_match_rate,
                                                        group.false_match_multiplier
                                                        * inputs.lookalike_false_match_multiplier)))
        for group in inputs.groups.values()
    )
    face = {"impersonation": 1 - impostor_passes_face, **inputs.face_check}
    layers = {"A": [], "B": [inputs.document_check], "C": [inputs.document_check, face],
              "D": [inputs.document_check, face, inputs.search_check]}
    rows = {}
    for policy, checks in layers.items():
        rows[policy] = {kind: 1 - math.prod(1 - check[kind] for check in checks)
                        for kind in FRAUD_KINDS}
    return pd.DataFrame.from_dict(rows, orient="index")[list(FRAUD_KINDS)]


def compare_policies(inputs: PolicyInputs | None = None) -> list[PolicyOutcome]:
    """The four policies' expected outcomes for one year of registrations.

    ``faces_stored`` counts the face images a policy **adds**: B's photos (if kept), C's
    captures (if kept), and D's captures plus, if D builds a new gallery instead of searching the
    ID photos the state already holds, the gallery. ``people_exposed`` is the expected number
    of those that leak.

    >>> a, b, c, d = compare_policies(PolicyInputs(store_faces_in_c=False))
    >>> c.faces_stored, d.faces_stored
    (0.0, 0.0)
    >>> compare_policies(PolicyInputs(d_reuses_id_photos=False))[3].faces_stored > 1e9
    True
    """
    inputs = _policy_inputs(inputs)
    registrations = float(inputs.registrations_per_year)
    attempts = {kind: registrations * share for kind, share in inputs.fraud_shares.items()}
    honest = registrations - sum(attempts.values())
    chances = stop_chances(inputs)
    outcomes = []
    for policy, label in POLICIES.items():
        stopped = {kind: attempts[kind] * float(chances.loc[policy, kind]) for kind in FRAUD_KINDS}
        refused, flagged, false_matches = {}, {}, 0.0
        for name, group in inputs.groups.items():
            people = honest * group.share
            if policy in ("C", "D"):
                fnmr = _group_rate(inputs.false_non_match_rate, group.false_non_match_multiplier)
                machine_refuses = fnmr * (1 - inputs.retry_success) ** (inputs.tries - 1)
            else:
                machine_refuses = 0.0
            accepted_at_face = people * (1 - machine_refuses)
            if policy == "D":
                fmr = _group_rate(inputs.search_false_match_rate, group.false_match_multiplier)
                false_matches += accepted_at_face * inputs.gallery_size * fmr
                flagged[name] = accepted_at_face * _at_least_once(fmr, inputs.gallery_size)
            else:
                flagged[name] = 0.0
            refused[name] = ((people * machine_refuses + flagged[name])
                             * (1 - inputs.manual_fallback_success))
        # Every face the camera captures: everyone who got past the ID check (the honest, and
        # the fraudsters the ID check did not stop), whether or not they got a number.
        captured = honest + sum(attempts[kind] * (1 - inputs.document_check[kind])
                                for kind in AT_THE_COUNTER)
        if policy == "D":
            # A new gallery keeps every capture to search the next ones against; a search of
            # the state's ID photos keeps captures only if the face check keeps them anyway.
            keeps_captures = inputs.store_faces_in_c or not inputs.d_reuses_id_photos
            stored = ((captured if keeps_captures else 0.0)
                      + (0.0 if inputs.d_reuses_id_photos else inputs.gallery_size))
        elif (policy == "C" and inputs.store_faces_in_c) or (policy == "B" and inputs.b_keeps_photos):
            stored = captured
        else:
            stored = 0.0
        exposed = still_exposed(stored, inputs.breach_probability_per_year,
                                        inputs.share_leaked_per_breach, inputs.years)
        outcome = PolicyOutcome(
            policy=policy, label=label, attempts=attempts, stopped=stopped,
            displaced_to_resale=sum(stopped.values()) * inputs.displacement,
            honest_registrations=honest, honest_refused_by_group=refused,
            expected_false_matches=false_matches, people_flagged_by_group=flagged,
            faces_stored=stored, people_exposed=exposed,
            faces_linked_share=min(1.0, stored / inputs.population), expected_cost=0.0,
        )
        cost = sum(inputs.weights[harm] * count for harm, count in outcome.harms.items())
        outcomes.append(replace(outcome, expected_cost=cost))
    return outcomes


def require_outcomes(outcomes: object) -> list[PolicyOutcome]:
    """The outcomes as a list, or a TypeError saying what :func:`compare_policies` returns.

    >>> len(require_outcomes(compare_policies()))
    4
    """
    if (isinstance(outcomes, (str, bytes)) or not hasattr(outcomes, "__len__")
            or not outcomes or not all(isinstance(o, PolicyOutcome) for o in outcomes)):
        raise TypeError("outcomes must be the list compare_policies returns (PolicyOutcome for "
                        f"each policy); got {type(outcomes).__name__} {str(outcomes)[:40]!r}.")
    return list(outcomes)


def outcomes_table(outcomes: list[PolicyOutcome]) -> pd.DataFrame:
    """One row per policy, one column per outcome the lesson discusses.

    The 1:N search has two columns: ``expected_false_matches`` (wrong candidates, summed over
    the searches) and ``false_duplicate_flags`` (honest people flagged at least once).

    >>> table = outcomes_table(compare_policies())
    >>> list(table.index)
    ['A', 'B', 'C', 'D']
    """
    rows = {}
    for o in require_outcomes(outcomes):
        rows[o.policy] = {
            "policy": o.label,
            "fraud_attempts": o.fraud_attempts,
            "fraud_stopped": o.fraud_stopped,
            "displaced_to_resale": o.displaced_to_resale,
            "fraud_not_stopped": o.fraud_not_stopped,
            "honest_refused": o.honest_refused,
            **{f"honest_refused: {g}": n for g, n in o.honest_refused_by_group.items()},
            "expected_false_matches": o.expected_false_matches,
            "false_duplicate_flags": o.false_duplicate_flags,
            "faces_stored": o.faces_stored,
            "people_exposed": o.people_exposed,
            "faces_linked_share": o.faces_linked_share,
            "expected_cost": o.expected_cost,
        }
    return pd.DataFrame.from_dict(rows, orient="index")


def expected_cost_by_threshold(thresholds: object, false_match_rates: object,
                               false_non_match_rates: object, impostor_attempts: float,
                               honest_attempts: float, cost_of_false_match: float,
                               cost_of_false_non_match: float) -> pd.DataFrame:
    """Expected cost at each threshold: impostors x FMR x its cost + honest x FNMR x its cost.

    >>> table = expected_cost_by_threshold([0.3, 0.4], [1e-3, 1e-5], [0.001, 0.05], 1_000,
    ...                                    1_000_000, cost_of_false_match=100, cost_of_false_non_match=1)
    >>> table["expected_cost"].tolist()
    [1100.0, 50001.0]
    """
    table = pd.DataFrame({"threshold": thresholds, "false_match_rate": false_match_rates,
                          "false_non_match_rate": false_non_match_rates})
    if table.empty:
        raise ValueError("thresholds must have at least one value.")
    for column in ("false_match_rate", "false_non_match_rate"):
        for value in table[column]:
            require_rate(value, column)
    impostors = require_number(impostor_attempts, "impostor_attempts")
    honest = require_number(honest_attempts, "honest_attempts")
    costs = [require_number(c, n) for c, n in ((cost_of_false_match, "cost_of_false_match"),
                                                (cost_of_false_non_match, "cost_of_false_non_match"))]
    if min(impostors, honest, *costs) < 0:
        raise ValueError("attempts and costs must be 0 or more.")
    table["false_matches"] = impostors * table["false_match_rate"]
    table["false_non_matches"] = honest * table["false_non_match_rate"]
    table["expected_cost"] = table["false_matches"] * costs[0] + table["false_non_matches"] * costs[1]
    return table


def cheapest_threshold(table: pd.DataFrame) -> float:
    """The threshold of :func:`expected_cost_by_threshold`'s table with the lowest cost.

    >>> cheapest_threshold(pd.DataFrame({"threshold": [0.3, 0.4], "expected_cost": [5.0, 2.0]}))
    0.4
    """
    if "expected_cost" not in table or table.empty:
        raise ValueError("table must be the result of expected_cost_by_threshold.")
    return float(table.loc[table["expected_cost"].idxmin(), "threshold"])


def input_names() -> list[str]:
    """The names of the inputs of :class:`PolicyInputs`, in order.

    >>> input_names()[:2]
    ['registrations_per_year', 'fraud_shares']
    """
    return [f.name for f in fields(PolicyInputs)]


def preexisting_links() -> pd.DataFrame:
    """The links that existed before any policy here: number to ID, ID to the ID-card photo.

    From the table ``linked_identifiers`` (each row with its source).

    >>> list(preexisting_links()["linked_to"])
    ['national ID number', 'ID card photo (and fingerprints)']
    """
    table = data.load("linked_identifiers")
    rows = table[((table["item"] == "phone number") & (table["linked_to"] == "national ID number"))
                 | ((table["item"] == "national ID number")
                    & table["linked_to"].str.startswith("ID card photo"))]
    return rows[["item", "linked_to", "since", "source"]].reset_index(drop=True)


def cheapest_by_weight_ratio(outcomes: list[PolicyOutcome], harm_x: str, harm_y: str,
                             ratios: object, other_weights: Mapping[str, float] | None = None,
                             ) -> pd.DataFrame:
    """Which policy costs least as one harm's weight grows against another's.

    For each ratio r, ``harm_x`` weighs r and ``harm_y`` weighs 1; every other harm weighs what
    ``other_weights`` says (0 if not given). Returns one row per ratio: the ratio, the cheapest
    policy, and each policy's expected cost. The verdict is a function of values, and this
    table shows where it turns.

    >>> outcomes = compare_policies()
    >>> table = cheapest_by_weight_ratio(outcomes, "fraud_not_stopped", "honest_refused",
    ...                                  [0.01, 1, 100])
    >>> list(table["cheapest"])
    ['B', 'C', 'D']
    """
    outcomes = require_outcomes(outcomes)
    for harm in (harm_x, harm_y):
        if not isinstance(harm, str) or harm not in HARMS:
            raise ValueError(f"harm must be one of {', '.join(HARMS)}; got {harm!r}.")
    if harm_x == harm_y:
        raise ValueError("harm_x and harm_y must be two different harms.")
    base = {harm: 0.0 for harm in HARMS}
    for harm, weight in (other_weights or {}).items():
        if harm not in HARMS:
            raise ValueError(f"other_weights keys must be among {', '.join(HARMS)}; got {harm!r}.")
        if require_number(weight, f"other_weights[{harm!r}]") < 0:
            raise ValueError(f"other_weights[{harm!r}] must be 0 or more; got {weight:g}.")
        base[harm] = float(weight)
    rows = []
    for ratio in ratios:  # type: ignore[attr-defined]
        r = require_number(ratio, "ratio")
        if r <= 0:
            raise ValueError(f"each ratio must be more than 0; got {r:g}.")
        weights = {**base, harm_x: r, harm_y: 1.0}
        costs = {o.policy: sum(weights[h] * n for h, n in o.harms.items()) for o in outcomes}
        cheapest = min(costs, key=costs.get)
        rows.append({"ratio": r, "cheapest": cheapest, **{f"cost {p}": c for p, c in costs.items()}})
    return pd.DataFrame(rows)
