"""The presentation mode's data (docs/assets/js/present.js): its slides, its
scenarios, the way to every step, and the diagram ids to trace, all from the
compiled flow so that the script holds no copy of the procedure's logic."""

from __future__ import annotations

from typing import Any

from ._diagram import drawing, edge_id, node_id, parts
from ._model import Flow
from .runtime import Chart


def presentation_data(flow: Flow, chart: Chart, scenarios: list[dict[str, Any]]) -> dict[str, Any]:
    """The JSON the presentation page carries."""
    nodes = {}
    drawn = drawing(flow)
    for node in flow.nodes.values():
        names = parts(node)
        own = drawn.boxes[node.id]
        way = chart.path_to(node.id) or ()
        nodes[node.id] = {
            "kind": node.kind,
            "title": chart.nodes[node.id]["title"],
            # One slide per node, per outcome step and for the reminder: the
            # presentation's own ids, and the diagram box each one lights.
            "slides": [node.id, *names],
            # (A node drawn more than once: its first box here; the box lit is
            # the one the answer followed reaches: its choice's "box".)
            "boxes": [node_id(own[0]), *(node_id(name) for name in names)],
            # The arrows between an outcome's steps: out of slide 1, 2…
            "step_edges": [edge_id(name) for name in names[: len(node.steps)][:-1]],
            # Each answer: its arrow out of each of the node's boxes, and the box it reaches.
            "choices": [
                {"key": c.key, "to": c.target, "edge": edge_id(node.id, c.key),
                 "edges": {node_id(box): drawn.edge(box, node.id, c.key) for box in own},
                 "box": node_id(c.target if flow.nodes[c.target].steps else drawn.entry[node.id, c.key])}
                for c in node.choices
            ],
            # The shortest way from the start, for a step opened directly.
            "way": {"nodes": list(chart.walk(way).nodes), "keys": list(way)},
        }
    return {
        "title": chart.title,
        "start": chart.start,
        "nodes": nodes,
        "scenarios": [{"id": s["id"], "name": s["name"], "nodes": s["nodes"], "keys": s["keys"], **_name_parts(chart, s)} for s in scenarios],
    }


def _name_parts(chart: Chart, scenario: dict[str, Any]) -> dict[str, str]:
    """A scenario's name in two parts for the title bar, which may cut the
    first but never the second: the way (its answers' short labels) and its end."""
    end = chart.nodes[scenario["end"]]["title"]
    name = scenario["name"]
    way = name[: -len(end)].removesuffix(" → ") if name.endswith(end) else name
    return {"way": way, "end_title": end}
