"""The roster: read from the CSV files instructors have, or refused with the column and the row."""

from __future__ import annotations

import codecs
import dataclasses

import pytest

from facenumbers.roster import COLUMNS, RosterEntry, by_student, match_student, read_roster, safe_name

ROWS = "student,id,email,sis_user_id,sis_login_id,section\nLi Hua,2024001,li@uni.edu,S1,lhua,A\n" \
       "Ana Souza,,ana@uni.edu,,,B\n"


def _write(tmp_path, text: str | bytes, name: str = "roster.csv"):
    path = tmp_path / name
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8", newline="")
    return path


def test_every_column_is_read_in_order_and_the_key_is_the_id_else_the_name(tmp_path):
    entries = read_roster(_write(tmp_path, ROWS))
    assert entries == [RosterEntry("Li Hua", "2024001", "li@uni.edu", "S1", "lhua", "A"),
                       RosterEntry("Ana Souza", "", "ana@uni.edu", "", "", "B")]
    assert [e.key for e in entries] == ["2024001", "Ana Souza"]
    assert tuple(f.name for f in dataclasses.fields(RosterEntry)) == COLUMNS


def test_only_the_student_column_is_required(tmp_path):
    entries = read_roster(_write(tmp_path, "student\nalice\nbob\n"))
    assert [(e.student, e.id, e.email, e.section) for e in entries] == [("alice", "", "", ""),
                                                                       ("bob", "", "", "")]


def test_entries_are_frozen_strings():
    entry = RosterEntry("Li Hua")
    with pytest.raises(dataclasses.FrozenInstanceError):
        entry.id = "1"      # type: ignore[misc]
    with pytest.raises(TypeError, match="RosterEntry.id must be text"):
        RosterEntry("Li Hua", id=7)     # type: ignore[arg-type]
    with pytest.raises(ValueError, match="student"):
        RosterEntry("  ")


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "utf-16"])
def test_utf8_with_or_without_a_bom_and_excels_unicode_text(tmp_path, encoding):
    text = ROWS.replace("Li Hua", "李华").replace(",", "\t" if encoding == "utf-16" else ",")
    entries = read_roster(_write(tmp_path, text.encode(encoding)))
    assert entries[0].student == "李华" and entries[0].sis_login_id == "lhua"


def test_excels_csv_crlf_semicolons_quotes_headers_and_blank_rows(tmp_path):
    text = (codecs.BOM_UTF8.decode("utf-8") + "Student;ID;E-mail;SIS User ID;SIS Login ID;Section;Notes\r\n"
            '"Souza; Ana";7;ana@uni.edu;;;B;"said ""hi"""\r\n;;;;;;\r\n  Li Hua  ;8;;;;A;\r\n')
    entries = read_roster(_write(tmp_path, text))
    assert [(e.student, e.id, e.email, e.section) for e in entries] == [
        ("Souza; Ana", "7", "ana@uni.edu", "B"), ("Li Hua", "8", "", "A")]


@pytest.mark.parametrize("text, words", [
    ("name,id\nLi Hua,1\n", ["row 1", "no student column", "'name'"]),
    ("student,id\nLi Hua,1\n,2\n", ["row 3", "column student", "empty"]),
    ("student,id\nLi Hua,1\nAna,2\nLi Hua,3\n", ["row 4", "column student", "'Li Hua'", "row 2"]),
    ("student,id\nLi Hua,1\nAna,1\n", ["row 3", "column id", "'1'", "row 2", "'Li Hua'"]),
    ("student,Student\nx,y\n", ["row 1", "'Student'", "twice"]),
    ("student,id\nLi Hua,1,extra\n", ["row 2", "3 values", "2 columns", "'extra'"]),
    ("", ["empty"]),
])
def test_problems_are_refused_naming_the_column_and_the_row(tmp_path, text, words):
    with pytest.raises(ValueError) as problem:
        read_roster(_write(tmp_path, text))
    for word in words:
        assert word in str(problem.value), str(problem.value)


def test_a_file_that_is_not_utf8_or_not_there(tmp_path):
    with pytest.raises(ValueError, match="not UTF-8.*CSV UTF-8"):
        read_roster(_write(tmp_path, "student\nJosé\n".encode("cp1252")))
    with pytest.raises(ValueError, match="not a file"):
        read_roster(tmp_path / "missing.csv")
    with pytest.raises(TypeError, match="path"):
        read_roster(3)      # type: ignore[arg-type]


def test_a_submission_finds_its_student_by_name_or_by_the_name_submit_writes():
    roster = [RosterEntry("Li Hua", id="7"), RosterEntry("ana")]
    assert match_student(roster, "Li Hua").id == "7"
    assert match_student(roster, safe_name("Li Hua")).id == "7"
    assert match_student(roster, "bob") is None
    assert by_student(roster)["ana"].key == "ana"
    with pytest.raises(ValueError, match="twice"):
        by_student([RosterEntry("ana"), RosterEntry("ana")])
    with pytest.raises(TypeError):
        by_student("ana")    # type: ignore[arg-type]


def test_hostile_arguments_get_a_message_never_a_crash():
    from test_fuzz_public import _escapes

    import facenumbers.roster as module
    for name in module.__all__:
        function = getattr(module, name)
        if callable(function) and not isinstance(function, type):
            assert not _escapes(function), name
