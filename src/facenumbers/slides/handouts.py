"""One printed page per lesson: its title, questions, key points and formulas.

The formulas are in one table, :data:`FORMULAS`, keyed by lesson code. Each is one the lesson
itself states, in plain text (Unicode, no MathJax), with the ``symbols`` that must appear in
the lesson's text for it to count as the lesson's own (a test checks them). The page has its
own print style sheet and system fonts, and fits one A4 or US Letter page.

>>> from pathlib import Path
>>> from facenumbers.slides.content import lesson_outline
>>> root = Path(__file__).resolve().parents[3]
>>> page = handout_html(lesson_outline(root / "lessons" / "04-base-rates.ipynb"))
>>> "PPV = h × p / (h × p + f × (1 − p))" in page, "<h2>Key points</h2>" in page
(True, True)
>>> [f.name for f in FORMULAS["05"]][:2]
['At least one false match in a search of N', 'Expected false matches per search']
"""

from __future__ import annotations

import html
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

import nbformat
from nbconvert.filters import markdown2html

from facenumbers.slides.content import LessonOutline

__all__ = ["FORMULAS", "HANDOUT_CSS", "Formula", "formula_problems", "handout_html"]


@dataclass(frozen=True)
class Formula:
    """A formula a lesson states: its name, the formula in plain text, and the symbols (short
    texts) that the lesson's own text contains where it states it."""

    name: str
    text: str
    symbols: tuple[str, ...]


#: The formulas of each lesson's handout, as the lesson states them.
FORMULAS: dict[str, tuple[Formula, ...]] = {
    "00": (
        Formula("Share of the population", "share = people in the group / population; "
                "850 million / 1,400 million = 60.7%, not 65%",
                ("People in the group", "850 million out of 1,400 million is **60.7%**")),
    ),
    "01": (
        Formula("k-anonymity", "k = the size of the smallest group of people who share the same "
                "facts; k = 1 means someone is unique", ("k = 1", "smallest group")),
        Formula("Expected share of unique people (N people, M equally likely combinations)",
                "(1 − 1/M)^(N − 1) ≈ e^(−N/M) when M is large", ("(1 − 1/M)", "(N − 1)", "e ^ (−N/M)")),
        Formula("Combinations of sex and full date of birth", "M = 2 × 365 × 80 = 58,400",
                ("2 × 365 × 80 = 58,400",)),
    ),
    "02": (
        Formula("Cosine similarity of two templates",
                "cosine similarity = dot product / (length × length), from −1 to 1",
                ("dot product / (length × length)",)),
        Formula("Worked example", "a = (3, 4), b = (4, 3): 24 / (5 × 5) = 0.96",
                ("24 / (5 × 5) = 0.96",)),
    ),
    "03": (
        Formula("False-match rate (FMR)", "impostor scores at or above the threshold / all impostor scores",
                ("false-match rate (FMR)", "impostor scores at or above the threshold / all impostor scores")),
        Formula("False non-match rate (FNMR)", "genuine scores below the threshold / all genuine scores",
                ("false non-match rate (FNMR)", "genuine scores below the threshold")),
        Formula("Equal error rate (EER)", "the rate where FMR = FNMR", ("FMR = FNMR",)),
        Formula("Rule of three (no errors in n trials, 95% confidence)",
                "upper bound 1 − 0.05^(1/n), about 3 / n", ("1 − 0.05^(1/n)", "3 / n")),
    ),
    "04": (
        Formula("Positive predictive value (Bayes' rule)", "PPV = h × p / (h × p + f × (1 − p)); "
                "h: hit rate, p: prevalence, f: false-alert rate",
                ("PPV = h × p / (h × p + f × (1 − p))",)),
        Formula("Natural frequencies", "10,000 × 1/1,000 = 10 wanted; 9 true alarms and 50 false: "
                "PPV = 9 / 59 = 15%", ("10,000 × 1/1,000", "9 / 59 = 15%")),
        Formula("Precision from a deployment's counts", "right alerts / all alerts",
                ("right alerts divided by all alerts",)),
        Formula("False-alert rate needed for a target PPV", "f = h × p × (1 − PPV) / (PPV × (1 − p))",
                ("f = h × p × (1 − PPV) / (PPV × (1 − p))",)),
    ),
    "05": (
        Formula("At least one false match in a search of N", "P(at least one) = 1 − (1 − FMR)^N ≈ N × FMR "
                "when N × FMR is small", ("1 − (1 − FMR)^N ≈ N × FMR",)),
        Formula("Expected false matches per search", "N × FMR", ("expected number of false matches      = N × FMR",)),
    ),
    "06": (
        Formula("Expected cost", "expected cost = sum of weight × count (over the harms)",
                ("Expected cost = sum of weight × count",)),
        Formula("Expected cost of a threshold", "impostors × FMR(threshold) × cost of a false match "
                "+ honest customers × FNMR(threshold) × cost of a false non-match",
                ("impostors × FMR(threshold) × cost of a false match",
                 "honest customers × FNMR(threshold) × cost of a false non-match")),
        Formula("1:N search", "N × FMR expected false matches per search; searches flagging at least "
                "one: 1 − (1 − FMR)^N", ("N × FMR expected false matches per search", "1 − (1 − FMR)^N")),
    ),
    "07": (
        Formula("Leaked at least once after t years", "1 − (1 − p × q)^t; p: chance of a breach a year, "
                "q: share leaked per breach", ("1 − (1 − p × q)^t",)),
        Formula("Breach exposure", "expected people still exposed after t years = S × (1 − r) × "
                "(1 − (1 − p × q)^t); S: records stored, r: share who can reset (r = 0 for a face)",
                ("S × (1 − r) × (1 − (1 − p × q)^t)", "r = 0")),
    ),
    "08": (),
}

#: The handout's own style: system fonts, and one page at A4 and at US Letter.
HANDOUT_CSS = """
:root { color: #1a1a1a; }
body { font-family: system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif;
  font-size: 10pt; line-height: 1.32; max-width: 44rem; margin: 1.5rem auto; padding: 0 1rem; }
h1 { font-size: 17pt; margin: 0 0 2pt; }
.question { font-style: italic; margin: 0 0 6pt; font-size: 11pt; }
h2 { font-size: 11.5pt; margin: 8pt 0 3pt; border-bottom: 1px solid #888; }
ul, ol { margin: 0 0 4pt; padding-left: 1.3em; }
li { margin-bottom: 2pt; }
p { margin: 0 0 4pt; }
code { font-family: ui-monospace, "DejaVu Sans Mono", Menlo, Consolas, monospace; font-size: 92%; }
table.formulas { border-collapse: collapse; width: 100%; }
table.formulas th, table.formulas td { text-align: left; vertical-align: top; padding: 2pt 4pt;
  border-bottom: 1px solid #ccc; }
table.formulas th { width: 34%; font-weight: 600; }
.formula { font-family: ui-monospace, "DejaVu Sans Mono", Menlo, Consolas, monospace; font-size: 9.5pt; }
.meta { font-size: 8.5pt; color: #444; margin-top: 6pt; }
@page { margin: 11mm 12mm; }
@media print {
  body { margin: 0; padding: 0; max-width: none; font-size: 9.5pt; }
  a { color: inherit; text-decoration: none; }
}
"""


def _plain(text: str) -> str:
    return " ".join(text.replace("−", "-").split())


def formula_problems(root: Path, formulas: Mapping[str, tuple[Formula, ...]] | None = None) -> list[str]:
    """Formulas whose symbols the lesson's own text does not contain, or whose lesson does not
    exist ([] when every formula is one its lesson states). Spacing and the minus sign's form
    (− or -) do not count."""
    from facenumbers.slides.content import lesson_paths

    lessons = {path.name[:2]: path for path in lesson_paths(root)}
    problems = []
    for code, listed in (FORMULAS if formulas is None else formulas).items():
        if code not in lessons:
            problems.append(f"lesson {code!r} is not one of {sorted(lessons)}")
            continue
        notebook = nbformat.read(lessons[code], as_version=4)
        text = _plain("\n".join(cell.source for cell in notebook.cells if cell.cell_type == "markdown"))
        for formula in listed:
            for symbol in formula.symbols:
                if _plain(symbol) not in text:
                    problems.append(f"lesson {code}, {formula.name!r}: the lesson never says {symbol!r}")
    return problems


def _formulas_table(code: str) -> str:
    formulas = FORMULAS.get(code, ())
    if not formulas:
        return "<p>This lesson uses the formulas of the earlier lessons; it states none of its own.</p>"
    rows = "".join(f'<tr><th scope="row">{html.escape(f.name)}</th>'
                   f'<td class="formula">{html.escape(f.text)}</td></tr>' for f in formulas)
    return f'<table class="formulas"><caption class="meta">As the lesson states them</caption>{rows}</table>'


def handout_html(outline: LessonOutline) -> str:
    """The one-page handout of a lesson as a complete HTML page (nothing loaded from the web)."""
    question = f'<p class="question">{html.escape(outline.question)}</p>' if outline.question else ""
    return f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{html.escape(outline.title)}: handout</title>
<style>{HANDOUT_CSS}</style></head>
<body><main>
<h1>{html.escape(outline.title)}</h1>
{question}
<h2>Questions</h2>
{markdown2html(outline.questions)}
<h2>Key points</h2>
{markdown2html(outline.key_points)}
<h2>Formulas</h2>
{_formulas_table(outline.code)}
<p class="meta">Face the Numbers, <code>lessons/{html.escape(outline.stem)}.ipynb</code>. Every
figure here has its source in the lesson's Sources section.</p>
</main></body></html>
"""
