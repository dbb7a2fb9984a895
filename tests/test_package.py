"""The package's own rules: doctests run, layers import downward only, notebooks are clean."""

from __future__ import annotations

import ast
import doctest
import importlib
import json
import re
import pkgutil
import subprocess
from pathlib import Path

import pytest

import facenumbers

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "src" / "facenumbers"
MODULES = sorted(
    m.name for m in pkgutil.walk_packages(facenumbers.__path__, prefix="facenumbers.")
)

# What each layer may import from the package (data -> models -> charts -> calculators).
ALLOWED = {
    "data": set(),
    # Models stay pure functions; they may read the course's table of illustrative assumptions
    # (data.assumption) so that a default is defined once, in data/illustrative_defaults.csv.
    "models": {"data", "models"},
    "charts": {"models", "charts"},
    "calculators": {"data", "models", "charts", "calculators"},
    "checks": {"data", "models", "checks"},
    # What surrounds the lessons reads the data, the models and the lessons' own estimates.
    "teaching": {"data", "models", "objectives", "pacing", "teaching"},
}


@pytest.mark.parametrize("name", MODULES)
def test_doctests(name):
    module = importlib.import_module(name)
    result = doctest.testmod(module, optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE)
    assert result.failed == 0


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text())
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("facenumbers."):
            found.add(node.module.split(".")[1])
        elif isinstance(node, ast.Import):
            found |= {a.name.split(".")[1] for a in node.names if a.name.startswith("facenumbers.")}
    return found


@pytest.mark.parametrize("layer", sorted(ALLOWED))
def test_layers_import_downward_only(layer):
    for path in (PACKAGE / layer).rglob("*.py"):
        extra = _imports(path) - ALLOWED[layer]
        assert not extra, f"{path.relative_to(ROOT)} imports {sorted(extra)}"


def test_public_functions_have_type_hints_and_docstrings():
    for path in PACKAGE.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.FunctionDef) and not node.name.startswith("_"):
                where = f"{path.relative_to(ROOT)}:{node.lineno} {node.name}"
                if node.name in {"judge", "call", "replace", "check"}:  # inner helpers
                    continue
                assert ast.get_docstring(node) or node.name in {"compute", "passed", "rows"}, where
                arguments = [a for a in node.args.args + node.args.kwonlyargs if a.arg not in {"self", "cls"}]
                assert all(a.annotation is not None for a in arguments), f"{where}: argument without a type"
                assert node.returns is not None or node.name == "__init__", f"{where}: no return type"


def _tracked_notebooks() -> list[Path]:
    listed = subprocess.run(["git", "ls-files", "*.ipynb"], cwd=ROOT, capture_output=True, text=True)
    tracked = [ROOT / p for p in listed.stdout.split()] if listed.returncode == 0 else []
    # Tracked notebooks anywhere, and every notebook in the course folders, committed or not.
    return sorted(set(tracked) | set(ROOT.glob("*/*.ipynb")))


@pytest.mark.parametrize("path", _tracked_notebooks(), ids=lambda p: str(p.relative_to(ROOT)))
def test_committed_notebooks_have_no_outputs(path):
    notebook = json.loads(path.read_text())
    for cell in notebook["cells"]:
        if cell["cell_type"] == "code":
            assert cell.get("outputs") == [], f"{path.name}: a cell has outputs"
            assert cell.get("execution_count") is None, f"{path.name}: a cell has an execution count"


def test_no_cdn_in_the_course():
    pattern = ("cdn.jsdelivr", "unpkg.com", "esm.sh", "cdnjs")
    for path in list(PACKAGE.rglob("*.py")) + list(PACKAGE.rglob("*.js")) + list(ROOT.glob("*/*.ipynb")):
        text = path.read_text()
        assert not any(p in text for p in pattern), path


@pytest.mark.parametrize("path", sorted(ROOT.glob("lessons/*.ipynb")), ids=lambda p: p.name)
def test_every_lesson_states_its_learning_objectives(path):
    # The instructor guide copies them, and learners read them first: a heading of the same
    # name in every lesson, then a numbered list.
    cells = [c["source"] for c in json.loads(path.read_text())["cells"] if c["cell_type"] == "markdown"]
    text = "\n".join("".join(c) if isinstance(c, list) else c for c in cells)
    assert "\n## Learning objectives\n" in f"\n{text}", f"{path.name}: no '## Learning objectives' heading"
    after = text.split("## Learning objectives", 1)[1].split("\n## ", 1)[0]
    assert len(re.findall(r"^\d+\. ", after, flags=re.MULTILINE)) >= 3, \
        f"{path.name}: the learning objectives are not a numbered list"
