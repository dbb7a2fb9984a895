"""Every learning objective is assessed by a graded exercise, and the guide's table says which."""

from __future__ import annotations

from pathlib import Path

import pytest

from facenumbers import objectives
from lesson_checks import LESSONS

ROOT = Path(__file__).resolve().parents[1]
#: Lessons without graded exercises, and why.
NOT_GRADED = {
    "00": "Start here: nothing in it is graded (the lesson says so).",
    "08": "The capstone is assessed by its rubric (guide, section 6.2), not by checks.",
}


def test_every_lesson_is_either_checked_or_says_why_not():
    # "Python for this course" is not numbered: a primer with its own checked mini-exercises,
    # outside the course's objectives (tests/test_checks_python_skills.py tests its checks).
    numbers = {p.name[:2] for p in (ROOT / "lessons").glob("[0-9][0-9]-*.ipynb")}
    assert numbers == set(LESSONS) | set(NOT_GRADED)


@pytest.mark.parametrize("row", objectives.coverage(ROOT), ids=lambda r: r.objective)
def test_every_objective_has_a_graded_exercise(row):
    assert row.exercises, f"objective {row.objective} ({row.text}) is assessed by no exercise"


@pytest.mark.parametrize("number", sorted(LESSONS))
def test_every_exercise_names_objectives_the_lesson_has(number):
    solution = next((ROOT / "solutions").glob(f"{number}-*.ipynb"))
    lesson = ROOT / "lessons" / solution.name
    named = objectives.exercise_objectives(solution)
    assert set(named) == set(LESSONS[number].exercises), "each checked exercise names its objectives"
    listed = objectives.lesson_objectives(lesson)
    for name, tags in named.items():
        assert tags and set(tags) <= set(listed), f"{name} names objectives {tags}; the lesson has {sorted(listed)}"


def test_an_objective_without_an_exercise_is_reported(tmp_path):
    (tmp_path / "lessons").mkdir()
    (tmp_path / "solutions").mkdir()
    import nbformat

    lesson = nbformat.v4.new_notebook(cells=[nbformat.v4.new_markdown_cell(
        "## Learning objectives\n\n1. Do one thing.\n2. Do another.")])
    solution = nbformat.v4.new_notebook(cells=[
        nbformat.v4.new_markdown_cell("## Exercise 1\n\n*Objective 1: do one thing.*"),
        nbformat.v4.new_code_cell('check("one")'),
    ])
    nbformat.write(lesson, tmp_path / "lessons" / "09-demo.ipynb")
    nbformat.write(solution, tmp_path / "solutions" / "09-demo.ipynb")
    rows = {r.objective: r.exercises for r in objectives.coverage(tmp_path)}
    assert rows == {"09.1": ("one",), "09.2": ()}
    assert "| 09.2 | Do another. | **none** |" in objectives.coverage_markdown(tmp_path)


def test_the_guide_shows_the_generated_table():
    assert not objectives.update_guide(ROOT, check_only=True), "run `make exercises`"
    assert objectives.coverage_markdown(ROOT) in (ROOT / objectives.GUIDE).read_text(encoding="utf-8")
