"""No hidden test leaks: its text reaches no report and no notebook a student is given.

A copy of Lesson 04's solution, in a temporary course folder, gets hidden tests (between
``### BEGIN HIDDEN TESTS`` and ``### END HIDDEN TESTS``) holding a unique string, in a comment,
in a variable, and in the message of an error they raise for an answer the visible check
accepts. The exercise notebook is generated from it; three submissions (the solution, the blank
exercise, wrong answers that pass the visible checks but not the hidden ones) are graded; every
report is written (grades.csv, feedback/, results.json, item analysis CSV and HTML, a course
page, the LMS files and their warnings). The string must be in none of them, and not in the
exercise notebook, while the hidden tests did run.
"""

from __future__ import annotations

import copy
import csv
import json
import secrets
from pathlib import Path

import nbformat
import pytest

from facenumbers import grading, items, lms, notebooks
from facenumbers.checks import base_rates

ROOT = Path(__file__).resolve().parents[1]
ASSIGNMENT = "04-base-rates"
LEAK = f"LEAK-{secrets.token_hex(8)}"
HIDDEN_NOTICE = "A further check that the instructor keeps hidden did not pass."


def _hidden(test: str) -> str:
    return f"\n### BEGIN HIDDEN TESTS\n{test}\n### END HIDDEN TESTS"


#: Hidden tests by exercise. ppv_cardiff's fails on an AssertionError without a message for a
#: typed 0.07; innocent_per_true_alarm's raises an error whose message is the secret.
HIDDEN_TESTS = {
    "ppv_cardiff": f"# {LEAK}: a note the students must never see\n_secret_note = \"{LEAK}\"\n"
                   "assert abs(ppv_cardiff - 173 / 2470) < 1e-9",
    "innocent_per_true_alarm": "from facenumbers.checks.base_rates import LESSON as _lesson\n"
                               "_exact = _lesson.exercises['innocent_per_true_alarm'].judge.expected\n"
                               "if abs(innocent_per_true_alarm - _exact) > 1e-9:\n"
                               f"    raise RuntimeError(\"{LEAK}\")",
}


def released_variant_notebooks(course: Path, release: Path) -> list[Path]:
    """Release per-student variants of ``course``'s Lesson 04 (whose solution holds the secret
    in its hidden tests) for a roster of twelve, with ``facenumbers assign``'s own function,
    and return every file written: the notebooks and the instructor's table of variants."""
    from facenumbers import assign

    roster = release.parent / "roster.csv"
    roster.write_text("student,id\n" + "".join(f"student{i},s{i:04d}\n" for i in range(12)),
                      encoding="utf-8")
    released = assign.release(course, ASSIGNMENT, roster, release)
    assert len({r.variant for r in released}) > 1, "the roster should get several variants"
    return [r.path for r in released] + [release / assign.TABLE]


def _cell_of(notebook: nbformat.NotebookNode, name: str, role: str) -> nbformat.NotebookNode:
    return next(c for c in notebook.cells
                if c.metadata.get("facenumbers", {}).get("exercise") == f"{ASSIGNMENT}/{name}"
                and c.metadata["facenumbers"].get("role") == role)


def _with_answers(notebook: nbformat.NotebookNode, answers: dict[str, str]) -> nbformat.NotebookNode:
    notebook = copy.deepcopy(notebook)
    for name, source in answers.items():
        _cell_of(notebook, name, "answer").source = source
    return notebook


@pytest.fixture(scope="module")
def graded(tmp_path_factory):
    """The course with hidden tests, its exercise notebook, and every report of a batch."""
    base = tmp_path_factory.mktemp("leakage")
    course = base / "course"
    (course / "solutions").mkdir(parents=True)
    (course / "exercises").mkdir()
    source = ROOT / "solutions" / f"{ASSIGNMENT}.ipynb"
    solution = nbformat.read(source, as_version=4)
    for name, test in HIDDEN_TESTS.items():
        cell = _cell_of(solution, name, "check")
        cell.source = cell.source.rstrip() + _hidden(test)
    nbformat.write(solution, course / "solutions" / f"{ASSIGNMENT}.ipynb")
    notebooks.generate(course)
    exercise = nbformat.read(course / "exercises" / f"{ASSIGNMENT}.ipynb", as_version=4)

    expected = base_rates.LESSON.exercises["innocent_per_true_alarm"].judge.expected
    submissions = base / "submissions"
    submissions.mkdir()
    nbformat.write(nbformat.read(source, as_version=4), submissions / "right.ipynb")
    nbformat.write(exercise, submissions / "blank.ipynb")
    nbformat.write(_with_answers(exercise, {
        "ppv_cardiff": "ppv_cardiff = 0.07",                        # the check accepts it
        "innocent_per_true_alarm": f"innocent_per_true_alarm = {expected:.3g}",
        "false_share_met": "false_share_met = 10 / 2077 * 100",      # a named mistake
    }), submissions / "wrong.ipynb")
    roster = base / "roster.csv"
    roster.write_text("student,id,email,section\nright,1,right@uni.edu,A\nblank,2,blank@uni.edu,A\n"
                      "absent,3,absent@uni.edu,B\n", encoding="utf-8")

    assignment = grading.load_assignment(course, ASSIGNMENT)
    limits = grading.Limits(notebook_seconds=120, cell_seconds=30)
    results = grading.grade_batch(grading.find_submissions(submissions, ASSIGNMENT), assignment,
                                  limits, jobs=2)
    out = base / "grades"
    grading.write_reports(results, assignment, out)
    items.write_item_analysis(results, assignment, out)
    items.write_course_page({assignment: results}, out / "course.html")
    lms.write_lms_files(results, assignment, roster, out)
    release = base / "release"
    release.mkdir()
    return {"course": course, "out": out, "results": {r.student: r for r in results},
            "assignment": assignment,
            "exercise": course / "exercises" / f"{ASSIGNMENT}.ipynb",
            "submissions": submissions,
            "variants": released_variant_notebooks(course, release)}


def test_the_hidden_tests_are_in_the_course_and_ran(graded):
    assert LEAK in (graded["course"] / "solutions" / f"{ASSIGNMENT}.ipynb").read_text()
    results = graded["results"]
    right, wrong, blank = results["right"], results["wrong"], results["blank"]
    assert right.status == wrong.status == blank.status == "graded", [r.reason for r in results.values()]
    assert right.total == graded["assignment"].auto_points, right.feedback
    for name in HIDDEN_TESTS:        # passed the visible check, failed the hidden test
        assert wrong.feedback[name]["status"] == "not yet"
        assert wrong.feedback[name]["message"].startswith(HIDDEN_NOTICE), wrong.feedback[name]
    assert blank.total == 0


def test_the_secret_is_in_no_report(graded):
    written = sorted(p for p in graded["out"].rglob("*") if p.is_file())
    names = {p.name for p in written}
    assert {"grades.csv", "results.json", "item_analysis.csv", "item_analysis.html", "course.html",
            lms.CANVAS_FILE, lms.MOODLE_FILE, lms.WARNINGS_FILE, "wrong.md"} <= names, names
    for path in written:
        assert LEAK.encode() not in path.read_bytes(), f"{path.relative_to(graded['out'])} leaks"
    # The reports are read back, not only grepped: what a student is told is the notice.
    rows = list(csv.DictReader((graded["out"] / "grades.csv").open(encoding="utf-8")))
    assert {row["student"] for row in rows} == {"right", "blank", "wrong"}
    told = json.loads((graded["out"] / "results.json").read_text())
    assert all(LEAK not in json.dumps(r) for r in told)
    analysed = list(csv.DictReader((graded["out"] / "item_analysis.csv").open(encoding="utf-8")))
    assert all(int(row["unnamed"]) >= 0 for row in analysed if row["kind"] == "exercise")


def test_the_secret_is_in_no_notebook_a_student_gets(graded):
    assert LEAK not in graded["exercise"].read_text(encoding="utf-8")
    exercise = nbformat.read(graded["exercise"], as_version=4)
    assert not any("HIDDEN TESTS" in c.source for c in exercise.cells)
    for path in graded["variants"]:
        assert LEAK not in Path(path).read_text(encoding="utf-8"), path
    for path in graded["submissions"].glob("*.ipynb"):       # what was graded never held it
        assert LEAK not in path.read_text(encoding="utf-8"), path
