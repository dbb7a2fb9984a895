"""Speed report for the course, with the goals of the performance issue marked met or missed.

    python benchmarks/run.py                              # or: make bench
    python benchmarks/run.py --doc docs/performance.md    # also refresh the report in the docs

Writes ``benchmarks/results/latest.md`` and prints the same markdown; with ``--doc``, the
generated part of that file (between its ``bench:begin`` and ``bench:end`` markers) is
replaced, and the written analysis around it is kept. Parts, each in its own module here:

1. Kernel side (kernel.py): time from a change of input (``calc.inputs[name].set(value)``)
   to the chart's new numbers being handed to the widget, for each calculator, measured in a
   real ipykernel (widget messages are serialised and sent) and in plain Python (no kernel);
   then a profile of the slowest input. 1b (heavy.py): heavier computations that do not run
   on every key press. 1c (first_calculator.py): a fresh process to the first calculator,
   and Run All to the first chart in JupyterLab, before and after the startup work.
2. Headless execution (notebooks.py, nbclient) of every notebook in lessons/, solutions/ and
   exercises/: median and spread of 3 runs per notebook, next to an empty notebook (kernel
   start and stop only), and the whole course one notebook after another, and two at a time.
3. Browser (browser.py): JupyterLab in Debian's Chromium; time from an arrow-key press on a
   slider to the chart redrawn (a MutationObserver on the chart, from the keydown to its last
   change), for every calculator, side by side with the naive pattern (an Output widget
   cleared and given a brand-new chart of the same class on every change). 3b
   (saved_lesson.py): the size of a lesson saved after running (in JupyterLab, with and
   without widget state, and by nbclient), and how many copies of the offline Vega bundle it
   holds.
4. Grading (grading.py): ``facenumbers grade`` on submissions of Lesson 04 with two jobs, with
   both engines in the same run (1,000 with the forked engine, 100 with the kernel engine):
   wall time, submissions per minute, time per submission.
5. ``make lab`` in a fresh clone of the repository, until the server answers (make_lab.py).
6. The website (static_site.py): key press to redrawn chart on every calculator's static twin,
   beside part 3's JupyterLab figures; bytes per page against a budget; time to first chart.

Everything runs on 127.0.0.1; notebooks run in temporary copies, never in the repository.
A part that cannot run (no Chromium, say) is reported as skipped, with the reason.

What the parts share (machine, figures, goals, the report and the doc's generated blocks) is
in common.py; how a part is registered, and how to add one, in registry.py. This file only
lists the topic modules (:data:`TOPICS`) and runs them.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

import common
import registry

#: The topic modules, in the order of their sections in the report. Each registers its parts
#: (``registry.part``) when imported; a new topic is a new module in benchmarks/ and its name
#: here.
TOPICS = ("kernel", "heavy", "first_calculator", "notebooks", "browser", "saved_lesson", "grading",
          "make_lab", "static_site", "hub")


def load_parts() -> list[registry.Part]:
    """Every part of :data:`TOPICS`, in report order (importing the topic modules)."""
    return registry.load(TOPICS)


def parser(parts: list[registry.Part]) -> argparse.ArgumentParser:
    """The command line: every part's options, ``--skip`` and ``--doc``."""
    found = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    registry.add_arguments(found, parts)
    found.add_argument("--doc", type=Path, help="also refresh the generated part of this markdown file")
    return found


def main(argv: list[str] | None = None) -> int:
    """Run every part not skipped; write, print and (with ``--doc``) put the report in the doc."""
    parts = load_parts()
    args = parser(parts).parse_args(argv)

    started = time.perf_counter()
    machine_line = common.machine()
    body = registry.run_parts(args, parts, started)
    report = common.render_report(machine_line, body, time.perf_counter() - started)
    common.write_report(report)
    if args.doc:
        common.update_doc(args.doc, common.doc_blocks(machine_line, report))
    print(report)
    return 0


if __name__ == "__main__":
    sys.exit(main())
