"""Altair's offline Vega bundle, built once per machine instead of once per kernel.

``altair.JupyterChart.enable_offline()`` builds the JavaScript that draws every chart (Vega,
Vega-Lite, vega-embed and Altair's widget code: about 0.9 MB) with vl-convert, which takes
about a second in every new kernel, before the first chart can appear. :func:`offline_bundle`
keeps the result in a file in the user's cache folder and reads it back next time.

- **Key.** The file's name is a hash of what the bundle is built from: the versions of Altair
  and vl-convert, the Vega-Lite version Altair asks for, and Altair's widget source itself.
  Upgrading either package (or editing the source) makes a new key, so a stale bundle is
  never used.
- **Checked.** The file starts with a line holding the SHA-256 of the rest; a file that is
  cut short, edited or otherwise corrupt fails the check and is built again.
- **Never in the way.** A cache folder that is missing is made; one that cannot be made or
  written to (a read-only home, a full disk) only means the bundle is built each time. The
  file is written to a temporary name and renamed, so two kernels starting at once never
  read half a file.
- **Where.** ``FACENUMBERS_CACHE_DIR`` if set, else the platform's cache folder
  (``~/.cache/facenumbers`` on Linux; see :func:`cache_dir`).

After :func:`offline_bundle`, ``JupyterChart`` itself is offline with the same bundle, as if
``JupyterChart.enable_offline()`` had been called.

>>> bundle = offline_bundle()
>>> len(bundle) > 500_000, "https://cdn" in bundle[:1000]
(True, False)
"""

from __future__ import annotations

import hashlib
import os
import tempfile
from importlib.metadata import version
from pathlib import Path

import altair as alt
from altair.jupyter import JupyterChart
from altair.jupyter.jupyter_chart import load_js_src
from platformdirs import user_cache_dir

__all__ = ["bundle_key", "cache_dir", "cache_file", "offline_bundle"]

_HEADER = "// facenumbers offline Vega bundle, sha256="


def cache_dir() -> Path:
    """Where the bundle is cached: ``FACENUMBERS_CACHE_DIR``, else the platform's user cache
    folder for the course (``~/.cache/facenumbers`` on Linux, ``~/Library/Caches/facenumbers``
    on macOS, ``%LOCALAPPDATA%\\facenumbers\\Cache`` on Windows)."""
    chosen = os.environ.get("FACENUMBERS_CACHE_DIR")
    return Path(chosen) if chosen else Path(user_cache_dir("facenumbers", appauthor=False))


def bundle_key() -> str:
    """A hash of everything the bundle is built from (package versions and Altair's source)."""
    parts = [version("altair"), version("vl-convert-python"), alt.SCHEMA_VERSION,
             hashlib.sha256(load_js_src().encode("utf-8")).hexdigest()]
    return hashlib.sha256("\n".join(parts).encode("utf-8")).hexdigest()[:24]


def cache_file() -> Path:
    """The cache file for the installed Altair and vl-convert."""
    return cache_dir() / f"vega-bundle-{bundle_key()}.js"


def _digest(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _read(path: Path) -> str | None:
    """The cached bundle, or None if the file is missing, unreadable or fails its check."""
    try:
        header, _, bundle = path.read_text(encoding="utf-8").partition("\n")
    except (OSError, UnicodeDecodeError):
        return None
    if not header.startswith(_HEADER) or header[len(_HEADER):] != _digest(bundle) or not bundle:
        return None
    return bundle


def _write(path: Path, bundle: str) -> None:
    """Store ``bundle`` at ``path`` (atomically); a cache that cannot be written is skipped."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=".vega-bundle-", suffix=".tmp")
        try:
            with os.fdopen(handle, "w", encoding="utf-8") as out:
                out.write(f"{_HEADER}{_digest(bundle)}\n{bundle}")
            os.replace(temporary, path)
        except BaseException:
            Path(temporary).unlink(missing_ok=True)
            raise
    except OSError:
        pass  # read-only or full: the next kernel builds the bundle again


def offline_bundle() -> str:
    """Altair's offline bundle: from the cache when it holds a good copy for the installed
    versions, else built with vl-convert (and cached). ``JupyterChart`` is offline after it."""
    path = cache_file()
    if JupyterChart._is_offline:  # built or read already in this process
        if not path.is_file():
            _write(path, JupyterChart._esm)
        return JupyterChart._esm
    bundle = _read(path)
    if bundle is None:
        JupyterChart.enable_offline()  # builds it with vl-convert
        bundle = JupyterChart._esm
        _write(path, bundle)
    else:
        JupyterChart._esm, JupyterChart._is_offline = bundle, True
    return bundle
