"""Reflection questions count for points, graded by hand with a rubric printed under each one.

In a solution notebook, each reflection question ends with::

    **Rubric (3 points, graded by your instructor)**
    - 1 point: ...
    - 2 points: ...

and the answer cell under it (a markdown cell with nbgrader's ``solution`` flag, ``written-N``)
is worth exactly that many points. The grader lists each reflection for the instructor, with its
word count, and never scores it.
"""

from __future__ import annotations

import re
from pathlib import Path

import nbformat
import pytest

from facenumbers import grading, notebooks

ROOT = Path(__file__).resolve().parents[1]
SOLUTIONS = sorted((ROOT / "solutions").glob("*.ipynb"))
RUBRIC = re.compile(r"\*\*Rubric \((\d+) points?, graded by your instructor\)\*\*\n((?:- .*\n?(?: {2}.*\n?)*)+)")
LINE = re.compile(r"^- (\d+) points?: \S", re.MULTILINE)


def _reflections(path: Path) -> list[tuple[nbformat.NotebookNode, nbformat.NotebookNode]]:
    """(question cell, answer cell) for each written answer of a solution notebook."""
    notebook = nbformat.read(path, as_version=4)
    pairs = []
    for index, cell in enumerate(notebook.cells):
        grader = cell.metadata.get("nbgrader", {})
        if cell.cell_type == "markdown" and grader.get("solution"):
            pairs.append((notebook.cells[index - 1], cell))
    return pairs


ALL = [pytest.param(path, question, answer, id=f"{path.stem}-{answer.get('id')}")
       for path in SOLUTIONS for question, answer in _reflections(path)]


def test_lessons_01_to_04_have_reflections_worth_points():
    for stem in ("01-real-name-registration", "02-biometric-id", "03-error-rates", "04-base-rates"):
        pairs = _reflections(ROOT / "solutions" / f"{stem}.ipynb")
        assert pairs, f"{stem} has no reflection question"
        assert all(answer.metadata["nbgrader"]["points"] > 0 for _, answer in pairs), stem


@pytest.mark.parametrize("path, question, answer", ALL)
def test_each_reflection_has_a_rubric_whose_points_add_up(path, question, answer):
    found = RUBRIC.search(question.source + "\n")
    assert found, f"{path.name}: no rubric under the question before {answer.get('id')}"
    total = int(found.group(1))
    lines = [int(n) for n in LINE.findall(found.group(2))]
    assert len(lines) >= 2, "a rubric names at least two things the answer must do"
    assert sum(lines) == total, (path.name, lines, total)
    assert answer.metadata["nbgrader"]["points"] == total
    assert answer.metadata["nbgrader"]["grade"] is True


@pytest.mark.parametrize("path", SOLUTIONS, ids=lambda p: p.stem)
def test_no_reflection_is_labelled_ungraded(path):
    text = "\n".join(cell.source for cell in nbformat.read(path, as_version=4).cells)
    assert "(not graded)" not in text
    if _reflections(path):
        assert "## Reflection (graded by your instructor)" in text


def test_the_grader_lists_reflections_for_the_instructor_with_their_points():
    assignment = grading.load_assignment(ROOT, "04-base-rates")
    written = [e for e in assignment.exercises if e.name.startswith("written-")]
    assert written and all(e.by_hand and e.points > 0 for e in written)
    # graded by hand: not in the points the grader can award
    assert assignment.auto_points == sum(e.points for e in assignment.exercises if not e.by_hand)


def test_a_reflection_answered_or_left_blank_is_reported_as_such():
    assignment = grading.load_assignment(ROOT, "04-base-rates")
    solution = nbformat.read(ROOT / "solutions" / "04-base-rates.ipynb", as_version=4)
    exercise = nbformat.read(ROOT / "exercises" / "04-base-rates.ipynb", as_version=4)
    answered = grading._memo_text(solution, assignment)
    blank = grading._memo_text(exercise, assignment)
    first = next(e.name for e in assignment.exercises if e.name.startswith("written-"))
    assert len(answered[first].split()) > 20
    assert blank[first].strip() == "" and notebooks.MARKDOWN_STUB in next(
        c.source for c in exercise.cells if c.metadata.get("nbgrader", {}).get("grade_id") == first)
