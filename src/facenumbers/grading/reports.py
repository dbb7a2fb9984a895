"""What a batch writes: ``grades.csv``, ``feedback/<student>.md`` and ``results.json``, and
the summary printed at the end.

>>> _safe("Li Hua / 2"), _safe("..")
('Li_Hua_2', 'student')
"""

from __future__ import annotations

from typing import Any

import csv
import json
import re
from collections.abc import Sequence
from dataclasses import asdict
from pathlib import Path

from facenumbers.grading.assignment import Assignment, GradeResult
from facenumbers.models.validation import require_instance, require_path


def write_reports(results: Sequence[GradeResult], assignment: Assignment, out: Path,
                  roster: Sequence[Any] | None = None,
                  canvas_assignment_id: str | None = None) -> Path:
    """Write ``grades.csv``, ``feedback/<student>.md``, ``results.json`` and the item analysis
    (``item_analysis.csv`` and ``.html``: what the class got wrong) under ``out``; with a
    ``roster`` (from :func:`facenumbers.roster.read_roster`), also the gradebooks to import
    into Canvas and Moodle (``canvas.csv``, ``moodle.csv``, ``lms_warnings.txt``). Returns the
    path of ``grades.csv``."""
    require_instance(assignment, Assignment, "assignment", "an Assignment (from load_assignment)")
    out = require_path(out, "out")
    if isinstance(results, (str, bytes)) or not all(isinstance(r, GradeResult) for r in results):
        raise TypeError("results must be a list of GradeResult (from grade_all).")
    out.mkdir(parents=True, exist_ok=True)
    (out / "feedback").mkdir(exist_ok=True)
    auto = [e for e in assignment.exercises if not e.by_hand]
    by_hand = [e for e in assignment.exercises if e.by_hand]
    path = out / "grades.csv"
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["student", *[e.name for e in auto], *[f"{e.name} (by hand)" for e in by_hand],
                         "total", "out_of", "status", "reason"])
        for r in results:
            writer.writerow([r.student, *[f"{r.points.get(e.name, 0):g}" for e in auto],
                             *["" for _ in by_hand], f"{r.total:g}", f"{assignment.auto_points:g}",
                             r.status, r.reason])
    for r in results:
        (out / "feedback" / f"{_safe(r.student)}.md").write_text(feedback_text(r, assignment),
                                                                  encoding="utf-8")
    (out / "results.json").write_text(json.dumps([asdict(r) for r in results], indent=1),
                                      encoding="utf-8")
    from facenumbers import items, lms

    items.write_item_analysis(results, assignment, out)
    if roster is not None:
        lms.write_lms_files(results, assignment, roster, out, canvas_assignment_id=canvas_assignment_id)
    return path


def _safe(name: str) -> str:
    return re.sub(r"[^\w.-]+", "_", name).strip("._") or "student"


def feedback_text(result: GradeResult, assignment: Assignment) -> str:
    """The feedback file for one student: what passed, the hints for the rest."""
    lines = [f"# Feedback: {assignment.name}, {result.student}", ""]
    if result.status != "graded":
        lines += [f"**Your notebook could not be graded ({result.status})**: {result.reason}.", "",
                  "Check that you handed in the right file, that it opens in JupyterLab, and that "
                  "it runs from top to bottom (Kernel > Restart Kernel and Run All Cells).", ""]
    elif result.reason:
        lines += [f"Note: {result.reason}.", ""]
    lines += [f"**Points: {result.total:g} of {assignment.auto_points:g}** (checked exercises)", ""]
    for exercise in assignment.exercises:
        feedback = result.feedback.get(exercise.name)
        if exercise.by_hand:
            said = feedback["message"] if feedback else "not found in your notebook."
            lines.append(f"- **{exercise.name}**: for your instructor ({said})")
        elif feedback is None:
            lines.append(f"- **{exercise.name}**: not graded.")
        elif feedback["status"] == "correct":
            lines.append(f"- **{exercise.name}**: correct ({exercise.points:g} points).")
        else:
            head = "not answered yet" if feedback["status"] == "not answered" else "not yet"
            hint = f" Hint: {feedback['hint']}" if feedback.get("hint") else ""
            lines.append(f"- **{exercise.name}**: {head}. {feedback['message']}{hint}")
    return "\n".join(lines) + "\n"


def summary_text(results: Sequence[GradeResult], assignment: Assignment) -> str:
    """The end-of-batch summary: counts, and the exercises the class found hardest."""
    graded = [r for r in results if r.status == "graded"]
    lines = [f"Submitted: {len(results)}   graded: {len(graded)}   "
             f"broken: {sum(r.status == 'broken' for r in results)}   "
             f"failed to run: {sum(r.status == 'failed to run' for r in results)}"]
    if graded:
        lines.append("Share of graded submissions passing each exercise (hardest first):")
        shares = []
        for e in assignment.exercises:
            if not e.by_hand:
                shares.append((sum(r.points.get(e.name, 0) > 0 for r in graded) / len(graded), e.name))
        lines += [f"  {share:6.0%}  {name}" for share, name in sorted(shares)]
        mean = sum(r.total for r in graded) / len(graded)
        lines.append(f"Mean total: {mean:.1f} of {assignment.auto_points:g} points.")
    return "\n".join(lines)
