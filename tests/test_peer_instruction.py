"""The peer-instruction questions: every rule of the bank holds, and breaking one is caught.

The bank (``src/facenumbers/teaching/peer_instruction.toml``) gives two or three questions per
lesson; each has one answer among its options, an expected first vote adding up to 100 whose
largest wrong share names a misconception, figures that equal the data rows they cite, a
reteach calculator and preset that exist, and mistake names the checks really give. The page
``docs/peer-instruction.md`` is generated from it and must be up to date.
"""

from __future__ import annotations

import copy
import re
import shutil
import tomllib
from importlib import import_module
from pathlib import Path

import pytest

from facenumbers.calculators.app import CALCULATORS
from facenumbers.checks import FunctionJudge, NumberJudge
from facenumbers.teaching import peer_instruction as pi
from lesson_checks import LESSONS

ROOT = Path(__file__).resolve().parents[1]
RAW = tomllib.loads(pi.BANK_PATH.read_text(encoding="utf-8"))
TEXTS = pi.lesson_texts(ROOT)
QUESTIONS, NAMES = pi.load_bank(texts=TEXTS)
BY_SLUG = {lesson.slug: lesson for lesson in LESSONS.values()}


def mistake_exists(name: str) -> bool:
    """Whether a check names the mistake ``lesson:exercise/mistake``."""
    lesson_slug, rest = name.split(":", 1)
    exercise_name, mistake = rest.split("/", 1)
    lesson = BY_SLUG.get(lesson_slug)
    if lesson is None or exercise_name not in lesson.exercises:
        return False
    judge = lesson.exercises[exercise_name].judge
    if isinstance(judge, (NumberJudge, FunctionJudge)):
        return mistake in judge.known_mistakes()
    if getattr(judge, "__qualname__", "").startswith("choice_judge.") and mistake.startswith("chose-"):
        status, _, hint = judge(mistake.removeprefix("chose-"))
        return status == "not yet" and getattr(hint, "mistake", "") == mistake
    return False


@pytest.fixture(scope="module")
def calculators() -> dict[str, list[str]]:
    """Each course calculator's function and its preset labels."""
    module = import_module("facenumbers.calculators")
    return {entry.function: list(getattr(module, entry.function)().presets)
            for entry in CALCULATORS}


def problems_of(raw: dict, calculators: dict | None = None) -> list[str]:
    questions, names, found = pi.parse_bank(raw)
    return found + pi.bank_problems(questions, names, TEXTS, calculators, mistake_exists)


# ------------------------------------------------------------------ the bank as it is

def test_every_rule_holds_for_the_bank(calculators):
    assert problems_of(RAW, calculators) == []


def test_two_or_three_questions_for_every_lesson():
    assert [k[:2] for k in TEXTS] == [f"{n:02d}" for n in range(9)]
    counts = {lesson: sum(q.lesson == lesson for q in QUESTIONS) for lesson in TEXTS}
    assert all(2 <= n <= 3 for n in counts.values()), counts
    assert 20 <= len(QUESTIONS) <= 27


def test_ids_are_unique_and_start_with_the_lesson_number():
    ids = [q.id for q in QUESTIONS]
    assert len(ids) == len(set(ids))
    assert all(q.id[:3] == q.lesson[:3] for q in QUESTIONS)


def test_each_question_has_one_answer_among_three_or_four_options():
    for q in QUESTIONS:
        letters = [o.letter for o in q.options]
        assert 3 <= len(letters) <= 4 and letters.count(q.answer) == 1, q.id
        wrong = [o for o in q.options if o.letter != q.answer]
        assert all(o.misconception for o in wrong), q.id


def test_expected_split_adds_to_100_and_its_top_wrong_share_is_a_named_misconception():
    for q in QUESTIONS:
        assert sorted(q.split) == [o.letter for o in q.options], q.id
        assert sum(q.split.values()) == 100, q.id
        wrong = {k: v for k, v in q.split.items() if k != q.answer}
        assert q.option(max(wrong, key=wrong.get)).misconception, q.id


def test_every_data_reference_resolves_and_the_figure_shown_is_its_value():
    refs = [(q, ref) for q in QUESTIONS for ref in q.data]
    assert len(refs) >= 30
    for q, ref in refs:
        value = pi._value(ref)
        assert pi.format_figure(value, ref.style, ref.decimals) == ref.shown, (q.id, ref)
        assert ref.shown in q.stem + " ".join(o.text for o in q.options), (q.id, ref.shown)


def test_a_known_figure_is_formatted_as_the_course_writes_it():
    cardiff = pi.DataRef("watchlist_deployments", "cardiff_2017", "alerts", "2,470", "count")
    fmr = pi.DataRef("illustrative_defaults", "false_match_rate", "value", "1 in 10,000", "one_in")
    assert pi._value(cardiff) == 2470 and pi._value(fmr) == 0.0001
    assert pi.format_figure(0.612, "percent") == "61.2%"
    with pytest.raises(ValueError, match="style must be one of count"):
        pi.format_figure(1, "percentage")
    with pytest.raises(ValueError, match="finite number"):
        pi.format_figure(float("nan"), "count")


def test_every_figure_in_a_stem_is_referenced_or_a_lessons_own_example():
    for q in QUESTIONS:
        covered = {t for item in [*q.data, *q.examples] for t in pi._figure_tokens(item.shown)}
        assert set(pi._figure_tokens(q.stem)) <= covered, q.id
        for example in q.examples:
            assert example.shown in TEXTS[example.lesson], (q.id, example.shown)


def test_calculators_and_presets_exist(calculators):
    assert NAMES == {entry.function: entry.tab for entry in CALCULATORS}
    for q in QUESTIONS:
        assert q.calculator in calculators, q.id
        assert not q.preset or q.preset in calculators[q.calculator], (q.id, q.preset)
    assert sum(bool(q.preset) for q in QUESTIONS) >= len(QUESTIONS) - 2


def test_named_mistakes_exist_in_the_checks():
    named = [o.mistake for q in QUESTIONS for o in q.options if o.mistake]
    assert len(named) >= 25
    missing = [name for name in named if not mistake_exists(name)]
    assert missing == []
    assert not mistake_exists("04-base-rates:ppv_cardiff/no-such-mistake")
    assert not mistake_exists("04-base-rates:why_precision_differs/chose-b")   # the right answer


def test_sections_are_headings_of_their_lesson():
    for q in QUESTIONS:
        assert re.search(rf"^#+ {re.escape(q.section)}\s*$", TEXTS[q.lesson], re.MULTILINE), q.id


def test_questions_for_a_lesson_by_number_or_name():
    by_number = pi.questions_for("04")
    assert [q.id for q in by_number] == [q.id for q in pi.questions_for("04-base-rates")]
    assert all(q.lesson == "04-base-rates" for q in by_number) and len(by_number) == 3
    with pytest.raises(ValueError, match="lesson must be one of 00-start-here"):
        pi.questions_for("09")
    with pytest.raises(TypeError, match="lesson must be text"):
        pi.questions_for(4)
    prompts = pi.slide_prompts("04-base-rates")
    assert len(prompts) == 3 and prompts[0].startswith(by_number[0].stem)
    assert all("Answer" not in text for text in prompts)
    assert prompts[1].splitlines()[1:] == [f"{o.letter}. {o.text}" for o in by_number[1].options]


# ------------------------------------------------------------------ the page

def test_the_page_is_up_to_date():
    assert pi.update_peer_instruction(ROOT, check_only=True) is False


def test_the_page_hides_answers_and_says_once_that_the_splits_are_not_measured():
    page = (ROOT / pi.PAGE).read_text(encoding="utf-8")
    assert page.count("It is not measured: there is no classroom data yet.") == 1
    assert page.count("<details>") == page.count("</details>") == 2 * len(QUESTIONS)
    for q in QUESTIONS:
        block = page.split(f"### {q.id}: ", 1)[1].split("\n### ", 1)[0]
        shown, hidden = block.split("<details>", 1)
        assert "Answer:" not in shown and f"**Answer: {q.answer}.**" in hidden, q.id
        assert all(f"**{o.letter}.** {o.text}" in shown for o in q.options), q.id
        assert f"{q.answer}  " in hidden and "Reteach with **" in hidden, q.id
    assert "## How to run one question in five minutes" in page


def test_update_writes_the_page_and_reports_drift(tmp_path):
    shutil.copytree(ROOT / "lessons", tmp_path / "lessons")
    with pytest.raises(ValueError, match="has no docs/"):
        pi.update_peer_instruction(tmp_path)
    (tmp_path / "docs").mkdir()
    assert pi.update_peer_instruction(tmp_path, check_only=True) is True
    assert not (tmp_path / pi.PAGE).exists()
    assert pi.update_peer_instruction(tmp_path) is True
    assert (tmp_path / pi.PAGE).read_text() == (ROOT / pi.PAGE).read_text()
    assert pi.update_peer_instruction(tmp_path) is False
    (tmp_path / pi.PAGE).write_text("edited by hand\n")
    assert pi.update_peer_instruction(tmp_path, check_only=True) is True
    assert (tmp_path / pi.PAGE).read_text() == "edited by hand\n"


def test_a_broken_bank_file_is_refused_with_its_problems(tmp_path):
    bad = tmp_path / "bank.toml"
    bad.write_text("[[question]\n")
    with pytest.raises(pi.BankError, match="not valid TOML"):
        pi.load_bank(bad)
    bad.write_text('[calculators]\nalarm = "Alarm calculator"\n')
    with pytest.raises(pi.BankError, match=r"no \[\[question\]\] tables"):
        pi.load_bank(bad)
    text = pi.BANK_PATH.read_text(encoding="utf-8")
    bad.write_text(text.replace('id = "00-subscriptions-not-people"', 'id = "00-sixty-five-percent"'))
    with pytest.raises(pi.BankError, match="question 00-sixty-five-percent: 'id' is used 2 times"):
        pi.load_bank(bad, texts=TEXTS)


# ------------------------------------------------------------------ a doctored bank is caught

def _first(raw: dict, qid: str) -> dict:
    return next(q for q in raw["question"] if q["id"] == qid)


def _set(qid: str, path: tuple, value: object):
    def change(raw: dict) -> None:
        target = _first(raw, qid)
        for step in path[:-1]:
            target = target[step]
        target[path[-1]] = value
    return change


def _drop_question(qid: str):
    def change(raw: dict) -> None:
        raw["question"] = [q for q in raw["question"] if q["id"] != qid]
    return change


def _add_question(qid: str, new_id: str):
    def change(raw: dict) -> None:
        extra = copy.deepcopy(_first(raw, qid))
        extra["id"] = new_id
        raw["question"].append(extra)
    return change


def _drop_option_misconception(qid: str, letter: str):
    def change(raw: dict) -> None:
        for option in _first(raw, qid)["options"]:
            if option["letter"] == letter:
                option["misconception"] = ""
    return change


def _set_mistake(qid: str, letter: str, name: str):
    def change(raw: dict) -> None:
        for option in _first(raw, qid)["options"]:
            if option["letter"] == letter:
                option["mistake"] = name
    return change


DOCTORED = [
    ("too few questions", _drop_question("00-subscriptions-not-people"),
     "lesson 00-start-here: has 1 questions; it needs 2 to 3"),
    ("too many questions", _add_question("04-one-alarm", "04-one-alarm-again"),
     "lesson 04-base-rates: has 4 questions"),
    ("an id used twice", _add_question("00-sixty-five-percent", "00-sixty-five-percent"),
     "'id' is used 2 times"),
    ("an id without the lesson's number", _set("04-one-alarm", ("id",), "05-one-alarm"),
     "'id' must be the lesson's number"),
    ("an unknown lesson", _set("04-one-alarm", ("lesson",), "04-bayes"),
     "'lesson' must be one of 00-start-here"),
    ("a section that is no heading", _set("04-one-alarm", ("section",), "2. Base rates"),
     "'section' must be a heading of 04-base-rates"),
    ("an answer that is no option", _set("04-one-alarm", ("answer",), "E"),
     "'answer' must be exactly one of the options' letters"),
    ("two options", _set("08-model-result", ("options",), []),
     "'options' must be 3 or 4"),
    ("a wrong option without its misconception", _drop_option_misconception("04-one-alarm", "D"),
     "option D is wrong, so its 'misconception' must say"),
    ("a split that does not add up", _set("04-one-alarm", ("split", "A"), 51),
     "'split' must add up to 100; it adds up to 101"),
    ("a split missing an option", _set("04-one-alarm", ("split",), {"A": 50, "B": 50, "C": 0}),
     "'split' must give a share of 0 or more to each option"),
    ("a top wrong share without a misconception", _drop_option_misconception("04-one-alarm", "A"),
     "the largest wrong share in 'split' (A) must be an option with a named misconception"),
    ("a figure that differs from its row", _set("04-cardiff-alerts", ("data", 1, "shown"), "2,740"),
     "watchlist_deployments/cardiff_2017/alerts is '2,470', but the question shows '2,740'"),
    ("a row that does not exist", _set("04-cardiff-alerts", ("data", 1, "key"), "cardiff_2018"),
     "has 0 rows with case = 'cardiff_2018'"),
    ("a column that does not exist", _set("04-cardiff-alerts", ("data", 1, "column"), "alarms"),
     "has no column 'alarms'"),
    ("a table that does not exist", _set("04-cardiff-alerts", ("data", 1, "table"), "cardiff"),
     "data cardiff/cardiff_2017/alerts"),
    ("a reference shown nowhere", _set("04-cardiff-alerts", ("data", 0, "shown"), "170000"),
     "data '170000' does not appear in the stem or options"),
    ("a figure with no reference",
     _set("04-cardiff-alerts", ("stem",), "Of 2,470 alerts, 2,297 were false, 8 of them twice?"),
     "the stem shows 8 without a data reference"),
    ("an example the lesson never uses",
     _set("04-one-alarm", ("examples", 1, "lesson"), "03-error-rates"),
     "example '1 in 200' does not appear in lesson '03-error-rates'"),
    ("illustrative figures not said to be", _set("04-one-alarm", ("stem",),
     "A camera flags 90% of wanted people and 1 in 200 of everyone else; 1 in 1,000 is wanted."),
     "must say 'illustrative'"),
    ("an unknown calculator", _set("04-one-alarm", ("reteach", "calculator"), "bayes"),
     "reteach 'calculator' must be one of share_of_population"),
    ("an unknown preset", _set("04-cardiff-alerts", ("reteach", "preset"), "Cardiff 2017"),
     "reteach 'preset' must be one of the presets of alarm"),
    ("a mistake the checks do not name",
     _set_mistake("04-cardiff-alerts", "A", "04-base-rates:ppv_cardiff/share-false"),
     "'04-base-rates:ppv_cardiff/share-false' is not a mistake the checks name"),
    ("a mistake of an exercise that does not exist",
     _set_mistake("04-cardiff-alerts", "A", "04-base-rates:ppv_london/share-alerts-false"),
     "is not a mistake the checks name"),
    ("a mistake name of the wrong form", _set_mistake("04-cardiff-alerts", "A", "share-alerts-false"),
     "'mistake' must read 'lesson:exercise/mistake-name'"),
    ("an empty field", _set("04-one-alarm", ("explanation",), " "),
     "question 04-one-alarm: 'explanation' must be non-empty text"),
    ("a missing say band", _set("04-one-alarm", ("say",), {"most_right": "x", "split": "y"}),
     "question 04-one-alarm, say: 'few_right' must be non-empty text"),
    ("a split that is not whole numbers", _set("04-one-alarm", ("split", "A"), 49.5),
     "'split' must map each letter to a whole percentage"),
]


@pytest.mark.parametrize("change, expected", [(c, e) for _, c, e in DOCTORED],
                         ids=[name for name, *_ in DOCTORED])
def test_a_doctored_bank_is_caught(calculators, change, expected):
    raw = copy.deepcopy(RAW)
    change(raw)
    found = problems_of(raw, calculators)
    assert any(expected in problem for problem in found), found
