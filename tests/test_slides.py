"""Slides and handouts (issue 20, item 4): built from the lessons, offline, and printable.

The decks and handouts are built once for the module (every lesson, each executed once)
into a temporary folder. In-process tests check what the slides are made of and that nothing
is loaded from the web; the browser tests (marker ``browser``) open every deck in Debian's
Chromium from file://, refuse and record any other request, page through with the keyboard,
print the ``?print-pdf`` view and the handouts to PDF, and run axe-core. Every rule is also
shown to catch a doctored copy.
"""

from __future__ import annotations

import html
import json
import re
import shutil
from pathlib import Path

import nbformat
import pytest

import axe_support as axe
import browser_support as bs
from facenumbers.slides import build, charts, content, handouts
from facenumbers.slides.__main__ import main, peer_questions

ROOT = Path(__file__).resolve().parents[1]
LESSONS = content.lesson_paths(ROOT)
CODES = [path.name[:2] for path in LESSONS]
#: The reveal.js version nbconvert's reveal template (in the locked nbconvert) is written for.
TEMPLATE = next((Path(folder) / "reveal" / "index.html.j2" for folder in
                 __import__("jupyter_core.paths").paths.jupyter_path("nbconvert", "templates")
                 if (Path(folder) / "reveal" / "index.html.j2").is_file()), Path("reveal/index.html.j2"))


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    """Every deck and handout, built once: (slides folder, handouts folder, outlines)."""
    out = tmp_path_factory.mktemp("build")
    try:
        build.build_all(ROOT, out / "slides", out / "handouts", votes=peer_questions())
    except FileNotFoundError as missing:  # reveal.js not installed (npm ci)
        bs.skip_or_fail(str(missing))
    outlines = {path.name[:2]: content.lesson_outline(path) for path in LESSONS}
    return out / "slides", out / "handouts", outlines


def _deck(built, code: str) -> Path:
    return built[0] / f"{built[2][code].stem}.html"


def _sections(text: str) -> int:
    """How many slides a deck has: its outermost <section> elements (each holds one slide's
    stack, as nbconvert's reveal template writes it)."""
    depth = count = 0
    for tag in re.findall(r"<(/?)section\b", text):
        if tag:
            depth -= 1
        else:
            count += depth == 0
            depth += 1
    return count


# -- what the slides are made of -------------------------------------------------------------
def test_every_key_chart_names_exactly_one_cell_of_its_lesson():
    assert content.key_chart_problems(ROOT) == []
    doctored = (content.KeyChart("07", "widget"), content.KeyChart("07", "no such cell"),
                content.KeyChart("42", "x"))
    problems = content.key_chart_problems(ROOT, doctored)
    assert len(problems) == 3, problems
    assert "matches 0 code cells" in problems[1] and "not one of" in problems[2]


def test_every_key_chart_yields_a_drawn_chart_with_its_summary(built):
    for code, outline in built[2].items():
        text = _deck(built, code).read_text()
        # nbconvert re-serialises the page (attributes in alphabetical order)
        figures = re.findall(r'<figure class="slide-chart"><svg aria-label="([^"]+)"[^>]*role="img"',
                             text)
        assert len(figures) == len(outline.charts), code
        assert text.count("<strong>In words:</strong>") == len(outline.charts), code
    assert sum(len(o.charts) for o in built[2].values()) == len(content.KEY_CHARTS)


def test_a_cell_that_shows_no_chart_is_refused():
    with pytest.raises(TypeError, match="widget must be a displayed course chart"):
        charts.chart_figure(nbformat.v4.new_notebook(), None)


def test_the_summary_is_the_charts_module_one_or_the_lessons_own(built):
    seven = _deck(built, "07").read_text()
    from facenumbers import data
    from facenumbers.charts.tradeoffs import describe_breaches

    assert describe_breaches(data.load("biometric_breaches")) in html.unescape(seven)
    one = built[2]["01"]
    said = charts.lesson_in_words(one, one.charts[0][1])
    assert said.startswith("81% of the countries") and said in " ".join(
        one.notebook.cells[one.charts[0][1] + 1].source.split())


def test_slides_follow_the_lesson(built):
    for code, outline in built[2].items():
        text = _deck(built, code).read_text()
        figures = [{"svg": "<svg></svg>", "summary": "s"}] * len(outline.charts)
        votes = peer_questions().get(code, [])
        notebook = build.slide_notebook(outline, figures, votes=votes)
        assert _sections(text) == build.count_slides(notebook), code
        assert 5 <= build.count_slides(build.slide_notebook(outline, figures)) <= 18, code
        assert build.count_slides(notebook) == build.count_slides(
            build.slide_notebook(outline, figures)) + len(votes), code
        assert f"<title>{outline.title} slides</title>" in text
        if outline.question:
            assert outline.question in html.unescape(text)
        for section in outline.sections:
            assert f"{section.number}. " in text, (code, section.title)
        for calculator in outline.calculators:
            assert calculator.question in html.unescape(text), (code, calculator.title)
        assert "Key points" in text and "Learning objectives" in text and "Sources" in text
        assert text.count('<aside class="notes">') >= len(outline.sections)
        assert outline.time_line.split(" (")[0] in text, code


def test_each_peer_instruction_question_is_a_slide_without_its_answer(built):
    from facenumbers.teaching import peer_instruction

    for code in built[2]:
        text = html.unescape(_deck(built, code).read_text())
        questions = peer_instruction.questions_for(code)
        assert f"Vote {len(questions)} of {len(questions)}" in text, code
        for question in questions:
            assert " ".join(question.stem.split()) in " ".join(text.split()), question.id
            assert question.explanation.split(".")[0] not in text, question.id


def test_a_section_slide_copies_the_lessons_own_prompt():
    outline = content.lesson_outline(ROOT / "lessons" / "04-base-rates.ipynb")
    source = " ".join("\n".join(c.source for c in outline.notebook.cells).split())
    prompts = [p for s in outline.sections for p in s.prompt]
    assert prompts and all(" ".join(p.split()) in source for p in prompts)
    assert 2 <= len(outline.discussion) <= content.DISCUSSION_PROMPTS


def test_extra_discussion_prompts_are_added_and_bad_lesson_codes_refused(tmp_path):
    outline = content.lesson_outline(ROOT / "lessons" / "00-start-here.ipynb")
    plain = build.slide_notebook(outline, [])
    added = build.slide_notebook(outline, [], ["Vote: is 850 million 65% of China?"])
    assert build.count_slides(added) == build.count_slides(plain) + (0 if outline.discussion else 1)
    assert "Vote: is 850 million 65% of China?" in build.deck_html(added)
    with pytest.raises(ValueError, match="lesson code must be one of"):
        build.build_all(ROOT, tmp_path / "s", extra_discussion={"42": ["?"]})
    assert main(["--root", str(ROOT), "--out", str(tmp_path / "s"), "--lesson", "42"]) == 1
    with pytest.raises(ValueError, match="there are no lessons in"):
        build.build_all(tmp_path, tmp_path / "s")


def test_every_handout_formula_is_stated_by_its_lesson():
    assert set(handouts.FORMULAS) == set(CODES)
    assert handouts.formula_problems(ROOT) == []
    doctored = {"04": (handouts.Formula("Made up", "PPV = 42", ("PPV = h + p",)),), "42": ()}
    problems = handouts.formula_problems(ROOT, doctored)
    assert len(problems) == 2 and "never says 'PPV = h + p'" in problems[0]


def test_handouts_hold_questions_key_points_and_formulas(built):
    for code, outline in built[2].items():
        page = (built[1] / f"{outline.stem}.html").read_text()
        assert "<h2>Questions</h2>" in page and "<h2>Key points</h2>" in page and "<h2>Formulas</h2>" in page
        for formula in handouts.FORMULAS[code]:
            assert formula.text in html.unescape(page)
        assert "MathJax" not in page and "@page" in page


# -- nothing from the web; a folder that stands alone -----------------------------------------
def test_nothing_is_loaded_from_the_web(built):
    pages = sorted(built[0].glob("*.html")) + sorted(built[1].glob("*.html"))
    assert len(pages) == 2 * len(CODES) + 1
    for page in pages:
        text = page.read_text()
        assert build.external_references(text) == [], page.name
        assert "require.js" not in text and "mathjax" not in text.lower(), page.name
    doctored = ('<script src="https://cdn.example/reveal.js"></script><link rel="stylesheet" href="//cdn.example/a.css">'
                '<style>@import url("https://fonts.example/f.css"); b { background: url(http://x.example/i.png) }</style>'
                '<script type="module">import m from "https://esm.example/m.js";</script>'
                '<a href="https://www.nist.gov/">a source</a>')
    assert build.external_references(doctored) == [
        "//cdn.example/a.css", "http://x.example/i.png", "https://cdn.example/reveal.js",
        "https://esm.example/m.js", "https://fonts.example/f.css"]


def test_the_slides_folder_is_self_contained(built, tmp_path):
    for page in sorted(built[0].glob("*.html")):  # the decks and index.html (which links the handouts)
        assert build.missing_local_files(page) == [], page.name
    assert len(re.findall(r'href="\.\./handouts/', (built[0] / "index.html").read_text())) == len(CODES)
    assert (built[0] / "reveal.js" / "dist" / "reveal.js").is_file()
    assert (built[0] / "reveal.js" / "plugin" / "notes" / "notes.js").is_file()
    copy = tmp_path / "slides"
    shutil.copytree(built[0], copy)
    (copy / "reveal.js" / "plugin" / "notes" / "notes.js").unlink()
    assert build.missing_local_files(copy / "04-base-rates.html") == ["reveal.js/plugin/notes/notes.js"]


def test_reveal_is_pinned_exactly_at_the_version_the_template_is_written_for(tmp_path):
    pinned = build.reveal_version(ROOT)
    template = TEMPLATE.read_text() if TEMPLATE.is_file() else ""
    written_for = re.search(r"reveal\.js@(\d+)\.", template)
    assert written_for, f"nbconvert's reveal template not found at {TEMPLATE}"
    assert pinned.split(".")[0] == written_for[1]
    lock = json.loads((ROOT / "package-lock.json").read_text())
    entry = lock["packages"]["node_modules/reveal.js"]
    assert entry["version"] == pinned and "resolved" not in entry and entry["integrity"].startswith("sha512-")
    assert lock["packages"][""]["devDependencies"]["reveal.js"] == pinned
    (tmp_path / "package.json").write_text(json.dumps({"devDependencies": {"reveal.js": "^4.0.2"}}))
    with pytest.raises(ValueError, match="pin reveal.js to one exact version"):
        build.reveal_version(tmp_path)


def test_docs_say_how_to_build_present_and_print():
    text = (ROOT / "docs" / "slides.md").read_text()
    for needed in ("python -m facenumbers.slides", "make slides", "?print-pdf", "speaker view",
                   "Background graphics", "handout", "calculators"):
        assert needed.lower() in text.lower(), needed


# -- in Chromium --------------------------------------------------------------------------
chromium = pytest.fixture(scope="module", name="chromium")(bs.module_chromium)


class _Page:
    """A page in a fresh context that refuses, and records, every request off file:// and
    127.0.0.1, and records console errors."""

    def __init__(self, chromium, viewport=(1280, 900)):
        self.context = chromium.browser.new_context(viewport={"width": viewport[0], "height": viewport[1]})
        self.refused: list[str] = []
        self.errors: list[str] = []
        self.context.route("**/*", self._route)
        self.page = self.context.new_page()
        self.page.on("console", lambda m: self.errors.append(m.text) if m.type == "error" else None)
        self.page.on("pageerror", lambda e: self.errors.append(f"page error: {e}"))

    def _route(self, route):
        url = route.request.url
        if url.startswith(("file://", "data:", "blob:", "http://127.0.0.1")):
            route.continue_()
        else:
            self.refused.append(url)
            route.abort()

    def open_deck(self, path: Path, query: str = "") -> None:
        self.page.goto(path.resolve().as_uri() + query)
        self.page.wait_for_function("() => window.Reveal && Reveal.isReady()", timeout=20_000)

    def close(self) -> None:
        self.context.close()


def _pdf_pages(pdf: bytes) -> int:
    return len(re.findall(rb"/Type\s*/Page(?!s)", pdf))


#: Slide contents taller than reveal's 700-pixel slide, by slide index.
_OVERFLOWING_JS = """() => Reveal.getSlides().map((s, i) => [i, s.scrollHeight]).filter(([i, h]) => h > 700)"""


@pytest.mark.browser
def test_every_deck_loads_offline_pages_by_keyboard_and_fits(built, chromium):
    for code, outline in built[2].items():
        deck = _deck(built, code)
        expected = _sections(deck.read_text())
        view = _Page(chromium)
        try:
            view.open_deck(deck)
            assert view.page.evaluate("Reveal.getTotalSlides()") == expected, code
            view.page.keyboard.press("ArrowRight")
            view.page.keyboard.press("ArrowRight")
            assert view.page.evaluate("Reveal.getIndices().h") == 2, code
            view.page.keyboard.press("ArrowLeft")
            assert view.page.evaluate("Reveal.getIndices().h") == 1, code
            view.page.keyboard.press("End")
            assert view.page.evaluate("Reveal.getIndices().h") == expected - 1, code
            assert view.page.evaluate(_OVERFLOWING_JS) == [], code
            assert view.errors == [] and view.refused == [], (code, view.errors, view.refused)
        finally:
            view.close()


@pytest.mark.browser
def test_the_speaker_view_opens_with_the_notes_offline(built, chromium):
    view = _Page(chromium)
    try:
        view.open_deck(_deck(built, "04"))
        with view.context.expect_page() as opened:
            view.page.keyboard.press("s")
        speaker = opened.value
        speaker.wait_for_selector(".speaker-controls-notes")
        notes = speaker.locator(".speaker-controls-notes").inner_text()
        assert built[2]["04"].time_line.split(" (")[0] in notes
        assert view.errors == [] and view.refused == [], (view.errors, view.refused)
    finally:
        view.close()


@pytest.mark.browser
def test_a_refused_request_and_an_overflowing_slide_are_caught(built, chromium, tmp_path):
    deck = _deck(built, "04")
    doctored = tmp_path / deck.name
    shutil.copytree(built[0] / "reveal.js", tmp_path / "reveal.js")
    doctored.write_text(deck.read_text().replace(
        "<h2", '<img alt="x" src="https://cdn.example/x.png"><div style="height:2000px"></div><h2', 1))
    view = _Page(chromium)
    try:
        view.open_deck(doctored)
        assert view.refused == ["https://cdn.example/x.png"]
        assert view.page.evaluate(_OVERFLOWING_JS) != []
    finally:
        view.close()


@pytest.mark.browser
def test_print_pdf_gives_one_page_per_slide(built, chromium):
    for code in built[2]:
        deck = _deck(built, code)
        view = _Page(chromium)
        try:
            view.open_deck(deck, "?print-pdf")
            view.page.wait_for_selector(".pdf-page")
            pdf = view.page.pdf(prefer_css_page_size=True, print_background=True)
            assert _pdf_pages(pdf) == _sections(deck.read_text()), code
            assert view.errors == [] and view.refused == [], code
        finally:
            view.close()


@pytest.mark.browser
def test_each_handout_prints_on_one_page_at_a4_and_letter(built, chromium, tmp_path):
    pages = sorted(built[1].glob("*.html"))
    doctored = tmp_path / "long.html"
    text = pages[0].read_text()
    doctored.write_text(text.replace("<h2>Formulas</h2>", "<p>Too long.</p>" * 120 + "<h2>Formulas</h2>"))
    for page in pages + [doctored]:
        view = _Page(chromium)
        try:
            view.page.goto(page.resolve().as_uri())
            for size in ("A4", "Letter"):
                count = _pdf_pages(view.page.pdf(format=size, print_background=True))
                if page == doctored:
                    assert count > 1, "a handout too long for one page must be caught"
                else:
                    assert count == 1, (page.name, size, count)
            assert view.errors == [] and view.refused == [], page.name
        finally:
            view.close()


@pytest.mark.browser
def test_axe_finds_nothing_serious_on_a_deck_and_a_handout(built, chromium):
    reason = axe.axe_unavailable_reason()
    if reason:
        bs.skip_or_fail(reason)
    view = _Page(chromium)
    try:
        view.open_deck(_deck(built, "07"))
        for index in range(view.page.evaluate("Reveal.getTotalSlides()")):
            view.page.evaluate(f"Reveal.slide({index})")
            found = axe.run_axe(view.page, ".reveal")
            assert found == [], (index, axe.format_violations(found))
        view.page.goto((built[1] / f"{built[2]['04'].stem}.html").resolve().as_uri())
        found = axe.run_axe(view.page)
        assert found == [], axe.format_violations(found)
        view.page.evaluate("document.querySelector('h1').style.color = '#eee'")  # doctored: no contrast
        assert any(v["id"] == "color-contrast" for v in axe.run_axe(view.page))
    finally:
        view.close()
