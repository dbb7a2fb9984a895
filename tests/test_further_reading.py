"""Further reading (issue 20, item 9): every lesson lists 3 to 5 well-formed sources, and the
page in docs/ shows them. Each rule is shown to catch a doctored copy of the list."""

from __future__ import annotations

import copy
import csv
import shutil
from datetime import date
from pathlib import Path

import pytest

from facenumbers.teaching import reading
from source_rules import mirror_hits

ROOT = Path(__file__).resolve().parents[1]
TODAY = date(2026, 12, 1)


@pytest.fixture(scope="module")
def rows() -> list[dict[str, str]]:
    return reading.load_rows()


def _doctored(rows, change):
    rows = copy.deepcopy(rows)
    change(rows)
    return rows


def _first(rows, lesson):
    return next(i for i, row in enumerate(rows) if row["lesson"] == lesson)


# --- the committed list ---------------------------------------------------------------------

def test_the_committed_list_has_no_problems(rows):
    assert reading.problems(rows) == []


def test_every_lesson_has_three_to_five_sources(rows):
    entries = reading.load_further_reading()
    for lesson in reading.LESSONS:
        count = len(reading.reading_for(lesson, entries))
        assert reading.MIN_PER_LESSON <= count <= reading.MAX_PER_LESSON, lesson
    assert {row["lesson"] for row in rows} == set(reading.LESSONS)


def test_every_lesson_the_course_has_gets_a_list():
    stems = {p.stem for p in (ROOT / "lessons").glob("*.ipynb")}
    codes = {"python" if s == "python-for-this-course" else s[:2] for s in stems}
    assert codes == set(reading.LESSONS)


def test_http_is_allowed_only_with_a_reason_and_only_where_used(rows):
    used = {reading._host(row["url"]) for row in rows if row["url"].startswith("http://")}
    assert used == set(reading.HTTP_ONLY), "an http exception is unused, or an http row has none"
    assert all(len(reason.split()) >= 5 for reason in reading.HTTP_ONLY.values())


def test_lesson_07_gives_the_governments_framing_and_the_critics(rows):
    # The brief: Lesson 07 lists both sides. The government's framing is in its own texts
    # (the ministry's notice, the law); the critics' case is in sources that are not.
    authors = [row["authors"] for row in rows if row["lesson"] == "07"]
    official = [a for a in authors if "Ministry" in a or "National People's Congress" in a]
    assert official and len(authors) - len(official) >= 2


def test_the_page_is_up_to_date():
    assert reading.update_further_reading(ROOT, check_only=True) is False, \
        "docs/further-reading.md is out of date: run `make exercises`"


def test_the_page_has_an_anchor_a_title_and_every_source_for_each_lesson(rows):
    page = (ROOT / reading.PAGE).read_text(encoding="utf-8")
    titles = reading.lesson_titles(ROOT)
    for lesson in reading.LESSONS:
        assert f'<a id="{reading.anchor(lesson)}"></a>' in page
        assert f"](#{reading.anchor(lesson)})" in page
        assert f"## {reading._escape(titles[lesson])}" in page
    for row in rows:
        assert f"]({row['url']})" in page, row["title"]
        assert reading._escape(row["adds"]) in page
    assert reading.anchor("04") == "lesson-04"


def test_the_page_cites_no_mirror_site():
    page = (ROOT / reading.PAGE).read_text(encoding="utf-8")
    assert mirror_hits(page) == []
    # ... and the shared helper would see one (the same rule as tests/test_sources.py).
    assert mirror_hits(page + "\n- [copy](https://endtime.com/some-article)\n")


# --- each rule catches a doctored copy ------------------------------------------------------

def _set(lesson, column, value):
    def change(rows):
        rows[_first(rows, lesson)][column] = value
    return change


def _drop_lesson(lesson):
    def change(rows):
        rows[:] = [row for row in rows if row["lesson"] != lesson]
    return change


def _add_copies(lesson, n):
    def change(rows):
        template = rows[_first(rows, lesson)]
        for i in range(n):
            extra = dict(template, title=f"{template['title']} {i}",
                         url=f"https://example.org/further/{i}")
            rows.append(extra)
    return change


def _duplicate(column):
    def change(rows):
        first = _first(rows, "03")
        second = next(i for i, row in enumerate(rows) if row["lesson"] == "03" and i != first)
        rows[second][column] = rows[first][column]
    return change


DOCTORED = {
    "a lesson with no list": (_drop_lesson("07"), "lesson 07 has 0 sources"),
    "a lesson with six": (_add_copies("04", 6 - 4), "lesson 04 has 6 sources"),
    "an empty field": (_set("02", "outlet", " "), "outlet is empty"),
    "an empty adds": (_set("02", "adds", ""), "adds is empty"),
    "an unknown lesson": (_set("05", "lesson", "09"), "lesson '09' is not one of"),
    "an unknown kind": (_set("01", "kind", "blog"), "kind 'blog' is not one of"),
    "an unknown access": (_set("01", "access", "maybe"), "access 'maybe' is not one of"),
    "a bad year": (_set("06", "year", "19xx"), "year '19xx' must be a year"),
    "a year in the future": (_set("06", "year", "2999"), "year '2999' must be a year"),
    "a bad checked date": (_set("06", "checked", "1 Dec 2026"), "must be a date written YYYY-MM-DD"),
    "an impossible checked date": (_set("06", "checked", "2026-02-30"), "must be a date written"),
    "a checked date after today": (_set("06", "checked", "2999-01-01"), "is after today"),
    "http without a reason": (_set("03", "url", "http://www.nist.gov/x"), "uses http"),
    "not a web address": (_set("03", "url", "www.nist.gov/x"), "is not a web address"),
    "a space in the address": (_set("03", "url", "https://www.nist.gov/a b"), "contains a space"),
    "a mirror site": (_set("00", "url", "https://endtime.com/article"), "mirror site"),
    "a copy site": (_set("04", "url", "https://www.scribd.com/document/1/paper"), "copy site"),
    "a malformed DOI": (_set("01", "url", "https://doi.org/1038/srep01376"), "not well formed"),
    "a DOI without https": (_set("01", "url", "http://dx.doi.org/10.1038/srep01376"),
                            "write a DOI as https://doi.org/"),
    "a duplicate address": (_duplicate("url"), "duplicate url"),
    "a duplicate title": (_duplicate("title"), "duplicate title"),
    "adds on two lines": (_set("08", "adds", "One line.\nAnother line."), "adds must be one line"),
    "adds too long": (_set("08", "adds", " ".join(["word"] * (reading.MAX_ADDS_WORDS + 1))),
                      f"adds has {reading.MAX_ADDS_WORDS + 1} words"),
    "stray spaces": (_set("08", "title", " Machine Bias"), "title has spaces"),
}


@pytest.mark.parametrize("name", sorted(DOCTORED))
def test_a_doctored_list_is_caught(rows, name):
    change, expected = DOCTORED[name]
    found = reading.problems(_doctored(rows, change), today=TODAY)
    assert any(expected in message for message in found), (name, found)


def test_a_message_names_the_row_and_the_lesson(rows):
    found = reading.problems(_doctored(rows, _set("05", "kind", "blog")), today=TODAY)
    number = _first(rows, "05") + 2  # the header is row 1
    assert found == [f"row {number} (lesson 05): kind 'blog' is not one of "
                     + ", ".join(reading.KINDS)]


def test_the_doctored_rules_do_not_fire_on_the_committed_list(rows):
    assert reading.problems(rows, today=TODAY) == []


def test_a_broken_csv_is_refused_with_every_problem(tmp_path, rows):
    broken = _doctored(rows, _set("02", "access", "maybe"))
    broken[_first(broken, "06")]["url"] = "https://doi.org/not-a-doi"
    path = tmp_path / "further_reading.csv"
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=reading.COLUMNS)
        writer.writeheader()
        writer.writerows(broken)
    with pytest.raises(ValueError) as raised:
        reading.load_further_reading(path)
    message = str(raised.value)
    assert "further_reading.csv has 2 problem(s)" in message
    assert "access 'maybe'" in message and "not well formed" in message


def test_wrong_columns_are_refused(tmp_path):
    path = tmp_path / "further_reading.csv"
    path.write_text("lesson,title,url\n00,A,https://example.org\n", encoding="utf-8")
    with pytest.raises(ValueError, match="the columns must be lesson, authors, title"):
        reading.load_rows(path)
    with pytest.raises(ValueError, match="no reading list"):
        reading.load_rows(tmp_path / "missing.csv")


@pytest.mark.parametrize("bad", ["9", "09", "lesson 4", "", "Python3", -1, 9, 4.0, None, True])
def test_reading_for_refuses_a_lesson_that_does_not_exist(bad):
    with pytest.raises(ValueError, match=r"from 00 to 08 or 'python'; got"):
        reading.reading_for(bad)


@pytest.mark.parametrize("good, code", [("04", "04"), ("4", "04"), (4, "04"), ("python", "python"),
                                        ("python-for-this-course", "python"), (0, "00")])
def test_reading_for_takes_a_lesson_number_or_python(good, code):
    entries = reading.reading_for(good)
    assert entries and {entry.lesson for entry in entries} == {code}


def test_problems_refuses_what_is_not_a_list():
    with pytest.raises(TypeError, match="rows must be a list"):
        reading.problems("00,author,...")


# --- the page is regenerated, and a stale one is caught -------------------------------------

def test_a_stale_page_is_caught_and_rewritten(tmp_path):
    shutil.copytree(ROOT / "lessons", tmp_path / "lessons")
    (tmp_path / "docs").mkdir()
    page = tmp_path / reading.PAGE
    good = (ROOT / reading.PAGE).read_text(encoding="utf-8")
    page.write_text(good.replace("Machine Bias", "Machine Bias (old title)"), encoding="utf-8")
    stale = page.read_text(encoding="utf-8")
    assert reading.update_further_reading(tmp_path, check_only=True) is True
    assert page.read_text(encoding="utf-8") == stale, "check_only must not write"
    assert reading.update_further_reading(tmp_path) is True
    assert page.read_text(encoding="utf-8") == good
    assert reading.update_further_reading(tmp_path, check_only=True) is False


def test_a_missing_page_is_written(tmp_path):
    shutil.copytree(ROOT / "lessons", tmp_path / "lessons")
    # A folder that is not a course (no docs/) is refused: no folder is made.
    with pytest.raises(ValueError, match="has no docs/"):
        reading.update_further_reading(tmp_path)
    assert not (tmp_path / "docs").exists()
    (tmp_path / "docs").mkdir()
    assert reading.update_further_reading(tmp_path, check_only=True) is True
    assert not (tmp_path / reading.PAGE).exists()
    assert reading.update_further_reading(tmp_path) is True
    assert (tmp_path / reading.PAGE).exists()


def test_titles_fall_back_when_a_notebook_is_missing(tmp_path):
    titles = reading.lesson_titles(tmp_path)
    assert titles["04"] == "Lesson 04" and titles["python"] == "Python for this course"
