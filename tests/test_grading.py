"""``facenumbers grade`` and ``facenumbers submit``: a batch of real and broken submissions.

One batch of Lesson 04 submissions covers the cases an instructor meets: right, blank and wrong
answers; invalid JSON; an empty file; a notebook for another assignment; a loop that never ends;
an exception at import; a cell that deletes files; a flood of output; a student who redefines
the check function; moved, duplicated and deleted cells; a call to the network; a memory hog.
"""

from __future__ import annotations

import copy
import csv
import hashlib
import json
import shutil
from pathlib import Path

import nbformat
import pytest

from facenumbers import cli, grading

ROOT = Path(__file__).resolve().parents[1]
ASSIGNMENT = "04-base-rates"
SOLUTION = ROOT / "solutions" / f"{ASSIGNMENT}.ipynb"
EXERCISE = ROOT / "exercises" / f"{ASSIGNMENT}.ipynb"
FULL = 7  # checked exercises in Lesson 04, one point each


def _read(path: Path) -> nbformat.NotebookNode:
    return nbformat.read(path, as_version=4)


def _answer_cell(notebook: nbformat.NotebookNode, name: str) -> int:
    return next(i for i, c in enumerate(notebook.cells)
                if c.metadata.get("facenumbers", {}).get("exercise") == f"{ASSIGNMENT}/{name}"
                and c.metadata["facenumbers"]["role"] == "answer")


def _with_answer(notebook: nbformat.NotebookNode, name: str, source: str) -> nbformat.NotebookNode:
    notebook = copy.deepcopy(notebook)
    notebook.cells[_answer_cell(notebook, name)].source = source
    return notebook


def _insert(notebook: nbformat.NotebookNode, index: int, source: str) -> nbformat.NotebookNode:
    notebook = copy.deepcopy(notebook)
    notebook.cells.insert(index, nbformat.v4.new_code_cell(source))
    return notebook


def _moved_duplicated_deleted() -> nbformat.NotebookNode:
    notebook = copy.deepcopy(_read(SOLUTION))
    moved = notebook.cells.pop(_answer_cell(notebook, "ppv_cardiff"))
    notebook.cells.append(moved)  # moved to the end
    twin = copy.deepcopy(notebook.cells[_answer_cell(notebook, "false_share_met")])
    twin.id = "a-duplicated-cell"
    notebook.cells.insert(5, twin)
    del notebook.cells[_answer_cell(notebook, "max_false_alert_rate")]  # deleted
    return notebook


def _submissions() -> dict[str, object]:
    solution, exercise = _read(SOLUTION), _read(EXERCISE)
    first_code = next(i for i, c in enumerate(solution.cells) if c.cell_type == "code")
    return {
        "right": solution,
        "blank": exercise,
        "wrong": _with_answer(_with_answer(exercise, "ppv_cardiff", "ppv_cardiff = 2297 / 2470"),
                              "false_share_met", "false_share_met = 10 / 2077"),
        "invalid_json": b'{"cells": [',
        "empty": b"",
        "other_assignment": _read(ROOT / "exercises" / "06-policy-tradeoffs.ipynb"),
        "endless_loop": _insert(solution, first_code + 2, "while True:\n    pass"),
        "crash_at_import": _insert(solution, first_code, "import a_module_that_does_not_exist"),
        "deletes_files": _insert(solution, first_code + 1,
                                 "import os, shutil\n"
                                 "for f in os.listdir('.'):\n    shutil.rmtree(f, ignore_errors=True)\n"
                                 "    if os.path.exists(f): os.remove(f)\n"
                                 "shutil.rmtree(os.path.expanduser('~'), ignore_errors=True)"),
        "huge_output": _insert(solution, first_code + 1, "for i in range(60_000):\n    print('x' * 200)"),
        "redefines_check": _insert(
            _with_answer(solution, "ppv_cardiff", "ppv_cardiff = 0.5"), len(solution.cells),
            "def check(*args, **kwargs):\n    return 'Correct'\n"
            "import facenumbers.checks.base_rates as m\n"
            "m.LESSON.check = lambda *a, **k: None\n"
            "from facenumbers.checks import Feedback\nFeedback.passed = property(lambda self: True)"),
        "moved_cells": _moved_duplicated_deleted(),
        "network": _with_answer(
            solution, "ppv_cardiff",
            "import socket\ntry:\n    socket.create_connection(('198.51.100.7', 80), timeout=3)\n"
            "    ppv_cardiff = 0.5  # the network worked: a wrong answer\n"
            "except OSError as problem:\n"
            "    ppv_cardiff = 173 / 2470 if 'without network access' in str(problem) else 0.5"),
        "memory_hog": _insert(solution, first_code + 1, "hog = bytearray(64 * 1024 ** 3)"),
    }


@pytest.fixture(scope="module")
def batch(tmp_path_factory):
    """Grade every submission once, in one batch, through the command line."""
    base = tmp_path_factory.mktemp("grading")
    folder = base / "submissions"
    folder.mkdir()
    for name, notebook in _submissions().items():
        path = folder / f"{name}.ipynb"
        if isinstance(notebook, bytes):
            path.write_bytes(notebook)
        else:
            nbformat.write(notebook, path)
    (folder / "in_a_folder").mkdir()
    nbformat.write(_read(SOLUTION), folder / "in_a_folder" / f"{ASSIGNMENT}.ipynb")
    (folder / "empty_folder").mkdir()
    before = {p: hashlib.sha256(p.read_bytes()).hexdigest() for p in folder.rglob("*") if p.is_file()}
    status = cli.main(["grade", str(folder), "--assignment", ASSIGNMENT, "--out", str(base / "out"),
                       "--course", str(ROOT), "--cell-timeout", "8", "--timeout", "120",
                       "--memory-mb", "3000", "--jobs", "4"])
    after = {p: hashlib.sha256(p.read_bytes()).hexdigest() for p in folder.rglob("*") if p.is_file()}
    rows = {row["student"]: row for row in csv.DictReader((base / "out" / "grades.csv").open())}
    return {"status": status, "rows": rows, "out": base / "out", "before": before, "after": after}


def _total(batch, student: str) -> float:
    return float(batch["rows"][student]["total"])


def _feedback(batch, student: str) -> str:
    return (batch["out"] / "feedback" / f"{student}.md").read_text()


def test_the_batch_completes_and_the_submissions_are_untouched(batch):
    assert batch["status"] == 0
    assert batch["before"] == batch["after"]
    assert set(batch["rows"]) == {*_submissions(), "in_a_folder", "empty_folder"}
    assert all(row["out_of"] == str(FULL) for row in batch["rows"].values())


def test_right_blank_and_wrong_answers(batch):
    assert _total(batch, "right") == FULL and batch["rows"]["right"]["status"] == "graded"
    assert _total(batch, "in_a_folder") == FULL
    assert _total(batch, "blank") == 0 and "not answered yet" in _feedback(batch, "blank")
    wrong = batch["rows"]["wrong"]
    assert wrong["ppv_cardiff"] == "0" and wrong["false_share_met"] == "1"
    assert "Hint:" in _feedback(batch, "wrong")


@pytest.mark.parametrize("student, reason", [
    ("invalid_json", "not a valid notebook"),
    ("empty", "the file is empty"),
    ("other_assignment", "another assignment (06-policy-tradeoffs)"),
    ("empty_folder", "no notebook found"),
])
def test_broken_submissions_are_graded_as_broken_with_a_reason(batch, student, reason):
    row = batch["rows"][student]
    assert row["status"] == "broken" and reason in row["reason"] and row["total"] == "0"
    assert reason in _feedback(batch, student)


@pytest.mark.parametrize("student, reason", [
    ("endless_loop", "ran past the limit of 8 s"),
    ("crash_at_import", "stopped with ModuleNotFoundError"),
    ("memory_hog", "stopped with MemoryError"),
])
def test_a_cell_that_fails_costs_only_what_depends_on_it(batch, student, reason):
    row = batch["rows"][student]
    assert row["status"] == "graded" and reason in row["reason"]
    assert _total(batch, student) == FULL  # every answer cell still ran


def test_deleting_files_and_flooding_output_change_nothing(batch):
    assert _total(batch, "deletes_files") == FULL
    assert _total(batch, "huge_output") == FULL
    assert (batch["out"] / "feedback" / "huge_output.md").stat().st_size < 5_000


def test_a_student_cannot_redefine_the_check(batch):
    assert batch["rows"]["redefines_check"]["ppv_cardiff"] == "0"
    assert _total(batch, "redefines_check") == FULL - 1


def test_exercises_are_found_by_name_whatever_the_cells_order(batch):
    row = batch["rows"]["moved_cells"]
    assert row["ppv_cardiff"] == "1" and row["false_share_met"] == "1"
    assert row["max_false_alert_rate"] == "0"


def test_no_network_in_the_grader(batch):
    assert batch["rows"]["network"]["ppv_cardiff"] == "1"


def test_summary_lists_the_hardest_exercises(batch, capsys):
    results = json.loads((batch["out"] / "results.json").read_text())
    assert len(results) == len(batch["rows"])
    assignment = grading.load_assignment(ROOT, ASSIGNMENT)
    summary = grading.summary_text([grading.GradeResult(**r) for r in results], assignment)
    assert summary.startswith(f"Submitted: {len(results)}")
    assert "hardest first" in summary and "broken: 5" not in summary


# -- limits and hidden tests, one submission at a time -------------------------------------------
def test_the_whole_notebook_has_a_time_limit(tmp_path):
    slow = _insert(_insert(_read(SOLUTION), 4, "import time\ntime.sleep(3)"), 5, "time.sleep(3)")
    path = tmp_path / "slow.ipynb"
    nbformat.write(slow, path)
    assignment = grading.load_assignment(ROOT, ASSIGNMENT)
    result = grading.grade_one("slow", path, assignment, grading.Limits(4, 10, 3000), tmp_path)
    assert "ran past its limit of 4 s" in result.reason
    assert result.status == "graded"  # what ran is still graded


def test_a_run_that_breaks_without_a_report_runs_again(tmp_path, monkeypatch):
    # A kernel that fails to start on a busy machine must not cost the student marks.
    real, runs = grading._run_worker, []

    def flaky(job, *args):
        runs.append(job)
        nonce = json.loads(job)["nonce"]
        died = nonce + json.dumps({"grades": {}, "started": False, "problem": "grading stopped: "
                                   "RuntimeError: Kernel died before replying to kernel_info"})
        return {1: ("", "Segmentation fault", True), 2: (died + "\n", "", True)}.get(
            len(runs)) or real(job, *args)

    monkeypatch.setattr(grading, "_run_worker", flaky)
    assignment = grading.load_assignment(ROOT, ASSIGNMENT)
    monkeypatch.setattr(grading, "RETRIES", 2)
    result = grading.grade_one("unlucky", SOLUTION, assignment, grading.Limits(), tmp_path)
    assert len(runs) == 3 and result.status == "graded" and result.total == FULL


def test_a_run_out_of_time_or_broken_twice_is_reported_not_retried_forever(tmp_path, monkeypatch):
    assignment = grading.load_assignment(ROOT, ASSIGNMENT)
    runs = []
    monkeypatch.setattr(grading, "_run_worker",
                        lambda *a: runs.append(a) or ("", "MemoryError", True))
    broken = grading.grade_one("heavy", SOLUTION, assignment, grading.Limits(), tmp_path)
    assert len(runs) == 1 + grading.RETRIES and broken.status == "failed to run"
    assert "MemoryError" in broken.reason
    runs.clear()
    monkeypatch.setattr(grading, "_run_worker", lambda *a: runs.append(a) or ("", "", False))
    slow = grading.grade_one("slow", SOLUTION, assignment, grading.Limits(), tmp_path)
    assert len(runs) == 1 and "did not finish within" in slow.reason


@pytest.fixture
def course_with_hidden_tests(tmp_path):
    course = tmp_path / "course"
    (course / "solutions").mkdir(parents=True)
    solution = _read(SOLUTION)
    index = next(i for i, c in enumerate(solution.cells)
                 if c.metadata.get("facenumbers", {}).get("role") == "check"
                 and c.metadata["facenumbers"]["exercise"].endswith("/ppv_cardiff"))
    solution.cells[index].source += ("\n### BEGIN HIDDEN TESTS\nassert abs(ppv_cardiff - 173 / 2470) < 1e-9, "
                                     "'use the exact counts'\n### END HIDDEN TESTS")
    nbformat.write(solution, course / "solutions" / f"{ASSIGNMENT}.ipynb")
    return course


def test_hidden_tests_count_but_their_code_is_never_shown(course_with_hidden_tests, tmp_path):
    assignment = grading.load_assignment(course_with_hidden_tests, ASSIGNMENT)
    assert "ppv_cardiff - 173" in assignment.exercises[0].hidden_tests
    close = _with_answer(_read(SOLUTION), "ppv_cardiff", "ppv_cardiff = 173 / 2470 * 1.0005")  # within the visible check's 0.1%
    path = tmp_path / "close.ipynb"
    nbformat.write(close, path)
    result = grading.grade_one("close", path, assignment, grading.Limits(), tmp_path)
    assert result.points["ppv_cardiff"] == 0 and result.total == FULL - 1
    text = grading.feedback_text(result, assignment)
    assert "hidden" in text and "use the exact counts" in text and "173 / 2470" not in text


def test_memos_are_listed_for_the_instructor_never_graded(tmp_path):
    assignment = grading.load_assignment(ROOT, "07-breaches-and-evidence")
    memos = [e for e in assignment.exercises if e.by_hand]
    assert memos and memos[0].points > 0
    result = grading.grade_one("key", ROOT / "solutions" / "07-breaches-and-evidence.ipynb", assignment,
                               grading.Limits(), tmp_path)
    assert result.total == assignment.auto_points and memos[0].name not in result.points
    assert "for your instructor" in grading.feedback_text(result, assignment)
    out = grading.write_reports([result], assignment, tmp_path / "out")
    assert f"{memos[0].name} (by hand)" in out.read_text().splitlines()[0]


# -- the command line ---------------------------------------------------------------------------
@pytest.mark.parametrize("args, words", [
    (["grade", "/no/such/folder", "--assignment", ASSIGNMENT], "is not a folder"),
    (["grade", ".", "--assignment", "99-nothing"], "assignment must be one of 01-real-name-registration"),
    (["grade", ".", "--assignment", ASSIGNMENT, "--jobs", "0"], "--jobs must be at least 1"),
])
def test_clear_errors_for_a_wrong_path_or_assignment(args, words, capsys):
    assert cli.main([*args, "--course", str(ROOT)]) == 2
    assert words in capsys.readouterr().err


def test_grading_that_cannot_run_exits_non_zero(course_with_hidden_tests, tmp_path, capsys):
    solution = course_with_hidden_tests / "solutions" / f"{ASSIGNMENT}.ipynb"
    broken_key = _with_answer(_read(solution), "ppv_cardiff", "ppv_cardiff = 0.5")
    nbformat.write(broken_key, solution)
    (tmp_path / "subs").mkdir()
    nbformat.write(_read(SOLUTION), tmp_path / "subs" / "alice.ipynb")
    status = cli.main(["grade", str(tmp_path / "subs"), "--assignment", ASSIGNMENT,
                       "--course", str(course_with_hidden_tests), "--out", str(tmp_path / "out")])
    assert status == 1 and "grading itself could not run" in capsys.readouterr().err


def test_submit_saves_a_clean_copy_that_grades(tmp_path, capsys):
    worked = _read(SOLUTION)
    worked.cells[2].outputs = [nbformat.v4.new_output("stream", text="noise")]
    worked.cells[2].execution_count = 7
    mine = tmp_path / "mine.ipynb"
    nbformat.write(worked, mine)
    assert cli.main(["submit", str(mine), "--name", "Li Hua", "--out", str(tmp_path / "subs")]) == 0
    saved = tmp_path / "subs" / "Li_Hua" / f"{ASSIGNMENT}.ipynb"
    assert str(saved.resolve()) in capsys.readouterr().out
    copy_ = _read(saved)
    assert all(not c.get("outputs") and not c.get("execution_count") for c in copy_.cells if c.cell_type == "code")
    assert [c.source for c in copy_.cells] == [c.source for c in worked.cells]
    found = grading.find_submissions(tmp_path / "subs", ASSIGNMENT)
    assert found == [("Li_Hua", saved)]


def test_submit_refuses_what_is_not_an_exercise_notebook(tmp_path, capsys):
    other = tmp_path / "notes.ipynb"
    nbformat.write(nbformat.v4.new_notebook(), other)
    assert cli.main(["submit", str(other)]) == 2
    assert "not one of the course's exercise notebooks" in capsys.readouterr().err
    assert cli.main(["submit", str(tmp_path / "missing.ipynb")]) == 2


def test_find_submissions_reads_files_and_folders(tmp_path):
    (tmp_path / "ann.ipynb").write_text("{}")
    (tmp_path / "ben").mkdir()
    (tmp_path / "ben" / f"{ASSIGNMENT}.ipynb").write_text("{}")
    (tmp_path / "notes.txt").write_text("ignored")
    shutil.copy(tmp_path / "ann.ipynb", tmp_path / ".hidden.ipynb")
    assert [s for s, _ in grading.find_submissions(tmp_path, ASSIGNMENT)] == ["ann", "ben"]


def test_each_worker_gets_its_own_copy_of_the_charts_cache(tmp_path, monkeypatch):
    """Workers never build the charts' JavaScript again, and never write to the instructor's
    cache: each gets a copy in its scratch folder, named by FACENUMBERS_CACHE_DIR."""
    import subprocess

    from facenumbers.charts import bundle_cache

    monkeypatch.setenv("FACENUMBERS_CACHE_DIR", str(tmp_path / "instructor"))
    grading._prepare_chart_cache()
    cached = bundle_cache.cache_file()
    assert cached.is_file() and cached.parent == tmp_path / "instructor"
    work = tmp_path / "work"
    work.mkdir()
    grading._copy_chart_cache(work)
    copy = work / grading.WORKER_CHART_CACHE / cached.name
    assert copy.read_text() == cached.read_text()

    seen = {}

    class Recorder:
        def __init__(self, *args, env, **kwargs):
            seen.update(env)
            self.pid = 0

        def __enter__(self):
            return self

        def __exit__(self, *exc):
            return False

        def communicate(self, *args, **kwargs):
            return "", ""

    monkeypatch.setattr(subprocess, "Popen", Recorder)
    grading._run_worker("{}", work, 5)
    assert seen["FACENUMBERS_CACHE_DIR"] == str(work / grading.WORKER_CHART_CACHE)
    assert seen["HOME"] == str(work)


# -- the named mistake, variants, the package -----------------------------------------------------
def test_each_result_carries_the_named_mistake(batch):
    """Next to status, message and hint, the feedback names the recognised mistake (the check's
    ``Feedback.mistake``, empty when none matched), for the item analysis."""
    import importlib

    results = {r["student"]: r for r in json.loads((batch["out"] / "results.json").read_text())}
    assert all("mistake" in f for r in results.values() for f in r["feedback"].values())
    lesson = importlib.import_module(grading.load_assignment(ROOT, ASSIGNMENT).checks_module).LESSON
    expected = str(getattr(lesson.check("ppv_cardiff", 2297 / 2470), "mistake", "") or "")
    assert results["wrong"]["feedback"]["ppv_cardiff"]["mistake"] == expected
    assert results["right"]["feedback"]["ppv_cardiff"]["mistake"] == ""


def test_variants_must_be_parameters_by_student(tmp_path):
    assignment = grading.load_assignment(ROOT, ASSIGNMENT)
    for variants, words in (([("ann", {})], "variants must map each student"),
                            ({"ann": 5}, "the variant of 'ann' must be a dict")):
        with pytest.raises(TypeError, match=words):
            grading.grade_one("ann", SOLUTION, assignment, grading.Limits(), tmp_path, variants=variants)
    with pytest.raises(ValueError, match="engine must be one of"):
        grading.grade_one("ann", SOLUTION, assignment, grading.Limits(), tmp_path, engine="docker")


def test_the_split_package_keeps_its_public_api():
    import facenumbers.grading.__main__ as main  # importing it runs nothing

    assert callable(main.main)
    for name in grading.__all__:
        assert getattr(grading, name).__module__.startswith("facenumbers.grading")
    assert {"find_submissions", "grade_one", "load_assignment"} <= set(grading.__all__)
