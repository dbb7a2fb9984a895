# Sphinx configuration of the course website (make site; see docs/website.md).
# site/build.py stages the course into build/site-source and runs Sphinx there with this file.
import os
from pathlib import Path

HERE = Path(__file__).resolve().parent

project = "Face the Numbers"
author = "The Face the Numbers authors"
copyright = "2026, the Face the Numbers authors (MIT licence)"
language = "en"

extensions = ["myst_nb", "facenumbers_site"]
import sys  # noqa: E402
sys.path.insert(0, str(HERE / "_ext"))

root_doc = "index"
exclude_patterns = ["exercises/**", "solutions/**", "README.md", "_static/**", "**.ipynb_checkpoints"]
source_suffix = {".md": "myst-nb", ".ipynb": "myst-nb"}

# Lessons run when the site is built, in kernels whose IPython startup turns calculators into
# static twins and charts into site charts (facenumbers.twins.site). A lesson that fails to run
# fails the build.
nb_execution_mode = "force"
nb_execution_timeout = 900
nb_execution_raise_on_error = True
nb_execution_show_tb = True
nb_merge_streams = True
os.environ["IPYTHONDIR"] = str(HERE / "ipython")
# No widget JavaScript from a CDN: the site's calculators are twins, never frozen widgets.
nb_ipywidgets_js = {}
nb_render_markdown_format = "myst"
myst_enable_extensions = ["colon_fence", "deflist"]
myst_heading_anchors = 3
suppress_warnings = ["myst.header", "mystnb.unknown_mime_type", "misc.highlighting_failure"]

html_theme = "furo"
html_title = "Face the Numbers"
html_css_files = ["ftn/twin.css"]
html_js_files = ["ftn/format.js", "ftn/reading.js", "ftn/twin.js"]
html_show_sourcelink = False
html_copy_source = False
html_last_updated_fmt = None
html_theme_options = {
    "announcement": ("The calculators work here, in your browser. To run the code and do the "
                     "exercises, <a href='{root}downloads.html'>download the notebooks</a>."),
    "source_edit_link": None,
    "navigation_with_keys": True,
    "top_of_page_buttons": [],
}
# Sphinx's own MathJax comes from a CDN; the course has no formulas in TeX, and the build test
# fails if a page ever asks for it.
mathjax_path = "ftn/no-mathjax.js"
