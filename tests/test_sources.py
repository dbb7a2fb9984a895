"""Every claim as strong as its source: the rules a machine can hold.

- no learner-facing file or data table cites a mirror site (data/mirror_sites.txt);
- every quotation shown in a lesson is in a data table, with its source;
- no figure in a lesson's prose disagrees with the table it comes from (tests/prose_figures.py);
- years never print with a thousands separator (also in tests/test_notebooks.py, on outputs).
"""

from __future__ import annotations

import re

import pytest

from facenumbers import data
from prose_figures import FIGURES, figure_problems
from source_rules import (
    LEARNER_FACING,
    ROOT,
    mirror_hits,
    prose,
    quote_is_in_tables,
    quotes_in,
)

LESSONS = sorted((ROOT / "lessons").glob("*.ipynb"))

#: Text the lessons put in double quotes that is not anyone's quotation: questions the course
#: asks, names of the course's own presets and examples, sentences the learner is asked to
#: judge. Each needs a reason.
NOT_QUOTATIONS = {
    "publish only groups of at least k": "a rule the lesson imagines",
    "smaller than this sample can show": "the package's own words for an unmeasurable rate",
    "the chance this policy stops an attempt of this kind": "a calculator label",
    "your face is already registered to someone else": "what a falsely flagged customer is told, in the model",
    "the face check is dangerous because of data breaches.": "a weak memo sentence for the learner to judge",
    "fewer fraudulent numbers are opened than without it": "the claim the capstone asks the learner to test",
}


def _rel(path):
    return path.relative_to(ROOT).as_posix()


def test_the_mirror_list_is_kept_and_names_the_known_copies():
    sites = data.mirror_sites()
    assert {"endtime.com", "globalresearchsyndicate.com", "cyberswissguards.com"} <= set(sites)
    assert all(copied for copied in sites.values()), "say what each site copied"


def test_a_mirror_address_is_caught_and_an_original_is_not():
    assert mirror_hits("Quartz, copy: https://endtime.com/prophecy-news/x") == ["https://endtime.com"]
    assert mirror_hits("https://www.endtime.com/a") == ["https://www.endtime.com"]
    assert mirror_hits("https://qz.com/1720832/x ; https://notendtime.com/") == []


@pytest.mark.parametrize("path", LEARNER_FACING, ids=_rel)
def test_no_learner_facing_source_is_a_mirror_site(path):
    hits = mirror_hits(path.read_text(encoding="utf-8"))
    assert not hits, (
        f"{_rel(path)} cites {', '.join(sorted(set(hits)))}: a copy of doubtful standing "
        "(src/facenumbers/data/mirror_sites.txt). Cite the original's title, outlet, date and "
        "address instead, with an archive address or a labelled copy only where needed."
    )


def test_a_quote_missing_from_the_tables_is_caught():
    assert quotes_in('She said "nobody wrote these six words here".') == [
        "nobody wrote these six words here"
    ]
    assert not quote_is_in_tables("nobody wrote these six words here")
    assert quote_is_in_tables(
        "There's no evidence that this type of technology improves public safety"
    )


@pytest.mark.parametrize("path", LESSONS, ids=_rel)
def test_every_quote_in_a_lesson_is_in_a_data_table(path):
    missing = [
        quote for quote in quotes_in(prose(path, sources=False))
        if not quote.endswith("?")                      # a question the lesson asks
        and quote.lower() not in NOT_QUOTATIONS
        and not quote_is_in_tables(quote)
    ]
    assert not missing, (
        f"{_rel(path)} quotes words that no data table holds with a source: {missing}. Add the "
        "quotation to the table its source belongs in (src/facenumbers/data/), or, if it is "
        "not a quotation, say why in NOT_QUOTATIONS."
    )


def test_every_figure_entry_names_a_real_table_row():
    assert len(FIGURES) >= 20
    for figure in FIGURES:
        figure.table_value()            # raises for an unknown table, row or column


@pytest.mark.parametrize("figure", FIGURES, ids=lambda f: f.id)
def test_prose_figures_agree_with_their_tables(figure):
    problems = figure_problems(figure)
    assert not problems, "; ".join(problems)


def test_a_figure_that_disagrees_with_its_table_is_caught():
    figure = FIGURES[0]
    text = prose(ROOT / figure.notebook)
    rendered = figure.rendered()
    wrong = text.replace(rendered, figure.wrong_rendering())
    assert figure_problems(figure, text=wrong), "a changed figure must be reported"


def test_no_data_row_stores_a_year_as_a_number():
    """A year in a value column prints as 2,009 under the lessons' number format."""
    for name in data.available():
        table = data.load(name)
        if "unit" in table.columns:
            years = table[table["unit"].astype(str).str.lower().eq("year")]
            assert years.empty, (
                f"{name}: rows {list(years.index)} store a year as a value; use the course's "
                "convention for events (value 1, unit 'date', the date in as_of or date)."
            )
        if "year" in table.columns:
            assert table["year"].dtype.kind == "i", f"{name}: the year column must be whole numbers"


#: 1990 to 2039 written with a separator; a round 2,000 is left out (it is nearly always a count).
YEAR_WITH_SEPARATOR = re.compile(r"(?<![\d,.])(1,99\d|2,00[1-9]|2,0[1-3]\d)(?![\d,])")


def test_the_year_pattern_catches_a_separated_year_and_not_a_count():
    assert YEAR_WITH_SEPARATOR.findall("Mexico, 2,009 and 2,012") == ["2,009", "2,012"]
    assert YEAR_WITH_SEPARATOR.findall("2,077 alerts, 12,009 people, 2,000 people, 2009") == []


@pytest.mark.parametrize("path", LESSONS + sorted((ROOT / "solutions").glob("*.ipynb")), ids=_rel)
def test_no_year_in_prose_has_a_thousands_separator(path):
    assert not YEAR_WITH_SEPARATOR.findall(prose(path))


def test_every_checked_date_is_a_real_date_not_in_the_future():
    import datetime

    today = datetime.date.today()
    for name in data.available():
        table = data.load(name)
        if "checked" not in table.columns:
            continue
        for line, value in zip(table.index + 2, table["checked"].astype(str)):
            checked = datetime.date.fromisoformat(value)          # raises for a malformed date
            assert checked <= today, f"{name}, line {line}: checked {value} is after today"
