"""Part 1 of ``make bench``: from a change of input to the chart's new numbers, per calculator.

Each input of every calculator is swept over a range of values, one timed
``calc.inputs[name].set(value)`` per value, in a real ipykernel (through nbclient, so widget
messages are serialised and sent) and in plain Python in this process (no kernel); then the
slowest input is profiled with cProfile. The sweep is one piece of code (:data:`SWEEP_CODE`)
run unchanged in both places.
"""

from __future__ import annotations

import argparse
import json
import statistics
import tempfile
import textwrap
from typing import Any

from common import failure, goal, ms, percentile, profiled, table
from registry import option, part

#: What :data:`SWEEP_CODE`'s ``sweep`` returns, by calculator: ``{"inputs": {input name:
#: [ms per change, ...]}, "payload_bytes": bytes of the chart's parameters as JSON}``.
Sweep = dict[str, dict[str, Any]]


# -- 1. kernel side ------------------------------------------------------------------------
# Runs unchanged in a kernel (through nbclient) and in this process. Each input is swept
# over a range of values; each value is one timed call of ``set``, which validates it,
# recomputes the readout and hands the chart its new parameters.
SWEEP_CODE = textwrap.dedent(
    """
    import json as _json, math as _math, time as _time
    from facenumbers.calculators import (
        alarm, breach_exposure, gallery_size, how_unique, matcher, policy_simulator,
        share_of_population, threshold_explorer,
    )

    SWEEPS = {
        "alarm": (alarm, {
            "crowd_size": ("log", 1e3, 1e9),
            "prevalence": ("log", 1e-5, 0.5),
            "hit_rate": ("lin", 0.05, 1.0),
            "false_alert_rate": ("log", 1e-5, 0.5),
        }),
        "gallery_size": (gallery_size, {
            "false_match_rate": ("log", 1e-10, 1e-2),
            "gallery_size": ("log", 10, 1.6e9),
        }),
        "share_of_population": (share_of_population, {
            "people": ("lin", 1e8, 1.4e9),
            "claimed_share": ("lin", 0.01, 0.99),
            "population": ("lin", 1.41e9, 2e9),
        }),
        "matcher": (matcher, {
            "threshold": ("lin", -0.5, 0.95),
            "person_b": ("lin", 1, 1000),
        }),
        "threshold_explorer": (threshold_explorer, {
            "threshold": ("lin", 0.1, 0.6),
            "registrations_per_month": ("log", 1e5, 1e8),
            "impostor_share": ("log", 1e-6, 0.1),
        }),
        "how_unique": (how_unique, {  # 1,000,000 synthetic people at the start
            "k": ("log", 2, 1000),
            "population": ("log", 1e3, 1e5),  # each size a new synthetic population
        }),
        "policy_simulator": (policy_simulator, {
            "false_match_rate": ("log", 1e-8, 0.1),
            "gallery_size": ("log", 1e6, 2e9),
            "weight_honest_refused": ("lin", 0, 100),
            "lookalike_share": ("lin", 0, 1),
            "lookalike_false_match_multiplier": ("log", 1, 1e4),
        }),
        "breach_exposure": (breach_exposure, {
            "breach_probability_per_year": ("lin", 0, 1),
            "years": ("lin", 1, 60),
        }),
    }

    def _values(scale, low, high, count, kind):
        if scale == "log":
            a, b = _math.log10(low), _math.log10(high)
            values = [10 ** (a + (b - a) * i / (count - 1)) for i in range(count)]
        else:
            values = [low + (high - low) * i / (count - 1) for i in range(count)]
        return [int(round(v)) for v in values] if kind == "count" else values

    def sweep(count=240, warmup=10):
        results = {}
        for calc_name, (factory, inputs) in SWEEPS.items():
            calc = factory()
            per_input = {}
            for name, (scale, low, high) in inputs.items():
                box = calc.inputs[name]
                values = _values(scale, low, high, count, box.kind)
                for value in values[:warmup]:
                    box.set(value)
                timings = []
                for value in values:
                    start = _time.perf_counter_ns()
                    box.set(value)
                    timings.append((_time.perf_counter_ns() - start) / 1e6)
                per_input[name] = timings
            payload = len(_json.dumps(calc.live.params))
            results[calc_name] = {"inputs": per_input, "payload_bytes": payload}
        return results
    """
)


def sweep_in_kernel(count: int) -> Sweep:
    """The sweep (``count`` values per input) in a real ipykernel, run by nbclient."""
    import nbformat
    from nbclient import NotebookClient

    notebook = nbformat.v4.new_notebook()
    notebook.cells = [
        nbformat.v4.new_code_cell(SWEEP_CODE),
        nbformat.v4.new_code_cell(f"print(_json.dumps(sweep(count={count})))"),
    ]
    with tempfile.TemporaryDirectory() as scratch:
        NotebookClient(
            notebook, timeout=900, kernel_name="python3", resources={"metadata": {"path": scratch}}
        ).execute()
    text = "".join(o.get("text", "") for o in notebook.cells[-1].outputs if o.output_type == "stream")
    return json.loads(text.strip().splitlines()[-1])


def _sweep_namespace() -> dict[str, Any]:
    """The names :data:`SWEEP_CODE` defines (``SWEEPS``, ``_values``, ``sweep``), in this process."""
    namespace: dict[str, Any] = {}
    exec(compile(SWEEP_CODE, "<sweep>", "exec"), namespace)
    return namespace


def sweep_in_process(count: int) -> Sweep:
    """The sweep (``count`` values per input) in plain Python, in this process."""
    return _sweep_namespace()["sweep"](count=count)


#: The goal: a median under this many ms in a kernel, per calculator.
KERNEL_GOAL_MS = 10


def timing_row(label: str, kernel: list[float], plain: list[float], payload: str) -> list[Any]:
    """One row of the kernel-side table: medians and p95s in a kernel and in plain Python."""
    return [
        label,
        len(plain),
        ms(statistics.median(kernel)) if kernel else "n/a",
        ms(percentile(kernel, 95)) if kernel else "n/a",
        ms(statistics.median(plain)),
        ms(percentile(plain, 95)),
        payload,
    ]


def profile_input(calc_name: str, input_name: str, count: int = 60) -> str:
    """cProfile of ``count`` changes of one input of the kernel sweep, in this process."""
    namespace = _sweep_namespace()
    factory, inputs = namespace["SWEEPS"][calc_name]
    scale, low, high = inputs[input_name]
    calc = factory()
    box = calc.inputs[input_name]
    values = namespace["_values"](scale, low, high, count, box.kind)
    for value in values[:10]:
        box.set(value)
    text, seconds = profiled([lambda value=value: box.set(value)  # type: ignore[misc]
                              for value in values])
    return "\n".join([
        f"Profile of the slowest input, `{calc_name}.{input_name}`: {count} changes in plain "
        f"Python under cProfile ({seconds:.2f} s in all, {1000 * seconds / count:.1f} ms a "
        "change); the top functions by cumulative time:",
        "",
        text,
    ])


def kernel_side(count: int) -> str:
    """Part 1's section: the sweep in a kernel and in plain Python, the goals, the profile."""
    out = [
        "## 1. Kernel side: input change to new chart data",
        "",
        f"One timed `calc.inputs[name].set(value)` per value ({count} values per input, swept "
        "over a range, after 10 warm-up calls): validate, recompute readout and summary, send "
        "the chart's new parameters. **In a kernel**: a real ipykernel through nbclient, so "
        "every widget change is serialised and sent as a comm message. **Plain Python**: the "
        "same code in this process, without a kernel (no messages). Times in ms. Goal: median "
        f"under {KERNEL_GOAL_MS} ms in a kernel, per calculator; the last column also marks "
        "each input on its own.",
        "",
    ]
    try:
        in_kernel: Sweep | None = sweep_in_kernel(count)
    except Exception as problem:
        in_kernel = None
        out += [f"In a kernel: {failure(problem)}", ""]
    in_process = sweep_in_process(count)
    rows: list[list[Any]] = []
    slowest_calc: tuple[str, float] | None = None
    slowest_input: tuple[str, str, float] | None = None

    def verdict(kernel: list[float], plain: list[float]) -> tuple[float, str]:
        median = statistics.median(kernel or plain)
        return median, "met" if median < KERNEL_GOAL_MS else "**missed**"

    for calc_name, result in in_process.items():
        kernel_inputs = in_kernel[calc_name]["inputs"] if in_kernel else {}
        pooled_kernel = [t for ts in kernel_inputs.values() for t in ts]
        pooled_plain = [t for ts in result["inputs"].values() for t in ts]
        median, met = verdict(pooled_kernel, pooled_plain)
        if slowest_calc is None or median > slowest_calc[1]:
            slowest_calc = (calc_name, median)
        rows.append(timing_row(f"**{calc_name}** (all inputs)", pooled_kernel, pooled_plain,
                               f"{result['payload_bytes']:,}") + [met])
        for name, timings in result["inputs"].items():
            median, met = verdict(kernel_inputs.get(name, []), timings)
            if slowest_input is None or median > slowest_input[2]:
                slowest_input = (calc_name, name, median)
            rows.append(timing_row(f"&nbsp;&nbsp;{calc_name}.{name}",
                                   kernel_inputs.get(name, []), timings, "") + [met])
    assert slowest_calc is not None and slowest_input is not None  # every calculator has inputs
    where = "in a kernel" if in_kernel else "in plain Python (the kernel run failed)"
    goal(f"Kernel: widget change to new chart data, median < {KERNEL_GOAL_MS} ms per calculator",
         f"slowest calculator {ms(slowest_calc[1])} ms ({slowest_calc[0]}, {where})",
         slowest_calc[1] < KERNEL_GOAL_MS)
    goal("Kernel: the same, every input on its own (stricter)",
         f"slowest input {ms(slowest_input[2])} ms ({slowest_input[0]}.{slowest_input[1]})",
         slowest_input[2] < KERNEL_GOAL_MS)
    out.append(
        table(
            ["Calculator / input", "n", "In a kernel: median", "p95", "Plain Python: median", "p95",
             "Chart params sent per change (bytes of JSON)", f"Median < {KERNEL_GOAL_MS} ms"],
            rows,
        )
    )
    try:
        out += ["", profile_input(slowest_input[0], slowest_input[1])]
    except Exception as problem:
        out += ["", f"Profile: {failure(problem)}"]
    return "\n".join(out)


@part("kernel", option("--sweep", type=int, default=240, help="values per input (kernel side)"))
def _kernel_part(args: argparse.Namespace) -> str:
    """Part 1, ``--skip kernel``."""
    return kernel_side(args.sweep)
