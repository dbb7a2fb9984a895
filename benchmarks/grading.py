"""Part 4 of ``make bench``: ``facenumbers grade`` on a batch of submissions of Lesson 04.

Wall time with two jobs, submissions per minute and time per submission, against the goal of
100 submissions in under 5 minutes on 2 cores.
"""

from __future__ import annotations

import argparse
import os
import statistics
import tempfile
import time
from pathlib import Path

from common import ROOT, goal, table
from registry import option, part


def grading_throughput(count: int, jobs: int) -> str:
    """``facenumbers grade`` on ``count`` submissions of Lesson 04: half right, half blank."""
    import nbformat

    from facenumbers import grading

    assignment = grading.load_assignment(ROOT, "04-base-rates")
    with tempfile.TemporaryDirectory() as scratch:
        folder = Path(scratch) / "submissions"
        folder.mkdir()
        right = nbformat.read(ROOT / "solutions" / "04-base-rates.ipynb", as_version=4)
        blank = nbformat.read(ROOT / "exercises" / "04-base-rates.ipynb", as_version=4)
        for i in range(count):
            nbformat.write(right if i % 2 == 0 else blank, folder / f"student{i:03d}.ipynb")
        found = grading.find_submissions(folder, "04-base-rates")
        start = time.perf_counter()
        results = grading.grade_batch(found, assignment, grading.Limits(), jobs)
        wall = time.perf_counter() - start
    per = [r.seconds for r in results]
    ok = sum(r.status == "graded" for r in results)
    projected = 100 * wall / count
    goal(f"Grading: 100 submissions in under 5 minutes with {jobs} jobs",
         f"{projected:.0f} s ({ok} of {count} graded)", projected < 300 and ok == count)
    return "\n".join([
        "## 4. Grading throughput (`facenumbers grade`)",
        "",
        f"{count} submissions of Lesson 04 (half the solution, half blank), `--jobs {jobs}`, on this "
        f"machine ({os.cpu_count()} cores). Goal: 100 submissions in under 5 minutes on 2 cores.",
        "",
        table(["Measure", "Value"], [
            ["Wall time for the batch", f"{wall:.1f} s"],
            ["Submissions per minute", f"{60 * count / wall:.0f}"],
            ["Per submission: median (min to max)",
             f"{statistics.median(per):.2f} s ({min(per):.2f} to {max(per):.2f})"],
            ["Graded / submitted", f"{ok} / {count}"],
            ["Projected time for 100 submissions", f"{100 * wall / count:.0f} s"],
            *[[f"Not graded: {r.status}", r.reason.replace("|", "/").replace("\n", " ")[:300]]
              for r in results if r.status != "graded"][:5],
        ]),
    ])


@part("grading", option("--submissions", type=int, default=100, help="submissions to grade"))
def _grading_part(args: argparse.Namespace) -> str:
    """Part 4, ``--skip grading``."""
    return grading_throughput(args.submissions, jobs=2)
