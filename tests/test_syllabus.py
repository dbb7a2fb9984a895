"""The syllabus (docs/syllabus.md): its plans fit their sessions, teach every lesson once, set
every exercise after its lesson and the capstone's milestones in order, and the page is the
one the notebooks give."""

from __future__ import annotations

import dataclasses
import re
import shutil
from pathlib import Path

import nbformat
import pytest

from facenumbers import pacing
from facenumbers.teaching import syllabus

ROOT = Path(__file__).resolve().parents[1]
WEEKLY = {"eight weeks": syllabus.EIGHT_WEEKS, "six weeks": syllabus.SIX_WEEKS}
PLANS = {**WEEKLY, "two sessions": syllabus.TWO_SESSIONS}
EXERCISES = sorted(p.stem for p in (ROOT / "solutions").glob("0[1-7]-*.ipynb"))
TAUGHT = sorted(p.stem for p in (ROOT / "lessons").glob("0[0-7]-*.ipynb"))


def problems(plan: tuple[syllabus.Session, ...], weekly: bool) -> list[str]:
    """Everything wrong with a plan, in words (empty for a good plan)."""
    found = []
    taught_in: dict[str, int] = {}
    for index, session in enumerate(plan):
        time = syllabus.minutes(ROOT, session)
        if session.length and time.in_class > session.length:
            found.append(f"{session.label}: {time.in_class} minutes in a {session.length}-minute session")
        if not session.length and (session.in_class or session.activities):
            found.append(f"{session.label}: class work after the last session")
        for lesson in session.in_class:
            if lesson in taught_in:
                found.append(f"{lesson} taught twice")
            taught_in[lesson] = index
            if lesson not in session.read_before:
                found.append(f"{session.label}: {lesson} is taught but not read before")
        for lesson in session.due:
            if taught_in.get(lesson, index) >= index:
                found.append(f"{session.label}: exercises {lesson} due before their lesson is taught")
    if weekly:
        missing = set(TAUGHT) - set(taught_in)
        if missing:
            found.append(f"never taught: {sorted(missing)}")
        due = [lesson for session in plan for lesson in session.due]
        if sorted(due) != EXERCISES:
            found.append(f"exercises due {sorted(due)}, not each of {EXERCISES} once")
    milestones = [(index, n) for index, s in enumerate(plan)
                  for n in s.milestones_due + s.milestones_in_class]
    numbers = [n for _, n in milestones]
    if numbers != sorted(numbers) or len(set(numbers)) != len(numbers):
        found.append(f"capstone milestones out of order: {numbers}")
    if weekly and numbers != [1, 2, 3, 4]:
        found.append(f"capstone milestones {numbers}, not 1 to 4")
    if weekly and len({index for index, _ in milestones}) != len(milestones):
        found.append("two capstone milestones due in one week")
    introduced = [i for i, s in enumerate(plan)
                  if any("Introduce the capstone" in what for what, _ in s.activities)]
    if weekly and (not introduced or milestones[0][0] <= introduced[0]):
        found.append("a milestone is due before the capstone is introduced")
    sittings = [what for s in plan for what, _ in s.activities if "concept inventory" in what]
    last = [s for s in plan if s.length][-1]
    if (len(sittings) != 2
            or not any("inventory, before" in what for what, _ in plan[0].activities)
            or not any("inventory, after" in what for what, _ in last.activities)):
        found.append("the concept inventory is not sat in the first session and the last")
    return found


@pytest.mark.parametrize("name", sorted(PLANS))
def test_each_plan_fits_and_is_in_order(name):
    assert problems(PLANS[name], weekly=name in WEEKLY) == []


def test_a_doctored_plan_is_caught():
    plan = list(syllabus.EIGHT_WEEKS)
    # Exercises 02 due in the week Lesson 02 is taught.
    plan[1] = dataclasses.replace(plan[1], due=("01-real-name-registration", "02-biometric-id"))
    plan[2] = dataclasses.replace(plan[2], due=())
    assert any("before their lesson" in p for p in problems(tuple(plan), weekly=True))
    # A lesson taught twice, and one never.
    plan = list(syllabus.EIGHT_WEEKS)
    plan[2] = dataclasses.replace(plan[2], in_class=("02-biometric-id",), read_before=("02-biometric-id",))
    found = problems(tuple(plan), weekly=True)
    assert any("taught twice" in p for p in found) and any("never taught" in p for p in found)
    # Too much for one session.
    plan = list(syllabus.EIGHT_WEEKS)
    plan[1] = dataclasses.replace(plan[1], activities=(("A long film", 80),))
    assert any("minutes in a 90-minute session" in p for p in problems(tuple(plan), weekly=True))
    # Milestones swapped, or due before the capstone is introduced.
    plan = list(syllabus.EIGHT_WEEKS)
    plan[5], plan[6] = (dataclasses.replace(plan[5], milestones_due=(2,)),
                        dataclasses.replace(plan[6], milestones_due=(1,)))
    assert any("out of order" in p for p in problems(tuple(plan), weekly=True))
    plan = list(syllabus.EIGHT_WEEKS)
    plan[3] = dataclasses.replace(plan[3], milestones_due=(1,))
    plan[5] = dataclasses.replace(plan[5], milestones_due=())
    assert any("before the capstone is introduced" in p for p in problems(tuple(plan), weekly=True))
    # Taught without being read first.
    plan = list(syllabus.EIGHT_WEEKS)
    plan[3] = dataclasses.replace(plan[3], read_before=())
    assert any("not read before" in p for p in problems(tuple(plan), weekly=True))
    # No concept inventory at the end.
    plan = list(syllabus.EIGHT_WEEKS)
    plan[7] = dataclasses.replace(plan[7], activities=plan[7].activities[:1])
    assert any("concept inventory" in p for p in problems(tuple(plan), weekly=True))


def test_minutes_are_the_lessons_own():
    estimates = {e.lesson: e for e in pacing.estimate_all(ROOT)}
    week = syllabus.minutes(ROOT, syllabus.EIGHT_WEEKS[3])
    lesson = estimates["04-base-rates"]
    assert week.reading == round(lesson.reading)
    assert week.in_class == round(lesson.code + lesson.calculators + syllabus.DISCUSSION_MINUTES
                                  + syllabus.REVIEW_MINUTES + syllabus.CRITIQUE_MINUTES)
    assert week.due == round(estimates["03-error-rates"].exercises)
    # The short course does its exercises in class.
    first = syllabus.minutes(ROOT, syllabus.TWO_SESSIONS[0])
    assert first.in_class >= round(estimates["03-error-rates"].exercises
                                   + estimates["04-base-rates"].exercises)


def test_milestones_come_from_the_capstone_table(tmp_path):
    milestones = syllabus.capstone_milestones(ROOT)
    assert [m.number for m in milestones] == [1, 2, 3, 4]
    assert [m.name for m in milestones] == ["Choose and frame", "Explore", "Draft",
                                            "Revise against the rubric"]
    # The lesson states their sum: "About 3 hours 45 minutes in all".
    notebook = nbformat.read(ROOT / "lessons" / "08-capstone.ipynb", as_version=4)
    stated = re.search(r"About (\d) hours (\d+) minutes in all",
                       "\n".join(c.source for c in notebook.cells))
    assert sum(m.minutes for m in milestones) == 60 * int(stated.group(1)) + int(stated.group(2))
    # Without the table, a clear error.
    (tmp_path / "lessons").mkdir()
    for cell in notebook.cells:
        cell.source = cell.source.replace("| **", "| ")
    nbformat.write(notebook, tmp_path / "lessons" / "08-capstone.ipynb")
    with pytest.raises(ValueError, match="no table of milestones"):
        syllabus.capstone_milestones(tmp_path)


def test_the_page_is_up_to_date_and_its_links_exist(tmp_path):
    assert not syllabus.update_syllabus(ROOT, check_only=True), "run `make exercises`"
    page = (ROOT / "docs" / "syllabus.md").read_text(encoding="utf-8")
    links = re.findall(r"\]\(([^)#]+)(?:#[^)]*)?\)", page)
    assert len(links) > 20
    for link in links:
        assert (ROOT / "docs" / link).resolve().is_file(), link
    # A changed lesson makes the page out of date.
    copy = tmp_path / "course"
    for folder in ("lessons", "solutions", "docs"):
        shutil.copytree(ROOT / folder, copy / folder)
    path = copy / "lessons" / "04-base-rates.ipynb"
    notebook = nbformat.read(path, as_version=4)
    notebook.cells[4].source += "\n\n" + "More words to read. " * 400
    nbformat.write(notebook, path)
    assert syllabus.update_syllabus(copy, check_only=True)


def test_bad_input_names_what_is_wrong():
    with pytest.raises(TypeError, match="session"):
        syllabus.minutes(ROOT, "Week 1")
