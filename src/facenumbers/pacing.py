"""How long a lesson takes: an estimate read from its notebooks, with every rate stated.

A lesson's time is its reading, its code, its calculator tasks and its exercises:

- **reading**: the words of the lesson's text cells and of the exercise notebook's, at
  :data:`READING_WORDS_PER_MINUTE`. The "Sources" list at the end of a lesson is reference,
  not reading, and is left out; so are the worked solutions.
- **code**: :data:`MINUTES_PER_CODE_CELL` for each code cell of the lesson (run it, read what
  it shows).
- **calculator tasks**: :data:`MINUTES_PER_THING_TO_TRY` for each item under "Things to try",
  and :data:`MINUTES_PER_PREDICTION` for each prediction written before a calculator.
- **exercises**: by kind (:data:`MINUTES_PER_EXERCISE`): a choice, a number, a function, a
  memo; and :data:`MINUTES_PER_REFLECTION` for each reflection question answered in words.

The rates are averages for a learner who has done the lessons before; a first-time
programmer will be slower at the exercises, a confident one faster. They are a planning aid
for a class, not a promise, and the instructor guide says so.

``make pacing`` (``facenumbers pacing``) prints the table. ``make exercises`` writes each
lesson's line into its first cell (:func:`update_time_lines`) and the per-lesson table into the
instructor guide (:func:`update_guide`); a test keeps both in step with the notebooks and every
numbered lesson within :data:`LESSON_MINUTES`.

>>> from pathlib import Path
>>> root = Path(__file__).resolve().parents[2]
>>> estimate = estimate_lesson(root, "04-base-rates")
>>> estimate.exercises > 0 and estimate.reading > 0
True
>>> 45 <= estimate.total <= 90
True
"""

from __future__ import annotations

import importlib
import math
import re
from dataclasses import dataclass
from pathlib import Path

import nbformat

from facenumbers.models.validation import require_instance, require_path

__all__ = [
    "LESSON_MINUTES",
    "MINUTES_PER_CODE_CELL",
    "MINUTES_PER_EXERCISE",
    "MINUTES_PER_PREDICTION",
    "MINUTES_PER_REFLECTION",
    "MINUTES_PER_THING_TO_TRY",
    "READING_WORDS_PER_MINUTE",
    "LessonTime",
    "estimate_lesson",
    "estimate_all",
    "lesson_table_markdown",
    "pacing_markdown",
    "shown_time_line",
    "time_line",
    "update_guide",
    "update_time_lines",
]

#: Words read per minute. Adults read English non-fiction silently at about 238 words a
#: minute on average (Brysbaert, "How many words do we read per minute? A review and
#: meta-analysis of reading rate", Journal of Memory and Language 109, 2019); text full of
#: numbers and new terms is slower, so the course plans with 200.
READING_WORDS_PER_MINUTE = 200
MINUTES_PER_CODE_CELL = 1.0
MINUTES_PER_THING_TO_TRY = 2.0
MINUTES_PER_PREDICTION = 1.0
MINUTES_PER_REFLECTION = 5.0
#: Minutes per exercise, by kind: choosing an option, computing a number, writing a function,
#: writing a memo (150 to 250 words). The memo counts in its lesson's time like any exercise.
MINUTES_PER_EXERCISE = {"choice": 2.0, "number": 4.0, "function": 6.0, "memo": 25.0}
#: Every numbered lesson (01 to the last before the capstone) must fit a class of this length,
#: exercises included. Lesson 00 (an introduction) and the capstone (a project) are exempt.
LESSON_MINUTES = (45, 90)

_SOURCES = re.compile(r"^\s*##\s+Sources\b")
_SOLUTION = re.compile(r"### BEGIN SOLUTION.*?### END SOLUTION", re.DOTALL)
_TRIES = re.compile(r"\*\*Things to try\b.*", re.DOTALL)
_ITEM = re.compile(r"^\s{0,3}(?:[-*]|\d+\.)\s", re.MULTILINE)
_CHECKS_IMPORT = re.compile(r"from\s+(facenumbers\.checks\.\w+)\s+import")
_PREDICTION = re.compile(r"^\s*prediction\s*=", re.MULTILINE)
_TIME = re.compile(r"^Time: .*$", re.MULTILINE)
_CHECK_CELL = re.compile(r"""^\s*check\(\s*["']([A-Za-z_]\w*)["']\s*\)\s*$""")


@dataclass(frozen=True)
class LessonTime:
    """The estimated minutes of one lesson, by part (see the module's docstring for the rates)."""

    lesson: str
    reading: float
    code: float
    calculators: float
    exercises: float

    @property
    def total(self) -> int:
        """Minutes in all, rounded to the nearest 5: reading, code, calculators, exercises."""
        return _round5(self.reading + self.code + self.calculators + self.exercises)


def _round5(minutes: float) -> int:
    return int(5 * math.floor(minutes / 5 + 0.5))


def _words(text: str) -> int:
    return len(_SOLUTION.sub(" ", text).split())


def _reading_words(notebook: nbformat.NotebookNode) -> int:
    return sum(_words(cell.source) for cell in notebook.cells
               if cell.cell_type == "markdown" and not _SOURCES.match(cell.source)
               # A generated cell of links ("More for this lesson") is not reading.
               and not cell.get("metadata", {}).get("facenumbers", {}).get("generated"))


def _things_to_try(notebook: nbformat.NotebookNode) -> int:
    count = 0
    for cell in notebook.cells:
        if cell.cell_type == "markdown":
            tries = _TRIES.search(cell.source)
            if tries:
                count += len(_ITEM.findall(tries.group(0)))
    return count


def _exercise_kind(judge: object) -> str:
    from facenumbers.checks import FunctionJudge, MemoJudge

    if isinstance(judge, MemoJudge):
        return "memo"
    if isinstance(judge, FunctionJudge):
        return "function"
    if getattr(judge, "__qualname__", "").startswith("choice_judge"):
        return "choice"
    return "number"


def _exercise_minutes(solution: nbformat.NotebookNode) -> float:
    """Minutes of the checked exercises, the memo and the reflections of a notebook: each
    exercise whose ``check("name")`` cell it holds, timed by its kind in the checks module the
    notebook imports."""
    text = "\n".join(cell.source for cell in solution.cells if cell.cell_type == "code")
    module = _CHECKS_IMPORT.search(text)
    minutes = 0.0
    checked = {found.group(1) for cell in solution.cells if cell.cell_type == "code"
               for found in [_CHECK_CELL.match(cell.source)] if found}
    if module:
        lesson = importlib.import_module(module.group(1)).LESSON
        minutes += sum(MINUTES_PER_EXERCISE[_exercise_kind(exercise.judge)]
                       for name, exercise in lesson.exercises.items() if name in checked)
    reflections = sum(1 for cell in solution.cells if cell.cell_type == "markdown"
                      and cell.get("metadata", {}).get("nbgrader", {}).get("solution"))
    return minutes + reflections * MINUTES_PER_REFLECTION


def estimate_lesson(root: Path, lesson: str) -> LessonTime:
    """Estimate a lesson's minutes from ``lessons/<lesson>.ipynb`` and its solution notebook.

    ``lesson`` is the notebook's stem, e.g. ``"04-base-rates"``. A lesson with no solution
    notebook (Lesson 00, the capstone) has no exercise minutes.
    """
    path = Path(root) / "lessons" / f"{lesson}.ipynb"
    if not path.is_file():
        raise ValueError(f"No lesson notebook {path}: give a stem such as '04-base-rates'.")
    notebook = nbformat.read(path, as_version=4)
    words = _reading_words(notebook)
    # A check cell is part of its exercise's minutes, not a code cell to read.
    code_cells = sum(1 for cell in notebook.cells
                     if cell.cell_type == "code" and not _CHECK_CELL.match(cell.source))
    predictions = sum(1 for cell in notebook.cells
                      if cell.cell_type == "code" and _PREDICTION.search(cell.source))
    # A lesson with checked exercises of its own ("Python for this course") counts them too.
    exercises = _exercise_minutes(notebook)
    solution_path = Path(root) / "solutions" / f"{lesson}.ipynb"
    if solution_path.is_file():
        solution = nbformat.read(solution_path, as_version=4)
        words += _reading_words(solution)
        exercises += _exercise_minutes(solution)
    return LessonTime(
        lesson=lesson,
        reading=words / READING_WORDS_PER_MINUTE,
        code=code_cells * MINUTES_PER_CODE_CELL,
        calculators=(_things_to_try(notebook) * MINUTES_PER_THING_TO_TRY
                     + predictions * MINUTES_PER_PREDICTION),
        exercises=exercises,
    )


def estimate_all(root: Path) -> list[LessonTime]:
    """The estimate of every lesson notebook under ``root/lessons``, in file order."""
    return [estimate_lesson(root, path.stem) for path in sorted((Path(root) / "lessons").glob("*.ipynb"))]


def time_line(estimate: LessonTime) -> str:
    """The line a lesson's first cell shows, e.g. "Time: about 85 minutes (reading 30, ...)"."""
    require_instance(estimate, LessonTime, "estimate", "a LessonTime (from estimate_lesson)")
    parts = [f"reading {_round5(estimate.reading)}",
             f"code and calculators {_round5(estimate.code + estimate.calculators)}"]
    if estimate.exercises:
        parts.append(f"exercises {_round5(estimate.exercises)}")
    return f"Time: about {estimate.total} minutes ({', '.join(parts)})."


def shown_time_line(root: Path, lesson: str) -> str | None:
    """The "Time: ..." line the lesson's first cell shows now, or None."""
    path = require_path(root, "root") / "lessons" / f"{lesson}.ipynb"
    if not path.is_file():
        raise ValueError(f"No lesson notebook {path}: give a stem such as '04-base-rates'.")
    notebook = nbformat.read(Path(root) / "lessons" / f"{lesson}.ipynb", as_version=4)
    found = _TIME.search(notebook.cells[0].source)
    return found.group(0) if found else None


def pacing_markdown(estimates: list[LessonTime]) -> str:
    """A Markdown table of the estimates, for the instructor guide and ``make pacing``."""
    if isinstance(estimates, (str, bytes)) or not all(isinstance(e, LessonTime) for e in estimates):
        raise TypeError("estimates must be a list of LessonTime (from estimate_all).")
    rows = ["| Lesson | Reading | Code and calculators | Exercises | In all (minutes) |",
            "|---|---:|---:|---:|---:|"]
    for e in estimates:
        rows.append(f"| {e.lesson} | {e.reading:.0f} | {e.code + e.calculators:.0f} | "
                    f"{e.exercises:.0f} | about {e.total} |")
    return "\n".join(rows)


def in_class_lessons(root: Path) -> list[str]:
    """The lessons that must fit :data:`LESSON_MINUTES`: the numbered ones from 01 up, except
    the capstone (a project of several sittings, planned in its own milestones)."""
    return [path.stem for path in sorted((Path(root) / "lessons").glob("[0-9][0-9]-*.ipynb"))
            if not path.stem.startswith("00-") and "capstone" not in path.stem]


def _with_time_line(source: str, line: str) -> str:
    if _TIME.search(source):
        return _TIME.sub(line, source, count=1)
    title, _, rest = source.partition("\n\n")
    return f"{title}\n\n{line}\n\n{rest}".rstrip("\n")


def update_time_lines(root: Path, check_only: bool = False) -> list[Path]:
    """Write each lesson's estimate into the "Time: ..." line of its first cell.

    The capstone keeps its own line (its milestones give the time). Returns the notebooks that
    changed (or, with ``check_only``, would change).
    """
    changed = []
    for estimate in estimate_all(root):
        if "capstone" in estimate.lesson:
            continue
        path = Path(root) / "lessons" / f"{estimate.lesson}.ipynb"
        notebook = nbformat.read(path, as_version=4)
        first = notebook.cells[0]
        new = _with_time_line(first.source, time_line(estimate))
        if new != first.source:
            changed.append(path)
            if not check_only:
                first.source = new
                path.write_text(nbformat.writes(notebook) + "\n", encoding="utf-8")
    return changed


def lesson_table_markdown(root: Path) -> str:
    """The guide's per-lesson table: time, objectives, exercises by kind, points."""
    from facenumbers import grading, objectives

    rows = ["| Lesson | Time (minutes) | Objectives | Checked exercises | Graded by hand | "
            "Points: checked + by hand |", "|---|---:|---:|---|---|---|"]
    coverage = objectives.coverage(root)
    for estimate in estimate_all(root):
        stem = estimate.lesson
        solution = Path(root) / "solutions" / f"{stem}.ipynb"
        time = "3 to 5 hours" if "capstone" in stem else f"about {estimate.total}"
        if not solution.is_file():
            graded = ("the capstone's rubric (section 6.2)" if "capstone" in stem
                      else "nothing graded")
            rows.append(f"| {stem} | {time} | | | {graded} | |")
            continue
        assignment = grading.load_assignment(Path(root), stem)
        auto = [e for e in assignment.exercises if not e.by_hand]
        by_hand = [e for e in assignment.exercises if e.by_hand]
        hand_points = sum(e.points for e in by_hand)
        count = sum(1 for row in coverage if row.objective.startswith(stem[:2] + "."))
        written = ", ".join(f"{e.name} ({e.points:g})" for e in by_hand) or "none"
        rows.append(f"| {stem} | {time} | {count} | {len(auto)} | {written} | "
                    f"{assignment.auto_points:g} + {hand_points:g} |")
    return "\n".join(rows)


GUIDE = Path("docs") / "instructor-guide.md"
START = "<!-- lesson table: generated by `make exercises` from the notebooks; do not edit -->"
END = "<!-- end of the lesson table -->"


def update_guide(root: Path, check_only: bool = False) -> bool:
    """Write the per-lesson table into the instructor guide; True if it was (or would be) changed."""
    from facenumbers.objectives import update_block

    return update_block(Path(root) / GUIDE, START, END, lesson_table_markdown(root), check_only)
