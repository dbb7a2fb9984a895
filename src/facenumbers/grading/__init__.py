"""Grade a folder of submitted exercise notebooks: ``facenumbers grade``.

Each submission runs in its own process, on a copy, in a scratch folder, with a time limit per
notebook and per cell, a memory limit and no network. The student's own check cells are skipped:
after the student's cells, a grading step imports a fresh copy of the lesson's checks and judges
every exercise by the name of its answer (with ``lesson_for(variant)`` for a student with a
variant of the assignment), then runs the instructor's hidden tests (the lines between
``### BEGIN HIDDEN TESTS`` and ``### END HIDDEN TESTS`` in a solution's check cell). Moved,
duplicated or deleted cells therefore do not break grading, and a student who redefines
``check`` changes nothing. Memos are never graded automatically: they are listed for the
instructor.

Two engines run a submission, with the same limits and the same grades
(tests/test_grading_engines.py):

- ``forked`` (the default where ``os.fork`` exists, :mod:`.forked`): a zygote per job slot
  imports everything once and forks a fresh child per submission, a few tenths of a second each;
- ``kernel`` (:mod:`.worker`): a fresh worker per submission starts a Jupyter kernel through
  nbclient, about 1.5 s more each; the fallback where there is no fork (Windows).

The batch writes ``grades.csv`` (one row per submission) and ``feedback/<student>.md`` (what
passed, and the hints for the rest; never the code of a hidden test): see :mod:`.reports`.
The package's modules: :mod:`.assignment` (the assignment, limits, results),
:mod:`.submissions` (finding and reading notebooks), :mod:`.cells` (the guard and the grading
step), :mod:`.sandbox` (environment and scratch), the engines, and :mod:`.reports`.

>>> find_submissions  # doctest: +ELLIPSIS
<function find_submissions at ...>
>>> student_name(Path("submissions/Li Hua.ipynb"))
'Li Hua'

Limits of the sandbox: the student's code runs as Python in the process that grades it, so a
determined student could tamper with Python itself; the grader resists the common cases (a
redefined ``check``, edited check cells, a patched lesson object, a cell that deletes files, a
loop that never ends, a flood of output, a notebook for another assignment), and nothing one
student's code does reaches another's grading: each runs in a process of its own.
"""

from __future__ import annotations

import json
import re
import secrets
import shutil
import tempfile
import time
from collections.abc import Callable, Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor, as_completed
from pathlib import Path
from typing import Any

import nbformat

from facenumbers.grading import forked, worker
from facenumbers.grading.assignment import (CHECKS_IMPORT, HIDDEN, Assignment, ExerciseSpec,
                                            GradeResult, Limits, load_assignment)
from facenumbers.grading.cells import (GRADING_FUNCTION, GUARD_CELL, _grading_notebook,
                                       grading_cell, grading_spec)
from facenumbers.grading.reports import _safe, feedback_text, summary_text, write_reports
from facenumbers.grading.sandbox import (WORKER_CHART_CACHE, _clean_environment, _copy_chart_cache,
                                         _prepare_chart_cache, worker_environment)
from facenumbers.grading.submissions import (MAX_NOTEBOOK_BYTES, _looks_like_check, _memo_text,
                                             _read_submission, _student_cells, find_submissions,
                                             student_name)
from facenumbers.grading.worker import _run_in_worker
from facenumbers.models.validation import require_instance, require_path

__all__ = [
    "Assignment",
    "GradeResult",
    "Limits",
    "find_submissions",
    "grade_batch",
    "grade_one",
    "load_assignment",
    "student_name",
    "write_reports",
]

# The public functions live in the package's modules; their home is this package (help(), and
# the hostile-argument harness of tests/test_fuzz_public.py, which reads __module__).
for _public in (find_submissions, load_assignment, student_name, write_reports):
    _public.__module__ = __name__

#: The engines that can run a submission (see the module's docstring).
ENGINES = ("forked", "kernel")
DEFAULT_ENGINE = "forked" if forked.available() else "kernel"
#: Extra seconds the parent waits for a worker past the notebook's own limit before killing it.
BACKSTOP_SECONDS = 60
#: Runs again after a run whose kernel (or child) never started, or that ended with no report,
#: within its time (a kernel that dies before answering on a busy machine, a zygote a student
#: stopped), so that the grader's own trouble never costs a student marks.
RETRIES = 1

_NOT_GRADED = {"status": "not answered", "message": "not graded", "hint": "", "mistake": ""}


def choose_engine(engine: str | None) -> str:
    """The engine to use: ``engine``, or the default; ValueError for an unknown or unavailable one."""
    if engine is None:
        return DEFAULT_ENGINE
    if engine not in ENGINES:
        raise ValueError(f"engine must be one of {', '.join(ENGINES)}; got {engine!r}.")
    if engine == "forked" and not forked.available():
        raise ValueError("the forked engine needs os.fork (not on this platform): use engine='kernel'.")
    return engine


def _variant(variants: Mapping[str, Mapping[str, Any]] | None, student: str) -> Mapping[str, Any] | None:
    """The student's variant parameters, or None for the assignment's single version."""
    if variants is None:
        return None
    if not isinstance(variants, Mapping):
        raise TypeError(f"variants must map each student to a dict of parameters; got {type(variants).__name__}.")
    variant = variants.get(student)
    if variant is not None and not isinstance(variant, Mapping):
        raise TypeError(f"the variant of {student!r} must be a dict of parameters; got {type(variant).__name__}.")
    return variant


def _kernel_started(output: str, nonce: str) -> bool:
    """Whether a worker's report says its kernel started (no report: it did not say so)."""
    for line in output.splitlines():
        if line.startswith(nonce):
            return bool(json.loads(line[len(nonce):]).get("started", True))
    return False


def _run_worker(job: str, work: Path, seconds: float) -> tuple[str, str, bool]:
    """Run one job (JSON) in a process of its engine, a fresh kernel worker or a child forked
    from a zygote; kill it if it overruns ``seconds``. Returns (stdout with the report line,
    stderr, finished in time)."""
    if json.loads(job).get("engine", "kernel") == "forked":
        return forked.run_forked_job(job, work, seconds)
    return worker.run_kernel_job(job, work, seconds)


def grade_one(student: str, path: Path | None, assignment: Assignment, limits: Limits,
              scratch: Path, *, variants: Mapping[str, Mapping[str, Any]] | None = None,
              engine: str | None = None) -> GradeResult:
    """Grade one submission in its own process (never raises for anything the student did).

    ``variants`` maps students to their variant's parameters (judged with the checks module's
    ``lesson_for``); ``engine`` is ``"forked"`` or ``"kernel"`` (default: :data:`DEFAULT_ENGINE`).
    """
    require_instance(student, str, "student", "the student's name")
    path = None if path is None else require_path(path, "path")
    require_instance(assignment, Assignment, "assignment", "an Assignment (from load_assignment)")
    require_instance(limits, Limits, "limits", "a Limits")
    scratch = require_path(scratch, "scratch")
    engine = choose_engine(engine)
    spec = grading_spec(assignment, _variant(variants, student))
    start = time.perf_counter()
    result = GradeResult(student, str(path) if path else "", "graded")
    notebook, problem = _read_submission(path, assignment)
    if notebook is None:
        result.status, result.reason = "broken", problem
        result.points = {e.name: 0.0 for e in assignment.exercises if not e.by_hand}
        return result
    cells = _student_cells(notebook, assignment)
    payload: dict[str, Any] = (
        {"notebook": nbformat.writes(_grading_notebook(cells, spec))} if engine == "kernel" else
        {"cells": [GUARD_CELL, *cells], "spec": spec, "module": assignment.checks_module})
    for attempt in range(1 + RETRIES):
        work = Path(tempfile.mkdtemp(prefix="grade-", dir=scratch))
        _copy_chart_cache(work)
        job = {"engine": engine, **payload, "work": str(work), "cell_seconds": limits.cell_seconds,
               "nonce": secrets.token_hex(16), "notebook_seconds": limits.notebook_seconds,
               "memory_mb": limits.memory_mb, "env": worker_environment(work)}
        try:
            output, errors, finished = _run_worker(json.dumps(job), work,
                                                   limits.notebook_seconds + BACKSTOP_SECONDS)
        finally:
            shutil.rmtree(work, ignore_errors=True)
        if not finished or _kernel_started(output, job["nonce"]):
            break  # the student's code ran, or ran out of time: running it again changes nothing
    if not finished:
        result.status = "failed to run"
        result.reason = (f"the notebook did not finish within {limits.notebook_seconds:g} s "
                         "(time limit for the whole notebook)")
    report = next((json.loads(line[len(job["nonce"]):]) for line in output.splitlines()
                   if line.startswith(job["nonce"])), None)
    if report is None and result.status == "graded":
        result.status = "failed to run"
        tail = errors.strip().splitlines()[-1:] or [""]
        result.reason = ("the notebook could not be run" + (f": {tail[0][:200]}" if tail[0] else "")
                         + f" (memory limit {limits.memory_mb:,} MB)")
    if report is not None:
        grades = report.get("grades") or {}
        if report.get("problem"):
            result.reason = report["problem"]
        if not grades and result.status == "graded":
            result.status = "failed to run"
    else:
        grades = {}
    for name, spec_ in {e.name: e for e in assignment.exercises}.items():
        if spec_.by_hand:
            continue
        feedback = {**_NOT_GRADED, **grades.get(name, {})} if name in grades else dict(_NOT_GRADED)
        result.feedback[name] = feedback
        result.points[name] = spec_.points if feedback["status"] == "correct" else 0.0
    for name, text in _memo_text(notebook, assignment).items():
        words = len(re.findall(r"[A-Za-z0-9]+", text))
        result.feedback[name] = {"status": "for instructor" if words else "not answered",
                                 "message": f"{words} words, to grade by hand with the rubric."
                                 if words else "no answer written.", "hint": "", "mistake": ""}
    result.seconds = time.perf_counter() - start
    return result


def grade_batch(submissions: Sequence[tuple[str, Path | None]], assignment: Assignment,
                limits: Limits, jobs: int, progress: Callable[[int, int, GradeResult], None] | None = None,
                *, variants: Mapping[str, Mapping[str, Any]] | None = None, engine: str | None = None
                ) -> list[GradeResult]:
    """Grade every submission, ``jobs`` at a time; results in the order of ``submissions``.

    ``variants`` and ``engine`` are passed to :func:`grade_one` for every submission.
    """
    engine = choose_engine(engine)
    if variants is not None and not isinstance(variants, Mapping):
        raise TypeError(f"variants must map each student to a dict of parameters; got {type(variants).__name__}.")
    results: dict[int, GradeResult] = {}
    _prepare_chart_cache()
    try:
        with tempfile.TemporaryDirectory(prefix="facenumbers-grade-") as scratch, \
                ThreadPoolExecutor(max_workers=max(1, jobs)) as pool:
            futures = {pool.submit(grade_one, student, path, assignment, limits, Path(scratch),
                                   variants=variants, engine=engine): i
                       for i, (student, path) in enumerate(submissions)}
            for done, future in enumerate(as_completed(futures), start=1):
                index = futures[future]
                try:
                    results[index] = future.result()
                except Exception as problem:  # a bug of ours must not stop the batch
                    student, path = submissions[index]
                    results[index] = GradeResult(student, str(path or ""), "failed to run",
                                                 f"the grader failed: {type(problem).__name__}: {problem}")
                if progress:
                    progress(done, len(submissions), results[index])
    finally:
        if engine == "forked":
            forked.close_zygotes()
    return [results[i] for i in range(len(submissions))]
