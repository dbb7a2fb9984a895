"""Build a lesson's slides: a slide notebook, then a reveal.js deck by nbconvert, offline.

:func:`slide_notebook` turns a :class:`~facenumbers.slides.content.LessonOutline` and its
drawn key charts into a notebook whose cells carry Jupyter's ``slideshow`` metadata (the
same a teacher sets in JupyterLab's property inspector), with speaker notes. :func:`deck_html`
exports it with nbconvert's ``SlidesExporter``, through a small template of our own that
extends nbconvert's reveal template and loads reveal.js from ``reveal_url_prefix`` (a local
copy, :func:`copy_reveal`) without require.js, jQuery, MathJax, Mermaid or the widget
manager, which the template would otherwise fetch from CDNs. :func:`external_references`
finds anything still loaded from the web; :func:`build_all` refuses to write a deck that has
one.

Slides per lesson: a title slide; the Questions and the learning objectives; one slide per
numbered section (its title, its "Predict first." prompt or its questions, its first key
chart or its calculators); one more per further chart of a section; the discussion prompts
(and any ``extra_discussion``); the key points; the outlets of the sources.

>>> from pathlib import Path
>>> from facenumbers.slides.content import lesson_outline
>>> root = Path(__file__).resolve().parents[3]
>>> notebook = slide_notebook(lesson_outline(root / "lessons" / "04-base-rates.ipynb"), [])
>>> count_slides(notebook)
12
>>> external_references('<script src="https://example.org/x.js"></script><a href="https://example.org">x</a>')
['https://example.org/x.js']
"""

from __future__ import annotations

import html
import json
import re
import shutil
from collections.abc import Mapping, Sequence
from pathlib import Path

import nbformat
from jinja2 import DictLoader
from nbconvert.exporters import SlidesExporter

from facenumbers.slides.content import LessonOutline, Section

__all__ = [
    "REVEAL_FILES", "build_all", "copy_reveal", "count_slides", "deck_html", "external_references",
    "index_html", "missing_local_files", "reveal_version", "slide_notebook",
]

#: The reveal.js files a deck needs, copied from ``node_modules/reveal.js`` (npm, pinned).
REVEAL_FILES = ("LICENSE", "dist/reveal.js", "dist/reveal.css", "dist/reset.css",
                "dist/theme/white.css", "dist/theme/fonts/source-sans-pro", "plugin/notes/notes.js")
#: Where the decks find reveal.js, relative to the deck (so file:// and any host work).
REVEAL_PREFIX = "reveal.js"
TEMPLATE_NAME = "facenumbers_slides.html.j2"

_TEMPLATE = """{%- extends 'index.html.j2' -%}
{%- block html_head_js -%}{%- endblock html_head_js -%}
{%- block jupyter_widgets -%}{%- endblock jupyter_widgets -%}
{%- block html_head_js_mathjax -%}{%- endblock html_head_js_mathjax -%}
{%- block rawcell scoped -%}
{%- if cell.metadata.get('raw_mimetype', '').lower() == 'text/html' -%}
<div class="jp-RenderedHTMLCommon slide-html">{{ cell.source }}</div>
{%- endif -%}
{%- endblock rawcell -%}
{%- block html_head_css -%}
<style type="text/css">{{ resources.facenumbers_css }}</style>
{%- endblock html_head_css -%}
{% block footer_js %}
<script src="{{ resources.reveal.url_prefix }}/dist/reveal.js"></script>
<script src="{{ resources.reveal.url_prefix }}/plugin/notes/notes.js"></script>
<script>
Reveal.initialize({
  controls: true, progress: true, history: true, hash: true, center: false,
  transition: "none", slideNumber: "c/t", width: 960, height: 700, margin: 0.04,
  pdfMaxPagesPerSlide: 1, pdfSeparateFragments: false, plugins: [RevealNotes]
});
</script>
{% endblock footer_js %}
"""

#: Our style on top of nbconvert's: sizes for a 960 x 700 slide, system fonts, print colours.
SLIDE_CSS = """
.reveal, .reveal .jp-RenderedHTMLCommon { font-family: system-ui, -apple-system, "Segoe UI", Roboto,
  "Helvetica Neue", Arial, sans-serif; color: #1a1a1a; }
.reveal .slides { text-align: left; }
.reveal .slides section { padding: 0 8px; }
.reveal .jp-RenderedHTMLCommon { font-size: 21px; line-height: 1.35; padding-right: 0; }
.reveal .jp-RenderedHTMLCommon h1, .reveal .jp-RenderedHTMLCommon h2,
.reveal .jp-RenderedHTMLCommon h3 { text-transform: none; font-family: inherit; color: #1a1a1a;
  font-weight: 650; letter-spacing: 0; }
.reveal .jp-RenderedHTMLCommon h1 { font-size: 44px; margin: 120px 0 24px; line-height: 1.15; }
.reveal .jp-RenderedHTMLCommon h2 { font-size: 32px; margin: 0 0 14px; line-height: 1.2; }
.reveal .jp-RenderedHTMLCommon h2 + * { margin-top: 0; }
.reveal .jp-RenderedHTMLCommon p, .reveal .jp-RenderedHTMLCommon li { margin: 0 0 8px; }
.reveal .jp-RenderedHTMLCommon blockquote { border-left: 5px solid #0072B2; margin: 12px 0;
  padding: 4px 16px; color: #1a1a1a; font-style: normal; }
.reveal .jp-RenderedHTMLCommon code { font-size: 90%; }
.reveal .deck-question { font-size: 28px; font-style: italic; }
.reveal .deck-meta { font-size: 18px; color: #444; margin-top: 40px; }
.reveal .slide-chart { margin: 6px 0 0; }
.reveal .slide-chart svg { width: 100%; height: 430px; display: block; }
.reveal .slide-chart figcaption { font-size: 19px; margin-top: 6px; }
.reveal .calculator { border: 2px solid #0072B2; border-radius: 8px; padding: 10px 16px; margin: 12px 0; }
.reveal .calculator h3 { font-size: 24px; margin: 0 0 6px; }
.reveal .where { font-size: 16px; color: #444; }
.reveal .dense { font-size: 18px; line-height: 1.3; }
.reveal .sources li { margin-bottom: 4px; }
.reveal a { color: #005a8c; }
.reveal .progress { color: #0072B2; }
.reveal .slide-number { color: #1a1a1a; background: #fff; }
/* reveal.js 4.0 breaks the page after every slide, the last too: one blank page at the end. */
html.print-pdf .reveal .slides .pdf-page:last-of-type { page-break-after: auto; break-after: auto; }
"""


def reveal_version(root: Path) -> str:
    """The reveal.js version ``package.json`` pins exactly ("4.0.2"); ValueError otherwise."""
    pinned = json.loads((Path(root) / "package.json").read_text())["devDependencies"].get("reveal.js", "")
    if not re.fullmatch(r"\d+\.\d+\.\d+", pinned):
        raise ValueError(f"package.json must pin reveal.js to one exact version; got {pinned!r}.")
    return pinned


def copy_reveal(root: Path, out: Path) -> Path:
    """Copy the reveal.js files the decks need (:data:`REVEAL_FILES`) into ``out/reveal.js``.

    Raises FileNotFoundError (saying to run ``npm ci``) when reveal.js is not installed, and
    ValueError when the installed version is not the one package.json pins.
    """
    source = Path(root) / "node_modules" / "reveal.js"
    if not (source / "package.json").is_file():
        raise FileNotFoundError(f"reveal.js not found at {source}; install it with `npm ci` "
                                "(from package-lock.json, into node_modules).")
    installed = json.loads((source / "package.json").read_text())["version"]
    if installed != reveal_version(root):
        raise ValueError(f"node_modules has reveal.js {installed}, package.json pins "
                         f"{reveal_version(root)}: run `npm ci`.")
    target = Path(out) / REVEAL_PREFIX
    shutil.rmtree(target, ignore_errors=True)
    for name in REVEAL_FILES:
        (target / name).parent.mkdir(parents=True, exist_ok=True)
        if (source / name).is_dir():
            shutil.copytree(source / name, target / name)
        else:
            shutil.copy2(source / name, target / name)
    return target


def _markdown(source: str, slide_type: str = "-") -> nbformat.NotebookNode:
    return nbformat.v4.new_markdown_cell(source, metadata={"slideshow": {"slide_type": slide_type}})


def _raw_html(source: str) -> nbformat.NotebookNode:
    return nbformat.v4.new_raw_cell(source, metadata={"raw_mimetype": "text/html",
                                                      "slideshow": {"slide_type": "-"}})


def _notes(text: str) -> nbformat.NotebookNode:
    return _markdown(text, "notes")


def _figure(figure: Mapping[str, str]) -> str:
    summary = html.escape(figure["summary"]) if figure.get("summary") else ""
    caption = f"<figcaption><strong>In words:</strong> {summary}</figcaption>" if summary else ""
    return f'<figure class="slide-chart">{figure["svg"]}{caption}</figure>'


def _calculators_box(outline: LessonOutline, section: Section | None) -> str:
    found = [c for c in outline.calculators if section is None or c.cell in section.cells]
    if len(found) > 2:  # a toolkit: one line each
        items = "".join(f"<li><strong>{html.escape(c.title)}</strong> (<code>{c.function}()</code>): "
                        f"{html.escape(c.question)}</li>" for c in found)
        return (f'<div class="calculator dense"><h3>Calculators: predict first</h3><ul>{items}</ul>'
                '<p class="where">Open them live in the notebook: '
                "<code>from facenumbers.calculators import ...</code></p></div>")
    boxes = []
    for calculator in found:
        boxes.append(
            '<div class="calculator">'
            f"<h3>Calculator: {html.escape(calculator.title)}</h3>"
            f"<p><strong>Predict first:</strong> {html.escape(calculator.question)}</p>"
            f'<p class="where">Open it live in the notebook: <code>from facenumbers.calculators '
            f"import {calculator.function}</code>, then <code>{calculator.function}()</code>.</p>"
            "</div>")
    return "".join(boxes)


def slide_notebook(outline: LessonOutline, figures: Sequence[Mapping[str, str]],
                   extra_discussion: Sequence[str] = (),
                   votes: Sequence[str] = ()) -> nbformat.NotebookNode:
    """The slide notebook of one lesson: cells with ``slideshow`` metadata and speaker notes.

    ``figures`` are the drawn key charts (from :func:`facenumbers.slides.charts.draw_key_charts`,
    in the order of ``outline.charts``); ``extra_discussion`` adds prompts (Markdown) to the
    discussion slide, after the lesson's own. Each of ``votes`` (a question's stem, then one
    line per option such as ``A. ...``) gets a slide of its own, before the discussion.
    """
    lesson_file = f"lessons/{outline.stem}.ipynb"
    cells = []
    title = f"# {outline.title}"
    if outline.question:
        title += f'\n\n<p class="deck-question">{html.escape(outline.question)}</p>'
    title += f'\n\n<p class="deck-meta">Face the Numbers: slides for <code>{lesson_file}</code></p>'
    cells += [_markdown(title, "slide"),
              _notes(f"{outline.time_line}\n\nThe calculators, and every figure with its source, "
                     f"are live in the lesson: `{lesson_file}`.")]
    cells += [_markdown(f'<div class="dense">\n\n## Questions\n\n{outline.questions}\n\n'
                        f'## Learning objectives\n\n{outline.objectives}\n\n</div>', "slide"),
              _notes("Ask the questions before the lesson; come back to them at the end.")]
    charts_by_section: dict[int, list[Mapping[str, str]]] = {}
    for (chart, index), figure in zip(outline.charts, figures):
        section = outline.section_of(index)
        charts_by_section.setdefault(section.number if section else 0, []).append(figure)
    for section in outline.sections:
        shown = charts_by_section.get(section.number, [])
        has_calculator = any(c.cell in section.cells for c in outline.calculators)
        body = f"## {section.number}. {section.title}"
        prompt = [p for p in section.prompt if not (has_calculator and p.startswith("**Predict first.**"))]
        if prompt:
            body += "\n\n" + "\n\n".join(f"> {p}" for p in prompt)
        cells.append(_markdown(body, "slide"))
        if shown:
            cells.append(_raw_html(_figure(shown[0])))
        elif has_calculator:
            cells.append(_raw_html(_calculators_box(outline, section)))
        cells.append(_notes(f"Section {section.number} of `{lesson_file}`."))
        rest = shown[1:] + ([None] if shown and has_calculator else [])
        for figure in rest:
            cells.append(_markdown(f"## {section.number}. {section.title} (continued)", "slide"))
            cells.append(_raw_html(_figure(figure) if figure else _calculators_box(outline, section)))
    for number, vote in enumerate(votes, 1):
        stem, *options = [line for line in vote.splitlines() if line.strip()]
        listed = "\n".join(f"- **{html.escape(o[:2])}** {html.escape(o[2:].strip())}" for o in options)
        cells.append(_markdown(f"## Vote {number} of {len(votes)}\n\n{html.escape(stem)}\n\n{listed}",
                               "slide"))
        cells.append(_notes("Vote alone; pairs who chose differently talk for two minutes; vote "
                            "again. The answer and what to say: docs/peer-instruction.md."))
    prompts = [f"{text} <span class=\"where\">({html.escape(where)})</span>"
               for where, text in outline.discussion] + list(extra_discussion)
    if prompts:
        cells.append(_markdown("## Discussion\n\n" + "\n".join(f"{n}. {p}" for n, p in enumerate(prompts, 1)),
                               "slide"))
        cells.append(_notes("Two or three minutes alone, then pairs, then the room."))
    cells.append(_markdown(f'<div class="dense">\n\n## Key points\n\n{outline.key_points}\n\n</div>', "slide"))
    lines = [f"- **{html.escape(heading)}**: {', '.join(hosts)}" for heading, hosts in outline.sources]
    cells.append(_markdown(
        '<div class="dense sources">\n\n## Sources\n\nWhere the figures come from (the outlets\' web '
        "sites); titles, dates and full addresses are in the lesson's Sources section.\n\n"
        + "\n".join(lines) + "\n\n</div>", "slide"))
    notebook = nbformat.v4.new_notebook(cells=cells)
    notebook.metadata["title"] = outline.title
    notebook.metadata["language_info"] = {"name": "python"}
    return notebook


def count_slides(notebook: nbformat.NotebookNode) -> int:
    """How many slides a slide notebook makes (its cells of slide type "slide")."""
    return sum(1 for cell in notebook.cells
               if cell.metadata.get("slideshow", {}).get("slide_type") == "slide")


def deck_html(notebook: nbformat.NotebookNode) -> str:
    """The reveal.js deck of a slide notebook, by nbconvert's SlidesExporter (offline)."""
    exporter = SlidesExporter(
        extra_loaders=[DictLoader({TEMPLATE_NAME: _TEMPLATE})], template_file=TEMPLATE_NAME,
        reveal_url_prefix=REVEAL_PREFIX, reveal_theme="white", reveal_transition="none",
        exclude_input_prompt=True, exclude_output_prompt=True,
    )
    body, _ = exporter.from_notebook_node(
        notebook, resources={"facenumbers_css": SLIDE_CSS, "language_code": "en"})
    return body


_TAG = re.compile(r"<([a-zA-Z][\w:-]*)\b([^>]*)>")
_ATTRIBUTE = re.compile(r"""\b(src|href|xlink:href|data|poster|srcset|action)\s*=\s*["']?\s*((?:https?:)?//[^"'\s>]+)""",
                        re.IGNORECASE)
_CSS_URL = re.compile(r"""(?:@import\s+(?:url\()?|url\()\s*["']?\s*((?:https?:)?//[^"')\s]+)""", re.IGNORECASE)
_JS_IMPORT = re.compile(r"""\bimport\b[^;'"]*?(?:from\s*)?\(?\s*["']((?:https?:)?//[^"']+)""")


def external_references(text: str) -> list[str]:
    """Addresses on the web that an HTML page would load: ``src``/``href`` of any element but
    a plain ``<a>`` link, CSS ``url()`` and ``@import``, and JavaScript ``import``."""
    found = []
    for tag in _TAG.finditer(text):
        if tag[1].lower() == "a":
            continue
        found += [match[2] for match in _ATTRIBUTE.finditer(tag[2])]
    found += _CSS_URL.findall(text) + _JS_IMPORT.findall(text)
    return sorted(set(found))


_LOCAL = re.compile(r"""\b(?:src|href)\s*=\s*["']([^"'#?]+)""")


def missing_local_files(page: Path) -> list[str]:
    """The files a page links or loads by a relative address that do not exist beside it."""
    page = Path(page)
    text = page.read_text(encoding="utf-8")
    missing = []
    for address in sorted(set(_LOCAL.findall(text))):
        if re.match(r"[a-z][a-z0-9+.-]*:|//", address, re.IGNORECASE):
            continue  # a scheme: a web link (checked by external_references) or data:
        if not (page.parent / address).exists():
            missing.append(address)
    return missing


def index_html(decks: Sequence[tuple[str, str, str]], handouts_href: str = "../handouts") -> str:
    """The page listing the decks: (file name, lesson title, question) each, with its handout."""
    items = "\n".join(
        f'<li><a href="{html.escape(name)}">{html.escape(title)}</a>'
        + (f" <em>{html.escape(question)}</em>" if question else "")
        + f' (<a href="{handouts_href}/{html.escape(name)}">one-page handout</a>)</li>'
        for name, title, question in decks)
    return f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>Face the Numbers: slides</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<style>body {{ font-family: system-ui, -apple-system, "Segoe UI", Roboto, Arial, sans-serif;
max-width: 46rem; margin: 2rem auto; padding: 0 1rem; line-height: 1.5; color: #1a1a1a; }}
li {{ margin-bottom: .6rem; }} a {{ color: #005a8c; }}</style></head>
<body><main><h1>Face the Numbers: slides for each lesson</h1>
<p>Press <kbd>→</kbd> or <kbd>Space</kbd> for the next slide, <kbd>s</kbd> for the speaker view,
<kbd>Esc</kbd> for an overview. To print, open a deck with <code>?print-pdf</code> after its
address. The calculators are live in the lessons, not in the slides.</p>
<ol>
{items}
</ol></main></body></html>
"""


def build_all(root: Path, out: Path, handouts: Path | None = None,
              extra_discussion: Mapping[str, Sequence[str]] | None = None,
              lessons: Sequence[str] | None = None,
              votes: Mapping[str, Sequence[str]] | None = None) -> list[Path]:
    """Build every lesson's deck into ``out`` (with ``out/reveal.js`` and ``out/index.html``)
    and its handout into ``handouts`` (default: ``out/../handouts``); return the decks.

    ``extra_discussion`` maps a lesson code ("04") to more discussion prompts; ``votes`` to
    questions to vote on, a slide each (the peer-instruction questions); ``lessons`` limits the build to some codes. Raises ValueError
    when a deck would load anything from the web, or a code is not a lesson.
    """
    from facenumbers.slides import charts, content, handouts as handout_pages

    root, out = Path(root), Path(out)
    handouts = Path(handouts) if handouts else out.parent / "handouts"
    paths = content.lesson_paths(root)
    if not paths:
        raise ValueError(f"root must be the course folder; there are no lessons in {root / 'lessons'}.")
    known = {path.name[:2] for path in paths}
    for code in list(lessons or []) + list(extra_discussion or {}) + list(votes or {}):
        if code not in known:
            raise ValueError(f"lesson code must be one of {sorted(known)}; got {code!r}.")
    out.mkdir(parents=True, exist_ok=True)
    handouts.mkdir(parents=True, exist_ok=True)
    copy_reveal(root, out)
    written, listed = [], []
    for path in paths:
        if lessons and path.name[:2] not in lessons:
            continue
        outline = content.lesson_outline(path)
        figures = charts.draw_key_charts(root, outline)
        notebook = slide_notebook(outline, figures, (extra_discussion or {}).get(outline.code, ()),
                                  (votes or {}).get(outline.code, ()))
        deck = deck_html(notebook)
        remote = external_references(deck)
        if remote:
            raise ValueError(f"{path.name}: the deck would load from the web: {remote}")
        target = out / f"{outline.stem}.html"
        target.write_text(deck, encoding="utf-8")
        (handouts / f"{outline.stem}.html").write_text(handout_pages.handout_html(outline), encoding="utf-8")
        written.append(target)
        listed.append((target.name, outline.title, outline.question))
    (out / "index.html").write_text(index_html(listed, _relative(handouts, out)), encoding="utf-8")
    return written


def _relative(target: Path, start: Path) -> str:
    """``target`` as a link from a page in ``start`` (a path relative to it when possible)."""
    import os

    return Path(os.path.relpath(target.resolve(), start.resolve())).as_posix()
