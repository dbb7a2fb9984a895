"""Per-student variants (``facenumbers assign``): each student's numbers, checks and notebook.

- over many student ids, every variant's right answers (worked out here, independently of the
  checks) pass that variant's checks, and blanks and typical mistakes do not;
- each exercise has the number of distinct right answers (K) its lesson states, and 1,000 ids
  reach them all;
- the same id always gets the same variant, different ids mostly different ones;
- answers copied from another student fail against the copier's own variant;
- the released notebook states the student's numbers, holds no solution, and its own solution
  (the solution notebook rewritten the same way) passes its checks when run;
- ``make exercises`` output does not change.
"""

from __future__ import annotations

import csv
import itertools
import math
import shutil
import signal
from functools import cache
from pathlib import Path

import nbformat
import pytest
from variant_answers import DEPLOYMENTS, UNVARIED, VARIED, answers_04

from facenumbers import assign, cli, notebooks, variants
from facenumbers.checks import NumberJudge, base_rates, policy

ROOT = Path(__file__).resolve().parents[1]
ASSIGNMENT = "04-base-rates"
IDS = [f"2024{n:04d}" for n in range(1000)]


def _done(feedback) -> bool:
    """Whether an answer passes its check, or (a memo) is complete and goes to the instructor."""
    return feedback.passed or feedback.status == "for instructor"


@cache
def lesson(assignment: str, key: str):
    module = VARIED[assignment][0]
    return module.lesson_for(module.VARIATION.parse(key))


def variant_of(assignment: str, student: str) -> tuple[dict, object]:
    module = VARIED[assignment][0]
    params = variants.params_for(assignment, student)
    return params, lesson(assignment, module.VARIATION.key(params))


# -- the checks of each variant -------------------------------------------------------------
@pytest.mark.parametrize("assignment", VARIED)
def test_every_variant_passes_its_own_solution_and_fails_blanks(assignment):
    for student in IDS[:300]:
        params, checks = variant_of(assignment, student)
        right = VARIED[assignment][1](params)
        assert set(right) == set(checks.exercises)
        for name, answer in right.items():
            feedback = checks.check(name, answer)
            assert _done(feedback), f"{student} {params}: {feedback}"
            for blank in (..., None):
                assert checks.check(name, blank).status == "not answered", (student, name)


@pytest.mark.parametrize("assignment", VARIED)
def test_every_listed_mistake_of_every_variant_fails(assignment):
    module = VARIED[assignment][0]
    for student in IDS[:150]:
        _, checks = variant_of(assignment, student)
        for name, exercise in checks.exercises.items():
            if isinstance(exercise.judge, NumberJudge):
                for mistake in exercise.judge.wrong:
                    assert not checks.check(name, mistake.value).passed, (student, name, mistake)
    assert module.lesson_for({}).exercises.keys() == module.LESSON.exercises.keys()


@pytest.mark.parametrize("assignment", VARIED)
def test_the_default_variant_is_todays_lesson(assignment):
    module = VARIED[assignment][0]
    default = module.lesson_for(module.DEFAULT)
    for name, exercise in module.LESSON.exercises.items():
        other = default.exercises[name]
        assert other.title == exercise.title
        if isinstance(exercise.judge, NumberJudge):
            assert other.judge.expected == exercise.judge.expected
            assert [(w.value, w.hint) for w in other.judge.wrong] == [
                (w.value, w.hint) for w in exercise.judge.wrong]
    assert module.VARIATION.key({}) == module.VARIATION.key(module.DEFAULT)


@pytest.mark.parametrize("assignment", VARIED)
def test_each_exercise_has_the_stated_number_of_variants_within_1000_ids(assignment):
    module = VARIED[assignment][0]
    counts = module.VARIANT_COUNTS
    assert set(counts) == set(module.LESSON.exercises)
    found: dict[str, list] = {name: [] for name in counts}
    for student in IDS:
        params, _ = variant_of(assignment, student)
        for name, answer in VARIED[assignment][1](params).items():
            found[name].append(answer)
    for name, answers in found.items():
        if callable(answers[0]) or isinstance(answers[0], str):
            distinct = 1     # a function or a choice: the same question for everyone
        else:
            distinct = variants.distinct_count([float(a) for a in answers])
        assert distinct == counts[name], f"{name}: {distinct} distinct right answers"
    assert sum(k > 1 for k in counts.values()) >= 1


def test_the_instructor_guide_states_k_for_every_exercise_of_every_varied_lesson():
    import re

    guide = (ROOT / "docs" / "instructor-guide.md").read_text(encoding="utf-8")
    section = guide[guide.index("### Per-student variants"):]
    section = section[:section.index("\n---")]
    stated: dict[tuple[str, str], int] = {}
    for row in re.findall(r"^\| (\d\d) \| (.*?) \| .*? \| (\d+)(?: each)? \|$", section, re.M):
        for name in re.findall(r"`(\w+)`", row[1]):
            stated[(row[0], name)] = int(row[2])
    for assignment, (module, _) in VARIED.items():
        for name, k in module.VARIANT_COUNTS.items():
            assert stated.get((assignment[:2], name)) == k, (assignment, name)
    assert set(variants.VARIED) == set(VARIED)


def test_lesson_04_varies_the_numbers_the_brief_names():
    choices = base_rates.VARIATION.choices
    assert choices["crowd"] == (100_000, 200_000, 500_000, 1_000_000)
    assert choices["prevalence_1_in"] == (5_000, 10_000, 20_000)
    assert set(choices["ppv_case"]) == set(DEPLOYMENTS.index)
    # Every crowd holds a whole number of wanted people.
    assert all(c % p == 0 for c in choices["crowd"] for p in choices["prevalence_1_in"])
    essex = base_rates.lesson_for({"ppv_case": "met_trials_essex_2019"})
    rows = essex.exercises["ppv_cardiff"].judge.other_rows
    assert [name for name, _ in rows] == ["Cardiff's row, cardiff_2017", "the Met's row, met_2024_2025"]
    feedback = essex.check("ppv_cardiff", 173 / 2470)
    assert "another row of the data (Cardiff's row" in feedback.hint


def test_lesson_06_varies_only_the_exercises_own_numbers_and_exercise_3_stays_a():
    choices = policy.VARIATION.choices
    assert set(choices) == {"honest_refused_weight", "duplicate_flag_weight",
                            "cost_of_false_non_match", "search_false_match_rate"}
    for combo in itertools.product(*choices.values()):
        checks = policy.lesson_for(dict(zip(choices, combo)))
        assert checks.check("cheapest_policy", "a").passed, combo
    # A false match at the counter costs what exercise 2 weighs a fraudulent number, in every variant.
    assert all(policy.counter_for(dict(zip(choices, combo)))["cost_of_false_match"]
               == policy.weights_for(dict(zip(choices, combo)))["fraud_not_stopped"] == 100
               for combo in itertools.product(*choices.values()))
    texts = policy.texts_for({"search_false_match_rate": 5e-10})
    assert (texts["search_rate_words"], texts["search_rate_code"], texts["search_rate_times"]) == (
        "1 in 2 billion", "5e-10", "500 times")


# -- who gets which variant ------------------------------------------------------------------
@pytest.mark.parametrize("assignment", VARIED)
def test_the_same_id_always_gets_the_same_variant_and_ids_differ(assignment):
    module = VARIED[assignment][0]
    keys = [module.VARIATION.key(variants.params_for(assignment, s)) for s in IDS]
    assert keys == [module.VARIATION.key(variants.params_for(assignment, s)) for s in IDS]
    assert len(set(keys)) >= min(module.VARIATION.count, 800)
    differ = sum(a != b for a, b in itertools.pairwise(keys))
    assert differ >= 0.9 * (1 - 1 / module.VARIATION.count) * (len(keys) - 1)
    assert variants.seed_for(assignment, "7") != variants.seed_for(assignment + "-b", "7")
    for key in keys[:50]:
        assert module.VARIATION.key(module.VARIATION.parse(key)) == key


def test_a_student_key_is_the_id_else_the_name_and_nothing_else_varies():
    assert variants.student_key("Li Hua", "2024001") == "2024001"
    assert variants.student_key("Li Hua", "  ") == "Li Hua"
    assert variants.params_for(UNVARIED, "Li Hua") == {}
    with pytest.raises(ValueError, match="not one of its choices"):
        base_rates.VARIATION.parse("crowd=123")
    with pytest.raises(ValueError, match="unknown parameters"):
        base_rates.lesson_for({"size": 3})
    with pytest.raises(ValueError, match="not one of the parameters"):
        base_rates.for_variant("size=3")
    with pytest.raises(ValueError, match="do not fit together"):
        base_rates.lesson_for({"ppv_case": "met_2024_2025"})


@pytest.mark.parametrize("assignment", VARIED)
def test_answers_copied_from_another_student_fail_against_the_copiers_variant(assignment):
    module, answers = VARIED[assignment]
    pairs = list(zip(IDS[:200:2], IDS[1:200:2]))
    full_marks = 0
    for original, copier in pairs:
        original_params, _ = variant_of(assignment, original)
        copier_params, copier_checks = variant_of(assignment, copier)
        copied, own = answers(original_params), answers(copier_params)
        passed = {name: copier_checks.check(name, value).passed for name, value in copied.items()}
        full_marks += all(passed.values())
        for name, value in copied.items():
            if not callable(value) and not isinstance(value, str) and not math.isclose(
                    value, own[name], rel_tol=0.005):
                assert not passed[name], (original, copier, name)
    # A copy gets full marks only when the two variants share every right answer.
    chance = max(math.prod(1 / k for k in module.VARIANT_COUNTS.values()),
                 1 / module.VARIATION.count)
    assert full_marks <= max(1, 3 * chance * len(pairs)), f"{full_marks} of {len(pairs)} copies pass"


def test_a_copied_notebook_graded_with_the_roster_scores_against_the_copiers_variant(tmp_path):
    import inspect

    from facenumbers import grading

    accepts = inspect.signature(grading.grade_batch).parameters
    if "variants" not in accepts:
        pytest.skip("grade_batch takes no variants yet: the checks-level test above covers it")
    roster = {"Li Hua": "A1", "Bo Chen": "B2"}
    params = {student: variants.params_for(ASSIGNMENT, key) for student, key in roster.items()}
    original = params["Li Hua"]
    answered = notebooks.bind_variant(
        notebooks.apply_variant(_solution(ASSIGNMENT), base_rates.texts_for(original)),
        base_rates.VARIATION.key(original))
    found = []
    for student in roster:
        nbformat.write(answered, tmp_path / f"{student}.ipynb")
        found.append((student, tmp_path / f"{student}.ipynb"))
    options = {"engine": "kernel"} if "engine" in accepts else {}
    assignment = grading.load_assignment(ROOT, ASSIGNMENT)
    own, copy = grading.grade_batch(found, assignment, grading.Limits(), 2, variants=params, **options)
    assert own.status == copy.status == "graded", (own.reason, copy.reason)
    assert own.total == assignment.auto_points
    right_original, right_copier = answers_04(original), answers_04(params["Bo Chen"])
    differ = [name for name, value in right_original.items() if not callable(value)
              and not isinstance(value, str)
              and not math.isclose(value, right_copier[name], rel_tol=0.005)]
    assert differ and all(copy.points[name] == 0 for name in differ), copy.points
    assert copy.total < own.total


# -- the released notebooks ------------------------------------------------------------------
@cache
def _solution(assignment: str) -> nbformat.NotebookNode:
    source = nbformat.read(ROOT / "solutions" / f"{assignment}.ipynb", as_version=4)
    return notebooks.label_cells(notebooks.clean(source), assignment)


class _TooSlow(Exception):
    pass


def _run(notebook: nbformat.NotebookNode) -> dict[str, object]:
    """Run a notebook's code cells in this process; the feedback of each check cell by name."""
    namespace: dict = {}
    results = {}

    def stop(signum, frame):  # noqa: ARG001 - a signal handler's signature
        raise _TooSlow

    previous = signal.signal(signal.SIGALRM, stop)
    signal.alarm(60)
    try:
        for cell in notebook.cells:
            if cell.cell_type != "code":
                continue
            name = notebooks.checked_name(cell)
            if name:
                results[name] = eval(notebooks.strip_hidden_tests(cell.source), namespace)
            else:
                exec(cell.source, namespace)
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)
    return results


@pytest.mark.parametrize("assignment", VARIED)
def test_the_default_texts_rewrite_nothing(assignment):
    module = VARIED[assignment][0]
    solution = _solution(assignment)
    same = notebooks.apply_variant(solution, module.texts_for({}))
    assert [c.source for c in same.cells] == [c.source for c in solution.cells]
    assert any(notebooks.VARY in c.metadata for c in solution.cells)
    assert not any(notebooks.VARY in c.metadata for c in same.cells)


@pytest.mark.parametrize("assignment", VARIED)
@pytest.mark.parametrize("student", IDS[:3])
def test_a_variants_notebook_states_its_numbers_and_its_solution_passes_when_run(assignment, student):
    module = VARIED[assignment][0]
    params = variants.params_for(assignment, student)
    key = module.VARIATION.key(params)
    texts = module.texts_for(params)
    constants = module.constants_for(params) if hasattr(module, "constants_for") else {}
    solution = notebooks.bind_variant(notebooks.apply_variant(_solution(assignment), texts), key,
                                      constants)
    results = _run(solution)
    assert results and all(_done(f) for f in results.values()), [
        str(f) for f in results.values() if not _done(f)]
    exercise = notebooks.variant_exercise(_solution(assignment), texts, key, "for a test", constants)
    text = nbformat.writes(exercise)
    assert notebooks.BEGIN not in text and notebooks.VARY not in text
    assert f'for_variant(\\"{key}\\")' in text
    blank = _run(exercise)
    assert blank.keys() == results.keys()
    assert all(f.status == "not answered" for f in blank.values())
    sources = "\n".join(c.source for c in exercise.cells)
    named = {name for c in _solution(assignment).cells if c.cell_type == "markdown"
             for name in c.metadata.get(notebooks.VARY, {}).values()}
    assert named and all(texts[name] in sources for name in named)


def test_the_varied_exercise_states_the_row_it_asks_about():
    params = {"ppv_case": "met_trials_essex_2019", "false_case": "cardiff_2017", "crowd": 500_000,
              "icon_prevalence_1_in": 1_000, "icon_false_alert_1_in": 400}
    key = base_rates.VARIATION.key(params)
    exercise = notebooks.variant_exercise(_solution(ASSIGNMENT), base_rates.texts_for(params), key)
    sources = "\n".join(c.source for c in exercise.cells)
    assert "## Exercise 1: the Essex trials' alerts" in sources
    assert 'essex = deployments.loc["met_trials_essex_2019"]' in sources
    assert "## Exercise 2: Cardiff's alerts" in sources and "What share of Cardiff's alerts" in sources
    assert "crowd = 500_000" in sources and "A camera scans a crowd of 500,000 people" in sources
    assert "false-alert rate 1 in 400" in sources and "2,000,000 people" in sources
    assert "173 / 2,470" not in sources   # the solution's working is never released


def test_a_literal_the_cell_does_not_hold_is_an_error(tmp_path):
    cell = nbformat.v4.new_markdown_cell("A crowd of 100,000.", metadata={notebooks.VARY: {"10,000": "x"}})
    notebook = nbformat.v4.new_notebook(cells=[cell])
    with pytest.raises(ValueError, match="does not hold"):
        notebooks.label_cells(notebook, "99-demo")
    with pytest.raises(ValueError, match="no text for"):
        notebooks.apply_variant(nbformat.v4.new_notebook(cells=[nbformat.v4.new_markdown_cell(
            "A crowd of 100,000.", metadata={notebooks.VARY: {"100,000": "crowd"}})]), {})


def test_make_exercises_output_is_unchanged(tmp_path):
    for folder in ("solutions", "exercises"):
        shutil.copytree(ROOT / folder, tmp_path / folder)
    assert notebooks.generate(tmp_path) == []
    for path in sorted((ROOT / "exercises").glob("*.ipynb")):
        assert (tmp_path / "exercises" / path.name).read_bytes() == path.read_bytes()


# -- facenumbers assign ----------------------------------------------------------------------
def test_assign_writes_one_notebook_per_student_and_the_instructors_table(tmp_path, capsys):
    roster = tmp_path / "roster.csv"
    roster.write_text("student,id\nLi Hua,2024001\nAna Souza,\nBo Chen,2024003\n", encoding="utf-8")
    out = tmp_path / "release"
    status = cli.main(["assign", "--roster", str(roster), "--assignment", ASSIGNMENT,
                       "--out", str(out), "--course", str(ROOT)])
    assert status == 0, capsys.readouterr().err
    rows = list(csv.DictReader((out / assign.TABLE).open(encoding="utf-8")))
    assert [r["student_key"] for r in rows] == ["2024001", "Ana Souza", "2024003"]
    for row in rows:
        path = out / row["student"] / f"{ASSIGNMENT}.ipynb"
        notebook = nbformat.read(path, as_version=4)
        params = variants.params_for(ASSIGNMENT, row["student_key"])
        assert row["variant"] == base_rates.VARIATION.key(params)
        assert f'for_variant("{row["variant"]}")' in notebook.cells[2].source
        assert row["answer:blue_figures"] == str(answers_04(params)["blue_figures"])
    first = (out / "Li Hua" / f"{ASSIGNMENT}.ipynb").read_bytes()
    assert cli.main(["assign", "--roster", str(roster), "--assignment", ASSIGNMENT,
                     "--out", str(out), "--course", str(ROOT)]) == 0
    assert (out / "Li Hua" / f"{ASSIGNMENT}.ipynb").read_bytes() == first


def test_assign_without_variants_hands_out_todays_notebook(tmp_path):
    roster = tmp_path / "roster.csv"
    roster.write_text("student\nLi Hua\n", encoding="utf-8")
    course = tmp_path / "course"
    (course / "solutions").mkdir(parents=True)
    (course / "exercises").mkdir()
    shutil.copy(ROOT / "solutions" / "07-breaches-and-evidence.ipynb",
                course / "solutions" / f"{UNVARIED}.ipynb")
    notebooks.generate(course)
    assert variants.checks_module(UNVARIED) is None
    released = assign.release(course, UNVARIED, roster, tmp_path / "out")
    assert released[0].variant == "" and released[0].params == {}
    assert released[0].path.read_bytes() == (course / "exercises" / f"{UNVARIED}.ipynb").read_bytes()


def test_assign_refuses_bad_arguments(tmp_path, capsys):
    roster = tmp_path / "roster.csv"
    roster.write_text("student\n../x\n", encoding="utf-8")
    assert cli.main(["assign", "--roster", str(roster), "--assignment", ASSIGNMENT,
                     "--out", str(tmp_path / "out"), "--course", str(ROOT)]) == 2
    assert "cannot name a folder" in capsys.readouterr().err
    assert not (tmp_path / "out").exists()
    assert cli.main(["assign", "--roster", str(tmp_path / "none.csv"), "--assignment", ASSIGNMENT,
                     "--course", str(ROOT)]) == 2
    assert cli.main(["assign", "--roster", str(roster), "--assignment", "99-none",
                     "--course", str(ROOT)]) == 2


HOSTILE = [None, -1, 0, 0.5, 1e300, float("nan"), 10**400, "x", "", [], [1, 2], {}, {"x": 1},
           complex(1, 1), True, 2**63, b"x"]


@pytest.mark.parametrize("function", [
    variants.seed_for, variants.params_for, variants.checks_module, variants.student_key,
    variants.distinct_count, base_rates.lesson_for, base_rates.texts_for, base_rates.for_variant,
    base_rates.VARIATION.draw, base_rates.VARIATION.key, base_rates.VARIATION.parse,
    notebooks.apply_variant, notebooks.bind_variant, assign.write_table,
], ids=lambda f: f.__qualname__)
def test_variants_and_assign_answer_hostile_arguments_with_a_message(function, tmp_path, monkeypatch):
    import inspect

    monkeypatch.chdir(tmp_path)   # a path given as text ("x") lands here

    required = [p for p in inspect.signature(function).parameters.values() if p.default is p.empty]
    for args in itertools.islice(itertools.product(HOSTILE, repeat=len(required)), 200):
        try:
            function(*args)
        except (ValueError, TypeError):
            pass


def test_grade_with_a_roster_judges_each_variant_and_writes_every_report(tmp_path):
    """``facenumbers grade --roster``: the copier fails against their own variant (worked out
    from the roster, not the notebook), and the item analysis and both gradebooks are written."""
    import csv

    from facenumbers import cli, grading

    roster = {"Li Hua": "A1", "Bo Chen": "B2"}
    (tmp_path / "roster.csv").write_text(
        "student,id,email\n" + "".join(f"{s},{k},{k.lower()}@example.edu\n" for s, k in roster.items()),
        encoding="utf-8")
    original = variants.params_for(ASSIGNMENT, "A1")
    answered = notebooks.bind_variant(
        notebooks.apply_variant(_solution(ASSIGNMENT), base_rates.texts_for(original)),
        base_rates.VARIATION.key(original))
    submissions = tmp_path / "submissions"
    submissions.mkdir()
    for student in roster:
        nbformat.write(answered, submissions / f"{student}.ipynb")
    out = tmp_path / "grades"
    code = cli.main(["grade", str(submissions), "--assignment", ASSIGNMENT, "--out", str(out),
                     "--course", str(ROOT), "--jobs", "2", "--roster", str(tmp_path / "roster.csv")])
    assert code == 0
    rows = {row["student"]: row for row in csv.DictReader((out / "grades.csv").open(encoding="utf-8"))}
    points = grading.load_assignment(ROOT, ASSIGNMENT).auto_points
    assert float(rows["Li Hua"]["total"]) == points
    assert float(rows["Bo Chen"]["total"]) < points
    for name in ("item_analysis.csv", "item_analysis.html", "canvas.csv", "moodle.csv"):
        assert (out / name).is_file(), name
    canvas = list(csv.reader((out / "canvas.csv").open(encoding="utf-8")))
    assert canvas[0][:5] == ["Student", "ID", "SIS User ID", "SIS Login ID", "Section"]
