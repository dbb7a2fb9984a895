"""Part 4 of ``make bench``: ``facenumbers grade`` on a batch of submissions of Lesson 04.

Both engines in the same run, with two jobs: the kernel engine (a fresh Jupyter kernel per
submission: the grader before issue 18) on at most 100 submissions, and the forked engine (a
child of a pre-imported zygote per submission, the default) on ``--submissions`` (1,000 by
default). Wall time, submissions per minute and time per submission for each, against the
goal of 1,000 submissions of Lesson 04 in under 5 minutes with 2 jobs.
"""

from __future__ import annotations

import argparse
import os
import statistics
import tempfile
import time
from pathlib import Path
from typing import Any

from common import ROOT, goal, load_average, table
from registry import option, part

#: The kernel engine grades at most this many (it takes about 1.5 s more per submission).
KERNEL_SUBMISSIONS = 100
GOAL = "1,000 submissions of Lesson 04 in under 5 minutes with 2 jobs"


def _batch(count: int, jobs: int, engine: str) -> dict[str, Any]:
    """Grade ``count`` submissions of Lesson 04 (half right, half blank) with ``engine``."""
    import nbformat

    from facenumbers import grading

    assignment = grading.load_assignment(ROOT, "04-base-rates")
    with tempfile.TemporaryDirectory() as scratch:
        folder = Path(scratch) / "submissions"
        folder.mkdir()
        right = nbformat.read(ROOT / "solutions" / "04-base-rates.ipynb", as_version=4)
        blank = nbformat.read(ROOT / "exercises" / "04-base-rates.ipynb", as_version=4)
        for i in range(count):
            nbformat.write(right if i % 2 == 0 else blank, folder / f"student{i:04d}.ipynb")
        found = grading.find_submissions(folder, "04-base-rates")
        load = load_average()
        start = time.perf_counter()
        results = grading.grade_batch(found, assignment, grading.Limits(), jobs, engine=engine)
        wall = time.perf_counter() - start
    right_total = [r.total for i, r in enumerate(results) if i % 2 == 0]
    return {"engine": engine, "count": count, "wall": wall, "results": results, "load": load,
            "ok": sum(r.status == "graded" for r in results),
            "correct": all(t == assignment.auto_points for t in right_total)}


def _column(batch: dict[str, Any]) -> list[str]:
    per = [r.seconds for r in batch["results"]]
    count, wall = batch["count"], batch["wall"]
    return [f"{count:,}", f"{wall:.1f} s", f"{60 * count / wall:.0f}",
            f"{statistics.median(per):.2f} s ({min(per):.2f} to {max(per):.2f})",
            f"{batch['ok']} / {count}", f"{1000 * wall / count:.0f} s", batch["load"]]


def grading_throughput(count: int, jobs: int) -> str:
    """Both engines on Lesson 04 submissions: the kernel engine on at most 100, the forked one on ``count``."""
    kernel = _batch(min(count, KERNEL_SUBMISSIONS), jobs, "kernel")
    forked = _batch(count, jobs, "forked")
    projected = 1000 * forked["wall"] / count
    met = projected < 300 and forked["ok"] == count and forked["correct"]
    measured = (f"{projected:.0f} s{'' if count >= 1000 else f' (projected from {count:,})'}: "
                f"{60 * count / forked['wall']:.0f} a minute, against "
                f"{60 * kernel['count'] / kernel['wall']:.0f} with the kernel engine")
    goal(f"Grading: {GOAL}", measured, met)
    failures = [[f"Not graded ({b['engine']}): {r.status}", r.reason.replace("|", "/").replace("\n", " ")[:300], ""]
                for b in (kernel, forked) for r in b["results"] if r.status != "graded"][:5]
    rows = zip(["Submissions graded", "Wall time for the batch", "Submissions per minute",
                "Per submission: median (min to max)", "Graded / submitted",
                "Time for 1,000 submissions (projected)", "Load average at the start (1, 5, 15 min)"],
               _column(kernel), _column(forked))
    return "\n".join([
        "## 4. Grading throughput (`facenumbers grade`)",
        "",
        f"Submissions of Lesson 04 (half the solution, half blank), `--jobs {jobs}`, on this machine "
        f"({os.cpu_count()} cores), with each engine: `--engine kernel` (a fresh Jupyter kernel per "
        "submission, the grader before) and `--engine forked` (a child forked from a pre-imported "
        f"zygote per submission, the default). Goal: {GOAL}.",
        "",
        table(["Measure", "Kernel engine (before)", "Forked engine (after)"],
              [list(row) for row in rows] + failures),
    ])


@part("grading", option("--submissions", type=int, default=1000,
                        help="submissions to grade with the forked engine (the kernel engine "
                             f"grades at most {KERNEL_SUBMISSIONS})"))
def _grading_part(args: argparse.Namespace) -> str:
    """Part 4, ``--skip grading``."""
    return grading_throughput(args.submissions, jobs=2)
