""""Critique the news": one task for each lesson from 01 to 08, with a rubric.

Each task takes a real claim that the course's data tables record (a quotation, a headline or
a figure), says who made it, where, when and about what, and asks learners to weigh it with a
calculator and write a short critique (150 to 250 words) that ends with the settings they
used. The tasks live in ``critique.toml`` beside this module; :func:`load_tasks` reads and
checks them (every quote word for word in its data row, every row sourced, the rubric's shape);
:func:`task_for` gives one lesson's task; :func:`update_critique` writes
``docs/critique-the-news.md``.

The checks that need the calculators (that a calculator and its preset exist) take the presets
as an argument, because this package may not import the calculators: tests pass them in.

>>> task = task_for(4)
>>> task.claim.quote
'Police facial recognition technology wrongly identifies 2,000 people as criminals'
>>> [tool.calculator for tool in task.tools]
['alarm', 'alarm']
>>> format_answer(0.07004, "percent1"), format_answer(0.013527, "one_in")
('7.0%', '1 in 74')
"""

from __future__ import annotations

import math
import re
import tomllib
from collections import Counter
from collections.abc import Callable, Collection, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd

from facenumbers import data
from facenumbers.models.validation import require_instance

__all__ = ["CLAIM_KINDS", "LESSONS", "PAGE", "STYLES", "TASKS_PATH", "Answer", "CritiqueError",
           "CritiqueTask", "Criterion", "RowRef", "Tool", "format_answer", "load_criteria",
           "load_intro", "load_tasks", "page_markdown", "parse_tasks", "row_of", "task_for",
           "task_markdown", "task_problems", "update_critique"]

#: The tasks, read with :mod:`tomllib`.
TASKS_PATH = Path(__file__).with_name("critique.toml")
#: The page :func:`update_critique` writes, relative to the repository.
PAGE = Path("docs") / "critique-the-news.md"
#: The lessons that have a task: every lesson after Lesson 00.
LESSONS = tuple(range(1, 9))
#: How many steps a task has, at least and at most.
STEPS = (3, 5)
#: The length of the written critique, in words.
WORDS = (150, 250)
#: The rubric: this many criteria, each with three levels worth these points.
CRITERIA = 4
LEVEL_POINTS = (3, 1, 0)
#: Whose words a claim's quote is, as the page labels it.
CLAIM_KINDS = {
    "quotation": "the speaker's own words, as the source quotes them",
    "headline": "the outlet's headline, word for word",
    "paraphrase": "the course's summary of the source (a paraphrase, not a translation)",
    "figure": "the course's table, describing the figure",
}
#: How a strong answer's number is shown: the name of a style, and what it does.
STYLES = {
    "count": "a whole number with thousands separators: 1,916",
    "sig2": "two significant figures, as the simulators show counts: 460,000",
    "one_in": "a small rate as 1 in N, N to two significant figures above 100: 1 in 310,000",
    "millions2": "millions, to two significant figures, as Breach exposure shows them: 58 million",
    **{f"percent{d}": f"a percentage with {d} decimals" for d in range(5)},
    **{f"decimal{d}": f"a number with {d} decimals" for d in range(5)},
}
_PLACEHOLDER = re.compile(r"\{([a-z][a-z0-9_]*)\}")
_QUOTED = re.compile(r'"([^"]+)"')
#: Quoted text of at least this many words is someone's words, and must be in a row; shorter
#: quoted text is a term or a phrase under discussion.
MIN_QUOTE_WORDS = 6


class CritiqueError(ValueError):
    """The tasks break a rule; the message lists every problem found."""


@dataclass(frozen=True)
class RowRef:
    """A row of a data table, and the words (and figures) a task takes from it."""

    table: str
    key: str
    value: str
    column: str
    quote: str
    figures: Mapping[str, float]
    label: str = ""

    def where(self) -> str:
        """The row in words: "public_debate, measure = greer_no_evidence_of_safety, column
        claim"."""
        return f"{self.table}, {self.key} = {self.value}, column {self.column}"


@dataclass(frozen=True)
class Tool:
    """A calculator of the app (its function's name) and the preset a task starts from."""

    calculator: str
    preset: str


@dataclass(frozen=True)
class Criterion:
    """One line of the rubric: its points, and the partial and missing levels all tasks share."""

    key: str
    name: str
    points: int
    partial: str
    missing: str


@dataclass(frozen=True)
class Answer:
    """A number a strong answer reaches, how to get it, and how the notes show it."""

    name: str
    value: float
    style: str
    how: str

    def shown(self) -> str:
        """The number as the page shows it."""
        return format_answer(self.value, self.style)


@dataclass(frozen=True)
class CritiqueTask:
    """One lesson's "critique the news" task."""

    lesson: int
    lesson_title: str
    title: str
    claim_kind: str
    speaker: str
    outlet: str
    date: str
    year: int
    about: str
    claim: RowRef
    context: tuple[RowRef, ...]
    tools: tuple[Tool, ...]
    steps: tuple[str, ...]
    question: str
    best_case: str
    other_side: str
    rubric: Mapping[str, str]
    answers: tuple[Answer, ...]
    notes: str

    @property
    def anchor(self) -> str:
        """The page's anchor for this task: ``lesson-04``."""
        return f"lesson-{self.lesson:02d}"

    def answer(self, name: str) -> Answer:
        """One of the strong answer's numbers, by name."""
        for answer in self.answers:
            if answer.name == name:
                return answer
        known = ", ".join(a.name for a in self.answers)
        raise ValueError(f"answer must be one of {known}; got {name!r}.")


def _require_inputs(tasks: object = (), criteria: object = (),
                    load_table: object = data.load) -> None:
    """A TypeError unless ``tasks`` and ``criteria`` are lists (or tuples) of CritiqueTask and
    Criterion, and ``load_table`` is a function, each message naming the argument."""
    for name, values, kind, source in (("tasks", tasks, CritiqueTask, "load_tasks"),
                                       ("criteria", criteria, Criterion, "load_criteria")):
        listed = isinstance(values, Sequence) and not isinstance(values, (str, bytes))
        wrong = [type(v).__name__ for v in values if not isinstance(v, kind)] if listed else []
        if not listed or wrong:
            got = f"a list holding {wrong[0]}" if listed else f"a {type(values).__name__}"
            raise TypeError(f"{name} must be a list of {kind.__name__} (from {source}); got {got}.")
    if not callable(load_table):
        raise TypeError("load_table must be a function that reads a table by name (such as "
                        f"facenumbers.data.load); got a {type(load_table).__name__}.")


def format_answer(value: float, style: str) -> str:
    """A number in one of the :data:`STYLES`.

    >>> format_answer(459238, "sig2"), format_answer(1916, "count")
    ('460,000', '1,916')
    >>> format_answer(0.0014, "percent2")
    '0.14%'
    >>> format_answer(3.1795e-06, "one_in"), format_answer(11.33, "decimal1")
    ('1 in 310,000', '11.3')
    >>> format_answer(58_292_000, "millions2"), format_answer(1_000_000, "millions2")
    ('58 million', '1 million')
    """
    if style not in STYLES:
        raise ValueError(f"style must be one of {', '.join(STYLES)}; got {style!r}.")
    if not isinstance(value, (int, float)) or isinstance(value, bool) or not math.isfinite(value):
        raise ValueError(f"value must be a finite number; got {value!r}.")
    if style == "count":
        return f"{round(value):,}"
    if style == "millions2":
        return f"{float(f'{value:.2g}') / 1e6:,.10g} million"
    if style == "sig2":
        return f"{float(f'{value:.2g}'):,.0f}" if abs(value) >= 1 else f"{value:.2g}"
    if style == "one_in":
        if value <= 0:
            raise ValueError(f"value must be above 0 to be shown as 1 in N; got {value!r}.")
        n = 1 / value
        return f"1 in {float(f'{n:.2g}'):,.0f}" if n >= 100 else f"1 in {round(n):,}"
    digits = int(style[-1])
    if style.startswith("percent"):
        return f"{value * 100:.{digits}f}%"
    return f"{value:,.{digits}f}"


def _text(raw: Mapping[str, Any], field: str, where: str, problems: list[str]) -> str:
    value = raw.get(field)
    if not isinstance(value, str) or not value.strip():
        problems.append(f"{where}: `{field}` must be a non-empty text.")
        return ""
    return " ".join(value.split()) if field not in {"quote"} else value


def _row(raw: object, where: str, problems: list[str]) -> RowRef:
    if not isinstance(raw, Mapping):
        problems.append(f"{where}: must be a table with table, key, value, column and quote.")
        raw = {}
    figures = raw.get("figures", {})
    if not isinstance(figures, Mapping) or not all(
            isinstance(v, (int, float)) and not isinstance(v, bool) for v in figures.values()):
        problems.append(f"{where}: `figures` must map column names to numbers.")
        figures = {}
    return RowRef(*(_text(raw, f, where, problems) for f in ("table", "key", "value", "column",
                                                              "quote")),
                  figures={str(k): float(v) for k, v in figures.items()},
                  label=" ".join(str(raw.get("label", "")).split()))


def _task(raw: Mapping[str, Any], index: int, problems: list[str]) -> CritiqueTask:
    where = f"task {index + 1} (lesson {raw.get('lesson', '?')})"
    lesson, year = raw.get("lesson"), raw.get("year")
    for name, value in (("lesson", lesson), ("year", year)):
        if not isinstance(value, int) or isinstance(value, bool):
            problems.append(f"{where}: `{name}` must be a whole number; got {value!r}.")
    texts = {f: _text(raw, f, where, problems) for f in (
        "lesson_title", "title", "claim_kind", "speaker", "outlet", "date", "about", "question",
        "best_case", "other_side", "notes")}
    steps = raw.get("steps")
    if not isinstance(steps, list) or not all(isinstance(s, str) and s.strip() for s in steps):
        problems.append(f"{where}: `steps` must be a list of texts.")
        steps = []
    tools = [Tool(*(_text(tool if isinstance(tool, Mapping) else {}, f, f"{where}, tool {n + 1}",
                          problems) for f in ("calculator", "preset")))
             for n, tool in enumerate(raw.get("tools") or [])]
    rubric = raw.get("rubric")
    if not isinstance(rubric, Mapping):
        problems.append(f"{where}: `rubric` must be a table of the strong level per criterion.")
        rubric = {}
    answers = []
    for n, answer in enumerate(raw.get("answers") or []):
        label, answer = f"{where}, answer {n + 1}", answer if isinstance(answer, Mapping) else {}
        value = answer.get("value")
        if not isinstance(value, (int, float)) or isinstance(value, bool):
            problems.append(f"{label}: `value` must be a number; got {value!r}.")
            value = math.nan
        answers.append(Answer(_text(answer, "name", label, problems), float(value),
                              _text(answer, "style", label, problems),
                              _text(answer, "how", label, problems)))
    return CritiqueTask(
        lesson=lesson if isinstance(lesson, int) else -1,
        year=year if isinstance(year, int) else -1,
        claim=_row(raw.get("claim"), f"{where}, claim", problems),
        context=tuple(_row(c, f"{where}, context {n + 1}", problems)
                      for n, c in enumerate(raw.get("context") or [])),
        tools=tuple(tools), steps=tuple(" ".join(s.split()) for s in steps),
        rubric={str(k): " ".join(str(v).split()) for k, v in rubric.items()},
        answers=tuple(answers), **texts)


def parse_tasks(raw: Mapping[str, Any]) -> tuple[list[CritiqueTask], list[Criterion], list[str]]:
    """The tasks and criteria of a parsed TOML document, and the problems of its shape."""
    require_instance(raw, Mapping, "raw", "a parsed tasks file (a dict, as tomllib reads it)")
    problems: list[str] = []
    lists = {key: raw.get(key) or [] for key in ("criteria", "task")}
    for key in [key for key, items in lists.items() if not isinstance(items, list)]:
        problems.append(f"`{key}` must be a list of tables ([[{key}]]); got a "
                        f"{type(lists[key]).__name__}.")
        lists[key] = []
    criteria = []
    for n, item in enumerate(lists["criteria"]):
        where = f"criterion {n + 1}"
        points = item.get("points") if isinstance(item, Mapping) else None
        if not isinstance(points, int) or isinstance(points, bool):
            problems.append(f"{where}: `points` must be a whole number; got {points!r}.")
            points = -1
        item = item if isinstance(item, Mapping) else {}
        criteria.append(Criterion(*(_text(item, f, where, problems) for f in ("key", "name")),
                                  points, *(_text(item, f, where, problems)
                                            for f in ("partial", "missing"))))
    tasks = [_task(item if isinstance(item, Mapping) else {}, n, problems)
             for n, item in enumerate(lists["task"])]
    return tasks, criteria, problems


def row_of(ref: RowRef, load_table: Callable[[str], pd.DataFrame] = data.load) -> pd.Series:
    """The one row ``ref`` names; ValueError if the table, the key or the row is not there."""
    require_instance(ref, RowRef, "ref", "a RowRef (a task's claim or context)")
    _require_inputs(load_table=load_table)
    if ref.table not in data.available() and load_table is data.load:
        raise ValueError(f"table must be one of {', '.join(data.available())}; got {ref.table!r}.")
    table = load_table(ref.table)
    if not isinstance(table, pd.DataFrame):
        raise TypeError(f"load_table must return a table (a pandas DataFrame); for {ref.table!r} "
                        f"it returned a {type(table).__name__}.")
    if ref.key not in table.columns:
        raise ValueError(f"{ref.table} has no column {ref.key!r}; its columns are "
                         f"{', '.join(table.columns)}.")
    rows = table[table[ref.key].astype(str) == ref.value]
    if len(rows) != 1:
        raise ValueError(f"{ref.where()}: {len(rows)} rows have {ref.key} = {ref.value!r}; "
                         "a reference must name exactly one.")
    return rows.iloc[0]


def _cell(row: pd.Series, column: str) -> str:
    value = row.get(column)
    return "" if value is None or (isinstance(value, float) and math.isnan(value)) else str(value)


def _row_problems(ref: RowRef, where: str, load_table: Callable[[str], pd.DataFrame]) -> list[str]:
    try:
        row = row_of(ref, load_table)
    except ValueError as error:
        return [f"{where}: {error}"]
    problems = []
    for column in ("source", "url"):
        if not _cell(row, column).strip():
            problems.append(f"{where}: the row {ref.where()} has no {column}.")
    if ref.column not in row.index:
        problems.append(f"{where}: {ref.table} has no column {ref.column!r}.")
    elif ref.quote not in _cell(row, ref.column):
        problems.append(f"{where}: the quote {ref.quote!r} is not word for word in {ref.where()}.")
    for column, wanted in ref.figures.items():
        try:
            found = float(row[column])
        except (KeyError, TypeError, ValueError):
            problems.append(f"{where}: {ref.table} has no number in column {column!r}.")
            continue
        if not math.isclose(found, wanted, rel_tol=1e-9, abs_tol=1e-12):
            problems.append(f"{where}: {column} is {found:g} in {ref.table}, not {wanted:g}.")
    return problems


def _normal(text: str) -> str:
    for curly, straight in (("\u2018", "'"), ("\u2019", "'"), ("\u201c", '"'), ("\u201d", '"')):
        text = text.replace(curly, straight)
    return " ".join(re.sub(r"[*`]", "", text).split()).lower()


def _quote_problems(task: CritiqueTask, where: str,
                    load_table: Callable[[str], pd.DataFrame]) -> list[str]:
    """Quoted words in the title must be the claim's; longer quotes anywhere must be a row's."""
    problems = []
    for quoted in _QUOTED.findall(task.title):
        if _normal(quoted) not in _normal(task.claim.quote):
            problems.append(f"{where}: the title quotes {quoted!r}, which is not in the claim.")
    rows = []
    for ref in (task.claim, *task.context):
        try:
            rows.append(_normal(" ".join(map(str, row_of(ref, load_table).tolist()))))
        except ValueError:
            pass  # reported with the row
    prose = [task.about, task.question, task.best_case, task.other_side, task.notes,
             *task.steps, *task.rubric.values()]
    for text in prose:
        for quoted in _QUOTED.findall(text):
            if len(quoted.split()) >= MIN_QUOTE_WORDS and not any(_normal(quoted) in r
                                                                  for r in rows):
                problems.append(f"{where}: \"{quoted}\" is quoted but is in none of the task's "
                                "rows.")
    return problems


def _rubric_problems(criteria: Sequence[Criterion]) -> list[str]:
    problems = []
    if len(criteria) != CRITERIA:
        problems.append(f"the rubric must have {CRITERIA} criteria; it has {len(criteria)}.")
    if any(c.points != LEVEL_POINTS[0] for c in criteria):
        problems.append(f"every criterion must be worth {LEVEL_POINTS[0]} points (levels "
                        f"{', '.join(map(str, LEVEL_POINTS))}).")
    total = sum(c.points for c in criteria)
    if total != CRITERIA * LEVEL_POINTS[0]:
        problems.append(f"the rubric's points must add up to {CRITERIA * LEVEL_POINTS[0]}; "
                        f"they add up to {total}.")
    repeated = ", ".join(k for k, n in Counter(c.key for c in criteria).items() if n > 1)
    if repeated:
        problems.append(f"criteria keys must be distinct; repeated: {repeated}.")
    return problems


def _lesson_problems(tasks: Sequence[CritiqueTask]) -> list[str]:
    lessons = Counter(t.lesson for t in tasks)
    missing = ", ".join(f"{n:02d}" for n in LESSONS if lessons[n] == 0)
    problems = [f"every lesson from {LESSONS[0]:02d} to {LESSONS[-1]:02d} needs a task; "
                f"missing: {missing}."] if missing else []
    for lesson, count in sorted(lessons.items()):
        if lesson not in LESSONS:
            problems.append(f"lesson must be from {LESSONS[0]} to {LESSONS[-1]}; got {lesson}.")
        elif count > 1:
            problems.append(f"lesson {lesson:02d} has {count} tasks; it must have one.")
    return problems


def _claim_problems(task: CritiqueTask, where: str,
                    load_table: Callable[[str], pd.DataFrame]) -> list[str]:
    problems = [] if task.claim_kind in CLAIM_KINDS else [
        f"{where}: claim_kind must be one of {', '.join(CLAIM_KINDS)}; got {task.claim_kind!r}."]
    problems += _row_problems(task.claim, f"{where}, claim", load_table)
    try:
        row = row_of(task.claim, load_table)
    except ValueError:
        return problems  # reported with the row
    if task.outlet and task.outlet not in _cell(row, "source"):
        problems.append(f"{where}: the outlet {task.outlet!r} is not in the row's source.")
    if str(task.year) != _cell(row, "year").split(".")[0]:
        problems.append(f"{where}: year {task.year} is not the row's year ({_cell(row, 'year')}).")
    for n, ref in enumerate(task.context, 1):
        problems += _row_problems(ref, f"{where}, context {n}", load_table)
        if not ref.label:
            problems.append(f"{where}, context {n}: give it a `label`.")
    return problems + _quote_problems(task, where, load_table)


def _work_problems(task: CritiqueTask, where: str, keys: Sequence[str],
                   presets: Mapping[str, Collection[str]] | None) -> list[str]:
    problems = []
    if not STEPS[0] <= len(task.steps) <= STEPS[1]:
        problems.append(f"{where}: a task has {STEPS[0]} to {STEPS[1]} steps; it has "
                        f"{len(task.steps)}.")
    if not any("settings I used" in step for step in task.steps):
        problems.append(f"{where}: a step must ask for \"The settings I used\".")
    if not task.tools:
        problems.append(f"{where}: name at least one calculator and preset in `tools`.")
    for tool in task.tools if presets is not None else ():
        if tool.calculator not in presets:
            problems.append(f"{where}: calculator must be one of {', '.join(presets)}; got "
                            f"{tool.calculator!r}.")
        elif tool.preset not in presets[tool.calculator]:
            problems.append(f"{where}: {tool.calculator} has no preset {tool.preset!r}.")
    if sorted(task.rubric) != sorted(keys):
        problems.append(f"{where}: the rubric must give the strong level of each criterion "
                        f"({', '.join(keys)}); it gives {', '.join(task.rubric) or 'none'}.")
    names = [a.name for a in task.answers]
    if not names:
        problems.append(f"{where}: the notes need the numbers a strong answer reaches.")
    repeated = ", ".join(k for k, n in Counter(names).items() if n > 1)
    if repeated:
        problems.append(f"{where}: answer names must be distinct; repeated: {repeated}.")
    for answer in task.answers:
        if answer.style not in STYLES:
            problems.append(f"{where}, answer {answer.name}: style must be one of "
                            f"{', '.join(STYLES)}; got {answer.style!r}.")
        elif not math.isfinite(answer.value):
            problems.append(f"{where}, answer {answer.name}: value must be a number.")
    return problems + [f"{where}: the notes show {{{name}}}, which is not an answer."
                       for name in _PLACEHOLDER.findall(task.notes) if name not in names]


def task_problems(tasks: Sequence[CritiqueTask], criteria: Sequence[Criterion],
                  load_table: Callable[[str], pd.DataFrame] = data.load,
                  presets: Mapping[str, Collection[str]] | None = None) -> list[str]:
    """Every rule the tasks break, as messages that name the task and the rule.

    ``load_table`` reads a data table (tests pass a doctored one); ``presets`` maps each
    calculator's function name to its presets' labels, and without it calculators and presets
    are not checked.
    """
    _require_inputs(tasks, criteria, load_table)
    if presets is not None:
        require_instance(presets, Mapping, "presets",
                         "None or a mapping from calculators to their presets")
    problems = _rubric_problems(criteria) + _lesson_problems(tasks)
    keys = [c.key for c in criteria]
    for task in tasks:
        where = f"lesson {task.lesson:02d}"
        problems += _claim_problems(task, where, load_table)
        problems += _work_problems(task, where, keys, presets)
    return problems


def _read(path: Path) -> tuple[list[CritiqueTask], list[Criterion], list[str]]:
    try:
        raw = tomllib.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError) as error:
        raise CritiqueError(f"cannot read the tasks at {path}: {error}") from None
    return parse_tasks(raw)


def load_tasks(path: Path = TASKS_PATH,
               presets: Mapping[str, Collection[str]] | None = None) -> list[CritiqueTask]:
    """The tasks, in lesson order; CritiqueError listing every problem if any rule is broken."""
    tasks, criteria, problems = _read(path)
    problems += task_problems(tasks, criteria, presets=presets)
    if problems:
        raise CritiqueError(f"{path.name} breaks {len(problems)} rule(s):\n- "
                            + "\n- ".join(problems))
    return sorted(tasks, key=lambda t: t.lesson)


def load_criteria(path: Path = TASKS_PATH) -> list[Criterion]:
    """The rubric's four criteria, as the tasks file gives them."""
    return _read(path)[1]


def load_intro(path: Path = TASKS_PATH) -> str:
    """The page's introduction: how to critique a number in the news (markdown)."""
    intro = tomllib.loads(Path(path).read_text(encoding="utf-8")).get("intro")
    if not isinstance(intro, str) or not intro.strip():
        raise CritiqueError(f"{Path(path).name} needs an `intro`: the page's introduction.")
    return intro


def task_for(lesson: int | str) -> CritiqueTask:
    """The task for a lesson: ``4``, ``"04"`` or ``"04-base-rates"``.

    >>> task_for("01-real-name-registration").claim.table
    'reidentification'
    """
    number = lesson
    if isinstance(lesson, str):
        match = re.fullmatch(r"(\d\d?)(?:-[a-z0-9-]+)?", lesson.strip())
        number = int(match.group(1)) if match else None
    if not isinstance(number, int) or isinstance(number, bool) or number not in LESSONS:
        raise ValueError(f"lesson must be a lesson number from {LESSONS[0]} to {LESSONS[-1]} "
                         f"(such as 4, \"04\" or \"04-base-rates\"); got {lesson!r}.")
    return next(t for t in load_tasks() if t.lesson == number)


def _fill(text: str, task: CritiqueTask) -> str:
    return _PLACEHOLDER.sub(lambda m: f"**{task.answer(m.group(1)).shown()}**", text)


def _cell_md(text: str) -> str:
    return text.replace("|", "\\|")


def _row_line(ref: RowRef, load_table: Callable[[str], pd.DataFrame]) -> str:
    """Where a quote comes from: its row, its figures, the row's source and first address."""
    row = row_of(ref, load_table)
    figures = "; ".join(f"`{c}` = {v:,.10g}" for c, v in ref.figures.items())
    return (f"*Row:* `{ref.table}`, `{ref.key}` = `{ref.value}`, column `{ref.column}`"
            + (f" ({figures})" if figures else "") + f". *Source:* {_cell(row, 'source')}. "
            f"<{_cell(row, 'url').split(' ; ')[0]}>")


def task_markdown(task: CritiqueTask, criteria: Sequence[Criterion],
                  load_table: Callable[[str], pd.DataFrame] = data.load) -> str:
    """One task's section of the page, with its anchor, rubric and instructor notes."""
    require_instance(task, CritiqueTask, "task", "a CritiqueTask (from load_tasks or task_for)")
    _require_inputs(criteria=criteria, load_table=load_table)
    tools = ", ".join(f"`{t.calculator}()` with the preset *{t.preset}*" for t in task.tools)
    rubric = "\n".join(
        ["| Criterion | 3 points | 1 point | 0 points |", "|---|---|---|---|"]
        + [f"| {c.name} | {_cell_md(task.rubric.get(c.key, ''))} | {_cell_md(c.partial)} | "
           f"{_cell_md(c.missing)} |" for c in criteria])
    numbers = "\n".join(["| Number | How to get it |", "|---|---|"]
                         + [f"| {a.shown()} | {_cell_md(a.how)} |" for a in task.answers])
    context = ["**Other rows the task draws on**", "\n".join(
        f"- **{ref.label}:** \"{ref.quote}\"\n  {_row_line(ref, load_table)}"
        for ref in task.context)] if task.context else []
    parts = [
        f'<a id="{task.anchor}"></a>', f"## Lesson {task.lesson:02d}: {task.lesson_title}",
        f"### {task.title}", f"> \"{task.claim.quote}\"",
        f"*Whose words:* {CLAIM_KINDS.get(task.claim_kind, task.claim_kind)}. "
        f"*Who:* {task.speaker}. *Where and when:* {task.outlet}, {task.date}. "
        f"*About:* {task.about}",
        _row_line(task.claim, load_table), f"**Calculators:** {tools}.", "**What to do**",
        "\n".join(f"{n}. {step}" for n, step in enumerate(task.steps, 1)),
        f"**Write ({WORDS[0]} to {WORDS[1]} words).** {task.question} End with *The settings "
        "I used*.",
        "**Rubric** (12 points)", rubric,
        "<details>\n<summary>Notes for instructors</summary>",
        f"**The best case on one side.** {task.best_case}",
        f"**The best case on the other.** {task.other_side}",
        f"**What a strong answer finds.** {_fill(task.notes, task)}", numbers, *context,
        "</details>",
    ]
    return "\n\n".join(parts) + "\n"


def page_markdown(tasks: Sequence[CritiqueTask], criteria: Sequence[Criterion], intro: str,
                  load_table: Callable[[str], pd.DataFrame] = data.load) -> str:
    """The whole page: the intro (how to critique a number), then one section per lesson.

    ``{links}`` in the intro becomes the list of links to the lessons' sections.
    """
    _require_inputs(tasks, criteria, load_table)
    require_instance(intro, str, "intro", "text (markdown, as load_intro gives it)")
    links = " · ".join(f"[{t.lesson:02d}](#{t.anchor})" for t in tasks)
    sections = [task_markdown(t, criteria, load_table)
                for t in sorted(tasks, key=lambda t: t.lesson)]
    head = ("# Critique the news\n\n<!-- Generated by `make exercises` from "
            "src/facenumbers/teaching/critique.toml; do not edit. -->\n\n")
    return (head + intro.strip().replace("{links}", links) + "\n\n"
            + "\n".join(sections).rstrip() + "\n")


def update_critique(root: Path, check_only: bool = False) -> bool:
    """Write ``docs/critique-the-news.md``; True if it was (or, with ``check_only``, would be)
    changed. ValueError when ``root`` is not a course folder (one with ``docs/``)."""
    from facenumbers.teaching import course_folder

    path = course_folder(root) / PAGE
    text = page_markdown(load_tasks(), load_criteria(), load_intro())
    if path.exists() and path.read_text(encoding="utf-8") == text:
        return False
    if not check_only:
        path.write_text(text, encoding="utf-8")
    return True
