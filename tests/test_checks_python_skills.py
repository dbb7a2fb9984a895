"""Python for this course: its checks pass the right answers and reject blanks and typical
mistakes with a hint each; the notebook runs as committed, and passes every check once filled in.

The right answers are worked here by hand from the numbers the notebook shows, independently of
the checks module (which computes them with numpy and pandas).
"""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import nbformat
import numpy as np
import pandas as pd
import pytest
from nbclient import NotebookClient

from facenumbers import data
from facenumbers.checks import python_skills as primer

from check_contract import both_ways

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOK = ROOT / "lessons" / "python-for-this-course.ipynb"

# 1: 1,250 customers, 37 needed a second try: 1,213 passed at the first try.
FIRST_TRY = 1_213 / 1_250
# 2: 10 choices for each of 6 digits.
CODES = 10 * 10 * 10 * 10 * 10 * 10
# 5: the 20 impostor scores; at or above 0.6 are 0.60, 0.62, 0.60 and 0.71 (4), above it 2.
IMPOSTOR = [0.12, 0.31, 0.60, 0.45, 0.08, 0.62, 0.27, 0.51, 0.19, 0.38,
            0.60, 0.22, 0.44, 0.15, 0.71, 0.33, 0.29, 0.56, 0.09, 0.41]
AT_OR_ABOVE, ABOVE = 4, 2
# 6: the 10 genuine scores, sorted by hand.
GENUINE = [0.83, 0.91, 0.58, 0.77, 0.95, 0.69, 0.88, 0.47, 0.72, 0.80]
RANKED = [0.47, 0.58, 0.69, 0.72, 0.77, 0.80, 0.83, 0.88, 0.91, 0.95]
# 7: the Met's 2024-25 row of watchlist_deployments: 3,147,436 faces, 2,077 alerts, 10 false.
MET = {"faces_scanned": 3_147_436, "alerts": 2_077, "false_alerts": 10, "true_alerts": 2_067}
# 8: ten shops: Province A has 5, B 3, C 1 and D 1.
SIZES = {"Province A": 5, "Province B": 3, "Province C": 1, "Province D": 1}
# 9: each harm times its own weight.
POINTS = 423 * 100 + 297 * 50 + 120_000 * 0.01
BY_POSITION = 423 * 0.01 + 297 * 50 + 120_000 * 100


def per_100_000(count, people):
    """The right answer to mini-exercise 4."""
    return count / people * 100_000


def per_100_000_printed(count, people):
    """The typical mistake: the result printed, not returned."""
    print(count / people * 100_000)


# name -> (right answer, [(typical wrong answer, words its hint must contain), ...])
CASES = {
    "first_try_share": (FIRST_TRY, [
        (1250 - 37 / 1250, "parentheses"),
        (37 / 1250, "second try"),
        (1_213, "divide it"),
        (100 * FIRST_TRY, "percentage"),
    ]),
    "six_digit_codes": (CODES, [
        (12, "^ is not a power"),
        (60, "10 times 6"),
        (6 ** 10, "other way round"),
        (999_999, "largest code"),
        ("1,000,000", "single number"),
    ]),
    "stores_the_value": ("b", [
        ("a", "None"),
        ("c", "True or False"),
        ("d", "TypeError"),
        ("B)", "one of"),
    ]),
    "per_100_000": (per_100_000, [
        (lambda count, people: count / people, "Multiply it by 100_000"),
        (lambda count, people: count / (people * 100_000), "parentheses"),
        (lambda count, people: people / count * 100_000, "other way round"),
        (lambda count, people: count / people * 100, "percentage"),
        (lambda count, people: count * 100_000, "never divides"),
        (per_100_000_printed, "print only shows it"),
        (75, "should be a function"),
    ]),
    "share_at_or_above": (AT_OR_ABOVE / 20, [
        (ABOVE / 20, "use >="),
        (AT_OR_ABOVE, ".mean() instead of .sum()"),
        (ABOVE, "above 0.6 only"),
        (1 - AT_OR_ABOVE / 20, "share below 0.6"),
        (sum(IMPOSTOR) / 20, "average of the scores"),
        (100 * AT_OR_ABOVE / 20, "percentage"),
        (np.array(IMPOSTOR) >= 0.6, "several"),
    ]),
    "third_highest": (RANKED[-3], [
        (RANKED[2], "third-LOWEST"),
        (RANKED[3], "fourth score from the bottom"),
        (RANKED[-2], "second-highest"),
        (RANKED[-4], "fourth-highest"),
        (GENUINE[-3], "did not sort"),
        (RANKED[-1], "That is the highest score"),
    ]),
    "met_faces_scanned": (MET["faces_scanned"], [
        (170_000, "Cardiff"),
        (MET["alerts"], "number of alerts"),
        (MET["false_alerts"], "false_alerts column"),
        (MET["true_alerts"], "true_alerts column"),
    ]),
    "one_shop_provinces": (2, [
        (len(SIZES), "number of provinces"),
        (max(SIZES.values()), "largest group"),
        (min(SIZES.values()), "smallest group"),
        (5 + 3, "share their province"),
        (sum(SIZES.values()), "number of shops"),
    ]),
    "weighted_points": (POINTS, [
        (BY_POSITION, "by position"),
        (423 + 297 + 120_000, "without their weights"),
        (100 + 50 + 0.01, "weights alone"),
        (pd.Series({"fraud_not_stopped": 42_300, "honest_refused": 14_850, "faces_stored": 1_200}),
         "several"),
    ]),
}

# What a learner writes in each answer cell: the blank line, and the line that answers it.
BLANK = {name: re.compile(rf"^{name} = \.\.\..*$", re.MULTILINE) for name in CASES}
BLANK["per_100_000"] = re.compile(r"^    return \.\.\..*$", re.MULTILINE)
ANSWER_LINES = {
    "first_try_share": "first_try_share = (1250 - 37) / 1250",
    "six_digit_codes": "six_digit_codes = 10 ** 6",
    "stores_the_value": 'stores_the_value = "b"',
    "per_100_000": "    return count / people * 100_000",
    "share_at_or_above": "share_at_or_above = (impostor_scores >= 0.6).mean()",
    "third_highest": "third_highest = np.sort(genuine_scores)[-3]",
    "met_faces_scanned": 'met_faces_scanned = deployments.loc["met_2024_2025", "faces_scanned"]',
    "one_shop_provinces": "one_shop_provinces = (sizes == 1).sum()",
    "weighted_points": "weighted_points = (harms * pd.Series(weights)).sum()",
}
_CHECK = re.compile(r"""^check\("(\w+)"\)$""")


def test_the_worked_answers_are_the_ones_the_notebook_describes():
    assert FIRST_TRY == pytest.approx(0.9704) and CODES == 1_000_000
    assert sorted(IMPOSTOR) == sorted(primer.IMPOSTOR_SCORES.tolist())
    assert sum(s >= 0.6 for s in IMPOSTOR) == AT_OR_ABOVE and sum(s > 0.6 for s in IMPOSTOR) == ABOVE
    assert RANKED == sorted(GENUINE) and RANKED[-3] == 0.88
    met = data.load("watchlist_deployments").set_index("case").loc[primer.MET_CASE]
    assert {k: int(met[k]) for k in MET} == MET
    assert primer.SHOPS["province"].value_counts().to_dict() == SIZES
    assert POINTS == pytest.approx(58_350)
    assert primer.HARMS.keys() == primer.WEIGHTS.keys()
    assert list(primer.HARMS) != list(primer.WEIGHTS), "the weights must be in another order"


def test_each_mistake_gets_its_own_hint():
    """The data keep the typical numeric mistakes apart: no two give the same value (whole
    numbers, such as 999,999 codes for 1,000,000, are told apart exactly)."""
    for name, (right, wrongs) in CASES.items():
        if callable(right) or isinstance(right, str):
            continue
        numbers = [right] + [v for v, _ in wrongs if isinstance(v, (int, float))]
        for i, a in enumerate(numbers):
            for b in numbers[i + 1:]:
                if float(a).is_integer() and float(b).is_integer():
                    assert a != b, (name, a, b)
                else:
                    assert not np.isclose(a, b, rtol=0.005, atol=0), (name, a, b)


def test_a_percentage_rounded_to_a_whole_number_is_still_called_a_percentage():
    feedback = primer.LESSON.check("first_try_share", 97)
    assert not feedback.passed and "percentage" in feedback.message


def test_another_way_of_writing_the_right_answer_is_accepted():
    assert primer.LESSON.check("per_100_000", lambda count, people: 100_000 * count / people).passed
    assert primer.LESSON.check("six_digit_codes", 1e6).passed
    assert primer.LESSON.check("stores_the_value", " B ").passed


# Right answers pass; blanks and typical mistakes fail with their hints.
globals().update(both_ways(primer.LESSON, CASES))


# The notebook -------------------------------------------------------------------------------


def _read() -> nbformat.NotebookNode:
    return nbformat.read(NOTEBOOK, as_version=4)


def _mini_exercises(notebook: nbformat.NotebookNode) -> dict[str, tuple[int, int]]:
    """Each mini-exercise's answer name -> (index of its answer cell, index of its check cell)."""
    found = {}
    for index, cell in enumerate(notebook.cells):
        match = _CHECK.match(cell.source.strip()) if cell.cell_type == "code" else None
        if match:
            found[match.group(1)] = (index - 1, index)
    return found


def test_the_notebook_is_clean_nbformat_4_with_stable_ids():
    text = NOTEBOOK.read_text(encoding="utf-8")
    raw = json.loads(text)
    assert text == json.dumps(raw, indent=1, ensure_ascii=False) + "\n"
    notebook = _read()
    nbformat.validate(notebook)
    assert notebook.nbformat == 4
    start_here = json.loads((ROOT / "lessons" / "00-start-here.ipynb").read_text(encoding="utf-8"))
    assert raw["metadata"] == start_here["metadata"]
    # Every cell but the generated "More for this lesson" (facenumbers.teaching.glossary) is numbered.
    numbered = [cell["id"] for cell in raw["cells"] if cell["id"] != "more-for-this-lesson"]
    assert numbered == [f"python-{n:02d}" for n in range(1, len(numbered) + 1)]
    assert len(numbered) == len(raw["cells"]) - 1
    for cell in raw["cells"]:
        assert isinstance(cell["source"], list)
        if cell["cell_type"] == "code":
            assert cell["outputs"] == [] and cell["execution_count"] is None


def test_the_notebook_opens_as_the_brief_says():
    notebook = _read()
    assert notebook.cells[0].source.startswith("# Python for this course\n")
    assert re.search(r"^Time: about \d+ minutes", notebook.cells[0].source, re.MULTILINE)
    first_code = next(cell for cell in notebook.cells if cell.cell_type == "code")
    assert first_code.source.splitlines() == [
        "import numpy as np",
        "import pandas as pd",
        "from facenumbers.checks.python_skills import check, progress",
    ]
    assert notebook.cells[-1].source.strip() == "progress()"
    headings = [cell.source for cell in notebook.cells if cell.cell_type == "markdown"]
    assert any("## Where each skill is used" in text for text in headings)
    assert any("## Your progress" in text for text in headings)


def test_every_check_has_a_mini_exercise_with_a_blank_and_a_locked_check_cell():
    notebook = _read()
    minis = _mini_exercises(notebook)
    assert list(minis) == list(primer.LESSON.exercises), "one mini-exercise per check, in order"
    assert 8 <= len(minis) <= 10
    for name, (answer, check) in minis.items():
        assert len(BLANK[name].findall(notebook.cells[answer].source)) == 1, name
        assert "#" in BLANK[name].search(notebook.cells[answer].source).group(0), \
            f"{name}: the blank says in a comment what to write"
        assert notebook.cells[check].metadata == {"deletable": False, "editable": False}
        assert notebook.cells[answer - 1].cell_type == "markdown"
        assert notebook.cells[answer - 1].source.startswith("**Mini-exercise ")


def test_markdown_is_wrapped_like_the_other_lessons():
    for cell in _read().cells:
        if cell.cell_type == "markdown":
            for line in cell.source.splitlines():
                assert line.startswith("|") or len(line) <= 100, line


_ROW = re.compile(r"Lesson (\d\d), exercise (\d+) \(`(\w+)`\)")


def test_the_skill_table_names_real_exercises():
    """Each "Lesson NN, exercise K (`name`)" is exercise K of that lesson's solution notebook."""
    table = next(cell.source for cell in _read().cells if "## Where each skill is used" in cell.source)
    rows = _ROW.findall(table)
    assert len(rows) >= 15
    for lesson, number, name in rows:
        solution = next((ROOT / "solutions").glob(f"{lesson}-*.ipynb"), None)
        assert solution is not None, f"no solutions/{lesson}-*.ipynb for `{name}`"
        current: tuple[int, ...] = ()
        numbers_of = {}
        for cell in nbformat.read(solution, as_version=4).cells:
            heading = re.match(r"## Exercises? ([\d ,and]+)", cell.source)
            if cell.cell_type == "markdown" and heading:
                current = tuple(int(n) for n in re.findall(r"\d+", heading.group(1)))
            match = _CHECK.match(cell.source.strip()) if cell.cell_type == "code" else None
            if match:
                numbers_of[match.group(1)] = current
        assert name in numbers_of, f"`{name}` is not checked in {solution.name}"
        assert int(number) in numbers_of[name], (
            f"`{name}` is exercise {numbers_of[name]} of {solution.name}, not {number}: update the table")


def _run(notebook: nbformat.NotebookNode, scratch: Path) -> nbformat.NotebookNode:
    """Run a notebook in a scratch copy of lessons/ (so nothing is written into the repo)."""
    folder = scratch / "lessons"
    shutil.copytree(ROOT / "lessons", folder)
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("FACENUMBERS_STRICT", "0")     # a blank must show feedback, not raise
        NotebookClient(notebook, timeout=300, kernel_name="python3",
                       resources={"metadata": {"path": str(folder)}}).execute()
    return notebook


def _text(cell: nbformat.NotebookNode) -> str:
    parts = []
    for output in cell.get("outputs", []):
        assert output.get("output_type") != "error", f"{cell.source}: {output.get('ename')}: {output.get('evalue')}"
        parts.append(output.get("text", ""))
        parts += [str(output.get("data", {}).get(key, "")) for key in ("text/plain", "text/html")]
    return "\n".join(parts)


@pytest.fixture(scope="module")
def blank_run(tmp_path_factory):
    return _run(_read(), tmp_path_factory.mktemp("python-blank"))


@pytest.fixture(scope="module")
def answered_run(tmp_path_factory):
    notebook = _read()
    for name, (answer, _) in _mini_exercises(notebook).items():
        cell = notebook.cells[answer]
        cell.source, count = BLANK[name].subn(ANSWER_LINES[name], cell.source)
        assert count == 1, name
    return _run(notebook, tmp_path_factory.mktemp("python-answered"))


@pytest.mark.notebooks
def test_the_notebook_as_committed_runs_and_every_check_says_not_answered(blank_run):
    texts = [_text(cell) for cell in blank_run.cells if cell.cell_type == "code"]   # no errors
    for name, (_, check) in _mini_exercises(blank_run).items():
        shown = _text(blank_run.cells[check])
        assert "Not answered yet" in shown and "Correct" not in shown, f"{name}: {shown[:300]}"
    assert f"0 of {len(CASES)} exercises pass." in texts[-1]


@pytest.mark.notebooks
def test_the_notebook_with_the_right_answers_passes_every_check(answered_run):
    for name, (_, check) in _mini_exercises(answered_run).items():
        shown = _text(answered_run.cells[check])
        assert "Correct" in shown and "Not yet" not in shown, f"{name}: {shown[:300]}"
    assert f"{len(CASES)} of {len(CASES)} exercises pass." in _text(answered_run.cells[-1])
