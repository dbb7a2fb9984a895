"""Sphinx extension of the course website: its own static files, and nothing from elsewhere.

At build time it writes ``_static/ftn/``: Vega, Vega-Lite and vega-embed in one script
(``vega.js``, bundled by the installed vl-convert at the versions Altair uses), the twins'
runtime, formatting and models (``facenumbers/twins/js``) and their styles. It also fills the
announcement's link to the downloads page for each page's depth.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import altair as alt
import vl_convert
from importlib.resources import files

from sphinx.writers.html5 import HTML5Translator


def _write_static(app) -> None:
    target = Path(app.outdir) / "_static" / "ftn"
    target.mkdir(parents=True, exist_ok=True)
    version = alt.SCHEMA_VERSION.rsplit(".", 1)[0]  # "v6.4"
    bundle = vl_convert.javascript_bundle(vl_version=version)
    # In a function of its own, so that its top-level names (such as "_") do not collide
    # with the page's other scripts; it sets window.vegaEmbed, window.vega, window.vegaLite.
    (target / "vega.js").write_text(
        f"// Vega, Vega-Lite and vega-embed, bundled by vl-convert {vl_convert.__version__} "
        f"(Vega-Lite {version}).\n(function () {{\n{bundle}\n}})();\n", encoding="utf-8")
    source = Path(str(files("facenumbers.twins").joinpath("js")))
    for path in source.rglob("*"):
        if path.is_file() and path.suffix in {".js", ".css"}:
            destination = target / path.relative_to(source)
            destination.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(path, destination)
    (target / "no-mathjax.js").write_text(
        "// The course website renders no TeX; this file stands where Sphinx would put MathJax.\n",
        encoding="utf-8")


def _announcement(app, pagename, templatename, context, doctree) -> None:
    options = context.get("theme_announcement")
    if options:
        depth = pagename.count("/")
        context["theme_announcement"] = options.replace("{root}", "../" * depth)


class CourseTranslator(HTML5Translator):
    """Sphinx's HTML writer, with the sidebar's section captions given a heading level.

    Sphinx marks a toctree caption ``role="heading"`` without ``aria-level``, which axe-core
    reports as a critical violation (a heading role needs its level); the captions are the
    sidebar's second level, under the site's title.
    """

    def visit_title(self, node) -> None:
        """A title, as Sphinx writes it; a toctree caption also gets ``aria-level="2"``."""
        super().visit_title(node)
        for index in range(len(self.body) - 1, max(-1, len(self.body) - 4), -1):
            if 'class="caption" role="heading"' in self.body[index]:
                self.body[index] = self.body[index].replace(
                    'role="heading"', 'role="heading" aria-level="2"', 1)
                break


def _no_widget_state(app, pagename, templatename, context, doctree) -> None:
    """Leave out the saved widget state MyST-NB would add to a lesson's page.

    The site's kernels still build each calculator's widgets (the twin is made from them), so
    the executed notebook holds their state, the Vega bundle included: 1.6 MB on the page of
    every calculator that nothing reads, since the site has no widget manager.
    """
    scripts = context.get("script_files")
    if scripts:
        context["script_files"] = [
            script for script in scripts
            if getattr(script, "attributes", {}).get("type") != "application/vnd.jupyter.widget-state+json"
        ]


def setup(app):
    app.set_translator("html", CourseTranslator, override=True)
    app.set_translator("dirhtml", CourseTranslator, override=True)
    app.connect("build-finished", lambda app, error: error is None and _write_static(app))
    app.connect("html-page-context", _announcement)
    app.connect("html-page-context", _no_widget_state, priority=900)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
