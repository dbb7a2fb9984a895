"""Build the course website: ``make site`` (see docs/website.md).

Stages what the site publishes into ``build/site-source`` (the lessons, the instructor guide
and data notes, the exercise and solution notebooks as downloads, the README's course map,
and the site's own pages from ``site/``), writes the page of every calculator, and runs Sphinx
with ``site/conf.py``: every lesson is executed, with its calculators as static twins.

    python site/build.py [--out build/site] [--no-solutions] [--jobs N]

``--no-solutions`` leaves the solution notebooks out, for an instructor who publishes the
site to a class whose work is graded.
"""

from __future__ import annotations

import argparse
import json
import re
import shutil
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SITE = ROOT / "site"
PAGES = ("index.md", "downloads.md", "calculators.md", "about.md")
#: The pages of docs/ the site publishes; the last two hold answers (the concept inventory's
#: key, the peer-instruction votes' answers), so a site without solutions leaves them out.
DOCS = ("instructor-guide.md", "hub.md", "data-notes.md", "website.md", "syllabus.md",
        "setup.md", "slides.md", "glossary.md", "further-reading.md", "critique-the-news.md")
ANSWER_DOCS = ("peer-instruction.md", "concept-inventory.md")


def stage(source: Path, solutions: bool) -> None:
    """Copy what the site publishes into ``source`` (emptied first)."""
    if source.exists():
        shutil.rmtree(source)
    source.mkdir(parents=True)
    for folder in ("lessons", "exercises") + (("solutions",) if solutions else ()):
        shutil.copytree(ROOT / folder, source / folder,
                        ignore=shutil.ignore_patterns(".ipynb_checkpoints"))
    (source / "docs").mkdir()
    for name in DOCS + (ANSWER_DOCS if solutions else ()):
        text = (ROOT / "docs" / name).read_text(encoding="utf-8")
        # An exercise notebook is a download on the site, not a page.
        text = re.sub(r"\]\(\.\./exercises/[^)]+\)", "](../downloads.md)", text)
        if not solutions:
            left_out = "|".join(re.escape(n) for n in ANSWER_DOCS)
            text = re.sub(rf"\[([^\]]+)\]\((?:{left_out})(?:#[^)]*)?\)", r"\1", text)
        (source / "docs" / name).write_text(text, encoding="utf-8")
    shutil.copytree(ROOT / "docs" / "images", source / "docs" / "images")
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    if not solutions:
        readme = re.sub(r", \[solutions\]\(solutions/[^)]+\)", "", readme)
    # Notebooks that are not pages of the site are downloads (MyST's path: links).
    readme = re.sub(r"\]\(((?:exercises|solutions)/[^)]+)\)", r"](path:\1)", readme)
    (source / "README.md").write_text(readme, encoding="utf-8")
    for page in PAGES:
        text = (SITE / "pages" / page).read_text(encoding="utf-8")
        text = text.replace("<!-- downloads table -->", downloads_table(solutions))
        if not solutions:
            text = "".join(line for line in text.splitlines(keepends=True)
                           if line.strip() not in {f"docs/{n[:-3]}" for n in ANSWER_DOCS})
        (source / page).write_text(text, encoding="utf-8")


def downloads_table(solutions: bool) -> str:
    """The table of exercise (and solution) notebooks, one row per lesson, as downloads."""
    header = "| Lesson | Exercises |" + (" Worked solutions |" if solutions else "")
    rows = [header, "|---|---|" + ("---|" if solutions else "")]
    for path in sorted((ROOT / "exercises").glob("*.ipynb")):
        title = json.loads(path.read_text(encoding="utf-8"))["cells"][0]["source"]
        heading = "".join(title).splitlines()[0].lstrip("# ").strip()
        row = f"| {heading} | {{download}}`{path.name} <exercises/{path.name}>` |"
        if solutions:
            row += f" {{download}}`{path.stem} (solutions) <solutions/{path.name}>` |"
        rows.append(row)
    return "\n".join(rows)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=ROOT / "build" / "site")
    parser.add_argument("--no-solutions", action="store_true")
    parser.add_argument("--jobs", default="auto")
    args = parser.parse_args(argv)
    source = args.out.parent / "site-source"
    started = time.perf_counter()
    stage(source, solutions=not args.no_solutions)
    from sphinx.cmd.build import build_main

    code = build_main(["-b", "html", "-E", "-c", str(SITE), "-j", str(args.jobs), "-q",
                       str(source), str(args.out)])
    if code == 0:
        # Each lesson's slides and one-page handout, beside the pages (docs/slides.md).
        from facenumbers.slides.__main__ import peer_questions
        from facenumbers.slides.build import build_all

        build_all(ROOT, args.out / "slides", args.out / "handouts", votes=peer_questions())
    took = time.perf_counter() - started
    if code == 0:
        print(f"Built the site in {took:.0f} s: {args.out / 'index.html'}")
    return code


if __name__ == "__main__":
    sys.exit(main())
