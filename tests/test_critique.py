""""Critique the news" (facenumbers.teaching.critique): one task per lesson, each claim word for
word in a sourced data row, calculators and presets that exist, a 12-point rubric, strong-answer
numbers that the models give back, and a page that is up to date. Each rule is shown to catch a
doctored copy."""

from __future__ import annotations

import ast
import copy
import json
import math
import tomllib
from functools import lru_cache
from pathlib import Path

import numpy as np
import pytest

from facenumbers import data
from facenumbers.models import base_rates, breaches, error_rates, matching, policy, uncertainty
from facenumbers.models import uniqueness
from facenumbers.models.templates import GROUPS, make_population
from facenumbers.teaching import critique

ROOT = Path(__file__).resolve().parents[1]
RAW = tomllib.loads(critique.TASKS_PATH.read_text(encoding="utf-8"))
TASKS = critique.load_tasks()
CRITERIA = critique.load_criteria()
SEED = 2019


@lru_cache(maxsize=1)
def presets() -> dict[str, list[str]]:
    """Each calculator of the app, by function name, with its presets' labels."""
    import facenumbers.calculators as calculators
    from facenumbers.calculators.app import CALCULATORS

    return {entry.function: list(getattr(calculators, entry.function)().presets)
            for entry in CALCULATORS}


def problems_of(raw: dict, load_table=data.load, with_presets: bool = False) -> list[str]:
    tasks, criteria, problems = critique.parse_tasks(raw)
    return problems + critique.task_problems(tasks, criteria, load_table,
                                             presets() if with_presets else None)


def task(lesson: int) -> critique.CritiqueTask:
    return next(t for t in TASKS if t.lesson == lesson)


# --- the tasks and their sources -------------------------------------------------------------

def test_one_task_for_each_lesson_after_lesson_00():
    assert [t.lesson for t in TASKS] == list(range(1, 9))
    assert problems_of(RAW, with_presets=True) == []


def test_lesson_titles_match_the_lessons():
    for t in TASKS:
        path = next((ROOT / "lessons").glob(f"{t.lesson:02d}-*.ipynb"))
        cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
        first = "".join(cells[0]["source"]).splitlines()[0]
        assert first == f"# Lesson {t.lesson:02d}: {t.lesson_title}", path.name


def _refs():
    for t in TASKS:
        yield f"{t.lesson:02d}-claim", t.claim
        for n, ref in enumerate(t.context, 1):
            yield f"{t.lesson:02d}-context-{n}", ref


@pytest.mark.parametrize("name,ref", list(_refs()), ids=[n for n, _ in _refs()])
def test_every_quote_is_word_for_word_in_a_sourced_row(name, ref):
    table = data.load(ref.table)
    rows = table[table[ref.key].astype(str) == ref.value]
    assert len(rows) == 1, f"{name}: {len(rows)} rows for {ref.where()}"
    row = rows.iloc[0]
    assert ref.quote in str(row[ref.column]), f"{name}: quote not in {ref.where()}"
    assert str(row["source"]).strip() and str(row["url"]).strip().startswith("http"), name
    for column, value in ref.figures.items():
        assert float(row[column]) == pytest.approx(value, rel=1e-12), f"{name}: {column}"


def test_each_claim_says_who_where_when_and_what_about():
    for t in TASKS:
        row = critique.row_of(t.claim)
        assert t.outlet in row["source"], t.lesson
        assert t.year == int(row["year"]), t.lesson
        assert t.speaker and t.date and len(t.about.split()) >= 8, t.lesson
        assert t.claim_kind in critique.CLAIM_KINDS


def test_calculators_and_presets_exist():
    known = presets()
    for t in TASKS:
        for tool in t.tools:
            assert tool.calculator in known, (t.lesson, tool.calculator)
            assert tool.preset in known[tool.calculator], (t.lesson, tool.preset)
    critique.load_tasks(presets=known)  # raises if any rule is broken


def test_steps_rubric_shape_and_totals():
    assert len(CRITERIA) == 4
    assert [c.points for c in CRITERIA] == [3, 3, 3, 3] and sum(c.points for c in CRITERIA) == 12
    assert critique.LEVEL_POINTS == (3, 1, 0)
    for t in TASKS:
        assert 3 <= len(t.steps) <= 5, t.lesson
        assert "settings I used" in t.steps[-1], t.lesson
        assert sorted(t.rubric) == sorted(c.key for c in CRITERIA), t.lesson
        assert all(len(text.split()) >= 10 for text in t.rubric.values()), t.lesson
        assert t.best_case and t.other_side, t.lesson


def test_task_for_takes_a_number_or_a_lesson_name():
    assert critique.task_for(4) == critique.task_for("04") == critique.task_for("04-base-rates")
    for bad in (0, 9, "00", "4b", None, True, 4.0):
        with pytest.raises(ValueError, match="from 1 to 8"):
            critique.task_for(bad)


def test_the_module_imports_only_what_teaching_may():
    tree = ast.parse(Path(critique.__file__).read_text(encoding="utf-8"))
    used = {node.module.split(".")[1] for node in ast.walk(tree)
            if isinstance(node, ast.ImportFrom) and node.module
            and node.module.startswith("facenumbers.")}
    used |= {alias.name for node in ast.walk(tree) if isinstance(node, ast.ImportFrom)
             and node.module == "facenumbers" for alias in node.names}
    assert used <= {"data", "models", "objectives", "pacing", "teaching"}, used


# --- the strong answers' numbers, recomputed from the models ----------------------------------

@lru_cache(maxsize=4)
def _people(population: int):
    return uniqueness.GrowingPopulation(SEED, limit=10_000_000).first(population)


def _unique(population: int, attributes: list[str]) -> float:
    counts = uniqueness.group_counts(_people(population), attributes)
    return uniqueness.measure_groups(counts, attributes).unique_share


SWEENEY = ["sex", "birth_date", "district"]


@lru_cache(maxsize=4)
def _scores(people: int, quality: float):
    population = make_population(people=people, captures=4, quality=quality, seed=SEED)
    table = matching.comparison_scores(population, max_impostor_pairs=600_000)
    by_group = {g: (table.loc[(table["kind"] == "genuine") & (table["group"] == g), "score"].to_numpy(),
                    table.loc[(table["kind"] == "impostor") & (table["group"] == g), "score"].to_numpy())
                for g in GROUPS}
    everyone = (np.concatenate([s[0] for s in by_group.values()]),
                np.concatenate([s[1] for s in by_group.values()]))
    return population, by_group, everyone


def _matcher_counts(quality: float, threshold: float) -> tuple[float, float]:
    _, _, (genuine, impostor) = _scores(1000, quality)
    return (error_rates.false_non_match_rate(genuine, threshold) * len(genuine),
            error_rates.false_match_rate(impostor, threshold) * len(impostor))


def _pair_score(quality: float) -> float:
    population = _scores(1000, quality)[0]
    return float(matching.cosine_similarity(population.capture(6, 1), population.capture(6, 0)))


def _explorer(which: str) -> dict[str, tuple[float, float]]:
    _, by_group, (genuine, impostor) = _scores(2000, 0.2)
    threshold = {
        "strict": error_rates.threshold_for_false_match_rate(impostor, 1e-6),
        "balanced": error_rates.equal_error_rate(genuine, impostor).threshold,
        "convenient": error_rates.threshold_for_false_match_rate(impostor, 1e-2),
    }[which]
    return {g: (error_rates.false_match_rate(imp, threshold),
                error_rates.false_non_match_rate(gen, threshold)) for g, (gen, imp) in by_group.items()}


def _refused(which: str) -> float:
    month = error_rates.monthly_outcomes(int(data.assumption("registrations_per_month")),
                                         data.assumption("impostor_share"), _explorer(which),
                                         {g: 1 / len(GROUPS) for g in GROUPS})
    return float(month["honest_falsely_rejected"].sum())


HIT = data.assumption("watchlist_hit_rate")


def _deployment(case: str) -> dict[str, float]:
    table = data.load("watchlist_deployments")
    row = table[table["case"] == case].iloc[0]
    return base_rates.rates_from_deployment(int(row["faces_scanned"]), int(row["alerts"]),
                                            int(row["false_alerts"]), HIT)


def _ppv(case: str, false_alert_rate: float | None = None) -> float:
    rates = _deployment(case)
    far = rates["false_alert_rate"] if false_alert_rate is None else false_alert_rate
    return base_rates.positive_predictive_value(rates["prevalence"], HIT, far)


def _per_hit(case: str) -> float:
    rates = _deployment(case)
    return base_rates.innocent_flagged_per_true_hit(rates["prevalence"], HIT, rates["false_alert_rate"])


CHINA = int(data.value("china_2019", "population_end_2019"))


def _policy(displacement: float = 0.5) -> dict[str, policy.PolicyOutcome]:
    return {o.policy: o for o in policy.compare_policies(policy.PolicyInputs(displacement=displacement))}


def _store(years: int) -> breaches.BreachOutcome:
    return breaches.breach_outcomes(1_000_000_000, 0.02, 0.1, years)


def _breach_value(measure: str) -> float:
    return data.value("biometric_breaches", measure)


RECOMPUTE = {
    (1, "sweeney_synthetic"): lambda: _unique(10_000_000, SWEENEY),
    (1, "sweeney_closed"): lambda: uniqueness.expected_unique_share(
        10_000_000, uniqueness.cells_for(SWEENEY)),
    (1, "sweeney_one_million"): lambda: _unique(1_000_000, SWEENEY),
    (1, "prefix_synthetic"): lambda: _unique(10_000_000, ["sex", "birth_date", "phone_prefix"]),
    (1, "sweeney_ratio"): lambda: 216 / 248,
    (2, "blurry_score"): lambda: _pair_score(0.0),
    (2, "blurry_false_non_matches"): lambda: _matcher_counts(0.0, 0.35)[0],
    (2, "blurry_false_matches"): lambda: _matcher_counts(0.0, 0.35)[1],
    (2, "strict_false_non_matches"): lambda: _matcher_counts(0.0, 0.45)[0],
    (2, "lenient_false_matches"): lambda: _matcher_counts(0.0, 0.25)[1],
    (2, "passport_score"): lambda: _pair_score(1.0),
    (2, "passport_group_a_fmr"): lambda: error_rates.false_match_rate(
        _scores(1000, 1.0)[1][GROUPS[0]][1], 0.35),
    (2, "passport_group_b_fmr"): lambda: error_rates.false_match_rate(
        _scores(1000, 1.0)[1][GROUPS[1]][1], 0.35),
    (3, "balanced_ratio"): lambda: _explorer("balanced")[GROUPS[1]][0] / _explorer("balanced")[GROUPS[0]][0],
    (3, "balanced_fmr_a"): lambda: _explorer("balanced")[GROUPS[0]][0],
    (3, "balanced_fmr_b"): lambda: _explorer("balanced")[GROUPS[1]][0],
    (3, "convenient_ratio"): lambda: (_explorer("convenient")[GROUPS[1]][0]
                                      / _explorer("convenient")[GROUPS[0]][0]),
    (3, "convenient_fmr_a"): lambda: _explorer("convenient")[GROUPS[0]][0],
    (3, "convenient_fmr_b"): lambda: _explorer("convenient")[GROUPS[1]][0],
    (3, "strict_refused"): lambda: _refused("strict"),
    (3, "balanced_refused"): lambda: _refused("balanced"),
    (4, "ppv"): lambda: _ppv("cardiff_2017"),
    (4, "false_share"): lambda: 1 - base_rates.precision_of_alerts(2470, 2297),
    (4, "innocent_per_hit"): lambda: _per_hit("cardiff_2017"),
    (4, "false_alert_rate"): lambda: _deployment("cardiff_2017")["false_alert_rate"],
    (4, "better_ppv"): lambda: _ppv("cardiff_2017", 1e-4),
    (4, "met_ppv"): lambda: _ppv("met_2024_2025"),
    (5, "china_chance"): lambda: base_rates.probability_of_at_least_one_false_match(1e-9, CHINA),
    (5, "china_expected"): lambda: base_rates.expected_false_matches(1e-9, CHINA),
    (5, "nist_chance"): lambda: base_rates.probability_of_at_least_one_false_match(
        1e-9, int(data.value("nist_face_search", "test_people_2018"))),
    (5, "strict_chance"): lambda: base_rates.probability_of_at_least_one_false_match(1e-12, CHINA),
    (5, "improvement"): lambda: (data.value("nist_face_search", "best_miss_rate_2010")
                                 / data.value("nist_face_search", "best_miss_rate_2018")),
    (6, "attempts"): lambda: _policy()["C"].fraud_attempts,
    (6, "b_stopped"): lambda: _policy()["B"].fraud_stopped,
    (6, "c_stopped"): lambda: _policy()["C"].fraud_stopped,
    (6, "c_not_stopped"): lambda: _policy()["C"].fraud_not_stopped,
    (6, "c_not_stopped_no_displacement"): lambda: _policy(0.0)["C"].fraud_not_stopped,
    (6, "all_displaced"): lambda: max(o.fraud_not_stopped for o in _policy(1.0).values()),
    (6, "c_refused"): lambda: _policy()["C"].honest_refused,
    (7, "share_of_population"): lambda: _breach_value("shanghai_residents_claimed") / CHINA,
    (7, "sample_share"): lambda: (_breach_value("shanghai_sample_records")
                                  / _breach_value("shanghai_residents_claimed")),
    (7, "passwords_left"): lambda: breaches.still_exposed(
        _breach_value("shanghai_residents_claimed"), 1.0, 1.0, 1, reset_share=0.9),
    (7, "no_breach_30"): lambda: _store(30).chance_of_no_breach,
    (7, "one_breach"): lambda: _store(30).leaked_by_one_breach,
    (7, "expected_30"): lambda: _store(30).expected_exposed,
    (7, "no_breach_10"): lambda: _store(10).chance_of_no_breach,
    (7, "expected_10"): lambda: _store(10).expected_exposed,
    (8, "met_ppv"): lambda: _ppv("met_2024_2025"),
    (8, "met_innocent_per_hit"): lambda: _per_hit("met_2024_2025"),
    (8, "met_false_alert_rate"): lambda: _deployment("met_2024_2025")["false_alert_rate"],
    (8, "cardiff_ppv"): lambda: _ppv("cardiff_2017"),
    (8, "arrests_per_true_alert"): lambda: 962 / (2077 - 10),
    (8, "black_share_low"): lambda: uncertainty.clopper_pearson_interval(8, 10)[0],
    (8, "black_share_high"): lambda: uncertainty.clopper_pearson_interval(8, 10)[1],
    (8, "china_chance"): lambda: base_rates.probability_of_at_least_one_false_match(1e-9, CHINA),
    (8, "strict_chance"): lambda: base_rates.probability_of_at_least_one_false_match(1e-12, CHINA),
}


def answer_mismatches(tasks) -> list[str]:
    """Each stated number that the models do not give back (as shown, and within 0.2%)."""
    found = []
    stated = {(t.lesson, a.name): a for t in tasks for a in t.answers}
    for key in sorted(set(stated) ^ set(RECOMPUTE)):
        found.append(f"{key}: stated but not recomputed" if key in stated
                     else f"{key}: recomputed but not stated")
    for key in sorted(set(stated) & set(RECOMPUTE)):
        answer, value = stated[key], float(RECOMPUTE[key]())
        if (critique.format_answer(value, answer.style) != answer.shown()
                or not math.isclose(value, answer.value, rel_tol=2e-3, abs_tol=1e-9)):
            found.append(f"{key}: stated {answer.value:g} ({answer.shown()}), the models give "
                         f"{value:g} ({critique.format_answer(value, answer.style)})")
    return found


def test_strong_answer_numbers_are_what_the_models_give():
    assert answer_mismatches(TASKS) == []


def test_a_doctored_number_is_caught():
    raw = copy.deepcopy(RAW)
    raw["task"][3]["answers"][0]["value"] = 0.08  # the Cardiff PPV, 7.0% in truth
    doctored, _, _ = critique.parse_tasks(raw)
    assert any("(4, 'ppv')" in m for m in answer_mismatches(doctored))
    raw["task"][3]["answers"].append({"name": "extra", "value": 1, "style": "count", "how": "x"})
    doctored, _, _ = critique.parse_tasks(raw)
    assert any("(4, 'extra'): stated but not recomputed" in m for m in answer_mismatches(doctored))


def _readout(calculator: str, preset: str, **values) -> str:
    import facenumbers.calculators as calculators

    calc = getattr(calculators, calculator)()
    calc.apply_preset(preset)
    if values:
        calc.set_values(**values)
    return calc.readout.value + calc.summary.value + getattr(calc, "table", calc.readout).value


@pytest.mark.parametrize("lesson,calculator,preset,values,names", [
    (1, "how_unique", 0, {}, ["sweeney_synthetic", "sweeney_closed"]),
    (1, "how_unique", 1, {}, ["prefix_synthetic"]),
    (2, "matcher", 0, {}, ["blurry_score", "blurry_false_non_matches", "blurry_false_matches"]),
    (2, "matcher", 0, {"threshold": 0.45}, ["strict_false_non_matches"]),
    (3, "threshold_explorer", 0, {}, ["balanced_ratio", "balanced_refused"]),
    (3, "threshold_explorer", 2, {}, ["strict_refused"]),
    (4, "alarm", 0, {}, ["ppv", "innocent_per_hit"]),
    (4, "alarm", 0, {"false_alert_rate": 1e-4}, ["better_ppv"]),
    (4, "alarm", 1, {}, ["met_ppv"]),
    (5, "gallery_size", 0, {}, ["china_chance", "china_expected"]),
    (5, "gallery_size", 0, {"false_match_rate": 1e-12}, ["strict_chance"]),
    (6, "policy_simulator", 0, {}, ["c_stopped", "c_not_stopped", "b_stopped"]),
    (6, "policy_simulator", 0, {"displacement": 0.0}, ["c_not_stopped_no_displacement"]),
    (7, "breach_exposure", 0, {}, ["passwords_left"]),
    (7, "breach_exposure", 2, {}, ["no_breach_30", "one_breach", "expected_30"]),
    (7, "breach_exposure", 2, {"years": 10}, ["no_breach_10", "expected_10"]),
])
def test_the_calculators_show_what_the_notes_say(lesson, calculator, preset, values, names):
    t = task(lesson)
    text = _readout(calculator, [tool.preset for tool in t.tools if tool.calculator == calculator][preset],
                    **values)
    for name in names:
        assert t.answer(name).shown() in text, (lesson, name, t.answer(name).shown())


# --- the page -----------------------------------------------------------------------------------

def test_the_page_is_up_to_date():
    assert not critique.update_critique(ROOT, check_only=True), \
        "docs/critique-the-news.md is out of date: run `make exercises`"


def test_the_page_has_an_anchor_a_rubric_and_notes_for_each_lesson():
    text = (ROOT / critique.PAGE).read_text(encoding="utf-8")
    for t in TASKS:
        section = text.split(f'<a id="lesson-{t.lesson:02d}"></a>')[1].split('<a id="lesson-')[0]
        assert f'"{t.claim.quote}"' in section
        assert section.count("\n| ") >= 4 + 1 + len(t.answers)
        assert "<details>" in section and "</details>" in section
        assert "{" + t.answers[0].name + "}" not in section
        assert t.answers[0].shown() in section


def test_a_stale_page_is_rewritten(tmp_path):
    (tmp_path / "docs").mkdir()
    (tmp_path / critique.PAGE).write_text("# Critique the news\n\nold\n", encoding="utf-8")
    assert critique.update_critique(tmp_path, check_only=True)
    assert "old" in (tmp_path / critique.PAGE).read_text(encoding="utf-8")
    assert critique.update_critique(tmp_path)
    assert not critique.update_critique(tmp_path, check_only=True)


# --- doctored copies: every rule catches a violation --------------------------------------------

def _edit(path: tuple, value):
    def change(raw):
        target = raw
        for part in path[:-1]:
            target = target[part]
        if value is _DELETE:
            del target[path[-1]]
        else:
            target[path[-1]] = value
    return change


_DELETE = object()
_FIRST_STEPS = RAW["task"][0]["steps"]

DOCTORED = {
    "a quote changed by one word": (_edit(("task", 5, "claim", "quote"), RAW["task"][5]["claim"]["quote"].replace("directly", "clearly")), "not word for word"),
    "a quote in the wrong column": (_edit(("task", 3, "claim", "column"), "note"), "not word for word"),
    "a figure changed": (_edit(("task", 3, "claim", "figures", "alerts"), 2471), "alerts is 2470"),
    "a key that names no row": (_edit(("task", 0, "claim", "value"), "sweeney_1990"), "0 rows"),
    "a key column that does not exist": (_edit(("task", 0, "claim", "key"), "case"), "has no column 'case'"),
    "an outlet not in the source": (_edit(("task", 7, "outlet"), "ABC News website"), "outlet"),
    "a wrong year": (_edit(("task", 7, "year"), 2020), "year 2020"),
    "an unknown kind of claim": (_edit(("task", 1, "claim_kind"), "rumour"), "claim_kind"),
    "context without a label": (_edit(("task", 0, "context", 0, "label"), ""), "label"),
    "a lesson missing": (lambda raw: raw["task"].pop(2), "missing: 03"),
    "a lesson twice": (_edit(("task", 2, "lesson"), 4), "lesson 04 has 2 tasks"),
    "a lesson out of range": (_edit(("task", 7, "lesson"), 9), "from 1 to 8"),
    "two steps": (_edit(("task", 0, "steps"), _FIRST_STEPS[-2:]), "3 to 5 steps"),
    "six steps": (_edit(("task", 0, "steps"), _FIRST_STEPS + _FIRST_STEPS[:2]), "3 to 5 steps"),
    "no settings step": (_edit(("task", 0, "steps"), _FIRST_STEPS[:3]), "The settings I used"),
    "a rubric line missing": (_edit(("task", 2, "rubric", "fair"), _DELETE), "strong level of each criterion"),
    "a criterion worth 4": (_edit(("criteria", 1, "points"), 4), "add up to 12"),
    "a fifth criterion": (lambda raw: raw["criteria"].append(dict(raw["criteria"][0], key="extra")), "4 criteria"),
    "an unknown style": (_edit(("task", 3, "answers", 0, "style"), "percentage"), "style must be"),
    "a note showing no answer": (_edit(("task", 3, "notes"), RAW["task"][3]["notes"] + " {nowhere}"), "{nowhere}"),
    "no tools": (_edit(("task", 4, "tools"), []), "at least one calculator"),
    "a repeated criterion": (_edit(("criteria", 1, "key"), "reads"), "criteria keys must be distinct"),
    "a column that does not exist": (_edit(("task", 0, "claim", "column"), "descriptions"), "has no column 'descriptions'"),
    "a figure from a column that does not exist": (_edit(("task", 0, "claim", "figures"), {"share": 0.87}), "no number in column 'share'"),
    "no answers": (_edit(("task", 0, "answers"), []), "numbers a strong answer reaches"),
    "two answers of one name": (lambda raw: raw["task"][0]["answers"].append(dict(raw["task"][0]["answers"][0])), "answer names must be distinct"),
    "an answer that is not a number": (_edit(("task", 0, "answers", 0, "value"), "0.835"), "`value` must be a number"),
    "a lesson that is not a number": (_edit(("task", 0, "lesson"), "01"), "`lesson` must be a whole number"),
    "a speaker left empty": (_edit(("task", 0, "speaker"), " "), "`speaker` must be a non-empty text"),
    "steps that are not a list": (_edit(("task", 0, "steps"), "Open the calculator."), "`steps` must be a list"),
    "a title quoting words the claim lacks": (_edit(("task", 3, "title"), 'Metro: "wrongly identifies 3,000 people as criminals"'), "the title quotes"),
    "an invented quotation": (_edit(("task", 7, "best_case"), RAW["task"][7]["best_case"] + ' The Met said "this tool has made London the safest city in the world".'), "in none of the task's rows"),
}


@pytest.mark.parametrize("name", sorted(DOCTORED))
def test_a_doctored_task_is_caught(name):
    change, message = DOCTORED[name]
    raw = copy.deepcopy(RAW)
    change(raw)
    found = problems_of(raw)
    assert any(message in problem for problem in found), (name, found)


@pytest.mark.parametrize("name,message", [
    ("an unknown calculator", "calculator must be one of"),
    ("an unknown preset", "has no preset"),
])
def test_a_doctored_tool_is_caught(name, message):
    raw = copy.deepcopy(RAW)
    tool = raw["task"][3]["tools"][0]
    if "calculator" in name:
        tool["calculator"] = "alarms"
    else:
        tool["preset"] = tool["preset"].replace("2017", "2018")
    assert any(message in p for p in problems_of(raw, with_presets=True))


@pytest.mark.parametrize("column", ["source", "url"])
def test_a_row_without_a_source_or_an_address_is_caught(column):
    def doctored(name):
        table = data.load(name).copy()
        if name == "public_debate":
            table.loc[table["measure"] == "greer_no_evidence_of_safety", column] = float("nan")
        return table

    assert any(f"has no {column}" in p for p in problems_of(copy.deepcopy(RAW), doctored))


def test_load_tasks_lists_every_problem(tmp_path):
    text = critique.TASKS_PATH.read_text(encoding="utf-8")
    doctored = tmp_path / "critique.toml"
    doctored.write_text(text.replace("lesson = 3\n", "lesson = 4\n", 1).replace(
        "directly leads", "clearly leads"), encoding="utf-8")
    with pytest.raises(critique.CritiqueError) as error:
        critique.load_tasks(doctored)
    assert "lesson 04 has 2 tasks" in str(error.value) and "not word for word" in str(error.value)
    (tmp_path / "broken.toml").write_text("[[task]\n", encoding="utf-8")
    with pytest.raises(critique.CritiqueError, match="cannot read"):
        critique.load_tasks(tmp_path / "broken.toml")


def test_format_answer_refuses_bad_input():
    with pytest.raises(ValueError, match="style must be one of"):
        critique.format_answer(1.0, "percent9")
    with pytest.raises(ValueError, match="finite number"):
        critique.format_answer(float("nan"), "count")
    with pytest.raises(ValueError, match="above 0"):
        critique.format_answer(0.0, "one_in")
