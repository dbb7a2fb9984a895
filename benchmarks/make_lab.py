"""Part 5 of ``make bench``: ``make lab`` in a fresh clone of the repository.

``git clone`` into a temporary folder, then ``make lab`` there, timed until the server's API
answers (the first run builds ``.venv``; the next runs find it ready); the first page is
fetched once, then the server is stopped by its PID.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from common import ROOT, bs, failure, goal, table
from registry import option, part

#: The address ``make lab`` prints: its port and token.
LAB_URL = re.compile(r"http://127\.0\.0\.1:(\d+)/\S*?\?token=([0-9a-f]+)")


def _directory_bytes(path: Path) -> int:
    """Bytes of the files under ``path`` (links not followed; files that vanish not counted)."""
    total = 0
    for item in path.rglob("*"):
        try:
            if item.is_file() and not item.is_symlink():
                total += item.stat().st_size
        except OSError:
            pass
    return total


def _stop_tree(process: subprocess.Popen[str]) -> None:
    """End ``make`` and what it started, each by its PID: the deepest first with SIGTERM (the
    Jupyter server then shuts down cleanly), then SIGKILL for anything still there."""
    children = bs.descendants(process.pid)
    for pid, start in reversed(children):
        if bs._process_start(pid) == start:  # still the same process, not a reused PID
            try:
                os.kill(pid, signal.SIGTERM)
            except ProcessLookupError:
                pass
    try:
        process.wait(20)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait(5)
    for pid, start in children:
        if bs._process_start(pid) == start:
            try:
                os.kill(pid, signal.SIGKILL)
            except ProcessLookupError:
                pass


def time_make_lab(clone: Path, env: dict[str, str], timeout_s: float = 900) -> dict[str, Any]:
    """Run ``make lab`` in ``clone``; seconds until the server's API answers, then stop it:
    ``{"answered": s, "url_printed": s, "page_s": s, "page_status": HTTP status}``."""
    import threading
    import urllib.request

    started = time.perf_counter()
    process = subprocess.Popen(["make", "lab"], cwd=clone, env=env, stdout=subprocess.PIPE,
                               stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL, text=True,
                               errors="replace")
    lines: list[str] = []
    found: dict[str, tuple[int, str, float]] = {}

    def read() -> None:
        for line in process.stdout:  # type: ignore[union-attr]
            lines.append(line)
            match = LAB_URL.search(line)
            if match and "url" not in found:
                found["url"] = (int(match.group(1)), match.group(2), time.perf_counter() - started)

    reader = threading.Thread(target=read, daemon=True)
    reader.start()
    opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
    try:
        while True:
            if process.poll() is not None:
                raise RuntimeError(f"make lab exited with code {process.returncode}:\n"
                                   + "".join(lines[-15:]))
            if time.perf_counter() - started > timeout_s:
                raise RuntimeError(f"make lab did not answer within {timeout_s:.0f} s:\n" + "".join(lines[-15:]))
            if "url" in found:
                port, token, _printed = found["url"]
                try:
                    request = urllib.request.Request(f"http://127.0.0.1:{port}/api/status",
                                                     headers={"Authorization": f"token {token}"})
                    with opener.open(request, timeout=2) as response:
                        json.loads(response.read())
                    answered = time.perf_counter() - started
                    page_start = time.perf_counter()
                    with opener.open(f"http://127.0.0.1:{port}/lab/tree/lessons/00-start-here.ipynb"
                                     f"?token={token}", timeout=30) as response:
                        response.read()
                        status = response.status
                    return {"answered": answered, "url_printed": found["url"][2],
                            "page_s": time.perf_counter() - page_start, "page_status": status}
                except OSError:
                    pass
            time.sleep(0.05)
    finally:
        _stop_tree(process)
        reader.join(5)


def make_lab(warm_runs: int) -> str:
    """Part 5's section: a fresh clone's first ``make lab``, then ``warm_runs`` more."""
    import shutil

    out = [
        "## 5. `make lab` from a fresh clone",
        "",
        "`git clone` of the repository into a temporary folder, then `make lab` there, timed "
        "until the server's API answers on 127.0.0.1 (`/api/status` with the token the server "
        "printed); then the course's first page (`/lab/tree/lessons/00-start-here.ipynb`) is "
        "fetched once and the server is stopped by its PID. The first run builds `.venv` "
        "(`python3 -m venv`, then pip installs the course from `requirements/lock.txt`); the next runs find it ready, as a person's "
        "second `make lab` does. `BROWSER=true` stands in for the web browser, and Jupyter's "
        "config, data and runtime folders are temporary ones, so no setting of this machine's "
        "user changes the figures.",
        "",
    ]
    if not shutil.which("make") or not shutil.which("git"):
        out.append("**Skipped:** `make` or `git` is not installed.")
        return "\n".join(out)
    try:
        cache: Path | None = Path(subprocess.run([sys.executable, "-m", "pip", "cache", "dir"], capture_output=True,
                                    text=True, check=True).stdout.strip())
    except (subprocess.CalledProcessError, OSError):
        cache = None
    rows: list[list[str]] = []
    with tempfile.TemporaryDirectory() as scratch_name:
        scratch = Path(scratch_name)
        clone = scratch / "clone"
        env = {key: value for key, value in os.environ.items() if key not in (
            "VIRTUAL_ENV", "PYTHONPATH", "JUPYTER_PATH", "JUPYTER_CONFIG_DIR", "JUPYTER_DATA_DIR")}
        env.update(BROWSER="true", JUPYTER_CONFIG_DIR=str(scratch / "config"),
                   JUPYTER_DATA_DIR=str(scratch / "data"), JUPYTER_RUNTIME_DIR=str(scratch / "runtime"),
                   IPYTHONDIR=str(scratch / "ipython"))
        venv_bin = str(ROOT / ".venv" / "bin")
        env["PATH"] = os.pathsep.join(p for p in env.get("PATH", "").split(os.pathsep) if p != venv_bin)
        try:
            clone_start = time.perf_counter()
            subprocess.run(["git", "clone", "-q", str(ROOT), str(clone)], check=True, capture_output=True)
            clone_s = time.perf_counter() - clone_start
            cache_before = _directory_bytes(cache) if cache and cache.is_dir() else None
            cold = time_make_lab(clone, env)
            cache_after = _directory_bytes(cache) if cache and cache.is_dir() else None
            warm = [time_make_lab(clone, env) for _ in range(warm_runs)]
        except Exception as problem:
            out.append(failure(problem))
            goal("`make lab` from a fresh clone to a running server", "failed to run", None)
            return "\n".join(out)
        venv_bytes = _directory_bytes(clone / ".venv")
    if cache_before is None and cache_after is None:
        cached = "pip's cache folder did not exist before or after it, so nothing came from pip's cache"
    else:
        grown = (cache_after or 0) - (cache_before or 0)
        cached = (f"pip's cache grew by {grown / 1e6:.1f} MB during it"
                  + (" (everything came from the cache)" if grown < 1e6 else " (packages were downloaded)"))
    try:
        config = subprocess.run([sys.executable, "-m", "pip", "config", "list"], capture_output=True,
                                text=True, timeout=60).stdout
    except (OSError, subprocess.SubprocessError):
        config = ""
    local = sorted({line.split("=", 1)[0].split(".")[-1] for line in config.splitlines()
                    if "file://" in line or re.search(r"find-links='/", line)})
    if local:
        cached += f"; pip's configuration also names local package folders ({', '.join(local)})"
    rows.append(["Fresh clone: `git clone`", f"{clone_s:.2f}", "", ""])
    rows.append(["Fresh clone: `make lab` (venv and install, then the server)",
                 f"{cold['answered']:.1f}", f"{cold['page_s']:.2f}", f"HTTP {cold['page_status']}"])
    warm_answered = [w["answered"] for w in warm]
    if warm:
        rows.append([f"`make lab` again, venv ready (median of {len(warm)}; min to max)",
                     f"{statistics.median(warm_answered):.1f} ({min(warm_answered):.1f} to {max(warm_answered):.1f})",
                     f"{statistics.median(w['page_s'] for w in warm):.2f}",
                     ", ".join(sorted({f"HTTP {w['page_status']}" for w in warm}))])
    out.append(table(["Step", "Seconds to a running server", "First page (s)", "First page"], rows))
    out += ["", f"Install: {cached}; the new `.venv` holds {venv_bytes / 1e6:.0f} MB."]
    goal("`make lab` from a fresh clone to a running server (no goal set; reported)",
         f"{clone_s + cold['answered']:.0f} s fresh (clone and install), "
         + (f"{statistics.median(warm_answered):.1f} s when the venv is ready" if warm else ""), None)
    return "\n".join(out)


@part("lab", option("--lab-runs", type=int, default=3,
                     help="runs of make lab once the fresh clone's venv is ready"))
def _make_lab_part(args: argparse.Namespace) -> str:
    """Part 5, ``--skip lab``."""
    return make_lab(args.lab_runs)
