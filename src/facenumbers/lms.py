"""Gradebook files for an LMS: Canvas's and Moodle's CSV import formats, from graded results.

Both files hold one row per student of the roster (:mod:`facenumbers.roster`) who has a
result with points, and one grade column for the assignment: the points of its **checked**
exercises (``total`` in ``grades.csv``, out of ``Assignment.auto_points``). Answers graded by
hand are not in it: enter them in the LMS, or in a column of your own. Nothing is dropped
without a word: ``lms_warnings.txt`` lists every student graded but not in the roster, every
roster student with no result or no usable identifier, and every submission that was not graded
in full.

**Canvas** (Grades > Import), the layout of a Canvas gradebook export, which its importer
reads back (:data:`CANVAS_COLUMNS`):

- a header row ``Student, ID, SIS User ID, SIS Login ID, Section``, then one column per
  assignment: ``Title (assignment id)`` when you give the Canvas assignment's id (the number at
  the end of its address), else ``Title``, which Canvas matches by title or creates;
- a second row ``    Points Possible`` (Canvas's own spelling, four spaces first), with the
  assignment's points possible in its column;
- one row per student. Canvas finds a student by ``ID`` (its own user id), then ``SIS User
  ID``, then ``SIS Login ID``, then the name. The roster's ``id`` goes in ``ID``: make it the
  Canvas user id (the ``ID`` column of a Canvas gradebook export), or leave the roster's ``id``
  out of the file with ``roster_ids_are_canvas_ids=False``.

**Moodle** (Grades > Import > CSV file): a header row, then one row per student, with
:data:`MOODLE_IDENTIFIERS` naming the identifier column first (``Email address``, ``ID number``
or ``Username``; you choose it under "Identify user by", "Map from", and map it to the same
field under "Map to") and then one column per grade item (you map it under "Grade item
mappings" to the grade item, or to a new grade item). Moodle stops the whole import at a row
whose user it cannot find, so a student without the identifier is left out and listed in the
warnings.

>>> from facenumbers.grading import Assignment, ExerciseSpec, GradeResult
>>> from facenumbers.roster import RosterEntry
>>> assignment = Assignment("demo", "facenumbers.checks.demo", (ExerciseSpec("half", 2, False),))
>>> results = [GradeResult("Li Hua", "", "graded", points={"half": 2})]
>>> roster = [RosterEntry("Li Hua", id="101", email="li@uni.edu", section="A")]
>>> print(canvas_csv(results, assignment, roster)[0])
Student,ID,SIS User ID,SIS Login ID,Section,demo
    Points Possible,,,,,2
Li Hua,101,,,A,2
<BLANKLINE>
>>> print(moodle_csv(results, assignment, roster)[0])
Email address,demo
li@uni.edu,2
<BLANKLINE>
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from facenumbers.models.validation import require_instance, require_path
from facenumbers.roster import RosterEntry, read_roster, safe_name

if TYPE_CHECKING:
    from facenumbers.grading import Assignment, GradeResult

__all__ = ["CANVAS_COLUMNS", "MOODLE_IDENTIFIERS", "canvas_csv", "moodle_csv", "write_lms_files"]

#: The columns that identify a student in a Canvas gradebook file, in Canvas's order.
CANVAS_COLUMNS = ("Student", "ID", "SIS User ID", "SIS Login ID", "Section")
#: Canvas's label of the row of points possible (as its exports write it).
CANVAS_POINTS_ROW = "    Points Possible"
#: How a Moodle import may identify users: our choice -> (the column's header, the roster field).
MOODLE_IDENTIFIERS = {"email": ("Email address", "email"), "idnumber": ("ID number", "id"),
                      "username": ("Username", "sis_login_id")}
#: The file names :func:`write_lms_files` writes.
CANVAS_FILE, MOODLE_FILE, WARNINGS_FILE = "canvas.csv", "moodle.csv", "lms_warnings.txt"


def _require(results: object, assignment: object, roster: object) -> tuple[
        list[GradeResult], Assignment, list[RosterEntry]]:
    from facenumbers.grading import Assignment, GradeResult

    if isinstance(results, (str, bytes, Mapping)) or not isinstance(results, Sequence) or not all(
            isinstance(r, GradeResult) for r in results):
        raise TypeError("results must be a list of GradeResult (from grade_batch).")
    require_instance(assignment, Assignment, "assignment", "an Assignment (from load_assignment)")
    if isinstance(roster, (str, Path)):
        roster = read_roster(roster)
    if isinstance(roster, (str, bytes, Mapping)) or not isinstance(roster, Sequence) or not all(
            isinstance(e, RosterEntry) for e in roster):
        raise TypeError("roster must be a list of RosterEntry (from read_roster) or the "
                        "roster's path.")
    return list(results), assignment, list(roster)


def _points(value: float) -> str:
    """Points as both LMSs read them: a plain decimal number with a point, no exponent."""
    text = f"{value:.4f}".rstrip("0").rstrip(".")
    return "0" if text in ("", "-0") else text


def _score(result: GradeResult) -> str:
    """The grade to import: the checked exercises' total; nothing for a run that failed."""
    return "" if result.status == "failed to run" else _points(result.total)


def _match(results: list[GradeResult], roster: list[RosterEntry]) -> tuple[
        list[tuple[RosterEntry, GradeResult]], list[str]]:
    """Each roster student with their result (roster order), and the warnings."""
    exact = {entry.student: entry for entry in roster}
    alike: dict[str, list[RosterEntry]] = {}
    for entry in roster:
        alike.setdefault(safe_name(entry.student), []).append(entry)
    matched: dict[str, GradeResult] = {}
    warnings = []
    for result in results:
        entry = exact.get(result.student)
        if entry is None and len(alike.get(safe_name(result.student), [])) == 1:
            entry = alike[safe_name(result.student)][0]
        if entry is None:
            warnings.append(f"{result.student}: {result.status}, {_points(result.total)} points, "
                            "but not in the roster, so in no LMS file. Add a row for them (the "
                            "student column is the submission's file or folder name) and run "
                            "again.")
        elif entry.student in matched:
            warnings.append(f"{result.student}: a second submission for roster student "
                            f"{entry.student!r}; only the first ({matched[entry.student].student})"
                            " is in the LMS files.")
        else:
            matched[entry.student] = result
    pairs = []
    for entry in roster:
        result = matched.get(entry.student)
        if result is None:
            warnings.append(f"{entry.student}: in the roster, but no submission was graded; "
                            "left out of the LMS files (no grade is changed).")
        elif result.status == "failed to run":
            warnings.append(f"{entry.student}: the notebook failed to run ({result.reason}); "
                            "left out of the LMS files: grade it again or by hand.")
        else:
            if result.status == "broken":
                warnings.append(f"{entry.student}: broken submission ({result.reason}); 0 "
                                "points written, as in grades.csv: check before importing.")
            pairs.append((entry, result))
    return pairs, warnings


def _csv(rows: list[list[str]]) -> str:
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows(rows)
    return out.getvalue()


def canvas_csv(results: Sequence[GradeResult], assignment: Assignment,
               roster: Sequence[RosterEntry] | str | Path, *, title: str | None = None,
               assignment_id: str | int | None = None,
               roster_ids_are_canvas_ids: bool = True) -> tuple[str, list[str]]:
    """The Canvas gradebook CSV (see the module's docstring) and the warnings, as text.

    ``title`` is the Canvas assignment's title (default: the assignment's name);
    ``assignment_id`` its Canvas id, which makes the column ``Title (id)``.

    >>> from facenumbers.grading import Assignment
    >>> canvas_csv([], Assignment("demo", "m", ()), [], assignment_id="12a")
    Traceback (most recent call last):
    ...
    ValueError: assignment_id must be the Canvas assignment's number (the digits at the end of its address); got '12a'.
    """
    results, assignment, roster = _require(results, assignment, roster)
    title = assignment.name if title is None else title
    if not isinstance(title, str) or not title.strip():
        raise ValueError(f"title must be the Canvas assignment's title (text); got {title!r:.60}.")
    header = title.strip()
    if assignment_id is not None:
        if isinstance(assignment_id, bool) or not re.fullmatch(r"\d+", str(assignment_id).strip()):
            raise ValueError("assignment_id must be the Canvas assignment's number (the digits at "
                             f"the end of its address); got {assignment_id!r:.40}.")
        header = f"{header} ({str(assignment_id).strip()})"
    pairs, warnings = _match(results, roster)
    rows = [[*CANVAS_COLUMNS, header],
            [CANVAS_POINTS_ROW, "", "", "", "", _points(assignment.auto_points)]]
    for entry, result in pairs:
        rows.append([entry.student, entry.id if roster_ids_are_canvas_ids else "",
                     entry.sis_user_id, entry.sis_login_id, entry.section, _score(result)])
    return _csv(rows), warnings


def _moodle_identifier(pairs: list[tuple[RosterEntry, GradeResult]],
                       identify_by: str | None) -> str:
    if identify_by is None:     # the first identifier every student has, else the commonest
        counts = {key: sum(bool(getattr(e, field)) for e, _ in pairs)
                  for key, (_, field) in MOODLE_IDENTIFIERS.items()}
        full = [key for key, count in counts.items() if count == len(pairs)]
        return full[0] if full else max(counts, key=lambda key: counts[key])
    if identify_by not in MOODLE_IDENTIFIERS:
        raise ValueError(f"identify_by must be one of {', '.join(MOODLE_IDENTIFIERS)}; got "
                         f"{identify_by!r:.40}.")
    return identify_by


def moodle_csv(results: Sequence[GradeResult], assignment: Assignment,
               roster: Sequence[RosterEntry] | str | Path, *, identify_by: str | None = None,
               item: str | None = None) -> tuple[str, list[str]]:
    """The Moodle grade import CSV (see the module's docstring) and the warnings, as text.

    ``identify_by`` is ``"email"``, ``"idnumber"`` (the roster's ``id``) or ``"username"`` (the
    roster's ``sis_login_id``); by default the first that every student has. ``item`` is the
    grade column's header (default: the assignment's name).

    >>> from facenumbers.grading import Assignment
    >>> moodle_csv([], Assignment("demo", "m", ()), [], identify_by="name")
    Traceback (most recent call last):
    ...
    ValueError: identify_by must be one of email, idnumber, username; got 'name'.
    """
    results, assignment, roster = _require(results, assignment, roster)
    item = assignment.name if item is None else item
    if not isinstance(item, str) or not item.strip():
        raise ValueError(f"item must be the grade item's name (text); got {item!r:.60}.")
    pairs, warnings = _match(results, roster)
    key = _moodle_identifier(pairs, identify_by)
    column, field = MOODLE_IDENTIFIERS[key]
    rows = [[column, item.strip()]]
    for entry, result in pairs:
        identifier = getattr(entry, field)
        if not identifier:
            warnings.append(f"{entry.student}: no {field} in the roster, which the Moodle file "
                            f"identifies students by ({column}); left out of {MOODLE_FILE}.")
            continue
        rows.append([identifier, _score(result)])
    return _csv(rows), warnings


def write_lms_files(results: Sequence[GradeResult], assignment: Assignment,
                    roster: Sequence[RosterEntry] | str | Path, out: str | Path, *,
                    canvas_assignment_id: str | int | None = None,
                    moodle_identify_by: str | None = None) -> dict[str, Path]:
    """Write ``canvas.csv``, ``moodle.csv`` and ``lms_warnings.txt`` under ``out``.

    Returns the paths by name (``"canvas"``, ``"moodle"``, ``"warnings"``).

    >>> write_lms_files([], None, [], "out")
    Traceback (most recent call last):
    ...
    TypeError: assignment must be an Assignment (from load_assignment); got a NoneType.
    """
    results, assignment, roster = _require(results, assignment, roster)
    canvas, canvas_warnings = canvas_csv(results, assignment, roster,
                                         assignment_id=canvas_assignment_id)
    moodle, moodle_warnings = moodle_csv(results, assignment, roster,
                                         identify_by=moodle_identify_by)
    out = require_path(out, "out")
    out.mkdir(parents=True, exist_ok=True)
    paths = {"canvas": out / CANVAS_FILE, "moodle": out / MOODLE_FILE,
             "warnings": out / WARNINGS_FILE}
    paths["canvas"].write_text(canvas, encoding="utf-8")
    paths["moodle"].write_text(moodle, encoding="utf-8")
    warnings = list(dict.fromkeys(canvas_warnings + moodle_warnings))
    lines = [f"LMS files for {assignment.name}: {CANVAS_FILE} and {MOODLE_FILE}.",
             (f"{len(warnings)} warning(s): read them before you import." if warnings else
              "No warnings: every graded student is in the roster and in both files."), ""]
    paths["warnings"].write_text("\n".join(lines + [f"- {w}" for w in warnings]) + "\n",
                                 encoding="utf-8")
    return paths
