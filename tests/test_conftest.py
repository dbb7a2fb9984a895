"""A failing browser test prints the versions it ran with (tests/conftest.py); others do not."""

from __future__ import annotations

from pathlib import Path

import browser_support as bs

CONFTEST = Path(__file__).with_name("conftest.py")


def test_versions_name_the_browser_axe_and_the_locked_packages():
    found = bs.versions()
    assert list(found)[:2] == ["Chromium", "axe-core"]
    assert {"JupyterLab", "ipywidgets", "Altair", "Python"} <= set(found)
    assert all(isinstance(value, str) and value for value in found.values())
    line = bs.versions_line()
    assert line.startswith("Chromium ") and f"Altair {found['Altair']}" in line


def test_a_missing_chromium_is_named_not_raised(tmp_path):
    assert bs.chromium_version(tmp_path / "no-chromium").startswith("not installed")


def test_a_failing_browser_test_reports_the_versions_and_a_passing_or_other_one_does_not(pytester):
    pytester.makeconftest(CONFTEST.read_text())
    pytester.makepyfile(test_probe="""
        import pytest

        @pytest.mark.browser
        def test_browser_fails():
            assert 1 == 2

        @pytest.mark.browser
        def test_browser_passes():
            pass

        def test_plain_fails():
            assert 1 == 3
    """)
    pytester.makeini("[pytest]\nmarkers =\n    browser: drives a browser\n")
    result = pytester.runpytest("-p", "no:cacheprovider", "-rA")
    result.assert_outcomes(passed=1, failed=2)
    text = result.stdout.str()
    browser_failure = text.split("_ test_browser_fails _")[1].split("_ test_plain_fails _")[0]
    assert "versions this test ran with" in browser_failure and "Chromium" in browser_failure
    plain_failure = text.split("_ test_plain_fails _")[1]
    assert "versions this test ran with" not in plain_failure.split("short test summary")[0]
