"""The ``facenumbers`` command.

    facenumbers exercises          regenerate exercises/ from solutions/ (run by `make exercises`)
    facenumbers exercises --check  exit 1 if exercises/ is out of date (no files written)
    facenumbers pacing             each lesson's estimated minutes, by part (run by `make pacing`)
    facenumbers grade SUBMISSIONS --assignment 04-base-rates --out grades/
                                   grade a folder of submitted notebooks (instructors)
    facenumbers submit exercises/04-base-rates.ipynb --name alice
                                   save a clean copy of your notebook for handing in (students)
    facenumbers assign --roster roster.csv --assignment 04-base-rates --out release/
                                   one notebook per student, each with its own numbers (instructors)
    facenumbers inventory-gain --before grades-before/ --after grades-after/ --out gain/
                                   the concept inventory's gain between its two sittings
    facenumbers hub plan|start|grade|undo
                                   a class on this machine's JupyterHub (make hub; docs/hub.md)
"""

from __future__ import annotations

import argparse
import getpass
import os
import re
import sys
from pathlib import Path

from facenumbers import notebooks


def main(argv: list[str] | None = None) -> int:
    """Run the command line; returns the exit status (0 ok, 1 out of date, 2 usage error)."""
    parser = argparse.ArgumentParser(prog="facenumbers", description=__doc__.splitlines()[0])
    commands = parser.add_subparsers(dest="command", required=True)
    exercises = commands.add_parser("exercises", help="generate exercises/ from solutions/")
    exercises.add_argument("--root", type=Path, default=Path.cwd(),
                           help="the course folder holding solutions/ (default: here)")
    exercises.add_argument("--check", action="store_true",
                           help="only report whether exercises/ is up to date")
    pacing_command = commands.add_parser("pacing", help="print each lesson's estimated minutes")
    pacing_command.add_argument("--root", type=Path, default=Path.cwd(),
                                help="the course folder holding lessons/ (default: here)")
    grade = commands.add_parser("grade", help="grade a folder of submitted notebooks")
    grade.add_argument("submissions", type=Path, help="folder of <student>.ipynb files or <student>/ folders")
    grade.add_argument("--assignment", required=True, help="e.g. 04-base-rates (a notebook in solutions/)")
    grade.add_argument("--out", type=Path, default=Path("grades"), help="where to write grades.csv and feedback/")
    grade.add_argument("--course", type=Path, default=Path.cwd(),
                       help="the course folder holding solutions/ (default: here)")
    grade.add_argument("--jobs", type=int, default=os.cpu_count() or 1,
                       help="submissions graded at once (default: the number of cores)")
    grade.add_argument("--timeout", type=float, default=300, help="seconds per notebook (default 300)")
    grade.add_argument("--cell-timeout", type=float, default=60, help="seconds per cell (default 60)")
    grade.add_argument("--memory-mb", type=int, default=3000, help="memory per notebook in MB (default 3000)")
    grade.add_argument("--roster", type=Path, default=None,
                       help="roster CSV (student, id, email, sis_user_id, sis_login_id, section): "
                            "each student is judged against their own variant (facenumbers "
                            "assign), and canvas.csv and moodle.csv are written too")
    grade.add_argument("--canvas-assignment-id", default=None,
                       help="the Canvas assignment's number: canvas.csv's column becomes "
                            "'TITLE (ID)', which Canvas matches to the existing assignment")
    grade.add_argument("--engine", choices=("forked", "kernel"), default=None,
                       help="how each submission runs: 'forked' (a fresh child of a pre-imported "
                            "process; the default where os.fork exists) or 'kernel' (a fresh "
                            "Jupyter kernel each, about 1.5 s slower; the default on Windows)")
    submit = commands.add_parser("submit", help="save a clean copy of an exercise notebook to hand in")
    submit.add_argument("notebook", type=Path, help="your exercise notebook, saved (Ctrl+S)")
    submit.add_argument("--name", default=None, help="your name or student id (default: your login)")
    submit.add_argument("--out", type=Path, default=Path("submissions"), help="folder (default: submissions/)")
    assign = commands.add_parser("assign", help="write one exercise notebook per student (variants)")
    assign.add_argument("--roster", type=Path, required=True, help="the class roster (CSV with a student column)")
    assign.add_argument("--assignment", required=True, help="e.g. 04-base-rates (a notebook in solutions/)")
    assign.add_argument("--out", type=Path, default=Path("release"),
                        help="where to write <student>/<assignment>.ipynb and variants.csv")
    assign.add_argument("--course", type=Path, default=Path.cwd(),
                        help="the course folder holding solutions/ (default: here)")
    gain = commands.add_parser("inventory-gain",
                               help="the concept inventory's gain between two graded sittings")
    gain.add_argument("--before", type=Path, required=True,
                      help="the --out folder of `facenumbers grade` for the sitting before the course")
    gain.add_argument("--after", type=Path, required=True,
                      help="the --out folder of `facenumbers grade` for the sitting after it")
    gain.add_argument("--out", type=Path, default=Path("inventory-gain"),
                      help="where to write inventory_gain.md and its two CSV files")
    from facenumbers.hub import commands as hub_commands

    hub_commands.add_parser(commands)
    args = parser.parse_args(argv)

    if args.command == "hub":
        return hub_commands.run(args)

    if args.command == "inventory-gain":
        return _inventory_gain(args)
    if args.command == "assign":
        return _assign(args)
    if args.command == "grade":
        return _grade(args)
    if args.command == "submit":
        return _submit(args)
    if args.command == "pacing":
        return _pacing(args.root)
    if args.command == "exercises":
        if not (args.root / "solutions").is_dir():
            print(f"error: no solutions/ folder in {args.root.resolve()}; "
                  "run this from the course folder or pass --root.", file=sys.stderr)
            return 2
        from facenumbers.teaching import inventory

        inventory_master = inventory.update_master(args.root, check_only=args.check)
        changed = notebooks.generate(args.root, check_only=args.check)
        if inventory_master and args.root / "solutions" / f"{inventory.NAME}.ipynb" not in changed:
            changed.insert(0, args.root / "solutions" / f"{inventory.NAME}.ipynb")
        if inventory.update_concept_inventory(args.root, check_only=args.check):
            changed.append(args.root / inventory.DOCS)
        from facenumbers import objectives, pacing

        changed += pacing.update_time_lines(args.root, check_only=args.check)
        if objectives.update_guide(args.root, check_only=args.check):
            changed.append(args.root / objectives.GUIDE)
        if pacing.update_guide(args.root, check_only=args.check):
            changed.append(args.root / pacing.GUIDE)
        from facenumbers import teaching

        changed += teaching.update_pages(args.root, check_only=args.check)
        for path in changed:
            verb = "out of date" if args.check else "wrote"
            print(f"{verb}: {path.relative_to(args.root)}")
        if args.check and changed:
            print("Run `make exercises` and commit the result.", file=sys.stderr)
            return 1
        if not changed:
            print("exercises/ is up to date.")
    return 0


def _pacing(root: Path) -> int:
    """Print the pacing table and the rates behind it."""
    from facenumbers import pacing

    if not (root / "lessons").is_dir():
        return _error(f"no lessons/ folder in {root.resolve()}; run this from the course folder "
                      "or pass --root.")
    print(pacing.pacing_markdown(pacing.estimate_all(root)))
    print()
    print(f"Rates: reading {pacing.READING_WORDS_PER_MINUTE} words a minute; "
          f"{pacing.MINUTES_PER_CODE_CELL:g} minute a code cell; "
          f"{pacing.MINUTES_PER_THING_TO_TRY:g} a thing to try; "
          f"{pacing.MINUTES_PER_PREDICTION:g} a prediction; exercises "
          + ", ".join(f"{kind} {minutes:g}" for kind, minutes in pacing.MINUTES_PER_EXERCISE.items())
          + f"; {pacing.MINUTES_PER_REFLECTION:g} a reflection. Numbered lessons must fit "
          f"{pacing.LESSON_MINUTES[0]} to {pacing.LESSON_MINUTES[1]} minutes.")
    return 0


def _error(message: str) -> int:
    print(f"error: {message}", file=sys.stderr)
    return 2


def _grade(args: argparse.Namespace) -> int:
    """``facenumbers grade``: 0 when the batch completed, 2 for bad arguments, 1 when grading
    itself could not run."""
    from facenumbers import grading

    if not args.submissions.is_dir():
        return _error(f"SUBMISSIONS must be a folder of notebooks; {args.submissions} is not a folder.")
    for name, value, low in (("--jobs", args.jobs, 1), ("--timeout", args.timeout, 1),
                             ("--cell-timeout", args.cell_timeout, 1), ("--memory-mb", args.memory_mb, 500)):
        if value < low:
            return _error(f"{name} must be at least {low}; got {value:g}.")
    try:
        assignment = grading.load_assignment(args.course, args.assignment)
    except ValueError as problem:
        return _error(str(problem))
    found = grading.find_submissions(args.submissions, args.assignment)
    if not found:
        return _error(f"no notebooks in {args.submissions}: expected <student>.ipynb files or "
                      "<student>/ folders.")
    roster = None
    if args.roster is not None:
        from facenumbers.roster import read_roster

        try:
            roster = read_roster(args.roster)
        except (ValueError, OSError) as problem:
            return _error(str(problem))
    if args.canvas_assignment_id is not None and not args.canvas_assignment_id.strip().isdigit():
        return _error("--canvas-assignment-id must be the number at the end of the assignment's "
                      f"address in Canvas; got {args.canvas_assignment_id!r}.")
    variants_by_student, unlisted = _variants(roster, found, args.assignment)
    limits = grading.Limits(args.timeout, args.cell_timeout, args.memory_mb)
    try:
        engine = grading.choose_engine(args.engine)
    except ValueError as problem:
        return _error(str(problem))
    key = grading.grade_one("(the solution itself)", args.course / "solutions" / f"{args.assignment}.ipynb",
                            assignment, limits, Path(os.environ.get("TMPDIR", "/tmp")), engine=engine)
    if key.status != "graded" or key.total < assignment.auto_points:
        print(f"error: grading itself could not run: the solution notebook scored {key.total:g} of "
              f"{assignment.auto_points:g} ({key.status}; {key.reason or 'see its checks'}).",
              file=sys.stderr)
        return 1
    print(f"Grading {len(found)} submissions of {args.assignment} with {args.jobs} at a time.",
          file=sys.stderr)
    if unlisted:
        print(f"warning: {len(unlisted)} submission(s) not in the roster, graded against the "
              f"default version: {', '.join(unlisted[:10])}{' ...' if len(unlisted) > 10 else ''}",
              file=sys.stderr)
    results = grading.grade_batch(found, assignment, limits, args.jobs, progress=_progress_bar,
                                  engine=engine, variants=variants_by_student or None)
    try:
        path = grading.write_reports(results, assignment, args.out, roster=roster,
                                     canvas_assignment_id=args.canvas_assignment_id)
    except OSError as problem:
        print(f"error: cannot write the grades to {args.out}: {problem}", file=sys.stderr)
        return 1
    print(grading.summary_text(results, assignment))
    print(f"Wrote {path} and {len(results)} feedback files in {path.parent / 'feedback'}.")
    print(f"What the class got wrong: {path.parent / 'item_analysis.html'} (and .csv).")
    if roster is not None:
        print(f"Gradebooks for Canvas and Moodle: {path.parent / 'canvas.csv'}, "
              f"{path.parent / 'moodle.csv'}; read {path.parent / 'lms_warnings.txt'} first.")
    return 0


def _inventory_gain(args: argparse.Namespace) -> int:
    """``facenumbers inventory-gain``: 0 when the report was written, 2 for bad arguments."""
    from facenumbers.grading import inventory_gain

    for name, folder in (("--before", args.before), ("--after", args.after)):
        if not folder.is_dir():
            return _error(f"{name} must be a folder written by `facenumbers grade`; {folder} is "
                          "not a folder.")
    try:
        report = inventory_gain.write_gain(args.before, args.after, args.out)
    except ValueError as problem:
        return _error(str(problem))
    except OSError as problem:
        print(f"error: cannot write the report to {args.out}: {problem}", file=sys.stderr)
        return 1
    shown = "not defined" if report.gain_of_means is None else f"{report.gain_of_means:.2f}"
    print(f"Students who sat both: {len(report.students)}; class gain from the class means: "
          f"{shown}.")
    print(f"Wrote {args.out / 'inventory_gain.md'}, inventory_students.csv and "
          "inventory_questions.csv.")
    return 0


def _variants(roster: list | None, found: list, assignment: str) -> tuple[dict[str, dict], list[str]]:
    """Each submission's variant, worked out from the roster (never from the notebook): the
    parameters by student, and the submissions the roster does not list."""
    if roster is None:
        return {}, []
    from facenumbers import variants
    from facenumbers.roster import match_student

    by_student, unlisted = {}, []
    for student, _path in found:
        entry = match_student(roster, student)
        if entry is None:
            unlisted.append(student)
            continue
        params = variants.params_for(assignment, variants.student_key(entry.student, entry.id))
        if params:  # {}: nothing varies in this assignment, judge with the default
            by_student[student] = params
    return by_student, unlisted


def _assign(args: argparse.Namespace) -> int:
    """``facenumbers assign``: 0 when every notebook was written, 2 for bad arguments."""
    from facenumbers import assign

    try:
        released = assign.release(args.course, args.assignment, args.roster, args.out)
    except ValueError as problem:
        return _error(str(problem))
    except OSError as problem:
        print(f"error: cannot write the notebooks to {args.out}: {problem}", file=sys.stderr)
        return 1
    kinds = len({r.variant for r in released})
    print(f"Wrote {len(released)} notebooks of {args.assignment} ({kinds} different variant"
          f"{'s' if kinds != 1 else ''}) in {args.out}, and {args.out / assign.TABLE}.")
    print("Grade them with the same roster, so each is judged against its own variant.")
    return 0


def _progress_bar(done: int, total: int, result: object) -> None:
    width = 30
    filled = round(width * done / total)
    line = f"[{'#' * filled}{'.' * (width - filled)}] {done}/{total}"
    if sys.stderr.isatty():
        print(f"\r{line}", end="" if done < total else "\n", file=sys.stderr, flush=True)
    else:
        print(f"{line}  {getattr(result, 'student', '')}: {getattr(result, 'status', '')}",
              file=sys.stderr, flush=True)


def _submit(args: argparse.Namespace) -> int:
    """``facenumbers submit``: a clean copy (answers kept, outputs removed) in ``--out``."""
    import nbformat

    if not args.notebook.is_file():
        return _error(f"NOTEBOOK must be your exercise notebook; {args.notebook} is not a file.")
    try:
        notebook = nbformat.read(args.notebook, as_version=4)
    except Exception as problem:
        return _error(f"{args.notebook} is not a notebook that can be read ({problem}).")
    lessons = {str(c.metadata.get("facenumbers", {}).get("exercise", "")).partition("/")[0]
               for c in notebook.cells} - {""}
    if len(lessons) != 1:
        return _error(f"{args.notebook} is not one of the course's exercise notebooks "
                      "(no exercise ids found).")
    inbox = os.environ.get("FACENUMBERS_INBOX")
    if inbox:  # on the class's hub: the hand-in goes to the inbox, under the student's login
        login = getpass.getuser()
        if args.name and args.name != login:
            print(f"On this hub you hand in as your login, {login}; --name is not needed.")
        name, folder = login, Path(inbox)
    else:
        name = re.sub(r"[^\w.-]+", "_", (args.name or getpass.getuser()).strip()).strip("._")
        folder = args.out
    if not name:
        return _error("--name must contain letters or digits.")
    lesson = lessons.pop()
    target = folder / name / f"{lesson}.ipynb"
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        nbformat.write(notebooks.clean(notebook), target)
    except PermissionError:
        return _error(f"{target.parent} cannot be written to from this account ({name}). On a hub, "
                      "ask your instructor to check your hand-in folder; your notebook is unchanged.")
    answered = sum(1 for c in notebook.cells if c.metadata.get("facenumbers", {}).get("role") == "answer"
                   and "..." not in c.source and c.source.strip())
    if inbox:
        print(f"Handed in to your instructor's inbox: {target}")
        print("Only you and your instructor can read it. Hand in again at any time to replace it.")
    else:
        print(f"Saved a clean copy for handing in: {target.resolve()}")
    print(f"It holds your answers (outputs removed). {answered} answer cells are filled in. "
          "Unsaved changes are not included: save the notebook (Ctrl+S) and run this again "
          "if you changed anything since.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
