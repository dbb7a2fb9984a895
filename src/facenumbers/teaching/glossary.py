"""Every term the lessons define, with the one meaning it has throughout the course.

The terms live in ``glossary.csv`` beside this module, one row each:

- ``term``: the term, as the lessons write it;
- ``also_called``: its abbreviations and other names, separated by ";";
- ``meaning``: its one meaning, in plain English;
- ``lesson``: the lesson that introduces it (``"04"``), or ``"python"`` for *Python for this
  course*;
- ``defined_as``: a phrase copied from that lesson's defining sentence, so that a test can find
  the definition (and notice when the lesson changes);
- ``chinese``: the Chinese term, where the case's sources use one (";" between two);
- ``see_also``: related terms of the glossary, separated by ";";
- ``see``: filled in only on a cross-reference row, such as ``PPV``, which names its term.

:func:`update_glossary` writes ``docs/glossary.md`` from it, and :func:`update_lesson_links`
keeps one generated "More for this lesson" cell in every lesson, just before its Sources, that
links to the glossary's section for the lesson. ``make exercises`` runs both.

>>> terms = load_glossary()
>>> find_term(terms, "PPV").term
'positive predictive value'
>>> find_term(terms, "portrait comparison").chinese
('人像比对',)
>>> anchor("Lesson 04")
'lesson-04'
>>> defined_terms("A **quasi-identifier** is a fact. **Predict first.** Write it down.")
['quasi-identifier']
"""

from __future__ import annotations

import csv
import io
import re
import textwrap
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import nbformat

from facenumbers.models.validation import require_instance, require_path
from facenumbers.teaching import course_folder

__all__ = [
    "CELL_ID", "COLUMNS", "GLOSSARY_CSV", "LESSON_LINKS", "PAGE", "GlossaryError", "LessonLink",
    "Term", "anchor", "defined_terms", "find_term", "glossary_link", "glossary_markdown",
    "is_generated_cell", "lesson_heading", "lesson_id", "lesson_markdown", "lesson_notebooks",
    "load_glossary", "marked_spans", "more_for_this_lesson", "names_in", "parse_glossary",
    "plain_text", "term_for", "update_glossary", "update_lesson_links", "with_lesson_links",
    "critique_link", "reading_link", "slides_link",
]

GLOSSARY_CSV = Path(__file__).with_name("glossary.csv")
PAGE = Path("docs") / "glossary.md"
COLUMNS = ("term", "also_called", "meaning", "lesson", "defined_as", "chinese", "see_also", "see")
#: The id, and the ``facenumbers.generated`` metadata value, of the generated lesson cell.
CELL_ID = "more-for-this-lesson"
_LESSON = re.compile(r"^(\d\d|python)$")
_PYTHON_STEM = "python-for-this-course"


class GlossaryError(ValueError):
    """A row of the glossary file that breaks a rule; the message names the row and column."""


@dataclass(frozen=True)
class Term:
    """One row of the glossary: a term with its one meaning, or a cross-reference (``see``)."""

    term: str
    also_called: tuple[str, ...] = ()
    meaning: str = ""
    lesson: str = ""
    defined_as: str = ""
    chinese: tuple[str, ...] = ()
    see_also: tuple[str, ...] = ()
    see: str = ""

    @property
    def names(self) -> tuple[str, ...]:
        """The term and every other name it goes by."""
        return (self.term, *self.also_called)

    @property
    def is_reference(self) -> bool:
        """True for a cross-reference row (an abbreviation that points to its term)."""
        return bool(self.see)


def _split(value: str) -> tuple[str, ...]:
    return tuple(part.strip() for part in value.split(";") if part.strip())


def parse_glossary(text: str, source: str = "glossary.csv") -> tuple[Term, ...]:
    """The terms in the CSV ``text``, checked; raises :class:`GlossaryError` naming row and column.

    >>> rows = parse_glossary("term,also_called,meaning,lesson,defined_as,chinese,see_also,see\\n"
    ...                       "odds,,p / (1 - p).,05,the odds,,,\\n")
    >>> rows[0].lesson
    '05'
    >>> parse_glossary("term,also_called,meaning,lesson,defined_as,chinese,see_also,see\\n"
    ...                "odds,,p / (1 - p).,5,the odds,,,\\n")
    Traceback (most recent call last):
    ...
    facenumbers.teaching.glossary.GlossaryError: glossary.csv, line 2 ('odds'), column 'lesson': must be two digits (such as 04) or python; got '5'.
    """
    require_instance(text, str, "text", "the text of a glossary CSV file")
    reader = csv.reader(io.StringIO(text))
    header = next(reader, None)
    if header is None or tuple(header) != COLUMNS:
        raise GlossaryError(f"{source}, line 1: the columns must be {', '.join(COLUMNS)}; got {header}.")
    terms: list[Term] = []
    lines: list[int] = []
    for line, row in enumerate(reader, start=2):
        if not any(cell.strip() for cell in row):
            continue
        if len(row) != len(COLUMNS):
            raise GlossaryError(f"{source}, line {line}: {len(row)} columns, not {len(COLUMNS)}.")
        values = dict(zip(COLUMNS, (cell.strip() for cell in row)))

        def _bad(column: str, problem: str, values: dict[str, str] = values, line: int = line) -> GlossaryError:
            return GlossaryError(f"{source}, line {line} ({values['term']!r}), column {column!r}: {problem}")

        if not values["term"]:
            raise _bad("term", "every row needs a term.")
        if values["see"]:
            for column in ("also_called", "meaning", "lesson", "defined_as", "chinese", "see_also"):
                if values[column]:
                    raise _bad(column, "a cross-reference row (with see) holds only term and see; "
                                      "put the rest on the row of the term it points to.")
        else:
            for column in ("meaning", "lesson", "defined_as"):
                if not values[column]:
                    raise _bad(column, "must not be empty (only a cross-reference row, with see, "
                                      "leaves it out).")
            if not _LESSON.match(values["lesson"]):
                raise _bad("lesson", f"must be two digits (such as 04) or python; got {values['lesson']!r}.")
        terms.append(Term(values["term"], _split(values["also_called"]), values["meaning"],
                          values["lesson"], " ".join(values["defined_as"].split()),
                          _split(values["chinese"]), _split(values["see_also"]), values["see"]))
        lines.append(line)
    _check_names(terms, source, lines)
    return tuple(terms)


def _check_names(terms: Sequence[Term], source: str, lines: Sequence[int]) -> None:
    """No name twice; every cross-reference and see-also names a term that exists."""
    def _where(i: int, column: str) -> str:
        return f"{source}, line {lines[i]} ({terms[i].term!r}), column {column!r}"

    owner: dict[str, int] = {}
    for i, term in enumerate(terms):
        if term.is_reference:
            continue
        for column, name in [("term", term.term)] + [("also_called", n) for n in term.also_called]:
            key = name.lower()
            if key in owner:
                first = terms[owner[key]]
                raise GlossaryError(f"{_where(i, column)}: {name!r} already names {first.term!r} "
                                    f"(line {lines[owner[key]]}); a name may belong to one term only.")
            owner[key] = i
    full = {t.term.lower(): t for t in terms if not t.is_reference}
    for i, term in enumerate(terms):
        if term.is_reference:
            target = full.get(term.see.lower())
            if target is None:
                raise GlossaryError(f"{_where(i, 'see')}: there is no term {term.see!r} in the glossary.")
            if term.term.lower() not in {n.lower() for n in target.also_called}:
                raise GlossaryError(f"{_where(i, 'see')}: {term.term!r} must also be in the "
                                    f"also_called of {target.term!r}.")
        for related in term.see_also:
            if related.lower() not in full:
                raise GlossaryError(f"{_where(i, 'see_also')}: there is no term {related!r} in the glossary.")
            if related.lower() == term.term.lower():
                raise GlossaryError(f"{_where(i, 'see_also')}: a term cannot point to itself.")


@lru_cache(maxsize=4)
def _load(path: Path, stamp: float) -> tuple[Term, ...]:
    return parse_glossary(path.read_text(encoding="utf-8"), path.name)


def load_glossary(path: Path | None = None) -> tuple[Term, ...]:
    """Every row of the glossary file (``glossary.csv`` beside this module unless ``path``)."""
    path = GLOSSARY_CSV if path is None else require_path(path, "path")
    if not path.is_file():
        raise ValueError(f"path must be a glossary CSV file; there is no file {path}.")
    return _load(path, path.stat().st_mtime)


def _require_terms(terms: object) -> tuple[Term, ...]:
    """``terms`` as a tuple of Term, or a TypeError saying what is wanted."""
    if isinstance(terms, (str, bytes, Mapping)) or not isinstance(terms, Sequence) \
            or not all(isinstance(t, Term) for t in terms):
        raise TypeError("terms must be a sequence of Term, as load_glossary() gives.")
    return tuple(terms)


def find_term(terms: Sequence[Term], name: str) -> Term:
    """The term called ``name`` (any of its names, any case), following a cross-reference."""
    terms = _require_terms(terms)
    require_instance(name, str, "name", "a term or one of its other names")
    wanted = name.strip().lower()
    for term in terms:
        if wanted in (n.lower() for n in term.names):
            return find_term(terms, term.see) if term.is_reference else term
    raise ValueError(f"name must be a term of the glossary or one of its other names; got {name!r}.")


# ---------------------------------------------------------------------------------------------
# Reading the lessons' markdown: what is in bold, and which bold terms are being defined.

_CODE = re.compile(r"```.*?```|`[^`\n]*`", re.DOTALL)
_BOLD = re.compile(r"\*\*(?=\S)(.+?)(?<=\S)\*\*", re.DOTALL)
_ITALIC = re.compile(r"(?<![*\w])\*(?=[^\s*])(.+?)(?<=[^\s*])\*(?![*\w])", re.DOTALL)
_GLOSS = re.compile(r"^(.*?)\s*\((.+)\)$")
#: A parenthesis after a bold phrase that cites, rather than glosses: "(Lesson 04)", "(2019)".
_CITATION = re.compile(r"\(\s*(?:\d|lessons?\b|sections?\b|tables?\b|about\b|policy\b|see\b)", re.I)


def plain_text(markdown: str) -> str:
    """Markdown with its emphasis and code marks removed and all white space as single spaces.

    >>> plain_text("A **false\\n  match** declares `two` people *the same*.")
    'A false match declares two people the same.'
    """
    require_instance(markdown, str, "markdown", "the text of a markdown cell")
    return " ".join(markdown.replace("*", "").replace("`", "").split())


def marked_spans(markdown: str) -> list[str]:
    """The phrases of ``markdown`` in bold or in italics (outside code), white space normalised.

    >>> marked_spans("The *kernel* runs `a ** b`; a **gallery** is searched.")
    ['gallery', 'kernel']
    """
    require_instance(markdown, str, "markdown", "the text of a markdown cell")
    text = _CODE.sub(" ", markdown)
    bold = [" ".join(m.group(1).split()) for m in _BOLD.finditer(text)]
    italic = [" ".join(m.group(1).split()) for m in _ITALIC.finditer(_BOLD.sub(" ", text))]
    return bold + italic


def defined_terms(markdown: str) -> list[str]:
    """The bold phrases of ``markdown`` that a definition follows or precedes.

    A bold phrase counts as defined when it reads "**X** is/are/means ...", "**X** (gloss)",
    "a **X**," or "an **X**:", "called **X**", or "the **X**:". A run-in heading (bold text
    ending in ".", "?", "!" or ":", such as **Predict first.**) is not a term, and neither is a
    phrase followed by a citation in parentheses, such as "**Breach exposure** (Lesson 07)".

    >>> defined_terms("A **breach** is a leak. It is called **displacement**. The **gallery**: "
    ...               "faces. A **1:1 check** (*verification*) compares. **SenseNets** (2019) "
    ...               "leaked. **Things to try.** Go. See the **hit rate**, 1 - FNMR.")
    ['breach', 'displacement', 'gallery', '1:1 check']
    """
    require_instance(markdown, str, "markdown", "the text of a markdown cell")
    text = _CODE.sub(" ", markdown)
    found = []
    for match in _BOLD.finditer(text):
        span = " ".join(match.group(1).split())
        if span[-1] in ".?!:":
            continue
        before, after = text[max(0, match.start() - 30):match.start()], text[match.end():match.end() + 30]
        if (re.match(r"\s+(?:is|are|means)\b", after)
                or (re.match(r"\s*\(", after) and not _CITATION.match(after.lstrip()))
                or (re.search(r"\b(?:a|an)\s+$", before, re.I) and re.match(r"[,:]", after))
                or re.search(r"\bcalled\s+(?:the\s+|an?\s+)?$", before, re.I)
                or (re.search(r"\bthe\s+$", before, re.I) and re.match(r":", after))):
            found.append(span)
    return found


def _word(name: str) -> re.Pattern[str]:
    return re.compile(r"(?<![\w-])" + re.escape(name) + r"(?:s|es)?(?![\w-])", re.IGNORECASE)


def names_in(term: Term, phrase: str) -> bool:
    """Whether ``phrase`` contains the term or one of its names as whole words (plurals too).

    >>> names_in(Term("cell", ("code cell",)), "Code cells")
    True
    >>> names_in(Term("cell"), "cellar")
    False
    """
    require_instance(term, Term, "term", "a Term of the glossary")
    require_instance(phrase, str, "phrase", "text")
    return any(_word(name).search(phrase) for name in term.names)


def term_for(terms: Sequence[Term], phrase: str) -> Term | None:
    """The term that a bold ``phrase`` names ("X" or "X (Y)"), exactly or as a plural, or None.

    An exact name wins over a plural, so "equal error rates" is its own term and not the
    plural of "equal error rate".

    >>> term_for(load_glossary(), "positive predictive value (PPV)").term
    'positive predictive value'
    >>> term_for(load_glossary(), "Presentation attacks").term
    'presentation attack'
    """
    terms = _require_terms(terms)
    require_instance(phrase, str, "phrase", "a phrase in bold")
    candidates = [phrase.strip()]
    gloss = _GLOSS.match(phrase.strip())
    if gloss:
        candidates += [gloss.group(1), gloss.group(2)]
    full = [t for t in terms if not t.is_reference]
    for plural in (False, True):
        for candidate in candidates:
            key = candidate.lower()
            for term in full:
                for name in (n.lower() for n in term.names):
                    if key == name or (plural and key in (name + "s", name + "es")):
                        return term
    return None


# ---------------------------------------------------------------------------------------------
# Lessons, headings and anchors.

def lesson_id(path: Path) -> str:
    """A lesson notebook's id: ``"04"`` for ``04-base-rates.ipynb``, ``"python"`` for Python
    for this course.

    >>> lesson_id(Path("lessons/04-base-rates.ipynb"))
    '04'
    """
    path = require_path(path, "path")
    if path.stem == _PYTHON_STEM:
        return "python"
    if re.match(r"^\d\d-", path.stem):
        return path.stem[:2]
    raise ValueError(f"path must be a lesson notebook such as lessons/04-base-rates.ipynb; got {path}.")


def lesson_heading(lesson: str) -> str:
    """The glossary's heading for a lesson's terms: "Lesson 04", or "Python for this course"."""
    require_instance(lesson, str, "lesson", 'a lesson id such as "04" or "python"')
    if not _LESSON.match(lesson):
        raise ValueError(f'lesson must be two digits (such as "04") or "python"; got {lesson!r}.')
    return "Python for this course" if lesson == "python" else f"Lesson {lesson}"


def anchor(heading: str) -> str:
    """The anchor GitHub and MyST give a heading: lower case, punctuation dropped, spaces as "-".

    >>> anchor("Python for this course")
    'python-for-this-course'
    """
    require_instance(heading, str, "heading", "the text of a heading")
    return re.sub(r"[^\w\- ]", "", heading.strip().lower()).replace(" ", "-")


def lesson_notebooks(root: Path) -> dict[str, Path]:
    """Every lesson notebook under ``root/lessons``, by id: the numbered ones, then ``python``."""
    folder = require_path(root, "root") / "lessons"
    found = {lesson_id(p): p for p in sorted(folder.glob("[0-9][0-9]-*.ipynb"))}
    python = folder / f"{_PYTHON_STEM}.ipynb"
    if python.is_file():
        found["python"] = python
    return found


def is_generated_cell(cell: Mapping) -> bool:
    """Whether a notebook cell is the generated "More for this lesson" cell."""
    require_instance(cell, Mapping, "cell", "a notebook cell")
    metadata = cell.get("metadata")
    if not isinstance(metadata, Mapping) or not isinstance(metadata.get("facenumbers"), Mapping):
        return False
    return metadata["facenumbers"].get("generated") == CELL_ID


def lesson_markdown(root: Path) -> dict[str, list[str]]:
    """The markdown cells of every lesson, by lesson id, leaving out the generated cell."""
    return {lesson: [c.source for c in nbformat.read(path, as_version=4).cells
                     if c.cell_type == "markdown" and not is_generated_cell(c)]
            for lesson, path in lesson_notebooks(root).items()}


# ---------------------------------------------------------------------------------------------
# The page docs/glossary.md.

_HEADER = ("<!-- Generated by `make exercises` from src/facenumbers/teaching/glossary.csv: "
           "edit that file, not this page. -->")


def _entry(term: Term) -> str:
    notes = []
    if term.also_called:
        notes.append("also " + "; ".join(term.also_called))
    if term.chinese:
        notes.append("Chinese: " + "; ".join(term.chinese))
    head = f"**{term.term}**" + (f" ({'; '.join(notes)})" if notes else "")
    heading = lesson_heading(term.lesson)
    where = (f"Introduced in [{heading}](#{anchor(heading)})" if term.lesson != "python"
             else f"Introduced in [Python for this course](#{anchor(heading)})")
    line = f"- {head}: {term.meaning} {where}."
    if term.see_also:
        line += " See also: " + ", ".join(term.see_also) + "."
    return line


def _sort_key(name: str) -> str:
    """Alphabetical order that ignores case and punctuation: "false-match" beside "false match"."""
    return " ".join(re.sub(r"[^a-z0-9]+", " ", name.lower()).split())


def glossary_markdown(terms: Sequence[Term] | None = None,
                      lesson_files: Mapping[str, str] | None = None,
                      titles: Mapping[str, str] | None = None) -> str:
    """The whole of ``docs/glossary.md``: the terms by lesson, then every term from A to Z.

    ``lesson_files`` maps a lesson id to its notebook's file name, for the links to the lessons,
    and ``titles`` to its title ("Lesson 04: Base rates").

    >>> page = glossary_markdown()
    >>> "### Lesson 04" in page and "- **positive predictive value** (also PPV; precision)" in page
    True
    """
    terms = load_glossary() if terms is None else _require_terms(terms)
    for name, mapping in (("lesson_files", lesson_files), ("titles", titles)):
        if mapping is not None and not (isinstance(mapping, Mapping) and all(
                isinstance(k, str) and _LESSON.match(k) and isinstance(v, str) for k, v in mapping.items())):
            raise TypeError(f'{name} must map lesson ids ("04", "python") to text.')
    files = dict(lesson_files or {})
    full = [t for t in terms if not t.is_reference]
    lessons = sorted({t.lesson for t in full} | set(files), key=lambda k: (k == "python", k))
    lines = ["# Glossary", "", _HEADER, "",
             "Every term the lessons define, with the one meaning it has throughout the course, the",
             "lesson that introduces it, and the Chinese term where the case's sources use one. Each",
             "lesson ends with a link to its own section below.", "",
             "## Terms by lesson", ""]
    for lesson in lessons:
        heading = lesson_heading(lesson)
        names = sorted((t.term for t in full if t.lesson == lesson), key=_sort_key)
        title = (titles or {}).get(lesson, heading)
        where = f"[{title}](../lessons/{files[lesson]})" if lesson in files else title
        lines += [f"### {heading}", "",
                  f"Terms introduced in {where}: " + (", ".join(names) if names else "none") + ".", ""]
    lines += ["## A to Z", ""]
    entries = [(t.term, _entry(t)) for t in full]
    pointed = {t.term.lower() for t in terms if t.is_reference}
    entries += [(t.term, f"- **{t.term}**: see *{t.see}*.") for t in terms if t.is_reference]
    entries += [(name, f"- **{name}**: see *{t.term}*.") for t in full for name in t.also_called
                if name.lower() not in pointed]
    lines += [line for _, line in sorted(entries, key=lambda e: (_sort_key(e[0]), e[0]))]
    return "\n".join(lines) + "\n"


def _title(path: Path) -> str:
    """A notebook's title: the text of its first "# " heading, or its file name."""
    for cell in nbformat.read(path, as_version=4).cells:
        for line in cell.source.splitlines():
            if line.startswith("# "):
                return line[2:].strip()
    return path.stem


def update_glossary(root: Path, check_only: bool = False) -> bool:
    """Write ``docs/glossary.md`` under ``root``; True if it was (or would be) changed.

    ``root`` must be the course folder (the one holding ``docs/`` and ``lessons/``).
    """
    root = course_folder(root)
    notebooks = lesson_notebooks(root)
    files = {lesson: path.name for lesson, path in notebooks.items()}
    titles = {lesson: _title(path) for lesson, path in notebooks.items()}
    page = root / PAGE
    text = glossary_markdown(load_glossary(), files, titles)
    if page.is_file() and page.read_text(encoding="utf-8") == text:
        return False
    if not check_only:
        page.write_text(text, encoding="utf-8")
    return True


# ---------------------------------------------------------------------------------------------
# The generated "More for this lesson" cell.

@dataclass(frozen=True)
class LessonLink:
    """One line of the "More for this lesson" cell: ``line(lesson)`` gives its markdown, or
    None when the lesson has nothing of this kind."""

    name: str
    line: Callable[[str], str | None]


def glossary_link(lesson: str) -> str | None:
    """The cell's glossary line for a lesson: a link to its section and the terms it introduces.

    >>> glossary_link("05")
    '- **Glossary:** [the terms this lesson introduces](../docs/glossary.md#lesson-05), ...'
    """
    heading = lesson_heading(lesson)
    names = sorted((t.term for t in load_glossary() if not t.is_reference and t.lesson == lesson),
                   key=_sort_key)
    link = f"[the terms this lesson introduces](../{PAGE.as_posix()}#{anchor(heading)})"
    if not names:
        return f"- **Glossary:** {link}, with the one meaning each has throughout the course."
    return (f"- **Glossary:** {link}, with the one meaning each has throughout the course: "
            + ", ".join(names) + ".")


#: The lines of every lesson's "More for this lesson" cell, in order. To add a kind of link
#: (further reading, critique the news, slides), add a LessonLink here; its module must not
#: import this one.
def reading_link(lesson: str) -> str | None:
    """The cell's further-reading line: a link to the lesson's list on the reading page.

    >>> reading_link("04")
    '- **Further reading:** [sources for going deeper](../docs/further-reading.md#lesson-04), ...'
    """
    from facenumbers.teaching import reading

    lesson_heading(lesson)
    count = len(reading.reading_for(lesson))
    return (f"- **Further reading:** [sources for going deeper](../docs/further-reading.md#"
            f"{reading.anchor(lesson)}), {count} of them, each with a line on what it adds.")


def critique_link(lesson: str) -> str | None:
    """The cell's "critique the news" line, for the lessons that have a task (01 to 08).

    >>> critique_link("00") is None
    True
    >>> critique_link("04")
    '- **Critique the news:** [a real claim to weigh with a calculator](../docs/critique-the-news.md#lesson-04), ...'
    """
    lesson_heading(lesson)
    if lesson == "python" or lesson == "00":
        return None
    return (f"- **Critique the news:** [a real claim to weigh with a calculator]"
            f"(../docs/critique-the-news.md#lesson-{lesson}), with its rubric.")


def slides_link(lesson: str) -> str | None:
    """The cell's slides line, for the numbered lessons (``make slides`` builds them).

    >>> slides_link("python") is None
    True
    """
    lesson_heading(lesson)
    if lesson == "python":
        return None
    return (f"- **Slides and a one-page handout:** `make slides` builds them into "
            f"`build/slides/` and `build/handouts/` ([how](../docs/slides.md)).")


LESSON_LINKS: tuple[LessonLink, ...] = (LessonLink("glossary", glossary_link),
                                        LessonLink("further reading", reading_link),
                                        LessonLink("critique the news", critique_link),
                                        LessonLink("slides", slides_link))


def more_for_this_lesson(lesson: str, links: Sequence[LessonLink] = LESSON_LINKS) -> str:
    """The markdown of a lesson's generated cell, from each of ``links`` in turn."""
    lesson_heading(lesson)  # checks the id
    if isinstance(links, (str, bytes)) or not isinstance(links, Sequence) \
            or not all(isinstance(link, LessonLink) for link in links):
        raise TypeError("links must be a sequence of LessonLink, such as LESSON_LINKS.")
    lines = [textwrap.fill(line, width=95, subsequent_indent="  ", break_long_words=False,
                           break_on_hyphens=False)
             for link in links for line in [link.line(lesson)] if line]
    return "\n".join(["## More for this lesson", "", *lines])


def with_lesson_links(notebook: nbformat.NotebookNode, lesson: str) -> nbformat.NotebookNode:
    """``notebook`` with exactly one generated cell, placed just before "## Sources" (or,
    without one, before a closing ``progress()`` cell, which stays last; else at the end);
    any earlier generated cell is removed."""
    require_instance(notebook, nbformat.NotebookNode, "notebook", "a notebook read with nbformat")
    if not isinstance(notebook.get("cells"), list):
        raise ValueError("notebook must have a list of cells.")
    cells = [c for c in notebook.cells if not is_generated_cell(c)]
    cell = nbformat.v4.new_markdown_cell(more_for_this_lesson(lesson), id=CELL_ID,
                                         metadata={"facenumbers": {"generated": CELL_ID}})
    sources = [i for i, c in enumerate(cells)
               if c.cell_type == "markdown" and c.source.lstrip().startswith("## Sources")]
    if sources:
        place = sources[-1]
    elif cells and cells[-1].cell_type == "code" and cells[-1].source.strip() == "progress()":
        place = len(cells) - 1
    else:
        place = len(cells)
    cells.insert(place, cell)
    notebook.cells = cells
    return notebook


def update_lesson_links(root: Path, check_only: bool = False) -> list[Path]:
    """Keep the generated cell up to date in every lesson; the notebooks that changed (or, with
    ``check_only``, would change). ``root`` must be the course folder."""
    root = course_folder(root)
    changed = []
    for lesson, path in lesson_notebooks(root).items():
        old = path.read_text(encoding="utf-8")
        notebook = with_lesson_links(nbformat.read(path, as_version=4), lesson)
        new = nbformat.writes(notebook)
        if not new.endswith("\n"):
            new += "\n"
        if new != old:
            changed.append(path)
            if not check_only:
                nbformat.write(notebook, path)
    return changed
