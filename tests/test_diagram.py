"""The Graphviz diagram: DOT source and the inline-ready, accessible SVG."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

import pytest
from hypothesis import given, settings

from gammaflow.build import DotMissing
from gammaflow._checks import check
from gammaflow._diagram import MARKED_FROM, dot_source, drawing, edge_id, node_id, plain, svg
from gammaflow._reader import parse
from gammaflow._typography import french

from strategies import valid_flows

SVG = "{http://www.w3.org/2000/svg}"
XLINK = "{http://www.w3.org/1999/xlink}"
NBSP = "\u00a0"


@pytest.fixture(scope="module")
def root(gamma2_outputs) -> ET.Element:
    """The GAMMA 2 SVG, parsed."""
    return ET.fromstring(gamma2_outputs.svg)


def _groups(root: ET.Element) -> dict[str, ET.Element]:
    return {g.get("id"): g for g in root.iter(f"{SVG}g") if g.get("id")}


def _lines(group: ET.Element) -> list[str]:
    return [text.text or "" for text in group.iter(f"{SVG}text")]


def test_svg_parses_as_xml_without_prolog(gamma2_outputs):
    """The SVG is well-formed XML that starts with <svg: no XML prolog nor DOCTYPE to break inlining."""
    assert gamma2_outputs.svg.startswith("<svg ")
    assert "<?xml" not in gamma2_outputs.svg and "<!DOCTYPE" not in gamma2_outputs.svg
    assert ET.fromstring(gamma2_outputs.svg).tag == f"{SVG}svg"


def test_svg_root_is_an_image_with_title_and_description(root, gamma2_flow):
    """The root has role="img" and is labelled by a <title> (flow title and version) and a <desc>."""
    assert root.get("role") == "img"
    assert root.get("aria-labelledby") == "logigramme-titre logigramme-desc"
    by_id = {element.get("id"): element for element in root.iter() if element.get("id")}
    title, desc = by_id["logigramme-titre"], by_id["logigramme-desc"]
    assert title.tag == f"{SVG}title" and desc.tag == f"{SVG}desc"
    assert title.text == french(f"Logigramme : {gamma2_flow.title} (version {gamma2_flow.version})")
    assert desc.text.startswith("Schéma de la procédure")


def test_every_node_has_its_boxes_in_the_svg(root, gamma2_flow):
    """Every box of every node is a group n-<box> in the SVG, classed by the node's kind, carrying the node's id in data-node."""
    groups = _groups(root)
    drawn = drawing(gamma2_flow)
    for node in gamma2_flow.nodes.values():
        for box in drawn.boxes[node.id]:
            group = groups[node_id(box)]
            assert {f"assistant-{node.kind}", "assistant-node"} <= set(group.get("class").split()), (box, group.get("class"))
            assert group.get("data-node") == node.id, (box, group.get("data-node"))


def test_a_frequent_end_is_a_mark_beside_each_answer_that_reaches_it(root, gamma2_flow):
    """« Je reprends le travail » is drawn once per answer that leads to it, each arrow to its own mark; a rarer end is one box."""
    drawn = drawing(gamma2_flow)
    leads = [(node.id, c.key) for node in gamma2_flow.nodes.values() for c in node.choices if c.target == "resolu"]
    assert len(leads) >= MARKED_FROM
    assert len(drawn.boxes["resolu"]) == len(leads) == len({drawn.entry[lead] for lead in leads})
    assert {drawn.entry[lead] for lead in leads} == set(drawn.boxes["resolu"])
    assert all("assistant-mark" in _groups(root)[node_id(box)].get("class").split() for box in drawn.boxes["resolu"])
    assert drawn.boxes["secours-autorise"] == ["secours-autorise"]


def test_a_node_the_chart_writes_twice_is_drawn_twice(gamma2_flow):
    """The authorisation, two boxes of the chart, is drawn as both; each arrow reaches the box its own chart box names, and each box has its own exit arrow."""
    drawn = drawing(gamma2_flow)
    node = gamma2_flow.nodes["autorisation"]
    assert drawn.boxes["autorisation"] == ["autorisation", "autorisation--autorisation-modes"]
    for source in gamma2_flow.nodes.values():
        for choice in source.choices:
            if choice.target == "autorisation":
                expected = "autorisation" if "autorisation-materiel" in choice.chart else "autorisation--autorisation-modes"
                assert drawn.entry[source.id, choice.key] == expected, (source.id, choice.key)
    exits = {drawn.edge(box, "autorisation", c.key) for box in drawn.boxes["autorisation"] for c in node.choices}
    assert exits == {"e-autorisation-suite", "e-autorisation--autorisation-modes-suite"}


def _curve(path: str, steps: int = 24) -> list[tuple[float, float]]:
    """Points along a Graphviz edge path (M then cubic Bézier segments)."""
    points = [tuple(map(float, pair.split(","))) for pair in re.findall(r"-?[\d.]+,-?[\d.]+", path)]
    sampled = [points[0]]
    for i in range(1, len(points) - 2, 3):
        p0, p1, p2, p3 = points[i - 1 : i + 3]
        for step in range(1, steps + 1):
            t = step / steps
            sampled.append(tuple((1 - t) ** 3 * a + 3 * (1 - t) ** 2 * t * b + 3 * (1 - t) * t * t * c + t**3 * d
                                 for a, b, c, d in zip(p0, p1, p2, p3)))
    return sampled


def _cross(a, b, c, d) -> bool:
    def side(p, q, r):
        return (q[0] - p[0]) * (r[1] - p[1]) - (q[1] - p[1]) * (r[0] - p[0])
    sides = (side(a, b, c), side(a, b, d), side(c, d, a), side(c, d, b))
    return sides[0] * sides[1] <= 0 and sides[2] * sides[3] <= 0 and any(sides)  # touching counts; collinear does not


def crossings(root: ET.Element) -> list[tuple[str, str]]:
    """The pairs of visible edges whose curves cross, away (10 px) from their end points."""
    curves = {}
    for group in root.iter(f"{SVG}g"):
        path = group.find(f".//{SVG}path")
        if "edge" in (group.get("class") or "").split() and path is not None:
            curves[group.get("id")] = _curve(path.get("d"))
    found = []
    names = sorted(curves)
    for i, first in enumerate(names):
        for second in names[i + 1 :]:
            one, two = curves[first], curves[second]
            ends = (one[0], one[-1], two[0], two[-1])
            if any(
                _cross(a, b, c, d) and not any(abs((a[0] + b[0]) / 2 - e[0]) < 10 and abs((a[1] + b[1]) / 2 - e[1]) < 10 for e in ends)
                for a, b in zip(one, one[1:]) for c, d in zip(two, two[1:])
            ):
                found.append((first, second))
    return found


def test_no_two_arrows_cross(root):
    """No two arrows of the GAMMA 2 diagram cross (each curve sampled, crossings near shared ends ignored)."""
    assert crossings(root) == []


def test_the_crossing_count_sees_a_crossing():
    """The crossing count finds two arrows drawn as an X, and none for two parallel ones."""
    x = ET.fromstring(
        f'<svg xmlns="http://www.w3.org/2000/svg"><g id="e-a" class="edge"><path d="M0,0C30,30 70,70 100,100"/></g>'
        f'<g id="e-b" class="edge"><path d="M0,100C30,70 70,30 100,0"/></g>'
        f'<g id="e-c" class="edge"><path d="M200,0C200,30 200,70 200,100"/></g></svg>'
    )
    assert crossings(x) == [("e-a", "e-b")]


def test_every_choice_has_its_edge_id_in_the_svg(root, gamma2_flow):
    """Every answer or exit of every node is an edge group e-<node>-<key>."""
    groups = _groups(root)
    expected = {edge_id(node.id, choice.key) for node in gamma2_flow.nodes.values() for choice in node.choices}
    assert len(expected) == sum(len(node.choices) for node in gamma2_flow.nodes.values()) == 26
    for name in expected:
        assert "assistant-edge" in groups[name].get("class").split()


def test_ids_are_unique(root):
    """No id appears twice in the SVG."""
    ids = [element.get("id") for element in root.iter() if element.get("id")]
    assert len(ids) == len(set(ids))


def test_question_edges_carry_their_short_labels_and_full_tooltips(root, gamma2_flow):
    """Each answer edge shows the answer's short label and has the full label as its tooltip."""
    groups = _groups(root)
    for node in gamma2_flow.nodes.values():
        if node.kind != "question":
            continue
        for choice in node.choices:
            edge = groups[edge_id(node.id, choice.key)]
            assert " ".join(_lines(edge)) == french(choice.short)
            tooltips = {link.get(f"{XLINK}title") for link in edge.iter(f"{SVG}a")}
            assert french(choice.label) in tooltips


def test_action_exits_are_labelled(root, gamma2_flow):
    """An action's exits and answers are written on their edges with their own words; « suite » edges carry no label."""
    groups = _groups(root)
    assert _lines(groups["e-materiel-resolu"]) == ["C’est résolu"]
    assert " ".join(_lines(groups["e-materiel-sans-solution"])) == "Le problème persiste"
    assert " ".join(_lines(groups["e-dti-contact-sans-solution"])) == "Pas de solution"
    assert _lines(groups["e-autorisation-suite"]) == []
    assert _lines(groups["e-debut-suite"]) == []
    actions = [node for node in gamma2_flow.nodes.values() if node.kind == "action"]
    assert {choice.key for node in actions for choice in node.choices} >= {"suite", "resolu", "sans-solution", "panne", "problemes-techniques"}
    for node in actions:
        for choice in node.choices:
            edge = groups[edge_id(node.id, choice.key)]
            if choice.key == "suite":
                assert _lines(edge) == [], node.id
            else:
                assert " ".join(_lines(edge)) == french(choice.short), (node.id, choice.key)
                assert french(choice.label) in {link.get(f"{XLINK}title") for link in edge.iter(f"{SVG}a")}


def test_boxes_show_short_titles_on_few_lines(root, gamma2_flow):
    """Each box shows the node's whole title (conditions included), wrapped in lines of at most 26 characters (28 for an end, 16 for an end's mark), five lines at most."""
    groups = _groups(root)
    drawn = drawing(gamma2_flow)
    for node in gamma2_flow.nodes.values():
        if node.steps:
            continue
        for box in drawn.boxes[node.id]:
            lines = _lines(groups[node_id(box)])
            width = 16 if box != node.id and node.kind == "outcome" else 28 if node.kind == "outcome" else 26
            assert 1 <= len(lines) <= 5, (box, lines)
            assert all(len(line) <= width for line in lines), (box, lines)
            assert " ".join(lines) == french(node.title)


def test_no_orphan_words_in_boxes(root):
    """No line of a multi-line box is a lone short word (no « GAMMA / 2 »)."""
    for group in _groups(root).values():
        if not {"node", "cluster", "edge"} & set(group.get("class", "").split()):
            continue
        lines = _lines(group)
        if len(lines) > 1:
            assert all(len(line) > 3 for line in lines), lines


def test_no_break_space_keeps_gamma_2_together(root):
    """« GAMMA 2 » is written with a no-break space wherever the diagram shows it."""
    text = " ".join(text.text or "" for text in root.iter(f"{SVG}text"))
    assert "GAMMA 2" not in text
    assert f"GAMMA{NBSP}2" in text


def test_full_texts_go_to_tooltips(root, gamma2_flow):
    """A box's tooltip is its node's full text, as plain text."""
    groups = _groups(root)
    link = next(groups[node_id("materiel-contact")].iter(f"{SVG}a"))
    assert link.get(f"{XLINK}title") == plain(gamma2_flow.nodes["materiel-contact"].text)


def test_outcome_steps_and_reminder_are_drawn_inside_the_outcome(root, gamma2_flow):
    """The fallback outcome is a cluster holding its numbered steps, linked in order, and the LRN reminder."""
    groups = _groups(root)
    secours = gamma2_flow.nodes["secours"]
    assert "cluster" in groups["n-secours"].get("class").split()
    assert [step.key for step in secours.steps] == ["document", "copie", "regularisation"]
    assert _lines(groups["n-secours--document"])[0] == "1. J’établis un"
    for number, step in enumerate(secours.steps, 1):
        assert " ".join(_lines(groups[f"n-secours--{step.key}"])) == french(f"{number}. {step.title}")
    assert groups["n-secours--rappel"].get("class").split()[-1] == "assistant-reminder"
    assert "e-secours--document" in groups and "e-secours--copie" in groups
    assert " ".join(_lines(groups["n-secours--rappel"])) == french(secours.reminder.title)
    assert _lines(groups["n-secours--rappel"])[0].startswith(f"Rappel{NBSP}: le numéro LRN")


def test_answers_are_laid_out_in_file_order(root, gamma2_flow):
    """The targets of each question sit left to right in the order of its answers (DTI+, DTI, EDI)."""
    groups = _groups(root)

    def x(name: str) -> float:
        return float(next(groups[node_id(name)].iter(f"{SVG}text")).get("x"))

    for node in gamma2_flow.nodes.values():
        if node.kind == "question":
            xs = [x(choice.target) for choice in node.choices]
            assert xs == sorted(xs) and len(set(xs)) == len(xs), (node.id, xs)


def test_fonts_are_set_on_nodes_and_edges(gamma2_outputs, root):
    """The DOT source sets the font on graph, nodes and edges, so every SVG text uses it."""
    dot = gamma2_outputs.dot
    assert re.search(r"^\s*node \[.*fontname=Roboto", dot, re.M)
    assert re.search(r"^\s*edge \[.*fontname=Roboto", dot, re.M)
    assert {text.get("font-family") for text in root.iter(f"{SVG}text")} == {"Roboto"}


def test_dot_source_names_nodes_by_flow_id(gamma2_flow):
    """Every box of every node appears in the DOT source with its n-<box> id attribute."""
    dot = dot_source(gamma2_flow)
    assert dot.startswith("digraph debut {")
    drawn = drawing(gamma2_flow)
    for node in gamma2_flow.nodes.values():
        for box in drawn.boxes[node.id]:
            assert f'id="{node_id(box)}"' in dot


def test_plain_strips_markdown_for_tooltips():
    """plain() drops Markdown emphasis and link syntax, keeps link texts and autolink URLs, and applies typography."""
    assert plain("Voir *la* [FAQ](https://x.fr) : <https://y.fr>") == f"Voir la FAQ{NBSP}: https://y.fr"


def test_missing_dot_raises_dot_missing(gamma2_flow, monkeypatch):
    """Without Graphviz's dot on the PATH, svg() raises DotMissing with the install hint."""
    monkeypatch.setenv("PATH", "")
    with pytest.raises(DotMissing, match=r"apt-get install graphviz"):
        svg(gamma2_flow)


@settings(max_examples=15, deadline=None)
@given(valid_flows(max_inner=4))
def test_random_valid_flows_draw_every_node_and_edge(text):
    """For random valid flows, the SVG parses and holds every box of every node and every arrow out of each box, each once."""
    flow = check(parse(text, "hasard.yaml"))
    root = ET.fromstring(svg(flow))
    ids = [element.get("id") for element in root.iter() if element.get("id")]
    assert len(ids) == len(set(ids))
    drawn = drawing(flow)
    for node in flow.nodes.values():
        for box in drawn.boxes[node.id]:
            assert node_id(box) in ids
            for choice in node.choices:
                assert drawn.edge(box, node.id, choice.key) in ids
        for choice in node.choices:
            assert node_id(drawn.entry[node.id, choice.key]) in ids or flow.nodes[choice.target].steps


def test_the_whole_chart_fits_the_logigramme_page_with_legible_boxes(root):
    """Drawn low, the whole chart fits the Logigramme page's frame (beside the menu, the whole height under the header: 966×736 CSS px at 1280×800, 1320×1016 at 1920×1080) with box text at 12 px or more at 1280×800 and 14 px at 1920×1080; the fallback's steps sit side by side."""
    width, height = (float(root.get(side).removesuffix("pt")) for side in ("width", "height"))
    sizes = {float(text.get("font-size")) for group in root.iter(f"{SVG}g") if {"node", "cluster"} & set(group.get("class", "").split())
             for text in group.iter(f"{SVG}text")}
    at_1280 = min(sizes) * min(966 / width, 736 / height)  # CSS px: the chart fitted (a diagram unit is a pt)
    assert at_1280 >= 12, (width, height, sizes)
    assert min(sizes) * min(1320 / width, 1016 / height) >= 14, (width, height, sizes)
    groups = _groups(root)
    middles = {name: sum(ys) / len(ys) for name in ("n-secours--document", "n-secours--copie", "n-secours--regularisation")
               for ys in [[float(text.get("y")) for text in groups[name].iter(f"{SVG}text")]]}
    assert max(middles.values()) - min(middles.values()) < 2, middles


def _label_distances(root: ET.Element) -> dict[str, tuple[float, float, str]]:
    """For each labelled edge: the distance from its label (box outline, width overestimated) to its own curve, and to the nearest other curve."""
    from gammaflow._diagram import _EM, LAYOUT, _curve_points

    size = float(LAYOUT["edgefont"])
    curves, labels = {}, {}
    for group in root.iter(f"{SVG}g"):
        path = group.find(f".//{SVG}path")
        if "edge" in (group.get("class") or "").split() and path is not None:
            curves[group.get("id")] = _curve_points(path.get("d"))
            texts = list(group.iter(f"{SVG}text"))
            if texts:
                labels[group.get("id")] = [(float(t.get("x")), float(t.get("y")), t.text or "") for t in texts]

    def distance(points, curve):
        return min(((px - cx) ** 2 + (py - cy) ** 2) ** 0.5 for px, py in points for cx, cy in curve)

    found = {}
    for name, lines in labels.items():
        outline = [(x + f * len(text) * size * _EM / 2, y + dy) for x, y, text in lines for f in (-1, -0.5, 0, 0.5, 1) for dy in (-size * 0.75, size * 0.2)]
        nearest = min((distance(outline, curve), other) for other, curve in curves.items() if other != name)
        found[name] = (distance(outline, curves[name]), *nearest)
    return found


def test_each_edge_label_sits_by_its_own_arrow(root):
    """Every answer's label is nearer its own arrow than any other (« Pas de solution » never reads as part of « DTI+ »), at most 10 pt from it."""
    distances = _label_distances(root)
    assert len(distances) >= 20
    for name, (own, other, other_name) in distances.items():
        assert own < other and own <= 10, (name, own, other_name, other)
