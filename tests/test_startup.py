"""The first calculator comes quickly: the IRI parser is deferred and the charts' JavaScript is
cached, and neither changes what anything does.

- facenumbers.deferred_imports: importing the course (and Altair through it) does not build
  rfc3987_syntax's parsers; jsonschema's "iri" check still gives the real answers.
- facenumbers.charts.bundle_cache: the offline Vega bundle is built once and read back; a
  missing, corrupt or unwritable cache only means building it, and the bundle is always the
  one vl-convert builds. Charts in a notebook run by nbclient carry it, whatever the cache.

Each case runs in a fresh Python process: both are about what happens when a process starts.
(How fast: benchmarks/run.py, `make bench`.)
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient

from facenumbers.deferred_imports import DeferredModule

WIDGET_STATE = "application/vnd.jupyter.widget-state+json"


def fresh(code: str, cache: Path | None = None, **env: str) -> dict:
    """Run ``code`` in a new interpreter (which prints one JSON line); its parsed output."""
    environment = {**os.environ, **env}
    if cache is not None:
        environment["FACENUMBERS_CACHE_DIR"] = str(cache)
    done = subprocess.run([sys.executable, "-c", textwrap.dedent(code)], capture_output=True,
                          text=True, env=environment, timeout=300)
    assert done.returncode == 0, done.stderr[-3000:]
    return json.loads(done.stdout.strip().splitlines()[-1])


# -- the IRI parser ----------------------------------------------------------------------------

def test_the_first_calculator_does_not_build_the_iri_parser_and_iri_checks_still_work():
    found = fresh("""
        import json, sys
        from facenumbers.calculators import alarm
        alarm()
        before = {"altair": "altair" in sys.modules, "jsonschema": "jsonschema" in sys.modules,
                  "parser_built": "rfc3987_syntax.syntax_helpers" in sys.modules,
                  "stand_in": type(sys.modules.get("rfc3987_syntax")).__name__}
        import jsonschema
        checker = jsonschema.Draft202012Validator.FORMAT_CHECKER
        answers = [checker.conforms(text, "iri") for text in ("https://例え.jp/パス", "http://a b", "no-scheme")]
        reference = checker.conforms("../a?b#c", "iri-reference")
        print(json.dumps({**before, "answers": answers, "reference": reference,
                          "parser_built_after": "rfc3987_syntax.syntax_helpers" in sys.modules,
                          "real_module": type(sys.modules["rfc3987_syntax"]).__name__}))
    """)
    assert found["altair"] and found["jsonschema"], found
    assert found["stand_in"] == "DeferredModule" and not found["parser_built"], found
    assert found["answers"] == [True, False, False] and found["reference"] is True, found
    assert found["parser_built_after"] and found["real_module"] == "module", found


def test_nothing_is_deferred_once_jsonschema_was_imported_first():
    found = fresh("""
        import json, sys
        import jsonschema
        import facenumbers.calculators
        print(json.dumps({"kind": type(sys.modules.get("rfc3987_syntax")).__name__}))
    """)
    assert found["kind"] == "module"


def test_a_deferred_module_hands_over_to_the_real_one_for_any_name(monkeypatch):
    monkeypatch.delitem(sys.modules, "json.tool", raising=False)
    stand_in = DeferredModule("json.tool", ("main",))
    monkeypatch.setitem(sys.modules, "json.tool", stand_in)
    assert callable(stand_in.main) and stand_in.__dict__["_real"] is None  # nothing imported yet
    assert stand_in.__name__ == "json.tool"
    import argparse

    assert stand_in.argparse is argparse  # another name: the real module is imported
    assert type(sys.modules["json.tool"]).__name__ == "module"


def test_a_deferred_module_that_cannot_be_imported_raises_then_and_stays(monkeypatch):
    stand_in = DeferredModule("facenumbers_no_such_module", ("is_valid_syntax",))
    monkeypatch.setitem(sys.modules, "facenumbers_no_such_module", stand_in)
    with pytest.raises(ModuleNotFoundError):
        stand_in.is_valid_syntax("iri", "x")
    assert sys.modules["facenumbers_no_such_module"] is stand_in
    with pytest.raises(AttributeError):
        stand_in.__wrapped__  # dunder lookups (inspect, doctest) never import anything


# -- the charts' JavaScript cache ---------------------------------------------------------------

_BUNDLE = """
    import hashlib, json, sys
    from facenumbers.charts.bundle_cache import cache_file, offline_bundle
    from altair.jupyter import JupyterChart
    bundle = offline_bundle()
    print(json.dumps({"sha": hashlib.sha256(bundle.encode()).hexdigest(), "size": len(bundle),
                      "built": "vl_convert" in sys.modules, "file": str(cache_file()),
                      "jupyter_chart_offline": JupyterChart._is_offline and JupyterChart._esm == bundle}))
"""
_BUILT = """
    import hashlib, json
    from altair.jupyter import JupyterChart
    JupyterChart.enable_offline()
    print(json.dumps({"sha": hashlib.sha256(JupyterChart._esm.encode()).hexdigest()}))
"""


@pytest.fixture(scope="module")
def built_sha() -> str:
    """The SHA-256 of the bundle vl-convert builds, without any cache."""
    return fresh(_BUILT)["sha"]


def test_the_bundle_is_built_once_then_read_back(tmp_path, built_sha):
    cache = tmp_path / "does" / "not" / "exist"
    first = fresh(_BUNDLE, cache)
    assert first["built"] and first["sha"] == built_sha and first["jupyter_chart_offline"]
    path = Path(first["file"])
    assert path.parent == cache and path.is_file() and path.read_text().startswith("// facenumbers")
    second = fresh(_BUNDLE, cache)
    assert not second["built"], "the second process built the bundle again"
    assert second["sha"] == built_sha and second["jupyter_chart_offline"]
    assert [p.name for p in cache.iterdir()] == [path.name]  # no temporary file left behind


@pytest.mark.parametrize("damage", ["cut short", "edited", "wrong header", "empty", "not text"])
def test_a_corrupt_cache_is_built_again_and_repaired(tmp_path, built_sha, damage):
    first = fresh(_BUNDLE, tmp_path)
    path = Path(first["file"])
    text = path.read_text()
    damaged = {"cut short": text[: len(text) // 2],
               "edited": text.replace("vega", "VEGA", 1),
               "wrong header": "// something else\n" + text.split("\n", 1)[1],
               "empty": ""}.get(damage)
    if damaged is None:
        path.write_bytes(b"\xff\xfe\x00garbage")
    else:
        path.write_text(damaged)
    again = fresh(_BUNDLE, tmp_path)
    assert again["built"] and again["sha"] == built_sha
    assert path.read_text() == text  # repaired
    assert not fresh(_BUNDLE, tmp_path)["built"]


def test_an_unwritable_cache_only_means_building_the_bundle(tmp_path, built_sha):
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    for cache in (blocker / "cache", blocker):  # cannot be made; exists but is no folder
        found = fresh(_BUNDLE, cache)
        assert found["built"] and found["sha"] == built_sha


def test_new_versions_of_altair_or_vl_convert_make_a_new_key(monkeypatch):
    from facenumbers.charts import bundle_cache

    key = bundle_cache.bundle_key()
    real_version = bundle_cache.version
    for package in ("altair", "vl-convert-python"):
        monkeypatch.setattr(bundle_cache, "version",
                            lambda name, moved=package: "99.0" if name == moved else real_version(name))
        assert bundle_cache.bundle_key() != key, package
    monkeypatch.setattr(bundle_cache, "version", real_version)
    monkeypatch.setattr(bundle_cache, "load_js_src", lambda: "// another widget source")
    assert bundle_cache.bundle_key() != key
    monkeypatch.undo()
    assert bundle_cache.bundle_key() == key


def test_the_cache_folder_follows_the_setting_and_else_the_platform(monkeypatch, tmp_path):
    from facenumbers.charts import bundle_cache

    monkeypatch.setenv("FACENUMBERS_CACHE_DIR", str(tmp_path))
    assert bundle_cache.cache_dir() == tmp_path
    monkeypatch.delenv("FACENUMBERS_CACHE_DIR")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    if sys.platform.startswith("linux"):
        assert bundle_cache.cache_dir() == tmp_path / "xdg" / "facenumbers"


@pytest.mark.notebooks
@pytest.mark.parametrize("cache_state", ["missing", "corrupt", "warm"])
def test_a_notebook_saved_by_nbclient_carries_the_real_bundle_whatever_the_cache(
        tmp_path, built_sha, cache_state, monkeypatch):
    import hashlib

    cache = tmp_path / "cache"
    if cache_state != "missing":
        path = Path(fresh(_BUNDLE, cache)["file"])
        if cache_state == "corrupt":
            path.write_text(path.read_text()[:1000])
    monkeypatch.setenv("FACENUMBERS_CACHE_DIR", str(cache))
    notebook = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(
        "from facenumbers.calculators import alarm\nalarm()")])
    NotebookClient(notebook, timeout=120, kernel_name="python3", store_widget_state=True).execute()
    state = notebook.metadata["widgets"][WIDGET_STATE]["state"]
    bundles = [model["state"]["source"] for model in state.values()
               if model["model_name"] == "AnyModel" and len(model["state"].get("source", "")) > 100_000]
    assert len(bundles) == 1, "one bundle in the saved notebook"
    assert hashlib.sha256(bundles[0].encode()).hexdigest() == built_sha
    assert "cdn.jsdelivr" not in json.dumps(state)
