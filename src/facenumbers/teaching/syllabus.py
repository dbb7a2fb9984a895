"""The unit as a plan: eight weekly sessions, six, or a short course of two, with every minute
worked out from the lessons themselves.

A plan is a list of :class:`Session`. Each says what to read before it, which lessons are
worked through in class, which exercise notebooks and capstone milestones are due at its
start, and what else happens in class (the concept inventory, a capstone workshop). The
minutes come from :mod:`facenumbers.pacing` (each lesson's reading, code and calculator
work, and exercises) and from the capstone's table of milestones in ``lessons/08-capstone``,
so a plan cannot drift from the notebooks: change a lesson and ``make exercises`` rewrites
``docs/syllabus.md``.

In class, learners do a lesson's code and calculators and discuss it
(:data:`DISCUSSION_MINUTES` a lesson: the peer-instruction questions); they read it before,
and do its exercises after, due at the next session.

>>> from pathlib import Path
>>> root = Path(__file__).resolve().parents[3]
>>> week = minutes(root, EIGHT_WEEKS[3])
>>> week.session.in_class, week.reading, week.in_class <= SESSION_MINUTES
(('04-base-rates',), 23, True)
>>> [m.name for m in capstone_milestones(root)][:2]
['Choose and frame', 'Explore']
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

import nbformat

from facenumbers import pacing
from facenumbers.models.validation import require_instance, require_path
from facenumbers.objectives import update_block

__all__ = ["AFTER_THE_LAST", "CRITIQUE_MINUTES", "DISCUSSION_MINUTES", "EIGHT_WEEKS", "INVENTORY_MINUTES",
           "SESSION_MINUTES", "SHORT_SESSION_MINUTES", "SIX_WEEKS", "TWO_SESSIONS", "Milestone",
           "Session", "SessionTime", "capstone_milestones", "minutes", "syllabus_markdown",
           "update_syllabus"]

#: A weekly session's length in minutes (a double period; a 50-minute class takes the
#: lesson's plan in the instructor guide instead).
SESSION_MINUTES = 90
#: A session of the short course: half a day, a break included.
SHORT_SESSION_MINUTES = 210
#: Class minutes for each lesson's discussion: two or three peer-instruction questions.
DISCUSSION_MINUTES = 10
#: Minutes for one sitting of the concept inventory.
INVENTORY_MINUTES = 20
#: Minutes for reviewing last week's exercises at the start of a session.
REVIEW_MINUTES = 10
#: The "week" of work due after the last session.
AFTER_THE_LAST = "after"

CAPSTONE = "08-capstone"
PYTHON = "python-for-this-course"
_MILESTONE_ROW = re.compile(r"^\|\s*\*\*(\d)\.\s+([^*]+)\*\*\s*\|\s*about\s+(\d+)\s+minutes\s*\|",
                            re.MULTILINE)


@dataclass(frozen=True)
class Milestone:
    """One of the capstone's four milestones, as its lesson's table states it."""

    number: int
    name: str
    minutes: int


@dataclass(frozen=True)
class Session:
    """One session of a plan: what to read before it, do in it, and hand in at its start.

    ``in_class`` lessons are worked through in class (their code and calculators, with a
    discussion); their exercises are due at the next session, so ``due`` names exercise
    notebooks by lesson. ``milestones_due`` are capstone milestones (1 to 4); ``activities``
    are the other things done in class, each with its minutes.
    """

    label: str
    title: str
    read_before: tuple[str, ...] = ()
    in_class: tuple[str, ...] = ()
    due: tuple[str, ...] = ()
    milestones_due: tuple[int, ...] = ()
    milestones_in_class: tuple[int, ...] = ()
    activities: tuple[tuple[str, int], ...] = field(default_factory=tuple)
    exercises_in_class: bool = False
    length: int = SESSION_MINUTES


@dataclass(frozen=True)
class SessionTime:
    """A session with its minutes: reading before, in class, and work due at its start."""

    session: Session
    reading: int
    in_class: int
    due: int


_INVENTORY_BEFORE = ("The concept inventory, before the course (not for marks)", INVENTORY_MINUTES)
_INVENTORY_AFTER = ("The concept inventory, after the course (not for marks)", INVENTORY_MINUTES)
#: Class minutes for a lesson's "critique the news" task, started in pairs and finished at home.
CRITIQUE_MINUTES = 20
_CRITIQUE = ("Critique the news, in pairs: the lesson's task", CRITIQUE_MINUTES)

#: One 90-minute session a week for eight weeks; the capstone starts in week 5.
EIGHT_WEEKS: tuple[Session, ...] = (
    Session("Week 1", "The case, and real-name registration",
            read_before=("00-start-here", "01-real-name-registration"),
            in_class=("00-start-here", "01-real-name-registration"),
            activities=(_INVENTORY_BEFORE,)),
    Session("Week 2", "Biometric identification", read_before=("02-biometric-id",),
            in_class=("02-biometric-id",), due=("01-real-name-registration",),
            activities=(_CRITIQUE,)),
    Session("Week 3", "Error rates", read_before=("03-error-rates",), in_class=("03-error-rates",),
            due=("02-biometric-id",), activities=(_CRITIQUE,)),
    Session("Week 4", "Base rates", read_before=("04-base-rates",), in_class=("04-base-rates",),
            due=("03-error-rates",), activities=(_CRITIQUE,)),
    Session("Week 5", "Searching a gallery, and fairness; the capstone begins",
            read_before=("05-search-and-fairness",), in_class=("05-search-and-fairness",),
            due=("04-base-rates",),
            activities=(_CRITIQUE,
                        ("Introduce the capstone: its subjects, milestones and rubric", 10))),
    Session("Week 6", "Weighing registration policies", read_before=("06-policy-tradeoffs",),
            in_class=("06-policy-tradeoffs",), due=("05-search-and-fairness",),
            milestones_due=(1,), activities=(_CRITIQUE,)),
    Session("Week 7", "Breaches, function creep and the evidence",
            read_before=("07-breaches-and-evidence",), in_class=("07-breaches-and-evidence",),
            due=("06-policy-tradeoffs",), milestones_due=(2,), activities=(_CRITIQUE,)),
    Session("Week 8", "Capstone workshop, and the course in review",
            due=("07-breaches-and-evidence",), milestones_due=(3,),
            activities=(("Capstone workshop: pairs score each other's drafts against the rubric",
                         45), _INVENTORY_AFTER)),
    Session(AFTER_THE_LAST, "The final capstone, a week after week 8", milestones_due=(4,),
            length=0),
)

#: Six weeks: two lessons a week from week 2 on, read before class.
SIX_WEEKS: tuple[Session, ...] = (
    Session("Week 1", "The case, and real-name registration",
            read_before=("00-start-here", "01-real-name-registration"),
            in_class=("00-start-here", "01-real-name-registration"),
            activities=(_INVENTORY_BEFORE,)),
    Session("Week 2", "Biometric identification and error rates",
            read_before=("02-biometric-id", "03-error-rates"),
            in_class=("02-biometric-id", "03-error-rates"), due=("01-real-name-registration",)),
    Session("Week 3", "Base rates, searching a gallery, and fairness",
            read_before=("04-base-rates", "05-search-and-fairness"),
            in_class=("04-base-rates", "05-search-and-fairness"),
            due=("02-biometric-id", "03-error-rates"),
            activities=(("Introduce the capstone: its subjects, milestones and rubric", 10),)),
    Session("Week 4", "Weighing registration policies", read_before=("06-policy-tradeoffs",),
            in_class=("06-policy-tradeoffs",), due=("04-base-rates", "05-search-and-fairness"),
            milestones_due=(1,)),
    Session("Week 5", "Breaches, function creep and the evidence",
            read_before=("07-breaches-and-evidence",), in_class=("07-breaches-and-evidence",),
            due=("06-policy-tradeoffs",), milestones_due=(2,)),
    Session("Week 6", "Capstone workshop, and the course in review",
            due=("07-breaches-and-evidence",), milestones_due=(3,),
            activities=(("Capstone workshop: pairs score each other's drafts against the rubric",
                         45), _INVENTORY_AFTER)),
    Session(AFTER_THE_LAST, "The final capstone, a week after week 6", milestones_due=(4,),
            length=0),
)

#: A short course of two half-days: error rates and base rates, then scale, fairness and
#: tradeoffs with the capstone's first two milestones done in groups.
TWO_SESSIONS: tuple[Session, ...] = (
    Session("Session 1", "Error rates and base rates",
            read_before=("00-start-here", "03-error-rates", "04-base-rates"),
            in_class=("03-error-rates", "04-base-rates"), exercises_in_class=True,
            activities=(_INVENTORY_BEFORE, ("Break", 15)), length=SHORT_SESSION_MINUTES),
    Session("Session 2", "Scale, fairness and tradeoffs; an impact assessment in groups",
            read_before=("05-search-and-fairness", "06-policy-tradeoffs"),
            in_class=("05-search-and-fairness", "06-policy-tradeoffs"), milestones_due=(1,),
            milestones_in_class=(2,),
            activities=(_INVENTORY_AFTER, ("Break", 15)), length=SHORT_SESSION_MINUTES),
)

_PLANS = (("Eight weeks", EIGHT_WEEKS), ("Six weeks", SIX_WEEKS),
          ("A short course in two sessions", TWO_SESSIONS))


def capstone_milestones(root: Path) -> list[Milestone]:
    """The capstone's milestones with their minutes, read from its lesson's table.

    Raises ValueError when ``lessons/08-capstone.ipynb`` has no such table.
    """
    path = require_path(root, "root") / "lessons" / f"{CAPSTONE}.ipynb"
    notebook = nbformat.read(path, as_version=4)
    for cell in notebook.cells:
        rows = _MILESTONE_ROW.findall(cell.source)
        if rows:
            return [Milestone(int(n), name.strip(), int(m)) for n, name, m in rows]
    raise ValueError(f"{path.name} has no table of milestones ('| **1. ...** | about N minutes |').")


def _estimates(root: Path) -> dict[str, pacing.LessonTime]:
    return {e.lesson: e for e in pacing.estimate_all(root)}


def minutes(root: Path, session: Session) -> SessionTime:
    """The minutes of one session: its reading before, its class time, and the work due.

    Class time is, for each lesson in class, its code and calculator minutes plus
    :data:`DISCUSSION_MINUTES` (and its exercises, when they are done in class), plus a
    review of the work due (:data:`REVIEW_MINUTES`), the milestones done in class, and the
    session's other activities.
    """
    require_instance(session, Session, "session", "a Session (from EIGHT_WEEKS, SIX_WEEKS or "
                     "TWO_SESSIONS)")
    lessons = _estimates(root)
    milestones = {m.number: m.minutes for m in capstone_milestones(root)}
    reading = sum(lessons[name].reading for name in session.read_before)
    in_class = sum(lessons[name].code + lessons[name].calculators + DISCUSSION_MINUTES
                   + (lessons[name].exercises if session.exercises_in_class else 0)
                   for name in session.in_class)
    in_class += sum(length for _, length in session.activities)
    in_class += sum(milestones[n] for n in session.milestones_in_class)
    if session.due and session.length:
        in_class += REVIEW_MINUTES
    due = sum(lessons[name].exercises for name in session.due)
    due += sum(milestones[n] for n in session.milestones_due)
    return SessionTime(session, round(reading), round(in_class), round(due))


def _lesson_name(stem: str) -> str:
    return "Lesson " + stem[:2] if stem[:2].isdigit() else stem


def _lesson_link(stem: str) -> str:
    return f"[{_lesson_name(stem)}](../lessons/{stem}.ipynb)"


def _exercise_link(stem: str) -> str:
    return f"[exercises {stem[:2]}](../exercises/{stem}.ipynb)"


def _plan_table(root: Path, plan: tuple[Session, ...]) -> str:
    names = {m.number: m for m in capstone_milestones(root)}
    rows = ["| When | Topic | Read before (minutes) | In class (minutes) | Due at the start "
            "(minutes of work) |", "|---|---|---|---|---|"]
    for session in plan:
        time = minutes(root, session)
        read = ", ".join(_lesson_link(s) for s in session.read_before)
        read = f"{read} ({time.reading})" if read else ""
        done = [_lesson_link(s) + (" with its exercises" if session.exercises_in_class else "")
                for s in session.in_class]
        done += [f"capstone milestone {n}, {names[n].name.lower()}, in groups"
                 for n in session.milestones_in_class]
        done += [what for what, _ in session.activities if what != "Break"]
        if any(what == "Break" for what, _ in session.activities):
            done.append("a break")
        in_class = "; ".join(done) + (f" ({time.in_class} of {session.length})"
                                      if session.length else "")
        due = [_exercise_link(s) for s in session.due]
        due += [f"capstone milestone {n}: {names[n].name.lower()}" for n in session.milestones_due]
        due_text = "; ".join(due) + (f" ({time.due})" if due else "")
        rows.append(f"| {session.label} | {session.title} | {read} | {in_class} | {due_text} |")
    return "\n".join(rows)


def _totals(root: Path, plan: tuple[Session, ...]) -> str:
    times = [minutes(root, s) for s in plan]
    reading = sum(t.reading for t in times)
    in_class = sum(t.in_class for t in times)
    due = sum(t.due for t in times)
    sessions = sum(1 for s in plan if s.length)
    return (f"In all: {sessions} sessions, about {_hours(in_class)} in class, "
            f"{_hours(reading)} of reading before class and {_hours(due)} of exercises and "
            f"capstone work after it.")


def _hours(minutes: int) -> str:
    hours, rest = divmod(int(5 * round(minutes / 5)), 60)
    if not hours:
        return f"{rest} minutes"
    return f"{hours} h {rest:02d} min" if rest else f"{hours} h"


def syllabus_markdown(root: Path) -> str:
    """The generated part of ``docs/syllabus.md``: each plan as a table, with its totals.

    ValueError when ``root`` is not the course folder (with lessons/ and docs/).
    """
    from facenumbers.teaching import course_folder

    root = course_folder(root)
    if not (root / "lessons" / f"{PYTHON}.ipynb").is_file():
        raise ValueError(f"root must be the course folder; {root} has no lessons/{PYTHON}.ipynb.")
    python = _estimates(root)[PYTHON]
    parts = [f"Before the first session, learners new to Python work through "
             f"[Python for this course](../lessons/{PYTHON}.ipynb) (about {python.total} "
             f"minutes, with nine checked mini-exercises); the others can skip it.", ""]
    for title, plan in _PLANS:
        parts += [f"### {title}", "", _plan_table(root, plan), "", _totals(root, plan), ""]
    return "\n".join(parts).rstrip("\n")


SYLLABUS = Path("docs") / "syllabus.md"
START = "<!-- plans: generated by `make exercises` from the notebooks; do not edit -->"
END = "<!-- end of the plans -->"


def update_syllabus(root: Path, check_only: bool = False) -> bool:
    """Write the plans into ``docs/syllabus.md``; True if it was (or would be) changed."""
    from facenumbers.teaching import course_folder

    root = course_folder(root)
    return update_block(root / SYLLABUS, START, END, syllabus_markdown(root), check_only)
