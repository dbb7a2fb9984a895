"""The forked engine's far side: the zygote, and the child it forks for each submission.

The zygote (``python -m facenumbers.grading zygote FD MODULE``, started by :mod:`.forked`
with the clean environment) imports once what every grading needs (:data:`PRELOAD` and the
assignment's checks module), then waits on its control socket. It never runs a student's
code. For each submission the grader sends it three pipe ends; it forks a child and says
``forked PID``, says ``ended PID HOW`` when the child ends, and on ``R`` kills the child's
process group and reaps it (``reaped PID``). A child that is still a zombie keeps its pid, so
the group killed is always the child's own.

The child (:func:`_child`) starts its own session, closes every descriptor it inherited but
its pipes, and then (:func:`_grade_submission`) reads its job, moves into its scratch folder
(working directory and home), takes the student's environment, lowers its memory limit, and
runs the guard and the student's cells in an IPython ``InteractiveShell`` (so ``display``,
magics and ``get_ipython()`` work as in a kernel), each under a per-cell timer that raises
:class:`CellTimeout`. Their output is captured and capped. Only then does it ask for the
grading spec (the hidden tests reach the child after the student's last cell, as the kernel
engine's grading cell does), run the grading step (:data:`.cells.GRADING_FUNCTION`: a fresh
import of the ``facenumbers`` modules) and write the report (nonce + JSON) on its report pipe.
It ends with ``os._exit``.
"""

from __future__ import annotations

import builtins
import gc
import importlib
import io
import json
import math
import os
import resource
import select
import signal
import socket
import sys
import time
import traceback
from collections.abc import Callable, Iterable
from typing import Any, NoReturn

from facenumbers.grading.cells import GRADING_FUNCTION
from facenumbers.grading.worker import DIED, cell_problem

#: Imported by the zygote once, for every child (a module that fails to import is skipped:
#: the child then imports it, or meets the same error, as a kernel would).
PRELOAD = ("numpy", "pandas", "altair", "ipywidgets", "traitlets.config",
           "IPython.core.interactiveshell", "facenumbers", "facenumbers.data", "facenumbers.checks",
           "facenumbers.charts", "facenumbers.calculators")
#: Characters of the student's output a child keeps (the rest is counted, then dropped).
KEEP_OUTPUT = 100_000
#: Seconds the grading step may take (as the kernel engine's grading cell).
GRADING_SECONDS = 120
_PATH0 = ""  # the zygote's first sys.path entry (its own folder): each child's is its own


class CellTimeout(KeyboardInterrupt):
    """A cell ran past its time limit (raised by the per-cell timer, again every second if the
    student's code swallows it)."""


# -- the zygote ---------------------------------------------------------------------------------
def zygote_main(argv: list[str]) -> int:
    """Run the zygote on the control socket ``argv[0]`` (a descriptor number), preloading the
    modules named after it; returns when the grader closes the socket."""
    global _PATH0
    control = socket.socket(fileno=int(argv[0]))
    _PATH0 = sys.path[0] if sys.path else ""
    for name in (*PRELOAD, *argv[1:]):
        try:
            importlib.import_module(name)
        except Exception as problem:  # noqa: BLE001 - the child meets it again, and says so
            print(f"zygote: cannot preload {name}: {type(problem).__name__}: {problem}", file=sys.stderr)
    wake_r, wake_w = os.pipe()
    os.set_blocking(wake_w, False)
    signal.set_wakeup_fd(wake_w)
    signal.signal(signal.SIGCHLD, lambda *_: None)  # wakes the select below
    gc.collect()
    gc.freeze()  # the preloaded objects are never collected: children share their pages
    control.sendall(b"ready\n")
    child, told = 0, False
    try:
        while True:
            readable = select.select([control, wake_r], [], [])[0]
            if wake_r in readable:
                os.read(wake_r, 4096)
            if child and not told:
                how = _ended(child)
                if how:
                    control.sendall(f"ended {child} {how}\n".encode())
                    told = True
            if control not in readable:
                continue
            message, fds, _flags, _address = socket.recv_fds(control, 1, 3)
            if not message:
                return 0  # the grader is gone
            if message == b"J" and len(fds) == 3 and not child:
                child, told = os.fork(), False
                if child == 0:
                    _child(control, fds, (wake_r, wake_w))
                for fd in fds:
                    os.close(fd)
                control.sendall(f"forked {child}\n".encode())
            elif message == b"R":
                control.sendall(f"reaped {child} {_kill_and_reap(child) if child else ''}\n".encode())
                child = 0
            else:
                for fd in fds:
                    os.close(fd)
                control.sendall(b"refused\n")
    except (BrokenPipeError, ConnectionError):
        return 0
    finally:
        if child:
            _kill_and_reap(child)


def _ended(pid: int) -> str:
    """How the child ended ("exit N" or "signal N"), or "" while it runs. It stays a zombie
    (not reaped) where ``os.waitid`` exists, so its pid and group stay its own."""
    if hasattr(os, "waitid"):
        info = os.waitid(os.P_PID, pid, os.WEXITED | os.WNOHANG | os.WNOWAIT)
        if info is None:
            return ""
        return f"{'exit' if info.si_code == os.CLD_EXITED else 'signal'} {info.si_status}"
    done, status = os.waitpid(pid, os.WNOHANG)
    if not done:
        return ""
    _REAPED.add(pid)
    return f"exit {os.waitstatus_to_exitcode(status)}"


_REAPED: set[int] = set()


def _kill_and_reap(pid: int) -> str:
    """Kill the child's process group (the child and whatever it started) and reap the child."""
    for kill in (os.killpg, os.kill):
        try:
            kill(pid, signal.SIGKILL)
        except (ProcessLookupError, PermissionError):
            pass
    if pid in _REAPED:
        _REAPED.discard(pid)
        return "done"
    try:
        return f"{os.waitstatus_to_exitcode(os.waitpid(pid, 0)[1])}"
    except ChildProcessError:
        return "gone"


# -- the child ----------------------------------------------------------------------------------
def _child(control: socket.socket, fds: list[int], wake: tuple[int, int]) -> NoReturn:
    """In the forked child: detach from the zygote, then grade the submission; never returns."""
    code = 70
    try:
        os.setsid()
        signal.set_wakeup_fd(-1)
        for number in (signal.SIGCHLD, signal.SIGTERM, signal.SIGHUP, signal.SIGALRM):
            signal.signal(number, signal.SIG_DFL)
        signal.signal(signal.SIGINT, signal.default_int_handler)
        control.detach()  # the descriptor is closed below, never through this object
        job_fd, report_fd, errors_fd = fds
        null = os.open(os.devnull, os.O_RDWR)
        for target, source in ((0, null), (1, null), (2, errors_fd)):
            os.dup2(source, target)
        _close_all_but({0, 1, 2, job_fd, report_fd})
        del wake
        code = _grade_submission(job_fd, report_fd)
    except BaseException:  # noqa: BLE001 - the child must never return into the zygote
        try:
            os.write(2, traceback.format_exc()[-4000:].encode("utf-8", "replace"))
        except OSError:
            pass
    finally:
        os._exit(code)


def _close_all_but(keep: set[int]) -> None:
    """Close every descriptor except ``keep``: nothing of the zygote's reaches the student."""
    top = max(4096, resource.getrlimit(resource.RLIMIT_NOFILE)[0])
    low = 0
    for fd in [*sorted(keep), top]:
        if low < fd:  # os.closerange(n, n) can close everything from n on (close_range(n, ~0))
            os.closerange(low, fd)
        low = fd + 1


class _Capped(io.TextIOBase):
    """A stream that keeps the first :data:`KEEP_OUTPUT` characters written and counts the rest."""

    def __init__(self) -> None:
        super().__init__()
        self.kept: list[str] = []
        self.size = 0

    def write(self, text: str) -> int:
        """Keep ``text`` if there is room, count it either way."""
        if not isinstance(text, str):
            raise TypeError(f"write() argument must be str, not {type(text).__name__}")
        if self.size < KEEP_OUTPUT:
            self.kept.append(text[:KEEP_OUTPUT - self.size])
        self.size += len(text)
        return len(text)

    @property
    def encoding(self) -> str:
        """As a kernel's streams: UTF-8."""
        return "utf-8"

    def isatty(self) -> bool:
        """Not a terminal."""
        return False

    def writable(self) -> bool:
        """Always writable."""
        return True


class _Lines:
    """Whole lines read from a pipe."""

    def __init__(self, fd: int) -> None:
        self.fd, self.buffer = fd, b""

    def line(self) -> str:
        """The next line (raises EOFError when the pipe closes first)."""
        while b"\n" not in self.buffer:
            chunk = os.read(self.fd, 1 << 20)
            if not chunk:
                raise EOFError("the grader closed the job pipe")
            self.buffer += chunk
        line, _, self.buffer = self.buffer.partition(b"\n")
        return line.decode("utf-8")


def _writer(fd: int, nonce: str) -> Callable[[dict[str, Any]], None]:
    """``say(message)``: write nonce + JSON + newline on the report pipe, whole."""
    write = os.write

    def say(message: dict[str, Any]) -> None:
        """Write one report line."""
        data = (nonce + json.dumps(message) + "\n").encode("utf-8")
        while data:
            data = data[write(fd, data):]

    return say


_ARMED = [False]
_FIRED = [False]  # whether the timer fired during the last timed run (even if it was swallowed)


def _on_alarm(_signum: int, _frame: object) -> None:
    if _ARMED[0]:
        _FIRED[0] = True
        raise CellTimeout("time limit per cell")


def _timed(seconds: float, run: Callable[[], Any]) -> tuple[Any, BaseException | None]:
    """``run()`` under the per-cell timer: (its result, or None, and what stopped it, if anything)."""
    result, error = None, None
    _FIRED[0] = False
    signal.signal(signal.SIGALRM, _on_alarm)  # a handler or mask the student's last cell changed
    if hasattr(signal, "pthread_sigmask"):
        signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGALRM})
    try:
        try:
            _ARMED[0] = True
            signal.setitimer(signal.ITIMER_REAL, seconds, 1.0)
            result = run()
            _ARMED[0] = False
        except BaseException as problem:  # noqa: BLE001 - reported, never raised
            _ARMED[0] = False
            error = problem
    except BaseException as problem:  # noqa: BLE001 - the timer fired while handling the first
        error = problem
    finally:
        _ARMED[0] = False
        signal.setitimer(signal.ITIMER_REAL, 0)
    return result, error


def _no_input(*_args: object, **_kwargs: object) -> str:
    """``input()`` while grading: as in a kernel run by nbclient, there is nobody to answer."""
    from IPython.core.error import StdinNotImplementedError

    raise StdinNotImplementedError("raw_input was called, but this frontend does not support input requests.")


def _shell() -> Any:
    """A fresh IPython shell for the student's cells (no history, no input)."""
    from IPython.core.interactiveshell import InteractiveShell
    from traitlets.config import Config

    config = Config()
    config.HistoryManager.enabled = False
    shell = InteractiveShell.instance(config=config)
    # exit() and quit() end a kernel; here they end the run the same way (see _grade_submission).
    shell.ask_exit = lambda: setattr(shell, "exit_now", True)
    builtins.input = _no_input
    try:
        import getpass

        getpass.getpass = _no_input
    except ImportError:  # pragma: no cover
        pass
    return shell


def _grade_submission(job_fd: int, report_fd: int) -> int:
    """Run one submission in this child and write its report; returns the exit status."""
    lines = _Lines(job_fd)
    job = json.loads(lines.line())
    say = _writer(report_fd, job["nonce"])
    os.chdir(job["work"])
    os.environ.clear()
    os.environ.update(job["env"])
    if sys.path and sys.path[0] == _PATH0:
        sys.path[0] = job["work"]
    limit = int(job["memory_mb"]) * 1024 * 1024
    resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
    if "numpy" in sys.modules:
        sys.modules["numpy"].random.seed()  # a child's random numbers are its own
    deadline = time.monotonic() + float(job["notebook_seconds"])
    say({"phase": "started"})
    sys.stdout, sys.stderr = _Capped(), _Capped()
    problems: list[str] = []
    shell, error = _timed(GRADING_SECONDS, _shell)
    if shell is None:
        problems.append(f"grading stopped: {type(error).__name__}: {str(error)[:200]}")
        say({"grades": {}, "problem": "; ".join(problems), "started": True})
        return 0
    problems += _run_cells(shell, job["cells"], deadline, job, say)
    if shell.exit_now:  # exit() in a kernel ends the kernel: no grades, as there
        say({"grades": {}, "problem": "; ".join([*problems, DIED]), "started": True})
        return 0
    say({"phase": "cells done"})
    spec = json.loads(lines.line())
    grades, error = _grade(spec, shell.user_ns)
    if not grades and error is not None:
        problems.append(f"the grading step stopped with {type(error).__name__}")
    say({"grades": grades or {}, "problem": "; ".join(problems), "started": True})
    return 0


def _run_cells(shell: Any, cells: Iterable[str], deadline: float, job: dict[str, Any],
               say: Callable[[dict[str, Any]], None]) -> list[str]:
    """Run the guard and the student's cells in order, as the kernel engine does; the problems
    (each also told to the grader as it comes, for a run that ends the process later)."""
    problems: list[str] = []
    for index, source in enumerate(cells):
        left = deadline - time.monotonic()
        if left <= 0:
            problems.append(f"the notebook ran past its limit of {job['notebook_seconds']:g} s; "
                            "later cells were not run")
            break
        seconds = max(1, math.ceil(min(job["cell_seconds"], left)))
        result, error = _timed(seconds, lambda source=source: shell.run_cell(source, store_history=True))
        if result is not None:
            error = result.error_before_exec or result.error_in_exec
        name = type(error).__name__ if error is not None else "CellTimeout" if _FIRED[0] else ""
        if name and len(problems) < 5 and index > 0:
            problems.append(cell_problem(index, name, job["cell_seconds"]))
            say({"phase": "problems", "problems": problems})
        if shell.exit_now:
            break
    return problems


def _grade(spec: dict[str, Any], namespace: dict[str, Any]) -> tuple[dict[str, Any] | None, BaseException | None]:
    """The grading step on the student's namespace: (grades, or None, and what stopped it)."""
    scope: dict[str, Any] = {"__builtins__": builtins}
    exec(compile(GRADING_FUNCTION, "<grading step>", "exec"), scope)  # noqa: S102 - our own code
    text, error = _timed(GRADING_SECONDS, lambda: scope["_facenumbers_grade"](spec, namespace))
    if error is not None:
        return None, error
    try:
        return json.loads(text), None
    except (TypeError, ValueError) as problem:
        return None, problem
