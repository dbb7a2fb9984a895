"""The course's files copied into a student's home, never over what the student changed.

Each time a student's server starts, :func:`deliver` runs as that student and compares three
versions of every course file: the course's (``<hub>/course/``), the one last delivered (its
SHA-256 in ``.course-files.json`` in the student's course folder) and the student's own.

- missing in the student's folder: copied (a file deleted by mistake comes back);
- unchanged by the student since it was delivered: brought up to date with the course;
- changed by the student: kept as it is. If the course's version is newer, the student's
  ``COURSE-UPDATES.md`` says where to find it; nothing the student wrote is replaced.

>>> import tempfile
>>> course, home = Path(tempfile.mkdtemp()), Path(tempfile.mkdtemp())
>>> _ = (course / "exercises").mkdir(), (course / "exercises" / "04.ipynb").write_text("v1")
>>> deliver(course, home).copied
['exercises/04.ipynb']
>>> _ = (home / "exercises" / "04.ipynb").write_text("my answers")
>>> _ = (course / "exercises" / "04.ipynb").write_text("v2")
>>> deliver(course, home).kept
['exercises/04.ipynb']
>>> (home / "exercises" / "04.ipynb").read_text()
'my answers'
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
from dataclasses import dataclass, field
from pathlib import Path

MANIFEST = ".course-files.json"
UPDATES = "COURSE-UPDATES.md"


@dataclass
class Delivery:
    """What one delivery did, by file (paths relative to the course folder)."""

    copied: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    kept: list[str] = field(default_factory=list)      # the student's changes, with a newer course version
    unchanged: int = 0

    def summary(self) -> str:
        """One line for the server's log: how many files were copied, updated, kept."""
        parts = [f"{len(self.copied)} copied", f"{len(self.updated)} updated", f"{self.unchanged} already current"]
        if self.kept:
            parts.append(f"{len(self.kept)} kept as you changed them (see {UPDATES})")
        return "Course files: " + ", ".join(parts) + "."


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def course_files(course: Path) -> list[str]:
    """Every file of the course release, as relative POSIX paths, checkpoints and caches left out."""
    skip = {".ipynb_checkpoints", "__pycache__"}
    return sorted(p.relative_to(course).as_posix() for p in course.rglob("*")
                  if p.is_file() and not skip & set(p.parts))


def _copy(source: Path, target: Path) -> None:
    target.parent.mkdir(parents=True, exist_ok=True)
    temporary = target.with_name(f".{target.name}.delivering")
    shutil.copyfile(source, temporary)
    os.replace(temporary, target)


def deliver(course: Path, target: Path) -> Delivery:
    """Bring ``target`` (a student's course folder) up to date with ``course``; see the module."""
    course, target = Path(course), Path(target)
    target.mkdir(parents=True, exist_ok=True)
    manifest_path = target / MANIFEST
    try:
        delivered: dict[str, str] = json.loads(manifest_path.read_text(encoding="utf-8"))
    except (FileNotFoundError, ValueError):
        delivered = {}
    done = Delivery()
    newer: list[str] = []
    for name in course_files(course):
        source, mine = course / name, target / name
        wanted = _digest(source)
        if not mine.exists():
            _copy(source, mine)
            done.copied.append(name)
            delivered[name] = wanted
            continue
        current = _digest(mine)
        if current == wanted:
            delivered[name] = wanted
            done.unchanged += 1
        elif delivered.get(name) == current:  # the student has not touched it
            _copy(source, mine)
            done.updated.append(name)
            delivered[name] = wanted
        else:
            done.kept.append(name)
            if delivered.get(name) != wanted:
                newer.append(name)
    manifest_path.write_text(json.dumps(delivered, indent=1, sort_keys=True) + "\n", encoding="utf-8")
    if newer:
        _write_updates(course, target, newer)
    return done


def _write_updates(course: Path, target: Path, names: list[str]) -> None:
    lines = ["# Course updates you have not taken", "",
             "Your instructor has updated these files since you changed your copy. Your copy is",
             "kept exactly as you left it. To see the new version, open it from the course's",
             "read-only folder, or copy it next to yours in a terminal, for example",
             f"`cp {course / names[0]} ~/new-copy.ipynb`.", ""]
    lines += [f"- `{name}`: the new version is `{course / name}`" for name in names]
    (target / UPDATES).write_text("\n".join(lines) + "\n", encoding="utf-8")
