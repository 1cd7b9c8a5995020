"""Compile a flow into its Graphviz diagram (DOT source and inline-ready SVG).

Every box shows a node's short title; the full text goes to the tooltip and to
the assistant. What this site adds to the source chart (an element with a
``reading``) is drawn dashed, with the class ``assistant-added``. Graphviz passes ``id`` and ``class`` through to the SVG, so the
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


# The drawing's density: the whole chart must fit a screen with its box text
# legible (12 CSS px at 1280×800 beside the site's menu, the frame taking the
# whole height under the header; 15.5 px or more at 1920×1080; 8 pt on an A4
# landscape page), so it is drawn low, like the poster: tight ranks, boxes
# wrapped at 26 characters, the fallback's steps side by side. Every box has the
# same font size (an end's mark too); edge labels are a little smaller. Widths
# are in characters, sizes in points, seps in inches.
LAYOUT = {"nodesep": "0.15", "ranksep": "0.08", "font": "13", "edgefont": "10.5", "margin": "0.1,0.04",
          "box": 26, "end": 28, "mark": 16, "step": 26, "label": 14}

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
            "nodesep": LAYOUT["nodesep"], "ranksep": LAYOUT["ranksep"], "fontname": FONT, "bgcolor": "transparent",
            "id": "logigramme-graphe",
        },
        node_attr={"fontname": FONT, "fontsize": LAYOUT["font"], "shape": "box", "style": "rounded,filled", "penwidth": "1.4", "margin": LAYOUT["margin"], "color": "#37474f"},
        edge_attr={"fontname": FONT, "fontsize": LAYOUT["edgefont"], "color": "#455a64", "arrowsize": "0.7"},
    )
    drawn = drawn or drawing(flow)
    for node in flow.nodes.values():
        tooltip = _tooltip(plain(node.text))
        attrs = {"id": node_id(node.id), "class": f"assistant-node assistant-{node.kind}" + (" assistant-added" if node.reading else ""),
                 "tooltip": tooltip, "fillcolor": FILL[node.kind], **_added(node, "rounded,filled")}
        if node.steps:
            with graph.subgraph(name=f"cluster_{node.id}") as cluster:
                cluster.attr(label=_label(node.title, 40), fillcolor=FILL[node.kind], color="#2e7d32", penwidth="2", fontsize=LAYOUT["font"],
                             **{"id": node_id(node.id), "class": attrs["class"], "tooltip": tooltip, "style": attrs["style"]})
                names = parts(node)[:len(node.steps)]
                for number, (name, step) in enumerate(zip(names, node.steps), 1):
                    cluster.node(name, _label(f"{number}. {step.title}", LAYOUT["step"]), id=node_id(name), tooltip=_tooltip(plain(step.text)),
                                 fillcolor="#ffffff", **{"class": "assistant-step" + (" assistant-added" if step.reading else "")},
                                 **_added(step, "rounded,filled"))
                for first, second in zip(names, names[1:]):
                    cluster.edge(first, second, id=edge_id(first), **{"class": "assistant-step-edge"})
                with cluster.subgraph() as row:  # the steps side by side, the reminder last
                    row.attr(rank="same")
                    for name in parts(node):
                        row.node(name)
                if node.reminder:
                    name = parts(node)[-1]
                    cluster.node(name, _label(node.reminder.title, LAYOUT["step"]), id=node_id(name), shape="note", style="filled",
                                 fillcolor="#fffde7", tooltip=_tooltip(plain(node.reminder.text)), **{"class": "assistant-reminder"})
                    cluster.edge(names[-1], name, style="invis")
        elif drawn.boxes[node.id][0] != node.id:
            # An end drawn as a mark beside each answer that reaches it.
            for box in drawn.boxes[node.id]:
                graph.node(box, _label(node.title, LAYOUT["mark"]), **{**attrs, "id": node_id(box), "class": attrs["class"] + " assistant-mark"},
                           margin="0.08,0.04", penwidth="1.8", color="#2e7d32")
        else:
            width = LAYOUT["end"] if node.kind == "outcome" else LAYOUT["box"]
            for box in drawn.boxes[node.id]:
                graph.node(box, _label(node.title, width), **{**attrs, "id": node_id(box)},
                           **({"penwidth": "2.2", "color": "#2e7d32"} if node.kind == "outcome" else {}))
    for node in flow.nodes.values():
        for box in drawn.boxes[node.id]:
            for choice in node.choices:
                target = flow.nodes[choice.target]
                attrs = {"id": drawn.edge(box, node.id, choice.key),
                         "class": f"assistant-edge assistant-from-{node.id}" + (" assistant-added" if choice.reading else ""), **_added(choice)}
                if choice.short:
                    attrs["label"] = _label(choice.short, LAYOUT["label"])
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
    return _with_nodes(_hug_labels(_accessible(raw, flow)), flow, drawn)



_EDGE = re.compile(r'(<g id="e&#45;[^"]*" class="edge[^"]*">)(.*?)(?=\n<!-- |\n</g>\n</svg>)', re.DOTALL)
_TEXT = re.compile(r'<text text-anchor="middle" x="([-\d.]+)" y="([-\d.]+)"([^>]*)>([^<]*)</text>')
# Roboto's widest average letter, in ems: a label's width is overestimated, never under.
_EM = 0.56


def _curve_points(d: str) -> list[tuple[float, float]]:
    """Points along a Graphviz edge path (M then cubic Béziers), ten per segment."""
    numbers = [float(n) for n in re.findall(r"-?[\d.]+", d)]
    points = list(zip(numbers[0::2], numbers[1::2]))
    sampled = [points[0]]
    for i in range(1, len(points) - 2, 3):
        p0, p1, p2, p3 = points[i - 1 : i + 3]
        for step in range(1, 11):
            t = step / 10
            sampled.append(tuple((1 - t) ** 3 * a + 3 * (1 - t) ** 2 * t * b + 3 * (1 - t) * t * t * c + t**3 * e
                                 for a, b, c, e in zip(p0, p1, p2, p3)))
    return sampled


_NODE = re.compile(r'<g id="n&#45;[^"]*"[^>]* class="(?:node|cluster)[^"]*">(.*?)(?=\n<!-- |\n</g>\n</svg>)', re.DOTALL)


def _box(lines: list[tuple[str, str, str, str]], size: float) -> tuple[float, float, float, float]:
    """A label's box (left, top, right, bottom), its width overestimated."""
    half = max(len(html.unescape(text)) for *_, text in lines) * size * _EM / 2
    xs = [float(x) for x, *_ in lines]
    ys = [float(y) for _, y, *_ in lines]
    return min(xs) - half, min(ys) - size * 0.8, max(xs) + half, max(ys) + size * 0.3


def _gap(box: tuple[float, float, float, float], other: tuple[float, float, float, float]) -> float:
    """The distance between two boxes (0 when they touch or overlap)."""
    dx = max(other[0] - box[2], box[0] - other[2], 0)
    dy = max(other[1] - box[3], box[1] - other[3], 0)
    return (dx * dx + dy * dy) ** 0.5


def _hug_labels(body: str) -> str:
    """Put each edge label right beside its own arrow, on the side with more room.
    Graphviz puts a label to the right of the point its edge passes at mid-height,
    but the curve bends away: a label could then sit nearer the next arrow than its
    own (issue 13). Each label moves to touch its own curve (never across it), to
    the left of it when the right side is nearer another arrow, a box or a label."""
    size = float(LAYOUT["edgefont"])
    edges = []
    for match in _EDGE.finditer(body):
        path = re.search(r'<path fill="none"[^>]* d="([^"]+)"', match.group(2))
        edges.append((match, _curve_points(path.group(1)) if path else [], _TEXT.findall(match.group(2))))
    obstacles: list[tuple[float, float, float, float]] = []  # lines: arrows, a cluster's frame
    boxes: list[tuple[float, float, float, float]] = []  # boxes, which a label may come nearer than a line
    for node in _NODE.finditer(body):
        outline = re.search(r'<(?:path|polygon) [^>]*(?:d|points)="([^"]+)"', node.group(1))
        if outline:
            numbers = [float(n) for n in re.findall(r"-?[\d.]+", outline.group(1))]
            xs, ys = numbers[0::2], numbers[1::2]
            if 'class="cluster' in node.group(0)[:300]:  # a cluster's frame, not its inside
                left, top, right, bottom = min(xs), min(ys), max(xs), max(ys)
                obstacles.extend([(left, top, right, top), (left, bottom, right, bottom), (left, top, left, bottom), (right, top, right, bottom)])
            else:
                boxes.append((min(xs), min(ys), max(xs), max(ys)))
    for _, curve, _ in edges:
        obstacles.extend((x, y, x, y) for x, y in curve)
    labels = {id(match): _box(lines, size) for match, _, lines in edges if lines}
    shifts: dict[int, tuple[float, float]] = {}
    # The labels between two boxes of one rank first: they have the least room.
    for match, curve, lines in sorted(edges, key=lambda edge: not edge[1] or abs(edge[1][-1][1] - edge[1][0][1]) >= size * 2):
        if not lines or not curve:
            continue
        box = labels[id(match)]
        beside = [x for x, y in curve if box[1] - size * 0.3 <= y <= box[3] + size * 0.3]
        across = [y for x, y in curve if box[0] <= x <= box[2]]
        gap = size * 0.4
        sideways = abs(curve[-1][1] - curve[0][1]) < size * 2  # between two boxes of one rank
        width = box[2] - box[0]
        if beside and not sideways:  # an arrow going down: the label at its right (towards it) or at its left
            near = (min(max(beside) + gap - box[0], 0), 0.0)
            candidates = [near, (min(beside) - gap - box[2], 0.0)]
        elif across:  # an arrow going sideways: the label above it or under it, slid along it
            above, under = min(across) - gap - box[3], max(across) + gap - box[1]
            near = (0.0, above if box[3] <= min(across) else under)
            ends = sorted(x for x, _ in (curve[0], curve[-1]))
            slides = [0] + [dx for dx in (-width / 4, width / 4, -width / 2, width / 2)
                            if ends[0] <= (box[0] + box[2]) / 2 + dx <= ends[1]]
            candidates = [(dx, dy) for dy in (near[1], under if near[1] == above else above) for dx in slides]
        else:
            continue
        # Only what is near enough to matter: room is counted up to three letters' height.
        enough = size * 3
        area = (box[0] + min(dx for dx, _ in candidates) - enough, box[1] + min(dy for _, dy in candidates) - enough,
                box[2] + max(dx for dx, _ in candidates) + enough, box[3] + max(dy for _, dy in candidates) + enough)
        own = set(curve)
        lines_near = [o for o in obstacles if o[2] >= area[0] and o[0] <= area[2] and o[3] >= area[1] and o[1] <= area[3]
                      and not (o[0] == o[2] and o[1] == o[3] and (o[0], o[1]) in own)]
        lines_near += [b for key, b in labels.items() if key != id(match) and _gap(b, area) == 0]
        boxes_near = [b for b in boxes if _gap(b, area) == 0]

        def room(dx: float, dy: float = 0) -> float:
            moved = (box[0] + dx, box[1] + dy, box[2] + dx, box[3] + dy)
            return min(enough, min((_gap(moved, other) for other in lines_near), default=enough),
                       min((_gap(moved, other) for other in boxes_near), default=enough) + size * 0.5)

        best = max(candidates, key=lambda shift: room(*shift))
        choice = best if room(*best) > room(*near) + size * 0.3 else near
        if any(choice):
            shifts[id(match)] = choice
            labels[id(match)] = (box[0] + choice[0], box[1] + choice[1], box[2] + choice[0], box[3] + choice[1])

    starts = {match.start(): id(match) for match, _, _ in edges}

    def move(match: re.Match[str]) -> str:
        dx, dy = shifts.get(starts[match.start()], (0, 0))
        if not (dx or dy):
            return match.group(0)
        moved = _TEXT.sub(lambda t: f'<text text-anchor="middle" x="{float(t.group(1)) + dx:.2f}" y="{float(t.group(2)) + dy:.2f}"{t.group(3)}>{t.group(4)}</text>', match.group(2))
        return match.group(1) + moved

    return _EDGE.sub(move, body)


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
