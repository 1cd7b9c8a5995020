"""axe-core (self-hosted, node_modules) on a Playwright page."""

from __future__ import annotations

import functools
from typing import Any

from .build import ROOT

AXE_JS = ROOT / "node_modules" / "axe-core" / "axe.min.js"
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]





@functools.cache
def _axe_source() -> str:
    return AXE_JS.read_text(encoding="utf-8")


def run_axe(page: Any, *, tags: list[str] | None = None, context: str | dict[str, Any] = "document") -> list[dict[str, Any]]:
    """Run the self-hosted axe-core on the page, every rule (WCAG and best practices) unless
    tags (e.g. AXE_TAGS) narrow it; return its violations (empty when none)."""
    if not page.evaluate("() => typeof window.axe !== 'undefined'"):
        page.add_script_tag(content=_axe_source())
    options: dict[str, Any] = {"resultTypes": ["violations"]}
    if tags:
        options["runOnly"] = {"type": "tag", "values": tags}
    return page.evaluate(
        """async ([context, options]) => {
            const target = context === "document" ? document : context;
            const results = await axe.run(target, options);
            return results.violations.map(v => ({
                id: v.id, impact: v.impact, help: v.help, helpUrl: v.helpUrl, tags: v.tags,
                nodes: v.nodes.map(n => ({target: n.target, html: n.html, summary: n.failureSummary})),
            }));
        }""",
        [context, options],
    )


def format_violations(violations: list[dict[str, Any]], *, max_nodes: int = 5) -> str:
    """Violations as readable text: rule, impact, help, then each offending element."""
    lines = []
    for violation in violations:
        lines.append(f"- {violation['id']} ({violation['impact']}) : {violation['help']} — {violation['helpUrl']}")
        for node in violation["nodes"][:max_nodes]:
            lines.append(f"    · {' '.join(map(str, node['target']))}")
            lines.append(f"      {node['html'][:200]}")
            for summary_line in (node.get("summary") or "").splitlines():
                lines.append(f"      {summary_line}")
        if len(violation["nodes"]) > max_nodes:
            lines.append(f"    … et {len(violation['nodes']) - max_nodes} autre(s) élément(s)")
    return "\n".join(lines)
