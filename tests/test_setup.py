"""`make lab` binds to 127.0.0.1 with token login on, serves the whole course, and installs only once."""

from __future__ import annotations

import os
import shutil
import subprocess
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]

pytestmark = pytest.mark.skipif(shutil.which("make") is None, reason="make is not installed")


def dry_run(folder: Path, target: str) -> str:
    result = subprocess.run(["make", "-n", target], cwd=folder, capture_output=True, text=True, check=True)
    return result.stdout


@pytest.fixture
def course(tmp_path: Path) -> Path:
    for name in ("Makefile", "pyproject.toml", "package.json", "package-lock.json",
                 "requirements/lock.txt", "requirements/build.in"):
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(ROOT / name, tmp_path / name)
    return tmp_path


def test_lab_is_local_with_token_login_and_opens_the_first_lesson(course):
    commands = dry_run(course, "lab")
    lab = next(line for line in commands.splitlines() if "jupyter lab" in line)
    assert "--ip=127.0.0.1" in lab
    assert "token=" not in lab.lower() and "password" not in lab.lower()  # Jupyter's own token stays on
    assert "--ServerApp.root_dir=." in lab  # exercises/ and solutions/ are reachable too
    assert "lessons/00-start-here.ipynb" in commands


def test_lab_installs_on_the_first_run_and_not_again(course):
    assert "pip install" in dry_run(course, "lab")  # fresh machine: create .venv, install
    bin_dir = course / ".venv" / "bin"
    bin_dir.mkdir(parents=True)
    (bin_dir / "python").touch()
    time.sleep(0.01)
    (course / ".venv" / ".installed").touch()
    assert "pip install" not in dry_run(course, "lab")  # second run: straight to JupyterLab
    later = time.time() + 5
    os.utime(course / "pyproject.toml", (later, later))
    assert "pip install" in dry_run(course, "lab")  # dependencies changed: install again


def test_test_target_installs_the_test_extra_from_the_lock(course):
    commands = dry_run(course, "test")
    install = next(line for line in commands.splitlines() if ".[test,instructor,site,hub]" in line)
    assert "--constraint requirements/lock.txt" in install and "--no-build-isolation" in install
    assert "npm ci" in commands  # the npm tools from package-lock.json


def test_every_pip_install_uses_the_lock(course):
    for target in ("lab", "test"):
        installs = [line for line in dry_run(course, target).splitlines() if "pip install" in line]
        assert installs and all("--constraint requirements/lock.txt" in line for line in installs), installs


def test_the_lock_changing_installs_again(course):
    bin_dir = course / ".venv" / "bin"
    bin_dir.mkdir(parents=True)
    (bin_dir / "python").touch()
    time.sleep(0.01)
    (course / ".venv" / ".installed").touch()
    assert "pip install" not in dry_run(course, "lab")
    later = time.time() + 5
    os.utime(course / "requirements" / "lock.txt", (later, later))
    assert "pip install" in dry_run(course, "lab")


def test_upgrade_moves_the_locks_and_runs_the_suite(course):
    commands = dry_run(course, "upgrade")
    assert "pip compile" in commands and "--upgrade" in commands and "npm update" in commands
    assert "make test" in commands or "pytest" in commands


def test_site_builds_from_the_lock_and_serve_site_listens_only_here(course):
    site = dry_run(course, "site")
    assert ".[test,instructor,site,hub]" in site and "--constraint requirements/lock.txt" in site
    assert "site/build.py --out build/site" in site and "--no-solutions" not in site
    without = subprocess.run(["make", "-n", "site", "SOLUTIONS=no"], cwd=course, capture_output=True,
                             text=True, check=True).stdout
    assert "--no-solutions" in without
    serve = next(line for line in dry_run(course, "serve-site").splitlines() if "http.server" in line)
    assert "--bind 127.0.0.1" in serve and "--directory build/site" in serve
