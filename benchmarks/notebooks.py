"""Part 2 of ``make bench``: headless execution (nbclient) of every notebook of the course.

Every notebook in lessons/, solutions/ and exercises/, in a temporary copy of its folder,
next to an empty notebook (a kernel's start and stop only); then the whole course one
notebook after another, and two at a time (one process each).
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from pathlib import Path
from typing import Any

from common import ROOT, bs, failure, goal, table
from registry import option, part

#: The folders of notebooks run, each in a temporary copy.
NOTEBOOK_DIRS = ("lessons", "solutions", "exercises")


def execute_notebook(path: Path, cwd: Path) -> tuple[float, int]:
    """Run a notebook with nbclient in ``cwd``; (seconds, number of error outputs)."""
    import nbformat
    from nbclient import NotebookClient

    notebook = nbformat.read(path, as_version=4)
    kernel = notebook.metadata.get("kernelspec", {}).get("name", "python3")
    start = time.perf_counter()
    NotebookClient(
        notebook, timeout=600, kernel_name=kernel, allow_errors=True,
        resources={"metadata": {"path": str(cwd)}},
    ).execute()
    seconds = time.perf_counter() - start
    errors = sum(
        1 for cell in notebook.cells if cell.cell_type == "code"
        for output in cell.outputs if output.output_type == "error"
    )
    return seconds, errors


#: The goal: the whole course, one notebook after another, in under this many seconds.
COURSE_GOAL_S = 60


def _run_batch(paths: list[tuple[Path, Path]], jobs: int) -> float:
    """Wall time of running every notebook, ``jobs`` at a time, each in its own process."""
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    start = time.perf_counter()
    with ProcessPoolExecutor(jobs, mp_context=multiprocessing.get_context("spawn")) as pool:
        list(pool.map(execute_notebook, *zip(*paths)))
    return time.perf_counter() - start


def notebooks(runs: int, jobs: int = 2) -> str:
    """Part 2's section: every notebook ``runs`` times, the totals, ``jobs`` at a time."""
    import nbformat

    out = [
        "## 2. Headless execution (nbclient)",
        "",
        f"Wall time of `NotebookClient.execute()` per notebook, kernel start and stop "
        f"included, {runs} runs each, in a temporary copy of its folder. The first row is an "
        "empty notebook: the kernel's own start and stop. Each run goes through the whole "
        "course one notebook after another, so each run also gives a time for the whole "
        f"course (goal: under {COURSE_GOAL_S} s). The last row runs the whole course "
        f"{jobs} notebooks at a time (one process each), as a machine with {jobs} cores can.",
        "",
    ]
    rows: list[list[Any]] = []
    with tempfile.TemporaryDirectory() as scratch_name:
        scratch = Path(scratch_name)
        empty = bs.write_notebook(scratch / "empty" / "empty.ipynb", "")
        targets: list[tuple[str, Path, Path]] = [("(empty notebook)", empty, empty.parent)]
        for folder in NOTEBOOK_DIRS:
            source = ROOT / folder
            found = sorted(source.glob("*.ipynb")) if source.is_dir() else []
            if not found:
                rows.append([f"{folder}/ (no notebooks)", "", "", "", ""])
                continue
            copy = bs.copy_notebooks(source, scratch / folder)
            targets += [(f"{folder}/{p.name}", copy / p.name, copy) for p in found]
        times: dict[str, list[float]] = {label: [] for label, _, _ in targets}
        errors: dict[str, int] = {}
        failed: dict[str, str] = {}
        for _ in range(runs):
            for label, path, cwd in targets:
                if label in failed:
                    continue
                try:
                    seconds, errors[label] = execute_notebook(path, cwd)
                    times[label].append(seconds)
                except Exception as problem:
                    failed[label] = failure(problem)
        course = [(label, path, cwd) for label, path, cwd in targets if label != "(empty notebook)"]
        for label, path, _cwd in targets:
            if label in failed:
                rows.append([label, "", failed[label], "", ""])
                continue
            t = times[label]
            cells = sum(1 for c in nbformat.read(path, as_version=4).cells if c.cell_type == "code")
            rows.append([label, cells, f"{statistics.median(t):.2f}",
                         f"{min(t):.2f} to {max(t):.2f} ({max(t) - min(t):.2f})", errors[label]])

        code_cells = {row[0]: row[1] for row in rows if isinstance(row[1], int)}

        def total_row(title: str, labels: list[str]) -> tuple[list[Any], list[float]]:
            complete = [label for label in labels if label not in failed]
            totals = [sum(times[label][run] for label in complete) for run in range(runs)]
            left_out = len(labels) - len(complete)
            note = f" ({left_out} failed, left out)" if left_out else ""
            return ([f"**{title}**{note}", sum(code_cells[label] for label in complete),
                     f"**{statistics.median(totals):.1f}**",
                     f"{min(totals):.1f} to {max(totals):.1f} ({max(totals) - min(totals):.1f})",
                     sum(errors.get(label, 0) for label in complete)], totals)

        everything = [label for label, _, _ in course]
        lessons = [label for label in everything if label.startswith("lessons/")]
        whole, whole_totals = total_row(
            f"Whole course, one after another ({len(everything)} notebooks)", everything)
        only_lessons, lesson_totals = total_row(f"Lessons only ({len(lessons)} notebooks)", lessons)
        rows += [only_lessons, whole]
        try:
            batch = [_run_batch([(path, cwd) for _, path, cwd in course], jobs) for _ in range(runs)]
            rows.append([f"**Whole course, {jobs} at a time** (wall time)", "",
                         f"**{statistics.median(batch):.1f}**",
                         f"{min(batch):.1f} to {max(batch):.1f} ({max(batch) - min(batch):.1f})", ""])
        except Exception as problem:
            rows.append([f"Whole course, {jobs} at a time", "", failure(problem), "", ""])
    out.append(table(["Notebook", "Code cells", "Median (s)", "Min to max (spread) (s)",
                      "Error outputs"], rows))
    median = statistics.median(whole_totals)
    goal(f"Headless: the whole course under {COURSE_GOAL_S} s",
         f"{median:.1f} s for {len(everything)} notebooks one after another "
         f"({min(whole_totals):.1f} to {max(whole_totals):.1f}); lessons only "
         f"{statistics.median(lesson_totals):.1f} s",
         median < COURSE_GOAL_S and not failed)
    return "\n".join(out)


@part("notebooks", option("--runs", type=int, default=3, help="runs per notebook (headless)"))
def _notebooks_part(args: argparse.Namespace) -> str:
    """Part 2, ``--skip notebooks``."""
    return notebooks(args.runs)
