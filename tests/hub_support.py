"""A class's hub for the tests and the benchmark: real accounts, a real JupyterHub on 127.0.0.1.

:func:`start_class_hub` makes a throwaway hub (its own folder under /tmp, logins with a random
tag so nothing collides with a real class), :func:`stop_class_hub` stops it by process ids and
removes everything it made. It needs Linux, root and configurable-http-proxy (``make test``
installs it); :func:`unavailable_reason` says what is missing.
"""

from __future__ import annotations

import os
import platform
import random
import shutil
import string
import subprocess
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

import nbformat

from facenumbers.hub import accounts, config, environment, running
from facenumbers.hub.plan import HubPlan

ROOT = Path(__file__).resolve().parents[1]
PASSWORD = "a-class-password-1"


def unavailable_reason() -> str | None:
    """Why a hub cannot run here, or None."""
    if platform.system() != "Linux":
        return "the hub's tests need Linux (system accounts, /proc)"
    if os.geteuid() != 0:
        return "the hub's tests need root (they create a system account per student)"
    for tool in ("useradd", "userdel", "groupadd"):
        if shutil.which(tool) is None:
            return f"{tool} is not installed"
    plan = HubPlan(checkout=ROOT)
    if not Path(config.proxy_command(plan)[0]).exists():
        return "configurable-http-proxy is not installed (make test installs it with npm ci)"
    try:
        environment.interpreter()
    except RuntimeError as problem:
        return str(problem)
    return None


@dataclass
class ClassHub:
    """A running test hub: its plan, the hub's process and what the tests recorded."""

    plan: HubPlan
    process: subprocess.Popen
    spare: str  # a student who has not logged in yet (for the browser's first login)
    notes: dict = field(default_factory=dict)

    @property
    def students(self) -> tuple[str, ...]:
        return tuple(s for s in self.plan.students if s != self.spare)


def start_class_hub(count: int = 20, *, extra: dict | None = None) -> ClassHub:
    """A hub with ``count`` students plus one spare, an instructor and a grader, all new
    accounts, from a roster with an id per student (so each gets their own variants)."""
    tag = "".join(random.choices(string.ascii_lowercase, k=5))
    root = Path(tempfile.mkdtemp(prefix="facenumbers-hub-", dir="/tmp"))
    root.chmod(0o755)
    students = tuple(f"st{tag}{n:02d}" for n in range(1, count + 2))
    roster = Path(tempfile.mkdtemp(prefix="facenumbers-roster-")) / "roster.csv"
    roster.write_text("student,id,name\n" + "".join(f"{login},{2026000 + n},Student {n}\n"
                                                    for n, login in enumerate(students, start=1)))
    settings = {"grader": f"gr{tag}", **(extra or {})}
    plan = HubPlan(checkout=ROOT, root=root, students=students, instructor=f"in{tag}",
                   port=_free_ports(3), roster=roster, extra=settings)
    try:
        plan = running.set_up(plan, echo=lambda *_: None)
        process = running.start(plan, timeout=120)
    except BaseException:
        accounts.undo(plan)  # nothing of a failed start stays on the machine
        raise
    return ClassHub(plan, process, spare=students[-1])


def stop_class_hub(hub: ClassHub) -> list[int]:
    """Stop the hub and its servers by process id, then remove its accounts and folders.
    Returns the process ids that had to be killed after the hub stopped."""
    try:
        return running.stop(hub.process, hub.plan)
    finally:
        log = hub.plan.state / "jupyterhub.log"
        if log.exists():  # kept for a failure's post-mortem; the hub's folder goes with undo
            shutil.copyfile(log, Path(tempfile.gettempdir()) / "facenumbers-hub-last.log")
        accounts.undo(hub.plan)


def _free_ports(count: int) -> int:
    """A port such that it and the next ``count - 1`` are free on 127.0.0.1."""
    import socket

    for _ in range(50):
        start = random.randint(20000, 32000)  # below Linux's ephemeral ports (32768 and up)
        sockets = []
        try:
            for port in range(start, start + count):
                probe = socket.socket()
                sockets.append(probe)
                probe.bind(("127.0.0.1", port))
            return start
        except OSError:
            continue
        finally:
            for probe in sockets:
                probe.close()
    raise RuntimeError("no free ports on 127.0.0.1")


def run_as(hub: ClassHub, login: str, code: str, *, env: dict | None = None) -> subprocess.CompletedProcess:
    """Run Python ``code`` as ``login`` (its own uid, gid and groups), from the students' environment."""
    import pwd

    entry = pwd.getpwnam(login)
    groups = os.getgrouplist(login, entry.pw_gid)
    return subprocess.run([str(hub.plan.environment / "bin" / "python"), "-c", code], capture_output=True,
                          text=True, user=entry.pw_uid, group=entry.pw_gid, extra_groups=groups,
                          cwd=entry.pw_dir, timeout=120,
                          env={"HOME": entry.pw_dir, "USER": login, "LOGNAME": login,
                               "PATH": f"{hub.plan.environment / 'bin'}:/usr/bin:/bin", **(env or {})})


def attempt(hub: ClassHub, login: str, action: str) -> str:
    """Run one Python statement as ``login``: 'allowed', or the name of the error it raised."""
    code = f"try:\n    {action}\n    print('allowed')\nexcept Exception as error:\n    print(type(error).__name__)\n"
    result = run_as(hub, login, code)
    assert result.returncode == 0, result.stderr
    return result.stdout.strip().splitlines()[-1]


def solution_answer(exercise: str) -> str:
    """The worked answer of ``exercise`` (``04-base-rates/ppv_cardiff``) from solutions/,
    without its solution markers."""
    lesson = exercise.partition("/")[0]
    notebook = nbformat.read(ROOT / "solutions" / f"{lesson}.ipynb", as_version=4)
    for cell in notebook.cells:
        meta = cell.metadata.get("facenumbers", {})
        if meta.get("exercise") == exercise and meta.get("role") == "answer":
            return "\n".join(line for line in cell.source.splitlines() if "### " not in line)
    raise KeyError(exercise)
