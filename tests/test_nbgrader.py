"""The instructor's nbgrader path: the solution notebooks are nbgrader source notebooks.

An nbgrader course is built in a temporary folder (``nbgrader_config.py``, a gradebook,
``source/04-base-rates/04-base-rates.ipynb`` copied from ``solutions/``). ``nbgrader
generate_assignment`` must release it without solutions and with the locked check cells;
``nbgrader autograde`` must then give the solution itself full points and a student's wrong or
blank answers zero points, exercise by exercise (read back with nbgrader's ``Gradebook`` API and
``nbgrader export``). No setting is needed for that: nbgrader sets ``NBGRADER_EXECUTION`` while it
runs a notebook, and a check that does not pass then raises (see ``facenumbers.checks``).

A second, made-up assignment carries hidden tests (``### BEGIN HIDDEN TESTS``) in its check
cell: nbgrader must leave them out of the release, as ``make exercises`` leaves them out of
``exercises/``, and put them back when it grades.

The nbgrader tests need ``pip install -e '.[instructor]'`` (``make test`` installs it). Without
nbgrader they are skipped, except under CI (``CI`` set), where that is a failure. The generator's
hidden-test tests need no nbgrader. Everything runs in temporary folders and offline: nbgrader's
kernels talk to it over 127.0.0.1 only.
"""

from __future__ import annotations

import csv
import importlib.util
import json
import os
import shutil
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import nbformat
import pytest

from facenumbers import checks, notebooks

ROOT = Path(__file__).resolve().parents[1]
LESSON = "04-base-rates"
COURSE_ID = "facenumbers-test"
HIDDEN_ASSIGNMENT = "99-hidden-tests"
BIN = Path(sys.executable).parent
COMMAND_TIMEOUT_S = 300

#: The wrong student's answers, by answer cell id; every other answer is left as released.
WRONG_ANSWERS = {
    "ppv_cardiff-answer": "ppv_cardiff = 2297 / 2470   # the share of alerts that were false",
    "false_share_met-answer": 'false_share_met = met["false_alerts"] / met["alerts"]',  # right
    "ppv-answer": "def ppv(prevalence, hit_rate, false_alert_rate):\n    return hit_rate",
    "why_precision_differs-answer": 'why_precision_differs = "a"',
    "written-1": "The person who is stopped pays.",
}
RIGHT_ANSWERS_OF_WRONG_STUDENT = {"false_share_met-check"}


# -- availability ----------------------------------------------------------------------------
def nbgrader_unavailable_reason() -> str | None:
    """Why nbgrader cannot run here, or None when it can."""
    if importlib.util.find_spec("nbgrader") is None:
        return ("nbgrader is not installed; install the instructor extra: "
                "pip install -e '.[instructor]' (make test does)")
    if shutil.which("alembic", path=str(BIN)) is None:  # nbgrader runs it to set up a gradebook
        return f"nbgrader's alembic command is missing from {BIN}; reinstall the instructor extra"
    return None


def skip_or_fail(reason: str) -> None:
    """Skip with ``reason``; under CI (``CI`` set, as .ci/run does) fail instead, so that CI
    cannot pass without having tested the nbgrader path."""
    if os.environ.get("CI", "").strip().lower() not in ("", "0", "false", "no"):
        pytest.fail(f"{reason} (CI is set: the nbgrader tests must run, so this is a failure)",
                    pytrace=False)
    pytest.skip(reason)


def test_ci_makes_a_missing_nbgrader_a_failure(monkeypatch):
    monkeypatch.setenv("CI", "true")
    with pytest.raises(pytest.fail.Exception, match="CI is set"):
        skip_or_fail("nbgrader is not installed")
    monkeypatch.delenv("CI")
    with pytest.raises(pytest.skip.Exception):
        skip_or_fail("nbgrader is not installed")


# -- the course ------------------------------------------------------------------------------
@dataclass
class Course:
    root: Path
    db_url: str
    timings: dict[str, float]
    logs: dict[str, str]

    def notebook(self, stage: str, assignment: str, student: str | None = None) -> nbformat.NotebookNode:
        """A notebook of the course: ``stage`` is source, release, submitted or autograded."""
        folder = self.root / stage / (student or ".") / assignment
        return nbformat.read(folder / f"{assignment}.ipynb", as_version=4)


def _environment(work: Path) -> dict[str, str]:
    """This interpreter's tools first on PATH (nbgrader runs ``alembic``), Jupyter's folders in
    ``work``, and no strictness setting inherited: grading must work without one."""
    env = {k: v for k, v in os.environ.items()
           if k not in (checks.STRICT_VARIABLE, checks.NBGRADER_VARIABLE)}
    for name in ("config", "data", "runtime", "ipython"):
        (work / name).mkdir(parents=True, exist_ok=True)
    env.update(
        PATH=os.pathsep.join([str(BIN), env.get("PATH", "")]),
        JUPYTER_CONFIG_DIR=str(work / "config"),
        JUPYTER_DATA_DIR=str(work / "data"),
        JUPYTER_RUNTIME_DIR=str(work / "runtime"),
        IPYTHONDIR=str(work / "ipython"),
        JUPYTER_PREFER_ENV_PATH="1",
        PYDEVD_DISABLE_FILE_VALIDATION="1",
        PYTHONDONTWRITEBYTECODE="1",
    )
    return env


def _nbgrader(course: Course, env: dict[str, str], *arguments: str) -> str:
    """Run ``python -m nbgrader ...`` in the course folder; return its log, fail on an error."""
    started = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-m", "nbgrader", *arguments], cwd=course.root, env=env,
        capture_output=True, text=True, timeout=COMMAND_TIMEOUT_S, stdin=subprocess.DEVNULL,
    )
    course.timings[" ".join(arguments[:2])] = time.perf_counter() - started
    log = done.stdout + done.stderr
    course.logs[" ".join(arguments[:2])] = log
    assert done.returncode == 0 and "ERROR" not in log, (
        f"nbgrader {' '.join(arguments)} failed (exit {done.returncode}):\n{log[-6000:]}"
    )
    return log


def _hidden_tests_solution() -> nbformat.NotebookNode:
    """A small master whose check cell holds hidden tests: the check accepts a rounded share,
    the hidden test asks for the exact one."""
    solution = nbformat.v4.new_notebook(cells=[
        nbformat.v4.new_code_cell("from facenumbers.checks.base_rates import check"),
        nbformat.v4.new_code_cell(
            "### BEGIN SOLUTION\nppv_cardiff = (2470 - 2297) / 2470\n### END SOLUTION"),
        nbformat.v4.new_code_cell(
            'check("ppv_cardiff")\n### BEGIN HIDDEN TESTS\n'
            'assert abs(ppv_cardiff - 173 / 2470) < 1e-12, "give the exact share, not a rounded one"\n'
            "### END HIDDEN TESTS"),
    ])
    solution.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3",
                                       "language": "python"}
    return notebooks.label_cells(solution, HIDDEN_ASSIGNMENT)


def _submit(course: Course, student: str, assignment: str, notebook: nbformat.NotebookNode) -> None:
    folder = course.root / "submitted" / student / assignment
    folder.mkdir(parents=True)
    nbformat.write(notebook, folder / f"{assignment}.ipynb")


def _answered(release: nbformat.NotebookNode, answers: dict[str, str]) -> nbformat.NotebookNode:
    """The released notebook with some answer cells (by cell id) filled in."""
    submission = nbformat.from_dict(release)
    for cell in submission.cells:
        if cell.get("id") in answers:
            cell.source = answers[cell["id"]]
    return submission


@pytest.fixture(scope="module")
def course(tmp_path_factory: pytest.TempPathFactory) -> Course:
    """A graded nbgrader course: two assignments released, submitted by two students, graded."""
    reason = nbgrader_unavailable_reason()
    if reason:
        skip_or_fail(reason)
    work = tmp_path_factory.mktemp("nbgrader")
    root = work / "course"
    course = Course(root, f"sqlite:///{root / 'gradebook.db'}", {}, {})
    (root / "source" / LESSON).mkdir(parents=True)
    shutil.copyfile(ROOT / "solutions" / f"{LESSON}.ipynb", root / "source" / LESSON / f"{LESSON}.ipynb")
    (root / "source" / HIDDEN_ASSIGNMENT).mkdir(parents=True)
    nbformat.write(_hidden_tests_solution(),
                   root / "source" / HIDDEN_ASSIGNMENT / f"{HIDDEN_ASSIGNMENT}.ipynb")
    (root / "nbgrader_config.py").write_text(
        "c = get_config()\n"
        f"c.CourseDirectory.course_id = {COURSE_ID!r}\n"
        f"c.CourseDirectory.root = {str(root)!r}\n"
        f"c.CourseDirectory.db_url = {course.db_url!r}\n"
        f"c.Exchange.root = {str(work / 'exchange')!r}\n"
    )
    env = _environment(work)
    for assignment in (LESSON, HIDDEN_ASSIGNMENT):
        _nbgrader(course, env, "generate_assignment", assignment)

    # alice hands in the solution itself; bob the release with wrong and blank answers.
    _submit(course, "alice", LESSON, course.notebook("source", LESSON))
    _submit(course, "bob", LESSON, _answered(course.notebook("release", LESSON), WRONG_ANSWERS))
    _submit(course, "alice", HIDDEN_ASSIGNMENT, course.notebook("source", HIDDEN_ASSIGNMENT))
    # Within the check's tolerance, so the check passes: only the hidden test fails.
    _submit(course, "bob", HIDDEN_ASSIGNMENT, _answered(course.notebook("release", HIDDEN_ASSIGNMENT),
                                                         {"ppv_cardiff-answer": "ppv_cardiff = 173 / 2470 * 1.0005"}))
    for assignment in (LESSON, HIDDEN_ASSIGNMENT):
        _nbgrader(course, env, "autograde", assignment)
    _nbgrader(course, env, "export", f"--to={root / 'grades.csv'}")
    return course


def _grades(course: Course, assignment: str, student: str) -> tuple[dict[str, tuple], object]:
    """(grade cell name -> (auto score, max score, needs manual grade)), and the submission."""
    from nbgrader.api import Gradebook

    with Gradebook(course.db_url, COURSE_ID) as gradebook:
        submission = gradebook.find_submission_notebook(assignment, assignment, student)
        grades = {g.name: (g.auto_score, g.max_score, g.needs_manual_grade) for g in submission.grades}
        totals = {"score": submission.score, "max_score": submission.max_score,
                  "code_score": submission.code_score, "max_code_score": submission.max_code_score}
    return grades, totals


def _check_cells(notebook: nbformat.NotebookNode) -> dict[str, nbformat.NotebookNode]:
    return {cell["id"]: cell for cell in notebook.cells
            if notebooks.checked_name(cell) and cell.metadata["nbgrader"]["grade"]}


def _error_text(cell: nbformat.NotebookNode) -> str:
    return "\n".join(f"{o.ename}: {o.evalue}" for o in cell.get("outputs", [])
                     if o.output_type == "error")


# -- generate_assignment ---------------------------------------------------------------------
def test_release_has_no_solutions_and_keeps_the_locked_checks(course):
    source, release = course.notebook("source", LESSON), course.notebook("release", LESSON)
    text = nbformat.writes(release)
    assert notebooks.BEGIN not in text and notebooks.END not in text
    for cell in source.cells:
        if cell.metadata.get("nbgrader", {}).get("solution"):
            body = cell.source.split(notebooks.BEGIN, 1)[1].split(notebooks.END, 1)[0]
            solved = [line.strip() for line in body.splitlines()  # lines that give it away
                      if len(line.strip()) >= 6 and not line.strip().startswith("#")]
            released = next(c for c in release.cells if c.get("id") == cell["id"])
            leaked = [line for line in solved if line in released.source]
            assert not leaked, f"{cell['id']}: the release shows the solution: {leaked}"
    source_checks, released_checks = _check_cells(source), _check_cells(release)
    assert len(source_checks) >= 6 and released_checks.keys() == source_checks.keys()
    for cell_id, cell in released_checks.items():
        assert cell.source == source_checks[cell_id].source
        meta = cell.metadata["nbgrader"]
        assert meta["locked"] is True and meta["grade"] is True and meta["points"] >= 1, cell_id


# -- autograde -------------------------------------------------------------------------------
def test_the_solution_gets_every_autograded_point(course):
    grades, totals = _grades(course, LESSON, "alice")
    source = course.notebook("source", LESSON)
    expected = sum(c.metadata["nbgrader"]["points"] for c in _check_cells(source).values())
    assert totals["code_score"] == totals["max_code_score"] == expected >= 6
    for cell_id in _check_cells(source):
        auto, maximum, _ = grades[cell_id]
        assert auto == maximum, f"{cell_id}: {auto} of {maximum}"
    # Written answers are nbgrader's manually graded answers: the instructor reads them.
    written = {name: grade for name, grade in grades.items() if name.startswith("written-")}
    assert written and all(needs_manual for _, _, needs_manual in written.values())


def test_wrong_and_blank_answers_get_zero_and_say_why(course):
    grades, totals = _grades(course, LESSON, "bob")
    checks_of_lesson = _check_cells(course.notebook("source", LESSON))
    for cell_id in checks_of_lesson:
        auto, maximum, _ = grades[cell_id]
        if cell_id in RIGHT_ANSWERS_OF_WRONG_STUDENT:
            assert auto == maximum, f"{cell_id} was answered right: {auto} of {maximum}"
        else:
            assert auto == 0, f"{cell_id} was answered wrong or not at all: {auto} of {maximum}"
    assert totals["code_score"] == len(RIGHT_ANSWERS_OF_WRONG_STUDENT) < totals["max_code_score"]
    # The failed check's feedback is the error the student and instructor read.
    graded = _check_cells(course.notebook("autograded", LESSON, "bob"))
    assert "AssertionError: Not yet (ppv_cardiff)" in _error_text(graded["ppv_cardiff-check"])
    assert "P(alarm | on the watchlist)" in _error_text(graded["ppv-check"])
    assert "AssertionError: Not answered yet (max_false_alert_rate)" in _error_text(
        graded["max_false_alert_rate-check"])
    # A written answer left as released scores 0 (of its rubric's 3 points) at once; one written
    # in waits for the instructor.
    assert grades["written-1"][2] is True and grades["written-2"] == (0, 3, False)


def test_passing_checks_leave_no_result_for_nbgrader_to_read_as_a_score(course):
    """nbgrader reads a test cell's result value as partial credit; a check under nbgrader
    displays its feedback instead of returning it."""
    graded = _check_cells(course.notebook("autograded", LESSON, "alice"))
    for cell_id, cell in graded.items():
        kinds = [output.output_type for output in cell.outputs]
        assert kinds == ["display_data"], f"{cell_id}: {kinds}"
        assert "Correct" in cell.outputs[0].data["text/plain"]
    assert "cannot be converted to a float" not in course.logs["autograde " + LESSON]


def test_export_lists_both_students_with_their_totals(course):
    with open(course.root / "grades.csv", newline="") as table:
        rows = {(r["assignment"], r["student_id"]): r for r in csv.DictReader(table)}
    full = float(rows[(LESSON, "alice")]["max_score"])
    # The reflections' rubric points count in the maximum; the instructor has not graded them yet.
    by_hand = sum(cell.metadata["nbgrader"]["points"] for cell in course.notebook("source", LESSON).cells
                  if cell.get("id", "").startswith("written-"))
    assert by_hand > 0
    assert float(rows[(LESSON, "alice")]["score"]) == full - by_hand
    assert float(rows[(LESSON, "bob")]["score"]) == len(RIGHT_ANSWERS_OF_WRONG_STUDENT) < full - by_hand


# -- hidden tests ----------------------------------------------------------------------------
def test_nbgrader_hides_the_hidden_tests_as_the_generator_does(course):
    release = course.notebook("release", HIDDEN_ASSIGNMENT)
    exercise = notebooks.exercise_from_solution(_hidden_tests_solution())
    released_check = _check_cells(release)["ppv_cardiff-check"]
    assert released_check.source == 'check("ppv_cardiff")'
    assert released_check.source == _check_cells(exercise)["ppv_cardiff-check"].source
    assert "HIDDEN" not in nbformat.writes(release) and "173 / 2470" not in nbformat.writes(release)


def test_hidden_tests_are_put_back_and_graded(course):
    right, _ = _grades(course, HIDDEN_ASSIGNMENT, "alice")
    rounded, _ = _grades(course, HIDDEN_ASSIGNMENT, "bob")
    assert right["ppv_cardiff-check"][0] == 1
    assert rounded["ppv_cardiff-check"][0] == 0
    graded = _check_cells(course.notebook("autograded", HIDDEN_ASSIGNMENT, "bob"))["ppv_cardiff-check"]
    assert "BEGIN HIDDEN TESTS" in graded.source  # nbgrader graded with the instructor's tests
    assert "give the exact share" in _error_text(graded)
    assert "Correct (ppv_cardiff)" in json.dumps(graded.outputs)  # the check itself passed


# -- the generator (no nbgrader needed) ------------------------------------------------------
def _demo_master(check_source: str, answer: str = "ppv_cardiff = (2470 - 2297) / 2470"):
    return nbformat.v4.new_notebook(cells=[
        nbformat.v4.new_code_cell("from facenumbers.checks.base_rates import check"),
        nbformat.v4.new_code_cell(f"### BEGIN SOLUTION\n{answer}\n### END SOLUTION"),
        nbformat.v4.new_code_cell(check_source),
    ])


def test_generator_removes_hidden_tests_from_exercises_and_keeps_them_in_the_master(tmp_path):
    hidden = 'check("ppv_cardiff")\n### BEGIN HIDDEN TESTS\nassert ppv_cardiff > 0.07  # secret\n### END HIDDEN TESTS\n'
    (tmp_path / "solutions").mkdir()
    nbformat.write(_demo_master(hidden), tmp_path / "solutions" / "98-demo.ipynb")
    notebooks.generate(tmp_path)
    assert notebooks.generate(tmp_path, check_only=True) == []  # stable
    solution = nbformat.read(tmp_path / "solutions" / "98-demo.ipynb", as_version=4)
    exercise = nbformat.read(tmp_path / "exercises" / "98-demo.ipynb", as_version=4)
    assert "assert ppv_cardiff > 0.07" in solution.cells[2].source
    assert exercise.cells[2].source == 'check("ppv_cardiff")'
    assert "HIDDEN" not in nbformat.writes(exercise) and "secret" not in nbformat.writes(exercise)
    for notebook in (solution, exercise):  # still a locked, autograded check cell
        cell = notebook.cells[2]
        assert notebooks.checked_name(cell) == "ppv_cardiff"
        assert cell["id"] == "ppv_cardiff-check" and cell.metadata["editable"] is False
        assert cell.metadata["nbgrader"]["grade"] is True and cell.metadata["nbgrader"]["locked"] is True


@pytest.mark.parametrize("source, problem", [
    ('check("ppv_cardiff")\n### BEGIN HIDDEN TESTS\nassert True', "never ended"),
    ('check("ppv_cardiff")\n### END HIDDEN TESTS', "without a BEGIN"),
    ('check("ppv_cardiff")\n### BEGIN HIDDEN TESTS\n### BEGIN HIDDEN TESTS\n### END HIDDEN TESTS',
     "cannot nest"),
])
def test_broken_hidden_test_markers_stop_the_generator(source, problem):
    with pytest.raises(ValueError, match=problem):
        notebooks.label_cells(_demo_master(source), "98-demo")
    assert notebooks.checked_name(nbformat.v4.new_code_cell(source)) is None  # never crashes


def test_hidden_tests_outside_a_graded_check_stop_the_generator():
    answer = "ppv_cardiff = 0.07\n### BEGIN HIDDEN TESTS\nassert True\n### END HIDDEN TESTS"
    master = _demo_master('check("ppv_cardiff")')
    master.cells[1].source = f"### BEGIN SOLUTION\n{answer}\n### END SOLUTION"
    with pytest.raises(ValueError, match="hidden tests belong in a check cell"):
        notebooks.label_cells(master, "98-demo")
    memo = _demo_master('check("memo")\n### BEGIN HIDDEN TESTS\nassert memo\n### END HIDDEN TESTS',
                        answer='memo = """A text."""')
    with pytest.raises(ValueError, match="hidden tests belong in a check cell"):
        notebooks.label_cells(memo, "98-demo")


def test_no_exercise_shows_hidden_tests():
    for path in sorted((ROOT / "exercises").glob("*.ipynb")):
        notebook = nbformat.read(path, as_version=4)
        assert not any(notebooks.has_hidden_tests(cell) for cell in notebook.cells), path.name


def test_every_solution_is_valid_nbgrader_metadata():
    """What nbgrader's validator asks of each labelled cell (it refuses the notebook otherwise):
    a grade cell has points; a markdown solution is a grade cell; grade ids are unique."""
    for path in sorted((ROOT / "solutions").glob("*.ipynb")):
        seen = set()
        for cell in nbformat.read(path, as_version=4).cells:
            meta = cell.metadata.get("nbgrader")
            if not meta:
                continue
            where = f"{path.name} {cell.get('id')}"
            assert meta["schema_version"] == 3 and meta["grade_id"], where
            if meta["grade"]:
                assert isinstance(meta["points"], (int, float)) and meta["points"] >= 0, where
            if cell.cell_type == "markdown":
                assert meta["grade"] == meta["solution"], where
            assert meta["grade_id"] not in seen, where
            seen.add(meta["grade_id"])
            if notebooks.has_hidden_tests(cell):
                assert meta["grade"] and notebooks.checked_name(cell), where


# -- the checks under nbgrader (no nbgrader needed) ------------------------------------------
def test_checks_raise_while_nbgrader_runs_the_notebook(monkeypatch):
    from facenumbers.checks.base_rates import LESSON as LESSON_04

    monkeypatch.delenv(checks.STRICT_VARIABLE, raising=False)
    monkeypatch.delenv(checks.NBGRADER_VARIABLE, raising=False)
    assert not LESSON_04.check("ppv_cardiff", 0.5).passed  # a learner: feedback only
    for mode in ("autograde", "validate"):
        monkeypatch.setenv(checks.NBGRADER_VARIABLE, mode)
        with pytest.raises(AssertionError, match="Not yet"):
            LESSON_04.check("ppv_cardiff", 0.5)
    check = LESSON_04.checker()
    assert check("ppv_cardiff", 173 / 2470) is None  # displayed, not returned
    monkeypatch.setenv(checks.STRICT_VARIABLE, "0")  # facenumbers grade: never strict
    assert not LESSON_04.check("ppv_cardiff", 0.5).passed
    monkeypatch.delenv(checks.NBGRADER_VARIABLE)
    assert check("ppv_cardiff", 173 / 2470).passed  # outside nbgrader: returned as before
