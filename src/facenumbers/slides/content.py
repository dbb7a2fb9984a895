"""What a lesson's slides show, chosen from the lesson notebook by fixed rules (never rewritten).

:func:`lesson_outline` reads one lesson and returns a :class:`LessonOutline`: the title and
its italic question, the "Time:" line (for the speaker notes), the ``## Questions`` and
``## Learning objectives`` lists, one :class:`Section` per numbered heading (``## N. ...``),
the calculators, the discussion prompts, the ``## Key points`` and the outlets of
``## Sources``. The rules, so that a slide never says what the lesson does not:

- A section shows its title and, as its prompt, the lesson's own "**Predict first.**"
  paragraph when it has one, else up to :data:`QUESTIONS_PER_SECTION` sentences of the
  section that end with a question mark, copied as written.
- A key chart is a code cell named in :data:`KEY_CHARTS` (one table for the whole course):
  a short source text that must match exactly one code cell of its lesson, and how its
  one-line summary is found (see :class:`KeyChart`).
- A calculator is a code cell that calls one of :mod:`facenumbers.calculators`; the slide
  names it by its ``title`` and asks its ``prediction_spec`` question.
- Discussion prompts are the reflection questions of the lesson's exercise notebook, then its
  "Things to try" items that ask a question, at most :data:`DISCUSSION_PROMPTS` of them;
  ``extra_discussion`` adds an instructor's own prompts (for example peer-instruction
  questions) after them.
- Sources are shown as their outlets: the group headings of ``## Sources`` with the web
  hosts of the addresses listed under each.

>>> from pathlib import Path
>>> root = Path(__file__).resolve().parents[3]
>>> outline = lesson_outline(root / "lessons" / "04-base-rates.ipynb")
>>> outline.code, outline.title, outline.question
('04', 'Lesson 04: Base rates', 'What is an alarm from a face-recognition system worth?')
>>> [s.number for s in outline.sections][:3]
[1, 2, 3]
>>> [c.title for c in outline.calculators]
['Alarm calculator']
"""

from __future__ import annotations

import re
import typing
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

import nbformat

from facenumbers import calculators

__all__ = [
    "DISCUSSION_PROMPTS", "KEY_CHARTS", "Calculator", "KeyChart", "LessonOutline", "Section",
    "chart_cells", "key_chart_problems", "lesson_outline", "lesson_paths",
]

#: Question sentences a section slide shows at most when the section has no "Predict first."
QUESTIONS_PER_SECTION = 2
#: Discussion prompts taken from the lesson's own notebooks, at most.
DISCUSSION_PROMPTS = 3


@dataclass(frozen=True)
class KeyChart:
    """One chart the slides show, identified in its lesson by a piece of its cell's source.

    ``cell`` must occur in exactly one code cell of lesson ``lesson`` (a test checks it). The
    one-line "In words:" summary under the chart is ``summary``, a Python expression evaluated
    in the lesson's kernel right after the cell has run, calling the charts module's
    ``describe_*`` function for this chart (``imports`` is run first); when ``summary`` is
    None, the chart has no such function and the summary is the lesson's own "In words:"
    sentence in the text cell after the chart.
    """

    lesson: str
    cell: str
    summary: str | None = None
    imports: str = ""


#: Every key chart of the course, lesson by lesson. Lessons 00, 02, 04, 05 and 08 draw their
#: charts only inside calculators, which the slides name instead (they are live in the notebook).
KEY_CHARTS: tuple[KeyChart, ...] = (
    KeyChart("01", "registration_models_chart(world).widget"),
    KeyChart("03", "det_curve_chart(genuine_scores, impostor_scores).widget",
             "describe_det(det_curve_chart(genuine_scores, impostor_scores).params['points'], "
             "error_rates.equal_error_rate(genuine_scores, impostor_scores).threshold)",
             "from facenumbers.charts.biometrics import describe_det, det_curve_chart\n"
             "from facenumbers.models import error_rates"),
    KeyChart("06", "policy_chart(policy_rows(outcomes, years=inputs.years)).widget",
             "describe_policies(outcomes)"),
    KeyChart("07", "breaches_chart(breaches).widget", "describe_breaches(breaches)"),
    KeyChart("07", "exposure_chart(years.to_dict(\"records\")).widget",
             "describe_exposure(years.to_dict('records'))"),
    KeyChart("07", "fraud_cases_chart(fraud).widget", "describe_fraud_cases(fraud)"),
)


@dataclass(frozen=True)
class Calculator:
    """A calculator a lesson builds: its function's name, title and prediction question."""

    function: str
    title: str
    question: str
    cell: int


@dataclass
class Section:
    """A numbered section of a lesson: ``## 3. Title``, and what its slide shows."""

    number: int
    title: str
    prompt: list[str] = field(default_factory=list)
    cells: list[int] = field(default_factory=list)


@dataclass
class LessonOutline:
    """What the slides and the handout of one lesson are made of (all text as in the lesson)."""

    code: str
    stem: str
    title: str
    question: str
    time_line: str
    questions: str
    objectives: str
    sections: list[Section]
    calculators: list[Calculator]
    charts: list[tuple[KeyChart, int]]
    discussion: list[tuple[str, str]]
    key_points: str
    sources: list[tuple[str, list[str]]]
    notebook: nbformat.NotebookNode = field(repr=False)

    def section_of(self, cell: int) -> Section | None:
        """The numbered section a cell lies in, or None (before the first, or after the last)."""
        found = None
        for section in self.sections:
            if section.cells and section.cells[0] <= cell <= section.cells[-1]:
                found = section
        return found


def lesson_paths(root: Path) -> list[Path]:
    """The numbered lessons ``lessons/NN-*.ipynb`` (not python-for-this-course), in order."""
    return sorted((Path(root) / "lessons").glob("[0-9][0-9]-*.ipynb"))


_SECTION = re.compile(r"^## (\d+)\. (.+)$", re.MULTILINE)
_HEADING = re.compile(r"^## (.+)$", re.MULTILINE)
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z*\"(])")
_URL = re.compile(r"https?://[^\s)>\]]+")


#: Headings that are not a section of their own when a lesson's sections are not numbered.
NOT_SECTIONS = ("Questions", "Learning objectives", "Exercises", "Key points", "Sources",
                "More for this lesson")


def _plain_section(source: str) -> re.Match[str] | None:
    """In a lesson without numbered sections (Lesson 00), a ``## Heading`` that is a section."""
    heading = re.search(r"^## ()(.+)$", source, re.MULTILINE)
    return heading if heading and heading[2].strip() not in NOT_SECTIONS else None


def _parts(source: str) -> dict[str, str]:
    """A cell's ``## Heading`` parts, by heading, each without its heading line."""
    parts: dict[str, str] = {}
    matches = list(_HEADING.finditer(source))
    for here, after in zip(matches, matches[1:] + [None]):
        end = after.start() if after else len(source)
        parts[here[1].strip()] = source[here.end():end].strip()
    return parts


def _paragraphs(text: str) -> list[str]:
    return [p.strip() for p in re.split(r"\n\s*\n", text) if p.strip()]


def _question_sentences(text: str) -> list[str]:
    """Sentences of the prose paragraphs (not headings, lists, tables or code) ending in '?'."""
    found = []
    for paragraph in _paragraphs(text):
        if paragraph.startswith(("#", "|", "```", ">", "*Content note")) or re.search(
                r"^\s*(- |\d+\. |\*\*\d)", paragraph, re.MULTILINE):
            continue
        for sentence in _SENTENCE_END.split(" ".join(paragraph.split())):
            if sentence.endswith("?") or sentence.endswith('?"'):
                found.append(sentence)
    return found


def _predict_first(text: str) -> list[str]:
    return [p for p in _paragraphs(text) if p.startswith("**Predict first.**")]


def _calculator(cell: nbformat.NotebookNode, index: int) -> Calculator | None:
    """The calculator a code cell builds, or None."""
    for name in calculators.__all__:
        if re.search(rf"^\s*{name}\(", cell.source, re.MULTILINE):
            kind = typing.get_type_hints(getattr(calculators, name))["return"]
            return Calculator(name, kind.title, kind.prediction_spec.question, index)
    return None


def chart_cells(notebook: nbformat.NotebookNode, chart: KeyChart) -> list[int]:
    """The indices of the code cells whose source contains ``chart.cell``."""
    return [i for i, cell in enumerate(notebook.cells)
            if cell.cell_type == "code" and chart.cell in cell.source]


def _item_questions(item: str) -> str:
    """A "Things to try" item as a prompt: all of it when it ends in a question, else its
    question sentences ("" when it asks none)."""
    if item.endswith("?"):
        return item
    return " ".join(s for s in _SENTENCE_END.split(item) if s.endswith("?"))


def key_chart_problems(root: Path, charts: tuple[KeyChart, ...] = KEY_CHARTS) -> list[str]:
    """What is wrong with a table of key charts: an unknown lesson, or a ``cell`` text that
    does not match exactly one code cell of its lesson ([] when all is well)."""
    lessons = {path.name[:2]: path for path in lesson_paths(root)}
    problems = []
    for chart in charts:
        if chart.lesson not in lessons:
            problems.append(f"{chart.cell!r}: lesson {chart.lesson!r} is not one of {sorted(lessons)}")
            continue
        found = chart_cells(nbformat.read(lessons[chart.lesson], as_version=4), chart)
        if len(found) != 1:
            problems.append(f"{chart.cell!r} matches {len(found)} code cells of lesson {chart.lesson}, not 1")
    return problems


def _discussion(lesson: Path, notebook: nbformat.NotebookNode,
                sections: list[Section]) -> list[tuple[str, str]]:
    """(where from, prompt): reflection questions of the exercise notebook, then the questions
    of "Things to try", then the questions of the sections, at most DISCUSSION_PROMPTS."""
    prompts: list[tuple[str, str]] = []
    exercise = lesson.parent.parent / "exercises" / lesson.name
    if exercise.is_file():
        for cell in nbformat.read(exercise, as_version=4).cells:
            if cell.cell_type == "markdown" and re.search(r"^\*\*\d+\.\*\* ", cell.source, re.M) and (
                    "Reflection" in cell.source or "**Rubric" in cell.source):
                for paragraph in _paragraphs(cell.source):
                    if re.match(r"\*\*\d+\.\*\* ", paragraph):
                        text = " ".join(re.sub(r"^\*\*\d+\.\*\* ", "", paragraph).split())
                        prompts.append(("Reflection question of the exercises", text))
    for index, cell in enumerate(notebook.cells):
        if cell.cell_type == "markdown" and cell.source.startswith("**Things to try"):
            section = next((s for s in sections if index in s.cells), None)
            where = f"Things to try, section {section.number}" if section else "Things to try"
            for item in re.split(r"\n(?=\d+\. )", cell.source):
                item = " ".join(item.split())
                if re.match(r"\d+\. ", item) and _item_questions(item):
                    prompts.append((where, _item_questions(re.sub(r"^\d+\. ", "", item))))
    for section in sections:
        for sentence in section.prompt:
            if not sentence.startswith("**Predict first.**"):
                prompts.append((f"Section {section.number}", sentence))
    return prompts[:DISCUSSION_PROMPTS]


def _sources(text: str) -> list[tuple[str, list[str]]]:
    """(group heading, web hosts) for each bold group of a Sources cell, in order."""
    groups: list[tuple[str, list[str]]] = []
    heading, hosts = "Sources", []
    for paragraph in _paragraphs(text):
        bold = re.match(r"\*\*(.+?)\*\*", paragraph)
        if bold and paragraph.startswith("**"):
            if hosts:
                groups.append((heading, hosts))
            heading, hosts = bold[1].rstrip(":"), []
        for url in _URL.findall(paragraph):
            host = urlsplit(url.rstrip(".;,")).hostname or ""
            host = host.removeprefix("www.").removeprefix("m.")
            if host and host not in hosts:
                hosts.append(host)
    if hosts:
        groups.append((heading, hosts))
    return groups


def lesson_outline(lesson: Path) -> LessonOutline:
    """Read a lesson notebook (``lessons/NN-topic.ipynb``) into what its slides show.

    Raises ValueError naming the lesson when a part every lesson has is missing (its title,
    Questions, Learning objectives or Key points).
    """
    lesson = Path(lesson)
    if not re.fullmatch(r"\d\d-.+\.ipynb", lesson.name) or not lesson.is_file():
        raise ValueError(f"lesson must be a notebook lessons/NN-topic.ipynb; got {lesson}.")
    notebook = nbformat.read(lesson, as_version=4)
    cells = notebook.cells
    first = cells[0].source if cells else ""
    title = re.match(r"# (.+)", first)
    if not title:
        raise ValueError(f"{lesson.name}: its first cell must start with '# Lesson NN: title'.")
    question = re.search(r"^\*([^*\n].*?)\*$", first, re.MULTILINE)
    time_line = re.search(r"^Time: .+?(?=\n\n|\Z)", first, re.MULTILINE | re.DOTALL)
    parts: dict[str, str] = {}
    sections: list[Section] = []
    found_calculators: list[Calculator] = []
    current: Section | None = None
    has_numbers = any(c.cell_type == "markdown" and _SECTION.search(c.source) for c in cells)
    for index, cell in enumerate(cells):
        if cell.cell_type == "markdown":
            for heading, body in _parts(cell.source).items():
                parts.setdefault(heading, body)
            numbered = _SECTION.search(cell.source) if has_numbers else _plain_section(cell.source)
            if numbered:
                current = Section(int(numbered[1]) if has_numbers else len(sections) + 1,
                                  numbered[2].strip())
                sections.append(current)
            elif _HEADING.search(cell.source):
                current = None
        if current is not None:
            current.cells.append(index)
        if cell.cell_type == "code":
            calculator = _calculator(cell, index)
            if calculator:
                found_calculators.append(calculator)
    for section in sections:
        text = "\n\n".join(cells[i].source for i in section.cells if cells[i].cell_type == "markdown")
        text = text[_HEADING.search(text).end():]
        section.prompt = _predict_first(text)[:1] or _question_sentences(text)[:QUESTIONS_PER_SECTION]
    for needed in ("Questions", "Learning objectives", "Key points"):
        if needed not in parts:
            raise ValueError(f"{lesson.name} has no '## {needed}' heading.")
    code = lesson.name[:2]
    charts = [(chart, chart_cells(notebook, chart)[0]) for chart in KEY_CHARTS
              if chart.lesson == code and chart_cells(notebook, chart)]
    return LessonOutline(
        code=code, stem=lesson.stem, title=title[1].strip(),
        question=question[1].strip() if question else "",
        time_line=" ".join(time_line[0].split()) if time_line else "",
        questions=parts["Questions"], objectives=parts["Learning objectives"],
        sections=sections, calculators=found_calculators, charts=charts,
        discussion=_discussion(lesson, notebook, sections), key_points=parts["Key points"],
        sources=_sources(parts.get("Sources", "")), notebook=notebook,
    )
