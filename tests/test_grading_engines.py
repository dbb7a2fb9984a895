"""The two grading engines: the same grades, and nothing of one student reaches another.

``facenumbers grade`` runs each submission either in a child forked from a pre-imported zygote
(``--engine forked``, the default where ``os.fork`` exists) or in a fresh Jupyter kernel
(``--engine kernel``). Both grade the corpus of tests/test_grading.py (right, blank and wrong
answers, broken notebooks, the hostile ones) and a few more (``exit()``, ``os._exit``,
``input()``, magics) alike: same status, reason, points and feedback.

Under the forked engine, students graded one after another by the same zygote share nothing:
the patched modules, files, environment, ``builtins``, ``sys.path`` and signal handlers of one
are gone for the next; a student who kills or stops the zygote, starts processes or disables
the cell timer costs the next student nothing. Per-student variants are judged with the checks
module's ``lesson_for`` under both engines, and the hidden tests reach the student's process
only after the student's last cell.
"""

from __future__ import annotations

import copy
import json
import os
import time
from pathlib import Path

import nbformat
import pytest

from facenumbers import cli, grading
from facenumbers.grading import forked
from test_grading import (ASSIGNMENT, FULL, ROOT, SOLUTION, _answer_cell, _insert, _read,
                          _submissions, _with_answer)

pytestmark = pytest.mark.skipif(not forked.available(), reason="the forked engine needs os.fork")


def _first_code(notebook: nbformat.NotebookNode) -> int:
    return next(i for i, c in enumerate(notebook.cells) if c.cell_type == "code")


def _after_imports(source: str) -> nbformat.NotebookNode:
    """The solution with one more cell, right after its import cell."""
    solution = _read(SOLUTION)
    return _insert(solution, _first_code(solution) + 1, source)


def _corpus() -> dict[str, object]:
    return {
        **_submissions(),
        "calls_exit": _after_imports("exit()"),
        "ends_python": _after_imports("import os\nos._exit(3)"),
        "raises_system_exit": _after_imports("import sys\nsys.exit(2)"),
        "asks_for_input": _after_imports("name = input('Your name? ')"),
        "syntax_error": _after_imports("def (:"),
        "uses_ipython": _after_imports(
            "%time y = 1\nfrom IPython.display import display\ndisplay('shown')\n"
            "assert get_ipython() is not None\n_ = !echo shell"),
    }


def _write(folder: Path, submissions: dict[str, object]) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    for name, notebook in submissions.items():
        path = folder / f"{name}.ipynb"
        if isinstance(notebook, bytes):
            path.write_bytes(notebook)
        else:
            nbformat.write(notebook, path)


@pytest.fixture(scope="module")
def both(tmp_path_factory):
    """The corpus graded through the command line by each engine: engine -> student -> result."""
    base = tmp_path_factory.mktemp("engines")
    _write(base / "submissions", _corpus())
    graded = {}
    for engine in grading.ENGINES:
        out = base / engine
        status = cli.main(["grade", str(base / "submissions"), "--assignment", ASSIGNMENT,
                           "--out", str(out), "--course", str(ROOT), "--cell-timeout", "8",
                           "--timeout", "120", "--jobs", "2", "--engine", engine])
        assert status == 0
        graded[engine] = {r["student"]: r for r in json.loads((out / "results.json").read_text())}
    return graded


#: Submissions on which the kernel engine's outcome depends on timing (see below).
KERNEL_RACES = {"calls_exit"}


def test_both_engines_give_the_same_grades(both):
    forked_results, kernel_results = both["forked"], both["kernel"]
    assert set(forked_results) == set(kernel_results) == set(_corpus())
    for student, expected in kernel_results.items():
        got = forked_results[student]
        if student in KERNEL_RACES:
            # The kernel engine races here: exit() asks the kernel to shut down after the cell,
            # and the grading cell sometimes runs first (seen in CI from a fresh clone: graded
            # once, failed to run on other runs). The forked engine always stops there.
            assert expected["status"] in ("graded", "failed to run"), expected
            continue
        for field in ("status", "reason", "points", "feedback"):
            assert got[field] == expected[field], f"{student}: {field} differs"


def test_the_corpus_covers_what_it_should(both):
    results = both["forked"]
    assert results["right"]["status"] == "graded" and sum(results["right"]["points"].values()) == FULL
    assert {results[s]["status"] for s in ("invalid_json", "empty", "other_assignment")} == {"broken"}
    assert results["calls_exit"]["status"] == results["ends_python"]["status"] == "failed to run"
    assert "kernel died" in results["ends_python"]["reason"]
    assert "stopped with StdinNotImplementedError" in results["asks_for_input"]["reason"]
    assert results["uses_ipython"]["reason"] == "" and sum(results["uses_ipython"]["points"].values()) == FULL
    assert all("mistake" in f for r in results.values() for f in r["feedback"].values())


def test_the_forked_engine_is_the_default_where_there_is_fork():
    assert grading.DEFAULT_ENGINE == "forked"
    with pytest.raises(ValueError, match="engine must be one of forked, kernel"):
        grading.grade_batch([], grading.load_assignment(ROOT, ASSIGNMENT), grading.Limits(), 1,
                            engine="docker")


# -- isolation under the forked engine ------------------------------------------------------------
LEAVES_TRACES = """
import builtins, os, pathlib, signal, sys
import facenumbers.checks, facenumbers.checks.base_rates, facenumbers.data
facenumbers.data.load = lambda *args, **kwargs: 1 / 0
facenumbers.checks.Feedback.passed = property(lambda self: True)
facenumbers.checks.base_rates.LESSON.check = lambda *args, **kwargs: None
pathlib.Path("left-by-a.txt").write_text("A")
(pathlib.Path.home() / "home-of-a.txt").write_text("A")
os.environ["LEFT_BY_A"] = "1"
builtins.left_by_a = True
sys.path.insert(0, "/left-by-a")
signal.signal(signal.SIGTERM, signal.SIG_IGN)
signal.signal(signal.SIGUSR1, signal.SIG_IGN)
"""

LOOKS_FOR_TRACES = """
import builtins, os, pathlib, signal, sys
import facenumbers.checks
traces = [str(p) for p in (pathlib.Path("left-by-a.txt"), pathlib.Path.home() / "home-of-a.txt") if p.exists()]
traces += ["environment"] * ("LEFT_BY_A" in os.environ) + ["builtins"] * hasattr(builtins, "left_by_a")
traces += ["sys.path"] * ("/left-by-a" in sys.path)
traces += ["signals"] * (signal.getsignal(signal.SIGTERM) == signal.SIG_IGN
                         or signal.getsignal(signal.SIGUSR1) == signal.SIG_IGN)
traces += ["Feedback"] * facenumbers.checks.Feedback("x", "not yet", "m").passed
"""


def _student_b() -> nbformat.NotebookNode:
    """The solution, whose Cardiff answer is right only if it found none of A's traces."""
    notebook = _after_imports(LOOKS_FOR_TRACES)
    index = _answer_cell(notebook, "ppv_cardiff")
    notebook.cells[index].source = ("ppv_cardiff = ((cardiff['alerts'] - cardiff['false_alerts'])"
                                    " / cardiff['alerts']) if not traces else 0.5")
    return notebook


def _grade_in_order(tmp_path: Path, students: dict[str, object], limits: grading.Limits | None = None
                    ) -> tuple[dict[str, grading.GradeResult], int]:
    """Grade ``students`` one after another (one job slot): results, and zygotes started."""
    _write(tmp_path / "in", students)
    found = [(name, tmp_path / "in" / f"{name}.ipynb") for name in students]
    assignment = grading.load_assignment(ROOT, ASSIGNMENT)
    forked.close_zygotes()
    before = forked.POOL.started
    results = grading.grade_batch(found, assignment, limits or grading.Limits(120, 8, 3000), 1,
                                  engine="forked")
    return {r.student: r for r in results}, forked.POOL.started - before


def test_a_student_leaves_nothing_for_the_next_in_the_same_zygote(tmp_path):
    blank_with_traces = _insert(_read(ROOT / "exercises" / f"{ASSIGNMENT}.ipynb"), 3, LEAVES_TRACES)
    results, zygotes = _grade_in_order(tmp_path, {"a": blank_with_traces, "b": _student_b()})
    assert zygotes == 1  # B was forked from the zygote that ran A
    assert results["a"].status == "graded" and results["a"].total == 0  # A's patches count for nothing
    assert results["b"].status == "graded" and results["b"].reason == ""
    assert results["b"].total == FULL  # B saw none of A's traces, and data.load worked


def test_a_student_who_kills_or_stops_the_zygote_costs_the_next_nothing(tmp_path, monkeypatch):
    monkeypatch.setattr(forked, "REAP_SECONDS", 3.0)
    kills = _after_imports("import os, signal\nos.killpg(os.getpgid(os.getppid()), signal.SIGKILL)")
    stops = _after_imports("import os, signal\nos.kill(os.getppid(), signal.SIGSTOP)")
    solution = _read(SOLUTION)
    results, zygotes = _grade_in_order(tmp_path, {"kills": kills, "b": solution, "stops": stops,
                                                  "c": solution})
    assert zygotes == 3  # a new zygote after each
    assert all(r.status == "graded" and r.total == FULL for r in results.values()), results


def _running(pid: int) -> bool:
    """Whether ``pid`` is a live process (a zombie is not)."""
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0] not in "ZX"
    except (OSError, IndexError):
        return False


def test_processes_a_student_starts_end_with_the_student(tmp_path):
    pids = tmp_path / "pids.txt"
    spawns = _after_imports(
        "import os, subprocess, time\n"
        "children = []\n"
        "for _ in range(20):\n"
        "    pid = os.fork()\n"
        "    if pid == 0:\n"
        "        while True:\n"
        "            time.sleep(0.5)\n"
        "    children.append(pid)\n"
        "children.append(subprocess.Popen(['sleep', '300']).pid)\n"
        f"open({str(pids)!r}, 'w').write(' '.join(map(str, children)))")
    start = time.monotonic()
    results, _ = _grade_in_order(tmp_path, {"spawns": spawns, "b": _read(SOLUTION)})
    assert time.monotonic() - start < 60
    assert results["spawns"].total == FULL and results["b"].total == FULL
    started = [int(p) for p in pids.read_text().split()]
    assert len(started) == 21
    deadline = time.monotonic() + 5
    while any(map(_running, started)) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not any(map(_running, started))


def test_a_cell_that_disables_the_timer_stops_at_the_notebooks_limit(tmp_path, monkeypatch):
    monkeypatch.setattr(grading, "BACKSTOP_SECONDS", 2)
    endless = _after_imports("import signal\nsignal.signal(signal.SIGALRM, signal.SIG_IGN)\n"
                             "while True:\n    pass")
    later = _after_imports("import signal\nsignal.signal(signal.SIGALRM, signal.SIG_IGN)")
    later.cells.insert(_first_code(later) + 2, nbformat.v4.new_code_cell("while True:\n    pass"))
    start = time.monotonic()
    results, _ = _grade_in_order(tmp_path, {"endless": endless, "b": _read(SOLUTION), "later": later},
                                 grading.Limits(6, 2, 3000))
    # The timer is back for the cells after the one that turned it off.
    assert results["later"].status == "graded" and "ran past the limit of 2 s" in results["later"].reason
    assert results["endless"].status == "failed to run"
    assert "did not finish within 6 s" in results["endless"].reason
    assert results["b"].status == "graded" and results["b"].total == FULL
    assert time.monotonic() - start < 50


def test_a_swallowed_timeout_is_still_reported(tmp_path):
    swallows = _after_imports("import time\nfor _ in range(4):\n    try:\n        time.sleep(1)\n"
                              "    except BaseException:\n        pass")
    results, _ = _grade_in_order(tmp_path, {"swallows": swallows}, grading.Limits(60, 1, 3000))
    assert "ran past the limit of 1 s" in results["swallows"].reason
    assert results["swallows"].total == FULL


# -- variants and hidden tests, under both engines ----------------------------------------------
FAKE_CHECKS = '''
"""A checks module with variants, for the grader's tests: the answer must equal the target."""


class _Feedback:
    def __init__(self, status, message, hint, mistake):
        self.status, self.message, self.hint, self.mistake = status, message, hint, mistake

    @property
    def passed(self):
        return self.status == "correct"


class _Lesson:
    def __init__(self, target):
        self.target = target

    def check(self, name, namespace=None):
        value = (namespace or {}).get(name)
        if value == self.target:
            return _Feedback("correct", f"{value} is right.", "", "")
        return _Feedback("not yet", f"{value!r} is not the target.", "Use your own numbers.",
                         "fake.other_target")

    def checker(self):
        return lambda *args, **kwargs: None


LESSON = _Lesson(1)


def lesson_for(params):
    return _Lesson(params["target"])
'''


@pytest.mark.parametrize("engine", grading.ENGINES)
def test_each_student_is_judged_against_their_own_variant(tmp_path, monkeypatch, engine):
    (tmp_path / "fake_variant_checks.py").write_text(FAKE_CHECKS)
    monkeypatch.setenv("PYTHONPATH", os.pathsep.join(filter(None, [str(tmp_path),
                                                                   os.environ.get("PYTHONPATH")])))
    assignment = grading.Assignment("fake", "fake_variant_checks",
                                    (grading.ExerciseSpec("answer", 1.0, False),))
    notebook = nbformat.v4.new_notebook()
    notebook.cells = [nbformat.v4.new_code_cell("answer = 2")]
    found = []
    for student in ("ann", "ben", "cy"):
        nbformat.write(notebook, tmp_path / f"{student}.ipynb")
        found.append((student, tmp_path / f"{student}.ipynb"))
    variants = {"ann": {"target": 2}, "cy": {"target": 3}}  # ben has the single version: target 1
    results = {r.student: r for r in grading.grade_batch(found, assignment, grading.Limits(60, 10, 3000),
                                                         2, variants=variants, engine=engine)}
    assert results["ann"].points == {"answer": 1.0}
    assert results["ben"].points == results["cy"].points == {"answer": 0.0}
    assert results["ben"].feedback["answer"] == {"status": "not yet", "message": "2 is not the target.",
                                                 "hint": "Use your own numbers.",
                                                 "mistake": "fake.other_target"}
    assert results["ann"].feedback["answer"]["mistake"] == ""
    with pytest.raises(TypeError, match="variants must map each student"):
        grading.grade_batch(found, assignment, grading.Limits(), 1, variants=[("ann", {})], engine=engine)


@pytest.mark.parametrize("engine", grading.ENGINES)
def test_the_hidden_tests_are_not_in_the_students_process_while_the_students_code_runs(
        tmp_path, engine):
    course = tmp_path / "course"
    (course / "solutions").mkdir(parents=True)
    solution = _read(SOLUTION)
    index = next(i for i, c in enumerate(solution.cells)
                 if c.metadata.get("facenumbers", {}).get("role") == "check"
                 and c.metadata["facenumbers"]["exercise"].endswith("/ppv_cardiff"))
    solution.cells[index].source += ("\n### BEGIN HIDDEN TESTS\nassert abs(ppv_cardiff - 173 / 2470) < 1e-9, "
                                     "'use the exact counts'\n### END HIDDEN TESTS")
    nbformat.write(solution, course / "solutions" / f"{ASSIGNMENT}.ipynb")
    assignment = grading.load_assignment(course, ASSIGNMENT)
    looks = _with_answer(_read(SOLUTION), "ppv_cardiff", (
        "import gc\n"
        "ppv_cardiff = 0.5 if any(isinstance(v, str) and ''.join(['use the exact', ' counts']) in v\n"
        "                         for o in gc.get_objects() if isinstance(o, (dict, list, tuple))\n"
        "                         for v in (o.values() if isinstance(o, dict) else o)) else "
        "173 / 2470"))
    path = tmp_path / "looks.ipynb"
    nbformat.write(looks, path)
    result = grading.grade_one("looks", path, assignment, grading.Limits(), tmp_path, engine=engine)
    assert result.points["ppv_cardiff"] == 1 and result.total == FULL


def test_a_zygote_that_cannot_start_is_reported_and_retried(tmp_path, monkeypatch):
    starts = []

    class Broken(forked.Zygote):
        def __init__(self, *args):
            starts.append(args)
            raise forked.ZygoteError("no Python here")

    monkeypatch.setattr(forked, "Zygote", Broken)
    forked.close_zygotes()
    result = grading.grade_one("x", SOLUTION, grading.load_assignment(ROOT, ASSIGNMENT),
                               grading.Limits(), tmp_path, engine="forked")
    assert result.status == "failed to run" and "no Python here" in result.reason
    assert len(starts) == 1 + grading.RETRIES


def test_the_child_closes_what_it_inherited_from_the_zygote(tmp_path):
    probe = copy.deepcopy(_read(SOLUTION))
    probe.cells.insert(_first_code(probe) + 1, nbformat.v4.new_code_cell(
        "import os\nopen_fds = sorted(int(fd) for fd in os.listdir('/proc/self/fd'))\n"
        "assert len(open_fds) <= 6, open_fds  # 0-2, the job and report pipes, this listing\n"
        "assert os.getpgid(0) == os.getpid() and os.getsid(0) == os.getpid()\n"
        "assert os.getcwd() == os.environ['HOME']"))
    results, _ = _grade_in_order(tmp_path, {"probe": probe})
    assert results["probe"].reason == "" and results["probe"].total == FULL

