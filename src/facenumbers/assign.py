"""``facenumbers assign``: one exercise notebook per student, each with the student's variant.

    facenumbers assign --roster roster.csv --assignment 04-base-rates --out release/

writes ``release/<student>/04-base-rates.ipynb`` for every student of the roster, and
``release/variants.csv`` for the instructor: each student's key (the roster's ``id``, else the
``student`` name), the variant's key, its parameters and the right answer of each varied number
exercise. A student's variant depends only on the assignment and the student's key (see
:mod:`facenumbers.variants`), so releasing again gives every student the same notebook, and
``facenumbers grade`` works each variant out from the same roster.

An assignment with nothing to vary gets the default exercise notebook for every student.

>>> import tempfile
>>> course = Path(__file__).resolve().parents[2]
>>> folder = Path(tempfile.mkdtemp())
>>> _ = (folder / "roster.csv").write_text("student,id\\nLi Hua,2024001\\n", encoding="utf-8")
>>> [r.student for r in release(course, "04-base-rates", folder / "roster.csv", folder / "out")]
['Li Hua']
>>> (folder / "out" / "Li Hua" / "04-base-rates.ipynb").is_file()
True
"""

from __future__ import annotations

import csv
import importlib
from dataclasses import dataclass, field
from pathlib import Path

import nbformat

from facenumbers import notebooks, variants
from facenumbers.checks import NumberJudge
from facenumbers.models.validation import require_instance, require_path

__all__ = ["Released", "release", "write_table"]

TABLE = "variants.csv"
_NOTE = ("solutions/ by `facenumbers assign` for one student's variant: edit the solution "
         "notebook, not this one")


@dataclass(frozen=True)
class Released:
    """One student's released notebook and the variant it states."""

    student: str
    student_key: str
    variant: str
    path: Path
    params: dict[str, variants.Value] = field(default_factory=dict)
    answers: dict[str, str] = field(default_factory=dict)


def _folder_name(student: str) -> str:
    """The student's folder: their roster name, which ``facenumbers grade`` reads back."""
    name = student.strip()
    if not name or name in (".", "..") or name.startswith(".") or any(c in name for c in "/\\\0"):
        raise ValueError(f"the student {student!r} cannot name a folder: use a name without / or "
                         "\\ that does not start with a dot (it names the submission).")
    return name


def _answers(lesson: object, counts: dict[str, int]) -> dict[str, str]:
    """The right answers of the varied number exercises, as the instructor's table shows them."""
    shown = {}
    for name, exercise in getattr(lesson, "exercises", {}).items():
        if counts.get(name, 1) > 1 and isinstance(exercise.judge, NumberJudge):
            shown[name] = f"{float(exercise.judge.expected):.6g}"
    return shown


def release(course: Path, assignment: str, roster: Path, out: Path) -> list[Released]:
    """Write each roster student's notebook of ``assignment`` and the table; return what was
    written, in roster order. ValueError for an unknown assignment, a bad roster or a student
    whose name cannot name a folder (nothing is written then)."""
    from facenumbers.grading import load_assignment  # knows the assignments of the course
    from facenumbers.roster import read_roster

    course, roster, out = (require_path(p, n) for p, n in ((course, "course"), (roster, "roster"),
                                                          (out, "out")))
    require_instance(assignment, str, "assignment", "an assignment's name, such as '04-base-rates'")
    load_assignment(course, assignment)
    entries = read_roster(roster)
    if not entries:
        raise ValueError(f"the roster {roster} lists no students.")
    folders = [_folder_name(entry.student) for entry in entries]
    solution = notebooks.label_cells(
        notebooks.clean(nbformat.read(course / "solutions" / f"{assignment}.ipynb", as_version=4)),
        assignment)
    name = variants.checks_module(assignment)
    module = importlib.import_module(name) if name else None
    counts = dict(getattr(module, "VARIANT_COUNTS", {}))
    default = notebooks.exercise_from_solution(solution)
    released = []
    for entry, folder in zip(entries, folders):
        key = variants.student_key(entry.student, entry.id)
        params = variants.params_for(assignment, key)
        if module is None:
            notebook, variant, answers = default, "", {}
        else:
            variant = module.VARIATION.key(params)
            constants = module.constants_for(params) if hasattr(module, "constants_for") else {}
            notebook = notebooks.variant_exercise(solution, module.texts_for(params), variant, _NOTE,
                                                  constants)
            answers = _answers(module.lesson_for(params), counts)
        path = out / folder / f"{assignment}.ipynb"
        notebooks.write_if_changed(notebook, path)
        released.append(Released(entry.student, key, variant, path, params, answers))
    write_table(released, out / TABLE)
    return released


def write_table(released: list[Released], path: Path) -> Path:
    """Write the instructor's table of variants (one row per student) to ``path``."""
    path = require_path(path, "path")
    if isinstance(released, (str, bytes)) or not isinstance(released, (list, tuple)) or not all(
            isinstance(r, Released) for r in released):
        raise TypeError("released must be a list of Released (from release).")
    params = list(dict.fromkeys(name for r in released for name in r.params))
    answers = list(dict.fromkeys(name for r in released for name in r.answers))
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["student", "student_key", "variant", *params,
                         *[f"answer:{name}" for name in answers]])
        for r in released:
            writer.writerow([r.student, r.student_key, r.variant or "(default)",
                             *[r.params.get(name, "") for name in params],
                             *[r.answers.get(name, "") for name in answers]])
    return path
