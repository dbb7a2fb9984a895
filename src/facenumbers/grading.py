"""Grade a folder of submitted exercise notebooks: ``facenumbers grade``.

Each submission runs in its own process, on a copy, in a scratch folder, with a time limit per
notebook and per cell, a memory limit and no network. The student's own check cells are skipped:
after the student's cells, a grading cell imports a fresh copy of the lesson's checks and judges
every exercise by the name of its answer, then runs the instructor's hidden tests (the lines
between ``### BEGIN HIDDEN TESTS`` and ``### END HIDDEN TESTS`` in a solution's check cell).
Moved, duplicated or deleted cells therefore do not break grading, and a student who redefines
``check`` changes nothing. Memos are never graded automatically: they are listed for the
instructor.

The batch writes ``grades.csv`` (one row per submission) and ``feedback/<student>.md`` (what
passed, and the hints for the rest; never the code of a hidden test).

>>> find_submissions  # doctest: +ELLIPSIS
<function find_submissions at ...>
>>> student_name(Path("submissions/Li Hua.ipynb"))
'Li Hua'

Limits of the sandbox: the student's code runs in the grading kernel, so a determined student
could tamper with Python itself; the grader resists the common cases (a redefined ``check``,
edited check cells, a patched lesson object, a cell that deletes files, a loop that never ends,
a flood of output, a notebook for another assignment).
"""

from __future__ import annotations

import csv
import json
import math
import os
import re
import secrets
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor, as_completed
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

import nbformat

from facenumbers import notebooks
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

HIDDEN = re.compile(r"^[ \t]*### BEGIN HIDDEN TESTS[ \t]*\n(.*?)^[ \t]*### END HIDDEN TESTS[ \t]*$",
                    re.MULTILINE | re.DOTALL)
CHECKS_IMPORT = re.compile(r"from\s+(facenumbers\.checks\.\w+)\s+import")
MAX_NOTEBOOK_BYTES = 50_000_000
#: Extra seconds the parent waits for a worker past the notebook's own limit before killing it.
BACKSTOP_SECONDS = 60
#: Runs again after a run whose kernel never started, or that ended with no report, within its
#: time (a kernel that dies before answering on a busy machine, say), so that the grader's own
#: trouble never costs a student marks.
RETRIES = 1


@dataclass(frozen=True)
class Limits:
    """How long and how much a submission may use."""

    notebook_seconds: float = 300.0
    cell_seconds: float = 60.0
    memory_mb: int = 3000


@dataclass(frozen=True)
class ExerciseSpec:
    """One exercise of an assignment, as the instructor's solution defines it."""

    name: str
    points: float
    by_hand: bool
    hidden_tests: str = ""


@dataclass(frozen=True)
class Assignment:
    """An assignment: its name, the checks module, and its exercises in order."""

    name: str
    checks_module: str
    exercises: tuple[ExerciseSpec, ...]

    @property
    def auto_points(self) -> float:
        """Points the grader can award (memos are graded by hand)."""
        return sum(e.points for e in self.exercises if not e.by_hand)


@dataclass
class GradeResult:
    """The outcome for one submission."""

    student: str
    source: str
    status: str  # "graded", "broken" or "failed to run"
    reason: str = ""
    points: dict[str, float] = field(default_factory=dict)
    feedback: dict[str, dict[str, str]] = field(default_factory=dict)
    seconds: float = 0.0

    @property
    def total(self) -> float:
        """Points awarded automatically."""
        return sum(self.points.values())


def load_assignment(course: Path, name: str) -> Assignment:
    """Read an assignment from the instructor's solution notebook ``solutions/<name>.ipynb``.

    Raises ValueError naming the known assignments when ``name`` is not one of them.
    """
    solutions = course / "solutions"
    known = sorted(p.stem for p in solutions.glob("*.ipynb")) if solutions.is_dir() else []
    if name not in known:
        where = f"in {solutions}" if known else f"(no solutions/ folder in {course.resolve()})"
        raise ValueError(f"assignment must be one of {', '.join(known) or 'none'} {where}; got {name!r}.")
    notebook = nbformat.read(solutions / f"{name}.ipynb", as_version=4)
    module = next((m.group(1) for cell in notebook.cells if cell.cell_type == "code"
                   for m in [CHECKS_IMPORT.search(cell.source)] if m), None)
    if module is None:
        raise ValueError(f"solutions/{name}.ipynb does not import a facenumbers.checks module.")
    exercises, seen = [], set()
    for cell in notebook.cells:
        exercise = notebooks.checked_name(cell)
        if exercise is None or exercise in seen:
            continue
        seen.add(exercise)
        grader = cell.metadata.get("nbgrader", {})
        by_hand = notebooks.is_memo(cell) or not grader.get("grade", True)
        points = float(grader.get("points", 1))
        if by_hand:
            answer = next((c for c in notebook.cells
                           if c.metadata.get("facenumbers", {}).get("exercise", "").endswith(f"/{exercise}")
                           and c.metadata.get("facenumbers", {}).get("role") == "answer"), None)
            points = float(answer.metadata.get("nbgrader", {}).get("points", 0)) if answer else 0.0
        hidden = "\n".join(m.group(1) for m in HIDDEN.finditer(cell.source))
        exercises.append(ExerciseSpec(exercise, points, by_hand, hidden))
    if not exercises:
        raise ValueError(f"solutions/{name}.ipynb has no check cells.")
    exercises += _reflections(notebook)
    return Assignment(name, module, tuple(exercises))


def _reflections(notebook: nbformat.NotebookNode) -> list[ExerciseSpec]:
    """The reflection questions worth points: written answers the instructor grades by hand
    with the rubric printed under each question (markdown cells ``written-N``)."""
    found = []
    for cell in notebook.cells:
        grader = cell.get("metadata", {}).get("nbgrader", {})
        if (cell.get("cell_type") == "markdown" and grader.get("solution")
                and float(grader.get("points", 0) or 0) > 0 and grader.get("grade_id")):
            found.append(ExerciseSpec(str(grader["grade_id"]), float(grader["points"]), True))
    return found


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


# -- one submission ---------------------------------------------------------------------------
GUARD_CELL = '''
import os as _os, socket as _socket
def _facenumbers_no_network(*_args, **_kwargs):
    raise OSError("The grader runs without network access.")
_facenumbers_real_connect = _socket.socket.connect
def _facenumbers_connect(self, address, *args):
    if self.family == getattr(_socket, "AF_UNIX", None) or (isinstance(address, tuple)
            and str(address[0]) in ("127.0.0.1", "::1", "localhost")):
        return _facenumbers_real_connect(self, address, *args)
    _facenumbers_no_network()
_socket.socket.connect = _facenumbers_connect
_socket.socket.connect_ex = lambda self, address: _facenumbers_connect(self, address) or 0
_socket.create_connection = _facenumbers_no_network
del _os
'''

GRADING_CELL = '''
def _facenumbers_grade(_spec, _namespace):
    import importlib, json, os, sys
    os.environ["FACENUMBERS_STRICT"] = "0"
    for _name in [m for m in list(sys.modules) if m == "facenumbers" or m.startswith("facenumbers.")]:
        del sys.modules[_name]
    lesson = importlib.import_module(_spec["module"]).LESSON
    results = {}
    for exercise in _spec["exercises"]:
        name = exercise["name"]
        feedback = lesson.check(name, namespace=_namespace)
        result = {"status": feedback.status, "message": feedback.message, "hint": feedback.hint}
        if feedback.passed and exercise["hidden_tests"]:
            try:
                exec(exercise["hidden_tests"], dict(_namespace, check=lesson.checker()))
            except Exception as problem:
                said = str(problem) if isinstance(problem, AssertionError) else ""
                result = {"status": "not yet", "message": "A further check that the instructor "
                          "keeps hidden did not pass." + (f" It says: {said}" if said else ""),
                          "hint": "Test your answer on other inputs than the example."}
        results[name] = result
    return json.dumps(results)
print("@@FACENUMBERS@@" + _facenumbers_grade(%s, globals()))
'''


def _grading_notebook(submission: nbformat.NotebookNode, assignment: Assignment) -> tuple[
        nbformat.NotebookNode, list[int]]:
    """The notebook to run: a guard, the student's code cells except check cells, the grading
    cell. Returns it and, for each student cell kept, its index in the submission."""
    spec = {"module": assignment.checks_module,
            "exercises": [{"name": e.name, "hidden_tests": e.hidden_tests}
                          for e in assignment.exercises if not e.by_hand]}
    cells = [nbformat.v4.new_code_cell(GUARD_CELL)]
    kept = []
    names = {e.name for e in assignment.exercises}
    for index, cell in enumerate(submission.cells):
        if cell.get("cell_type") != "code":
            continue
        if notebooks.checked_name(cell) in names or _looks_like_check(cell.get("source", ""), names):
            continue  # the instructor's checks run instead
        cells.append(nbformat.v4.new_code_cell(cell.get("source", "")))
        kept.append(index)
    cells.append(nbformat.v4.new_code_cell(GRADING_CELL % repr(spec)))
    notebook = nbformat.v4.new_notebook()
    notebook.cells = cells
    notebook.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3",
                                       "language": "python"}
    return notebook, kept


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


def _kernel_started(output: str, nonce: str) -> bool:
    """Whether a worker's report says its kernel started (no report: it did not say so)."""
    for line in output.splitlines():
        if line.startswith(nonce):
            return bool(json.loads(line[len(nonce):]).get("started", True))
    return False


def grade_one(student: str, path: Path | None, assignment: Assignment, limits: Limits,
              scratch: Path) -> GradeResult:
    """Grade one submission in its own process (never raises for anything the student did)."""
    require_instance(student, str, "student", "the student's name")
    path = None if path is None else require_path(path, "path")
    require_instance(assignment, Assignment, "assignment", "an Assignment (from load_assignment)")
    require_instance(limits, Limits, "limits", "a Limits")
    scratch = require_path(scratch, "scratch")
    start = time.perf_counter()
    result = GradeResult(student, str(path) if path else "", "graded")
    notebook, problem = _read_submission(path, assignment)
    if notebook is None:
        result.status, result.reason = "broken", problem
        result.points = {e.name: 0.0 for e in assignment.exercises if not e.by_hand}
        return result
    source = nbformat.writes(_grading_notebook(notebook, assignment)[0])
    for attempt in range(1 + RETRIES):
        work = Path(tempfile.mkdtemp(prefix="grade-", dir=scratch))
        _copy_chart_cache(work)
        job = {"notebook": source, "work": str(work), "cell_seconds": limits.cell_seconds,
               "nonce": secrets.token_hex(16), "notebook_seconds": limits.notebook_seconds,
               "memory_mb": limits.memory_mb}
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
    by_name = {e.name: e for e in assignment.exercises}
    for name, spec in by_name.items():
        if spec.by_hand:
            continue
        feedback = grades.get(name, {"status": "not answered", "message": "not graded", "hint": ""})
        result.feedback[name] = feedback
        result.points[name] = spec.points if feedback["status"] == "correct" else 0.0
    for name, text in _memo_text(notebook, assignment).items():
        words = len(re.findall(r"[A-Za-z0-9]+", text))
        result.feedback[name] = {"status": "for instructor" if words else "not answered",
                                 "message": f"{words} words, to grade by hand with the rubric."
                                 if words else "no answer written.", "hint": ""}
    result.seconds = time.perf_counter() - start
    return result


#: Each worker's own copy of the charts' JavaScript cache (facenumbers.charts.bundle_cache),
#: inside its scratch folder: a worker never builds the bundle again (about a second each), and
#: nothing a student's code writes there reaches the instructor's cache or another student.
WORKER_CHART_CACHE = "chart-cache"


def _prepare_chart_cache() -> None:
    """Build (or find) the charts' JavaScript in the instructor's cache, once per batch."""
    try:
        from facenumbers.charts.bundle_cache import offline_bundle

        offline_bundle()
    except Exception:  # a worker then builds its own: slower, never wrong
        pass


def _copy_chart_cache(work: Path) -> None:
    """Copy the instructor's cached bundle into a worker's scratch folder, if there is one."""
    try:
        from facenumbers.charts.bundle_cache import cache_file

        cached = cache_file()
        if cached.is_file():
            (work / WORKER_CHART_CACHE).mkdir(exist_ok=True)
            shutil.copy2(cached, work / WORKER_CHART_CACHE / cached.name)
    except Exception:
        pass


def _clean_environment() -> dict[str, str]:
    keep = ("PATH", "LANG", "LC_ALL", "PYTHONPATH", "VIRTUAL_ENV", "TMPDIR", "JUPYTER_PATH")
    env = {k: v for k, v in os.environ.items() if k in keep}
    env.update({"FACENUMBERS_STRICT": "0", "PYTHONDONTWRITEBYTECODE": "1", "MPLBACKEND": "agg",
                "http_proxy": "http://127.0.0.1:9", "https_proxy": "http://127.0.0.1:9",
                "HTTP_PROXY": "http://127.0.0.1:9", "HTTPS_PROXY": "http://127.0.0.1:9",
                "OPENBLAS_NUM_THREADS": "1", "OMP_NUM_THREADS": "1", "MKL_NUM_THREADS": "1"})
    return env


def _run_worker(job: str, work: Path, seconds: float) -> tuple[str, str, bool]:
    """Run the worker on ``job``; kill its whole process group if it overruns.

    Returns (stdout, stderr, finished in time).
    """
    import signal
    with subprocess.Popen([sys.executable, "-m", "facenumbers.grading"], stdin=subprocess.PIPE,
                          stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, cwd=work,
                          start_new_session=True,
                          env={**_clean_environment(), "HOME": str(work),
                               "FACENUMBERS_CACHE_DIR": str(work / WORKER_CHART_CACHE)}) as process:
        try:
            output, errors = process.communicate(job, timeout=seconds)
            return output, errors, True
        except subprocess.TimeoutExpired:
            try:
                os.killpg(process.pid, signal.SIGKILL)
            except (ProcessLookupError, PermissionError):
                process.kill()
            output, errors = process.communicate()
            return output, errors, False


def _run_in_worker() -> int:
    """Inside the worker process: run the grading notebook, print the nonce and the report."""
    job = json.loads(sys.stdin.read())
    import resource
    limit = int(job["memory_mb"]) * 1024 * 1024
    resource.setrlimit(resource.RLIMIT_AS, (limit, limit))  # the kernel inherits it
    deadline = time.monotonic() + float(job["notebook_seconds"])
    from nbclient import NotebookClient
    from nbclient.exceptions import DeadKernelError

    notebook = nbformat.reads(job["notebook"], as_version=4)
    problems: list[str] = []
    client = NotebookClient(
        notebook, timeout=math.ceil(job["cell_seconds"]), kernel_name="python3", allow_errors=True,
        interrupt_on_timeout=True, record_timing=False, store_widget_state=False,
        error_on_timeout={"ename": "CellTimeout", "evalue": "time limit per cell", "traceback": []},
        resources={"metadata": {"path": job["work"]}},
    )
    last = len(notebook.cells) - 1
    grades: dict[str, Any] = {}
    started = False  # whether the kernel answered: if not, nothing of the student's ran
    try:
        with client.setup_kernel(stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL):
            started = True
            for index, cell in enumerate(notebook.cells):
                left = deadline - time.monotonic()
                if index < last and left <= 0:
                    problems.append(f"the notebook ran past its limit of {job['notebook_seconds']:g} s; "
                                    "later cells were not run")
                    continue
                client.timeout = max(1, math.ceil(min(job["cell_seconds"], left))) if index < last else 120
                client.execute_cell(cell, index)
                if index == last:
                    break
                errors = [o for o in cell.outputs if o.get("output_type") == "error"]
                if errors and len(problems) < 5 and index > 0:
                    what = errors[0].get("ename", "an error")
                    problems.append(f"your code cell {index} stopped with {what}"
                                    if what not in ("CellTimeout", "KeyboardInterrupt") else
                                    f"your code cell {index} ran past the limit of {job['cell_seconds']:g} s")
                cell.outputs = []  # a flood of output is never kept
            for output in notebook.cells[last].outputs:
                text = output.get("text", "") if output.get("output_type") == "stream" else ""
                for line in text.splitlines():
                    if line.startswith("@@FACENUMBERS@@"):
                        grades = json.loads(line[len("@@FACENUMBERS@@"):])
    except DeadKernelError:
        problems.append("the kernel died (too much memory, or the code ended Python)")
    except Exception as problem:  # the report must still reach the parent
        problems.append(f"grading stopped: {type(problem).__name__}: {str(problem)[:200]}")
    report = {"grades": grades, "problem": "; ".join(problems), "started": started}
    sys.stdout.write(job["nonce"] + json.dumps(report) + "\n")
    sys.stdout.flush()
    return 0


# -- the batch --------------------------------------------------------------------------------
def grade_batch(submissions: Sequence[tuple[str, Path | None]], assignment: Assignment,
                limits: Limits, jobs: int, progress: Callable[[int, int, GradeResult], None] | None = None
                ) -> list[GradeResult]:
    """Grade every submission, ``jobs`` at a time; results in the order of ``submissions``."""
    results: dict[int, GradeResult] = {}
    _prepare_chart_cache()
    with tempfile.TemporaryDirectory(prefix="facenumbers-grade-") as scratch, \
            ThreadPoolExecutor(max_workers=max(1, jobs)) as pool:
        futures = {pool.submit(grade_one, student, path, assignment, limits, Path(scratch)): i
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
    return [results[i] for i in range(len(submissions))]


def write_reports(results: Sequence[GradeResult], assignment: Assignment, out: Path) -> Path:
    """Write ``grades.csv`` and ``feedback/<student>.md`` under ``out``; return the CSV's path."""
    require_instance(assignment, Assignment, "assignment", "an Assignment (from load_assignment)")
    out = require_path(out, "out")
    if isinstance(results, (str, bytes)) or not all(isinstance(r, GradeResult) for r in results):
        raise TypeError("results must be a list of GradeResult (from grade_all).")
    out.mkdir(parents=True, exist_ok=True)
    (out / "feedback").mkdir(exist_ok=True)
    auto = [e for e in assignment.exercises if not e.by_hand]
    by_hand = [e for e in assignment.exercises if e.by_hand]
    path = out / "grades.csv"
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["student", *[e.name for e in auto], *[f"{e.name} (by hand)" for e in by_hand],
                         "total", "out_of", "status", "reason"])
        for r in results:
            writer.writerow([r.student, *[f"{r.points.get(e.name, 0):g}" for e in auto],
                             *["" for _ in by_hand], f"{r.total:g}", f"{assignment.auto_points:g}",
                             r.status, r.reason])
    for r in results:
        (out / "feedback" / f"{_safe(r.student)}.md").write_text(feedback_text(r, assignment),
                                                                  encoding="utf-8")
    (out / "results.json").write_text(json.dumps([asdict(r) for r in results], indent=1),
                                      encoding="utf-8")
    return path


def _safe(name: str) -> str:
    return re.sub(r"[^\w.-]+", "_", name).strip("._") or "student"


def feedback_text(result: GradeResult, assignment: Assignment) -> str:
    """The feedback file for one student: what passed, the hints for the rest."""
    lines = [f"# Feedback: {assignment.name}, {result.student}", ""]
    if result.status != "graded":
        lines += [f"**Your notebook could not be graded ({result.status})**: {result.reason}.", "",
                  "Check that you handed in the right file, that it opens in JupyterLab, and that "
                  "it runs from top to bottom (Kernel > Restart Kernel and Run All Cells).", ""]
    elif result.reason:
        lines += [f"Note: {result.reason}.", ""]
    lines += [f"**Points: {result.total:g} of {assignment.auto_points:g}** (checked exercises)", ""]
    for exercise in assignment.exercises:
        feedback = result.feedback.get(exercise.name)
        if exercise.by_hand:
            said = feedback["message"] if feedback else "not found in your notebook."
            lines.append(f"- **{exercise.name}**: for your instructor ({said})")
        elif feedback is None:
            lines.append(f"- **{exercise.name}**: not graded.")
        elif feedback["status"] == "correct":
            lines.append(f"- **{exercise.name}**: correct ({exercise.points:g} points).")
        else:
            head = "not answered yet" if feedback["status"] == "not answered" else "not yet"
            hint = f" Hint: {feedback['hint']}" if feedback.get("hint") else ""
            lines.append(f"- **{exercise.name}**: {head}. {feedback['message']}{hint}")
    return "\n".join(lines) + "\n"


def summary_text(results: Sequence[GradeResult], assignment: Assignment) -> str:
    """The end-of-batch summary: counts, and the exercises the class found hardest."""
    graded = [r for r in results if r.status == "graded"]
    lines = [f"Submitted: {len(results)}   graded: {len(graded)}   "
             f"broken: {sum(r.status == 'broken' for r in results)}   "
             f"failed to run: {sum(r.status == 'failed to run' for r in results)}"]
    if graded:
        lines.append("Share of graded submissions passing each exercise (hardest first):")
        shares = []
        for e in assignment.exercises:
            if not e.by_hand:
                shares.append((sum(r.points.get(e.name, 0) > 0 for r in graded) / len(graded), e.name))
        lines += [f"  {share:6.0%}  {name}" for share, name in sorted(shares)]
        mean = sum(r.total for r in graded) / len(graded)
        lines.append(f"Mean total: {mean:.1f} of {assignment.auto_points:g} points.")
    return "\n".join(lines)


if __name__ == "__main__":
    sys.exit(_run_in_worker())
