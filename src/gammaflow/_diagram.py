"""Compile a flow into its Graphviz diagram (DOT source and inline-ready SVG).

Every box shows a node's short title; the full text goes to the tooltip and to
the assistant. What this site adds to the source chart (an element with a
``reading``) is drawn dashed, with the class ``wz-added``. Graphviz passes ``id`` and ``class`` through to the SVG, so the
page can light a node (``n-<id>``) or an edge (``e-<id>-<answer key>``).

Like the poster, the drawing may show one node more than once (``drawing()``):
an end that many answers reach (« Je reprends le travail ») is a small mark
beside each of them, and a node the chart writes in several boxes, each reached
by its own arrows, is drawn once per box. The flow keeps one node; each box
carries the node's id in ``data-node``, and the pages learn from the compiled
data which box an answer reaches (so the trace follows the reader's own way).
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass

import graphviz

from ._model import Flow, Node
from ._typography import french, wrap

FONT = "Roboto"
FILL = {"start": "#e3f2fd", "question": "#fff8e1", "action": "#ffffff", "outcome": "#e8f5e9"}
SHAPE = {"start": "box", "question": "box", "action": "box", "outcome": "box"}
_MARKDOWN = re.compile(r"[*_`]|<(https?://[^>]+)>|\[([^\]]*)\]\([^)]*\)")


class DotMissing(RuntimeError):
    """Graphviz's ``dot`` program is not installed."""


def node_id(node_name: str) -> str:
    return f"n-{node_name}"


def edge_id(node_name: str, key: str = "") -> str:
    """An answer's arrow (e-<node>-<key>), or the arrow out of an outcome's step (e-<node>--<step>)."""
    return f"e-{node_name}-{key}" if key else f"e-{node_name}"


def parts(node: Node) -> list[str]:
    """The DOT names of the boxes drawn inside an outcome: its steps, then its reminder."""
    names = [f"{node.id}--{step.key}" for step in node.steps]
    return names + [f"{node.id}--rappel"] if node.reminder else names


# An end that this many answers or more reach is drawn as a mark beside each.
MARKED_FROM = 3


@dataclass(frozen=True)
class Drawing:
    """Where each node is drawn: ``boxes`` (node id → the DOT names of its boxes,
    the first being its own id unless it is only drawn as marks) and ``entry``
    ((node id, answer key) → the DOT name of the box that answer's arrow reaches)."""

    boxes: dict[str, list[str]]
    entry: dict[tuple[str, str], str]

    def edge(self, box: str, node: str, key: str) -> str:
        """The id of the arrow of answer ``key`` drawn out of ``box``, one of ``node``'s boxes."""
        return edge_id(node, key) if box == node else edge_id(box, key)


def drawing(flow: Flow) -> Drawing:
    """The boxes of every node and the box every answer reaches (see the module's text)."""
    arrows: dict[str, list[tuple[str, str, tuple[str, ...]]]] = {}
    for node in flow.nodes.values():
        for choice in node.choices:
            arrows.setdefault(choice.target, []).append((node.id, choice.key, choice.chart))
    boxes: dict[str, list[str]] = {}
    entry: dict[tuple[str, str], str] = {}
    for node in flow.nodes.values():
        into = arrows.get(node.id, [])
        reached = [box for box in node.chart if any(box in chart for _, _, chart in into)]
        if node.kind == "outcome" and not node.steps and len(into) >= MARKED_FROM:
            boxes[node.id] = [f"{node.id}--depuis--{source}--{key}" for source, key, _ in into]
            entry.update({(source, key): box for (source, key, _), box in zip(into, boxes[node.id])})
        elif len(reached) >= 2 and not node.steps:
            names = {box: node.id if box == reached[0] else f"{node.id}--{box}" for box in reached}
            boxes[node.id] = list(names.values())
            entry.update({(source, key): next((names[b] for b in chart if b in names), node.id) for source, key, chart in into})
        else:
            boxes[node.id] = [node.id]
            entry.update({(source, key): node.id for source, key, _ in into})
    return Drawing(boxes, entry)


def plain(text: str) -> str:
    """Markdown text as plain text for tooltips."""
    text = _MARKDOWN.sub(lambda m: m.group(1) or m.group(2) or "", text)
    return re.sub(r"[ \t\r\n]+", " ", french(text)).strip()  # not str.split(): it would eat the no-break spaces


def _escape(text: str) -> str:
    """Text that Graphviz shows as written: a backslash is not a DOT escape
    (\\N, \\G…), a character reference is not decoded (&amp;lt; stays visible)."""
    return text.replace("\\", "\\\\").replace("&", "&amp;")


def _label(text: str, width: int) -> graphviz.quoting.NoHtml:
    # nohtml: a title such as « <1> » is text, not a Graphviz HTML-like label.
    return graphviz.nohtml("\\n".join(_escape(line) for line in wrap(french(text).replace("\\", ""), width)))


def _tooltip(text: str) -> graphviz.quoting.NoHtml:
    return graphviz.nohtml(_escape(text))


def _added(element: object, style: str = "") -> dict[str, str]:
    """The line style of an element: dashed when this site added or reshaped it."""
    styles = [style, "dashed" if getattr(element, "reading", "") else ""]
    return {"style": ",".join(filter(None, styles))} if any(styles) else {}


def _entry(flow: Flow, node: Node) -> str:
    """The DOT node an edge into ``node`` points at (an outcome's first step)."""
    return f"{node.id}--{node.steps[0].key}" if node.steps else node.id


def dot_source(flow: Flow, drawn: Drawing | None = None) -> str:
    """The flow as Graphviz DOT source (drawn: its drawing(), if already made)."""
    graph = graphviz.Digraph(
        name=flow.start.id,
        graph_attr={
            "rankdir": "TB", "ordering": "out", "compound": "true", "newrank": "true",
            "nodesep": "0.35", "ranksep": "0.45", "fontname": FONT, "bgcolor": "transparent",
            "id": "logigramme-graphe",
        },
        node_attr={"fontname": FONT, "fontsize": "13", "shape": "box", "style": "rounded,filled", "penwidth": "1.4", "margin": "0.16,0.08", "color": "#37474f"},
        edge_attr={"fontname": FONT, "fontsize": "11", "color": "#455a64", "arrowsize": "0.7"},
    )
    drawn = drawn or drawing(flow)
    for node in flow.nodes.values():
        tooltip = _tooltip(plain(node.text))
        attrs = {"id": node_id(node.id), "class": f"wz-node wz-{node.kind}" + (" wz-added" if node.reading else ""),
                 "tooltip": tooltip, "fillcolor": FILL[node.kind], **_added(node, "rounded,filled")}
        if node.steps:
            with graph.subgraph(name=f"cluster_{node.id}") as cluster:
                cluster.attr(label=_label(node.title, 40), fillcolor=FILL[node.kind], color="#2e7d32", penwidth="2", fontsize="14",
                             **{"id": node_id(node.id), "class": attrs["class"], "tooltip": tooltip, "style": attrs["style"]})
                names = parts(node)[:len(node.steps)]
                for number, (name, step) in enumerate(zip(names, node.steps), 1):
                    cluster.node(name, _label(f"{number}. {step.title}", 26), id=node_id(name), tooltip=_tooltip(plain(step.text)),
                                 fillcolor="#ffffff", **{"class": "wz-step" + (" wz-added" if step.reading else "")},
                                 **_added(step, "rounded,filled"))
                for first, second in zip(names, names[1:]):
                    cluster.edge(first, second, id=edge_id(first), **{"class": "wz-step-edge"})
                if node.reminder:
                    name = parts(node)[-1]
                    cluster.node(name, _label(node.reminder.title, 26), id=node_id(name), shape="note", style="filled",
                                 fillcolor="#fffde7", tooltip=_tooltip(plain(node.reminder.text)), **{"class": "wz-reminder"})
                    cluster.edge(names[-1], name, style="invis")
        elif drawn.boxes[node.id][0] != node.id:
            # An end drawn as a mark beside each answer that reaches it.
            for box in drawn.boxes[node.id]:
                graph.node(box, _label(node.title, 16), **{**attrs, "id": node_id(box), "class": attrs["class"] + " wz-mark"},
                           fontsize="11", margin="0.08,0.04", penwidth="1.8", color="#2e7d32")
        else:
            width = 30 if node.kind == "outcome" else 24
            for box in drawn.boxes[node.id]:
                graph.node(box, _label(node.title, width), **{**attrs, "id": node_id(box)},
                           **({"penwidth": "2.2", "color": "#2e7d32"} if node.kind == "outcome" else {}))
    for node in flow.nodes.values():
        for box in drawn.boxes[node.id]:
            for choice in node.choices:
                target = flow.nodes[choice.target]
                attrs = {"id": drawn.edge(box, node.id, choice.key),
                         "class": f"wz-edge wz-from-{node.id}" + (" wz-added" if choice.reading else ""), **_added(choice)}
                if choice.short:
                    attrs["label"] = _label(choice.short, 18)
                    attrs["tooltip"] = _tooltip(french(choice.label))
                if target.steps:
                    attrs["lhead"] = f"cluster_{target.id}"
                head = _entry(flow, target) if target.steps else drawn.entry[node.id, choice.key]
                graph.edge(_entry(flow, node) if node.steps else box, head, **attrs)
    _order_answers(graph, flow, drawn)
    return graph.source


def _order_answers(graph: graphviz.Digraph, flow: Flow, drawn: Drawing) -> None:
    """Put each question's answers side by side, in the file's order (left to right)."""
    placed: set[str] = set()
    for node in flow.nodes.values():
        if node.kind != "question":
            continue
        targets = [drawn.entry[node.id, c.key] for c in node.choices if not flow.nodes[c.target].steps]
        targets = list(dict.fromkeys(target for target in targets if target not in placed))
        if len(targets) < 2:
            continue
        placed.update(targets)
        with graph.subgraph() as row:
            row.attr(rank="same")
            for first, second in zip(targets, targets[1:]):
                row.edge(first, second, style="invis")


def svg(flow: Flow) -> str:
    """The diagram as an SVG fragment ready to inline in a page."""
    try:
        drawn = drawing(flow)
        raw = graphviz.Source(dot_source(flow, drawn)).pipe(format="svg", encoding="utf-8")
    except graphviz.ExecutableNotFound:
        raise DotMissing(
            "le programme 'dot' de Graphviz est introuvable ; l'installer "
            "(Debian : apt-get install graphviz) ou lancer ./dev setup"
        ) from None
    return _with_nodes(_accessible(raw, flow), flow, drawn)


def _with_nodes(body: str, flow: Flow, drawn: Drawing) -> str:
    """Every box of a node (a node may have several), and of its steps, carries the node's id in data-node."""
    for node, boxes in drawn.boxes.items():
        for box in boxes + parts(flow.nodes[node]):
            written = node_id(box).replace("-", "&#45;")  # as Graphviz writes it
            body = body.replace(f'<g id="{written}" ', f'<g id="{written}" data-node="{html.escape(node)}" ', 1)
    return body


def _accessible(raw: str, flow: Flow) -> str:
    """Strip the XML prolog and give the root a title and a description."""
    start = raw.index("<svg")
    body = raw[start:]
    title = html.escape(french(f"Logigramme : {flow.title} (version {flow.version})"))
    desc = html.escape(
        french(
            "Schéma de la procédure, de la question de départ jusqu'aux fins possibles. "
            "La même procédure est décrite en texte dans la liste qui suit le schéma."
        )
    )
    body = body.replace(
        "<svg ",
        '<svg role="img" aria-labelledby="logigramme-titre logigramme-desc" ',
        1,
    )
    body = re.sub(
        r"<title>[^<]*</title>",
        f'<title id="logigramme-titre">{title}</title><desc id="logigramme-desc">{desc}</desc>',
        body,
        count=1,
    )
    return body
