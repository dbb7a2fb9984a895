"""Further reading: three to five sources a lesson for going deeper, each with one line on
what it adds beyond the lesson.

The sources live in ``further_reading.csv`` beside this module, one row a source, with the
columns in :data:`COLUMNS`. :func:`load_further_reading` reads and checks them (every problem
is reported at once, with its row), :func:`reading_for` gives one lesson's list, and
:func:`update_further_reading` writes ``docs/further-reading.md``, one section a lesson with
an anchor such as ``#lesson-04``; ``make exercises`` keeps that page up to date.

>>> [entry.title for entry in reading_for("04")][0]
'How to improve Bayesian reasoning without instruction: Frequency formats'
>>> anchor("04"), anchor("python")
('lesson-04', 'python-for-this-course')
>>> problems([{**load_rows()[0], "access": "maybe"}])[0]
"row 2 (lesson 00): access 'maybe' is not one of free, library, paywalled"
"""

from __future__ import annotations

import csv
import json
import re
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from urllib.parse import urlsplit

from facenumbers import data
from facenumbers.models.validation import require_instance, require_mapping, require_path

__all__ = ["ACCESS", "COLUMNS", "COPY_SITES", "HTTP_ONLY", "KINDS", "LESSONS", "MAX_ADDS_WORDS",
           "MAX_PER_LESSON", "MIN_PER_LESSON", "PAGE", "SOURCE", "ReadingEntry", "anchor",
           "further_reading_markdown", "lesson_titles", "load_further_reading", "load_rows",
           "problems", "reading_for", "update_further_reading"]

#: The data file, beside this module.
SOURCE = Path(__file__).with_name("further_reading.csv")
#: The generated page, relative to the course folder.
PAGE = Path("docs") / "further-reading.md"

#: The columns of ``further_reading.csv``, in order.
COLUMNS = ("lesson", "authors", "title", "outlet", "year", "url", "kind", "access", "adds",
           "checked")
#: Every lesson that has a reading list: the numbered lessons and "Python for this course".
LESSONS = ("00", "01", "02", "03", "04", "05", "06", "07", "08", "python")
#: How many sources each lesson lists.
MIN_PER_LESSON, MAX_PER_LESSON = 3, 5
#: The longest "what it adds" line, in words.
MAX_ADDS_WORDS = 30
#: What kind of source a row is. "law" covers statutes, ministry notices and judgments;
#: "documentation" is a library's or tool's own guide, which has no edition date.
KINDS = ("article", "book", "documentation", "explorable", "law", "open textbook", "paper",
         "report", "standard")
#: Who can open it: anyone (free), with a subscription or purchase (paywalled), or as a
#: printed book to borrow or buy (library).
ACCESS = ("free", "library", "paywalled")
#: The year of living documentation and of pages that show no date.
UNDATED = "undated"

#: The only hosts that may be cited at ``http://``, each with the reason.
HTTP_ONLY = {
    "www.mnw.cn": "the MIIT notice's text was read, and is cited by the course's data tables, "
                  "only at this http address; no https copy of the repost was found",
}
#: Sites that host copies of other publishers' papers and books: a reading list names the
#: publisher's own page instead. (The sites in ``data/mirror_sites.txt`` are refused too.)
COPY_SITES = ("scribd.com", "yumpu.com", "docslib.org", "studylib.net", "readkong.com",
              "cupdf.com", "pdfslide.us", "dokumen.site", "coursehero.com")

#: How the page names a kind, where it is not the kind with a capital letter.
_KIND_NAMES = {"law": "Law, official notice or ruling"}
_PYTHON_NOTEBOOK = "python-for-this-course"
_DOI = re.compile(r"^10\.\d{4,9}/[^\s/][^\s]*$")
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_YEAR = re.compile(r"^(19|20)\d{2}$")


@dataclass(frozen=True)
class ReadingEntry:
    """One source on a lesson's reading list, with the line on what it adds."""

    lesson: str
    authors: str
    title: str
    outlet: str
    year: str
    url: str
    kind: str
    access: str
    adds: str
    checked: str


def _lesson_code(lesson: object) -> str:
    """``lesson`` as a code of :data:`LESSONS` ("04", "python"), or a clear error."""
    if isinstance(lesson, bool):
        lesson = str(lesson)
    if isinstance(lesson, int) and 0 <= lesson <= 8:
        return f"{lesson:02d}"
    if isinstance(lesson, str):
        text = lesson.strip().lower()
        if text.isdigit() and len(text) <= 2 and 0 <= int(text) <= 8:
            return f"{int(text):02d}"
        if text in ("python", _PYTHON_NOTEBOOK):
            return "python"
    raise ValueError(f"lesson must be a lesson number from 00 to 08 or 'python'; got {lesson!r}.")


def anchor(lesson: str | int) -> str:
    """The anchor of a lesson's section on the page: ``lesson-04``, or ``python-for-this-course``.

    >>> anchor(7)
    'lesson-07'
    """
    code = _lesson_code(lesson)
    return _PYTHON_NOTEBOOK if code == "python" else f"lesson-{code}"


def load_rows(path: Path | None = None) -> list[dict[str, str]]:
    """The rows of the reading list as read, every value a string (no checks).

    ``path`` defaults to :data:`SOURCE`.
    """
    path = SOURCE if path is None else require_path(path, "path")
    if not path.is_file():
        raise ValueError(f"path: no reading list at {path}.")
    with path.open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        if tuple(reader.fieldnames or ()) != COLUMNS:
            raise ValueError(f"{path.name}: the columns must be {', '.join(COLUMNS)}, in that "
                             f"order; found {', '.join(reader.fieldnames or ()) or 'none'}.")
        return [{key: value if value is not None else "" for key, value in row.items()}
                for row in reader]


def _host(url: str) -> str:
    return (urlsplit(url).hostname or "").lower()


def _on(host: str, sites: object) -> bool:
    return any(host == site or host.endswith("." + site) for site in sites)


def _url_problems(url: str) -> list[str]:
    """What is wrong with one address (empty if nothing)."""
    parts = urlsplit(url)
    host = _host(url)
    found = []
    if parts.scheme not in ("http", "https") or not host:
        return [f"url {url!r} is not a web address (it must start with https://)"]
    if parts.scheme == "http" and host not in HTTP_ONLY:
        found.append(f"url {url!r} uses http: use the https address (http is allowed only for "
                     f"{', '.join(sorted(HTTP_ONLY))}, each with its reason in HTTP_ONLY)")
    if any(ch.isspace() for ch in url):
        found.append(f"url {url!r} contains a space")
    if _on(host, data.mirror_sites()):
        found.append(f"url {url!r} is on a mirror site (data/mirror_sites.txt): cite the original")
    if _on(host, COPY_SITES):
        found.append(f"url {url!r} is on a copy site ({host}): cite the publisher's own page")
    if host in ("doi.org", "dx.doi.org"):
        doi = parts.path.lstrip("/")
        if parts.scheme != "https" or host != "doi.org":
            found.append(f"url {url!r}: write a DOI as https://doi.org/10.xxxx/...")
        if not _DOI.match(doi):
            found.append(f"url {url!r}: the DOI {doi!r} is not well formed (10.<digits>/<suffix>)")
    return found


def _row_problems(row: dict[str, str], today: date) -> list[str]:
    """What is wrong with one row, field by field (empty if nothing)."""
    found = []
    for column in COLUMNS:
        value = row.get(column)
        if value is not None and not isinstance(value, str):
            found.append(f"{column} must be text; got a {type(value).__name__}")
        elif value is None or not value.strip():
            found.append(f"{column} is empty")
        elif "\n" in value or "\r" in value:
            found.append(f"{column} must be one line")
        elif value != value.strip():
            found.append(f"{column} has spaces at its start or end")
    if found:
        return found
    if row["lesson"] not in LESSONS:
        found.append(f"lesson {row['lesson']!r} is not one of {', '.join(LESSONS)}")
    if row["kind"] not in KINDS:
        found.append(f"kind {row['kind']!r} is not one of {', '.join(KINDS)}")
    if row["access"] not in ACCESS:
        found.append(f"access {row['access']!r} is not one of {', '.join(ACCESS)}")
    if row["year"] != UNDATED and not (_YEAR.match(row["year"]) and int(row["year"]) <= today.year):
        found.append(f"year {row['year']!r} must be a year from 1900 to {today.year}, "
                     f"or {UNDATED!r} for a page that shows no date")
    found += _url_problems(row["url"])
    words = len(row["adds"].split())
    if words > MAX_ADDS_WORDS:
        found.append(f"adds has {words} words; keep it to {MAX_ADDS_WORDS} at most")
    try:
        checked = date.fromisoformat(row["checked"]) if _DATE.match(row["checked"]) else None
    except ValueError:
        checked = None
    if checked is None:
        found.append(f"checked {row['checked']!r} must be a date written YYYY-MM-DD")
    elif checked > today:
        found.append(f"checked {row['checked']} is after today ({today.isoformat()})")
    return found


def problems(rows: list[dict[str, str]], today: date | None = None) -> list[str]:
    """Every problem in the reading list ``rows``, one message each; empty if none.

    A message names the CSV row (the header is row 1) and its lesson. Besides each row's
    fields, it checks that every lesson in :data:`LESSONS` lists :data:`MIN_PER_LESSON` to
    :data:`MAX_PER_LESSON` sources and that no lesson lists the same address or title twice.
    ``today`` (for the ``checked`` dates) defaults to the date today.
    """
    rows = require_instance(rows, list, "rows", "a list of rows (dicts of column: text)")
    today = date.today() if today is None else require_instance(today, date, "today", "a date")
    found: list[str] = []
    seen: dict[tuple[str, str], int] = {}
    counts = dict.fromkeys(LESSONS, 0)
    for number, row in enumerate(rows, start=2):
        if not isinstance(row, dict):
            found.append(f"row {number}: not a row of the reading list")
            continue
        where = f"row {number} (lesson {row.get('lesson') or '?'})"
        found += [f"{where}: {message}" for message in _row_problems(row, today)]
        lesson = row.get("lesson") or ""
        if lesson in counts:
            counts[lesson] += 1
        for column in ("url", "title"):
            key = (lesson, str(row.get(column) or "").strip().lower())
            if key[1] and key in seen:
                found.append(f"{where}: duplicate {column}: row {seen[key]} of the same lesson "
                             f"has it already")
            seen.setdefault(key, number)
    for lesson, count in counts.items():
        if not MIN_PER_LESSON <= count <= MAX_PER_LESSON:
            found.append(f"lesson {lesson} has {count} sources; it needs {MIN_PER_LESSON} to "
                         f"{MAX_PER_LESSON}")
    return found


def load_further_reading(path: Path | None = None) -> list[ReadingEntry]:
    """Read and check the reading list (``path`` defaults to :data:`SOURCE`).

    Raises ``ValueError`` listing every problem found, each with its row and lesson.
    """
    rows = load_rows(path)
    found = problems(rows)
    if found:
        name = (SOURCE if path is None else Path(path)).name
        raise ValueError(f"{name} has {len(found)} problem(s):\n- " + "\n- ".join(found))
    return [ReadingEntry(**row) for row in rows]


def reading_for(lesson: str | int, entries: list[ReadingEntry] | None = None) -> list[ReadingEntry]:
    """The sources on one lesson's list, in the order of the CSV.

    ``lesson`` is a number from 00 to 08 (as text or a whole number) or ``"python"``.

    >>> len(reading_for(7)) >= MIN_PER_LESSON
    True
    >>> reading_for("09")
    Traceback (most recent call last):
    ...
    ValueError: lesson must be a lesson number from 00 to 08 or 'python'; got '09'.
    """
    code = _lesson_code(lesson)
    entries = load_further_reading() if entries is None else entries
    return [entry for entry in entries if entry.lesson == code]


def _first_heading(path: Path) -> str:
    """The text of the first top-level heading ("# ...") in a notebook's markdown cells."""
    try:
        cells = json.loads(path.read_text(encoding="utf-8")).get("cells", [])
    except (OSError, ValueError):
        return ""
    for cell in cells:
        if cell.get("cell_type") == "markdown":
            source = cell.get("source", "")
            text = "".join(source) if isinstance(source, list) else str(source)
            for line in text.splitlines():
                if line.startswith("# "):
                    return line[2:].strip()
    return ""


def lesson_titles(root: Path) -> dict[str, str]:
    """Each lesson's title, read from the first heading of its notebook in ``root/lessons``.

    A lesson whose notebook is missing gets a plain title ("Lesson 04").
    """
    root = require_path(root, "root")
    titles = {}
    for code in LESSONS:
        pattern = f"{_PYTHON_NOTEBOOK}.ipynb" if code == "python" else f"{code}-*.ipynb"
        paths = sorted((root / "lessons").glob(pattern))
        title = _first_heading(paths[0]) if paths else ""
        titles[code] = title or ("Python for this course" if code == "python" else f"Lesson {code}")
    return titles


def _escape(text: str) -> str:
    return re.sub(r"([\\`*_\[\]<>])", r"\\\1", text)


def _entry_markdown(entry: ReadingEntry) -> str:
    year = "undated" if entry.year == UNDATED else entry.year
    note = {"free": "free to read", "paywalled": "paywalled, though a library may give access",
            "library": "borrow it from a library or buy it"}[entry.access]
    kind = _KIND_NAMES.get(entry.kind, entry.kind.capitalize())
    return (f"- {_escape(entry.authors)} ({year}). [{_escape(entry.title)}]({entry.url}). "
            f"*{_escape(entry.outlet)}*. {kind}; {note}.\n"
            f"  {_escape(entry.adds)}")


def further_reading_markdown(entries: list[ReadingEntry], titles: dict[str, str]) -> str:
    """The whole of ``docs/further-reading.md`` for ``entries``, with section ``titles``."""
    entries = require_instance(entries, list, "entries", "a list of ReadingEntry")
    for entry in entries:
        if not isinstance(entry, ReadingEntry):
            raise TypeError("entries must be a list of ReadingEntry (from load_further_reading); "
                            f"got a list holding {type(entry).__name__}.")
    require_mapping(titles, "titles", str, "section titles (text), by lesson code")
    lines = [
        "# Further reading",
        "",
        "<!-- Generated from src/facenumbers/teaching/further_reading.csv by "
        "facenumbers.teaching.reading: edit the CSV, then run `make exercises`. -->",
        "",
        "For each lesson, three to five places to go deeper, each with one line on what it adds "
        "beyond the lesson. The lists mix research papers, reports, laws, standards, books and "
        "careful journalism and, where a lesson weighs a policy, give the government's framing "
        "beside its critics'.",
        "",
        "Most sources are free to read. *Paywalled* ones need a subscription or a purchase; a "
        "university or public library may give you access. A *book* can be borrowed or bought. "
        "Every address was checked on the date given in the `checked` column of "
        "`src/facenumbers/teaching/further_reading.csv`; documentation that is updated all the "
        "time is marked *undated*.",
        "",
    ]
    lines += [f"- [{_escape(titles.get(code, code))}](#{anchor(code)})" for code in LESSONS]
    for code in LESSONS:
        title = _escape(titles.get(code, code))
        lines += ["", f'<a id="{anchor(code)}"></a>', "", f"## {title}", ""]
        lines += [_entry_markdown(entry) for entry in entries if entry.lesson == code]
    return "\n".join(lines) + "\n"


def update_further_reading(root: Path, check_only: bool = False) -> bool:
    """Write ``docs/further-reading.md`` under ``root``; True if it was (or would be) changed.

    With ``check_only`` the file is left alone. The reading list is checked first, so a
    broken list raises ``ValueError`` instead of writing a page.
    """
    from facenumbers.teaching import course_folder

    root = course_folder(root)
    page = further_reading_markdown(load_further_reading(), lesson_titles(root))
    path = root / PAGE
    if path.exists() and path.read_text(encoding="utf-8") == page:
        return False
    if not check_only:
        path.write_text(page, encoding="utf-8")
    return True
