"""The parts of ``make bench``, and how a topic module adds one.

A *part* is one section of the report: a function that takes the parsed command line and
returns the section as markdown (starting with its ``## N. Title`` heading), after adding its
goals with :func:`common.goal`. A topic module (one file in benchmarks/) registers its parts
when it is imported, each with the command-line options it reads::

    import argparse

    from common import goal, table
    from registry import option, part


    @part("site", option("--site-presses", type=int, default=30,
                         help="key presses per chart (static site)"))
    def _site(args: argparse.Namespace) -> str:
        return site(args.site_presses)

Then its module name goes into ``TOPICS`` in run.py, at the place its section should have in
the report; nothing else changes. The part's name becomes a choice of ``--skip``, its options appear
in ``--help``, and the section and its goals land in benchmarks/results/latest.md and, with
``--doc``, in docs/performance.md. A part that shows another part's figures next to its own
reads them from :data:`common.FIGURES` (the ``browser`` part leaves its JupyterLab redraw times
there); it must then come after that part in ``TOPICS``, and say so when that part was skipped.

A topic module's name must be its own: ``site``, say, is a standard-library module that Python
has imported before benchmarks/ is on ``sys.path`` (call it ``static_site``). :func:`load`
refuses a topic that is not found in benchmarks/.

What :func:`run_parts` does with every part: ``--skip NAME`` leaves it out (the report says so
under ``## NAME: skipped``), an exception it raises is reported under ``## NAME`` and the next
parts still run, and ``[bench] NAME done after N s`` is printed on stderr after it.
"""

from __future__ import annotations

import argparse
import importlib
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from common import BENCHMARKS, failure, new_run

#: A part's function: the parsed command line in, the report's section (markdown) out.
Runner = Callable[[argparse.Namespace], str]


@dataclass(frozen=True)
class Option:
    """A command-line option of a part: what ``ArgumentParser.add_argument`` is given."""

    flags: tuple[str, ...]
    settings: dict[str, Any] = field(default_factory=dict)


def option(*flags: str, **settings: Any) -> Option:
    """An option for :func:`part`, in the words of ``add_argument``: ``option("--runs",
    type=int, default=3, help="...")``."""
    return Option(flags, settings)


@dataclass(frozen=True)
class Part:
    """One section of the report: its name (for ``--skip``), its function and its options."""

    name: str
    run: Runner
    options: tuple[Option, ...] = ()
    module: str = ""


_PARTS: dict[str, Part] = {}


def part(name: str, *options: Option) -> Callable[[Runner], Runner]:
    """Decorator: register the function as the part ``name``, with the options it reads from
    the command line. The function is returned unchanged."""

    def register(run: Runner) -> Runner:
        known = _PARTS.get(name)
        if known and (known.module, known.run.__qualname__) != (run.__module__, run.__qualname__):
            raise ValueError(f"two parts named {name!r}: {known.module}.{known.run.__qualname__} "
                             f"and {run.__module__}.{run.__qualname__}")
        _PARTS[name] = Part(name, run, tuple(options), run.__module__)
        return run

    return register


def load(topics: Sequence[str]) -> list[Part]:
    """Import each topic module from benchmarks/; their parts, in the order of ``topics`` (and
    within a module, in the order it registered them). Parts registered by any other module
    are left out."""
    for topic in topics:
        module = importlib.import_module(topic)
        where = Path(module.__file__ or "").resolve().parent
        if where != BENCHMARKS:
            raise ImportError(f"topic {topic!r} is {module.__file__}, not benchmarks/{topic}.py: "
                              "give the module a name no other module has")
    return [found for topic in topics for found in _PARTS.values() if found.module == topic]


def add_arguments(parser: argparse.ArgumentParser, parts: Sequence[Part]) -> None:
    """Every part's options, in order, then ``--skip`` with the parts' names as its choices."""
    for each in parts:
        for extra in each.options:
            parser.add_argument(*extra.flags, **extra.settings)
    parser.add_argument("--skip", action="append", default=[], choices=[each.name for each in parts],
                        help="leave a part out")


def run_parts(args: argparse.Namespace, parts: Sequence[Part], started: float) -> list[str]:
    """Run every part not skipped, in order: the report's body, a blank line before each
    section. Goals and figures of an earlier run in this process are forgotten first."""
    new_run()
    body: list[str] = []
    for each in parts:
        if each.name in args.skip:
            body += ["", f"## {each.name}: skipped (--skip {each.name})"]
            continue
        try:
            body += ["", each.run(args)]
        except Exception as problem:
            body += ["", f"## {each.name}", "", failure(problem)]
        print(f"[bench] {each.name} done after {time.perf_counter() - started:.0f} s", file=sys.stderr)
    return body
