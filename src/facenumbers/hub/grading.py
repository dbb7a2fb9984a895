"""Grading a hub's inbox as an account of its own, never as root.

The grader runs each student's code. On a hub that code must not run as root, nor as the
instructor: :func:`grade_inbox` copies one assignment's hand-ins and its solution notebook
into a fresh folder owned by the grader's account (``facenumbers-grader``) (made by ``make hub``, no
login), runs ``facenumbers grade`` there as that account from the students' environment, and
copies the grades and feedback to the folder the instructor names. Every login on the plan
gets a row (and so does a student added on the admin page, who has a hand-in folder): one who
has not handed in is graded as "no notebook found".
"""

from __future__ import annotations

import os
import pwd
import shutil
import subprocess
from collections.abc import Callable
from pathlib import Path

from facenumbers.hub import accounts
from facenumbers.hub.plan import HubPlan, grader_login


def grading_folder(plan: HubPlan) -> Path:
    """The grader's own folder in the hub's (0700)."""
    return plan.root / "grading"


def ensure_grader(plan: HubPlan) -> pwd.struct_passwd:
    """The grader's system account (no login shell), with its private folder in the hub's."""
    return accounts.ensure_service_account(plan, grader_login(plan), grading_folder(plan))


def class_logins(plan: HubPlan) -> list[str]:
    """The roster's logins, then anyone with a hand-in folder who is not on it (a student the
    instructor added on the admin page)."""
    added = sorted(p.name for p in plan.inbox.iterdir() if p.is_dir() and p.name not in plan.students
                   and p.name != plan.instructor) if plan.inbox.is_dir() else []
    return [*plan.students, *added]


def _own(path: Path, entry: pwd.struct_passwd) -> None:
    for folder, _, files in os.walk(path):
        os.chown(folder, entry.pw_uid, entry.pw_gid)
        for name in files:
            os.chown(Path(folder) / name, entry.pw_uid, entry.pw_gid)


def grade_inbox(plan: HubPlan, assignment: str, out: Path, *, roster: Path | None = None,
                jobs: int | None = None, echo: Callable[[str], object] = print) -> int:
    """Grade ``assignment`` from the inbox into ``out`` (grades.csv, feedback/, the reports);
    returns ``facenumbers grade``'s exit status."""
    accounts.require_root()
    solution = plan.checkout / "solutions" / f"{assignment}.ipynb"
    if not solution.is_file():
        known = ", ".join(sorted(p.stem for p in (plan.checkout / "solutions").glob("*.ipynb")))
        raise ValueError(f"--assignment must be one of the course's assignments ({known}); got {assignment!r}")
    grader = ensure_grader(plan)
    work = grading_folder(plan) / assignment
    if work.exists():
        shutil.rmtree(work)
    (work / "course" / "solutions").mkdir(parents=True)
    shutil.copyfile(solution, work / "course" / "solutions" / solution.name)
    handed_in = 0
    for login in class_logins(plan):
        folder = work / "submissions" / login
        folder.mkdir(parents=True)
        source = plan.inbox / login / f"{assignment}.ipynb"
        if source.is_file() and not source.is_symlink():
            shutil.copyfile(source, folder / source.name)
            handed_in += 1
    arguments = [str(plan.environment / "bin" / "facenumbers"), "grade", "submissions",
                 "--assignment", assignment, "--course", "course", "--out", "grades"]
    if roster:
        shutil.copyfile(roster, work / "roster.csv")
        arguments += ["--roster", "roster.csv"]
    if jobs:
        arguments += ["--jobs", str(jobs)]
    _own(work, grader)
    echo(f"Grading {assignment}: {handed_in} of {len(class_logins(plan))} students handed in; "
         f"running as {grader_login(plan)}.")
    result = subprocess.run(arguments, cwd=work, user=grader.pw_uid, group=grader.pw_gid, extra_groups=[],
                            env={"HOME": str(work), "PATH": f"{plan.environment / 'bin'}:/usr/bin:/bin",
                                 "LANG": os.environ.get("LANG", "C.UTF-8")})
    if (work / "grades").is_dir():
        if out.exists():
            shutil.rmtree(out)
        shutil.copytree(work / "grades", out)
        echo(f"Grades and feedback: {out}")
    return result.returncode
