"""Part 7, ``hub``: a class on this machine's JupyterHub (make hub), at the start of a lecture.

A throwaway hub (tests/hub_support.py: real accounts, JupyterHub, configurable-http-proxy)
with ``--hub-students`` students who all arrive at once: each logs in through the login page
(a first login, so the password is hashed) and starts a server; then each runs Lesson 04 and
its exercise notebook in two kernels, answers and checks one exercise and hands in. Reported:
login and spawn times (p50, p95, slowest), the time to work both notebooks, and memory per
student (RSS and PSS of the student's processes; PSS divides shared pages among the
processes that share them, so students x PSS is what the class needs together) with the
server idle and with both kernels alive. Needs Linux and root; reported as skipped otherwise.
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import time

from common import failure, goal, percentile, table
from registry import option, part

import hub_support as hs
from facenumbers.hub import rehearsal, running


async def _lecture(hub: hs.ClassHub, work: rehearsal.Work) -> tuple[list[rehearsal.Outcome], dict, dict, float]:
    students = [rehearsal.Student(hub.plan.url, login, hs.PASSWORD, timeout=1200) for login in hub.students]
    outcomes = [rehearsal.Outcome(s.login, s.timings) for s in students]
    for student in students:
        await student.__aenter__()
    try:
        async def step(index: int, coroutine) -> None:
            try:
                await coroutine
            except (rehearsal.StepFailed, asyncio.TimeoutError, OSError) as problem:
                outcomes[index].failure = outcomes[index].failure or str(problem)

        started = time.monotonic()
        await asyncio.gather(*(step(i, rehearsal.arrive(s)) for i, s in enumerate(students)))
        arrived = time.monotonic() - started
        await asyncio.sleep(2)  # let the servers settle after their start
        idle = running.memory_by_login(hub.students)
        await asyncio.gather(*(step(i, rehearsal.work_on(s, work, outcomes[i]))
                               for i, s in enumerate(students) if not outcomes[i].failure))
        busy = running.memory_by_login(hub.students)
    finally:
        for student in students:
            await student.__aexit__()
    return outcomes, idle, busy, arrived


def _row(name: str, values: list[float], unit: str = "s") -> list[str]:
    if not values:
        return [name, "n/a", "n/a", "n/a"]
    return [name, f"{percentile(values, 50):.1f} {unit}", f"{percentile(values, 95):.1f} {unit}",
            f"{max(values):.1f} {unit}"]


def hub_part(count: int) -> str:
    """The section: a class of ``count`` arriving at once, and what each student costs."""
    out = ["## 7. A class on JupyterHub (make hub)", ""]
    reason = hs.unavailable_reason()
    if reason:
        goal("Hub: every student of the class handed in", "skipped", None)
        return "\n".join(out + [f"Skipped: {reason}."])
    try:
        started = time.monotonic()
        hub = hs.start_class_hub(count)
        set_up = time.monotonic() - started
    except Exception as problem:  # the report says so, and the other parts still run
        goal("Hub: every student of the class handed in", "failed to start", False)
        return "\n".join(out + [failure(problem)])
    try:
        exercise = "04-base-rates/ppv"
        work = rehearsal.Work(exercise=exercise, answer=hs.solution_answer(exercise))
        outcomes, idle, busy, arrived = asyncio.run(_lecture(hub, work))
        hub_pss = sum(running.memory_of(pid)[1] for pid in (hub.process.pid, running.proxy_pid(hub.plan)) if pid)
    finally:
        hs.stop_class_hub(hub)
    done = [o for o in outcomes if not o.failure and o.check.startswith("Correct") and "Handed in" in o.handed_in]
    logins = [o.timings.login for o in outcomes if o.timings.login]
    spawns = [o.timings.spawn for o in outcomes if o.timings.spawn]
    lesson = [o.timings.notebooks.get(work.lesson, 0) for o in done]
    exercises = [o.timings.notebooks.get(work.exercises, 0) for o in done]
    idle_rss = [idle[o.login][0] for o in outcomes]
    idle_pss = [idle[o.login][1] for o in outcomes]
    busy_rss = [busy[o.login][0] for o in done]
    busy_pss = [busy[o.login][1] for o in done]
    out += [f"{count} students arrive at once: a first login each (the password is set and hashed), then "
            f"a server each; {arrived:.0f} s until the last server was ready. Setting up the hub "
            f"(accounts, the students' environment, the course's files) took {set_up:.0f} s.", "",
            table(["Step, for each student", "p50", "p95", "slowest"], [
                _row("login through the login page", logins),
                _row("spawn: server asked for until ready", spawns),
                _row("Lesson 04 run in a kernel", lesson),
                _row("exercises 04: run, answer, check, save, hand in", exercises),
            ]), "",
            table(["Memory per student", "median RSS", "median PSS", "class of " + str(count) + " (sum of PSS)"], [
                ["server idle, after its start", f"{statistics.median(idle_rss):.0f} MiB",
                 f"{statistics.median(idle_pss):.0f} MiB", f"{sum(idle_pss) / 1024:.1f} GiB"],
                ["server and two kernels (Lesson 04, exercises)",
                 f"{statistics.median(busy_rss):.0f} MiB" if busy_rss else "n/a",
                 f"{statistics.median(busy_pss):.0f} MiB" if busy_pss else "n/a",
                 f"{sum(busy_pss) / 1024:.1f} GiB"],
            ]), "",
            "PSS counts a page shared by several processes (the Python libraries every kernel maps) "
            "once in all; RSS counts it in each. Size a machine or a Kubernetes node from PSS, "
            "and a per-student memory limit from RSS, with headroom for a second lesson open. "
            f"The hub and its proxy themselves: {hub_pss:.0f} MiB (PSS).", ""]
    failed = [f"{o.login}: {o.failure or o.errors or o.check[:80]}" for o in outcomes if o not in done]
    if failed:
        out += ["Students who did not finish:", "", *[f"- {line}" for line in failed], ""]
    goal(f"Hub: every student of the class handed in ({count} at once)", f"{len(done)} of {count}",
         len(done) == count)
    goal("Hub: spawn time, p50 and p95 (no goal)",
         f"{percentile(spawns, 50):.1f} s, {percentile(spawns, 95):.1f} s" if spawns else "n/a", None)
    goal("Hub: memory per student with two kernels, median PSS and RSS (no goal)",
         f"{statistics.median(busy_pss):.0f} MiB, {statistics.median(busy_rss):.0f} MiB" if busy_pss else "n/a", None)
    return "\n".join(out)


@part("hub", option("--hub-students", type=int, default=20, help="students who arrive at once (hub)"))
def _hub_part(args: argparse.Namespace) -> str:
    return hub_part(args.hub_students)
