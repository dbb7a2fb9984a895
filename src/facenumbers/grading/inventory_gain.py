"""The concept inventory's gain between two sittings, from two folders of grades.

Each sitting of the inventory is graded like any assignment (``facenumbers grade SUBMISSIONS
--assignment concept-inventory --out grades-before/``). ``facenumbers inventory-gain --before
grades-before/ --after grades-after/ --out gain/`` then reads each folder's ``results.json``,
works out the letter each student chose (a right answer is the answer's letter; a wrong one is
named ``chose-<letter>`` by the checks) and writes, with
:func:`facenumbers.teaching.inventory.gain_report`:

- ``inventory_gain.md``: the report for the instructor;
- ``inventory_students.csv``: each student's scores and normalised gain;
- ``inventory_questions.csv``: each question's share right before and after, and the wrong
  option most chosen after, with its misconception.

A submission that could not be graded (broken, or failed to run) counts as not sat, and the
report lists it. The files name students: keep them with the grades, not with the class.

>>> letter_from({"status": "not yet", "mistake": "chose-b"}, "C"), letter_from({"status": "correct"}, "C")
('B', 'C')
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from facenumbers.models.validation import require_path
from facenumbers.teaching import inventory

__all__ = ["letter_from", "read_sitting", "write_gain"]


def letter_from(feedback: Mapping[str, Any], answer: str) -> str | None:
    """The letter a student chose, from the grader's feedback on one question (None: blank, or
    not a letter A to D)."""
    if not isinstance(feedback, Mapping) or not isinstance(answer, str):
        raise TypeError("feedback must be the grader's feedback on one question (a dict), and "
                        "answer the question's right letter.")
    if feedback.get("status") == "correct":
        return answer
    mistake = str(feedback.get("mistake", ""))
    letter = mistake.removeprefix("chose-").upper()
    return letter if mistake.startswith("chose-") and letter in inventory.LETTERS else None


def read_sitting(grades: Path, bank: inventory.Bank | None = None
                 ) -> tuple[dict[str, dict[str, str | None]], list[str]]:
    """From ``grades/results.json`` (written by ``facenumbers grade``): each graded student's
    letters by question, and the students whose submission could not be graded. ValueError
    when the folder holds no results, or results of another assignment."""
    grades = require_path(grades, "grades")
    bank = inventory.load_bank() if bank is None else bank
    path = grades / "results.json"
    if not path.is_file():
        raise ValueError(f"{grades} holds no results.json: give the --out folder of `facenumbers "
                         f"grade ... --assignment {inventory.NAME}`.")
    try:
        results = json.loads(path.read_text(encoding="utf-8"))
    except (ValueError, OSError) as problem:
        raise ValueError(f"{path} cannot be read: {problem}") from None
    if not isinstance(results, list) or not all(isinstance(r, dict) for r in results):
        raise ValueError(f"{path} is not a list of results written by `facenumbers grade`.")
    answers: dict[str, dict[str, str | None]] = {}
    ungraded = []
    for result in results:
        student = str(result.get("student", ""))
        if result.get("status") != "graded":
            ungraded.append(student)
            continue
        feedback = result.get("feedback") or {}
        if not set(bank.ids) <= set(feedback):
            raise ValueError(f"{path}: the results of {student!r} are not the concept "
                             f"inventory's (no questions {', '.join(bank.ids[:2])}, ...): grade "
                             f"with --assignment {inventory.NAME}.")
        answers[student] = {q.id: letter_from(feedback[q.id], q.answer) for q in bank.questions}
    return answers, ungraded


def write_gain(before: Path, after: Path, out: Path) -> inventory.GainReport:
    """Compare the sittings graded into ``before`` and ``after``; write the report's three files
    into ``out``, and return the report."""
    out = require_path(out, "out")
    bank = inventory.load_bank()
    first, first_ungraded = read_sitting(before, bank)
    second, second_ungraded = read_sitting(after, bank)
    report = inventory.gain_report(bank, first, second)
    text = report.markdown()
    if first_ungraded or second_ungraded:
        text += ("\n**Could not be graded** (counted as not sat): "
                 + "; ".join([f"{s} (before)" for s in first_ungraded]
                             + [f"{s} (after)" for s in second_ungraded]) + ".\n")
    out.mkdir(parents=True, exist_ok=True)
    (out / "inventory_gain.md").write_text(text, encoding="utf-8")
    (out / "inventory_students.csv").write_text(report.students_csv(), encoding="utf-8")
    (out / "inventory_questions.csv").write_text(report.questions_csv(), encoding="utf-8")
    return report
