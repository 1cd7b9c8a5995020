"""The source chart beside the site: each chart box and what it became, and
every addition of this site with its reason (page « Le logigramme d'origine »).

Read from the compiled flow (assistant.json's data), so the page shows exactly
what the assistant and the diagram show.
"""

from __future__ import annotations

from typing import Any

from .runtime import CONTINUE


def _elements(data: dict[str, Any]) -> list[dict[str, Any]]:
    """Every element of the flow that has a provenance, in file order."""
    found = []
    for node_id, node in data["nodes"].items():
        where = {"node": node_id, "node_title": node["title"]}
        found.append({**where, "what": "étape", "label": node["title"], "chart": node["chart"], "reading": node["reading"]})
        for choice in node["choices"]:
            target = data["nodes"][choice["to"]]["title"]
            what, label = ("flèche vers", target) if choice["key"] == CONTINUE else ("réponse", choice["label"])
            found.append({**where, "what": what, "label": label, "to": target, "chart": choice["chart"], "reading": choice["reading"]})
        for number, step in enumerate(node["steps"], 1):
            found.append({**where, "what": f"consigne {number}", "label": step["title"], "chart": step["chart"], "reading": step["reading"]})
        if node["reminder"]:
            reminder = node["reminder"]
            found.append({**where, "what": "rappel", "label": reminder["title"], "chart": reminder["chart"], "reading": reminder["reading"]})
    return found


def chart_boxes(data: dict[str, Any]) -> list[dict[str, Any]]:
    """The chart's boxes in its order, each with the site's elements that carry it."""
    elements = _elements(data)
    return [
        {"id": box, "text": text, "became": [element for element in elements if box in element["chart"]]}
        for box, text in data["chart"].items()
    ]


def additions(data: dict[str, Any]) -> list[dict[str, Any]]:
    """Every element this site added or reshaped, with its reason, in file order."""
    return [element for element in _elements(data) if element["reading"]]
