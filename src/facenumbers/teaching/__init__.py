"""What surrounds the lessons, for instructors and self-learners: each idea defined once.

Each module reads one data file kept beside it (CSV for tables, TOML for questions) and
writes the page of ``docs/`` that shows it; ``make exercises`` keeps those pages up to date.

- :mod:`facenumbers.teaching.glossary`: every term the lessons define, with its one meaning.
- :mod:`facenumbers.teaching.syllabus`: the unit as an eight-week plan and as two sessions.
- :mod:`facenumbers.teaching.peer_instruction`: questions to vote on in class.
- :mod:`facenumbers.teaching.critique`: "critique the news" tasks with their rubrics.
- :mod:`facenumbers.teaching.reading`: further reading for each lesson.
- :mod:`facenumbers.teaching.inventory`: the concept inventory, sat before and after the unit.
"""

from pathlib import Path

from facenumbers.models.validation import require_path

__all__ = ["course_folder", "update_pages"]


def course_folder(root: Path) -> Path:
    """``root`` as a Path, if it is a course folder (one with ``docs/``); else ValueError.

    The pages are written only into a course's own ``docs/``: a mistyped root makes no folder.

    >>> course_folder(Path(__file__).resolve().parents[3]).name != ""
    True
    """
    root = require_path(root, "root")
    if not (root / "docs").is_dir():
        raise ValueError(f"root must be the course folder, the one holding docs/; {root} has no docs/.")
    return root


def update_pages(root: Path, check_only: bool = False) -> list[Path]:
    """Bring every generated page of ``docs/`` (and each lesson's "More for this lesson"
    cell) up to date with the data files and the lessons; return what changed (or, with
    ``check_only``, what would). ``make exercises`` runs it.
    """
    from facenumbers.teaching import critique, glossary, peer_instruction, reading, syllabus

    root = course_folder(root)
    changed = list(glossary.update_lesson_links(root, check_only=check_only))
    pages = ((glossary.update_glossary, glossary.PAGE),
             (syllabus.update_syllabus, syllabus.SYLLABUS),
             (critique.update_critique, critique.PAGE),
             (peer_instruction.update_peer_instruction, peer_instruction.PAGE),
             (reading.update_further_reading, reading.PAGE))
    for update, page in pages:
        if update(root, check_only=check_only):
            changed.append(root / page)
    return changed
