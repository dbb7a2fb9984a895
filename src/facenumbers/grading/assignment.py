"""What an assignment is, what a submission may use, and what grading one gives.

:func:`load_assignment` reads an assignment from the instructor's solution notebook: the checks
module it imports, its checked exercises in order (with their points and any hidden tests),
and the answers graded by hand (the Lesson 07 memo, the reflection questions worth points).

>>> Limits().cell_seconds
60.0
>>> GradeResult("ann", "ann.ipynb", "graded", points={"a": 1.0, "b": 0.0}).total
1.0
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

import nbformat

from facenumbers import notebooks

HIDDEN = re.compile(r"^[ \t]*### BEGIN HIDDEN TESTS[ \t]*\n(.*?)^[ \t]*### END HIDDEN TESTS[ \t]*$",
                    re.MULTILINE | re.DOTALL)
CHECKS_IMPORT = re.compile(r"from\s+(facenumbers\.checks\.\w+)\s+import")


@dataclass(frozen=True)
class Limits:
    """How long and how much a submission may use."""

    notebook_seconds: float = 300.0
    cell_seconds: float = 60.0
    memory_mb: int = 3000


@dataclass(frozen=True)
class ExerciseSpec:
    """One exercise of an assignment, as the instructor's solution defines it."""

    name: str
    points: float
    by_hand: bool
    hidden_tests: str = ""


@dataclass(frozen=True)
class Assignment:
    """An assignment: its name, the checks module, and its exercises in order."""

    name: str
    checks_module: str
    exercises: tuple[ExerciseSpec, ...]

    @property
    def auto_points(self) -> float:
        """Points the grader can award (memos are graded by hand)."""
        return sum(e.points for e in self.exercises if not e.by_hand)


@dataclass
class GradeResult:
    """The outcome for one submission.

    ``feedback`` maps each exercise to its ``status``, ``message``, ``hint`` and ``mistake``
    (the name of the recognised mistake the hint is aimed at; empty when none matched).
    """

    student: str
    source: str
    status: str  # "graded", "broken" or "failed to run"
    reason: str = ""
    points: dict[str, float] = field(default_factory=dict)
    feedback: dict[str, dict[str, str]] = field(default_factory=dict)
    seconds: float = 0.0

    @property
    def total(self) -> float:
        """Points awarded automatically."""
        return sum(self.points.values())


def load_assignment(course: Path, name: str) -> Assignment:
    """Read an assignment from the instructor's solution notebook ``solutions/<name>.ipynb``.

    Raises ValueError naming the known assignments when ``name`` is not one of them.
    """
    solutions = course / "solutions"
    known = sorted(p.stem for p in solutions.glob("*.ipynb")) if solutions.is_dir() else []
    if name not in known:
        where = f"in {solutions}" if known else f"(no solutions/ folder in {course.resolve()})"
        raise ValueError(f"assignment must be one of {', '.join(known) or 'none'} {where}; got {name!r}.")
    notebook = nbformat.read(solutions / f"{name}.ipynb", as_version=4)
    module = next((m.group(1) for cell in notebook.cells if cell.cell_type == "code"
                   for m in [CHECKS_IMPORT.search(cell.source)] if m), None)
    if module is None:
        raise ValueError(f"solutions/{name}.ipynb does not import a facenumbers.checks module.")
    exercises, seen = [], set()
    for cell in notebook.cells:
        exercise = notebooks.checked_name(cell)
        if exercise is None or exercise in seen:
            continue
        seen.add(exercise)
        grader = cell.metadata.get("nbgrader", {})
        by_hand = notebooks.is_memo(cell) or not grader.get("grade", True)
        points = float(grader.get("points", 1))
        if by_hand:
            answer = next((c for c in notebook.cells
                           if c.metadata.get("facenumbers", {}).get("exercise", "").endswith(f"/{exercise}")
                           and c.metadata.get("facenumbers", {}).get("role") == "answer"), None)
            points = float(answer.metadata.get("nbgrader", {}).get("points", 0)) if answer else 0.0
        hidden = "\n".join(m.group(1) for m in HIDDEN.finditer(cell.source))
        exercises.append(ExerciseSpec(exercise, points, by_hand, hidden))
    if not exercises:
        raise ValueError(f"solutions/{name}.ipynb has no check cells.")
    exercises += _reflections(notebook)
    return Assignment(name, module, tuple(exercises))


def _reflections(notebook: nbformat.NotebookNode) -> list[ExerciseSpec]:
    """The reflection questions worth points: written answers the instructor grades by hand
    with the rubric printed under each question (markdown cells ``written-N``)."""
    found = []
    for cell in notebook.cells:
        grader = cell.get("metadata", {}).get("nbgrader", {})
        if (cell.get("cell_type") == "markdown" and grader.get("solution")
                and float(grader.get("points", 0) or 0) > 0 and grader.get("grade_id")):
            found.append(ExerciseSpec(str(grader["grade_id"]), float(grader["points"]), True))
    return found
