"""``facenumbers hub ...``: the instructor's commands for a class's hub (``make hub`` runs them).

    facenumbers hub plan  --roster roster.csv          say what make hub would do; change nothing
    facenumbers hub start --roster roster.csv          set up the machine and run the hub
    facenumbers hub grade --assignment 04-base-rates   grade the inbox (as the grader's account)
    facenumbers hub undo                               remove what make hub made

Each takes ``--dir`` (the hub's folder, default /srv/facenumbers-hub) and ``--course`` (the
course folder, default here).
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from facenumbers.hub.plan import DEFAULT_PORT, DEFAULT_ROOT, HubPlan, describe, students_from


def add_parser(commands: argparse._SubParsersAction) -> None:
    """The ``hub`` command and its four subcommands."""
    hub = commands.add_parser("hub", help="a class on this machine's JupyterHub (make hub)")
    actions = hub.add_subparsers(dest="hub_command", required=True)
    for name, text in (("plan", "say what make hub does to this machine, changing nothing"),
                       ("start", "set up the accounts and folders, then run the hub"),
                       ("grade", "grade one assignment from the inbox, as the grader's account"),
                       ("undo", "remove the accounts and folders make hub made")):
        action = actions.add_parser(name, help=text)
        action.add_argument("--dir", type=Path, default=DEFAULT_ROOT, help=f"the hub's folder (default {DEFAULT_ROOT})")
        action.add_argument("--course", type=Path, default=Path.cwd(), help="the course folder (default: here)")
        if name in ("plan", "start"):
            action.add_argument("--roster", type=Path, default=None,
                                help="roster CSV whose student column holds each student's login")
            action.add_argument("--students", default="", help="logins, comma-separated (besides the roster's)")
            action.add_argument("--instructor", default="instructor", help="the instructor's login (the hub's admin)")
            action.add_argument("--port", type=int, default=DEFAULT_PORT, help=f"the address's port (default {DEFAULT_PORT})")
        if name == "start":
            action.add_argument("--yes", action="store_true", help="do not ask before changing the machine")
        if name == "grade":
            action.add_argument("--assignment", required=True, help="e.g. 04-base-rates")
            action.add_argument("--out", type=Path, default=Path("grades"), help="where the grades go (default grades/)")
            action.add_argument("--jobs", type=int, default=None, help="submissions at once (default: the cores)")


def _error(message: str) -> int:
    print(f"error: {message}", file=sys.stderr)
    return 2


def _plan(args: argparse.Namespace) -> HubPlan:
    saved = args.dir / "hub" / "plan.json"
    if args.hub_command in ("grade", "undo"):
        if not saved.exists():
            raise ValueError(f"{args.dir} holds no hub (no {saved}); give the --dir make hub used")
        return HubPlan.load(saved)
    students = students_from(args.roster, args.students)
    # Starting the same hub again keeps the settings it was started with (timeouts, the grader).
    extra = HubPlan.load(saved).extra if saved.exists() else {}
    return HubPlan(checkout=args.course.resolve(), root=args.dir.resolve(), students=students,
                   instructor=args.instructor, port=args.port,
                   roster=args.roster.resolve() if args.roster else None, extra=extra)


def run(args: argparse.Namespace) -> int:
    """Carry out ``facenumbers hub <command>``; returns the exit status."""
    from facenumbers.hub import accounts

    try:
        plan = _plan(args)
    except (ValueError, OSError) as problem:
        return _error(str(problem))
    try:
        if args.hub_command == "plan":
            problems = plan.problems()
            print(describe(plan))
            if problems:
                print("\nBut it cannot go ahead yet:\n  " + "\n  ".join(problems), file=sys.stderr)
                return 2
            return 0
        if args.hub_command == "undo":
            for line in accounts.undo(plan):
                print(line)
            return 0
        if args.hub_command == "grade":
            from facenumbers.hub.grading import grade_inbox

            return grade_inbox(plan, args.assignment, args.out.resolve(), roster=plan.roster, jobs=args.jobs)
        return _start(plan, args.yes)
    except (accounts.AccountError, ValueError, RuntimeError) as problem:
        return _error(str(problem))


def _start(plan: HubPlan, yes: bool) -> int:
    from facenumbers.hub import config, running

    print(describe(plan))
    first = not (plan.state / "made.json").exists()
    if first and not yes and sys.stdin.isatty():
        if input("\nGo ahead? [y/N] ").strip().lower() not in ("y", "yes"):
            print("Nothing was changed.")
            return 1
    if not Path(config.proxy_command(plan)[0]).exists():
        return _error("configurable-http-proxy is not installed: make hub installs it with npm ci "
                      "(npm is needed: apt-get install nodejs npm).")
    running.set_up(plan)
    print(f"\nThe hub is starting on {plan.url} (this machine only). Students log in with their login "
          "and choose a password the first time.\nStop it with Ctrl+C; make hub starts it again, "
          "keeping everyone's work.\n", flush=True)
    env = {**os.environ, "FACENUMBERS_HUB_PLAN": str(plan.state / "plan.json")}
    os.chdir(plan.state)
    command = running.command(plan)
    os.execve(command[0], command, env)
    return 0  # not reached
