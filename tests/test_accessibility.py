"""Accessibility of the rendered lessons: axe-core in real JupyterLab, and a text alternative
for every chart.

Each lesson (``lessons/*.ipynb``, found afresh on each run; Lesson 00 has Markdown tables,
Lessons 04, 06 and 07 calculators and charts) is opened in JupyterLab in Debian's Chromium, run
with Run All Cells, and once its charts are drawn:

- axe-core (tests/axe_support.py) finds no "serious" or "critical" violation in the
  course's own content: cell outputs (widgets, charts, readouts) and the Markdown we wrote.
  JupyterLab's own chrome (menus, toolbars, file browser, code editors) is not ours and is
  not counted; the rule is in axe_support's docstring.
- every chart (each ``.vega-embed`` SVG) has a text alternative: an ``aria-label``,
  ``<title>`` or ``<desc>`` on the SVG, or a label on the element Vega marks as the graphic
  (``role="graphics-document"`` or ``"img"``) around it; see facenumbers.charts.

Without ``/usr/bin/chromium`` or Playwright these tests skip with the reason, and the axe
test without axe-core (``make axe``); with ``CI=true`` they fail instead. JupyterLab serves a temporary copy of
``lessons/``, so running cells never writes into the repository.
"""

from __future__ import annotations

from pathlib import Path

import pytest

import axe_support as axe
import browser_support as bs

# The tests talk to their JupyterLab over 127.0.0.1 (and to Playwright over pipes) only.
pytestmark = pytest.mark.allow_hosts(["127.0.0.1"])

LESSON_NOTEBOOKS = sorted(bs.LESSONS.glob("*.ipynb"))
#: Lessons the requirement names: Markdown tables (00), calculators and charts (04 to 07).
REQUIRED = ("00-start-here.ipynb", "04-base-rates.ipynb", "05-search-and-fairness.ipynb",
            "06-policy-tradeoffs.ipynb", "07-breaches-and-evidence.ipynb")
#: Labels that say nothing about a chart: Vega's own when a chart has no description, and
#: LiveChart's when it has neither description nor title (see charts.text_alternative).
GENERIC_TEXTS = ("Vega visualization", "Chart")

# Every chart in the notebook on screen, with its text alternative and where it came from:
# the SVG's own aria-label, aria-labelledby, <title> or <desc>, or else the label of the
# element around it (up to the .vega-embed) that presents it as a graphic.
_CHART_TEXT_JS = """() => {
    const panel = document.querySelector('.jp-NotebookPanel:not(.lm-mod-hidden)') || document;
    const graphic = ['img', 'graphics-document', 'figure', 'document'];
    const text = s => (s || '').replace(/\\s+/g, ' ').trim();
    return [...panel.querySelectorAll('.vega-embed')].map((embed, index) => {
        const svg = embed.querySelector('svg');
        if (!svg) return {index, drawn: false, text: '', source: ''};
        const own = [
            ['svg aria-label', text(svg.getAttribute('aria-label'))],
            ['svg aria-labelledby', text((svg.getAttribute('aria-labelledby') || '').split(/\\s+/)
                .map(id => document.getElementById(id)?.textContent).join(' '))],
            ['svg <title>', text(svg.querySelector(':scope > title')?.textContent)],
            ['svg <desc>', text(svg.querySelector(':scope > desc')?.textContent)],
        ].find(([, found]) => found);
        if (own) return {index, drawn: true, text: own[1], source: own[0]};
        for (let node = svg.parentElement; node; node = node.parentElement) {
            const label = text(node.getAttribute('aria-label'));
            if (label && graphic.includes(node.getAttribute('role'))) {
                return {index, drawn: true, text: label,
                        source: `aria-label of role="${node.getAttribute('role')}" around the svg`};
            }
            if (node === embed) break;
        }
        return {index, drawn: true, text: '', source: '', html: embed.outerHTML.slice(0, 300)};
    });
}"""

# The helper in facenumbers.calculators.controls names each slider and text box a moment
# after they are drawn; wait (briefly) for that, so that axe sees the page a person meets.
_INPUTS_NAMED_JS = """() => [...document.querySelectorAll(
        '.jp-NotebookPanel:not(.lm-mod-hidden) .jp-OutputArea-output [role="slider"]')]
    .every(handle => handle.hasAttribute('aria-label'))"""


def test_number_inputs_name_their_slider_and_text_box_and_say_the_value_as_shown():
    from facenumbers.calculators.controls import AccessibleNames, NumberInput

    box = NumberInput("crowd_size", "Crowd size", value=170_000, minimum=1, maximum=10**9,
                      kind="count", log=True)
    assert AccessibleNames.BOX_CLASS in box._dom_classes and box.names in box.children
    assert (box.names.label, box.names.value_text) == ("Crowd size", "170,000")
    box.set(2_500)
    assert box.names.value_text == "2,500"
    box.text.value = "1.6e9"  # out of range: the last good value stays, and so does its text
    assert box.names.value_text == "2,500"
    box.slider.value = 10**6  # a person moves the slider
    assert box.names.value_text == box.text.value == "1,000,000"


def test_every_course_chart_gets_a_text_alternative_from_its_title():
    from facenumbers import calculators

    for name in calculators.__all__:
        spec = getattr(calculators, name)().live.widget.spec
        assert spec.get("description") not in (None, "", *GENERIC_TEXTS), name


def test_the_required_lessons_are_checked():
    names = [path.name for path in LESSON_NOTEBOOKS]
    assert set(REQUIRED) <= set(names), f"lessons to check are missing: {sorted(set(REQUIRED) - set(names))}"


@pytest.fixture(scope="module")
def lab(tmp_path_factory):
    base = tmp_path_factory.mktemp("accessibility")
    with bs.lab_and_browser(bs.copy_notebooks(bs.LESSONS, base / "lessons"), base) as lab:
        yield lab


class Rendered:
    """One lesson, run in JupyterLab with its charts drawn."""

    def __init__(self, name: str, notebook: bs.LabNotebook, screenshot: Path):
        self.name, self.notebook, self.screenshot = name, notebook, screenshot

    def fail(self, message: str) -> None:
        self.notebook.screenshot(self.screenshot)
        pytest.fail(f"{self.name}: {message}\n(screenshot: {self.screenshot})", pytrace=False)


@pytest.fixture(scope="module", params=LESSON_NOTEBOOKS, ids=[p.stem for p in LESSON_NOTEBOOKS])
def rendered(request, lab):
    """The lesson opened and run once, shared by the checks below."""
    name = request.param.name
    notebook = bs.LabNotebook(lab.server, lab.chromium, name)
    screenshot = lab.artifacts / f"{request.param.stem}-accessibility.png"
    try:
        charts = notebook.run_or_fail(screenshot)
        if charts["embeds"] != charts["drawn"]:
            notebook.screenshot(screenshot)
            pytest.fail(f"{name}: only {charts['drawn']} of {charts['embeds']} charts were drawn",
                        pytrace=False)
        try:
            notebook.page.wait_for_function(_INPUTS_NAMED_JS, timeout=5_000, polling=100)
        except Exception:
            pass  # axe reports the inputs that stayed unnamed
        notebook.lay_out_every_cell()  # axe judges the cells below the fold too
        yield Rendered(name, notebook, screenshot)
    finally:
        notebook.close()


@pytest.mark.browser
def test_no_serious_or_critical_axe_violations_in_the_course_content(rendered):
    reason = axe.axe_unavailable_reason()
    if reason:
        bs.skip_or_fail(reason)
    violations = axe.run_axe(rendered.notebook.page)
    ours = axe.course_violations(violations)
    if ours:
        theirs = sorted({v["id"] for v in axe.jupyterlab_violations(violations)})
        rendered.fail(
            f"axe-core {axe.axe_version()} found {len(ours)} serious or critical violation(s) "
            f"in the course's own content:\n{axe.format_violations(ours)}\n"
            f"(not counted, in JupyterLab's own chrome: {', '.join(theirs) or 'none'})"
        )


@pytest.mark.browser
def test_every_chart_has_a_text_alternative(rendered):
    charts = rendered.notebook.page.evaluate(_CHART_TEXT_JS)
    if bs.displays_calculator(bs.LESSONS / rendered.name) and not charts:
        rendered.fail("the lesson displays a calculator, but no chart appeared")
    missing = [chart for chart in charts if not chart["text"]]
    generic = [chart for chart in charts if chart["text"] in GENERIC_TEXTS]
    problems = [
        f"chart {chart['index']} has no text alternative (no aria-label, <title> or <desc>): "
        f"{chart.get('html', '')}"
        for chart in missing
    ] + [
        f"chart {chart['index']} has only the generic text alternative {chart['text']!r} "
        f"({chart['source']}): give the chart a title or a description"
        for chart in generic
    ]
    if problems:
        rendered.fail("\n".join(problems))


def test_every_calculator_and_its_chart_column_scroll_from_the_keyboard_when_they_must():
    from facenumbers import calculators
    from facenumbers.calculators.accessibility import ScrollRegion

    for name in calculators.__all__:
        calculator = getattr(calculators, name)()
        regions = [box for box in _boxes(calculator) if ScrollRegion.BOX_CLASS in box._dom_classes]
        assert calculator in regions, f"{name}: the calculator's own box is not a scroll region"
        chart_columns = [box for box in regions if calculator.live.widget in box.children]
        assert chart_columns, f"{name}: the chart's column is not a scroll region"
        for box in regions:
            helpers = [child for child in box.children if isinstance(child, ScrollRegion)]
            assert len(helpers) == 1 and helpers[0].label.strip(), name


def _boxes(widget):
    import ipywidgets

    if isinstance(widget, ipywidgets.Box):
        yield widget
        for child in widget.children:
            yield from _boxes(child)


# Every box in the notebook's output that scrolls (content wider or taller than the box, with
# overflow auto or scroll), with whether the Tab key reaches it and what it is called.
_SCROLLING_JS = """() => [...document.querySelectorAll(
        '.jp-NotebookPanel:not(.lm-mod-hidden) .jp-OutputArea-output *')]
    .filter(e => {
        const style = getComputedStyle(e), scrolls = v => v === 'auto' || v === 'scroll';
        return (e.scrollWidth > e.clientWidth + 1 && scrolls(style.overflowX))
            || (e.scrollHeight > e.clientHeight + 1 && scrolls(style.overflowY));
    })
    .map(e => ({html: (e.closest('.widget-vbox') && e.closest('.jp-OutputArea-output')
                       ? '[' + ((e.closest('.jp-OutputArea-output').querySelector('h3') || {}).textContent || '?')
                         + ', ' + e.scrollWidth + ' px in ' + e.clientWidth + '] ' : '')
                      + e.outerHTML.slice(0, 200), tabindex: e.getAttribute('tabindex'),
                label: e.getAttribute('aria-label') || '', wide: e.scrollWidth > e.clientWidth + 1,
                classes: String(e.className)}))"""
#: A window a learner uses (JupyterLab with its file browser open), and a narrow one.
WIDE, NARROW = (1400, 1000), (800, 1000)


@pytest.fixture(scope="module")
def every_calculator(lab):
    """A notebook that shows every calculator of the course, in the lab's folder."""
    from facenumbers import calculators

    bs.write_notebook(lab.server.root_dir / "every-calculator.ipynb",
                      "from facenumbers import calculators",
                      *[f"calculators.{name}()" for name in calculators.__all__])
    return "every-calculator.ipynb"


@pytest.mark.browser
@pytest.mark.parametrize("viewport", [WIDE, NARROW], ids=["wide", "narrow"])
def test_a_box_that_scrolls_is_reached_and_scrolled_with_the_keyboard(lab, every_calculator, viewport):
    notebook = bs.LabNotebook(lab.server, lab.chromium, every_calculator, viewport=viewport)
    screenshot = lab.artifacts / f"every-calculator-{viewport[0]}.png"
    try:
        notebook.run_or_fail(screenshot)
        notebook.lay_out_every_cell()  # and the helpers mark the boxes as they resize
        scrolling = notebook.page.evaluate(_SCROLLING_JS)
        if viewport == WIDE:
            # At the size a learner uses, every calculator fits: nothing scrolls sideways.
            wide = [box["html"] for box in scrolling if box["wide"]]
            assert not wide, f"at {viewport}, these boxes scroll sideways:\n" + "\n".join(wide)
        else:
            assert scrolling, "at 800 px the charts should need to scroll; the test measures nothing"
        unreachable = [box["html"] for box in scrolling
                       if box["tabindex"] != "0" or not box["label"].strip()]
        assert not unreachable, ("boxes that scroll but that the Tab key "
                                 "cannot reach, or that have no name:\n" + "\n".join(unreachable))
        reason = axe.axe_unavailable_reason()
        if reason:
            bs.skip_or_fail(reason)
        ours = axe.course_violations(axe.run_axe(notebook.page))
        assert not ours, axe.format_violations(ours)
        if viewport == NARROW:
            # Tab into the policy chart's box, then the arrow key scrolls it sideways.
            region = notebook.page.locator(
                ".facenumbers-scroll-region[aria-label^='Chart: Four registration policies']")
            region.focus()
            assert notebook.page.evaluate("() => document.activeElement.getAttribute('role')") == "region"
            before = region.evaluate("e => e.scrollLeft")
            notebook.page.keyboard.press("ArrowRight")
            notebook.page.wait_for_timeout(300)
            assert region.evaluate("e => e.scrollLeft") > before, "ArrowRight did not scroll the chart"
    except AssertionError:
        notebook.screenshot(screenshot)
        raise
    finally:
        notebook.close()
