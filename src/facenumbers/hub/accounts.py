"""The system accounts, folders and permissions of a class's hub (run as root).

Every change is recorded in ``<hub>/hub/made.json`` as it is made, so ``make hub-undo`` removes
exactly what ``make hub`` added and restores the course folder's permissions. An account that
exists but is not in that record is never touched.

Folders and owners (see :func:`facenumbers.hub.plan.describe`):

- ``hub/`` root, 0700; ``env/``, ``course/`` root, 0755;
- ``inbox/`` root, 0711 (no one can list it); ``inbox/<login>/`` that login, 0700;
- ``homes/`` root, 0755; ``homes/<login>/`` that login, 0700.
"""

from __future__ import annotations

import grp
import json
import os
import pwd
import shutil
import stat
import subprocess
from pathlib import Path

from facenumbers.hub.plan import STUDENTS_GROUP, HubPlan, login_problem


class AccountError(RuntimeError):
    """A change to the machine that make hub will not make, with the reason."""


def _record_path(plan: HubPlan) -> Path:
    return plan.state / "made.json"


def read_record(plan: HubPlan) -> dict:
    """What make hub has changed on this machine so far (empty before the first run)."""
    path = _record_path(plan)
    if path.exists():
        return json.loads(path.read_text(encoding="utf-8"))
    return {"accounts": [], "groups": [], "checkout_mode": None}


def _write_record(plan: HubPlan, record: dict) -> None:
    path = _record_path(plan)
    path.write_text(json.dumps(record, indent=1) + "\n", encoding="utf-8")
    path.chmod(0o600)


def require_root() -> None:
    """Raise AccountError, saying how to run it, unless this process is root."""
    if os.geteuid() != 0:
        raise AccountError("make hub must run as root: it creates an account per student and starts "
                           "each student's server as that account (try: sudo make hub).")


def _folder(path: Path, mode: int, owner: str = "root") -> None:
    path.mkdir(parents=True, exist_ok=True)
    entry = pwd.getpwnam(owner)
    os.chown(path, entry.pw_uid, entry.pw_gid)
    path.chmod(mode)


def _reachable(path: Path) -> str | None:
    """Why other accounts cannot reach ``path`` (a folder on the way lacks o+x), or None."""
    for folder in [path, *path.parents]:
        if folder.exists() and not folder.stat().st_mode & stat.S_IXOTH:
            return f"{folder} is closed to other accounts (no o+x), so students could not reach {path}"
    return None


def prepare_folders(plan: HubPlan) -> None:
    """The hub's folders with their owners and modes, and the course folder made private."""
    require_root()
    _folder(plan.root, 0o755)
    _folder(plan.state, 0o700)
    for folder, mode in ((plan.course, 0o755), (plan.inbox, 0o711), (plan.homes, 0o755)):
        _folder(folder, mode)
    problem = _reachable(plan.homes)
    if problem:
        raise AccountError(problem + "; choose a HUB_DIR others can reach, such as /srv/facenumbers-hub.")
    record = read_record(plan)
    checkout = plan.checkout.resolve()
    if record.get("checkout_mode") is None:
        record["checkout_mode"] = stat.S_IMODE(checkout.stat().st_mode)
        record["checkout"] = str(checkout)
        _write_record(plan, record)
    checkout.chmod(stat.S_IMODE(checkout.stat().st_mode) & 0o700)


def _group_exists(name: str) -> bool:
    try:
        grp.getgrnam(name)
        return True
    except KeyError:
        return False


def _account(name: str) -> pwd.struct_passwd | None:
    try:
        return pwd.getpwnam(name)
    except KeyError:
        return None


def _made_account(plan: HubPlan, login: str, home: Path, options: list[str], advice: str) -> pwd.struct_passwd:
    """The account ``login``: made with ``useradd`` (and recorded) if missing; refused if it
    exists and this hub did not make it."""
    record = read_record(plan)
    existing = _account(login)
    if existing is None:
        result = subprocess.run(["useradd", "--home-dir", str(home), "--create-home", "--user-group", *options, login],
                                capture_output=True, text=True)
        if result.returncode != 0:
            raise AccountError(f"useradd {login} failed: {result.stderr.strip()}")
        record["accounts"].append(login)
        _write_record(plan, record)
        return pwd.getpwnam(login)
    if login not in record["accounts"]:
        raise AccountError(f"an account named {login!r} already exists on this machine and was not made by "
                           f"make hub; it is left alone. {advice}".strip())
    return existing


def ensure_account(plan: HubPlan, login: str, *, student: bool = True) -> pwd.struct_passwd:
    """The system account for ``login`` with its private home and hand-in folder, made if missing.

    Refuses (AccountError) an account that exists but was not made by this hub.
    """
    require_root()
    problem = login_problem(login)
    if problem:
        raise AccountError(problem)
    record = read_record(plan)
    if student and STUDENTS_GROUP not in record["groups"] and not _group_exists(STUDENTS_GROUP):
        subprocess.run(["groupadd", "--system", STUDENTS_GROUP], check=True, capture_output=True)
        record["groups"].append(STUDENTS_GROUP)
        _write_record(plan, record)
    home = plan.home_of(login)
    options = ["--shell", "/bin/bash", "--comment", "Face the Numbers " + ("student" if student else "instructor"),
               "--no-log-init", *(["--groups", STUDENTS_GROUP] if student else [])]
    existing = _made_account(plan, login, home, options,
                             "Give this person another login in the roster.")
    home.chmod(0o700)
    os.chown(home, existing.pw_uid, existing.pw_gid)
    if student:
        hand_in = plan.inbox / login
        hand_in.mkdir(exist_ok=True)
        os.chown(hand_in, existing.pw_uid, existing.pw_gid)
        hand_in.chmod(0o700)
    return existing


def ensure_service_account(plan: HubPlan, login: str, home: Path) -> pwd.struct_passwd:
    """A system account with no login shell and a private ``home`` (the grader's), made if missing."""
    require_root()
    existing = _made_account(plan, login, home, ["--system", "--shell", "/usr/sbin/nologin",
                                                  "--comment", "Face the Numbers grader"], "")
    home.mkdir(parents=True, exist_ok=True)
    os.chown(home, existing.pw_uid, existing.pw_gid)
    home.chmod(0o700)
    return existing


def _wait_until_no_processes(uid: int, seconds: float = 15) -> None:
    import time

    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        running = [p for p in Path("/proc").iterdir() if p.name.isdigit() and _owner(p) == uid]
        if not running:
            return
        time.sleep(0.1)


def _owner(path: Path) -> int | None:
    try:
        return path.stat().st_uid
    except OSError:
        return None


def undo(plan: HubPlan) -> list[str]:
    """Remove the accounts, groups and folders make hub made; restore the course folder's mode.

    Returns what was done, one line each. Stop the hub first.
    """
    require_root()
    record = read_record(plan)
    done = []
    mode = record.get("checkout_mode")
    if mode is not None and Path(record["checkout"]).exists():
        Path(record["checkout"]).chmod(mode)
        done.append(f"restored {record['checkout']} to mode {mode:o}")
    for login in record["accounts"]:
        entry = _account(login)
        if entry is None:
            continue
        subprocess.run(["pkill", "-KILL", "-u", login], capture_output=True)
        _wait_until_no_processes(entry.pw_uid)
        result = subprocess.run(["userdel", "--remove", login], capture_output=True, text=True)
        # userdel warns (exit 12) when the mail spool is missing; the account is gone anyway.
        if _account(login) is not None:
            raise AccountError(f"userdel {login} failed: {result.stderr.strip()}")
        done.append(f"deleted the account {login} and its home")
    for group in record["groups"]:
        if _group_exists(group):
            subprocess.run(["groupdel", group], capture_output=True)
            done.append(f"deleted the group {group}")
    if plan.root.exists():
        shutil.rmtree(plan.root)
        done.append(f"deleted {plan.root}")
    return done
