"""Every notebook runs headless; solutions pass their checks; exercises are generated, not edited."""

from __future__ import annotations

import shutil
from functools import cache
from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient

from facenumbers import notebooks

ROOT = Path(__file__).resolve().parents[1]
ALL = sorted(ROOT.glob("lessons/*.ipynb")) + sorted(ROOT.glob("solutions/*.ipynb")) + sorted(
    ROOT.glob("exercises/*.ipynb")
)
SOLUTIONS = sorted(ROOT.glob("solutions/*.ipynb"))


def _id(path: Path) -> str:
    return str(path.relative_to(ROOT))


@cache
def executed(path: Path) -> nbformat.NotebookNode:
    """Run a notebook in a scratch copy of its folder (so nothing is written into the repo)."""
    notebook = nbformat.read(path, as_version=4)
    scratch = Path(__import__("tempfile").mkdtemp(prefix="nb-"))
    shutil.copytree(path.parent, scratch / path.parent.name)
    client = NotebookClient(
        notebook,
        timeout=300,
        kernel_name="python3",
        resources={"metadata": {"path": str(scratch / path.parent.name)}},
    )
    client.execute()
    return notebook


def _outputs_text(cell: nbformat.NotebookNode) -> str:
    parts = []
    for output in cell.get("outputs", []):
        if output.get("output_type") == "stream":
            parts.append(output.get("text", ""))
        for key in ("text/plain", "text/html", "text/markdown"):
            parts.append(str(output.get("data", {}).get(key, "")))
    return "\n".join(parts)


@pytest.mark.notebooks
@pytest.mark.parametrize("path", ALL, ids=_id)
def test_notebook_runs_without_errors(path):
    notebook = executed(path)
    for cell in notebook.cells:
        for output in cell.get("outputs", []):
            assert output.get("output_type") != "error", f"{_id(path)}: {output.get('ename')}: {output.get('evalue')}"
            if output.get("output_type") == "stream" and output.get("name") == "stderr":
                assert "Traceback" not in output.get("text", ""), output["text"]


@pytest.mark.notebooks
@pytest.mark.parametrize("path", SOLUTIONS, ids=_id)
def test_solutions_pass_every_check(path):
    notebook = executed(path)
    checks = [cell for cell in notebook.cells if notebooks.checked_name(cell)]
    assert len([cell for cell in checks if not notebooks.is_memo(cell)]) >= 6
    for cell in checks:
        text = _outputs_text(cell)
        if notebooks.is_memo(cell):  # a memo goes to the instructor: never "Correct"
            assert "For your instructor" in text and "Correct" not in text, f"{cell.source}: {text[:300]}"
            assert "Not yet" not in text and "Hint:" not in text, f"{cell.source}: {text[:300]}"
            continue
        assert "Correct" in text and "Not yet" not in text, f"{cell.source}: {text[:300]}"


@pytest.mark.notebooks
@pytest.mark.parametrize("path", SOLUTIONS, ids=_id)
def test_exercises_run_and_report_not_yet(path):
    notebook = executed(ROOT / "exercises" / path.name)
    checks = [cell for cell in notebook.cells if notebooks.checked_name(cell)]
    assert len(checks) >= 6
    for cell in checks:
        text = _outputs_text(cell)
        assert "Not answered yet" in text, f"{cell.source}: {text[:300]}"
        assert "Correct" not in text


def test_exercises_are_exactly_what_make_exercises_produces():
    stale = notebooks.generate(ROOT, check_only=True)
    assert stale == [], f"run `make exercises`: out of date: {[_id(p) for p in stale]}"


@pytest.mark.parametrize("path", SOLUTIONS, ids=_id)
def test_every_exercise_has_an_answer_cell_and_a_locked_check_with_stable_ids(path):
    exercise = nbformat.read(ROOT / "exercises" / path.name, as_version=4)
    answers = {c.metadata["facenumbers"]["exercise"] for c in exercise.cells
               if c.metadata.get("facenumbers", {}).get("role") == "answer"}
    checks = [c for c in exercise.cells if notebooks.checked_name(c)]
    assert checks
    for cell in checks:
        assert cell.metadata["editable"] is False and cell.metadata["deletable"] is False
        # A memo's check only reports: the instructor grades its answer cell by hand.
        assert cell.metadata["nbgrader"]["grade"] is (not notebooks.is_memo(cell))
        assert cell.metadata["facenumbers"]["exercise"] in answers
    for cell in exercise.cells:
        if notebooks.is_memo(cell) and cell.metadata["facenumbers"]["role"] == "answer":
            assert cell.metadata["nbgrader"]["grade"] is True and cell.metadata["nbgrader"]["points"] >= 1
    text = nbformat.writes(exercise)
    assert notebooks.BEGIN not in text and notebooks.END not in text


def test_generator_replaces_solutions_with_stubs_the_checks_reject(tmp_path):
    solution = nbformat.v4.new_notebook(cells=[
        nbformat.v4.new_code_cell("from facenumbers.checks.base_rates import check"),
        nbformat.v4.new_code_cell(
            "base = 2470\n### BEGIN SOLUTION\nppv_cardiff = (base - 2297) / base\n### END SOLUTION\nppv_cardiff"
        ),
        nbformat.v4.new_code_cell('check("ppv_cardiff")'),
        nbformat.v4.new_code_cell(
            "def ppv(prevalence, hit_rate, false_alert_rate):\n    ### BEGIN SOLUTION\n"
            "    top = hit_rate * prevalence\n    return top / (top + false_alert_rate * (1 - prevalence))\n"
            "    ### END SOLUTION"
        ),
        nbformat.v4.new_markdown_cell("Notes:\n### BEGIN SOLUTION\nBecause 173 of 2470.\n### END SOLUTION"),
    ])
    (tmp_path / "solutions").mkdir()
    nbformat.write(solution, tmp_path / "solutions" / "99-demo.ipynb")
    changed = notebooks.generate(tmp_path)
    assert tmp_path / "exercises" / "99-demo.ipynb" in changed
    assert notebooks.generate(tmp_path) == []  # idempotent
    exercise = nbformat.read(tmp_path / "exercises" / "99-demo.ipynb", as_version=4)
    sources = [c.source for c in exercise.cells]
    assert "ppv_cardiff = ..." in sources[1] and "2297" not in sources[1] and "base = 2470" in sources[1]
    assert "    return ..." in sources[3] and "top" not in sources[3]
    assert "173" not in sources[4] and notebooks.MARKDOWN_STUB in sources[4]
    assert exercise.cells[2].metadata["editable"] is False
    namespace: dict = {}
    exec("\n".join(sources[:2]), namespace)
    exec(sources[3].replace("# YOUR CODE HERE", "#"), namespace)
    from facenumbers.checks import base_rates

    assert base_rates.LESSON.check("ppv_cardiff", namespace=namespace).status == "not answered"
    assert base_rates.LESSON.check("ppv", namespace=namespace).status == "not answered"


#: A table cell that holds a year written with a thousands separator (1990 to 2039).
_SEPARATED_YEAR_CELL = __import__("re").compile(
    r"<t[dh][^>]*>\s*(1,99\d|2,00[1-9]|2,0[1-3]\d)(?:\.0+)?\s*</t[dh]>"
)


@pytest.mark.notebooks
@pytest.mark.parametrize("path", sorted(ROOT.glob("lessons/*.ipynb")) + SOLUTIONS, ids=_id)
def test_no_table_prints_a_year_with_a_thousands_separator(path):
    """The lessons format numbers with separators (1,400,050,000); a year must not get one."""
    notebook = executed(path)
    found = [
        (index, match.group(1))
        for index, cell in enumerate(notebook.cells)
        for match in _SEPARATED_YEAR_CELL.finditer(_outputs_text(cell))
    ]
    assert not found, f"{_id(path)}: cells print years as {found}: store events as dates"


def test_the_year_cell_pattern_finds_a_year_and_not_a_count():
    assert _SEPARATED_YEAR_CELL.findall("<td>2,009</td><td>2,012.0</td>") == ["2,009", "2,012"]
    assert _SEPARATED_YEAR_CELL.findall("<td>2,077</td><td>12,009</td><td>2009</td>") == []
