"""The students' Python environment: a virtual environment in the hub's folder, from the lock.

It holds the course's package (installed, not linked to the course folder, which is private),
JupyterLab and ``jupyterhub-singleuser``, each at the version in ``requirements/lock.txt``,
the versions the whole test suite last passed with. It is rebuilt only when the lock or the
package's source changes (a stamp records both).
"""

from __future__ import annotations

import hashlib
import stat
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

from facenumbers.hub.plan import HubPlan

STAMP = ".facenumbers-installed"


def source_fingerprint(checkout: Path) -> str:
    """SHA-256 over the lock, pyproject.toml and every file of the package's source."""
    digest = hashlib.sha256()
    files = [checkout / "requirements" / "lock.txt", checkout / "pyproject.toml",
             *sorted(p for p in (checkout / "src" / "facenumbers").rglob("*")
                     if p.is_file() and "__pycache__" not in p.parts)]
    for path in files:
        digest.update(str(path.relative_to(checkout)).encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()


def is_current(plan: HubPlan) -> bool:
    """Whether the environment was installed from this lock and this source."""
    stamp = plan.environment / STAMP
    return stamp.exists() and stamp.read_text().strip() == source_fingerprint(plan.checkout)


def _open_to_all(path: Path) -> bool:
    """Whether every account can run ``path``: the file and each folder above it open to others."""
    path = path.resolve()
    if not path.exists() or not path.stat().st_mode & stat.S_IXOTH:
        return False
    return all(folder.stat().st_mode & stat.S_IXOTH for folder in path.parents)


def interpreter(preferred: str | None = None) -> str:
    """A Python 3.11+ every student's account can run, for the students' environment.

    The one running this, if others can reach it (a Python under /root cannot be), else the
    system's ``/usr/bin/python3``. Raises RuntimeError saying what to install otherwise.
    """
    candidates = [preferred] if preferred else [getattr(sys, "_base_executable", sys.executable), "/usr/bin/python3"]
    for candidate in candidates:
        if candidate and _open_to_all(Path(candidate)):
            version = subprocess.run([candidate, "-c", "import sys, venv; print(sys.version_info >= (3, 11))"],
                                     capture_output=True, text=True)
            if version.stdout.strip() == "True":
                return candidate
    raise RuntimeError("The students' environment needs a Python 3.11 or newer, with its venv module, that "
                       f"every account can run; none of {', '.join(c for c in candidates if c)} is one. "
                       "On Debian or Ubuntu: apt-get install python3 python3-venv (or set HUB_PYTHON).")


def _pip(command: list[str], plan: HubPlan) -> None:
    result = subprocess.run(command, cwd=plan.root, capture_output=True, text=True)
    if result.returncode != 0:
        raise RuntimeError(f"Installing the students' environment failed:\n{result.stdout[-2000:]}"
                           f"{result.stderr[-4000:]}")


def build(plan: HubPlan, *, python: str | None = None, echo: Callable[[str], object] = print) -> Path:
    """Install (or bring up to date) the students' environment; returns its ``bin`` folder."""
    env = plan.environment
    bin_dir = env / "bin"
    if is_current(plan):
        return bin_dir
    if not (bin_dir / "python").exists():
        echo(f"Making the students' Python environment in {env} ...")
        subprocess.run([interpreter(python), "-m", "venv", str(env)], check=True)
    lock = plan.checkout / "requirements" / "lock.txt"
    pip = [str(bin_dir / "python"), "-m", "pip", "install", "--quiet", "--constraint", str(lock)]
    echo("Installing the course and JupyterHub's single-user server from the lock ...")
    _pip([*pip, "pip", "setuptools"], plan)
    # Not editable: the course folder becomes private, so the package is copied in.
    _pip([*pip, "--no-build-isolation", f"{plan.checkout}[hub]"], plan)
    # pip keeps an installed package of the same version: put this source in again.
    _pip([*pip, "--no-build-isolation", "--no-deps", "--force-reinstall", str(plan.checkout)], plan)
    (env / STAMP).write_text(source_fingerprint(plan.checkout) + "\n")
    return bin_dir
