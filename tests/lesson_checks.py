"""Each numbered lesson's checks, found once: from the module its solution notebook imports."""

from __future__ import annotations

import importlib
from pathlib import Path

from facenumbers import grading
from facenumbers.checks import Lesson

ROOT = Path(__file__).resolve().parents[1]

#: "04" -> the Lesson that ``solutions/04-*.ipynb`` checks its answers with.
LESSONS: dict[str, Lesson] = {
    path.name[:2]: importlib.import_module(grading.load_assignment(ROOT, path.stem).checks_module).LESSON
    for path in sorted((ROOT / "solutions").glob("[0-9][0-9]-*.ipynb"))
}
