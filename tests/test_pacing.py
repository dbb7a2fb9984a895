"""Every lesson fits a class: the estimate is read from the notebooks, shown, and kept in range."""

from __future__ import annotations

import shutil
from pathlib import Path

import nbformat
import pytest

from facenumbers import cli, pacing

ROOT = Path(__file__).resolve().parents[1]
IN_CLASS = pacing.in_class_lessons(ROOT)


def test_the_numbered_lessons_are_the_ones_held_to_a_class_length():
    assert IN_CLASS[0].startswith("01-") and len(IN_CLASS) >= 7
    assert not any(stem.startswith("00-") or "capstone" in stem for stem in IN_CLASS)


@pytest.mark.parametrize("stem", IN_CLASS)
def test_each_lesson_fits_a_class_including_its_exercises(stem):
    estimate = pacing.estimate_lesson(ROOT, stem)
    low, high = pacing.LESSON_MINUTES
    assert estimate.exercises > 0, f"{stem} has no exercises in its estimate"
    assert low <= estimate.total <= high, (
        f"{stem}: about {estimate.total} minutes ({estimate}); a lesson must fit {low} to {high}. "
        "Cut repetition, move a section to its own lesson, or drop a redundant thing to try.")


@pytest.mark.parametrize("stem", [p.stem for p in sorted((ROOT / "lessons").glob("*.ipynb"))
                                  if "capstone" not in p.stem])
def test_each_lesson_shows_its_estimate_at_the_top(stem):
    shown = pacing.shown_time_line(ROOT, stem)
    assert shown == pacing.time_line(pacing.estimate_lesson(ROOT, stem)), (
        f"{stem} shows {shown!r}: run `make exercises` to write the current estimate")


def test_the_capstone_keeps_its_own_time_and_milestones():
    shown = pacing.shown_time_line(ROOT, next(p.stem for p in (ROOT / "lessons").glob("*capstone*")))
    assert shown and "hours" in shown and "milestones" in shown


def test_the_guide_shows_the_same_estimates():
    guide = (ROOT / pacing.GUIDE).read_text(encoding="utf-8")
    assert pacing.START in guide and pacing.END in guide
    assert pacing.lesson_table_markdown(ROOT) in guide, "run `make exercises`"


def _copy_course(tmp_path: Path, stem: str) -> Path:
    for folder in ("lessons", "solutions"):
        (tmp_path / folder).mkdir()
        source = ROOT / folder / f"{stem}.ipynb"
        if source.exists():
            shutil.copy(source, tmp_path / folder / source.name)
    return tmp_path


def test_the_estimate_follows_the_notebook(tmp_path):
    """200 more words add a minute; a thing to try adds two; a code cell adds one."""
    stem = "04-base-rates"
    root = _copy_course(tmp_path, stem)
    before = pacing.estimate_lesson(root, stem)
    path = root / "lessons" / f"{stem}.ipynb"
    notebook = nbformat.read(path, as_version=4)
    notebook.cells.insert(2, nbformat.v4.new_markdown_cell(" ".join(["word"] * 200)))
    notebook.cells.insert(3, nbformat.v4.new_markdown_cell("**Things to try**\n\n1. One.\n2. Two."))
    notebook.cells.insert(4, nbformat.v4.new_code_cell("1 + 1"))
    notebook.cells.insert(5, nbformat.v4.new_markdown_cell("## Sources\n\n" + "ref " * 1000))
    nbformat.write(notebook, path)
    after = pacing.estimate_lesson(root, stem)
    # the new cell's own words count too: "**Things to try**" (3), "1. One." (2), "2. Two." (2)
    assert after.reading - before.reading == pytest.approx(207 / pacing.READING_WORDS_PER_MINUTE)
    assert after.calculators - before.calculators == pytest.approx(2 * pacing.MINUTES_PER_THING_TO_TRY)
    assert after.code - before.code == pytest.approx(pacing.MINUTES_PER_CODE_CELL)
    assert after.exercises == before.exercises


def test_exercises_are_timed_by_kind():
    estimate = pacing.estimate_lesson(ROOT, "07-breaches-and-evidence")
    minutes = pacing.MINUTES_PER_EXERCISE
    # two numbers, a function, three choices and the memo (and no reflection)
    assert estimate.exercises == pytest.approx(2 * minutes["number"] + minutes["function"]
                                               + 3 * minutes["choice"] + minutes["memo"])


def test_a_missing_lesson_is_named():
    with pytest.raises(ValueError, match="No lesson notebook .*99-nothing"):
        pacing.estimate_lesson(ROOT, "99-nothing")


def test_the_command_prints_the_table_and_its_rates(capsys):
    assert cli.main(["pacing", "--root", str(ROOT)]) == 0
    out = capsys.readouterr().out
    assert "| 04-base-rates |" in out and "200 words a minute" in out and "45 to 90" in out


def test_the_time_line_is_written_where_a_lesson_has_none(tmp_path):
    stem = "07-breaches-and-evidence"
    root = _copy_course(tmp_path, stem)
    path = root / "lessons" / f"{stem}.ipynb"
    notebook = nbformat.read(path, as_version=4)
    notebook.cells[0].source = "# Title\n\n*A question.*"
    nbformat.write(notebook, path)
    assert pacing.update_time_lines(root, check_only=True) == [path]
    pacing.update_time_lines(root)
    assert pacing.shown_time_line(root, stem) == pacing.time_line(pacing.estimate_lesson(root, stem))
    assert pacing.update_time_lines(root) == []
