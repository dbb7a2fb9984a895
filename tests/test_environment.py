"""environment.yml (conda, Binder) and pyproject.toml name the same dependencies."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def _normalise(requirement: str) -> tuple[str, str]:
    requirement = requirement.strip()
    name = re.match(r"[A-Za-z0-9_.-]+", requirement)[0].lower().replace("_", "-")
    return name, requirement[len(name):].replace(" ", "")


def pyproject_dependencies() -> dict[str, str]:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    return dict(_normalise(r) for r in project["dependencies"])


def conda_dependencies() -> dict[str, str]:
    lines = (ROOT / "environment.yml").read_text().splitlines()
    start = lines.index("dependencies:")
    deps = {}
    for line in lines[start + 1:]:
        item = re.match(r"^  - (?!pip:)([^#]+?)\s*$", line)
        if item and not item[1].startswith(("python=", "pip")):
            name, spec = _normalise(item[1])
            deps[name] = spec
    return deps


def test_environment_yml_matches_pyproject():
    assert conda_dependencies() == pyproject_dependencies()


def test_environment_installs_the_course_package():
    assert "      - -e ." in (ROOT / "environment.yml").read_text().splitlines()
