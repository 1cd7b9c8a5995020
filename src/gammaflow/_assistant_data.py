"""Compile a flow into the data of the in-browser assistant (assistant.json)."""

from __future__ import annotations

from typing import Any

from ._diagram import Drawing, drawing, edge_id, node_id, parts
from ._contacts import contacts_data
from ._markdown import to_html
from ._model import Choice, Flow, Node, Reminder, Step
from ._typography import french
from .runtime import FORMAT


def _refs(flow: Flow, ids: tuple[str, ...]) -> list[dict[str, str]]:
    return [
        {"id": ref, "short": french(flow.references[ref].short), "title": french(flow.references[ref].title), "url": flow.references[ref].url}
        for ref in ids
    ]


def _origin(element: Node | Choice | Step | Reminder) -> dict[str, Any]:
    """Where an element comes from: its chart boxes, and this site's reason if it added or reshaped it."""
    return {"chart": list(element.chart), "reading": french(element.reading)}


def _node(flow: Flow, node: Node, drawn: Drawing) -> dict[str, Any]:
    boxes = drawn.boxes[node.id]
    return {
        "kind": node.kind,
        # Its box on the diagram, all its boxes (a node may be drawn more than
        # once: see _diagram.drawing), the boxes of an outcome's steps and reminder.
        "diagram": node_id(boxes[0]),
        "diagram_boxes": [node_id(box) for box in boxes],
        "diagram_parts": [node_id(name) for name in parts(node)],
        "diagram_part_edges": [edge_id(name) for name in parts(node)[:len(node.steps)][:-1]],
        "title": french(node.title),
        "html": to_html(node.text),
        **_origin(node),
        "choices": [
            {"key": choice.key, "label": french(choice.label), "short": french(choice.short), "to": choice.target,
             "diagram": edge_id(node.id, choice.key),
             # The box its arrow reaches, and its arrow out of each of the node's boxes.
             "diagram_to": node_id(choice.target if flow.nodes[choice.target].steps else drawn.entry[node.id, choice.key]),
             "diagram_edges": {node_id(box): drawn.edge(box, node.id, choice.key) for box in boxes},
             **_origin(choice)}
            for choice in node.choices
        ],
        "steps": [
            {"key": step.key, "title": french(step.title), "html": to_html(step.text), "refs": _refs(flow, step.refs),
             "contacts": list(step.contacts), **_origin(step)}
            for step in node.steps
        ],
        "reminder": {"title": french(node.reminder.title), "html": to_html(node.reminder.text), **_origin(node.reminder)} if node.reminder else None,
        "links": [{"label": french(flow.links[link].label), "url": flow.links[link].url} for link in node.links],
        "refs": _refs(flow, node.refs),
        "note": french(node.note),
        # The local contact roles shown with it; their details: the top-level "contacts".
        "contacts": list(node.contacts),
    }


def compile_assistant_data(flow: Flow, contacts: dict[str, dict[str, Any]] | None = None) -> dict[str, Any]:
    """The compiled flow: what the runtime and the pages read, never the YAML.

    contacts: the site's local contacts (gammaflow._contacts.load_contacts),
    compiled for every role, set or not (None: none set)."""
    drawn = drawing(flow)
    return {
        "format": FORMAT,
        "title": french(flow.title),
        "version": flow.version,
        "summary": french(flow.summary),
        "start": flow.start.id,
        "nodes": {node.id: _node(flow, node, drawn) for node in flow.nodes.values()},
        "references": {
            ref.id: {"title": french(ref.title), "short": french(ref.short), "description": french(ref.description), "url": ref.url}
            for ref in flow.references.values()
        },
        "links": {link.id: {"label": french(link.label), "url": link.url} for link in flow.links.values()},
        "chart": {box: french(text) for box, text in flow.chart.items()},
        "contacts": contacts_data(contacts),
    }
