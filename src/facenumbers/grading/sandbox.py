"""What every grading process starts from, whichever engine: a clean environment, a scratch
folder as working directory and home, and its own copy of the charts' JavaScript cache.

>>> env = worker_environment(Path("/tmp/grade-x"))
>>> env["HOME"], env["FACENUMBERS_STRICT"], env["https_proxy"]
('/tmp/grade-x', '0', 'http://127.0.0.1:9')
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

#: Each worker's own copy of the charts' JavaScript cache (facenumbers.charts.bundle_cache),
#: inside its scratch folder: a worker never builds the bundle again (about a second each), and
#: nothing a student's code writes there reaches the instructor's cache or another student.
WORKER_CHART_CACHE = "chart-cache"


def _prepare_chart_cache() -> None:
    """Build (or find) the charts' JavaScript in the instructor's cache, once per batch."""
    try:
        from facenumbers.charts.bundle_cache import offline_bundle

        offline_bundle()
    except Exception:  # a worker then builds its own: slower, never wrong
        pass


def _copy_chart_cache(work: Path) -> None:
    """Copy the instructor's cached bundle into a worker's scratch folder, if there is one."""
    try:
        from facenumbers.charts.bundle_cache import cache_file

        cached = cache_file()
        if cached.is_file():
            (work / WORKER_CHART_CACHE).mkdir(exist_ok=True)
            shutil.copy2(cached, work / WORKER_CHART_CACHE / cached.name)
    except Exception:
        pass


def _clean_environment() -> dict[str, str]:
    """The few variables a grading process keeps from ours, and the settings it runs with (no
    strict checks, no proxy that works, one thread for the numeric libraries)."""
    keep = ("PATH", "LANG", "LC_ALL", "PYTHONPATH", "VIRTUAL_ENV", "TMPDIR", "JUPYTER_PATH")
    env = {k: v for k, v in os.environ.items() if k in keep}
    env.update({"FACENUMBERS_STRICT": "0", "PYTHONDONTWRITEBYTECODE": "1", "MPLBACKEND": "agg",
                "http_proxy": "http://127.0.0.1:9", "https_proxy": "http://127.0.0.1:9",
                "HTTP_PROXY": "http://127.0.0.1:9", "HTTPS_PROXY": "http://127.0.0.1:9",
                "OPENBLAS_NUM_THREADS": "1", "OMP_NUM_THREADS": "1", "MKL_NUM_THREADS": "1"})
    return env


def worker_environment(work: Path) -> dict[str, str]:
    """The environment the student's code runs in: the clean one, with ``work`` as home and
    the worker's own charts cache."""
    return {**_clean_environment(), "HOME": str(work),
            "FACENUMBERS_CACHE_DIR": str(work / WORKER_CHART_CACHE)}
