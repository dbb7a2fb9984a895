"""Finding and reading the submitted notebooks, and choosing the student's cells to run.

>>> student_name(Path("submissions/Li Hua.ipynb"))
'Li Hua'
>>> _looks_like_check("check('ppv')", {"ppv"}), _looks_like_check("ppv = 1", {"ppv"})
(True, False)
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import nbformat

from facenumbers import notebooks
from facenumbers.grading.assignment import Assignment
from facenumbers.models.validation import require_instance, require_path

MAX_NOTEBOOK_BYTES = 50_000_000


def student_name(path: Path) -> str:
    """The student a submission belongs to: the file's name, or its folder's for ``<student>/x.ipynb``."""
    path = require_path(path, "path")
    return path.stem


def find_submissions(folder: Path, assignment: str) -> list[tuple[str, Path | None]]:
    """(student, notebook) for every submission in ``folder``: ``<student>.ipynb`` files, or
    ``<student>/`` folders holding ``<assignment>.ipynb`` (or a single notebook). A folder with
    no notebook gives ``None``, graded as broken."""
    folder = require_path(folder, "folder")
    require_instance(assignment, str, "assignment", "the assignment's name, such as '04-base-rates'")
    found: list[tuple[str, Path | None]] = []
    for entry in sorted(folder.iterdir()):
        if entry.name.startswith("."):
            continue
        if entry.is_file() and entry.suffix == ".ipynb":
            found.append((student_name(entry), entry))
        elif entry.is_dir():
            named = entry / f"{assignment}.ipynb"
            inside = sorted(p for p in entry.rglob("*.ipynb") if ".ipynb_checkpoints" not in p.parts)
            found.append((entry.name, named if named.exists() else inside[0] if len(inside) == 1 else None))
    return found


def _read_submission(path: Path | None, assignment: Assignment) -> tuple[nbformat.NotebookNode | None, str]:
    """The submitted notebook, or None and why it cannot be graded."""
    if path is None:
        return None, "no notebook found in the student's folder"
    size = path.stat().st_size
    if size == 0:
        return None, "the file is empty"
    if size > MAX_NOTEBOOK_BYTES:
        return None, f"the file is {size / 1e6:.0f} MB, more than {MAX_NOTEBOOK_BYTES / 1e6:.0f} MB"
    try:
        raw = json.loads(path.read_bytes().decode("utf-8", errors="replace"))
        notebook = nbformat.from_dict(raw)
        if not isinstance(notebook.get("cells"), list):
            raise ValueError("no cells")
        for cell in notebook.cells:
            cell.setdefault("metadata", {})
            if isinstance(cell.get("source"), list):
                cell["source"] = "".join(cell["source"])
    except (ValueError, AttributeError, TypeError) as problem:
        return None, f"not a valid notebook (invalid JSON or structure: {str(problem)[:80]})"
    lessons = {str(c.metadata.get("facenumbers", {}).get("exercise", "")).partition("/")[0]
               for c in notebook.cells if isinstance(c.get("metadata"), dict)} - {""}
    if lessons and assignment.name not in lessons:
        return None, f"a notebook for another assignment ({', '.join(sorted(lessons))}), not {assignment.name}"
    return notebook, ""


def _student_cells(submission: nbformat.NotebookNode, assignment: Assignment) -> list[str]:
    """The sources of the student's code cells to run, in order: every code cell except the
    check cells (the instructor's checks run instead)."""
    names = {e.name for e in assignment.exercises}
    kept = []
    for cell in submission.cells:
        if cell.get("cell_type") != "code":
            continue
        if notebooks.checked_name(cell) in names or _looks_like_check(cell.get("source", ""), names):
            continue
        kept.append(str(cell.get("source", "")))
    return kept


def _looks_like_check(source: str, names: set[str]) -> bool:
    """A check cell without its metadata: only ``check("name")`` calls (and comments)."""
    lines = [line.strip() for line in source.splitlines() if line.strip() and not line.strip().startswith("#")]
    calls = [re.fullmatch(r"check\(\s*['\"](\w+)['\"].*\)", line) for line in lines]
    return bool(lines) and all(c and c.group(1) in names for c in calls)


def _memo_text(submission: nbformat.NotebookNode, assignment: Assignment) -> dict[str, str]:
    """The words of each memo answer, for the feedback file (graded by hand)."""
    memos = {e.name for e in assignment.exercises if e.by_hand}
    found = {}
    for cell in submission.cells:
        tag = cell.get("metadata", {}).get("facenumbers", {})
        name = str(tag.get("exercise", "")).rpartition("/")[2]
        if name in memos and tag.get("role") == "answer":
            found[name] = cell.get("source", "")
        written = str(cell.get("metadata", {}).get("nbgrader", {}).get("grade_id", ""))
        if cell.get("cell_type") == "markdown" and written in memos:
            found[written] = cell.get("source", "").replace(notebooks.MARKDOWN_STUB, "")
    return found
