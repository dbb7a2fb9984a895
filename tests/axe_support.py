"""Accessibility checks with axe-core, injected into a page driven by Playwright.

axe-core comes from the npm registry, installed by ``make axe`` (a prerequisite of
``make test``) with ``npm ci`` at the version ``package-lock.json`` locks, into the
project-local, git-ignored folder ``node_modules``; nothing is fetched
at test time. Shared by tests/test_accessibility.py (lessons in JupyterLab) and the Voila
app's test.

- :func:`axe_script` is the path of ``axe.min.js`` (FileNotFoundError, saying how to install
  it, when it is missing); :func:`axe_unavailable_reason` says why the checks cannot run.
- :func:`run_axe` injects axe into a Playwright page, runs it on the page or on a selector,
  and returns the violations whose impact is "serious" or "critical", one dict each::

      {"id": "image-alt", "impact": "critical", "help": "Images must have alternative text",
       "helpUrl": "...", "node_count": 1, "nodes": [{"html": "<img ...>", "target": ["img"],
                                   "summary": "Fix any of the following: ...",
                                   "ours": True}, ...]}

  ``nodes`` holds every offending element; :func:`format_violations` prints the first
  :data:`MAX_NODES` of each.
- :func:`course_violations` keeps only what the course's own content causes (the rule is
  below); :func:`format_violations` prints violations for a failure message.

Whose violation is it? (:data:`COURSE_CONTENT`)
    An offending element belongs to the course when it lies inside what a notebook *shows*:
    a cell's output (``.jp-OutputArea-output``: widgets, charts, readouts, HTML and text that
    our code displays), a rendered Markdown cell (``.jp-MarkdownOutput``: the prose and tables
    we wrote), or the tooltip a Vega chart adds to the page (``#vg-tooltip-element``).
    Everything else is JupyterLab's own chrome, which the course does not control: menus,
    toolbars, side panels and the file browser, the status bar, tabs, cell prompts and the
    code editors, and page-level rules reported on ``<html>`` or ``<body>``. An element that
    cannot be found again in the page counts as the course's (a doubt never hides a
    violation). In the Voila app the whole page (the course's own template and the
    calculators) is the course's: use every violation :func:`run_axe` returns there.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
#: Where ``make axe`` installs axe-core with ``npm ci`` (git-ignored).
AXE_PACKAGE = ROOT / "node_modules" / "axe-core"
#: The impacts that fail a test; "minor" and "moderate" are reported by axe but not counted.
FAILING_IMPACTS = ("serious", "critical")
#: Offending elements printed per violation by :func:`format_violations`.
MAX_NODES = 5
#: Where the course's own content is, in JupyterLab (see the module's docstring).
COURSE_CONTENT = ".jp-OutputArea-output, .jp-MarkdownOutput, #vg-tooltip-element"


def axe_script() -> Path:
    """The installed ``axe.min.js``; FileNotFoundError (saying how to install it) if missing.

    ``AXE_CORE_SCRIPT`` in the environment may name another copy.
    """
    override = os.environ.get("AXE_CORE_SCRIPT")
    script = Path(override) if override else AXE_PACKAGE / "axe.min.js"
    if not script.is_file():
        raise FileNotFoundError(
            f"axe-core not found at {script}; install it with `make axe` "
            "(npm ci, from package-lock.json, into node_modules)"
        )
    return script


def axe_version() -> str:
    """The installed axe-core's version, e.g. ``"4.10.3"`` ("unknown" if it cannot be read)."""
    try:
        manifest = axe_script().parent / "package.json"
        return json.loads(manifest.read_text())["version"]
    except (OSError, ValueError, KeyError):
        return "unknown"


def axe_unavailable_reason() -> str | None:
    """Why the axe checks cannot run here, or None when they can."""
    try:
        axe_script()
    except FileNotFoundError as missing:
        return str(missing)
    return None


# Runs inside the page once axe is injected: axe on the context, then, for each failing
# violation, every offending node with whether it lies in the course's content.
_RUN_AXE_JS = """async ([include, impacts, content]) => {
    const context = include === null ? document : {include: [[include]]};
    const options = {resultTypes: ['violations']};
    const results = await window.axe.run(context, options);
    const find = target => {
        // A target is a list of selectors, one a frame; a nested list steps into shadow
        // roots. An element in another frame is not looked for (null: counted as ours).
        if (target.length !== 1) return null;
        let root = document, element = null;
        try {
            for (const part of Array.isArray(target[0]) ? target[0] : [target[0]]) {
                element = (root.shadowRoot || root).querySelector(part);
                if (!element) return null;
                root = element;
            }
        } catch (error) {
            return null;
        }
        return element;
    };
    return results.violations
        .filter(v => impacts.includes(v.impact))
        .map(v => ({
            id: v.id,
            impact: v.impact,
            help: v.help,
            helpUrl: v.helpUrl,
            node_count: v.nodes.length,
            nodes: v.nodes.map(node => {
                const element = find(node.target);
                return {
                    html: node.html,
                    target: node.target,
                    summary: node.failureSummary || '',
                    ours: element === null || element.closest(content) !== null,
                };
            }),
        }));
}"""


def run_axe(page: Any, include: str | None = None) -> list[dict[str, Any]]:
    """Run axe-core on a Playwright ``page`` (or on the elements matching the CSS selector
    ``include``) and return its "serious" and "critical" violations.

    Each violation is a dict with ``id``, ``impact``, ``help``, ``helpUrl``, ``node_count``
    (how many elements offend) and ``nodes``: every offending element, with its ``html``,
    axe's ``target`` selector, axe's ``summary`` of how to fix it, and ``ours``: True when
    the element lies in the course's content as defined by :data:`COURSE_CONTENT`. That
    flag is for JupyterLab: in a page that is wholly the course's, such as the Voila app,
    every violation returned counts, whatever ``ours`` says. Raises FileNotFoundError when
    axe-core is not installed.
    """
    script = axe_script()
    if not page.evaluate("() => typeof window.axe === 'object'"):
        page.add_script_tag(path=str(script))
    return page.evaluate(_RUN_AXE_JS, [include, list(FAILING_IMPACTS), COURSE_CONTENT])


def course_violations(violations: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The violations (from :func:`run_axe` on JupyterLab) with only the nodes in the
    course's own content; a violation with no such node is left out."""
    kept = []
    for violation in violations:
        nodes = [node for node in violation["nodes"] if node["ours"]]
        if nodes:
            kept.append({**violation, "nodes": nodes, "node_count": len(nodes)})
    return kept


def jupyterlab_violations(violations: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The violations (from :func:`run_axe` on JupyterLab) with only the nodes in
    JupyterLab's own chrome, which the course does not control."""
    kept = []
    for violation in violations:
        nodes = [node for node in violation["nodes"] if not node["ours"]]
        if nodes:
            kept.append({**violation, "nodes": nodes, "node_count": len(nodes)})
    return kept


def format_violations(violations: list[dict[str, Any]]) -> str:
    """The violations as readable text: rule, impact, what it asks, and the elements."""
    if not violations:
        return "(none)"
    lines = []
    for violation in violations:
        lines.append(
            f"- {violation['id']} ({violation['impact']}): {violation['help']}, "
            f"{violation['node_count']} element(s) [{violation.get('helpUrl', '')}]"
        )
        for node in violation["nodes"][:MAX_NODES]:
            lines.append(f"    {node['html'][:300]}")
            if node.get("summary"):
                summary = " ".join(node["summary"].split())
                lines.append(f"      {summary[:400]}")
    return "\n".join(lines)
