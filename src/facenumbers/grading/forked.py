"""The forked engine (``--engine forked``, the default where ``os.fork`` exists): a
pre-imported zygote per job slot forks a fresh child for each submission.

A kernel engine worker spends about 1.5 s starting Python, a Jupyter kernel and the imports
before the student's first cell. Here a zygote (:mod:`.zygote`) pays that once: it is started
with the clean environment, imports IPython, numpy, pandas, altair, ipywidgets, the package
and the assignment's checks module, and forks a child per submission, which is graded in a
few tenths of a second. Each child is a process of its own, with its own session and process
group, memory limit, scratch folder (working directory and home), environment, network guard,
captured and capped output, per-cell timer and notebook limit; its state dies with it, so
nothing a student's code does (files, patched modules, globals, environment, signal handlers,
processes it starts) reaches the next child, which is forked from the untouched zygote.

This side, in the grader: :func:`run_forked_job` hands a job to a zygote from :data:`POOL`
with three pipes (the job and later the grading spec going in; the report and the child's
stderr coming out), relays the spec when the child has run the student's cells, and has the
zygote kill the child's process group when the report is in, or when the notebook's time is
up. A zygote that a student's code stopped or killed is replaced; a job it could not start
is reported as never started, so the grader runs it again (``grading.RETRIES``).
"""

from __future__ import annotations

import atexit
import json
import os
import selectors
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

from facenumbers.grading.sandbox import _clean_environment
from facenumbers.grading.worker import DIED

#: Seconds a zygote may take to import everything (a busy machine is slow) and to fork.
STARTUP_SECONDS = 180.0
FORK_SECONDS = 30.0
#: Seconds a zygote may take to kill and reap a child; past that it is replaced.
REAP_SECONDS = 15.0
#: Bytes of a child's stderr kept (the end), and of its report pipe read at most.
KEEP_ERRORS = 64_000
MAX_REPORT = 20_000_000


def available() -> bool:
    """Whether this platform can run the forked engine (``os.fork`` and descriptor passing)."""
    return (hasattr(os, "fork") and hasattr(socket, "send_fds") and hasattr(socket, "AF_UNIX")
            and hasattr(signal, "setitimer") and hasattr(os, "killpg") and sys.platform != "win32")


class ZygoteError(RuntimeError):
    """A zygote did not start, answer or fork."""


class Zygote:
    """One zygote process and its control socket (used by one job at a time)."""

    def __init__(self, module: str, environment: dict[str, str]) -> None:
        self.key: tuple = ()
        self.home = Path(tempfile.mkdtemp(prefix="facenumbers-zygote-"))
        ours, theirs = socket.socketpair(socket.AF_UNIX, socket.SOCK_STREAM)
        self.socket, self.buffer, self.closed = ours, b"", False
        self.log = self.home / "zygote.log"
        try:
            with self.log.open("wb") as log:
                self.process = subprocess.Popen(
                    [sys.executable, "-m", "facenumbers.grading", "zygote", str(theirs.fileno()), module],
                    stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=log, cwd=self.home,
                    env={**environment, "HOME": str(self.home)}, start_new_session=True,
                    pass_fds=[theirs.fileno()])
        except OSError as problem:
            ours.close()
            shutil.rmtree(self.home, ignore_errors=True)
            raise ZygoteError(f"cannot start Python: {problem}") from problem
        finally:
            theirs.close()
        try:
            self.expect("ready", STARTUP_SECONDS)
        except ZygoteError:
            self.close()
            raise

    def alive(self) -> bool:
        """Whether the zygote process still runs (it may still be stopped: see :meth:`reap`)."""
        return not self.closed and self.process.poll() is None

    def lines(self, timeout: float) -> list[str]:
        """The whole lines the zygote has sent, waiting up to ``timeout`` s for at least one."""
        if b"\n" not in self.buffer:
            ready = selectors.DefaultSelector()
            try:
                ready.register(self.socket, selectors.EVENT_READ)
                if ready.select(max(0.0, timeout)):
                    self.receive()
            finally:
                ready.close()
        *whole, self.buffer = self.buffer.split(b"\n")
        return [line.decode("ascii", "replace") for line in whole]

    def receive(self) -> None:
        """Read what the socket holds (raises ZygoteError if the zygote is gone)."""
        try:
            chunk = self.socket.recv(65536)
        except OSError as problem:
            raise ZygoteError(f"the zygote's socket failed: {problem}") from problem
        if not chunk:
            raise ZygoteError("the zygote ended" + self._log_tail())
        self.buffer += chunk

    def expect(self, word: str, seconds: float) -> list[str]:
        """Wait for the zygote's next line starting with ``word`` (other lines are stale news of
        an earlier child); returns its words."""
        deadline = time.monotonic() + seconds
        while (left := deadline - time.monotonic()) > 0:
            for line in self.lines(left):
                if line.split(" ", 1)[0] == word:
                    return line.split()
        raise ZygoteError(f"no '{word}' from the zygote within {seconds:g} s" + self._log_tail())

    def start(self, fds: list[int]) -> int:
        """Fork a child for a job on the pipe ends ``fds`` (job in, report out, stderr out)."""
        try:
            socket.send_fds(self.socket, [b"J"], fds)
        except OSError as problem:
            raise ZygoteError(f"the zygote does not listen: {problem}") from problem
        return int(self.expect("forked", FORK_SECONDS)[1])

    def reap(self, pid: int) -> None:
        """Have the zygote kill the child's process group and reap the child."""
        try:
            self.socket.sendall(b"R")
        except OSError as problem:
            raise ZygoteError(f"the zygote does not listen: {problem}") from problem
        deadline = time.monotonic() + REAP_SECONDS
        while True:
            words = self.expect("reaped", max(0.1, deadline - time.monotonic()))
            if words[1:2] == [str(pid)]:
                return

    def close(self) -> None:
        """Stop the zygote and remove its folder."""
        if self.closed:
            return
        self.closed = True
        self.socket.close()
        for kill in (os.killpg, os.kill):
            try:
                kill(self.process.pid, signal.SIGKILL)
            except (ProcessLookupError, PermissionError, OSError):
                pass
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            pass
        shutil.rmtree(self.home, ignore_errors=True)

    def _log_tail(self) -> str:
        try:
            tail = self.log.read_text(errors="replace").strip().splitlines()[-1:]
        except OSError:
            tail = []
        return f": {tail[0][:300]}" if tail else ""


class ZygotePool:
    """Idle zygotes, by checks module and environment; a job takes one or starts one."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._idle: dict[tuple, list[Zygote]] = {}
        #: How many zygotes this pool has started (the tests read it).
        self.started = 0

    def acquire(self, module: str) -> Zygote:
        """An idle zygote for ``module``, or a new one (raises ZygoteError)."""
        environment = _clean_environment()
        key = (module, sys.executable, tuple(sorted(environment.items())))
        with self._lock:
            idle = self._idle.get(key, [])
            while idle:
                zygote = idle.pop()
                if zygote.alive():
                    return zygote
                zygote.close()
        zygote = Zygote(module, environment)
        zygote.key = key
        with self._lock:
            self.started += 1
        return zygote

    def release(self, zygote: Zygote, healthy: bool) -> None:
        """Put a zygote back for the next job, or stop it if it is not healthy."""
        if healthy and zygote.alive():
            with self._lock:
                self._idle.setdefault(zygote.key, []).append(zygote)
        else:
            zygote.close()

    def close(self) -> None:
        """Stop every idle zygote."""
        with self._lock:
            idle = [z for zygotes in self._idle.values() for z in zygotes]
            self._idle.clear()
        for zygote in idle:
            zygote.close()


POOL = ZygotePool()
atexit.register(POOL.close)


def close_zygotes() -> None:
    """Stop the idle zygotes (the end of a batch); the next job starts new ones."""
    POOL.close()


def run_forked_job(job_text: str, work: Path, seconds: float) -> tuple[str, str, bool]:
    """Grade one job in a child of a zygote; kill the child's group if it overruns ``seconds``.

    Returns (the report line, or "" if none came, the child's stderr, finished in time), as
    the kernel engine's worker does.
    """
    job = json.loads(job_text)
    spec = job.pop("spec")
    deadline = time.monotonic() + seconds
    try:
        zygote = POOL.acquire(job["module"])
    except ZygoteError as problem:
        return "", f"the grading worker could not start: {problem}", True
    healthy = False
    try:
        output, errors, finished, healthy = _run_on(zygote, job, spec, deadline)
    finally:
        POOL.release(zygote, healthy)
    return output, errors, finished


def _run_on(zygote: Zygote, job: dict, spec: dict, deadline: float) -> tuple[str, str, bool, bool]:
    """Run ``job`` on ``zygote``: (output, errors, finished, the zygote is fit for another job)."""
    job_r, job_w = os.pipe()
    report_r, report_w = os.pipe()
    errors_r, errors_w = os.pipe()
    try:
        pid = zygote.start([job_r, report_w, errors_w])
    except ZygoteError as problem:
        for fd in (job_w, report_r, errors_r):
            os.close(fd)
        return "", f"the grading worker could not fork: {problem}", True, False
    finally:
        for fd in (job_r, report_w, errors_w):
            os.close(fd)
    relay = _Relay(job["nonce"], job_w, report_r, errors_r, zygote, pid)
    try:
        relay.send((json.dumps(job) + "\n").encode("utf-8"))
        finished = relay.run(deadline, (json.dumps(spec) + "\n").encode("utf-8"))
    finally:
        try:
            zygote.reap(pid)  # the zygote kills the child's group: it has not reaped the child yet
            healthy = True
        except ZygoteError:  # stopped or killed by the student's code: replace it
            healthy = False
            try:  # the child is no longer the zygote's: kill its group from here
                os.killpg(pid, signal.SIGKILL)
            except (ProcessLookupError, PermissionError):
                pass
        relay.close()
    errors = relay.errors.decode("utf-8", "replace")
    if not finished:
        return "", errors, False, healthy
    if relay.final:
        return relay.final + "\n", errors, True, healthy
    if relay.started:  # the child's code ended its process: os._exit, a signal, no memory left
        report = {"grades": {}, "problem": "; ".join([*relay.problems, DIED]), "started": True}
        return job["nonce"] + json.dumps(report) + "\n", errors, True, healthy
    return "", errors, True, healthy


class _Relay:
    """The grader's end of one child's pipes."""

    def __init__(self, nonce: str, job_w: int, report_r: int, errors_r: int, zygote: Zygote,
                 pid: int) -> None:
        self.nonce, self.job_w, self.report_r, self.errors_r = nonce, job_w, report_r, errors_r
        self.zygote, self.pid = zygote, pid
        self.outgoing, self.report, self.errors = b"", b"", b""
        self.read = 0
        self.final, self.started, self.ended, self.spec_sent = "", False, False, False
        self.phases: set[str] = set()
        self.problems: list[str] = []
        self.selector = selectors.DefaultSelector()  # (epoll: no limit on descriptor numbers)
        os.set_blocking(job_w, False)
        self.selector.register(report_r, selectors.EVENT_READ, "report")
        self.selector.register(errors_r, selectors.EVENT_READ, "errors")
        self.selector.register(zygote.socket, selectors.EVENT_READ, "zygote")
        self.open = {"report", "errors", "zygote"}

    def send(self, data: bytes) -> None:
        """Queue ``data`` for the child's job pipe."""
        if not self.outgoing and self.job_w >= 0:
            self.selector.register(self.job_w, selectors.EVENT_WRITE, "job")
        self.outgoing += data

    def run(self, deadline: float, spec: bytes) -> bool:
        """Relay until the report is in, the child has ended, or ``deadline``; False if late."""
        while not self.final:
            left = deadline - time.monotonic()
            if left <= 0:
                return False
            for key, _mask in self.selector.select(left):
                getattr(self, f"_on_{key.data}")()
            if "cells done" in self.phases and not self.spec_sent:
                self.spec_sent = True
                self.send(spec)
            if not self.final and (self.ended or "report" not in self.open):
                self._drain()
                break
        return True

    def _on_job(self) -> None:
        try:
            written = os.write(self.job_w, self.outgoing[:1 << 16])
            self.outgoing = self.outgoing[written:]
        except BlockingIOError:
            return
        except OSError:  # the child is gone
            self.outgoing = b""
        if not self.outgoing:
            self.selector.unregister(self.job_w)

    def _on_report(self) -> None:
        chunk = os.read(self.report_r, 1 << 16)
        if not chunk or self.read > MAX_REPORT:
            self._close("report")
            return
        self.read += len(chunk)
        self.report += chunk
        *lines, self.report = self.report.split(b"\n")
        for raw in lines:
            line = raw.decode("utf-8", "replace")
            if not line.startswith(self.nonce):
                continue
            try:
                message = json.loads(line[len(self.nonce):])
            except ValueError:
                continue
            if not isinstance(message, dict):
                continue
            if "grades" in message:
                self.final = line
                return
            phase = message.get("phase")
            if phase == "started":
                self.started = True
            elif phase == "problems" and isinstance(message.get("problems"), list):
                self.problems = [str(p) for p in message["problems"]][:5]
            elif isinstance(phase, str):
                self.phases.add(phase)

    def _on_errors(self) -> None:
        chunk = os.read(self.errors_r, 1 << 16)
        if not chunk:
            self._close("errors")
        self.errors = (self.errors + chunk)[-KEEP_ERRORS:]

    def _on_zygote(self) -> None:
        try:
            self.zygote.receive()
        except ZygoteError:
            self._close("zygote")
            return
        ended = [line for line in self.zygote.buffer.split(b"\n")
                 if line.startswith(f"ended {self.pid} ".encode())]
        self.ended = self.ended or bool(ended)

    def _close(self, name: str) -> None:
        if name in self.open:
            self.open.discard(name)
            self.selector.unregister({"report": self.report_r, "errors": self.errors_r,
                                      "zygote": self.zygote.socket}[name])

    def _drain(self) -> None:
        """Read what the dead child left in its pipes (without waiting for others holding them)."""
        for name, handler in (("report", self._on_report), ("errors", self._on_errors)):
            fd = self.report_r if name == "report" else self.errors_r
            os.set_blocking(fd, False)
            try:
                while name in self.open and not self.final:
                    handler()
            except BlockingIOError:
                pass

    def close(self) -> None:
        """Read the rest of the child's stderr that is there, and close the pipes."""
        if "errors" in self.open:
            os.set_blocking(self.errors_r, False)
            try:
                while "errors" in self.open:
                    self._on_errors()
            except (BlockingIOError, OSError):
                pass
        self.selector.close()
        for fd in (self.job_w, self.report_r, self.errors_r):
            try:
                os.close(fd)
            except OSError:
                pass
