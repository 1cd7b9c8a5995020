"""Every path through the flow ("scénarios"), as data and as Markdown."""

from __future__ import annotations

from typing import Any

from .runtime import CONTINUE, Chart


def scenarios(chart: Chart) -> list[dict[str, Any]]:
    """One entry per path from the start to an end, in the flow's order."""
    found = []
    for number, answers in enumerate(chart.paths(), 1):
        walk = chart.walk(answers)
        found.append({
            "id": f"scenario-{number}",
            "name": chart.scenario_name(answers),
            "token": walk.token(),
            "keys": list(answers),
            "end": walk.current,
            "nodes": list(walk.nodes),
            "steps": [
                {"node": node, "title": chart.nodes[node]["title"], "answer": row["answer"] if row and row["key"] != CONTINUE else None}
                for node, row in zip(walk.nodes, walk.summary() + [None])
            ],
        })
    return found


def scenarios_markdown(chart: Chart, items: list[dict[str, Any]], assistant_url: str = "assistant.html") -> str:
    """The scenarios as a Markdown list, each linking to the assistant at its end."""
    lines = [f"{len(items)} parcours mènent du début de la procédure à une fin.", ""]
    for item in items:
        lines.append(f"## {item['name']} {{ #{item['id']} }}")
        lines.append("")
        for number, step in enumerate(item["steps"], 1):
            answer = f" — *{step['answer']}*" if step["answer"] else ""
            lines.append(f"{number}. {step['title']}{answer}")
        lines.append("")
        # Raw HTML: the hash is read by the assistant's script, not a heading anchor.
        lines.append(f'<p><a href="{assistant_url}#chemin={item["token"]}">Ouvrir ce parcours dans l\'assistant</a></p>')
        lines.append("")
    return "\n".join(lines)
