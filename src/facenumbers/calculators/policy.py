"""The Registration policy simulator (Lesson 06).

The simulator opens with every weight at 0: it shows counts, not a verdict, until the learner
says how much each harm counts (the first section, *Your weights*). A section states what
existed before any policy (the number tied to an ID, the ID to its photo) and holds the
structural choices that decide what each policy adds. Under the bars, a chart shows which
policy costs least as the ratio of two harms' weights goes from 1:1,000 to 1,000:1.

(The Breach exposure calculator of Lesson 07 is in :mod:`facenumbers.calculators.breaches`.)

>>> calc = policy_simulator()
>>> "No weights yet" in calc.readout.value
True
>>> calc.set_values(weight_fraud_not_stopped=1)
>>> "lowest expected cost is <b>D." in calc.readout.value
True
"""

from __future__ import annotations

import html
from collections.abc import Mapping, Sequence
from typing import Any

import ipywidgets as widgets

from facenumbers.calculators.controls import Calculator, NumberInput, Prediction, Preset
from facenumbers.charts.policy import (
    cheapest_letters,
    describe_policies,
    describe_verdict,
    format_about,
    policy_rows,
    ratio_bands,
    simulator_chart,
)
from facenumbers.charts.text import format_percent, format_significant
from facenumbers.models.policy import (
    ASSUMPTIONS,
    AT_THE_COUNTER,
    FRAUD_KINDS,
    HARMS,
    POLICIES,
    STOP_REASONS,
    Group,
    PolicyInputs,
    cheapest_by_weight_ratio,
    compare_policies,
    preexisting_links,
    stop_chances,
)

__all__ = ["PolicySimulator", "policy_simulator", "RATIOS", "SECTION_BEFORE", "SECTION_WEIGHTS"]

KINDS = list(AT_THE_COUNTER)  # a resold card never meets the counter: nothing to set
GROUP_A, GROUP_B = "Group A", "Group B"
SECTION_WEIGHTS = "Your weights: how bad is each harm?"
SECTION_BEFORE = "What existed before, and what each policy adds"
#: The checks, as the inputs and the chance table name them.
CHECKS = {"document_check": "ID check", "face_check": "Face step", "search_check": "1:N search"}
#: The ratios of the two compared harms' weights in the chart: 1:1,000 to 1,000:1, 20 a decade.
RATIOS = tuple(10 ** (step / 20) for step in range(-60, 61))
#: The harms the weight-ratio chart compares when the simulator opens.
FIRST_HARM, SECOND_HARM = "fraud_not_stopped", "honest_refused"
NO_WEIGHTS = ("No weights yet: the simulator shows counts, not a verdict. Say how much each "
              "harm counts under <i>Your weights</i> (the first section).")
#: The face step's chance of stopping an impostor is computed, not assumed: its reason.
FACE_IMPERSONATION = ("computed from the matcher: an impostor passes by a false match (a "
                      "look-alike more often than a stranger) or by fooling the liveness check, "
                      "on any of the tries.")


def _lower_first(text: str) -> str:
    """"A forged ID" -> "a forged ID": lower case for the first letter only, so "ID" stays."""
    return text[:1].lower() + text[1:]


def _rate(name: str, label: str, value: float, high: float = 1.0, help_text: str = "") -> NumberInput:
    return NumberInput(name, label, value, 0.0, high, kind="rate", help_text=help_text)


def _inputs() -> tuple[list[NumberInput], dict[str, list[str]]]:
    """Every number input of the simulator, and the folding section each belongs to.

    The checkboxes and the choice of D's gallery join :data:`SECTION_BEFORE` in the simulator.
    """
    d = PolicyInputs()
    sections: dict[str, list[NumberInput]] = {
        SECTION_WEIGHTS: [
            NumberInput(f"weight_{harm}", f"Weight: {_lower_first(label)}", d.weights[harm],
                        0, 100, help_text=f"Borne by {who}") for harm, (label, who) in HARMS.items()
        ],
        SECTION_BEFORE: [
            NumberInput("gallery_size", "Faces in the gallery D searches", d.gallery_size,
                        1_000_000, 2_000_000_000, kind="count", log=True,
                        help_text=ASSUMPTIONS["gallery_size"]),
            _rate("lookalike_share", "Impostors who look like the card's owner", d.lookalike_share,
                  help_text=ASSUMPTIONS["lookalike_share"]),
            NumberInput("lookalike_false_match_multiplier",
                        "Look-alikes are falsely matched ... times as often",
                        d.lookalike_false_match_multiplier, 1, 10_000, log=True,
                        help_text=ASSUMPTIONS["lookalike_false_match_multiplier"]),
        ],
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
            *[_rate(f"document_{kind}", f"{CHECKS['document_check']} stops: "
                    f"{_lower_first(FRAUD_KINDS[kind])}", d.document_check[kind],
                    help_text="Chance (assumption)") for kind in KINDS],
            *[_rate(f"face_{kind}", f"{CHECKS['face_check']} stops: {_lower_first(FRAUD_KINDS[kind])}",
                    d.face_check[kind], help_text="Chance (assumption)") for kind in KINDS[1:]],
            _rate("liveness_miss_rate", "Impostors who fool the liveness check", d.liveness_miss_rate,
                  help_text=ASSUMPTIONS["liveness_miss_rate"]),
            *[_rate(f"search_{kind}", f"{CHECKS['search_check']} stops: "
                    f"{_lower_first(FRAUD_KINDS[kind])}", d.search_check[kind],
                    help_text="Chance (assumption)") for kind in KINDS],
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
            _rate("breach_probability_per_year", "Chance per year a store is breached",
                  d.breach_probability_per_year, help_text=ASSUMPTIONS["breach_probability_per_year"]),
            _rate("share_leaked_per_breach", "Share of stored faces leaked per breach",
                  d.share_leaked_per_breach, help_text=ASSUMPTIONS["share_leaked_per_breach"]),
            NumberInput("years", "Years of exposure", d.years, 1, 60, kind="count",
                        help_text=ASSUMPTIONS["years"]),
        ],
    }
    boxes = [box for section in sections.values() for box in section]
    return boxes, {title: [box.name for box in section] for title, section in sections.items()}


#: The structural choices (checkboxes and D's gallery), by input name: their labels.
B_PHOTO_LABEL = "B: the operator keeps the customer's photo"
C_FACES_LABEL = "Policy C keeps the faces it checks"
GALLERY_LABEL = "D's gallery:"
GALLERY_ID_PHOTOS = "the state's ID photos"


def _new_gallery(size: float) -> str:
    """The second option of D's gallery, with the size set under the same section."""
    return f"a new gallery of {format_significant(size)} faces"


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
        lookalike_share=float(values["lookalike_share"]),
        lookalike_false_match_multiplier=float(values["lookalike_false_match_multiplier"]),
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
        b_keeps_photos=bool(values["b_keeps_photos"]),
        d_reuses_id_photos=bool(values["d_reuses_id_photos"]),
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
            "displacement", "liveness_miss_rate", "lookalike_share",
            "lookalike_false_match_multiplier", "false_match_rate", "false_non_match_rate",
            "search_false_match_rate", "tries", "retry_success", "manual_fallback_success",
            "gallery_size", "store_faces_in_c", "b_keeps_photos", "d_reuses_id_photos",
            "breach_probability_per_year", "share_leaked_per_breach", "years")},
        "group_b_share": group_b.share,
        "group_b_false_match_multiplier": group_b.false_match_multiplier,
        "group_b_false_non_match_multiplier": group_b.false_non_match_multiplier,
        **{f"weight_{harm}": weight for harm, weight in inputs.weights.items()},
    }


def _preset(label: str, note: str, assumptions: tuple[str, ...], **changes: object) -> Preset:
    """A preset: every input at its default but ``changes``; the weights stay the learner's."""
    values = {name: value for name, value in values_from(PolicyInputs()).items()
              if not name.startswith("weight_")}
    return Preset(label, {**values, **changes}, note=note, assumptions=assumptions)


PRESETS = [
    _preset("As announced in 2019 (policy C is the rule; all values illustrative)",
            "MIIT's rule of 1 December 2019 is policy C: an ID check plus a face comparison. "
            "Before it, shops checked the ID and took a photo (online: a short video): policy "
            "B, which the model assumes kept the photo. Whether faces are kept under C is not "
            "public; this preset assumes they are. D searches the ID photos the state already "
            "holds.",
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
            "Each store is breached with a 20% chance a year, and each breach leaks half of it.",
            ("breach chance and leak share are illustrative",),
            breach_probability_per_year=0.2, share_leaked_per_breach=0.5),
    _preset("D builds a new gallery",
            "Policy D searches a new gallery of every registered face instead of the ID photos "
            "the state already holds: the gallery's faces count as new face images stored, and "
            "can leak.",
            ("the gallery's size (1 billion faces) is illustrative",), d_reuses_id_photos=False),
]


def _td(text: str) -> str:
    return f"<td style='text-align:right;padding:2px 8px'>{html.escape(text)}</td>"


def _table(header: list[str], rows: list[tuple[str, list[str]]]) -> str:
    head = "".join(f"<th style='padding:2px 8px'>{html.escape(h)}</th>" for h in header)
    body = "".join(f"<tr><th style='text-align:left;padding:2px 8px;font-weight:normal'>"
                   f"{html.escape(name)}</th>{''.join(cells)}</tr>" for name, cells in rows)
    return f"<table style='border-collapse:collapse'><tr>{head}</tr>{body}</table>"


def _reasons(kind: str) -> str:
    """Why each check stops ``kind`` at its default chance, from the model's STOP_REASONS."""
    if kind == "resale":
        return html.escape(STOP_REASONS[("any", kind)])
    lines = []
    for check, name in CHECKS.items():
        reason = FACE_IMPERSONATION if (check, kind) == ("face_check", "impersonation") \
            else STOP_REASONS[(check, kind)]
        lines.append(f"<i>{html.escape(name)}:</i> {html.escape(reason)}")
    return "<br>".join(lines)


def _links() -> str:
    """The links that existed before any policy, from the model's table with their sources."""
    items = "".join(
        f"<li><b>{html.escape(row['item'].capitalize())} &rarr; {html.escape(row['linked_to'])}</b>,"
        f" since {html.escape(row['since'])} <span style='font-size:90%'>(source: "
        f"{html.escape(row['source'])})</span></li>"
        for row in preexisting_links().to_dict("records"))
    return (
        "<p style='margin:2px 0'>Before any of these policies, two links already existed:</p>"
        f"<ul style='margin:2px 0'>{items}</ul>"
        "<p style='margin:2px 0'>So the counts are of the face images each policy <b>adds</b>. "
        "The choices below decide what that is; each is an assumption:</p>"
        "<ul style='margin:2px 0;font-size:90%'>"
        + "".join(f"<li>{html.escape(ASSUMPTIONS[name])}</li>"
                  for name in ("b_keeps_photos", "store_faces_in_c", "d_reuses_id_photos"))
        + "</ul>"
    )


def _structure(inputs: PolicyInputs) -> str:
    """The structural assumptions in force, as the readout lists them."""
    share = inputs.lookalike_share
    lookalikes = (f"{format_significant(share * 100)}% of impostors look like the card's owner "
                  f"(falsely matched {format_significant(inputs.lookalike_false_match_multiplier)}"
                  " times as often as a stranger)" if share > 0
                  else "no impostor looks like the card's owner")
    return "; ".join([
        "B keeps its photos" if inputs.b_keeps_photos else "B keeps no photo",
        "C keeps its faces" if inputs.store_faces_in_c else "C keeps no face",
        "D searches the ID photos the state already holds" if inputs.d_reuses_id_photos
        else f"D builds {_new_gallery(inputs.gallery_size)}",
        lookalikes,
    ])


def _verdict(inputs: PolicyInputs, outcomes: Sequence[Any]) -> str:
    """The readout's verdict: none without weights; otherwise the cheapest policy (or a tie)."""
    if not any(inputs.weights.values()):
        return NO_WEIGHTS
    costs = {o.policy: o.expected_cost for o in outcomes}
    lowest = min(costs.values())
    tied = [p for p, cost in costs.items() if cost - lowest <= 1e-9 * max(1.0, abs(lowest))]
    points = f"{format_about(lowest)} harm points"
    if len(tied) == 1:
        text = (f"With your weights, the lowest expected cost is "
                f"<b>{html.escape(POLICIES[tied[0]])}</b> ({points}).")
    else:
        names = ", ".join(f"<b>{html.escape(POLICIES[p])}</b>" for p in tied[:-1])
        text = (f"With your weights, {names} and <b>{html.escape(POLICIES[tied[-1]])}</b> tie for "
                f"the lowest expected cost ({points}).")
    return (f"{text} That verdict depends on your weights, which are value judgments: change "
            "one and see whether it holds.")


class PolicySimulator(Calculator):
    """Four registration policies side by side, every input adjustable, no verdict by default."""

    title = "Registration policy simulator"
    prediction_spec = Prediction("Under the 2019 rule (policy C), how many honest people a year will be refused a number?", "count", 0, 2_000_000_000)

    def __init__(self, prediction: Any = None) -> None:
        inputs, sections = _inputs()
        d = PolicyInputs()
        self.b_photo = widgets.Checkbox(value=d.b_keeps_photos, description=B_PHOTO_LABEL,
                                        indent=False, tooltip=ASSUMPTIONS["b_keeps_photos"])
        self.store = widgets.Checkbox(value=d.store_faces_in_c, description=C_FACES_LABEL,
                                      indent=False, tooltip=ASSUMPTIONS["store_faces_in_c"])
        self._gallery_option = _new_gallery(d.gallery_size)
        self.gallery = widgets.Dropdown(
            options=[(GALLERY_ID_PHOTOS, True), (self._gallery_option, False)],
            value=d.d_reuses_id_photos, description=GALLERY_LABEL,
            style={"description_width": "initial"}, layout=widgets.Layout(width="420px",
                                                                          max_width="100%"))
        sections[SECTION_BEFORE][:0] = ["b_keeps_photos", "store_faces_in_c", "d_reuses_id_photos"]
        # The weight-ratio chart's two harms: a view of the results, not an input of the model.
        harm_options = [(label, harm) for harm, (label, _) in HARMS.items()]
        # Each dropdown stretches to the box's width (its label and margins included: "auto",
        # not 100%, which adds the margins), so that a narrow window shortens the options
        # instead of making the box scroll sideways.
        dropdown = {"style": {"description_width": "initial"},
                    "layout": widgets.Layout(width="auto", max_width="640px")}
        self.first_harm = widgets.Dropdown(options=harm_options, value=FIRST_HARM,
                                           description="First harm:", **dropdown)
        self.second_harm = widgets.Dropdown(options=harm_options, value=SECOND_HARM,
                                            description="Second harm:", **dropdown)
        self.compare_message = widgets.HTML()
        compare = widgets.VBox([
            widgets.HTML("<p style='margin:4px 0'><b>Compare two harms</b> in the chart "
                         "<i>Which policy costs least as your values change</i>:</p>"),
            self.first_harm, self.second_harm, self.compare_message],
            layout=widgets.Layout(width="100%"))
        self.table = widgets.HTML()
        self._links = widgets.HTML(_links())
        self._weights_note = widgets.HTML(
            f"<p style='margin:2px 0'>{html.escape(ASSUMPTIONS['weights'])} A weight is how many "
            "harm points one person (or one number) of that harm counts; 0 leaves it out.</p>")
        outcomes = compare_policies(d)
        table = cheapest_by_weight_ratio(outcomes, FIRST_HARM, SECOND_HARM, RATIOS)
        super().__init__(
            inputs, PRESETS,
            simulator_chart(policy_rows(outcomes, d.years), ratio_bands(RATIOS),
                            cheapest_letters(table), {"ratio": 1.0, "shown": False}),
            intro="Compare four ways to register a year of new mobile numbers. Every default is "
            "an illustrative assumption unless it says otherwise: open a section to see and "
            "change it. There is no built-in right answer: the weights are yours.",
            choices={"b_keeps_photos": self.b_photo, "store_faces_in_c": self.store,
                     "d_reuses_id_photos": self.gallery},
            sections=sections, below=[compare, self.table], prediction=prediction,
        )
        for harm in (self.first_harm, self.second_harm):
            harm.observe(lambda _change: self.refresh(), names="value")

    def _sectioned(self, controls: list[widgets.Widget],
                   sections: Mapping[str, Sequence[str]]) -> list[widgets.Widget]:
        """The sections, with the weights' note and the links that existed before on top."""
        placed = super()._sectioned(controls, sections)
        accordion = placed[-1]
        for title, note in ((SECTION_WEIGHTS, self._weights_note), (SECTION_BEFORE, self._links)):
            box = accordion.children[list(sections).index(title)]
            box.children = (note, *box.children)
        return placed

    def _show_gallery_size(self, size: int) -> None:
        """Keep the option "a new gallery of N faces" in step with the gallery's size."""
        option = _new_gallery(size)
        if option == self._gallery_option:
            return
        self._gallery_option, keep, applying = option, self.gallery.value, self._applying
        self._applying = True  # a relabelled menu is not a change of input
        try:
            self.gallery.options = [(GALLERY_ID_PHOTOS, True), (option, False)]
            self.gallery.value = keep
        finally:
            self._applying = applying

    def compute(self, values: dict) -> None:
        inputs = inputs_from(values)
        outcomes = compare_policies(inputs)
        self._show_gallery_size(inputs.gallery_size)
        self.answer = outcomes[2].honest_refused
        first, second = self.first_harm.value, self.second_harm.value
        summary = html.escape(describe_policies(outcomes))
        update: dict[str, object] = {"outcomes": policy_rows(outcomes, inputs.years)}
        if first == second:
            self.compare_message.value = (
                "<span role='alert' style='color:#B00020'>&#9888; First harm and Second harm "
                "must be two different harms (any two of the five); you chose "
                f"&ldquo;{html.escape(HARMS[first][0])}&rdquo; for both. The chart keeps the "
                "last two you chose.</span>")
            summary += "<br>Choose two different harms to see where the verdict turns."
        else:
            self.compare_message.value = ""
            others = {h: w for h, w in inputs.weights.items() if h not in (first, second)}
            table = cheapest_by_weight_ratio(outcomes, first, second, RATIOS, others)
            weight_x, weight_y = inputs.weights[first], inputs.weights[second]
            ratio = weight_x / weight_y if weight_x > 0 and weight_y > 0 else 1.0
            update["verdict"] = cheapest_letters(table)
            update["mine"] = {"ratio": ratio, "shown": weight_x > 0 and weight_y > 0
                              and RATIOS[0] <= ratio <= RATIOS[-1]}
            summary += "<br>" + html.escape(describe_verdict(
                table, _lower_first(HARMS[first][0]), _lower_first(HARMS[second][0])))
        self.live.update(**update)
        self.summary.value = summary
        self.readout.value = (
            f"<p>{_verdict(inputs, outcomes)}</p>"
            f"<p>Honest people refused under C: <b>{format_about(outcomes[2].honest_refused)}</b> "
            f"a year; under D: <b>{format_about(outcomes[3].honest_refused)}</b>.</p>"
            f"<p style='font-size:90%'>Structural assumptions in force: "
            f"{html.escape(_structure(inputs))}.</p>"
        )
        self.table.value = self._tables(inputs, outcomes)

    @staticmethod
    def _tables(inputs: PolicyInputs, outcomes: Sequence[Any]) -> str:
        """The table of counts (two significant figures) and the table of stop chances."""
        letters = [o.policy for o in outcomes]

        def counts(read: Any) -> list[str]:
            """One cell per policy: ``read(outcome)`` to two significant figures."""
            return [_td(format_significant(read(o))) for o in outcomes]

        rows = [
            ("Fraudulent attempts stopped at the counter", counts(lambda o: o.fraud_stopped)),
            ("... of whom buy a registered card instead", counts(lambda o: o.displaced_to_resale)),
            (HARMS["fraud_not_stopped"][0], counts(lambda o: o.fraud_not_stopped)),
            (HARMS["honest_refused"][0], counts(lambda o: o.honest_refused)),
            *[(f"... of whom in {group}", counts(lambda o, g=group: o.honest_refused_by_group[g]))
              for group in inputs.groups],
            ("Wrong candidates the 1:N search returns (expected false matches; one search can "
             "return two)", counts(lambda o: o.expected_false_matches)),
            (HARMS["false_duplicate_flags"][0], counts(lambda o: o.false_duplicate_flags)),
            (HARMS["faces_linked"][0], counts(lambda o: o.faces_stored)),
            ("... as a share of the population",
             [_td(format_percent(o.faces_linked_share)) for o in outcomes]),
            (f"{HARMS['people_exposed'][0]} (here, {inputs.years} years)",
             counts(lambda o: o.people_exposed)),
        ]
        if any(inputs.weights.values()):
            rows.append(("Expected cost with your weights (harm points)",
                         counts(lambda o: o.expected_cost)))
        chances = stop_chances(inputs)
        chance_rows = [(FRAUD_KINDS[kind], [
            *[_td(format_percent(float(chances.loc[p, kind]))) for p in letters],
            f"<td style='padding:2px 8px;font-size:90%'>{_reasons(kind)}</td>"])
            for kind in FRAUD_KINDS]
        return (
            "<h4 style='margin:6px 0'>One year, policy by policy (expected counts, two "
            "significant figures)</h4>"
            + _table(["", *letters], rows)
            + "<p style='font-size:90%'>The inputs are assumptions: the counts are rounded to two "
            "significant figures, because more would claim a precision they do not have.</p>"
            + "<h4 style='margin:6px 0'>Chance each policy stops each kind of fraud</h4>"
            + _table(["", *letters, "Why each check stops it (the reasons for the default "
                      "chances)"], chance_rows)
            + "<p style='font-size:90%'>Who bears each harm: "
            + "; ".join(f"<i>{html.escape(_lower_first(label))}</i>: {html.escape(who)}"
                        for label, who in HARMS.values()) + ".</p>"
        )


def policy_simulator(prediction: Any = None) -> PolicySimulator:
    """The Registration policy simulator (Lesson 06), ready to display."""
    return PolicySimulator(prediction)
