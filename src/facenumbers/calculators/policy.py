"""The Registration policy simulator (Lesson 06) and the Breach exposure calculator (Lesson 07).

>>> calc = policy_simulator()
>>> calc.set_values(registrations_per_year=10_000_000)
>>> "lowest expected cost" in calc.readout.value
True
"""

from __future__ import annotations

from typing import Any

import html
from collections.abc import Mapping

import ipywidgets as widgets

from facenumbers.calculators.controls import Calculator, NumberInput, Prediction, Preset
from facenumbers import data
from facenumbers.charts.policy import (
    describe_exposure,
    describe_policies,
    exposure_chart,
    format_about,
    policy_chart,
    policy_rows,
)
from facenumbers.charts.text import format_count, format_percent
from facenumbers.models.policy import (
    ASSUMPTIONS,
    AT_THE_COUNTER,
    FRAUD_KINDS,
    HARMS,
    POLICIES,
    Group,
    PolicyInputs,
    compare_policies,
    exposure_over_years,
    stop_chances,
)

__all__ = ["BreachExposure", "PolicySimulator", "breach_exposure", "policy_simulator"]

KINDS = list(AT_THE_COUNTER)  # a resold card never meets the counter: nothing to set
GROUP_A, GROUP_B = "Group A", "Group B"


def _lower_first(text: str) -> str:
    """"A forged ID" -> "a forged ID": lower case for the first letter only, so "ID" stays."""
    return text[:1].lower() + text[1:]


def _upper_first(text: str) -> str:
    """"about 2 million" -> "About 2 million", for a number that starts a sentence."""
    return text[:1].upper() + text[1:]


def _rate(name: str, label: str, value: float, high: float = 1.0, help_text: str = "") -> NumberInput:
    return NumberInput(name, label, value, 0.0, high, kind="rate", help_text=help_text)


def _inputs() -> tuple[list[NumberInput], dict[str, list[str]]]:
    """Every input of the simulator, and the folding section each belongs to."""
    d = PolicyInputs()
    sections: dict[str, list[NumberInput]] = {
        "Registrations and fraud": [
            NumberInput("registrations_per_year", "New numbers per year", d.registrations_per_year,
                        1_000_000, 1_000_000_000, kind="count", log=True,
                        help_text=ASSUMPTIONS["registrations_per_year"]),
            *[_rate(f"fraud_{kind}", f"Fraud share: {_lower_first(label)}", d.fraud_shares[kind], 0.05,
                    help_text="Share of all attempts (assumption)")
              for kind, label in FRAUD_KINDS.items()],
            _rate("displacement", "Stopped fraudsters who buy a registered card", d.displacement,
                  help_text=ASSUMPTIONS["displacement"]),
        ],
        "What each check stops": [
            *[_rate(f"document_{kind}", f"ID check stops: {_lower_first(FRAUD_KINDS[kind])}",
                    d.document_check[kind], help_text="Chance (assumption)") for kind in KINDS],
            *[_rate(f"face_{kind}", f"Face step stops: {_lower_first(FRAUD_KINDS[kind])}",
                    d.face_check[kind], help_text="Chance (assumption)") for kind in KINDS[1:]],
            _rate("liveness_miss_rate", "Impostors who fool the liveness check", d.liveness_miss_rate,
                  help_text=ASSUMPTIONS["liveness_miss_rate"]),
            *[_rate(f"search_{kind}", f"1:N search stops: {_lower_first(FRAUD_KINDS[kind])}",
                    d.search_check[kind], help_text="Chance (assumption)") for kind in KINDS],
        ],
        "The matcher and the groups": [
            NumberInput("false_match_rate", "False-match rate, 1:1 at the counter", d.false_match_rate,
                        1e-8, 0.1, kind="rate", log=True, help_text=ASSUMPTIONS["false_match_rate"]),
            NumberInput("false_non_match_rate", "False non-match rate, per try",
                        d.false_non_match_rate, 1e-5, 0.5, kind="rate", log=True,
                        help_text=ASSUMPTIONS["false_non_match_rate"]),
            NumberInput("search_false_match_rate", "False-match rate per comparison, 1:N search",
                        d.search_false_match_rate, 1e-15, 1e-6, kind="rate", log=True,
                        help_text=ASSUMPTIONS["search_false_match_rate"]),
            _rate("group_b_share", "Share of customers in Group B", d.groups[GROUP_B].share,
                  help_text="Group A is everyone else (illustrative groups)"),
            NumberInput("group_b_false_match_multiplier", "Group B: false matches, times Group A's",
                        1.0, 0.1, 100, log=True, help_text=ASSUMPTIONS["groups"]),
            NumberInput("group_b_false_non_match_multiplier",
                        "Group B: false non-matches, times Group A's", 1.0, 0.1, 100, log=True,
                        help_text="How much more often the matcher fails Group B's honest customers"),
            NumberInput("tries", "Tries at the counter", d.tries, 1, 10, kind="count",
                        help_text=ASSUMPTIONS["tries"]),
            _rate("retry_success", "Chance a retry works after a false non-match", d.retry_success,
                  help_text=ASSUMPTIONS["retry_success"]),
            _rate("manual_fallback_success", "Refused honest people a manual check lets through",
                  d.manual_fallback_success, help_text=ASSUMPTIONS["manual_fallback_success"]),
        ],
        "Storage and breaches": [
            NumberInput("gallery_size", "Faces already in the national gallery (D)", d.gallery_size,
                        1_000_000, 2_000_000_000, kind="count", log=True,
                        help_text=ASSUMPTIONS["gallery_size"]),
            _rate("breach_probability_per_year", "Chance per year the store is breached",
                  d.breach_probability_per_year, help_text=ASSUMPTIONS["breach_probability_per_year"]),
            _rate("share_leaked_per_breach", "Share of stored faces leaked per breach",
                  d.share_leaked_per_breach, help_text=ASSUMPTIONS["share_leaked_per_breach"]),
            NumberInput("years", "Years of exposure", d.years, 1, 60, kind="count",
                        help_text=ASSUMPTIONS["years"]),
        ],
        "Your weights: how bad is each harm?": [
            NumberInput(f"weight_{harm}", f"Weight: {_lower_first(label)}", d.weights[harm],
                        0, 100, help_text=f"Borne by {who}") for harm, (label, who) in HARMS.items()
        ],
    }
    boxes = [box for section in sections.values() for box in section]
    return boxes, {title: [box.name for box in section] for title, section in sections.items()}


def inputs_from(values: Mapping[str, object]) -> PolicyInputs:
    """The model's inputs from the calculator's flat values (raises ValueError if impossible)."""
    def pick(prefix: str, kinds: list[str]) -> dict[str, float]:
        """The values named ``prefix_kind``, by kind."""
        return {kind: float(values[f"{prefix}_{kind}"]) for kind in kinds}

    b_share = float(values["group_b_share"])
    return PolicyInputs(
        registrations_per_year=int(values["registrations_per_year"]),
        fraud_shares=pick("fraud", list(FRAUD_KINDS)),
        document_check={**pick("document", KINDS), "resale": 0.0},
        face_check={**pick("face", KINDS[1:]), "resale": 0.0},
        search_check={**pick("search", KINDS), "resale": 0.0},
        liveness_miss_rate=float(values["liveness_miss_rate"]),
        false_match_rate=float(values["false_match_rate"]),
        false_non_match_rate=float(values["false_non_match_rate"]),
        search_false_match_rate=float(values["search_false_match_rate"]),
        groups={GROUP_A: Group(1.0 - b_share),
                GROUP_B: Group(b_share, float(values["group_b_false_match_multiplier"]),
                               float(values["group_b_false_non_match_multiplier"]))},
        tries=int(values["tries"]),
        retry_success=float(values["retry_success"]),
        manual_fallback_success=float(values["manual_fallback_success"]),
        gallery_size=int(values["gallery_size"]),
        store_faces_in_c=bool(values["store_faces_in_c"]),
        breach_probability_per_year=float(values["breach_probability_per_year"]),
        share_leaked_per_breach=float(values["share_leaked_per_breach"]),
        years=int(values["years"]),
        displacement=float(values["displacement"]),
        weights={harm: float(values[f"weight_{harm}"]) for harm in HARMS},
    )


def values_from(inputs: PolicyInputs) -> dict[str, object]:
    """The calculator's flat values for the model's inputs (the inverse of :func:`inputs_from`).

    >>> inputs_from(values_from(PolicyInputs())) == PolicyInputs()
    True
    """
    group_b = inputs.groups[GROUP_B]
    return {
        "registrations_per_year": inputs.registrations_per_year,
        **{f"fraud_{kind}": share for kind, share in inputs.fraud_shares.items()},
        **{f"document_{kind}": inputs.document_check[kind] for kind in KINDS},
        **{f"face_{kind}": inputs.face_check[kind] for kind in KINDS[1:]},
        **{f"search_{kind}": inputs.search_check[kind] for kind in KINDS},
        **{name: getattr(inputs, name) for name in (
            "displacement", "liveness_miss_rate", "false_match_rate", "false_non_match_rate",
            "search_false_match_rate", "tries", "retry_success", "manual_fallback_success",
            "gallery_size", "store_faces_in_c", "breach_probability_per_year",
            "share_leaked_per_breach", "years")},
        "group_b_share": group_b.share,
        "group_b_false_match_multiplier": group_b.false_match_multiplier,
        "group_b_false_non_match_multiplier": group_b.false_non_match_multiplier,
        **{f"weight_{harm}": weight for harm, weight in inputs.weights.items()},
    }


def _preset(label: str, note: str, assumptions: tuple[str, ...], **changes: float) -> Preset:
    return Preset(label, {**values_from(PolicyInputs()), **changes}, note=note,
                  assumptions=assumptions)


PRESETS = [
    _preset("As announced in 2019 (policy C is the rule; all values illustrative)",
            "MIIT's rule of 1 December 2019 is policy C: an ID check plus a face comparison. "
            "Before it, shops checked the ID and took a photo (online: a short video): policy "
            "B, which in the model keeps no face a search could use. Whether faces are kept "
            "under C is not public; this preset assumes they are.",
            ("every rate and share here is an illustrative assumption, not a published figure",)),
    _preset("Strict matcher: fewer false matches, more refusals",
            "A stricter threshold: false matches 100 times rarer, false non-matches 5 times "
            "more common (Lesson 03's tradeoff).",
            ("illustrative rates",), false_match_rate=1e-6, false_non_match_rate=0.05),
    _preset("Biased matcher: Group B served worse",
            "NISTIR 8280 (2019) found 1:1 false positives higher for Asian and African American "
            "faces, by factors that ranged from 10 to 100 across algorithms (a range, not a "
            "bound). Here Group B has 10 times the false matches and 3 times the false "
            "non-matches.",
            ("Group B's share (10%) and the false non-match multiplier are illustrative",),
            group_b_false_match_multiplier=10, group_b_false_non_match_multiplier=3),
    _preset("Leaky store: a breach every few years",
            "The central store is breached with a 20% chance a year, and each breach leaks half "
            "of it.", ("breach chance and leak share are illustrative",),
            breach_probability_per_year=0.2, share_leaked_per_breach=0.5),
]


def _cell(value: float) -> str:
    return f"<td style='text-align:right;padding:2px 8px'>{html.escape(format_count(value))}</td>"


def _table(header: list[str], rows: list[tuple[str, list[str]]]) -> str:
    head = "".join(f"<th style='padding:2px 8px'>{html.escape(h)}</th>" for h in header)
    body = "".join(f"<tr><th style='text-align:left;padding:2px 8px;font-weight:normal'>"
                   f"{html.escape(name)}</th>{''.join(cells)}</tr>" for name, cells in rows)
    return f"<table style='border-collapse:collapse'><tr>{head}</tr>{body}</table>"


class PolicySimulator(Calculator):
    """Four registration policies side by side, every input adjustable."""

    title = "Registration policy simulator"
    prediction_spec = Prediction("Under the 2019 rule (policy C), how many honest people a year will be refused a number?", "count", 0, 2_000_000_000)

    def __init__(self, prediction: Any = None) -> None:
        inputs, sections = _inputs()
        self.store = widgets.Checkbox(value=True, description="Policy C keeps the faces it checks",
                                      indent=False, tooltip=ASSUMPTIONS["store_faces_in_c"])
        sections["Storage and breaches"].insert(0, "store_faces_in_c")
        self.table = widgets.HTML()
        super().__init__(
            inputs, PRESETS, policy_chart(policy_rows(compare_policies(PolicyInputs()))),
            intro="Compare four ways to register a year of new mobile numbers. Every default is "
            "an illustrative assumption unless it says otherwise: open a section to see and "
            "change it. There is no built-in right answer: the weights are yours.",
            choices={"store_faces_in_c": self.store}, sections=sections, below=[self.table],
            prediction=prediction,
        )

    def compute(self, values: dict) -> None:
        inputs = inputs_from(values)
        outcomes = compare_policies(inputs)
        self.answer = outcomes[2].honest_refused
        self.live.update(outcomes=policy_rows(outcomes, inputs.years))
        self.summary.value = describe_policies(outcomes)
        letters = [o.policy for o in outcomes]
        costs = {o.policy: o.expected_cost for o in outcomes}
        cheapest = min(costs, key=costs.get)
        rows = [
            ("Fraudulent attempts stopped", [_cell(o.fraud_stopped) for o in outcomes]),
            ("... of whom buy a registered card instead", [_cell(o.displaced_to_resale) for o in outcomes]),
            ("Fraudulent numbers obtained", [_cell(o.fraud_not_stopped) for o in outcomes]),
            *[(f"Honest people refused: {group}",
               [_cell(o.honest_refused_by_group[group]) for o in outcomes]) for group in inputs.groups],
            ("Expected false matches in the 1:N search (wrong candidates: a search can return two)",
             [_cell(o.expected_false_matches) for o in outcomes]),
            (HARMS["false_duplicate_flags"][0], [_cell(o.false_duplicate_flags) for o in outcomes]),
            ("Faces stored", [_cell(o.faces_stored) for o in outcomes]),
            (f"People whose face leaks within {inputs.years} years",
             [_cell(o.people_exposed) for o in outcomes]),
            ("Share of the population with face, number and ID linked",
             [f"<td style='text-align:right;padding:2px 8px'>{format_percent(o.faces_linked_share)}</td>"
              for o in outcomes]),
            ("Expected cost with your weights", [_cell(o.expected_cost) for o in outcomes]),
        ]
        chances = stop_chances(inputs)
        chance_rows = [(FRAUD_KINDS[kind], [
            f"<td style='text-align:right;padding:2px 8px'>{format_percent(float(chances.loc[p, kind]))}</td>"
            for p in letters]) for kind in FRAUD_KINDS]
        self.readout.value = (
            f"<p>With your weights, the lowest expected cost is <b>{html.escape(POLICIES[cheapest])}</b>"
            f" ({format_about(costs[cheapest])} points). Change a weight and see whether the "
            "ranking holds.</p>"
            f"<p>Honest people refused under C: <b>{format_about(outcomes[2].honest_refused)}</b> "
            f"a year; under D: <b>{format_about(outcomes[3].honest_refused)}</b>.</p>"
        )
        self.table.value = (
            "<h4 style='margin:6px 0'>One year, policy by policy (expected counts)</h4>"
            + _table(["", *letters], rows)
            + "<p style='font-size:90%'>The table shows every digit, so that you can see each "
            "change as you move a slider. The inputs are assumptions: read the counts to two or "
            "three figures, as the readout gives them.</p>"
            + "<h4 style='margin:6px 0'>Chance each policy stops each kind of fraud</h4>"
            + _table(["", *letters], chance_rows)
            + "<p style='font-size:90%'>Who bears each harm: "
            + "; ".join(f"<i>{html.escape(_lower_first(label))}</i>: {html.escape(who)}"
                        for label, who in HARMS.values()) + ".</p>"
        )


def policy_simulator(prediction: Any = None) -> PolicySimulator:
    """The Registration policy simulator (Lesson 06), ready to display."""
    return PolicySimulator(prediction)


# -- Breach exposure --------------------------------------------------------------------------
PASSWORD_RESET_SHARE = 0.9  # assumption, labelled on screen


def _breach(label: str, measure: str, note: str, claimed: bool = False) -> Preset:
    """A real breach as a preset: it happened (chance 1 in year 1), all of it leaked."""
    stored = int(data.value("biometric_breaches", measure))
    assumptions = ("modelled as one breach that leaked everything; the 30 years stand for the "
                   "rest of a lifetime",)
    if claimed:
        assumptions += ("the size is the seller's claim, not verified",)
    return Preset(label, {"stored": stored, "breach_probability_per_year": 1.0,
                          "share_leaked_per_breach": 1.0, "years": 30,
                          "password_reset_share": PASSWORD_RESET_SHARE},
                  note=note, assumptions=assumptions)


def _breach_presets() -> list[Preset]:
    return [
        Preset("A national face store (illustrative): 1 billion faces, 2% a year, 10% per breach",
               {"stored": 1_000_000_000, "breach_probability_per_year": 0.02,
                "share_leaked_per_breach": 0.1, "years": 30,
                "password_reset_share": PASSWORD_RESET_SHARE},
               assumptions=("every value of this preset is illustrative",)),
        _breach("BioStar 2 (2019): over 1 million fingerprint records", "biostar2_fingerprint_records",
                "Suprema's BioStar 2 access-control database was found open online in 2019: "
                "27.8 million records, over 1 million of them fingerprints, with face images."),
        _breach("US OPM (2015): 5.6 million people's fingerprints", "opm_fingerprints",
                "The US Office of Personnel Management breach exposed 21.5 million people's "
                "records, 5.6 million with fingerprints."),
        _breach("SenseNets (2019): over 2.5 million people tracked", "sensenets_people_tracked",
                "A Xinjiang face-recognition company's database, left open: over 2.5 million "
                "people, 6.7 million locations logged in 24 hours."),
        _breach("Shanghai police database (2022, claimed): about 1 billion residents",
                "shanghai_residents_claimed",
                "A seller offered a Shanghai police database of about 1 billion residents in 2022. "
                "Reuters could not verify the claim.", claimed=True),
    ]


class BreachExposure(Calculator):
    """How many people a stored database exposes over the years: faces against passwords."""

    title = "Breach exposure"
    prediction_spec = Prediction("With the starting preset, how many records will have leaked after 30 years?", "count", 0, 2_000_000_000)

    def __init__(self, prediction: Any = None) -> None:
        inputs = [
            NumberInput("stored", "Records stored", 1_000_000_000, 1_000, 2_000_000_000,
                        kind="count", log=True,
                        help_text="one per person: a face, a fingerprint, an ID number"),
            _rate("breach_probability_per_year", "Chance per year of a breach", 0.02,
                  help_text="assumption"),
            _rate("share_leaked_per_breach", "Share leaked per breach", 0.1, help_text="assumption"),
            NumberInput("years", "Years", 30, 1, 60, kind="count"),
            _rate("password_reset_share", "People who change a leaked password", PASSWORD_RESET_SHARE,
                  help_text="assumption; nobody can change a face"),
        ]
        presets = _breach_presets()
        first = presets[0].values
        super().__init__(
            inputs, presets,
            exposure_chart(exposure_over_years(first["stored"], first["breach_probability_per_year"],
                                               first["share_leaked_per_breach"], first["years"],
                                               PASSWORD_RESET_SHARE).to_dict("records")),
            intro="A password that leaks can be changed, and the leak stops mattering. A face, a "
            "fingerprint or an ID number that leaks stays leaked for life. Same breaches, two "
            "kinds of data.",
            prediction=prediction,
        )

    def compute(self, values: dict) -> None:
        stored, years = int(values["stored"]), int(values["years"])
        p, q = float(values["breach_probability_per_year"]), float(values["share_leaked_per_breach"])
        table = exposure_over_years(stored, p, q, years, float(values["password_reset_share"]))
        rows = table.to_dict("records")
        self.live.update(years=rows)
        self.summary.value = describe_exposure(rows)
        faces = float(rows[-1]["faces_exposed"])
        self.answer = faces
        any_breach = 1 - (1 - p) ** years
        self.readout.value = (
            f"<p>Chance of at least one breach in {years} years: <b>{format_percent(any_breach)}</b>.</p>"
            f"<p style='font-size:120%'><b>{_upper_first(format_about(faces))}</b> records "
            f"({format_percent(faces / stored)} of those stored) can be expected to have leaked "
            f"after {years} years. If they are faces, fingerprints or ID numbers, they stay "
            "leaked.</p>"
            f"<p>Had the same records been passwords, {format_about(float(rows[-1]['passwords_exposed']))} "
            "would still be exposed: the rest changed theirs.</p>"
        )


def breach_exposure(prediction: Any = None) -> BreachExposure:
    """The Breach exposure calculator (Lesson 07), ready to display."""
    return BreachExposure(prediction)
