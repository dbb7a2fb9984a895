"""LMS gradebook files, parsed back against the layouts Canvas and Moodle document.

Canvas (its gradebook importer, app/models/gradebook_importer.rb, and the instructor guide "How do
I import grades in the Gradebook?"): a header row whose first columns are Student, ID, SIS User
ID, SIS Login ID and Section, then one column per assignment, "Title (id)" or "Title"; a row
whose first cell holds "Points Possible"; one row per student. Moodle ("Grade import", CSV): a
header row, an identifier column mapped at import (email address, ID number or username), one
column per grade item, and a row per student whose identifier Moodle can find (it stops the
whole import at a row it cannot match).
"""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path

import pytest

from facenumbers import grading, lms
from facenumbers.roster import RosterEntry

ROOT = Path(__file__).resolve().parents[1]
ASSIGNMENT = grading.load_assignment(ROOT, "04-base-rates")
NAMES = [e.name for e in ASSIGNMENT.exercises if not e.by_hand]
ROSTER = [RosterEntry("Li Hua", "2001", "li@uni.edu", "S-1", "lhua", "Section A"),
          RosterEntry("Ana Souza", "2002", "ana@uni.edu", "S-2", "asouza", "Section B"),
          RosterEntry("Bo Chen", "2003", "bo@uni.edu", "", "", "Section A"),
          RosterEntry("Absent Student", "2004", "absent@uni.edu", "", "", "Section B")]


def _result(student: str, passed: int, status: str = "graded", reason: str = "") -> grading.GradeResult:
    points = {name: (1.0 if i < passed else 0.0) for i, name in enumerate(NAMES)}
    return grading.GradeResult(student, f"{student}.ipynb", status, reason, points=points)


RESULTS = [_result("Li_Hua", 7), _result("Ana Souza", 4), _result("Bo Chen", 0, "broken", "the file is empty"),
           _result("Stranger", 5)]


def _rows(text: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO(text)))


def test_canvas_header_points_possible_and_one_row_per_student():
    text, warnings = lms.canvas_csv(RESULTS, ASSIGNMENT, ROSTER)
    header, points, *students = _rows(text)
    assert header == ["Student", "ID", "SIS User ID", "SIS Login ID", "Section", "04-base-rates"]
    assert points[0] == "    Points Possible" and "Points Possible" in points[0]
    assert points[1:5] == ["", "", "", ""] and float(points[5]) == ASSIGNMENT.auto_points
    assert [row[0] for row in students] == ["Li Hua", "Ana Souza", "Bo Chen"]
    assert [row[1:5] for row in students[:2]] == [["2001", "S-1", "lhua", "Section A"],
                                                  ["2002", "S-2", "asouza", "Section B"]]
    assert [float(row[5]) for row in students] == [7.0, 4.0, 0.0]
    assert all(len(row) == len(header) for row in students)
    text = "\n".join(warnings)
    assert "Stranger" in text and "not in the roster" in text
    assert "Absent Student" in text and "Bo Chen" in text and "broken" in text


def test_canvas_reads_it_as_its_importer_does():
    text, _ = lms.canvas_csv(RESULTS, ASSIGNMENT, ROSTER, assignment_id=4321, title="Lesson 04")
    header, points, *_ = _rows(text)
    # Canvas's checks on the header: Student, ID, the SIS columns, and Section last.
    assert "Student" in header[0] and "ID" in header[1]
    assert re.match(r"SIS\s+User\s+ID", header[2]) and re.match(r"SIS\s+Login\s+ID", header[3])
    assert "Section" in header[4]
    # Assignment.title_and_id: "Title (id)".
    assert re.fullmatch(r"(.*)\s\((\d+)\)", header[5]).groups() == ("Lesson 04", "4321")
    assert not re.search(r"Current Score|Final Score|Current Points|Final Points|Grade", header[5])


def test_canvas_leaves_out_ids_that_are_not_canvas_ids_and_refuses_a_bad_assignment_id():
    text, _ = lms.canvas_csv(RESULTS, ASSIGNMENT, ROSTER, roster_ids_are_canvas_ids=False)
    assert all(row[1] == "" for row in _rows(text)[2:])
    for bad in ("12a", "", True, -3):
        with pytest.raises(ValueError, match="assignment_id"):
            lms.canvas_csv(RESULTS, ASSIGNMENT, ROSTER, assignment_id=bad)


def test_moodle_identifier_column_then_the_grade_item():
    text, _ = lms.moodle_csv(RESULTS, ASSIGNMENT, ROSTER)
    header, *rows = _rows(text)
    assert header == ["Email address", "04-base-rates"]
    assert rows == [["li@uni.edu", "7"], ["ana@uni.edu", "4"], ["bo@uni.edu", "0"]]
    for identify_by, column, first in (("idnumber", "ID number", "2001"), ("username", "Username", "lhua")):
        text, warnings = lms.moodle_csv(RESULTS, ASSIGNMENT, ROSTER, identify_by=identify_by,
                                        item="Lesson 04 (checked)")
        header, *rows = _rows(text)
        assert header == [column, "Lesson 04 (checked)"] and rows[0] == [first, "7"]
        assert all(row[0] for row in rows) and len({row[0] for row in rows}) == len(rows)
        assert all(float(row[1]) >= 0 for row in rows)
    assert any("Bo Chen" in w and "left out of moodle.csv" in w for w in warnings)


def test_moodle_chooses_an_identifier_every_student_has():
    roster = [RosterEntry("Li Hua", id="2001"), RosterEntry("Ana Souza", id="2002", email="a@u.e")]
    text, _ = lms.moodle_csv(RESULTS[:2], ASSIGNMENT, roster)
    assert _rows(text)[0][0] == "ID number"
    with pytest.raises(ValueError, match="identify_by"):
        lms.moodle_csv(RESULTS, ASSIGNMENT, ROSTER, identify_by="name")


def test_fractional_points_and_runs_that_failed():
    half = grading.GradeResult("Li Hua", "", "graded", points={NAMES[0]: 0.5, NAMES[1]: 2.0})
    failed = grading.GradeResult("Ana Souza", "", "failed to run", "the kernel died")
    text, warnings = lms.canvas_csv([half, failed], ASSIGNMENT, ROSTER)
    rows = _rows(text)[2:]
    assert [(row[0], row[5]) for row in rows] == [("Li Hua", "2.5")]
    assert any("Ana Souza" in w and "failed to run" in w for w in warnings)


def test_write_lms_files_from_a_roster_file(tmp_path):
    roster = tmp_path / "roster.csv"
    roster.write_text("student,id,email,section\nLi Hua,2001,li@uni.edu,A\nAna Souza,,ana@uni.edu,B\n",
                      encoding="utf-8")
    paths = lms.write_lms_files(RESULTS, ASSIGNMENT, roster, tmp_path / "out", canvas_assignment_id="77")
    assert {p.name for p in paths.values()} == {"canvas.csv", "moodle.csv", "lms_warnings.txt"}
    canvas = _rows(paths["canvas"].read_text(encoding="utf-8"))
    assert canvas[0][5] == "04-base-rates (77)" and [r[0] for r in canvas[2:]] == ["Li Hua", "Ana Souza"]
    moodle = _rows(paths["moodle"].read_text(encoding="utf-8"))
    assert moodle == [["Email address", "04-base-rates"], ["li@uni.edu", "7"], ["ana@uni.edu", "4"]]
    warnings = paths["warnings"].read_text(encoding="utf-8")
    assert "Stranger" in warnings and "Bo Chen" in warnings and "warning(s)" in warnings
    assert not paths["canvas"].read_bytes().startswith(b"\xef\xbb\xbf")


def test_no_warnings_is_said_too(tmp_path):
    paths = lms.write_lms_files(RESULTS[:1], ASSIGNMENT, ROSTER[:1], tmp_path)
    assert "No warnings" in paths["warnings"].read_text(encoding="utf-8")


def test_hostile_arguments_get_a_message_never_a_crash():
    from test_fuzz_public import _escapes

    for name in lms.__all__:
        function = getattr(lms, name)
        if callable(function) and not isinstance(function, type):
            assert not _escapes(function), name
    with pytest.raises(TypeError, match="roster"):
        lms.canvas_csv(RESULTS, ASSIGNMENT, [{"student": "Li Hua"}])
