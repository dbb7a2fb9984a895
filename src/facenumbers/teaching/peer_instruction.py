"""Peer-instruction questions for class: ask, vote alone, discuss with a neighbour, vote again.

The questions live in ``peer_instruction.toml`` beside this module, two or three for each
lesson. Each has a conceptual stem, three or four options with one best answer, the
misconception each wrong option catches (and, where a check knows it, the check's name for the
mistake), the split of the first vote that the authors expect, what to say for each band of
the vote, the calculator to reteach with, and a short explanation. :func:`load_bank` reads and
validates them; :func:`questions_for` gives one lesson's (the slides reuse it);
:func:`update_peer_instruction` writes ``docs/peer-instruction.md``.

Every figure in a stem traces to the course: a row of ``src/facenumbers/data/*.csv`` (a
:class:`DataRef`, whose ``shown`` text must equal the row's value as formatted) or an
illustrative value that a lesson itself uses (a :class:`CourseExample`).

>>> [question.id for question in questions_for("04")]
['04-cardiff-alerts', '04-one-alarm', '04-why-they-differ']
>>> format_figure(1_400_050_000, "billion"), format_figure(0.0001, "one_in")
('1.40005 billion', '1 in 10,000')
"""

from __future__ import annotations

import json
import math
import re
import tomllib
from collections import Counter
from collections.abc import Callable, Collection, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from facenumbers import data
from facenumbers.models.validation import require_instance, require_mapping

__all__ = ["BANK_PATH", "PAGE", "BankError", "CourseExample", "DataRef", "Option", "Question",
           "bank_problems", "format_figure", "lesson_texts", "load_bank", "page_markdown",
           "parse_bank", "questions_for", "slide_prompts", "update_peer_instruction"]

#: The question bank, read with :mod:`tomllib`.
BANK_PATH = Path(__file__).with_name("peer_instruction.toml")
#: The page written by :func:`update_peer_instruction`, relative to the repository.
PAGE = Path("docs") / "peer-instruction.md"
#: How a figure may be written: the name of a style, and what it turns a row's value into.
STYLES = ("count", "plain", "percent", "million", "billion", "one_in", "one_in_count", "times")
#: Questions per lesson.
PER_LESSON = (2, 3)
#: The bands of the first vote (share right, in %): what to say for each.
BANDS = {"most_right": "More than 70% right", "split": "30% to 70% right",
         "few_right": "Under 30% right"}
_LESSON = re.compile(r"\d\d-[a-z0-9]+(?:-[a-z0-9]+)*")
_ID = re.compile(r"(\d\d)-[a-z0-9]+(?:-[a-z0-9]+)*")
_MISTAKE = re.compile(r"(\d\d-[a-z0-9-]+):([a-z_][a-z0-9_]*)/([a-z0-9/-]+)")
# Figures a stem may show without a reference: years (2019, 2024-25), report numbers, and the
# names of kinds of search (1:1, 1:N).
_NOT_FIGURES = re.compile(r"\b(?:19|20)\d\d(?:-\d\d)?\b|NISTIR \d+|\b1:(?:1|N)\b")
_FIGURE = re.compile(r"\d(?:[\d,.]*\d)?%?")


def _require_questions(questions: object) -> None:
    """A TypeError unless ``questions`` is a list (or tuple) of :class:`Question`."""
    what = "questions must be a list of Question (from load_bank or parse_bank)"
    if isinstance(questions, (str, bytes)) or not isinstance(questions, Sequence):
        raise TypeError(f"{what}; got a {type(questions).__name__}.")
    for question in questions:
        if not isinstance(question, Question):
            raise TypeError(f"{what}; got a list holding {type(question).__name__}.")


def _tables(raw: Mapping[str, Any], field: str, where: str, problems: list[str]) -> list:
    """The list of tables ``raw[field]`` (none if absent), or none and a problem."""
    items = raw.get(field, [])
    if not isinstance(items, list) or not all(isinstance(i, Mapping) for i in items):
        problems.append(f"{where}: {field!r} must be a list of tables ([[question.{field}]]).")
        return []
    return items


class BankError(ValueError):
    """The question bank breaks a rule; the message lists every problem found."""


@dataclass(frozen=True)
class Option:
    """One option: its letter, its text, and (for a wrong one) the misconception it catches."""

    letter: str
    text: str
    misconception: str = ""
    mistake: str = ""


@dataclass(frozen=True)
class DataRef:
    """A figure shown in a question, from a row of a data table: ``table`` (a CSV's name),
    ``key`` (the value of the table's first column), ``column``; ``shown`` is the text shown,
    which must equal the value written in ``style`` with ``decimals`` (``None``: as short as
    exact)."""

    table: str
    key: str
    column: str
    shown: str
    style: str
    decimals: int | None = None


@dataclass(frozen=True)
class CourseExample:
    """An illustrative figure that a lesson itself uses (``shown`` appears in its text)."""

    shown: str
    lesson: str


@dataclass(frozen=True)
class Question:
    """One peer-instruction question (see the module's docstring for what each part is)."""

    id: str
    lesson: str
    section: str
    title: str
    stem: str
    options: tuple[Option, ...]
    answer: str
    split: Mapping[str, int]
    explanation: str
    say: Mapping[str, str]
    calculator: str
    preset: str
    data: tuple[DataRef, ...] = ()
    examples: tuple[CourseExample, ...] = ()

    def option(self, letter: str) -> Option:
        """The option with ``letter``; KeyError naming the letters if there is none."""
        for option in self.options:
            if option.letter == letter:
                return option
        raise KeyError(f"question {self.id} has no option {letter!r}; it has "
                       f"{', '.join(o.letter for o in self.options)}.")


def format_figure(value: float, style: str, decimals: int | None = None) -> str:
    """``value`` written as a question shows it, in ``style`` (one of :data:`STYLES`).

    >>> format_figure(0.002, "percent"), format_figure(2470, "count"), format_figure(6000, "one_in_count")
    ('0.2%', '2,470', '1 in 6,000')
    >>> format_figure(850_000_000, "million"), format_figure(1_400_050_000, "billion", 2)
    ('850 million', '1.40 billion')
    """
    if style not in STYLES:
        raise ValueError(f"style must be one of {', '.join(STYLES)}; got {style!r}.")
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value):
        raise ValueError(f"value must be a finite number; got {value!r:.40}.")

    def _number(x: float) -> str:
        return f"{x:,.{decimals}f}" if decimals is not None else f"{x:,.12g}"

    if style == "count":
        return f"{value:,.0f}" if decimals is None else _number(value)
    if style in ("plain", "times"):
        return _number(value)
    if style == "percent":
        return _number(value * 100) + "%"
    if style == "million":
        return _number(value / 1e6) + " million"
    if style == "billion":
        return _number(value / 1e9) + " billion"
    if style == "one_in":
        if value <= 0:
            raise ValueError(f"a rate written as 1 in N must be above 0; got {value!r}.")
        return f"1 in {1 / value:,.0f}"
    return f"1 in {value:,.0f}"      # one_in_count: the value is N itself


def _text(raw: Mapping[str, Any], field: str, where: str, problems: list[str],
          required: bool = True) -> str:
    value = raw.get(field, "")
    if not isinstance(value, str) or (required and not value.strip()):
        problems.append(f"{where}: {field!r} must be non-empty text; got {value!r:.60}.")
        return ""
    return " ".join(value.split())


def _question(raw: Mapping[str, Any], index: int, problems: list[str]) -> Question | None:
    qid = raw.get("id") if isinstance(raw.get("id"), str) else f"#{index + 1}"
    where = f"question {qid}"
    fields = {name: _text(raw, name, where, problems)
              for name in ("id", "lesson", "section", "title", "stem", "answer", "explanation")}
    options: list[Option] = []
    raw_options = raw.get("options")
    if not isinstance(raw_options, list) or not all(isinstance(o, Mapping) for o in raw_options):
        problems.append(f"{where}: 'options' must be a list of tables ([[question.options]]).")
        raw_options = []
    for number, item in enumerate(raw_options):
        place = f"{where}, option {number + 1}"
        options.append(Option(_text(item, "letter", place, problems),
                              _text(item, "text", place, problems),
                              _text(item, "misconception", place, problems, required=False),
                              _text(item, "mistake", place, problems, required=False)))
    split = raw.get("split")
    if not isinstance(split, Mapping) or not all(
            isinstance(v, int) and not isinstance(v, bool) for v in split.values()):
        problems.append(f"{where}: 'split' must map each letter to a whole percentage; "
                        f"got {split!r:.80}.")
        split = {}
    say = raw.get("say")
    if not isinstance(say, Mapping):
        problems.append(f"{where}: 'say' must be a table with {', '.join(BANDS)}.")
        say = {}
    says = {band: _text(say, band, f"{where}, say", problems) for band in BANDS}
    reteach = raw.get("reteach")
    if not isinstance(reteach, Mapping):
        problems.append(f"{where}: 'reteach' must be a table with 'calculator' and 'preset'.")
        reteach = {}
    refs: list[DataRef] = []
    for number, item in enumerate(_tables(raw, "data", where, problems)):
        place = f"{where}, data {number + 1}"
        decimals = item.get("decimals")
        if decimals is not None and (isinstance(decimals, bool) or not isinstance(decimals, int)
                                     or not 0 <= decimals <= 6):
            problems.append(f"{place}: 'decimals' must be a whole number from 0 to 6; got "
                            f"{decimals!r}.")
            decimals = None
        refs.append(DataRef(*(_text(item, f, place, problems)
                              for f in ("table", "key", "column", "shown", "style")), decimals))
    examples = [CourseExample(_text(item, "shown", f"{where}, example {n + 1}", problems),
                              _text(item, "lesson", f"{where}, example {n + 1}", problems))
                for n, item in enumerate(_tables(raw, "examples", where, problems))]
    if not fields["id"]:
        return None
    return Question(
        fields["id"], fields["lesson"], fields["section"], fields["title"], fields["stem"],
        tuple(options), fields["answer"], dict(split), fields["explanation"], says,
        _text(reteach, "calculator", f"{where}, reteach", problems),
        _text(reteach, "preset", f"{where}, reteach", problems, required=False),
        tuple(refs), tuple(examples))


def parse_bank(raw: Mapping[str, Any]) -> tuple[list[Question], dict[str, str], list[str]]:
    """The questions, the calculators' names (function to name) and the problems of form in
    ``raw``, a parsed bank (``[[question]]`` tables and a ``[calculators]`` table)."""
    require_instance(raw, Mapping, "raw", "a parsed bank (a dict, as tomllib reads it)")
    problems: list[str] = []
    items = raw.get("question")
    if not isinstance(items, list) or not items:
        return [], {}, ["the bank has no [[question]] tables."]
    names = raw.get("calculators", {})
    if not isinstance(names, Mapping) or not all(isinstance(v, str) for v in names.values()):
        problems.append("[calculators] must map each calculator's function to its name.")
        names = {}
    questions = [q for i, item in enumerate(items)
                 if (q := _question(item if isinstance(item, Mapping) else {}, i, problems))]
    return questions, dict(names), problems


def _figure_tokens(text: str) -> list[str]:
    return _FIGURE.findall(_NOT_FIGURES.sub(" ", text))


def _value(ref: DataRef) -> float:
    """The row's value behind ``ref``; LookupError saying what is missing."""
    table = (data.assumptions().reset_index() if ref.table == data.ASSUMPTIONS_TABLE
             else data.load(ref.table))
    key_column = table.columns[0]
    rows = table[table[key_column].astype(str) == ref.key]
    if len(rows) != 1:
        raise LookupError(f"table {ref.table!r} has {len(rows)} rows with {key_column} = "
                          f"{ref.key!r}; a reference needs exactly one.")
    if ref.column not in table.columns:
        raise LookupError(f"table {ref.table!r} has no column {ref.column!r}.")
    return float(rows[ref.column].iloc[0])


def _question_problems(q: Question, names: Mapping[str, str],
                       texts: Mapping[str, str] | None,
                       calculators: Mapping[str, Collection[str]] | None,
                       mistake_exists: Callable[[str], bool] | None) -> list[str]:
    where = f"question {q.id}"
    found: list[str] = []
    match = _ID.fullmatch(q.id)
    if not match or not q.lesson.startswith(match.group(1) + "-"):
        found.append(f"{where}: 'id' must be the lesson's number, '-', and lower-case words "
                     f"(such as '04-cardiff-alerts'), and name the lesson {q.lesson!r}.")
    if not _LESSON.fullmatch(q.lesson) or (texts is not None and q.lesson not in texts):
        allowed = ", ".join(texts) if texts is not None else "a lesson such as 04-base-rates"
        found.append(f"{where}: 'lesson' must be one of {allowed}; got {q.lesson!r}.")
    elif texts is not None and not re.search(rf"^#+ {re.escape(q.section)}\s*$", texts[q.lesson],
                                             flags=re.MULTILINE):
        found.append(f"{where}: 'section' must be a heading of {q.lesson}; got {q.section!r}.")
    letters = [o.letter for o in q.options]
    if not 3 <= len(letters) <= 4 or letters != list("ABCD"[:len(letters)]):
        found.append(f"{where}: 'options' must be 3 or 4, lettered A, B, C (D); got "
                     f"{', '.join(letters) or 'none'}.")
    if letters.count(q.answer) != 1:
        found.append(f"{where}: 'answer' must be exactly one of the options' letters "
                     f"({', '.join(letters)}); got {q.answer!r}.")
    for option in q.options:
        if option.letter != q.answer and not option.misconception:
            found.append(f"{where}: option {option.letter} is wrong, so its 'misconception' "
                         "must say what it catches.")
        if option.mistake and not _MISTAKE.fullmatch(option.mistake):
            found.append(f"{where}: option {option.letter}'s 'mistake' must read "
                         f"'lesson:exercise/mistake-name'; got {option.mistake!r}.")
        elif option.mistake and mistake_exists is not None and not mistake_exists(option.mistake):
            found.append(f"{where}: option {option.letter}'s 'mistake' {option.mistake!r} is not "
                         "a mistake the checks name.")
    if sorted(q.split) != sorted(letters) or any(v < 0 for v in q.split.values()):
        found.append(f"{where}: 'split' must give a share of 0 or more to each option "
                     f"({', '.join(letters)}); got {dict(q.split)}.")
    elif sum(q.split.values()) != 100:
        found.append(f"{where}: 'split' must add up to 100; it adds up to "
                     f"{sum(q.split.values())}.")
    wrong = {letter: share for letter, share in q.split.items() if letter != q.answer}
    if wrong and letters.count(q.answer) == 1:
        top = max(wrong, key=lambda letter: wrong[letter])
        if top in letters and not q.option(top).misconception:
            found.append(f"{where}: the largest wrong share in 'split' ({top}) must be an option "
                         "with a named misconception.")
    if q.calculator not in names:
        found.append(f"{where}: reteach 'calculator' must be one of {', '.join(names)}; got "
                     f"{q.calculator!r}.")
    elif calculators is not None and q.calculator not in calculators:
        found.append(f"{where}: reteach 'calculator' {q.calculator!r} is not a course "
                     "calculator.")
    elif calculators is not None and q.preset and q.preset not in calculators[q.calculator]:
        found.append(f"{where}: reteach 'preset' must be one of the presets of "
                     f"{q.calculator} ({'; '.join(calculators[q.calculator])}); got {q.preset!r}.")
    shown_in = q.stem + " " + " ".join(o.text for o in q.options)
    for ref in q.data:
        try:
            expected = format_figure(_value(ref), ref.style, ref.decimals)
        except (LookupError, ValueError, FileNotFoundError) as problem:
            found.append(f"{where}: data {ref.table}/{ref.key}/{ref.column}: {problem}")
            continue
        if ref.shown != expected:
            found.append(f"{where}: data {ref.table}/{ref.key}/{ref.column} is {expected!r}, "
                         f"but the question shows {ref.shown!r}.")
        if ref.shown not in shown_in:
            found.append(f"{where}: data {ref.shown!r} does not appear in the stem or options.")
    for example in q.examples:
        if example.shown not in q.stem:
            found.append(f"{where}: example {example.shown!r} does not appear in the stem.")
        if texts is not None and example.shown not in texts.get(example.lesson, ""):
            found.append(f"{where}: example {example.shown!r} does not appear in lesson "
                         f"{example.lesson!r}.")
    if q.examples and "illustrative" not in q.stem.lower():
        found.append(f"{where}: a stem with illustrative examples must say 'illustrative'.")
    covered = {t for item in [*q.data, *q.examples] for t in _figure_tokens(item.shown)}
    loose = [t for t in _figure_tokens(q.stem) if t not in covered]
    if loose:
        found.append(f"{where}: the stem shows {', '.join(loose)} without a data reference or "
                     "a lesson's example.")
    return found


def bank_problems(questions: Sequence[Question], names: Mapping[str, str],
                  texts: Mapping[str, str] | None = None,
                  calculators: Mapping[str, Collection[str]] | None = None,
                  mistake_exists: Callable[[str], bool] | None = None) -> list[str]:
    """Every rule the questions break, each naming the question and the field.

    ``texts`` maps each lesson (``04-base-rates``) to its notebook's markdown; ``calculators``
    maps each course calculator's function to its preset labels; ``mistake_exists`` says
    whether a check names a mistake (``04-base-rates:ppv_cardiff/share-alerts-false``). A rule
    that needs one of them is checked only when it is given.
    """
    _require_questions(questions)
    require_mapping(names, "names", str, "the calculators' names (text)")
    if texts is not None:
        require_mapping(texts, "texts", str, "the lessons' markdown (text)")
    if calculators is not None:
        require_mapping(calculators, "calculators", Collection, "lists of preset labels")
    if mistake_exists is not None and not callable(mistake_exists):
        raise TypeError("mistake_exists must be None or a function of a mistake's name; got a "
                        f"{type(mistake_exists).__name__}.")
    found: list[str] = []
    for qid, times in Counter(q.id for q in questions).items():
        if times > 1:
            found.append(f"question {qid}: 'id' is used {times} times; ids must be unique.")
    counts = Counter(q.lesson for q in questions)
    lessons = list(texts) if texts is not None else sorted(counts)
    for lesson in lessons:
        if not PER_LESSON[0] <= counts[lesson] <= PER_LESSON[1]:
            found.append(f"lesson {lesson}: has {counts[lesson]} questions; it needs "
                         f"{PER_LESSON[0]} to {PER_LESSON[1]}.")
    for question in questions:
        found += _question_problems(question, names, texts, calculators, mistake_exists)
    return found


def lesson_texts(root: Path) -> dict[str, str]:
    """Each numbered lesson of ``root``/lessons (``04-base-rates``) and its markdown."""
    texts = {}
    for path in sorted((Path(root) / "lessons").glob("[0-9][0-9]-*.ipynb")):
        cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
        texts[path.stem] = "\n".join(
            "".join(c["source"]) if isinstance(c["source"], list) else c["source"]
            for c in cells if c["cell_type"] == "markdown")
    return texts


def _read(path: Path) -> tuple[list[Question], dict[str, str], list[str]]:
    try:
        raw = tomllib.loads(Path(path).read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as problem:
        raise BankError(f"{path}: not valid TOML: {problem}") from problem
    return parse_bank(raw)


def load_bank(path: Path = BANK_PATH, texts: Mapping[str, str] | None = None,
              calculators: Mapping[str, Collection[str]] | None = None,
              mistake_exists: Callable[[str], bool] | None = None,
              ) -> tuple[list[Question], dict[str, str]]:
    """The questions of ``path`` and the calculators' names; :class:`BankError` listing every
    problem when a rule is broken (see :func:`bank_problems` for the optional arguments)."""
    questions, names, problems = _read(path)
    problems += bank_problems(questions, names, texts, calculators, mistake_exists)
    if problems:
        raise BankError(f"{path.name}: " + "\n".join(problems))
    return questions, names


def questions_for(lesson: str) -> list[Question]:
    """The questions for one lesson, given as its number (``"04"``) or its name
    (``"04-base-rates"``), in the bank's order; ValueError naming the lessons that have some."""
    if not isinstance(lesson, str):
        raise TypeError(f"lesson must be text such as '04'; got a {type(lesson).__name__}.")
    questions, _ = load_bank()
    chosen = [q for q in questions if lesson in (q.lesson, q.lesson[:2])]
    if not chosen:
        known = ", ".join(dict.fromkeys(q.lesson for q in questions))
        raise ValueError(f"lesson must be one of {known} (or its number); got {lesson!r}.")
    return chosen


def slide_prompts(lesson: str) -> list[str]:
    """One lesson's questions as plain text for a slide: the stem, then each option as
    ``A. ...`` on a line of its own; no answers (for the slides' discussion prompts).

    >>> print(slide_prompts("00")[0].splitlines()[-1])
    D. It cannot be checked without the government's own report.
    """
    return ["\n".join([q.stem, *(f"{o.letter}. {o.text}" for o in q.options)])
            for q in questions_for(lesson)]


_INTRO = """\
# Peer-instruction questions

<!-- generated by `make exercises` from src/facenumbers/teaching/peer_instruction.toml; do not edit -->

Two or three questions for each lesson, to ask in class in the peer-instruction cycle of Eric
Mazur: everyone votes alone, talks with a neighbour, and votes again. Each question takes about
five minutes. The answers, the expected votes and what to say are folded under each question,
so you can project this page without giving them away.

## How to run one question in five minutes

1. **Ask (30 seconds).** Show the question and its options. Read the stem aloud.
2. **Vote alone (1 minute).** Everyone chooses one letter without talking: cards, fingers, a
   poll or a show of hands. Note the split; do not say which answer is right.
3. **Discuss (2 minutes).** Ask everyone to find a neighbour who chose differently and to
   convince them. Walk round and listen for the reasons behind the wrong answers.
4. **Vote again (30 seconds).** Everyone votes again, alone.
5. **Explain (1 minute).** Say what the second vote shows, give the explanation, and name the
   misconception behind the most popular wrong answer.

What to do after the **first** vote depends on how many chose the right answer:

- **More than 70% right:** skip the discussion; confirm the answer, explain it in a sentence,
  and name the tempting wrong option.
- **30% to 70% right:** the best case for peer instruction: pairs discuss, then vote again.
- **Under 30% right:** discussion would mostly spread the wrong answer. Reteach first with
  the calculator and preset named under the question, then ask again.

**About the expected splits.** The expected first vote given for each question (such as
A 15%, B 60%, C 20%, D 5%) is the authors' expectation from the misconceptions the course's
checks and instructor guide describe. It is not measured: there is no classroom data yet.
Replace it with your own class's votes once you have them.

The same cycle works with the calculators' own predictions: see "Predict, then see (peer
instruction)" in the [instructor guide](instructor-guide.md#predict-then-see-peer-instruction).

A wrong option names the misconception it catches; where an exercise check recognises the
same mistake, its name is given as `lesson:exercise/mistake` (the name the class report of
`facenumbers grade` counts), so you can see how many of your students made it in the exercises.
"""


def _bar(share: int) -> str:
    return "█" * round(share / 5) + "·" * (20 - round(share / 5))


def _question_markdown(q: Question, names: Mapping[str, str]) -> str:
    lines = [f"### {q.id}: {q.title}", "", f"*Lesson section: {q.section}*", "", q.stem, ""]
    lines += [f"- **{o.letter}.** {o.text}" for o in q.options]
    lines += ["", "<details>", "<summary>Expected first vote</summary>", "", "```text"]
    lines += [f"{letter}  {_bar(q.split[letter])} {q.split[letter]:>3}%"
              for letter in sorted(q.split)]
    lines += ["```", "", "</details>", "", "<details>",
              "<summary>Answer, explanation and what to say</summary>", "",
              f"**Answer: {q.answer}.** {q.explanation}", "", "**Why the wrong options tempt:**",
              ""]
    for option in q.options:
        if option.letter != q.answer:
            named = f" (check: `{option.mistake}`)" if option.mistake else ""
            lines.append(f"- **{option.letter}**: {option.misconception}{named}")
    where = names.get(q.calculator, q.calculator)
    preset = (f"the preset *{q.preset}*" if q.preset else "its starting values")
    lines += ["", "**What to say after the first vote:**", ""]
    lines += [f"- *{label}:* {q.say[band]}" for band, label in BANDS.items()]
    lines[-1] += f" Reteach with **{where}** (`{q.calculator}()`), {preset}."
    lines += ["", "</details>", ""]
    return "\n".join(lines)


def _title(text: str, lesson: str) -> str:
    heading = re.search(r"^# (.+)$", text, flags=re.MULTILINE)
    return heading.group(1).strip() if heading else f"Lesson {lesson}"


def page_markdown(questions: Sequence[Question], names: Mapping[str, str],
                  texts: Mapping[str, str] | None = None) -> str:
    """The page ``docs/peer-instruction.md``: how to run the cycle, then lesson by lesson.

    ``texts`` gives the lessons' markdown, for their titles (``Lesson 04: Base rates``).
    """
    _require_questions(questions)
    require_mapping(names, "names", str, "the calculators' names (text)")
    if texts is not None:
        require_mapping(texts, "texts", str, "the lessons' markdown (text)")
    texts = texts or {}
    by_lesson: dict[str, list[Question]] = {}
    for question in questions:
        by_lesson.setdefault(question.lesson, []).append(question)
    titles = {lesson: _title(texts.get(lesson, ""), lesson) for lesson in by_lesson}
    parts = [_INTRO, "## Lesson by lesson", ""]
    for lesson, items in by_lesson.items():
        anchor = re.sub(r"[^a-z0-9 -]", "", titles[lesson].lower()).replace(" ", "-")
        parts.append(f"- [{titles[lesson]}](#{anchor}): " + " · ".join(q.title for q in items))
    parts.append("")
    for lesson, items in by_lesson.items():
        parts += [f"## {titles[lesson]}", ""]
        parts += [_question_markdown(q, names) for q in items]
    return "\n".join(parts).rstrip() + "\n"


def update_peer_instruction(root: Path, check_only: bool = False) -> bool:
    """Write ``docs/peer-instruction.md`` under ``root`` from the bank; return whether it was
    out of date (with ``check_only``, only say so and write nothing). :class:`BankError` when
    the bank breaks a rule; ValueError when ``root`` is not a course folder (one with ``docs/``)."""
    from facenumbers.teaching import course_folder

    root = course_folder(root)
    texts = lesson_texts(root)
    questions, names = load_bank(BANK_PATH, texts)
    content = page_markdown(questions, names, texts)
    page = root / PAGE
    current = page.read_text(encoding="utf-8") if page.exists() else None
    if current == content:
        return False
    if not check_only:
        page.write_text(content, encoding="utf-8")
    return True
