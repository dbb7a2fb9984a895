"""Starting and stopping a class's hub, and what it listens on.

:func:`set_up` makes the machine ready (folders, accounts, the students' environment, the
course's files) and :func:`start` runs JupyterHub with :mod:`.config`; :func:`stop` ends it
and every server it started, by their process ids. :func:`listening` lists the TCP sockets
processes listen on, so a test can check that nothing answers outside 127.0.0.1.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path

from facenumbers.hub import accounts, environment
from facenumbers.hub.plan import HubPlan

CONFIG_FILE = Path(__file__).with_name("jupyterhub_config.py")
_DIRECT = urllib.request.build_opener(urllib.request.ProxyHandler({}))  # never through a web proxy
COURSE_PARTS = ("lessons", "exercises")


def _copy_notebooks(source: Path, target: Path, mode: int) -> int:
    target.mkdir(parents=True, exist_ok=True)
    count = 0
    for notebook in sorted(source.glob("*.ipynb")):
        shutil.copyfile(notebook, target / notebook.name)
        (target / notebook.name).chmod(mode)
        count += 1
    return count


def stage_course(plan: HubPlan) -> int:
    """Copy the students' part of the course (lessons and exercises, never solutions) into
    ``<hub>/course``, readable by all and writable by root only. Returns the number of files.

    With a roster, each student also gets ``course/by-student/<login>/``: the lessons and their
    own variant of every exercise notebook (``facenumbers assign``), readable by that student
    alone, and ``hub/variants/<NN-topic>.csv`` keeps each table for the instructor.
    """
    for part in COURSE_PARTS:
        if (plan.course / part).exists():
            shutil.rmtree(plan.course / part)
    count = sum(_copy_notebooks(plan.checkout / part, plan.course / part, 0o644) for part in COURSE_PARTS)
    for part in COURSE_PARTS:
        (plan.course / part).chmod(0o755)
    if plan.roster:
        _stage_variants(plan)
    return count


def _stage_variants(plan: HubPlan) -> None:
    import grp
    import tempfile

    from facenumbers.assign import TABLE, release

    personal = plan.course / "by-student"
    if personal.exists():
        shutil.rmtree(personal)
    (plan.state / "variants").mkdir(exist_ok=True)
    with tempfile.TemporaryDirectory() as scratch:
        for solution in sorted((plan.checkout / "solutions").glob("*.ipynb")):
            released = release(plan.checkout, solution.stem, plan.roster, Path(scratch) / solution.stem)
            shutil.copyfile(Path(scratch) / solution.stem / TABLE, plan.state / "variants" / f"{solution.stem}.csv")
            for entry in released:
                target = personal / entry.student / "exercises"
                target.mkdir(parents=True, exist_ok=True)
                shutil.copyfile(entry.path, target / entry.path.name)
    for folder in sorted(personal.iterdir()):
        _copy_notebooks(plan.checkout / "lessons", folder / "lessons", 0o640)
        gid = grp.getgrnam(folder.name).gr_gid  # each login's own group (make hub made it)
        for path in [folder, *folder.rglob("*")]:
            os.chown(path, 0, gid)
            path.chmod(0o750 if path.is_dir() else 0o640)


def course_for(plan: HubPlan, login: str) -> Path:
    """The course a student's copy is delivered from: their own variants, else everyone's."""
    personal = plan.course / "by-student" / login
    return personal if personal.is_dir() else plan.course


def set_up(plan: HubPlan, echo: Callable[[str], object] = print) -> HubPlan:
    """Everything before JupyterHub starts (see :func:`facenumbers.hub.plan.describe`); returns
    the plan as saved for JupyterHub (with the roster's copy in the hub's folder)."""
    problems = plan.problems()
    if problems:
        raise accounts.AccountError("The hub cannot start:\n  " + "\n  ".join(problems))
    accounts.require_root()
    accounts.prepare_folders(plan)
    if plan.roster and plan.roster != plan.state / "roster.csv":  # the hub keeps its own copy
        shutil.copyfile(plan.roster, plan.state / "roster.csv")
        plan = replace(plan, roster=plan.state / "roster.csv")
    environment.build(plan, echo=echo)
    for login in plan.logins:
        accounts.ensure_account(plan, login, student=login != plan.instructor)
    from facenumbers.hub.grading import ensure_grader

    ensure_grader(plan)
    echo(f"Accounts ready: {len(plan.students)} students, the instructor {plan.instructor} and the grader.")
    echo(f"Course files for the students: {stage_course(plan)} notebooks in {plan.course}"
         + (", and each student's own variants of the exercises (from the roster)" if plan.roster else ""))
    plan.save(plan.state / "plan.json")
    return plan


def command(plan: HubPlan) -> list[str]:
    """The JupyterHub command line, run from the course's own environment."""
    return [str(Path(sys.executable).with_name("jupyterhub")), "-f", str(CONFIG_FILE)]


def start(plan: HubPlan, *, log: Path | None = None, timeout: float = 60) -> subprocess.Popen:
    """Start JupyterHub in the background and wait until it answers; returns its process."""
    env = {**os.environ, "FACENUMBERS_HUB_PLAN": str(plan.state / "plan.json")}
    out = open(log or plan.state / "jupyterhub.log", "ab")
    process = subprocess.Popen(command(plan), cwd=plan.state, env=env, stdout=out, stderr=subprocess.STDOUT,
                               start_new_session=True)
    out.close()
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"JupyterHub stopped at start (exit {process.returncode}); see {out.name}")
        try:
            with _DIRECT.open(f"{plan.url}hub/health", timeout=2) as answer:
                if answer.status == 200:
                    return process
        except OSError:
            time.sleep(0.3)
    stop(process)
    raise RuntimeError(f"JupyterHub did not answer on {plan.url} within {timeout:.0f} s; see {out.name}")


def proxy_pid(plan: HubPlan) -> int | None:
    """The proxy's process id, from the file JupyterHub writes, or None."""
    try:
        return int((plan.state / "proxy.pid").read_text().strip())
    except (OSError, ValueError):
        return None


def _uids(logins: tuple[str, ...]) -> dict[int, str]:
    import pwd

    found = {}
    for login in logins:
        try:
            found[pwd.getpwnam(login).pw_uid] = login
        except KeyError:
            pass
    return found


def _owned_processes(logins: tuple[str, ...]) -> list[tuple[int, str]]:
    uids = _uids(logins)
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                owner = entry.stat().st_uid
            except OSError:
                continue
            if owner in uids and _alive(int(entry.name)):  # a zombie has already ended
                found.append((int(entry.name), uids[owner]))
    return sorted(found)


def processes_of(logins: tuple[str, ...]) -> list[int]:
    """Process ids running as any of these accounts (the students' servers and kernels)."""
    return [pid for pid, _ in _owned_processes(logins)]


def memory_of(pid: int) -> tuple[float, float]:
    """(RSS, PSS) of one process in MiB; (0, 0) once it has gone."""
    try:
        rows = Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines()
    except OSError:
        return 0.0, 0.0
    values = {row.split(":")[0]: row.split()[1] for row in rows if ":" in row and row.split()[1:]}
    return int(values.get("Rss", 0)) / 1024, int(values.get("Pss", 0)) / 1024


def memory_by_login(logins: tuple[str, ...]) -> dict[str, tuple[float, float]]:
    """(RSS, PSS) in MiB summed over each login's processes. PSS shares each page among the
    processes that map it, so the PSS of all students adds up to what they use together."""
    totals: dict[str, list[float]] = {login: [0.0, 0.0] for login in logins}
    for pid, login in _owned_processes(logins):
        rss, pss = memory_of(pid)
        totals[login][0] += rss
        totals[login][1] += pss
    return {login: (rss, pss) for login, (rss, pss) in totals.items()}


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    try:  # a zombie has exited; only its parent's wait is missing
        return Path(f"/proc/{pid}/stat").read_text().split(") ", 1)[1][0] != "Z"
    except (OSError, IndexError):
        return False


def stop(process: subprocess.Popen, plan: HubPlan | None = None, *, grace: float = 30) -> list[int]:
    """Stop the hub (it stops the servers it started), then anything of the plan's still running,
    each by its process id. Returns the ids that had to be killed."""
    logins = _every_login(plan) if plan else ()
    pids = ([proxy_pid(plan)] if plan else []) + processes_of(logins)
    if process.poll() is None:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(grace)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
    _wait_for_exit(pids, seconds=10)  # the servers' kernels end just after the hub
    killed = []
    later = processes_of(logins)
    for pid in dict.fromkeys([*pids, *later]):
        if pid and _alive(pid):
            try:
                os.kill(pid, signal.SIGKILL)
                killed.append(pid)
            except ProcessLookupError:
                pass
    _wait_for_exit(killed, seconds=10)
    return killed


def _every_login(plan: HubPlan) -> tuple[str, ...]:
    """The plan's logins and every other account the hub made (students added by the admin)."""
    return tuple(dict.fromkeys((*plan.logins, *accounts.read_record(plan)["accounts"])))


def _wait_for_exit(pids: list[int | None], seconds: float) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline and any(pid and _alive(pid) for pid in pids):
        time.sleep(0.1)


@dataclass(frozen=True)
class Listener:
    """A TCP socket in the LISTEN state and the process holding it."""

    address: str
    port: int
    pid: int | None

    @property
    def loopback(self) -> bool:
        """Whether only this machine can reach it (127.0.0.0/8 or ::1)."""
        return self.address.startswith("127.") or self.address == "::1"


def _hex_address(text: str) -> tuple[str, int]:
    import ipaddress

    address, port = text.split(":")
    raw = bytes.fromhex(address)
    if len(raw) == 4:
        return str(ipaddress.IPv4Address(raw[::-1])), int(port, 16)
    words = b"".join(raw[i:i + 4][::-1] for i in range(0, 16, 4))
    ip = ipaddress.IPv6Address(words)
    return str(ip.ipv4_mapped or ip), int(port, 16)


def listening() -> list[Listener]:
    """Every listening TCP socket on this machine, with the process that holds it (Linux)."""
    owners: dict[str, int] = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            for fd in (entry / "fd").iterdir():
                target = os.readlink(fd)
                if target.startswith("socket:["):
                    owners[target[8:-1]] = int(entry.name)
        except OSError:
            continue
    found = []
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        try:
            rows = Path(table).read_text().splitlines()[1:]
        except OSError:
            continue
        for row in rows:
            fields = row.split()
            if fields[3] == "0A":  # LISTEN
                address, port = _hex_address(fields[1])
                found.append(Listener(address, port, owners.get(fields[9])))
    return found
