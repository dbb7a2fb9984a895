"""The class roster: who the students are, and the identifiers a gradebook knows them by.

A roster is a CSV file with one row per student and a header row. Only the ``student`` column
is required: the name ``facenumbers grade`` gives a submission, that is the file's name without
``.ipynb`` (``Li Hua.ipynb``) or the student's folder (``Li Hua/04-base-rates.ipynb``). The
other columns may be left empty or left out:

========================  ======================================================================
column                    what it holds
========================  ======================================================================
``student``               the submission's file or folder name (required, unique)
``id``                    the student's id number (unique when given); the key of their variant
``email``                 the address Moodle can match a grade to
``sis_user_id``           Canvas's "SIS User ID"
``sis_login_id``          Canvas's "SIS Login ID"
``section``               the section, as the LMS names it
========================  ======================================================================

Headers are matched without regard to case, spaces or hyphens (``SIS User ID`` is
``sis_user_id``, ``E-mail`` is ``email``); other columns are ignored. The file may be UTF-8 with
or without a byte-order mark (Excel's "CSV UTF-8"), or UTF-16 with one (Excel's "Unicode Text"),
with commas, semicolons (Excel in many European locales) or tabs between the values.

>>> import tempfile
>>> folder = Path(tempfile.mkdtemp())
>>> _ = (folder / "roster.csv").write_text("Student,ID,Email\\nLi Hua,2024001,li@uni.edu\\n"
...                                        "Ana Souza,,ana@uni.edu\\n", encoding="utf-8-sig")
>>> [(entry.student, entry.key) for entry in read_roster(folder / "roster.csv")]
[('Li Hua', '2024001'), ('Ana Souza', 'Ana Souza')]
"""

from __future__ import annotations

import codecs
import csv
import io
import re
from dataclasses import dataclass, fields
from pathlib import Path

from facenumbers.models.validation import require_path

__all__ = ["COLUMNS", "RosterEntry", "by_student", "match_student", "read_roster", "safe_name"]

#: The roster's columns, in order; only ``student`` is required.
COLUMNS = ("student", "id", "email", "sis_user_id", "sis_login_id", "section")
#: A roster larger than this is not a class list (a wrong file, most likely).
MAX_ROSTER_BYTES = 20_000_000
#: Other spellings of a column name that instructors' exports use.
_ALIASES = {"e_mail": "email", "email_address": "email", "id_number": "id",
            "student_id": "id", "idnumber": "id", "sis_user": "sis_user_id",
            "sis_login": "sis_login_id", "login_id": "sis_login_id"}


@dataclass(frozen=True)
class RosterEntry:
    """One student of the roster (every field a string; all but ``student`` may be empty).

    >>> RosterEntry("Li Hua", id="2024001").key, RosterEntry("Ana Souza").key
    ('2024001', 'Ana Souza')
    """

    student: str
    id: str = ""
    email: str = ""
    sis_user_id: str = ""
    sis_login_id: str = ""
    section: str = ""

    def __post_init__(self) -> None:
        for field in fields(self):
            value = getattr(self, field.name)
            if not isinstance(value, str):
                raise TypeError(f"RosterEntry.{field.name} must be text; got a "
                                f"{type(value).__name__}.")
        if not self.student.strip():
            raise ValueError("RosterEntry.student must be the submission's name; got an empty one.")

    @property
    def key(self) -> str:
        """The student's key: the ``id`` when there is one, else the ``student`` name."""
        return self.id if self.id else self.student


def _column(header: str) -> str:
    """A header as a column name: ``"SIS User ID"`` is ``sis_user_id``."""
    name = re.sub(r"[\s\-]+", "_", header.strip().lower()).strip("_")
    return _ALIASES.get(name, name)


def _decode(raw: bytes, path: Path) -> str:
    """The file's text: UTF-8 (with or without a BOM) or UTF-16 with a BOM."""
    if raw.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return raw.decode("utf-16")
        except UnicodeDecodeError as problem:
            raise ValueError(f"{path} starts like UTF-16 text but is not: {problem}.") from None
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as problem:
        line = raw[:problem.start].count(b"\n") + 1
        raise ValueError(
            f"{path} is not UTF-8 text (a byte on line {line} is not): in Excel, save it with "
            "File > Save As > \"CSV UTF-8 (Comma delimited)\"; in LibreOffice, choose the "
            "character set \"Unicode (UTF-8)\".") from None


def _delimiter(header_line: str) -> str:
    """The separator of the header line: a comma, a semicolon or a tab, whichever it holds most."""
    counts = {separator: header_line.count(separator) for separator in (",", ";", "\t")}
    best = max(counts, key=lambda separator: counts[separator])
    return best if counts[best] else ","


def read_roster(path: str | Path) -> list[RosterEntry]:
    """Read a roster CSV (see the module's docstring): one entry per student, in file order.

    Raises ValueError, naming the column and the row (rows counted as a spreadsheet shows them,
    the header being row 1), for: no such file, no ``student`` column, a column given twice, an
    empty student, a student or an id given twice, a row with more values than the header has
    columns. Blank rows are skipped.

    >>> import tempfile
    >>> folder = Path(tempfile.mkdtemp())
    >>> _ = (folder / "bad.csv").write_text("student;id\\nLi Hua;7\\nAna;7\\n", encoding="utf-8")
    >>> read_roster(folder / "bad.csv")
    Traceback (most recent call last):
    ...
    ValueError: ...bad.csv, row 3, column id: the id '7' is given twice (first in row 2, for 'Li Hua'); each student needs their own.
    """
    path = require_path(path, "path")
    if not path.is_file():
        raise ValueError(f"the roster {path} is not a file (expected a CSV with a student column).")
    if path.stat().st_size > MAX_ROSTER_BYTES:
        raise ValueError(f"the roster {path} is larger than {MAX_ROSTER_BYTES // 1_000_000} MB: "
                         "is it the class list?")
    text = _decode(path.read_bytes(), path)
    first = next((line for line in text.splitlines() if line.strip()), "")
    if not first:
        raise ValueError(f"the roster {path} is empty: it needs a header row with a student "
                         "column.")
    rows = list(csv.reader(io.StringIO(text, newline=""), delimiter=_delimiter(first)))
    start = next(i for i, row in enumerate(rows) if any(cell.strip() for cell in row))
    header = [_column(cell) for cell in rows[start]]
    for index, name in enumerate(header):
        if name and name in header[:index]:
            raise ValueError(f"{path}, row {start + 1}: the column {rows[start][index]!r} is given "
                             "twice; keep one.")
    if "student" not in header:
        found = ", ".join(repr(cell) for cell in rows[start] if cell.strip()) or "none"
        raise ValueError(f"{path}, row {start + 1}: no student column (the name of each "
                         f"submission's file or folder). The columns found are: {found}.")
    where = {name: header.index(name) for name in COLUMNS if name in header}
    entries: list[RosterEntry] = []
    students: dict[str, int] = {}
    ids: dict[str, tuple[int, str]] = {}
    for number, row in enumerate(rows[start + 1:], start=start + 2):
        if not any(cell.strip() for cell in row):
            continue
        extra = [cell for cell in row[len(header):] if cell.strip()]
        if extra:
            raise ValueError(f"{path}, row {number}: {len(row)} values but the header has "
                             f"{len(header)} columns (the extra one says {extra[0]!r}); check "
                             "for a separator inside a value without quotes.")
        values = {name: (row[i].strip() if i < len(row) else "") for name, i in where.items()}
        student = values["student"]
        if not student:
            raise ValueError(f"{path}, row {number}, column student: empty; every row needs the "
                             "name of the student's submission (file or folder name).")
        if student in students:
            raise ValueError(f"{path}, row {number}, column student: {student!r} is given twice "
                             f"(first in row {students[student]}); each student once.")
        students[student] = number
        identifier = values.get("id", "")
        if identifier and identifier in ids:
            first_row, first_student = ids[identifier]
            raise ValueError(f"{path}, row {number}, column id: the id {identifier!r} is given "
                             f"twice (first in row {first_row}, for {first_student!r}); each "
                             "student needs their own.")
        if identifier:
            ids[identifier] = (number, student)
        entries.append(RosterEntry(**values))
    return entries


def by_student(entries: list[RosterEntry]) -> dict[str, RosterEntry]:
    """The entries by student name, for looking a submission up.

    >>> by_student([RosterEntry("Li Hua", id="7")])["Li Hua"].id
    '7'
    """
    if isinstance(entries, (str, bytes)) or not isinstance(entries, (list, tuple)):
        raise TypeError(f"entries must be a list of RosterEntry (from read_roster); got a "
                        f"{type(entries).__name__}.")
    found: dict[str, RosterEntry] = {}
    for entry in entries:
        if not isinstance(entry, RosterEntry):
            raise TypeError(f"entries must be a list of RosterEntry (from read_roster); one is a "
                            f"{type(entry).__name__}.")
        if entry.student in found:
            raise ValueError(f"the student {entry.student!r} is in the roster twice.")
        found[entry.student] = entry
    return found


def safe_name(name: str) -> str:
    """A name as ``facenumbers submit`` writes it into a folder name: runs of characters other
    than letters, digits, ``.``, ``-`` and ``_`` become ``_``.

    >>> safe_name("Li Hua"), safe_name("José María")
    ('Li_Hua', 'José_María')
    """
    if not isinstance(name, str):
        raise TypeError(f"name must be text; got a {type(name).__name__}.")
    return re.sub(r"[^\w.-]+", "_", name.strip()).strip("._")


def match_student(entries: list[RosterEntry], student: str) -> RosterEntry | None:
    """The roster entry of the submission named ``student``: the entry whose ``student`` is
    exactly that name, else the only entry whose name becomes it as ``facenumbers submit``
    writes names (``Li Hua`` for a submission ``Li_Hua/``), else None.

    >>> roster = [RosterEntry("Li Hua", id="7"), RosterEntry("ana")]
    >>> match_student(roster, "Li_Hua").id, match_student(roster, "bob")
    ('7', None)
    """
    found = by_student(entries)
    if not isinstance(student, str):
        raise TypeError(f"student must be the submission's name (text); got a "
                        f"{type(student).__name__}.")
    if student in found:
        return found[student]
    alike = [entry for entry in found.values() if safe_name(entry.student) == safe_name(student)]
    return alike[0] if len(alike) == 1 else None
