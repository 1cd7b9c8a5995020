"""Compile a flow into its Graphviz diagram (DOT source and inline-ready SVG).

Every box shows a node's short title; the full text goes to the tooltip and to
the assistant. What this site adds to the source chart (an element with a
``reading``) is drawn dashed, with the class ``wz-added``. Graphviz passes ``id`` and ``class`` through to the SVG, so the
page can light a node (``n-<id>``) or an edge (``e-<id>-<answer key>``).
"""

from __future__ import annotations

import html
import re

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


def dot_source(flow: Flow) -> str:
    """The flow as Graphviz DOT source."""
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
        else:
            width = 30 if node.kind == "outcome" else 24
            graph.node(node.id, _label(node.title, width), **attrs,
                       **({"penwidth": "2.2", "color": "#2e7d32"} if node.kind == "outcome" else {}))
    for node in flow.nodes.values():
        for choice in node.choices:
            target = flow.nodes[choice.target]
            attrs = {"id": edge_id(node.id, choice.key), "class": f"wz-edge wz-from-{node.id}" + (" wz-added" if choice.reading else ""),
                     **_added(choice)}
            if choice.short:
                attrs["label"] = _label(choice.short, 18)
                attrs["tooltip"] = _tooltip(french(choice.label))
            if target.steps:
                attrs["lhead"] = f"cluster_{target.id}"
            graph.edge(_entry(flow, node) if node.steps else node.id, _entry(flow, target), **attrs)
    _order_answers(graph, flow)
    return graph.source


def _order_answers(graph: graphviz.Digraph, flow: Flow) -> None:
    """Put each question's answers side by side, in the file's order (left to right)."""
    placed: set[str] = set()
    for node in flow.nodes.values():
        if node.kind != "question":
            continue
        targets = [c.target for c in node.choices if not flow.nodes[c.target].steps and c.target not in placed]
        targets = list(dict.fromkeys(targets))
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
        raw = graphviz.Source(dot_source(flow)).pipe(format="svg", encoding="utf-8")
    except graphviz.ExecutableNotFound:
        raise DotMissing(
            "le programme 'dot' de Graphviz est introuvable ; l'installer "
            "(Debian : apt-get install graphviz) ou lancer ./dev setup"
        ) from None
    return _accessible(raw, flow)


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
