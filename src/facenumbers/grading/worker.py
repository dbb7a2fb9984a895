"""The kernel engine (``--engine kernel``): one fresh ``python -m facenumbers.grading`` worker
per submission, which starts a Jupyter kernel through nbclient and runs the grading notebook
(the guard, the student's code cells, the grading cell) in it.

About 1.5 s of start-up and imports per submission: the forked engine (:mod:`.forked`) is the
default where ``os.fork`` exists; this one is the fallback elsewhere (Windows) and the
reference both are compared against (tests/test_grading_engines.py).
"""

from __future__ import annotations

import json
import math
import os
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import nbformat

from facenumbers.grading.cells import MARKER
from facenumbers.grading.sandbox import worker_environment


def run_kernel_job(job: str, work: Path, seconds: float) -> tuple[str, str, bool]:
    """Run the worker on ``job``; kill its whole process group if it overruns.

    Returns (stdout, stderr, finished in time).
    """
    with subprocess.Popen([sys.executable, "-m", "facenumbers.grading"], stdin=subprocess.PIPE,
                          stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, cwd=work,
                          start_new_session=True, env=worker_environment(work)) as process:
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


def cell_problem(index: int, ename: str, cell_seconds: float) -> str:
    """What the report says about a student's cell that stopped with ``ename`` (both engines).

    >>> cell_problem(3, "CellTimeout", 8)
    'your code cell 3 ran past the limit of 8 s'
    >>> cell_problem(2, "ZeroDivisionError", 8)
    'your code cell 2 stopped with ZeroDivisionError'
    """
    if ename in ("CellTimeout", "KeyboardInterrupt"):
        return f"your code cell {index} ran past the limit of {cell_seconds:g} s"
    return f"your code cell {index} stopped with {ename}"


#: What both engines report when the student's code ended the process running it.
DIED = "the kernel died (too much memory, or the code ended Python)"


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
                    past = (f"the notebook ran past its limit of {job['notebook_seconds']:g} s; "
                            "later cells were not run")
                    if past not in problems:
                        problems.append(past)
                    continue
                client.timeout = max(1, math.ceil(min(job["cell_seconds"], left))) if index < last else 120
                client.execute_cell(cell, index)
                errors = [o for o in cell.outputs if o.get("output_type") == "error"]
                if index == last:
                    break
                if errors and len(problems) < 5 and index > 0:
                    problems.append(cell_problem(index, errors[0].get("ename", "an error"),
                                                 job["cell_seconds"]))
                cell.outputs = []  # a flood of output is never kept
            for output in notebook.cells[last].outputs:
                text = output.get("text", "") if output.get("output_type") == "stream" else ""
                for line in text.splitlines():
                    if line.startswith(MARKER):
                        grades = json.loads(line[len(MARKER):])
            if not grades and errors:
                problems.append(f"the grading step stopped with {errors[0].get('ename', 'an error')}")
    except DeadKernelError:
        problems.append(DIED)
    except Exception as problem:  # the report must still reach the parent
        problems.append(f"grading stopped: {type(problem).__name__}: {str(problem)[:200]}")
    report = {"grades": grades, "problem": "; ".join(problems), "started": started}
    sys.stdout.write(job["nonce"] + json.dumps(report) + "\n")
    sys.stdout.flush()
    return 0
