"""The concept inventory: its bank, its checks in both sittings, its notebook, and the gain.

Each wrong option names a mistake that an exercise's check recognises; each numeric answer is
what the package's models compute; before the course a check reveals nothing; after it, a
wrong option gets the feedback of its own misconception; grading two sittings of a class gives
the gains worked out by hand here.
"""

from __future__ import annotations

import copy
import csv
import io
import math
import tomllib
from pathlib import Path

import nbformat
import pytest

from facenumbers import checks, cli, grading, notebooks, objectives
from facenumbers.checks import NumberJudge, FunctionJudge, inventory as inventory_checks
from facenumbers.grading import inventory_gain
from facenumbers.teaching import inventory
from lesson_checks import LESSONS

ROOT = Path(__file__).resolve().parents[1]
BANK = inventory.load_bank()
RAW = tomllib.loads(inventory.BANK.read_text(encoding="utf-8"))
LESSON = inventory_checks.LESSON
NAME = inventory.NAME


def _parse(raw: dict) -> inventory.Bank:
    return inventory.parse_bank(raw)


# -- the bank ---------------------------------------------------------------------------------
def test_the_bank_has_12_to_15_questions_covering_every_core_idea():
    assert 12 <= len(BANK.questions) <= 15
    assert set(inventory.CORE_CONCEPTS) <= {q.concept for q in BANK.questions}
    assert {"presentation attacks and liveness", "evidence and displacement"} <= {
        q.concept for q in BANK.questions}
    # no letter is the answer much more often than the others
    answers = [q.answer for q in BANK.questions]
    assert max(answers.count(letter) for letter in inventory.LETTERS) <= 5


def _known_mistakes(exercise: str) -> set[str]:
    """Every mistake name the check of ``lesson/answer name`` can give."""
    slug, name = exercise.split("/")
    lesson = LESSONS[slug[:2]]
    assert lesson.slug == slug, exercise
    judge = lesson.exercises[name].judge
    if isinstance(judge, (NumberJudge, FunctionJudge)):
        return set(judge.known_mistakes())
    found = set()
    for letter in "abcdefgh":     # a choice: each wrong letter is named chose-<letter>
        feedback = lesson.check(name, letter)
        if feedback.mistake:
            found.add(feedback.mistake)
    return found


@pytest.mark.parametrize("question", BANK.questions, ids=lambda q: q.id)
def test_each_wrong_option_names_a_mistake_its_exercise_check_recognises(question):
    for wrong in question.wrong.values():
        assert wrong.mistake_name in _known_mistakes(wrong.exercise), wrong.mistake


def test_a_mistake_no_check_knows_is_caught():
    assert "divided-by-the-moon" not in _known_mistakes("04-base-rates/ppv")
    assert "chose-b" not in _known_mistakes("02-biometric-id/needs_one_to_many")  # b is right


@pytest.mark.parametrize("question", [q for q in BANK.questions if q.verify], ids=lambda q: q.id)
def test_each_numeric_answer_is_what_the_models_compute(question):
    computed = inventory.computed_value({k: question.verify[k] for k in ("model", "arguments")})
    assert math.isclose(computed, question.verify["value"], abs_tol=question.verify["tolerance"])


def test_the_numeric_answers_are_the_options_stated():
    assert BANK.question("q01").options[BANK.question("q01").answer] == "About 8%"
    assert BANK.question("q02").options[BANK.question("q02").answer] == "About 11"
    assert BANK.question("q06").options[BANK.question("q06").answer] == "About 63%"
    assert BANK.question("q07").options[BANK.question("q07").answer] == "About 5 in 1,000"
    assert BANK.question("q10").options[BANK.question("q10").answer] == "About 71%"
    q11 = BANK.question("q11")                       # k = the smallest group of 4, 40, 120
    assert q11.options[q11.answer] == str(min(4, 40, 120))
    q12 = BANK.question("q12")                       # 900,000 x 1% and 100,000 x 3%
    assert f"{900_000 // 100:,} against {3 * 100_000 // 100:,}" in q12.options[q12.answer]


def test_a_wrong_number_in_verify_is_caught():
    question = BANK.question("q01")
    wrong = dict(question.verify, value=0.9)
    computed = inventory.computed_value({k: wrong[k] for k in ("model", "arguments")})
    assert not math.isclose(computed, wrong["value"], abs_tol=wrong["tolerance"])


def test_the_objectives_named_are_the_lessons_objectives():
    for question in BANK.questions:
        for objective in question.objectives:
            lesson = next(lesson for lesson in question.lessons if lesson[:2] == objective[:2])
            listed = objectives.lesson_objectives(ROOT / "lessons" / f"{lesson}.ipynb")
            assert int(objective.split(".")[1]) in listed, (question.id, objective)


def _doctored(edit) -> dict:
    raw = copy.deepcopy(RAW)
    edit(raw)
    return raw


@pytest.mark.parametrize("edit, message", [
    (lambda r: r["question"].extend(copy.deepcopy(r["question"][:2])), "12 to 15 questions"),
    (lambda r: r["question"][0]["options"].pop("D"), "options must be exactly A, B, C, D"),
    (lambda r: r["question"][0].update(answer="E"), "answer must be one of A, B, C, D"),
    (lambda r: r["question"][0]["wrong"].pop("A"), "wrong must describe exactly the wrong options"),
    (lambda r: r["question"][0]["wrong"]["A"].update(mistake="ppv:hit rate"), "mistake must be"),
    (lambda r: r["question"][0]["wrong"]["A"].update(feedback=" "), "feedback must be text"),
    (lambda r: r["question"][0].update(objectives=["05.1"]), "belong to no lesson"),
    (lambda r: r["question"][0].update(colour="blue"), "unknown field"),
    (lambda r: r["question"][1].update(id="q09"), "ids must be"),
    (lambda r: [q.update(concept="other") for q in r["question"] if q["concept"] == "FMR and FNMR"],
     "no question asks about FMR and FNMR"),
    (lambda r: r["question"][0]["verify"].update(tolerance=0), "tolerance must be above 0"),
])
def test_a_doctored_bank_is_refused_with_a_message_saying_where(edit, message):
    with pytest.raises(inventory.InventoryError, match=message):
        _parse(_doctored(edit))


def test_a_bank_file_that_is_not_toml_is_refused(tmp_path):
    (tmp_path / "bank.toml").write_text("[[question]\nid = ", encoding="utf-8")
    with pytest.raises(inventory.InventoryError, match="not valid TOML"):
        inventory.load_bank(tmp_path / "bank.toml")


# -- the checks -------------------------------------------------------------------------------
def _after(name: str, value: object) -> checks.Feedback:
    return LESSON.check_in_sitting(name, "after", {name: value})


def _before(name: str, value: object) -> checks.Feedback:
    return LESSON.check_in_sitting(name, "before", {name: value})


@pytest.mark.parametrize("question", BANK.questions, ids=lambda q: q.id)
def test_after_the_course_each_wrong_option_gets_its_own_feedback_and_never_another(question):
    assert _after(question.id, question.answer).passed
    assert _after(question.id, ...).status == "not answered"
    feedbacks = {w.feedback for w in question.wrong.values()}
    for letter, wrong in question.wrong.items():
        feedback = _after(question.id, letter)
        assert feedback.status == "not yet" and feedback.mistake == f"chose-{letter.lower()}"
        assert feedback.hint == wrong.feedback
        assert all(other not in str(feedback) for other in feedbacks - {wrong.feedback})


@pytest.mark.parametrize("question", BANK.questions, ids=lambda q: q.id)
def test_before_the_course_no_check_reveals_whether_an_answer_is_right(question, monkeypatch):
    monkeypatch.delenv(checks.STRICT_VARIABLE, raising=False)
    monkeypatch.delenv(checks.NBGRADER_VARIABLE, raising=False)
    shown = set()
    for letter in inventory.LETTERS:
        feedback = _before(question.id, letter.lower())
        assert feedback.status == "for instructor" and not feedback.hint and not feedback.mistake
        assert feedback.message == f"Recorded: {letter}. The answers come after the course."
        shown.add(str(feedback).replace(letter, "?"))
    assert len(shown) == 1      # the right letter reads exactly as the wrong ones
    # the grader, which calls check() itself, still sees the truth
    assert LESSON.check(question.id, question.answer).passed


@pytest.mark.parametrize("value", ["b", " B ", "(B)", "B)", "[b]"])
def test_a_letter_written_loosely_is_read(value):
    assert inventory_checks.as_letter(value) == "B"
    assert _after("q04", value).passed


@pytest.mark.parametrize("value", ["E", 2, "", "BC", ["B"], 2.0, "AB"])
def test_anything_but_a_letter_gets_a_message_naming_the_letters_and_never_a_crash(value):
    for feedback in (_after("q04", value), _before("q04", value)):
        assert feedback.status == "not yet" and feedback.mistake == "not-an-option"
        assert "A, B, C or D" in feedback.message


def test_the_sitting_must_be_set_and_be_before_or_after():
    assert LESSON.check_in_sitting("q01", ..., {"q01": "A"}).status == "not answered"
    said = LESSON.check_in_sitting("q01", "during", {"q01": "A"})
    assert said.status == "not yet" and '"before" or "after"' in said.message
    assert LESSON.check_in_sitting("q01", " After ", {"q01": "C"}).passed


def test_progress_before_the_course_only_counts_the_answers(monkeypatch):
    monkeypatch.delenv(checks.NBGRADER_VARIABLE, raising=False)
    monkeypatch.setenv(checks.STRICT_VARIABLE, "0")
    lesson = inventory_checks._lesson()
    namespace = {"sitting": "before", "q01": "A", "q02": "B",
                 "check": lesson.checker(), "progress": lesson.progress}
    exec('check("q01"); check("q02"); shown = progress()', namespace)
    assert str(namespace["shown"]) == ("2 of 14 answers recorded. The answers come after the "
                                       "course.")
    namespace["sitting"] = "after"
    exec('check("q01"); check("q02"); shown = progress()', namespace)
    assert "exercises pass" in str(namespace["shown"])


def test_under_nbgrader_the_check_judges_in_both_sittings(monkeypatch):
    monkeypatch.delenv(checks.STRICT_VARIABLE, raising=False)
    monkeypatch.setenv(checks.NBGRADER_VARIABLE, "autograde")
    with pytest.raises(AssertionError, match="Not yet"):
        LESSON.check_in_sitting("q01", "before", {"q01": "A"})
    assert LESSON.check_in_sitting("q01", "before", {"q01": "C"}).passed


def test_the_checks_read_the_same_answers_and_feedback_as_the_bank():
    assert list(LESSON.exercises) == list(BANK.ids)
    for question in BANK.questions:
        assert LESSON.check(question.id, question.answer).passed


# -- the notebook -----------------------------------------------------------------------------
def test_the_solution_notebook_is_made_from_the_bank():
    assert not inventory.update_master(ROOT, check_only=True), "run `make exercises`"
    solution = nbformat.read(ROOT / "solutions" / f"{NAME}.ipynb", as_version=4)
    checked = [notebooks.checked_name(c) for c in solution.cells if notebooks.checked_name(c)]
    assert checked == list(BANK.ids)
    assert grading.load_assignment(ROOT, NAME).auto_points == len(BANK.ids)


def test_a_changed_bank_makes_the_notebook_out_of_date(tmp_path, monkeypatch):
    (tmp_path / "solutions").mkdir()
    source = ROOT / "solutions" / f"{NAME}.ipynb"
    (tmp_path / "solutions" / source.name).write_bytes(source.read_bytes())
    assert not inventory.update_master(tmp_path, check_only=True)
    bank = inventory.BANK.read_text(encoding="utf-8").replace("About 8%", "About 8 in 100")
    (tmp_path / "bank.toml").write_text(bank, encoding="utf-8")
    monkeypatch.setattr(inventory, "BANK", tmp_path / "bank.toml")
    assert inventory.update_master(tmp_path, check_only=True)


def test_the_exercise_asks_for_the_sitting_and_every_answer():
    exercise = nbformat.read(ROOT / "exercises" / f"{NAME}.ipynb", as_version=4)
    text = "\n".join(c.source for c in exercise.cells)
    assert "sitting = ..." in text and all(f"{qid} = ..." in text for qid in BANK.ids)
    assert notebooks.BEGIN not in text


def test_the_docs_page_question_map_is_up_to_date():
    assert not inventory.update_concept_inventory(ROOT, check_only=True), "run `make exercises`"
    page = (ROOT / inventory.DOCS).read_text(encoding="utf-8")
    assert inventory.question_map_markdown(BANK) in page


def test_a_stale_question_map_is_caught(tmp_path):
    (tmp_path / "docs").mkdir()
    page = (ROOT / inventory.DOCS).read_text(encoding="utf-8").replace("| q01 |", "| q99 |")
    (tmp_path / inventory.DOCS).write_text(page, encoding="utf-8")
    assert inventory.update_concept_inventory(tmp_path, check_only=True)


# -- grading two sittings and the gain --------------------------------------------------------
#: Six students' answers: how many they get right before and after (None: did not sit).
CLASS = {"ann": (2, 10), "bo": (5, 12), "cai": (7, 7), "dee": (0, 14), "eli": (3, None),
         "fay": (None, 9), "gus": ("blank", 4)}


def _answers(right: int) -> dict[str, str]:
    """Answers with the first ``right`` questions right and the rest on the first wrong option."""
    return {q.id: q.answer if i < right else next(iter(q.wrong))
            for i, q in enumerate(BANK.questions)}


def _hand_in(folder: Path, student: str, answers: dict[str, str] | None, sitting: str) -> None:
    exercise = nbformat.read(ROOT / "exercises" / f"{NAME}.ipynb", as_version=4)
    for cell in exercise.cells:
        meta = cell.metadata.get("facenumbers", {})
        if meta.get("role") == "answer":
            name = meta["exercise"].rpartition("/")[2]
            if name == "sitting":
                cell.source = f'sitting = "{sitting}"'
            elif answers is not None:
                cell.source = f'{name} = "{answers[name].lower() if name == "q03" else answers[name]}"'
    (folder / student).mkdir(parents=True)
    nbformat.write(exercise, folder / student / f"{NAME}.ipynb")


@pytest.fixture(scope="module")
def graded(tmp_path_factory):
    base = tmp_path_factory.mktemp("inventory")
    assignment = grading.load_assignment(ROOT, NAME)
    folders = {}
    for index, sitting in enumerate(("before", "after")):
        submissions = base / f"submissions-{sitting}"
        submissions.mkdir()
        for student, scores in CLASS.items():
            score = scores[index]
            if score is None:
                continue
            _hand_in(submissions, student, None if score == "blank" else _answers(score), sitting)
        found = grading.find_submissions(submissions, NAME)
        results = grading.grade_batch(found, assignment, grading.Limits(), jobs=2)
        assert all(r.status == "graded" for r in results), [r.reason for r in results]
        folders[sitting] = base / f"grades-{sitting}"
        grading.write_reports(results, assignment, folders[sitting])
    return folders, base


def test_grading_the_sittings_gives_each_student_s_score(graded):
    folders, _ = graded
    for index, sitting in enumerate(("before", "after")):
        rows = {r["student"]: r for r in csv.DictReader(
            (folders[sitting] / "grades.csv").open(encoding="utf-8"))}
        expected = {s: (0 if v[index] == "blank" else v[index]) for s, v in CLASS.items()
                    if v[index] is not None}
        assert {s: int(float(r["total"])) for s, r in rows.items()} == expected


def test_the_gain_report_gives_the_gains_worked_out_by_hand(graded):
    folders, base = graded
    out = base / "gain"
    status = cli.main(["inventory-gain", "--before", str(folders["before"]), "--after",
                       str(folders["after"]), "--out", str(out)])
    assert status == 0
    rows = {r["student"]: r for r in csv.DictReader((out / "inventory_students.csv").open())}
    # g = (after - before) / (14 - before), by hand:
    by_hand = {"ann": 8 / 12, "bo": 7 / 9, "cai": 0 / 7, "dee": 14 / 14, "gus": 4 / 14}
    for student, gain in by_hand.items():
        assert rows[student]["sat"] == "both"
        assert float(rows[student]["normalised_gain"]) == pytest.approx(gain, abs=1e-4)
    assert rows["eli"]["sat"] == "before only" and rows["fay"]["sat"] == "after only"
    assert rows["eli"]["normalised_gain"] == "" and rows["fay"]["normalised_gain"] == ""
    # the class: means over the five who sat both, before (2+5+7+0+0)/5 = 2.8 and after
    # (10+12+7+14+4)/5 = 9.4; from the means (9.4 - 2.8) / (14 - 2.8); the mean of the gains
    report = (out / "inventory_gain.md").read_text(encoding="utf-8")
    from_means = (9.4 - 2.8) / (14 - 2.8)
    mean_of_gains = sum(by_hand.values()) / 5
    assert f"from the class means** (Hake's <g>" in report and f"{from_means:.2f}" in report
    assert f"**Mean of the students' own gains**" in report and f"{mean_of_gains:.2f}" in report
    assert "Small numbers" in report and "eli: before only" in report and "fay: after only" in report
    questions = {r["question"]: r for r in csv.DictReader((out / "inventory_questions.csv").open())}
    # q14 after: only dee answered it right; ann, bo, cai and gus chose the first wrong option
    q14 = BANK.question("q14")
    assert float(questions["q14"]["right_after"]) == pytest.approx(1 / 5)
    assert questions["q14"]["top_wrong_after"] == next(iter(q14.wrong))
    assert questions["q14"]["misconception"] == next(iter(q14.wrong.values())).misconception
    # q03 was written in lower case by every student, and read as its letter
    assert float(questions["q03"]["right_before"]) == pytest.approx(2 / 5)   # bo and cai


def test_gain_is_undefined_for_a_full_first_score_and_small_classes_are_flagged():
    full = {q.id: q.answer for q in BANK.questions}
    report = inventory.gain_report(BANK, {"a": full, "b": {}}, {"a": full, "b": full})
    gains = {s.student: s.gain for s in report.students}
    assert gains == {"a": None, "b": 1.0}
    assert report.mean_of_gains == 1.0 and report.gain_of_means == pytest.approx(7 / 7)
    assert "Small numbers" in report.markdown()
    many = {f"s{i}": {} for i in range(10)}
    assert "Small numbers" not in inventory.gain_report(BANK, many, many).markdown()


def test_the_gain_refuses_grades_of_another_assignment(tmp_path):
    (tmp_path / "results.json").write_text(
        '[{"student": "a", "status": "graded", "feedback": {"ppv": {"status": "correct"}}}]')
    with pytest.raises(ValueError, match="not the concept inventory's"):
        inventory_gain.read_sitting(tmp_path)
    with pytest.raises(ValueError, match="no results.json"):
        inventory_gain.read_sitting(tmp_path / "nowhere")
    assert cli.main(["inventory-gain", "--before", str(tmp_path), "--after", str(tmp_path / "x"),
                     "--out", str(tmp_path / "out")]) == 2


def test_the_report_s_csv_files_have_their_columns():
    report = inventory.gain_report(BANK, {"a": {}}, {"a": {"q01": "A"}})
    students = list(csv.reader(io.StringIO(report.students_csv())))
    assert students[0] == ["student", "before", "after", "out_of", "normalised_gain", "sat"]
    questions = list(csv.reader(io.StringIO(report.questions_csv())))
    assert questions[0][:5] == ["question", "concept", "students", "right_before", "right_after"]
    assert questions[1][5:7] == ["A", "1"]


def test_hostile_arguments_get_a_message_never_a_crash(tmp_path):
    from test_fuzz_public import _escapes

    import inspect

    for module in (inventory, inventory_checks, inventory_gain):
        for name in module.__all__:
            function = getattr(module, name)
            if inspect.isfunction(function) and function.__module__ == module.__name__:
                assert not _escapes(function), f"{module.__name__}.{name}"
    with pytest.raises(ValueError, match="holding solutions/"):
        inventory.update_master(tmp_path)
