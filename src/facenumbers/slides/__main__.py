"""``python -m facenumbers.slides``: build every lesson's slides and handout (``make slides``).

``--out`` is the folder of the decks (default ``build/slides``); the handouts go to
``--handouts`` (default: ``handouts`` beside it); ``--lesson 04`` builds one lesson. Each
deck has a slide for each of its lesson's peer-instruction questions, without the answers.

>>> parser().parse_args(["--out", "x/slides", "--lesson", "04"]).lesson
['04']
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path


def parser() -> argparse.ArgumentParser:
    """The command line's options."""
    options = argparse.ArgumentParser(prog="python -m facenumbers.slides",
                                      description="Build slides and one-page handouts for each lesson.")
    options.add_argument("--root", type=Path, default=Path.cwd(),
                         help="the course folder, with lessons/ and node_modules/ (default: here)")
    options.add_argument("--out", type=Path, default=Path("build/slides"), help="folder of the decks")
    options.add_argument("--handouts", type=Path, default=None,
                         help="folder of the handouts (default: handouts beside --out)")
    options.add_argument("--lesson", action="append", default=None,
                         help="a lesson code such as 04 (repeatable; default: every lesson)")
    return options


def peer_questions() -> dict[str, list[str]]:
    """Each lesson's peer-instruction questions (``docs/peer-instruction.md``), without their
    answers, to vote on: a slide each.

    >>> len(peer_questions()["04"]) in (2, 3)
    True
    """
    from facenumbers.teaching import peer_instruction

    questions, _ = peer_instruction.load_bank()
    lessons = sorted({q.lesson[:2] for q in questions})
    return {code: peer_instruction.slide_prompts(code) for code in lessons}


def main(argv: list[str] | None = None) -> int:
    """Build, print where the decks are, and return the exit status (1 with a message on failure)."""
    from facenumbers.slides.build import build_all

    arguments = parser().parse_args(argv)
    try:
        decks = build_all(arguments.root, arguments.out, arguments.handouts,
                          votes=peer_questions(), lessons=arguments.lesson)
    except (ValueError, FileNotFoundError, RuntimeError) as problem:
        print(f"slides: {problem}", file=sys.stderr)
        return 1
    for deck in decks:
        print(deck)
    print(f"{len(decks)} decks; open {arguments.out / 'index.html'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
