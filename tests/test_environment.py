"""The lock (requirements/lock.txt) agrees with pyproject.toml, the installed environment is
the lock's, and environment.yml (conda, Binder) and package.json install from their locks.

The lock is made by ``make lock`` / ``make upgrade`` (uv, for every platform at once); these
tests fail when pyproject.toml changed and the lock did not follow, so that nobody installs
an environment the suite never ran with.
"""

from __future__ import annotations

import json
import os
import re
import sys
import tomllib
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

import pytest
from packaging.markers import Marker
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

ROOT = Path(__file__).resolve().parents[1]
LOCK = ROOT / "requirements" / "lock.txt"
BUILD = ROOT / "requirements" / "build.in"
PYPROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text())
_PIN = re.compile(r"^([A-Za-z0-9][A-Za-z0-9._-]*)==([^\s;]+)\s*(?:;\s*(.+))?$")


def locked(lock_text: str) -> dict[str, str]:
    """The lock's pins that apply on this machine (their markers evaluated here), by name.

    >>> locked("numpy==2.4.6 ; python_full_version < '3.12'\\n    # via pandas\\nnumpy==2.5.5 ; python_full_version >= '3.12'\\n")
    {'numpy': '2.4.6'}
    """
    pins = {}
    for line in lock_text.splitlines():
        found = _PIN.match(line.strip())
        if found and (found[3] is None or Marker(found[3]).evaluate()):
            pins[canonicalize_name(found[1])] = found[2]
    return pins


def requirements_of_the_project() -> list[Requirement]:
    """Every requirement pyproject.toml names: dependencies, every extra, the build backend."""
    project = PYPROJECT["project"]
    named = [*project["dependencies"], *PYPROJECT["build-system"]["requires"]]
    for extra in project.get("optional-dependencies", {}).values():
        named.extend(extra)
    return [Requirement(text) for text in named]


def disagreements(pins: dict[str, str], requirements: list[Requirement]) -> list[str]:
    """What is wrong between a lock's pins and the project's requirements, in words."""
    problems = []
    for requirement in requirements:
        if requirement.marker is not None and not requirement.marker.evaluate():
            continue
        name = canonicalize_name(requirement.name)
        if name not in pins:
            problems.append(f"{requirement} is required but not in the lock: run `make lock`")
        elif not requirement.specifier.contains(pins[name], prereleases=True):
            problems.append(f"the lock pins {name}=={pins[name]}, outside {requirement}: run `make lock`")
    return problems


def test_the_lock_pins_every_requirement_within_its_range():
    assert disagreements(locked(LOCK.read_text()), requirements_of_the_project()) == []


def test_a_lock_that_disagrees_with_pyproject_is_caught():
    pins = locked(LOCK.read_text())
    moved = dict(pins, altair="5.5.0")
    del moved["pandas"]
    problems = disagreements(moved, requirements_of_the_project())
    assert any("altair==5.5.0, outside altair" in p for p in problems), problems
    assert any(p.startswith("pandas") and "not in the lock" in p for p in problems), problems
    assert disagreements(pins, [Requirement("altair>=99")]) != []


def test_the_lock_was_made_with_every_extra_and_the_build_requirements():
    command = LOCK.read_text().splitlines()[1]
    for extra in PYPROJECT["project"]["optional-dependencies"]:
        assert f"--extra {extra}" in command, f"the lock leaves out the extra {extra!r}: run `make lock`"
    assert "--universal" in command and "requirements/build.in" in command
    build = [Requirement(line) for line in BUILD.read_text().splitlines()
             if line.strip() and not line.startswith("#")]
    assert {str(r) for r in build} >= set(PYPROJECT["build-system"]["requires"]) | {"pip"}


def test_this_environment_is_the_lock():
    """`make test` installed exactly the lock (a package at another version fails here)."""
    if not Path(sys.prefix).resolve().is_relative_to(ROOT) and "CI" not in os.environ:
        pytest.skip("not the course's own .venv: run `make test`")
    different = []
    for name, pinned in locked(LOCK.read_text()).items():
        try:
            installed = version(name)
        except PackageNotFoundError:
            continue  # pinned for a platform or an extra this environment does not install
        if canonicalize_name(installed) != canonicalize_name(pinned):
            different.append(f"{name}: installed {installed}, locked {pinned}")
    assert different == [], different


def conda_file() -> list[str]:
    return (ROOT / "environment.yml").read_text().splitlines()


def test_environment_yml_installs_the_course_from_the_lock():
    lines = conda_file()
    assert "      - --constraint requirements/lock.txt" in lines
    assert "      - -e ." in lines
    assert any(re.match(r"^      - pip(\s+#.*)?$", line) for line in lines), "the lock's pip"
    conda = [line.strip()[2:] for line in lines[lines.index("dependencies:") + 1:]
             if re.match(r"^  - (?!pip:)", line)]
    assert conda == ["python=3.11", "pip"], (
        "conda gives only Python and a pip to start with; every package comes from the lock")
    assert "--python-version 3.11" in LOCK.read_text().splitlines()[1]


def test_the_npm_tools_are_locked_and_installed_with_npm_ci():
    package = json.loads((ROOT / "package.json").read_text())
    lock = json.loads((ROOT / "package-lock.json").read_text())
    assert lock["packages"][""]["devDependencies"] == package["devDependencies"]
    for name in package["devDependencies"]:
        entry = lock["packages"][f"node_modules/{name}"]
        assert re.fullmatch(r"\d+\.\d+\.\d+", entry["version"]) and entry["integrity"].startswith("sha512-")
    assert "resolved" not in json.dumps(lock), "the lock records no download address"
    assert "npm ci " in (ROOT / "Makefile").read_text()
