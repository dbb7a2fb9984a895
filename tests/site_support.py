"""The course website in Debian's Chromium: shared by tests/test_site*.py and the benchmarks.

- :func:`build_site` runs ``site/build.py`` (what ``make site`` runs) into a folder.
- :class:`SiteServer` serves a built site with Python's ``http.server`` on a free 127.0.0.1
  port; :meth:`SiteServer.stop` ends it by its PID.
- :func:`open_page` opens a page in a fresh browser context in which every request outside
  127.0.0.1 is refused and recorded, and console errors and uncaught exceptions are kept
  (:class:`SitePage`); it waits until every chart and calculator on the page is drawn.

Nothing here imports pytest.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from browser_support import HOST, free_port

ROOT = Path(__file__).resolve().parents[1]
#: A page is ready when every chart and every calculator on it says so (twin.js).
#: A part that failed says "failed" instead, and the tests report it.
READY_JS = """() => window.FTN && FTN.ready && [...document.querySelectorAll('.ftn-chart')]
    .every(c => c.dataset.drawn) && [...document.querySelectorAll('.ftn-twin')]
    .every(t => t.dataset.ready)"""


def build_site(out: Path, solutions: bool = True) -> Path:
    """Build the website into ``out`` with ``site/build.py``; returns ``out``."""
    command = [sys.executable, str(ROOT / "site" / "build.py"), "--out", str(out)]
    if not solutions:
        command.append("--no-solutions")
    done = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=1800)
    if done.returncode != 0 or not (out / "index.html").exists():
        raise RuntimeError(f"the site did not build:\n{done.stdout[-3000:]}\n{done.stderr[-6000:]}")
    return out


def pages(site: Path) -> list[str]:
    """Every HTML page of a built site, as paths relative to its root."""
    return sorted(str(p.relative_to(site)) for p in site.rglob("*.html")
                  if not p.relative_to(site).parts[0].startswith("_")
                  # The slides and handouts are reveal.js and print pages, not the site's own:
                  # tests/test_slides.py opens them in Chromium, and test_site_build checks
                  # they are here.
                  and p.relative_to(site).parts[0] not in {"slides", "handouts"})


@dataclass
class SiteServer:
    """A built site served on 127.0.0.1."""

    process: subprocess.Popen
    port: int

    @property
    def base(self) -> str:
        return f"http://{HOST}:{self.port}/"

    def stop(self) -> None:
        """End the server by its PID (TERM, then KILL)."""
        if self.process.poll() is None:
            os.kill(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                os.kill(self.process.pid, signal.SIGKILL)
                self.process.wait(timeout=10)


def serve(site: Path, timeout: float = 20) -> SiteServer:
    """Serve ``site`` on a free 127.0.0.1 port and wait until it answers."""
    port = free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "http.server", str(port), "--bind", HOST, "--directory", str(site)],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    server = SiteServer(process, port)
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(server.base, timeout=2):
                return server
        except OSError:
            time.sleep(0.1)
    server.stop()
    raise RuntimeError(f"the site server did not answer on {server.base}")


@dataclass
class SitePage:
    """An open page and what it did: requests refused, console errors, page errors."""

    page: Any
    context: Any
    refused: list[str] = field(default_factory=list)
    requested: list[str] = field(default_factory=list)
    console_errors: list[str] = field(default_factory=list)
    load_ms: float = 0.0

    def close(self) -> None:
        self.context.close()


def open_page(browser: Any, server: SiteServer, path: str, viewport=(1280, 900),
              timeout_s: float = 60) -> SitePage:
    """Open ``path`` with every request outside 127.0.0.1 refused; wait until it is drawn."""
    context = browser.new_context(viewport={"width": viewport[0], "height": viewport[1]},
                                  service_workers="block")
    page = context.new_page()
    opened = SitePage(page, context)
    local = (server.base, "data:", "blob:", "about:")

    def route(request_route: Any) -> None:
        url = request_route.request.url
        opened.requested.append(url)
        if url.startswith(local):
            request_route.continue_()
        else:
            opened.refused.append(url)
            request_route.abort("blockedbyclient")

    context.route("**/*", route)
    page.on("console", lambda m: m.type == "error" and opened.console_errors.append(m.text))
    page.on("pageerror", lambda e: opened.console_errors.append(f"uncaught: {e}"))
    started = time.perf_counter()
    page.goto(server.base + path, wait_until="load", timeout=timeout_s * 1000)
    page.wait_for_function(READY_JS, timeout=timeout_s * 1000)
    opened.load_ms = (time.perf_counter() - started) * 1000
    return opened
