"""Shared by every test module: a failing browser test says what it ran with.

The browser, accessibility and screenshot tests (marked ``browser``, or in the modules of
:data:`BROWSER_MODULES`) depend on Debian's Chromium, which cannot be locked, and on axe-core,
JupyterLab, ipywidgets and Altair, which are. When one of them fails, its report gets a
section "versions this test ran with" (browser_support.versions), so that a failure on a new
machine says what changed.
"""

from __future__ import annotations

import pytest

pytest_plugins = ["pytester"]  # tests/test_conftest.py runs this hook on a test of its own

#: Modules whose every test drives a browser (some also hold in-process tests: they are
#: reported with versions too, which costs nothing and can only help).
BROWSER_MODULES = ("test_browser", "test_accessibility", "test_app", "test_site")
SECTION = "versions this test ran with"


def _drives_a_browser(item: pytest.Item) -> bool:
    module = getattr(item, "module", None)
    return item.get_closest_marker("browser") is not None or (
        module is not None and module.__name__.rsplit(".", 1)[-1] in BROWSER_MODULES)


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo):
    outcome = yield
    report = outcome.get_result()
    if report.failed and _drives_a_browser(item):
        try:
            import browser_support

            line = browser_support.versions_line()
        except Exception as problem:  # the report must never hide the failure itself
            line = f"(could not read the versions: {problem!r})"
        report.sections.append((SECTION, line))


@pytest.fixture(scope="session")
def built_site(tmp_path_factory):
    """The course website, built once per test session with site/build.py (``make site``).

    ``FACENUMBERS_SITE_DIR`` names an already built site to test instead (for a quicker
    local run); ``make test`` and CI always build it afresh.
    """
    import os
    from pathlib import Path

    import site_support

    given = os.environ.get("FACENUMBERS_SITE_DIR")
    if given:
        return Path(given)
    return site_support.build_site(tmp_path_factory.mktemp("site") / "site")
