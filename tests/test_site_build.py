"""The built website (make site): complete, executed, and with nothing loaded from elsewhere.

These tests read the built files; tests/test_site.py opens them in Chromium.
"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path

import pytest

from facenumbers.twins import FUNCTIONS
from site_support import ROOT, pages

sys.path.insert(0, str(ROOT / "site"))
import build as site_build  # noqa: E402  (site/build.py)

LESSONS = sorted(p.stem for p in (ROOT / "lessons").glob("*.ipynb"))

#: An address on another server where a page would load code, style or a font from it: a
#: script's or a style sheet's src/href, a CSS url() or @import, a JavaScript import, an
#: iframe or a font. Plain links (<a href>) to sources are fine and not matched.
EXTERNAL_LOADS = [
    re.compile(r"<script[^>]*\bsrc\s*=\s*[\"']?(?:https?:)?//", re.I),
    re.compile(r"<link[^>]*\bhref\s*=\s*[\"']?(?:https?:)?//[^>]*>", re.I),
    re.compile(r"<(?:iframe|img|source|video|audio|embed|object)[^>]*\b(?:src|data)\s*=\s*[\"']?(?:https?:)?//", re.I),
    re.compile(r"url\(\s*[\"']?(?:https?:)?//", re.I),
    re.compile(r"@import\s+(?:url\()?\s*[\"']?(?:https?:)?//", re.I),
    re.compile(r"\bimport\s*\(\s*[\"'](?:https?:)?//", re.I),
    re.compile(r"\bfrom\s+[\"'](?:https?:)?//", re.I),
    # any address on the usual CDNs and font hosts, even outside a tag (a script may build it)
    re.compile(r"(?:https?:)?//(?:cdn\.jsdelivr\.net|unpkg\.com|cdnjs\.cloudflare\.com|"
               r"fonts\.googleapis\.com|fonts\.gstatic\.com|esm\.sh|cdn\.skypack\.dev)", re.I),
]
#: A <link> to another server that only names something (not a style sheet, font or script).
HARMLESS_LINK = re.compile(r"rel=[\"']?(?:canonical|license|author|alternate)", re.I)


def external_loads(text: str) -> list[str]:
    """Every place in ``text`` that would load something from another server."""
    found = []
    for pattern in EXTERNAL_LOADS:
        for match in pattern.finditer(text):
            snippet = text[max(0, match.start() - 40):match.end() + 80]
            if pattern is EXTERNAL_LOADS[1] and HARMLESS_LINK.search(match.group(0)):
                continue
            found.append(snippet.replace("\n", " "))
    return found


def test_the_external_load_search_finds_what_it_must():
    assert external_loads('<script src="https://cdn.jsdelivr.net/npm/vega@6"></script>')
    assert external_loads("<link rel='stylesheet' href='//fonts.example.org/x.css'>")
    assert external_loads("@font-face { src: url(https://example.org/f.woff2) }")
    assert external_loads('import x from "https://esm.sh/vega"')
    assert external_loads('const url = "https://unpkg.com/" + name;')
    assert not external_loads('<a href="https://www.nist.gov/report">NIST</a>')
    assert not external_loads("<p>Quarto loads require.js and Vega from CDNs.</p>")
    assert not external_loads('<script src="_static/ftn/twin.js"></script>')


def test_every_page_script_style_and_font_comes_from_the_site(built_site):
    problems = {}
    for path in built_site.rglob("*"):
        if path.suffix in {".html", ".js", ".css"} and path.is_file() and path.name != "vega.js":
            found = external_loads(path.read_text(encoding="utf-8", errors="replace"))
            if found:
                problems[str(path.relative_to(built_site))] = found[:3]
    assert not problems, json.dumps(problems, indent=1)[:4000]


def test_the_vega_bundle_loads_nothing_from_elsewhere(built_site):
    bundle = (built_site / "_static" / "ftn" / "vega.js").read_text(encoding="utf-8")
    assert "window.vegaEmbed" in bundle and len(bundle) > 500_000
    # Vega names its schema and the online editor in strings; it loads neither (the charts
    # are drawn with actions off). Nothing else from another server may appear.
    addresses = set(re.findall(r"https?://[A-Za-z0-9.\-]+[^\s\"'`)]*", bundle))
    allowed = ("http://www.w3.org/", "https://vega.github.io/schema/", "https://vega.github.io/editor",
               "https://github.com/vega/")
    assert not [a for a in addresses if not a.startswith(allowed)], addresses


def test_every_lesson_is_a_page_executed_with_its_outputs(built_site):
    for lesson in LESSONS:
        page = (built_site / "lessons" / f"{lesson}.html").read_text(encoding="utf-8")
        assert "cell_output" in page, f"{lesson} has no outputs: was it executed?"
        assert "Traceback" not in page, f"{lesson} shows an error"
        assert "application/vnd.jupyter.widget-view+json" not in page, (
            f"{lesson} holds a widget, which would be frozen without a kernel")
        assert "Key points" in page and "Sources" in page or lesson in {"00-start-here", "python-for-this-course"}


def test_every_calculator_has_a_twin_on_the_site(built_site):
    found = set()
    for path in built_site.rglob("*.html"):
        found |= set(re.findall(r'class="ftn-twin" data-function="([a-z_]+)"', path.read_text(encoding="utf-8")))
    assert found == set(FUNCTIONS)
    calculators_page = (built_site / "calculators.html").read_text(encoding="utf-8")
    assert set(re.findall(r'data-function="([a-z_]+)"', calculators_page)) == set(FUNCTIONS)


def test_the_site_has_the_guide_the_map_search_and_the_downloads(built_site):
    assert (built_site / "docs" / "instructor-guide.html").exists()
    assert (built_site / "docs" / "data-notes.html").exists()
    assert (built_site / "search.html").exists() and (built_site / "searchindex.js").exists()
    index = (built_site / "index.html").read_text(encoding="utf-8")
    assert "Course map" in index or "Lesson" in index
    for lesson in LESSONS:
        assert f"lessons/{lesson}.html" in index, f"the course map does not link {lesson}"
    downloads = (built_site / "downloads.html").read_text(encoding="utf-8")
    for exercise in (ROOT / "exercises").glob("*.ipynb"):
        assert exercise.name in downloads
        assert list(built_site.glob(f"_downloads/*/{exercise.name}")), exercise.name
    words = re.sub(r"<[^>]+>", "", downloads)
    assert "python -m venv" in words and "make lab" in words and "lock.txt" in words


def test_the_downloaded_exercises_are_the_repository_s(built_site):
    for exercise in (ROOT / "exercises").glob("*.ipynb"):
        copies = [p for p in built_site.glob(f"_downloads/*/{exercise.name}")
                  if p.read_bytes() == exercise.read_bytes()]
        assert copies, f"no exact copy of exercises/{exercise.name} among the downloads"


def test_without_solutions_the_staged_site_links_no_solution(tmp_path):
    site_build.stage(tmp_path / "source", solutions=False)
    staged = tmp_path / "source"
    assert not (staged / "solutions").exists()
    for page in list(staged.glob("*.md")):
        links = re.findall(r"\]\((?:path:)?solutions/|<solutions/", page.read_text(encoding="utf-8"))
        assert not links, page.name
    site_build.stage(tmp_path / "with", solutions=True)
    assert "solutions/04-base-rates.ipynb" in (tmp_path / "with" / "downloads.md").read_text()


def test_the_site_pages_list_is_complete(built_site):
    found = pages(built_site)
    for lesson in LESSONS:
        assert f"lessons/{lesson}.html" in found
    assert {"index.html", "calculators.html", "downloads.html", "about.html"} <= set(found)


def test_the_site_carries_each_lessons_slides_and_handout(built_site):
    index = (built_site / "index.html").read_text(encoding="utf-8")
    assert 'href="slides/index.html"' in index
    decks = (built_site / "slides" / "index.html").read_text(encoding="utf-8")
    for lesson in LESSONS:
        if lesson[:2].isdigit():
            assert (built_site / "slides" / f"{lesson}.html").is_file(), lesson
            assert (built_site / "handouts" / f"{lesson}.html").is_file(), lesson
            assert f"{lesson}.html" in decks, lesson
    assert (built_site / "slides" / "reveal.js" / "dist" / "reveal.js").is_file()


def test_no_page_carries_saved_widget_state(built_site):
    """The kernels' widgets are not saved into the pages: nothing would read them."""
    for path in built_site.rglob("*.html"):
        assert "application/vnd.jupyter.widget-state+json" not in path.read_text(encoding="utf-8"), path.name
