"""The flow against its source: the chart's boxes are all there, each element
says where it comes from, titles keep their conditions, labels are true.

The authority is the OCR text of the one-page chart (tests/fixtures/chart-ocr.txt,
a copy of the seed the procedure was read from).
"""

from __future__ import annotations

import re
import unicodedata
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from gammaflow._diagram import plain
from gammaflow._typography import french

OCR = (Path(__file__).parent / "fixtures" / "chart-ocr.txt").read_text(encoding="utf-8")
# Words of the OCR that are no box's words: the version label, OCR noise
# (stray marks read as letters), and the URL's scheme.
NOT_A_BOX = {"version", "janvier", "2023", "v", "a", "https", "http"}
# What the OCR misread, as flowchart-reading.md fixes it.
OCR_FIXES = {"jattribue": "j attribue", "jutilise": "j utilise", "i": "l", "probleeme": "probleme", "gamma2": "gamma 2"}
# A condition of what the reader does: when, who, in which order.
SVG = "{http://www.w3.org/2000/svg}"
CONDITIONS = ("avant le mouvement", "immédiatement", "au préalable", "pas besoin", "dès")


def words(text: str) -> list[str]:
    """Lower-case words without accents or punctuation, as the OCR can be compared."""
    text = unicodedata.normalize("NFKD", text.replace("’", "'")).encode("ascii", "ignore").decode().lower()
    found = []
    for word in re.findall(r"[a-z0-9]+", text):
        found += OCR_FIXES.get(word, word).split()
    return found


def test_every_word_of_the_chart_is_in_a_box(gamma2_flow):
    """Every word the OCR read on the chart is in one of the flow's chart boxes."""
    boxes = {word for text in gamma2_flow.chart.values() for word in words(text)}
    assert set(words(OCR)) - boxes - NOT_A_BOX == set()


def test_every_box_has_only_words_of_the_chart(gamma2_flow):
    """No chart box holds a word the chart does not have: the boxes are the chart's own words."""
    chart = set(words(OCR))
    extra = {box: sorted(set(words(text)) - chart) for box, text in gamma2_flow.chart.items()}
    assert {box: found for box, found in extra.items() if found} == {}


def test_every_box_is_carried_by_the_site(gamma2_outputs):
    """Each chart box became at least one element of the site, and is listed once, in the chart's order."""
    boxes = gamma2_outputs.chart_boxes
    assert [box["id"] for box in boxes] == list(gamma2_outputs.flow.chart)
    assert [box["id"] for box in boxes if not box["became"]] == []


def test_the_chart_box_by_box_follows_the_chart(gamma2_flow):
    """The chart section opens with the chart's title and ends with the fallback steps and the LRN reminder."""
    texts = list(gamma2_flow.chart.values())
    assert texts[0] == gamma2_flow.title
    assert words(texts[-1])[:2] == ["rappel", "le"]
    assert "22" in words(texts[-1])


def elements(flow):
    for node in flow.nodes.values():
        yield f"nœud {node.id}", node
        for choice in node.choices:
            yield f"{node.id} → {choice.key}", choice
        for step in node.steps:
            yield f"{node.id}, étape {step.key}", step
        if node.reminder:
            yield f"{node.id}, rappel", node.reminder


def test_every_element_of_gamma2_has_its_provenance(gamma2_flow):
    """Every node, answer, exit, step and reminder names its chart boxes or gives the reason it was added."""
    assert [name for name, element in elements(gamma2_flow) if not element.chart and not element.reading] == []


def test_every_reason_is_one_sentence_for_readers(gamma2_flow):
    """A reason is one line of French, short enough for a marker: no line break, at most 250 characters."""
    reasons = {name: element.reading for name, element in elements(gamma2_flow) if element.reading}
    assert reasons, "the GAMMA 2 flow has additions"
    assert {name: reason for name, reason in reasons.items() if "\n" in reason or len(reason) > 250} == {}


@pytest.mark.parametrize("kind", ["question", "action"])
def test_titles_keep_the_conditions_of_their_text(gamma2_outputs, kind):
    """A step's short title keeps every condition its text states (when, who, in which order)."""
    dropped = []
    for node_id, node in gamma2_outputs.wizard["nodes"].items():
        items = [(node_id, node["title"], plain(node["html"]))] if node["kind"] == kind else []
        items += [(f"{node_id}/{step['key']}", step["title"], plain(step["html"])) for step in node["steps"]]
        for name, title, text in items:
            dropped += [f"{name} : « {word} »" for word in CONDITIONS if word in text.lower() and word not in title.lower()]
    assert dropped == []


def test_the_reminder_title_keeps_the_lrn_rule(gamma2_outputs):
    """The LRN reminder's title, the only part the diagram shows, keeps the rule: a yearly series, 22 characters."""
    title = gamma2_outputs.wizard["nodes"]["secours"]["reminder"]["title"]
    assert "série continue par année" in title and "22" in title


def test_edge_labels_are_the_answers_own_words(gamma2_outputs):
    """The diagram labels each edge with words of the answer the reader picks (a shortening, never other words)."""
    wrong = []
    for node_id, node in gamma2_outputs.wizard["nodes"].items():
        for choice in node["choices"]:
            if not set(words(choice["short"])) <= set(words(choice["label"])):
                wrong.append(f"{node_id} → {choice['key']} : « {choice['short']} » / « {choice['label']} »")
    assert wrong == []


def test_no_solution_is_said_only_of_edges_to_the_authorisation(gamma2_outputs):
    """« Pas de solution » labels only an edge that leads to the authorisation step (the chart's « Aucune solution alternative »)."""
    nodes = gamma2_outputs.wizard["nodes"]
    lying = [
        f"{node_id} → {choice['to']}"
        for node_id, node in nodes.items()
        for choice in node["choices"]
        if "pas de solution" in (choice["label"] + choice["short"]).lower() and choice["to"] != "autorisation"
    ]
    assert lying == []


@pytest.mark.parametrize("node_id", ["editeur", "prestataire"])
def test_a_contact_who_finds_no_fault_leaves_the_reader_an_answer(gamma2_flow, node_id):
    """When the editor or provider finds no fault and the problem persists, the reader has an answer that goes on, with its reason."""
    node = gamma2_flow.nodes[node_id]
    onward = [choice for choice in node.choices if choice.target != "resolu"]
    assert len(onward) == 2
    no_fault = [choice for choice in onward if choice.reading]
    assert len(no_fault) == 1
    assert gamma2_flow.nodes[no_fault[0].target].kind == "action"


def test_meteo_step_links_once_and_prints_no_raw_url(gamma2_outputs):
    """The météo step shows its address once, as a labelled link, not as raw text in its body."""
    node = gamma2_outputs.wizard["nodes"]["meteo"]
    url = gamma2_outputs.wizard["links"]["meteo"]["url"]
    assert url not in node["html"]
    assert [link["url"] for link in node["links"]] == [url]


def test_every_addition_is_listed_with_its_reason(gamma2_outputs):
    """The additions list holds exactly the elements with a reason, each with that reason."""
    expected = sorted(french(element.reading) for _, element in elements(gamma2_outputs.flow) if element.reading)
    assert sorted(addition["reading"] for addition in gamma2_outputs.additions) == expected


def svg_groups(svg: str) -> dict[str, ET.Element]:
    root = ET.fromstring(svg)
    return {g.get("id"): g for g in root.iter(f"{SVG}g") if g.get("id")}


def test_diagram_edges_show_their_answers_short_words(gamma2_outputs):
    """Each edge of the diagram shows its answer's short words, as the compiled flow has them."""
    groups = svg_groups(gamma2_outputs.svg)
    shown = {}
    for node_id, node in gamma2_outputs.wizard["nodes"].items():
        for choice in node["choices"]:
            texts = [text.text or "" for text in groups[f"e-{node_id}-{choice['key']}"].iter(f"{SVG}text")]
            shown[f"{node_id} → {choice['key']}"] = (" ".join(texts), choice["short"])
    assert {edge: pair for edge, pair in shown.items() if pair[0] != pair[1]} == {}


def test_diagram_draws_additions_dashed_and_the_chart_plain(gamma2_outputs):
    """Boxes and edges this site added are dashed (class wz-added); the chart's own are plain (every box of a node drawn more than once, every arrow out of each)."""
    groups = svg_groups(gamma2_outputs.svg)
    wrong = []
    for node_id, node in gamma2_outputs.wizard["nodes"].items():
        steps = {f"n-{node_id}--{step['key']}": step for step in node["steps"]}
        boxes = [name for name, group in groups.items() if group.get("data-node") == node_id and name not in steps and not name.endswith("--rappel")]
        assert node["diagram"] in boxes, (node_id, boxes)
        parts = [(box, node) for box in boxes] + [(edge, c) for c in node["choices"] for edge in c["diagram_edges"].values()]
        parts += list(steps.items())
        for group_id, element in parts:
            group = groups[group_id]
            dashed = any(path.get("stroke-dasharray") for path in group.iter() if path.tag in (f"{SVG}path", f"{SVG}polygon"))
            marked = "wz-added" in (group.get("class") or "").split()
            if dashed != bool(element["reading"]) or marked != bool(element["reading"]):
                wrong.append(f"{group_id} : pointillés {dashed}, classe {marked}, ajout {bool(element['reading'])}")
    assert wrong == []
