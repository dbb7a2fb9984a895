"""The glossary: one meaning per term, checked against the lessons that define the terms.

Rules, each shown to catch a doctored violation:

(a) docs/glossary.md and the lessons' generated cells are what the data file gives;
(b) every term's ``defined_as`` phrase is in its lesson, in a cell where the term is marked
    (in bold or italics, or glossed with its Chinese term);
(c) no term is bolded and defined in a lesson earlier than the one the glossary names;
(d) every bold phrase a lesson defines ("**X** is", "**X** (", "a **X**,", "called **X**",
    "the **X**:") is in the glossary, or in :data:`NOT_TERMS` below;
(e) cross-references and see-also point to terms that exist, no name belongs to two terms, and
    every abbreviation has its own row;
(f) every Chinese term is in a lesson or a data table, verbatim;
(g) every lesson has exactly one generated "More for this lesson" cell, just before its
    Sources, linking to an anchor of docs/glossary.md.
"""

from __future__ import annotations

import re
import shutil
from dataclasses import replace
from pathlib import Path

import nbformat
import pytest

from facenumbers.teaching import glossary as g

ROOT = Path(__file__).resolve().parents[1]
TERMS = g.load_glossary()
LESSONS = g.lesson_markdown(ROOT)
#: The numbered lessons in course order; "Python for this course" stands apart from it.
ORDER = [lesson for lesson in LESSONS if lesson != "python"]

#: Bold phrases that the detector of rule (d) reads as defined, but that are not terms of the
#: course. Each is (lesson, phrase); the test below also fails if one no longer occurs.
NOT_TERMS = {
    ("00", "available"),                      # a lesson's status in the course map
    ("01", "with each operator"),             # emphasis: the cap is per operator
    ("01", "many people per combination"),    # emphasis in an explanation
    ("03", "ratio"),                          # emphasis: "it is a **ratio**"
    ("03", "first try"),                      # emphasis on an illustrative setting
    ("03", "5 honest people refused for every impostor stopped"),   # a result
    ("03", "strict"),                         # preset names of the Threshold explorer
    ("03", "balanced"),
    ("04", "Cardiff, 2017"),                  # deployments, named with their source
    ("04", "Met Police trials observed by the University of Essex"),
    ("06", "Honest people refused"),          # an outcome the policy model counts
    ("06", "a new gallery of 1 billion faces"),  # an option of the policy simulator
    ("08", "Why this is strong"),             # a heading
}


def _full(terms):
    return [t for t in terms if not t.is_reference]


# --------------------------------------------------------------------------- rule functions

def definition_problems(terms, markdown):
    """Rule (b): terms whose defining phrase is not in a cell of their lesson that marks them."""
    problems = []
    for term in _full(terms):
        cells = markdown.get(term.lesson)
        if cells is None:
            problems.append(f"{term.term!r}: there is no lesson {term.lesson}")
            continue
        found = [c for c in cells if term.defined_as in g.plain_text(c)]
        if not found:
            problems.append(f"{term.term!r}: Lesson {term.lesson} does not say {term.defined_as!r}")
            continue
        marked = [c for c in found
                  if any(g.names_in(term, span) for span in g.marked_spans(c))
                  or any(f"{name} ({chinese}" in g.plain_text(c)
                         for name in term.names for chinese in term.chinese)]
        if not marked:
            problems.append(f"{term.term!r}: the cell of Lesson {term.lesson} that defines it does "
                            "not put the term (or another of its names) in bold")
    return problems


def earlier_definitions(terms, markdown):
    """Rule (c): terms that a lesson before the one named already bolds and defines."""
    problems = []
    order = [lesson for lesson in markdown if lesson != "python"]
    for term in _full(terms):
        if term.lesson == "python":
            continue
        for lesson in order:
            if lesson >= term.lesson:
                break
            for cell in markdown[lesson]:
                for phrase in g.defined_terms(cell):
                    if g.term_for(terms, phrase) is term:
                        problems.append(f"{term.term!r} is defined in Lesson {lesson} "
                                        f"(**{phrase}**), before Lesson {term.lesson}")
    return problems


def undefined_terms(terms, markdown, not_terms=NOT_TERMS):
    """Rule (d): bold phrases a lesson defines that are neither in the glossary nor excluded."""
    return [(lesson, phrase) for lesson, cells in markdown.items() for cell in cells
            for phrase in g.defined_terms(cell)
            if g.term_for(terms, phrase) is None and (lesson, phrase) not in not_terms]


def abbreviation_problems(terms):
    """Rule (e), beyond what loading checks: every abbreviation has its own row."""
    references = {t.term for t in terms if t.is_reference}
    return [f"{name} (of {t.term!r}) has no row of its own" for t in _full(terms)
            for name in t.also_called if re.fullmatch(r"[A-Z]{2,5}", name) and name not in references]


def _source_texts():
    lessons = [p.read_text(encoding="utf-8") for p in g.lesson_notebooks(ROOT).values()]
    tables = [p.read_text(encoding="utf-8") for p in sorted((ROOT / "src/facenumbers/data").glob("*.csv"))]
    return lessons + tables


def chinese_problems(terms, texts):
    """Rule (f): Chinese terms that no lesson and no data table holds verbatim."""
    return [f"{t.term!r}: {chinese}" for t in _full(terms) for chinese in t.chinese
            if not any(chinese in text for text in texts)]


def page_anchors(page_text):
    """The anchors of the headings of a markdown page."""
    return {g.anchor(m.group(1)) for m in re.finditer(r"^#{1,6}\s+(.+?)\s*$", page_text, re.MULTILINE)}


def lesson_link_problems(notebook, lesson, anchors):
    """Rule (g): what is wrong with a lesson's generated cell."""
    cells = [c for c in notebook.cells if g.is_generated_cell(c)]
    if len(cells) != 1:
        return [f"Lesson {lesson}: {len(cells)} generated cells, not 1"]
    cell = cells[0]
    problems = []
    if cell.cell_type != "markdown" or "outputs" in cell:
        problems.append(f"Lesson {lesson}: the generated cell must be a markdown cell, with no outputs")
    if not cell.source.startswith("## More for this lesson"):
        problems.append(f"Lesson {lesson}: the generated cell does not open with its heading")
    links = re.findall(r"\]\(\.\./docs/glossary\.md#([^)]+)\)", cell.source)
    if not links:
        problems.append(f"Lesson {lesson}: the generated cell does not link to the glossary")
    problems += [f"Lesson {lesson}: no heading of docs/glossary.md has the anchor #{a}"
                 for a in links if a not in anchors]
    if f"#{g.anchor(g.lesson_heading(lesson))}" not in cell.source:
        problems.append(f"Lesson {lesson}: the link is not to the lesson's own section")
    index = notebook.cells.index(cell)
    sources = [i for i, c in enumerate(notebook.cells)
               if c.cell_type == "markdown" and c.source.lstrip().startswith("## Sources")]
    if sources and index != sources[-1] - 1:
        problems.append(f"Lesson {lesson}: the generated cell is not just before ## Sources")
    closing = notebook.cells[-1].cell_type == "code" and notebook.cells[-1].source.strip() == "progress()"
    if not sources and index != len(notebook.cells) - 1 - closing:
        problems.append(f"Lesson {lesson}: the generated cell is not the last cell "
                        "(or the last before a closing progress())")
    return problems


def _doctored(term_name, **changes):
    term = g.find_term(TERMS, term_name)
    return [replace(term, **changes) if t is term else t for t in TERMS]


def _copy_lessons(tmp_path):
    shutil.copytree(ROOT / "lessons", tmp_path / "lessons",
                    ignore=shutil.ignore_patterns(".ipynb_checkpoints"))
    (tmp_path / "docs").mkdir()
    return tmp_path


# --------------------------------------------------------------------------- (a) up to date

def test_the_committed_glossary_page_is_up_to_date():
    assert not g.update_glossary(ROOT, check_only=True), "run `make exercises`: docs/glossary.md is stale"


def test_the_lessons_generated_cells_are_up_to_date():
    stale = g.update_lesson_links(ROOT, check_only=True)
    assert stale == [], f"run `make exercises`: out of date: {[p.name for p in stale]}"


def test_a_stale_page_or_cell_is_caught_and_rewriting_is_idempotent(tmp_path):
    root = _copy_lessons(tmp_path)
    assert g.update_glossary(root) is True                      # no page yet: written
    assert g.update_glossary(root, check_only=True) is False    # and now up to date
    page = root / g.PAGE
    page.write_text(page.read_text(encoding="utf-8").replace("base-rate fallacy", "base rate fallacy"),
                    encoding="utf-8")
    assert g.update_glossary(root, check_only=True) is True
    g.update_lesson_links(root)
    assert g.update_lesson_links(root) == []                     # running twice changes nothing
    path = root / "lessons" / "04-base-rates.ipynb"
    notebook = nbformat.read(path, as_version=4)
    cell = next(c for c in notebook.cells if g.is_generated_cell(c))
    cell.source = cell.source.replace("alarm, ", "")
    nbformat.write(notebook, path)
    assert g.update_lesson_links(root, check_only=True) == [path]


def test_the_generated_cell_is_the_only_change_to_a_lesson(tmp_path):
    root = _copy_lessons(tmp_path)
    before = {}
    for lesson, path in g.lesson_notebooks(root).items():
        notebook = nbformat.read(path, as_version=4)
        notebook.cells = [c for c in notebook.cells if not g.is_generated_cell(c)]
        before[lesson] = nbformat.writes(notebook) + "\n"
        path.write_text(before[lesson], encoding="utf-8")
    assert len(g.update_lesson_links(root)) == len(before)
    for lesson, path in g.lesson_notebooks(root).items():
        added = nbformat.read(path, as_version=4)
        assert sum(g.is_generated_cell(c) for c in added.cells) == 1
        added.cells = [c for c in added.cells if not g.is_generated_cell(c)]
        assert nbformat.writes(added) + "\n" == before[lesson], f"Lesson {lesson}: more than the cell changed"


# --------------------------------------------------------------------------- (b) defined where named

def test_every_term_is_defined_in_its_lesson():
    assert definition_problems(TERMS, LESSONS) == []


def test_a_phrase_not_in_the_lesson_is_caught():
    terms = _doctored("base rate", defined_as="the share of wanted people in the stadium")
    assert definition_problems(terms, LESSONS) == [
        "'base rate': Lesson 04 does not say 'the share of wanted people in the stadium'"]


def test_a_term_named_in_the_wrong_lesson_is_caught():
    terms = _doctored("icon array", lesson="05")
    assert definition_problems(terms, LESSONS) == [
        "'icon array': Lesson 05 does not say 'a picture of 100 alarms, one small figure per alarm.'"]


def test_a_term_the_defining_cell_does_not_mark_is_caught():
    markdown = {**LESSONS, "04": [c.replace("**icon array**", "icon array") for c in LESSONS["04"]]}
    assert definition_problems(TERMS, markdown) == [
        "'icon array': the cell of Lesson 04 that defines it does not put the term (or another of "
        "its names) in bold"]


def test_a_chinese_gloss_marks_a_term_but_only_its_own():
    term = g.find_term(TERMS, "person matches the ID")
    assert definition_problems([term], LESSONS) == []
    assert definition_problems([replace(term, chinese=("人像比对",))], LESSONS)


# --------------------------------------------------------------------------- (c) the first lesson

def test_no_term_is_defined_in_an_earlier_lesson():
    assert earlier_definitions(TERMS, LESSONS) == []


def test_a_term_defined_earlier_than_its_lesson_is_caught():
    terms = _doctored("gallery", lesson="05", defined_as="The gallery is the set of stored faces")
    assert earlier_definitions(terms, LESSONS) == [
        "'gallery' is defined in Lesson 02 (**gallery**), before Lesson 05"]


# --------------------------------------------------------------------------- (d) nothing left out

def test_every_term_a_lesson_defines_is_in_the_glossary():
    missing = undefined_terms(TERMS, LESSONS)
    assert missing == [], f"add these to glossary.csv, or to NOT_TERMS with a reason: {missing}"


def test_every_exclusion_still_occurs():
    found = {(lesson, phrase) for lesson, cells in LESSONS.items() for cell in cells
             for phrase in g.defined_terms(cell)}
    assert NOT_TERMS <= found, f"no longer in the lessons: {sorted(NOT_TERMS - found)}"


def test_a_new_term_missing_from_the_glossary_is_caught():
    markdown = {**LESSONS, "04": [*LESSONS["04"], "A **crowd density** is the number of people per m²."]}
    assert undefined_terms(TERMS, markdown) == [("04", "crowd density")]


@pytest.mark.parametrize("text, defined", [
    ("A **watchlist** is a list.", ["watchlist"]),
    ("**Prevalence** (or base rate) matters.", ["Prevalence"]),
    ("It draws an **icon array**: a picture.", ["icon array"]),
    ("a **model**, not data", ["model"]),
    ("This is called **displacement**.", ["displacement"]),
    ("is called the **base-rate fallacy**.", ["base-rate fallacy"]),
    ("The **gallery**: every stored face.", ["gallery"]),
    ("A **false\nduplicate flag** is a flag.", ["false duplicate flag"]),
    ("**Predict first.** Write it down.", []),           # a run-in heading
    ("**Verification:** the customer claims", []),       # a heading, with its colon
    ("**Breach exposure** (Lesson 07): for a store", []),  # a citation, not a gloss
    ("**SenseNets** (2019): a database", []),
    ("plots the **hit rate**, 1 − FNMR", []),            # used, not defined here
    ("`a ** b` is a to the **power** b", []),            # ** inside code is not bold
])
def test_the_definition_detector(text, defined):
    assert g.defined_terms(text) == defined


# --------------------------------------------------------------------------- (e) references

def test_every_abbreviation_has_its_own_row():
    assert abbreviation_problems(TERMS) == []
    without_ppv = [t for t in TERMS if t.term != "PPV"]
    assert abbreviation_problems(without_ppv) == ["PPV (of 'positive predictive value') has no row of its own"]


HEADER = ",".join(g.COLUMNS)


@pytest.mark.parametrize("rows, message", [
    ("odds,,A ratio.,05,the odds,,,\nodds,,Again.,05,the odds,,,",
     "line 3 ('odds'), column 'term': 'odds' already names 'odds' (line 2)"),
    ("odds,chance,A ratio.,05,the odds,,,\nrisk,chance,A share.,05,risk,,,",
     "line 3 ('risk'), column 'also_called': 'chance' already names 'odds' (line 2)"),
    ("OR,,,,,,,odds ratio", "line 2 ('OR'), column 'see': there is no term 'odds ratio'"),
    ("odds,,A ratio.,05,the odds,,,\nOR,,,,,,,odds", "line 3 ('OR'), column 'see': 'OR' must also be in the also_called of 'odds'"),
    ("odds,,A ratio.,05,the odds,,base rate,", "line 2 ('odds'), column 'see_also': there is no term 'base rate'"),
    ("odds,,A ratio.,5,the odds,,,", "line 2 ('odds'), column 'lesson': must be two digits"),
    ("odds,,,05,the odds,,,", "line 2 ('odds'), column 'meaning': must not be empty"),
    ("odds,,A ratio.,05,,,,", "line 2 ('odds'), column 'defined_as': must not be empty"),
    ("OR,,A ratio.,,,,,odds", "line 2 ('OR'), column 'meaning': a cross-reference row"),
])
def test_a_broken_row_is_refused_with_its_line_and_column(rows, message):
    with pytest.raises(g.GlossaryError) as error:
        g.parse_glossary(f"{HEADER}\n{rows}\n", "doctored.csv")
    assert message in str(error.value) and "doctored.csv" in str(error.value)


def test_a_file_with_other_columns_is_refused():
    with pytest.raises(g.GlossaryError, match="line 1: the columns must be term, also_called"):
        g.parse_glossary("term,meaning\nodds,A ratio.\n")


def test_every_see_also_and_reference_resolves():
    names = {t.term for t in TERMS if not t.is_reference}
    for term in TERMS:
        assert set(term.see_also) <= names, term.term
        if term.is_reference:
            assert g.find_term(TERMS, term.term).term == term.see


# --------------------------------------------------------------------------- (f) Chinese terms

def test_every_chinese_term_is_in_the_course_sources():
    assert chinese_problems(TERMS, _source_texts()) == []
    assert {c for t in TERMS for c in t.chinese} >= {"实名制", "人像比对", "人证一致", "实体渠道"}


def test_an_invented_chinese_term_is_caught():
    terms = _doctored("real-name registration", chinese=("实名制", "实名认证"))
    assert chinese_problems(terms, _source_texts()) == ["'real-name registration': 实名认证"]


# --------------------------------------------------------------------------- (g) the lesson cells

def test_every_lesson_links_to_its_section_of_the_glossary():
    anchors = page_anchors((ROOT / g.PAGE).read_text(encoding="utf-8"))
    problems = [p for lesson, path in g.lesson_notebooks(ROOT).items()
                for p in lesson_link_problems(nbformat.read(path, as_version=4), lesson, anchors)]
    assert problems == []
    assert len(g.lesson_notebooks(ROOT)) >= 10


def test_a_missing_doubled_misplaced_or_dangling_cell_is_caught():
    anchors = page_anchors((ROOT / g.PAGE).read_text(encoding="utf-8"))
    path = g.lesson_notebooks(ROOT)["04"]
    good = g.with_lesson_links(nbformat.read(path, as_version=4), "04")
    assert lesson_link_problems(good, "04", anchors) == []
    cell = next(c for c in good.cells if g.is_generated_cell(c))

    none = nbformat.from_dict(good)
    none.cells = [c for c in none.cells if not g.is_generated_cell(c)]
    assert lesson_link_problems(none, "04", anchors) == ["Lesson 04: 0 generated cells, not 1"]
    twice = nbformat.from_dict(good)
    twice.cells.insert(3, nbformat.from_dict(cell))
    assert lesson_link_problems(twice, "04", anchors) == ["Lesson 04: 2 generated cells, not 1"]
    last = nbformat.from_dict(none)
    last.cells.append(nbformat.from_dict(cell))
    assert lesson_link_problems(last, "04", anchors) == ["Lesson 04: the generated cell is not just before ## Sources"]
    dangling = nbformat.from_dict(good)
    moved = next(c for c in dangling.cells if g.is_generated_cell(c))
    moved.source = moved.source.replace("#lesson-04", "#lesson-99")
    assert lesson_link_problems(dangling, "04", anchors) == [
        "Lesson 04: no heading of docs/glossary.md has the anchor #lesson-99",
        "Lesson 04: the link is not to the lesson's own section"]


def test_the_cell_is_built_from_one_tuple_of_links():
    extra = g.LessonLink("further reading", lambda lesson: f"- **Further reading:** for Lesson {lesson}.")
    text = g.more_for_this_lesson("04", (*g.LESSON_LINKS, extra))
    assert text.splitlines()[0] == "## More for this lesson"
    assert text.splitlines()[2].startswith("- **Glossary:** [the terms this lesson introduces]")
    assert text.splitlines()[-1] == "- **Further reading:** for Lesson 04."
    assert all(len(line) <= 95 for line in text.splitlines())
    assert g.more_for_this_lesson("04", (g.LessonLink("none", lambda lesson: None),)) == \
        "## More for this lesson\n"
    with pytest.raises(ValueError, match="lesson must be two digits"):
        g.more_for_this_lesson("4")


def test_anchors_are_what_github_and_myst_make():
    assert g.anchor("Lesson 04") == "lesson-04"
    assert g.anchor("Python for this course") == "python-for-this-course"
    page = (ROOT / g.PAGE).read_text(encoding="utf-8")
    assert {"lesson-00", "lesson-04", "lesson-08", "python-for-this-course"} <= page_anchors(page)


def test_anchors_agree_with_myst_for_every_heading_of_the_page():
    slugs = pytest.importorskip("myst_parser.slugs")
    page = (ROOT / g.PAGE).read_text(encoding="utf-8")
    headings = re.findall(r"^#{1,6}\s+(.+?)\s*$", page, re.MULTILINE)
    assert len(headings) >= 13
    assert [g.anchor(h) for h in headings] == [slugs.github_slugify(h) for h in headings]
