"""Independent right answers of each varied lesson's variants, for ``test_variants.py``:
worked out here from a variant's numbers (and, for the fixed exercises, as the default checks
give them), never from the variant's own checks.

>>> sorted(VARIED)[0]
'01-real-name-registration'
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

import nbformat
import numpy as np
import pandas as pd

from facenumbers import data
from facenumbers.checks import (
    NumberJudge,
    base_rates,
    biometrics,
    error_rates,
    evidence,
    policy,
    real_name,
    search,
)

ROOT = Path(__file__).resolve().parents[1]
DEPLOYMENTS = data.load("watchlist_deployments").set_index("case")
HIT_RATE_NPL = 0.89


def _ppv(prevalence, hit_rate, false_alert_rate):
    true_alarms = hit_rate * prevalence
    return true_alarms / (true_alarms + false_alert_rate * (1 - prevalence))


def answers_04(params: dict) -> dict:
    """Lesson 04's right answers for a variant, worked out from its numbers alone."""
    ppv_row, false_row = DEPLOYMENTS.loc[params["ppv_case"]], DEPLOYMENTS.loc[params["false_case"]]
    crowd, p, h = params["crowd"], 1 / params["prevalence_1_in"], params["hit_rate"]
    f = 1 / params["false_alert_1_in"]
    people = 2_000_000
    true_alarms = people / params["icon_prevalence_1_in"] * HIT_RATE_NPL
    false_alarms = (people - people / params["icon_prevalence_1_in"]) / params["icon_false_alert_1_in"]
    return {
        "ppv_cardiff": (ppv_row["alerts"] - ppv_row["false_alerts"]) / ppv_row["alerts"],
        "false_share_met": false_row["false_alerts"] / false_row["alerts"],
        "innocent_per_true_alarm": (crowd - crowd * p) * f / (crowd * p * h),
        "ppv": _ppv,
        "max_false_alert_rate": h * p * (1 - 0.9) / (0.9 * (1 - p)),
        "why_precision_differs": "b",
        "blue_figures": round(100 * true_alarms / (true_alarms + false_alarms)),
    }


@cache
def _fixed_03() -> tuple[float, float]:
    """Lesson 03's fixed answers on the large sample: exercise 4's threshold, exercise 9's FNMR."""
    from facenumbers.models import error_rates as model

    scores = error_rates.SCORES
    impostor = scores.loc[scores["kind"] == "impostor", "score"].to_numpy()
    genuine = scores.loc[scores["kind"] == "genuine", "score"].to_numpy()
    ranked = np.sort(impostor)
    curve = model.det_curve(genuine, impostor)
    closest = (curve["false_match_rate"] - 0.001).abs().idxmin()
    return ranked[len(ranked) - int(len(ranked) * 0.001)], curve.loc[closest, "false_non_match_rate"]


@cache
def _disparity(threshold: float) -> float:
    scores = error_rates.SCORES
    impostors = scores[scores["kind"] == "impostor"]
    fmr = {group: (impostors.loc[impostors["group"] == group, "score"] >= threshold).mean()
           for group in ("Group A", "Group B")}
    return fmr["Group B"] / fmr["Group A"]


def answers_03(params: dict) -> dict:
    """Lesson 03's right answers for a variant, worked out from its numbers and scores alone."""
    threshold, fnmr_on_curve = _fixed_03()
    return {
        "fmr": 2 / 30, "fnmr": 4 / 20, "eer": 0.1, "threshold_1_in_1000": threshold,
        "rejected_per_month": params["registrations_per_month"] * (1 - 0.002)
        * params["false_non_match_rate"],
        "disparity_ratio": _disparity(params["group_threshold"]),
        "which_rate": "c", "accuracy_claim": "b", "fnmr_on_curve": fnmr_on_curve,
        "nist_findings": "d",
    }


@cache
def _fixed_05() -> tuple[float, float, float]:
    """Lesson 05's fixed inputs: NPL's rate per comparison, the gallery, exercise 6's answer."""
    from facenumbers.models import fairness

    npl = data.load("npl_equitability_2023").set_index("measure")["value"]
    per_comparison = 1 - (1 - 1 / npl["people_per_false_alert_watchlist_10000"]) ** (
        1 / npl["watchlist_images_large"])
    outcomes = fairness.per_group_thresholds({"Group A": 1 / 1_000, "Group B": 1 / 100},
                                             HIT_RATE_NPL, 1 / 1_000, "equal PPV", reference="Group B")
    return (per_comparison, int(data.value("china_2019", "population_end_2019")),
            1 - outcomes["Group A"].hit_rate)


def answers_05(params: dict) -> dict:
    """Lesson 05's right answers for a variant, worked out from its numbers alone."""
    per_comparison, gallery, miss_rate = _fixed_05()
    fmr, p_b = params["gallery_fmr"], 1 / params["prevalence_b_1_in"]
    ppv_a = 0.9 * 0.001 / (0.9 * 0.001 + 0.001 * 0.999)
    return {
        "watchlist_false_alert_rate": 1 - (1 - per_comparison) ** params["watchlist_size"],
        "chance_at_least_one": 1 - (1 - fmr) ** gallery,
        "false_flags_per_day": params["new_faces_per_day"] * gallery * fmr,
        "dedup_missing_number": "c",
        "equal_ppv_false_alert_rate": p_b / (1 - p_b) * (1 - ppv_a) / ppv_a * 0.9,
        "miss_rate_group_a": miss_rate,
    }


def answers_01(params: dict) -> dict:
    """Lesson 01's right answers for a variant: the fixed ones as the default checks give them
    (sourced figures and a hand-made table), exercise 7 from its own town."""
    fixed = {name: ex.judge.expected for name, ex in real_name.lesson_for({}).exercises.items()
             if isinstance(ex.judge, NumberJudge)}
    return {**fixed, "expected_unique": lambda population, cells: (1 - 1 / cells) ** (population - 1),
            "unique_in_town": (1 - 1 / (80 * 365)) ** (params["town_population"] - 1),
            "evidence_of_effect": "b", "supported_link": "c"}


@cache
def _fixed_06() -> dict:
    """Lesson 06's fixed answers and harm counts, from the policy model at its defaults."""
    from facenumbers.models import policy as model

    outcomes = model.outcomes_table(model.compare_policies(model.PolicyInputs()))
    counts = pd.DataFrame({o.policy: o.harms for o in model.compare_policies(model.PolicyInputs())}).T
    biased = model.compare_policies(model.PolicyInputs().with_changes(groups={
        "Group A": model.Group(0.9),
        "Group B": model.Group(0.1, false_match_multiplier=10, false_non_match_multiplier=3)}))
    c, d = outcomes.loc["C"], outcomes.loc["D"]
    return {
        "refusals_per_fraud_prevented": (d["honest_refused"] - c["honest_refused"])
        / (c["fraud_not_stopped"] - d["fraud_not_stopped"]),
        "group_b_share_of_refusals": biased[2].honest_refused_by_group["Group B"]
        / biased[2].honest_refused,
        "honest_refused_c": 120_000_000 * (1 - 0.0055) * 0.01 * 0.5 ** 2 * (1 - 0.9),
        "harms_d": counts.loc["D"].round().to_dict(),
    }


def answers_06(params: dict) -> dict:
    """Lesson 06's right answers for a variant, worked out from its numbers alone."""
    fixed = _fixed_06()
    weights = {"fraud_not_stopped": 100, "honest_refused": params["honest_refused_weight"],
               "false_duplicate_flags": params["duplicate_flag_weight"], "people_exposed": 1,
               "faces_linked": 0.01}
    rows = [(0.30, 1e-2, 0.0008), (0.35, 2e-3, 0.0012), (0.40, 4e-4, 0.002), (0.45, 8e-5, 0.004),
            (0.50, 1.5e-5, 0.008), (0.55, 3e-6, 0.016), (0.60, 5e-7, 0.035), (0.65, 1e-7, 0.07),
            (0.70, 2e-8, 0.14)]
    cost = {t: 240_000 * fmr * 100 + 119_760_000 * fnmr * params["cost_of_false_non_match"]
            for t, fmr, fnmr in rows}
    return {
        "refusals_per_fraud_prevented": fixed["refusals_per_fraud_prevented"],
        "cost_policy_d": sum(weights[h] * n for h, n in fixed["harms_d"].items()),
        "cheapest_policy": "a",
        "best_threshold": min(cost, key=cost.get),
        "group_b_share_of_refusals": fixed["group_b_share_of_refusals"],
        "who_bears_refusals": "b",
        "false_flags_per_year": 120_000_000 * 1_000_000_000 * params["search_false_match_rate"],
        "honest_refused_c": fixed["honest_refused_c"],
    }


#: Lesson 02's vectors of exercise 1, by the variant's name for them.
VECTORS_02 = {"122_212": ([1, 2, 2], [2, 1, 2]), "236_632": ([2, 3, 6], [6, 3, 2]),
              "148_481": ([1, 4, 8], [4, 8, 1]), "122_236": ([1, 2, 2], [2, 3, 6])}
SCORES_02 = [0.82, 0.41, 0.60, 0.59, 0.73, 0.12, 0.66, 0.58, 0.95, 0.30, 0.07, 0.49]


def answers_02(params: dict) -> dict:
    """Lesson 02's right answers for a variant: exercises 1 and 3 from its own vectors and
    threshold, the fixed ones as the default checks give them (the seeded model's gallery)."""
    fixed = {name: ex.judge.expected for name, ex in biometrics.lesson_for({}).exercises.items()
             if isinstance(ex.judge, NumberJudge)}
    a, b = (np.array(v, dtype=float) for v in VECTORS_02[params["vectors"]])
    return {**fixed,
            "cosine_by_hand": float(a @ b / (np.sqrt(a @ a) * np.sqrt(b @ b))),
            "cosine": lambda x, y: np.dot(x, y) / (np.linalg.norm(x) * np.linalg.norm(y)),
            "matches_at_threshold": sum(s >= params["match_threshold"] for s in SCORES_02),
            "needs_one_to_many": "b", "stops_a_photo": "c", "poor_capture": "a",
            "pipeline_order": "capture, liveness check, face detection, template, comparison "
                              "score, threshold, decision"}


def answers_07(params: dict) -> dict:
    """Lesson 07's right answers for a variant: exercises 1 and 2 from its own store (10 years,
    a fifth leaked per breach, 90% reset), the function and the choices as for everyone."""
    exposed = params["stored"] * (1 - (1 - params["breach_chance"] * 0.2) ** 10)
    return {"faces_exposed_10_years": exposed, "passwords_exposed_10_years": exposed * 0.1,
            "people_exposed": lambda stored, p, q, years, r: stored * (1 - (1 - p * q) ** years)
            * (1 - r),
            "survey_shows": "b", "fraud_counts_show": "c", "evidence_design": "c",
            "policy_memo": _memo_07()}


@cache
def _memo_07() -> str:
    """The solution notebook's memo (graded by hand; the check only sees that it is there)."""
    notebook = nbformat.read(ROOT / "solutions" / "07-breaches-and-evidence.ipynb", as_version=4)
    cell = next(c for c in notebook.cells if c.get("id") == "policy_memo-answer")
    namespace: dict = {}
    exec(cell.source, namespace)
    return namespace["policy_memo"]


#: Varied lessons: assignment -> (checks module, independent right answers of a variant).
VARIED = {"01-real-name-registration": (real_name, answers_01),
          "02-biometric-id": (biometrics, answers_02),
          "03-error-rates": (error_rates, answers_03), "04-base-rates": (base_rates, answers_04),
          "05-search-and-fairness": (search, answers_05),
          "06-policy-tradeoffs": (policy, answers_06),
          "07-breaches-and-evidence": (evidence, answers_07)}

#: An assignment with no variants (every lesson now varies; ``assign`` hands out a lesson with
#: none unchanged, tested with a copy of Lesson 07's solution under this name).
UNVARIED = "99-no-variants"
