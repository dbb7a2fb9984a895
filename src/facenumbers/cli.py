"""The ``facenumbers`` command.

    facenumbers exercises          regenerate exercises/ from solutions/ (run by `make exercises`)
    facenumbers exercises --check  exit 1 if exercises/ is out of date (no files written)
"""

from __future__ import annotations

import argparse
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
    args = parser.parse_args(argv)

    if args.command == "exercises":
        if not (args.root / "solutions").is_dir():
            print(f"error: no solutions/ folder in {args.root.resolve()}; "
                  "run this from the course folder or pass --root.", file=sys.stderr)
            return 2
        changed = notebooks.generate(args.root, check_only=args.check)
        for path in changed:
            verb = "out of date" if args.check else "wrote"
            print(f"{verb}: {path.relative_to(args.root)}")
        if args.check and changed:
            print("Run `make exercises` and commit the result.", file=sys.stderr)
            return 1
        if not changed:
            print("exercises/ is up to date.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
