"""Drive real JupyterLab in Debian's Chromium: shared by tests/test_browser.py and benchmarks/run.py.

Everything here talks to 127.0.0.1 only:

- :func:`start_lab` starts ``python -m jupyter lab`` (this interpreter's Jupyter) on a free
  127.0.0.1 port with a random token, in isolated Jupyter directories (config, data, runtime,
  settings, workspaces) under a work directory, and waits until it answers.
  :meth:`LabServer.stop` shuts its kernels down and ends it by PID.
- :func:`launch_chromium` starts ``/usr/bin/chromium`` through Playwright (never a downloaded
  browser) with host-name resolution switched off for everything but 127.0.0.1.
- :class:`LabNotebook` opens a notebook in a fresh browser context, runs all cells from the
  Run menu, waits until they have run and the charts are drawn, and reports errors, charts
  and every URL the page requested.

This module does not import pytest (the benchmarks use it too); only :func:`skip_or_fail`
does, when it is called.
"""

from __future__ import annotations

import json
import os
import re
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import nbformat

ROOT = Path(__file__).resolve().parents[1]
LESSONS = ROOT / "lessons"
CHROMIUM = Path("/usr/bin/chromium")
HOST = "127.0.0.1"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--no-proxy-server",
    # Any host name other than 127.0.0.1 fails to resolve, so a stray request to a CDN is
    # recorded by the tests (page.on("request")) but never leaves the machine.
    "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1",
]
#: User settings for the test server: no news, no update checks (each is a request to a
#: website), and a kernel that starts without asking when a notebook names none. JupyterLab's
#: own windowing stays as a learner has it (see :meth:`LabNotebook.lay_out_every_cell`).
LAB_SETTINGS = {
    "@jupyterlab/apputils-extension/notification.jupyterlab-settings": {
        "checkForUpdates": False,
        "fetchNews": "false",
    },
    "@jupyterlab/notebook-extension/tracker.jupyterlab-settings": {
        "autoStartDefaultKernel": True,
    },
}
#: Text that, inside an output area or a dialog, means something went wrong.
ERROR_PATTERNS = [
    "Traceback",
    "Error loading script",
    "JavaScript Error",
    "Error displaying widget",
    "Failed to load model",
    "Failed to create view",
]
STDERR = "application/vnd.jupyter.stderr"
FIRST_KERNEL_TIMEOUT_S = 60


# -- availability --------------------------------------------------------------------------
def browser_unavailable_reason(chromium: Path | None = None) -> str | None:
    """Why the browser tests cannot run here, or None when they can."""
    chromium = chromium or CHROMIUM
    if not chromium.exists():
        return (
            f"Debian chromium not found at {chromium}; install it with apt-get install chromium"
        )
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return "the playwright Python package is not installed; run make test (pip install -e '.[test]')"
    return None


#: The packages whose version a browser test's result depends on, as a report names them.
VERSIONED_PACKAGES = {"JupyterLab": "jupyterlab", "ipywidgets": "ipywidgets", "Altair": "altair",
                      "anywidget": "anywidget", "vl-convert": "vl-convert-python",
                      "Voila": "voila", "Playwright": "playwright"}


def chromium_version(chromium: Path | None = None) -> str:
    """The version Debian's Chromium says it is (``"156.0.8078.114"``), or why it is unknown."""
    executable = chromium or CHROMIUM
    if not executable.exists():
        return f"not installed ({executable})"
    try:
        said = subprocess.run([str(executable), "--version"], capture_output=True, text=True,
                              timeout=30).stdout
    except (OSError, subprocess.SubprocessError) as problem:
        return f"unknown ({problem})"
    found = re.search(r"Chromium\s+([0-9][0-9.]*)", said)
    return found[1] if found else f"unknown ({said.strip()[:80]!r})"


def versions() -> dict[str, str]:
    """What the browser, accessibility and screenshot tests ran with, by name: Chromium,
    axe-core, the Python packages of :data:`VERSIONED_PACKAGES`, and Python itself.

    A failure prints these (tests/conftest.py), so that a failure on a new machine says
    what changed: Debian's Chromium cannot be locked, and everything else is.
    """
    from importlib.metadata import PackageNotFoundError, version

    import axe_support

    found = {"Chromium": chromium_version(), "axe-core": axe_support.axe_version()}
    for name, package in VERSIONED_PACKAGES.items():
        try:
            found[name] = version(package)
        except PackageNotFoundError:
            found[name] = "not installed"
    found["Python"] = sys.version.split()[0]
    return found


def versions_line() -> str:
    """:func:`versions` as one line: ``"Chromium 156.0.8078.114, axe-core 4.14.1, ..."``."""
    return ", ".join(f"{name} {number}" for name, number in versions().items())


def skip_or_fail(reason: str) -> None:
    """Skip the test with ``reason``; under CI (CI=true) fail instead, so CI cannot go green
    without having run the browser tests."""
    import pytest

    if os.environ.get("CI", "").strip().lower() == "true":
        pytest.fail(f"{reason} (CI=true: browser tests must run, so this is a failure)", pytrace=False)
    pytest.skip(reason)


# -- notebooks -----------------------------------------------------------------------------
def write_notebook(path: Path, *sources: str, tags: dict[int, list[str]] | None = None) -> Path:
    """Write a notebook of code cells (Python 3 kernel) to ``path``."""
    notebook = nbformat.v4.new_notebook()
    notebook.metadata["kernelspec"] = {
        "name": "python3",
        "display_name": "Python 3 (ipykernel)",
        "language": "python",
    }
    notebook.cells = [nbformat.v4.new_code_cell(source) for source in sources]
    for index, cell_tags in (tags or {}).items():
        notebook.cells[index].metadata["tags"] = list(cell_tags)
    path.parent.mkdir(parents=True, exist_ok=True)
    nbformat.write(notebook, path)
    return path


def copy_notebooks(source: Path, target: Path) -> Path:
    """Copy a folder of notebooks (without checkpoints) to ``target``, so that running them
    never writes into the repository."""
    if source.is_dir():
        shutil.copytree(source, target, ignore=shutil.ignore_patterns(".ipynb_checkpoints"))
    else:
        target.mkdir(parents=True)
    return target


def expected_error_cells(path: Path) -> list[int]:
    """Indices of cells tagged ``raises-exception``: their error output is intended."""
    notebook = nbformat.read(path, as_version=4)
    return [
        index
        for index, cell in enumerate(notebook.cells)
        if "raises-exception" in cell.get("metadata", {}).get("tags", [])
    ]


def _calculator_call() -> re.Pattern[str]:
    """A call of any calculator the package exports, such as ``alarm()`` or
    ``alarm(prediction=prediction)``."""
    from facenumbers import calculators

    return re.compile(r"\b(" + "|".join(calculators.__all__) + r")\s*\((\s*|\s*prediction\s*=[^)]*)\)")


def displays_calculator(path: Path) -> bool:
    """True when the notebook imports from facenumbers.calculators and builds a calculator."""
    notebook = nbformat.read(path, as_version=4)
    code = "\n".join(c.source for c in notebook.cells if c.cell_type == "code")
    imports = "facenumbers.calculators" in code or re.search(
        r"from\s+facenumbers\s+import\s+[^\n]*\bcalculators\b", code
    )
    return bool(imports and _calculator_call().search(code))


# -- the JupyterLab server ------------------------------------------------------------------
def free_port() -> int:
    """A TCP port on 127.0.0.1 that is free right now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind((HOST, 0))
        return probe.getsockname()[1]


_NO_PROXY = urllib.request.build_opener(urllib.request.ProxyHandler({}))


def _process_start(pid: int) -> int | None:
    """The start time of a process (clock ticks since boot), or None if it is gone."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None
    return int(stat[stat.rindex(")") + 2:].split()[19])


def _processes() -> list[tuple[int, str, str, int]]:
    """Every live process as (pid, name, state, parent pid), read from /proc."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        name = stat[stat.index("(") + 1:stat.rindex(")")]
        state, ppid = stat[stat.rindex(")") + 2:].split()[:2]
        found.append((int(entry.name), name, state, int(ppid)))
    return found


def descendants(pid: int) -> list[tuple[int, int]]:
    """Every live descendant of ``pid`` as (pid, start time), read from /proc."""
    parents: dict[int, list[int]] = {}
    for child, _name, _state, ppid in _processes():
        parents.setdefault(ppid, []).append(child)
    found, queue = [], [pid]
    while queue:
        for child in parents.get(queue.pop(), []):
            start = _process_start(child)
            if start is not None:
                found.append((child, start))
                queue.append(child)
    return found


@dataclass
class LabServer:
    """A running JupyterLab; :meth:`stop` ends it and its kernels."""

    process: subprocess.Popen
    port: int
    token: str
    root_dir: Path
    log_path: Path

    @property
    def base(self) -> str:
        return f"http://{HOST}:{self.port}"

    def url(self, path: str) -> str:
        """A browser address with the token, e.g. ``url("/lab/tree/a.ipynb")``."""
        joiner = "&" if "?" in path else "?"
        return f"{self.base}{path}{joiner}token={self.token}"

    def api(self, method: str, path: str, timeout: float = 10) -> Any:
        """Call the REST API on 127.0.0.1 (never through a proxy); JSON in, JSON out."""
        request = urllib.request.Request(
            f"{self.base}{path}", method=method, headers={"Authorization": f"token {self.token}"}
        )
        with _NO_PROXY.open(request, timeout=timeout) as response:
            body = response.read()
        return json.loads(body) if body else None

    def log_tail(self, lines: int = 40) -> str:
        try:
            return "\n".join(self.log_path.read_text(errors="replace").splitlines()[-lines:])
        except OSError:
            return "(no server log)"

    def shutdown_sessions(self, notebook: str | None = None) -> None:
        """Shut down the kernels of open notebooks (of one notebook path, or all)."""
        try:
            for session in self.api("GET", "/api/sessions"):
                if notebook is None or session.get("path") == notebook:
                    self.api("DELETE", f"/api/sessions/{session['id']}", timeout=20)
        except (OSError, urllib.error.URLError, ValueError):
            pass

    def stop(self, grace_s: float = 15) -> None:
        """Shut the kernels down, then end the server by PID, then any leftover child by PID."""
        children = descendants(self.process.pid) if self.process.poll() is None else []
        if self.process.poll() is None:
            try:
                for kernel in self.api("GET", "/api/kernels"):
                    self.api("DELETE", f"/api/kernels/{kernel['id']}", timeout=20)
            except (OSError, urllib.error.URLError, ValueError):
                pass
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(grace_s)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(5)
        for pid, start in children:
            if _process_start(pid) == start:  # still the same process, not a reused PID
                try:
                    os.kill(pid, signal.SIGKILL)
                except ProcessLookupError:
                    pass


def start_lab(root_dir: Path, work_dir: Path, timeout: float = FIRST_KERNEL_TIMEOUT_S) -> LabServer:
    """Start JupyterLab serving ``root_dir`` on 127.0.0.1; raise RuntimeError if it does not answer.

    Jupyter's own directories (config, data, runtime, IPython) and JupyterLab's settings and
    workspaces live under ``work_dir``, so the tests neither read nor change the user's setup;
    kernels come from this interpreter's environment.
    """
    work_dir.mkdir(parents=True, exist_ok=True)
    dirs = {name: work_dir / name for name in ("config", "data", "runtime", "ipython", "settings", "workspaces")}
    for path in dirs.values():
        path.mkdir(exist_ok=True)
    for name, settings in LAB_SETTINGS.items():
        target = dirs["settings"] / name
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(json.dumps(settings))
    env = dict(os.environ)
    env.update(
        JUPYTER_CONFIG_DIR=str(dirs["config"]),
        JUPYTER_DATA_DIR=str(dirs["data"]),
        JUPYTER_RUNTIME_DIR=str(dirs["runtime"]),
        IPYTHONDIR=str(dirs["ipython"]),
        JUPYTER_PREFER_ENV_PATH="1",
        PYDEVD_DISABLE_FILE_VALIDATION="1",
        PATH=os.pathsep.join([str(Path(sys.executable).parent), env.get("PATH", "")]),
    )
    for proxy in ("http_proxy", "https_proxy", "all_proxy", "HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY"):
        env.pop(proxy, None)
    token = secrets.token_hex(24)
    port = free_port()
    log_path = work_dir / "jupyter-lab.log"
    command = [
        sys.executable, "-m", "jupyter", "lab",
        "--no-browser",
        f"--ip={HOST}",
        f"--port={port}",
        "--ServerApp.port_retries=0",
        f"--IdentityProvider.token={token}",
        f"--ServerApp.root_dir={root_dir}",
        f"--LabApp.user_settings_dir={dirs['settings']}",
        f"--LabApp.workspaces_dir={dirs['workspaces']}",
        "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate",
        "--LabApp.extension_manager=readonly",
    ]
    if os.geteuid() == 0:  # containers and CI often run as root
        command.append("--allow-root")
    with open(log_path, "wb") as log:
        process = subprocess.Popen(
            command, cwd=root_dir, env=env, stdout=log, stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
        )
    server = LabServer(process, port, token, root_dir, log_path)
    deadline = time.monotonic() + timeout
    while True:
        if process.poll() is not None:
            raise RuntimeError(
                f"JupyterLab exited with code {process.returncode} before answering:\n{server.log_tail()}"
            )
        try:
            server.api("GET", "/api/status", timeout=2)
            return server
        except (OSError, urllib.error.URLError, ValueError):
            pass
        if time.monotonic() > deadline:
            server.stop()
            raise RuntimeError(
                f"JupyterLab did not answer on {server.base} within {timeout:.0f} s:\n{server.log_tail()}"
            )
        time.sleep(0.2)


# -- the browser ---------------------------------------------------------------------------
_PR_SET_CHILD_SUBREAPER = 36


def _set_child_subreaper(on: bool) -> bool:
    """Adopt (or stop adopting) orphaned descendants, so that we can reap them (Linux only).

    Chromium's crash handler and zygote processes are orphaned when the browser closes; in a
    container whose PID 1 does not reap, they would stay behind as zombies.
    """
    try:
        import ctypes

        libc = ctypes.CDLL(None, use_errno=True)
        return libc.prctl(_PR_SET_CHILD_SUBREAPER, int(on), 0, 0, 0) == 0
    except (OSError, AttributeError):
        return False


def _adopted_chromium_processes() -> list[tuple[int, str]]:
    """Our child processes that are Chromium's, as (pid, state), read from /proc."""
    found = []
    for pid, name, state, ppid in _processes():
        if ppid == os.getpid() and ("chrom" in name or "crashpad" in name):
            found.append((pid, state))
    return found


def _reap_chromium_orphans(wait_s: float = 3.0) -> None:
    """Reap the Chromium processes we adopted; end by PID any still running after ``wait_s``."""
    deadline = time.monotonic() + wait_s
    while True:
        adopted = _adopted_chromium_processes()
        late = time.monotonic() > deadline
        for pid, state in adopted:
            if state == "Z" or late:
                try:
                    if state != "Z":
                        os.kill(pid, signal.SIGKILL)
                    os.waitpid(pid, 0)
                except (ChildProcessError, ProcessLookupError):
                    pass
        if not adopted or late:
            return
        time.sleep(0.05)


@dataclass
class Chromium:
    """Playwright plus one Chromium; :meth:`stop` closes both and reaps what Chromium left."""

    playwright: Any
    browser: Any
    reaping: bool = False

    def stop(self) -> None:
        try:
            self.browser.close()
        finally:
            try:
                self.playwright.stop()
            finally:
                if self.reaping:
                    _reap_chromium_orphans()
                    _set_child_subreaper(False)


def launch_chromium(executable: Path | None = None) -> Chromium:
    """Start Debian's Chromium (never a downloaded one) through Playwright, headless."""
    from playwright.sync_api import sync_playwright

    executable = executable or CHROMIUM
    reaping = _set_child_subreaper(True)
    playwright = sync_playwright().start()
    try:
        browser = playwright.chromium.launch(
            executable_path=str(executable), args=CHROMIUM_ARGS, headless=True
        )
    except BaseException:
        playwright.stop()
        if reaping:
            _reap_chromium_orphans()
            _set_child_subreaper(False)
        raise
    return Chromium(playwright, browser, reaping)


# -- a notebook in JupyterLab --------------------------------------------------------------
_KERNEL_READY_JS = """() => [...document.querySelectorAll('.jp-StatusBar-TextItem')]
    .some(item => / \\| Idle$/.test(item.textContent.trim())
                  && !item.textContent.startsWith('No Kernel'))"""

# Done when no cell is queued or running and every non-empty code cell has an execution
# count, or when an error output stopped "Run All" (later cells then never run).
_RUN_FINISHED_JS = """() => {
    const notebook = document.querySelector('.jp-NotebookPanel:not(.lm-mod-hidden) .jp-Notebook');
    if (!notebook) return false;
    const indicator = document.querySelector('.jp-Notebook-ExecutionIndicator');
    if (indicator && indicator.dataset.status && indicator.dataset.status !== 'idle') return false;
    let waiting = 0;
    for (const cell of notebook.querySelectorAll('.jp-CodeCell')) {
        const prompt = (cell.querySelector('.jp-InputArea-prompt')?.textContent || '').trim();
        if (prompt.includes('*')) return false;
        const source = (cell.querySelector('.cm-content')?.textContent || '').trim();
        if (source && !/\\[\\d+\\]/.test(prompt)) waiting += 1;
    }
    const failed = [...notebook.querySelectorAll(
        '.jp-OutputArea-output[data-mime-type="application/vnd.jupyter.stderr"]')]
        .some(out => out.textContent.includes('Traceback'));
    return waiting === 0 || failed;
}"""

# Installed just before "Run All": notes when the run starts (a cell shows [*] or the
# notebook's execution indicator turns busy), then stops watching.
_WATCH_RUN_JS = """() => {
    window.__facenumbersRunStarted = false;
    const panel = document.querySelector('.jp-NotebookPanel:not(.lm-mod-hidden)') || document.body;
    const started = () => [...panel.querySelectorAll('.jp-InputArea-prompt')]
            .some(p => p.textContent.includes('*'))
        || panel.querySelector('.jp-Notebook-ExecutionIndicator[data-status="busy"]') !== null;
    const observer = new MutationObserver(() => {
        if (started()) { window.__facenumbersRunStarted = true; observer.disconnect(); }
    });
    observer.observe(panel, {subtree: true, childList: true, characterData: true,
                             attributes: true, attributeFilter: ['data-status']});
}"""

_CHARTS_JS = """() => {
    const embeds = [...document.querySelectorAll('.jp-NotebookPanel:not(.lm-mod-hidden) .vega-embed')];
    const drawn = embeds.filter(e => e.querySelector('svg, canvas'));
    return {embeds: embeds.length, drawn: drawn.length};
}"""

_PROBLEMS_JS = """([patterns, allowedCells, stderrMime]) => {
    const problems = [];
    const notebook = document.querySelector('.jp-NotebookPanel:not(.lm-mod-hidden) .jp-Notebook');
    const cells = notebook ? [...notebook.querySelectorAll(':scope .jp-Cell')] : [];
    const regex = new RegExp(patterns.map(p => p.replace(/[.*+?^${}()|[\\]\\\\]/g, '\\\\$&')).join('|'), 'i');
    cells.forEach((cell, index) => {
        if (allowedCells.includes(index)) return;
        for (const out of cell.querySelectorAll(`.jp-OutputArea-output[data-mime-type="${stderrMime}"]`)) {
            if (out.textContent.includes('Traceback')) problems.push(`cell ${index}: error output: ${out.textContent.trim().slice(0, 1500)}`);
        }
        for (const area of cell.querySelectorAll('.jp-OutputArea')) {
            const text = area.innerText || area.textContent || '';
            const found = text.match(regex);
            if (found && !problems.some(p => p.startsWith(`cell ${index}:`)))
                problems.push(`cell ${index}: "${found[0]}" in output: ${text.trim().slice(0, 1500)}`);
        }
    });
    for (const dialog of document.querySelectorAll('.jp-Dialog')) {
        problems.push(`dialog: ${(dialog.innerText || dialog.textContent).trim().slice(0, 500)}`);
    }
    return problems;
}"""


@dataclass
class PageLog:
    """What a page did: every URL requested (pages, workers, websockets) and console errors."""

    requests: list[str] = field(default_factory=list)
    console_errors: list[str] = field(default_factory=list)

    def external_requests(self, allowed_prefix: str) -> list[str]:
        """Requested URLs that are not on 127.0.0.1 (data: and blob: URLs are local)."""
        allowed = (allowed_prefix, allowed_prefix.replace("http://", "ws://"), "data:", "blob:", "about:")
        return sorted({url for url in self.requests if not url.startswith(allowed)})


#: Words that mark a console error as coming from the course's own content (its charts,
#: widgets and package), not from JupyterLab's chrome or an instructor's extension.
COURSE_CONSOLE_WORDS = ("vega", "altair", "anywidget", "jupyter-widgets", "widget", "facenumbers",
                        "Error loading script", "JupyterChart")


def course_console_errors(errors: Iterable[str]) -> list[str]:
    """The console errors that come from the course's own content."""
    return [e for e in errors if any(word.lower() in e.lower() for word in COURSE_CONSOLE_WORDS)]


class LabNotebook:
    """One notebook open in JupyterLab, in its own browser context (fresh storage and tabs).

    Use as a context manager; on exit the context closes and the notebook's kernel is shut down.
    """

    def __init__(self, server: LabServer, chromium: Chromium, path: str, viewport=(1400, 1000)):
        self.server, self.path = server, path
        self.context = chromium.browser.new_context(
            viewport={"width": viewport[0], "height": viewport[1]}
        )
        self.context.set_default_timeout(FIRST_KERNEL_TIMEOUT_S * 1000)
        self.log = PageLog()
        self.context.on("request", lambda request: self.log.requests.append(request.url))
        self.page = self.context.new_page()
        self.page.on("websocket", lambda ws: self.log.requests.append(ws.url))
        self.page.on(
            "console",
            lambda message: self.log.console_errors.append(message.text)
            if message.type == "error" else None,
        )
        self.page.on("pageerror", lambda error: self.log.console_errors.append(f"page error: {error}"))

    def __enter__(self) -> LabNotebook:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        try:
            self.context.close()
        finally:
            self.server.shutdown_sessions(self.path)

    def open(self, timeout_s: float = FIRST_KERNEL_TIMEOUT_S) -> LabNotebook:
        """Open the notebook (fresh workspace) and wait until its kernel is idle."""
        self.page.goto(self.server.url(f"/lab/tree/{self.path}") + "&reset")
        self.page.wait_for_selector(".jp-NotebookPanel .jp-Notebook", timeout=timeout_s * 1000)
        self.page.wait_for_function(_KERNEL_READY_JS, timeout=timeout_s * 1000, polling=100)
        return self

    def run_all(self) -> None:
        """Run > Run All Cells, from the menu as a person would."""
        self.page.evaluate(_WATCH_RUN_JS)
        self.page.get_by_role("menuitem", name="Run", exact=True).click()
        self.page.locator('li[data-command="runmenu:run-all"]').click()

    def wait_until_run(self, timeout_s: float = 180) -> None:
        """Wait until every cell has run (or an error stopped Run All) and the kernel is idle.

        The run must first have been seen to start (a cell queued or the notebook busy), so
        execution counts saved in a notebook cannot pass for a finished run.
        """
        self.page.wait_for_function("() => window.__facenumbersRunStarted === true",
                                    timeout=timeout_s * 1000, polling=100)
        self.page.wait_for_function(_RUN_FINISHED_JS, timeout=timeout_s * 1000, polling=200)
        self.page.wait_for_function(_KERNEL_READY_JS, timeout=timeout_s * 1000, polling=100)

    def charts(self) -> dict[str, int]:
        """How many Vega embeds there are, and how many have an svg or canvas drawn inside."""
        return self.page.evaluate(_CHARTS_JS)

    def open_and_run(self, screenshot: Path) -> dict[str, int]:
        """Open the notebook, Run All Cells, wait for every cell and chart; return the charts.

        On a failure (a timeout, most often) saves ``screenshot`` and raises RuntimeError that
        says at which stage, with what the page and the server said.
        """
        stage = "opening it and starting its kernel"
        try:
            self.open()
            stage = "Run > Run All Cells"
            self.run_all()
            stage = "waiting for every cell to run"
            self.wait_until_run()
        except Exception as problem:
            self.screenshot(screenshot)
            raise RuntimeError(f"{self.path}: {stage} failed: {problem}\n{self.report()}\n"
                               f"(screenshot: {screenshot})") from None
        return self.wait_for_charts()

    def run_or_fail(self, screenshot: Path) -> dict[str, int]:
        """:meth:`open_and_run` in a test: a failure fails the test with the stage and what
        the page and the server said (no Python traceback)."""
        import pytest

        try:
            return self.open_and_run(screenshot)
        except RuntimeError as problem:
            pytest.fail(str(problem), pytrace=False)

    def wait_for_charts(self, timeout_s: float = 30, settle_s: float = 1.0) -> dict[str, int]:
        """Wait until every chart is drawn and the count has not changed for ``settle_s``.

        Returns the last counts (the caller asserts on them, with a message).
        """
        deadline = time.monotonic() + timeout_s
        last, since = None, time.monotonic()
        while True:
            counts = self.charts()
            if counts != last:
                last, since = counts, time.monotonic()
            ready = counts["embeds"] == counts["drawn"]
            if ready and time.monotonic() - since >= settle_s:
                return counts
            if time.monotonic() > deadline:
                return counts
            self.page.wait_for_timeout(100)

    def wait_until_stable(self, selector: str, quiet_s: float = 0.5, timeout_s: float = 30) -> str:
        """Wait until the first element matching ``selector`` has kept the same HTML for
        ``quiet_s`` (a chart may redraw once after it first appears); return that HTML."""
        deadline = time.monotonic() + timeout_s
        element = self.page.locator(selector).first
        last, since = element.inner_html(), time.monotonic()
        while time.monotonic() - since < quiet_s:
            if time.monotonic() > deadline:
                raise TimeoutError(f"{selector} kept changing for {timeout_s:.0f} s")
            self.page.wait_for_timeout(100)
            current = element.inner_html()
            if current != last:
                last, since = current, time.monotonic()
        return last

    def lay_out_every_cell(self, settle_ms: int = 1_000) -> None:
        """Have the browser lay out the cells out of view too, so that they can be measured.

        JupyterLab renders every cell but marks those out of view ``content-visibility: auto``,
        so the browser skips their layout: their boxes measure 0 and axe-core cannot judge
        them. A style sheet lays them out, without changing what JupyterLab rendered; the
        page then has ``settle_ms`` for the course's resize observers to react.
        """
        self.page.add_style_tag(content=".jp-Notebook .jp-Cell { content-visibility: visible !important; }")
        self.page.wait_for_timeout(settle_ms)

    def problems(self, allowed_cells: Iterable[int] = ()) -> list[str]:
        """Error outputs and error text in output areas or dialogs, except in allowed cells."""
        return self.page.evaluate(_PROBLEMS_JS, [ERROR_PATTERNS, list(allowed_cells), STDERR])

    def external_requests(self) -> list[str]:
        return self.log.external_requests(self.server.base)

    def report(self) -> str:
        """Console errors and server log tail, for failure messages."""
        console = "\n  ".join(self.log.console_errors[-30:]) or "(none)"
        return f"Browser console errors:\n  {console}\nServer log (last lines):\n{self.server.log_tail(25)}"

    def screenshot(self, path: Path) -> None:
        try:
            self.page.screenshot(path=str(path), full_page=True)
        except Exception:  # a screenshot is a courtesy, never the failure
            pass


# -- the Voila app (make app) -----------------------------------------------------------------
class VoilaApp:
    """``make app`` running on a free port; :meth:`stop` ends it and the kernels it started."""

    def __init__(self, port: int, log: Path):
        self.port, self.log_path = port, log
        self.url = f"http://127.0.0.1:{port}/"
        self.process = subprocess.Popen(
            ["make", "--no-print-directory", "app", f"APP_PORT={port}"], cwd=ROOT,
            stdout=log.open("w"), stderr=subprocess.STDOUT, start_new_session=True,
        )

    def wait_until_serving(self, timeout_s: float = 120) -> None:
        deadline = time.monotonic() + timeout_s
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"make app stopped:\n{self.log_path.read_text()[-2000:]}")
            try:
                with urllib.request.urlopen(self.url + "voila/static/voila.js", timeout=2):
                    return
            except urllib.error.HTTPError:
                return  # the server answered
            except OSError:
                time.sleep(0.5)
        raise TimeoutError(f"make app did not answer in {timeout_s} s:\n{self.log_path.read_text()[-2000:]}")

    def stop(self) -> None:
        try:
            os.killpg(self.process.pid, signal.SIGTERM)
            self.process.wait(timeout=20)
        except (ProcessLookupError, subprocess.TimeoutExpired):
            os.killpg(self.process.pid, signal.SIGKILL)


# -- a JupyterLab and a browser for a test module -------------------------------------------------
@dataclass
class Lab:
    """A JupyterLab server, a Chromium, and a folder for screenshots of failures."""

    server: LabServer
    chromium: Chromium
    artifacts: Path

    def notebook(self, path: str) -> LabNotebook:
        """A notebook of the server, in its own browser context."""
        return LabNotebook(self.server, self.chromium, path)


@contextmanager
def lab_and_browser(root: Path, artifacts: Path) -> Iterator[Lab]:
    """JupyterLab serving ``root`` and Debian's Chromium, both stopped on exit.

    Skips (or, with CI=true, fails) when there is no browser; a browser that is present but
    fails to start is a failure.
    """
    reason = browser_unavailable_reason()
    if reason:
        skip_or_fail(reason)
    server = start_lab(root, artifacts / "lab")
    try:
        chromium = launch_chromium()
    except BaseException:
        server.stop()
        raise
    try:
        yield Lab(server, chromium, artifacts)
    finally:
        try:
            chromium.stop()
        finally:
            server.stop()



def module_chromium() -> Iterator[Chromium]:
    """The body of a module's ``chromium`` fixture: one Chromium (one Playwright) for the
    module's browser tests, skipped (or failed under CI) when there is no browser.

    Use it as ``chromium = pytest.fixture(scope="module", name="chromium")(module_chromium)``.
    """
    reason = browser_unavailable_reason()
    if reason:
        skip_or_fail(reason)
    browser = launch_chromium()
    yield browser
    browser.stop()
