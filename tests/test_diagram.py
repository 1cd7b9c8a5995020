"""The Graphviz diagram: DOT source and the inline-ready, accessible SVG."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

import pytest
from hypothesis import given, settings

from gammaflow import DotMissing
from gammaflow._checks import check
from gammaflow._diagram import dot_source, edge_id, node_id, plain, svg
from gammaflow._loader import parse
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


def test_every_node_has_its_id_in_the_svg(root, gamma2_flow):
    """Every node of the flow is a group n-<id> in the SVG, classed by its kind."""
    groups = _groups(root)
    for node in gamma2_flow.nodes.values():
        group = groups[node_id(node.id)]
        assert f"wz-{node.kind}" in group.get("class").split()
        assert "wz-node" in group.get("class").split()


def test_every_choice_has_its_edge_id_in_the_svg(root, gamma2_flow):
    """Every answer or exit of every node is an edge group e-<node>-<key>."""
    groups = _groups(root)
    expected = {edge_id(node.id, choice.key) for node in gamma2_flow.nodes.values() for choice in node.choices}
    assert len(expected) == sum(len(node.choices) for node in gamma2_flow.nodes.values()) == 26
    for name in expected:
        assert "wz-edge" in groups[name].get("class").split()


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
    """Each box shows the node's whole title (conditions included), wrapped in lines of at most 24 characters (30 for an end), five lines at most."""
    groups = _groups(root)
    for node in gamma2_flow.nodes.values():
        if node.steps:
            continue
        lines = _lines(groups[node_id(node.id)])
        width = 30 if node.kind == "outcome" else 24
        assert 1 <= len(lines) <= 5, (node.id, lines)
        assert all(len(line) <= width for line in lines), (node.id, lines)
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
    assert groups["n-secours--rappel"].get("class").split()[-1] == "wz-reminder"
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
    """Every node appears in the DOT source with its n-<id> id attribute."""
    dot = dot_source(gamma2_flow)
    assert dot.startswith("digraph debut {")
    for node in gamma2_flow.nodes.values():
        assert f'id="{node_id(node.id)}"' in dot


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
    """For random valid flows, the SVG parses and holds every node id and every edge id."""
    flow = check(parse(text, "hasard.yaml"))
    root = ET.fromstring(svg(flow))
    ids = {element.get("id") for element in root.iter() if element.get("id")}
    for node in flow.nodes.values():
        assert node_id(node.id) in ids
        for choice in node.choices:
            assert edge_id(node.id, choice.key) in ids
