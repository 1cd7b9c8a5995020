"""The flow against its source: the chart's boxes are all there, each element
says where it comes from, titles keep their conditions, labels are true.

The authority is the OCR text of the one-page chart (tests/fixtures/chart-ocr.txt,
a copy of the seed the procedure was read from).
"""

from __future__ import annotations

import re
import textwrap
import unicodedata
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from gammaflow.build import load
from gammaflow._diagram import plain
from gammaflow._model import Choice, Reminder
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
    for node_id, node in gamma2_outputs.assistant_data["nodes"].items():
        items = [(node_id, node["title"], plain(node["html"]))] if node["kind"] == kind else []
        items += [(f"{node_id}/{step['key']}", step["title"], plain(step["html"])) for step in node["steps"]]
        for name, title, text in items:
            dropped += [f"{name} : « {word} »" for word in CONDITIONS if word in text.lower() and word not in title.lower()]
    assert dropped == []


def test_the_reminder_title_keeps_the_lrn_rule(gamma2_outputs):
    """The LRN reminder's title, the only part the diagram shows, keeps the rule: a yearly series, 22 characters."""
    title = gamma2_outputs.assistant_data["nodes"]["secours"]["reminder"]["title"]
    assert "série continue par année" in title and "22" in title


def test_edge_labels_are_the_answers_own_words(gamma2_outputs):
    """The diagram labels each edge with words of the answer the reader picks (a shortening, never other words)."""
    wrong = []
    for node_id, node in gamma2_outputs.assistant_data["nodes"].items():
        for choice in node["choices"]:
            if not set(words(choice["short"])) <= set(words(choice["label"])):
                wrong.append(f"{node_id} → {choice['key']} : « {choice['short']} » / « {choice['label']} »")
    assert wrong == []


def test_no_solution_is_said_only_of_edges_to_the_authorisation(gamma2_outputs):
    """« Pas de solution » labels only an edge that leads to the authorisation step (the chart's « Aucune solution alternative »)."""
    nodes = gamma2_outputs.assistant_data["nodes"]
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
    node = gamma2_outputs.assistant_data["nodes"]["meteo"]
    url = gamma2_outputs.assistant_data["links"]["meteo"]["url"]
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
    for node_id, node in gamma2_outputs.assistant_data["nodes"].items():
        for choice in node["choices"]:
            texts = [text.text or "" for text in groups[f"e-{node_id}-{choice['key']}"].iter(f"{SVG}text")]
            shown[f"{node_id} → {choice['key']}"] = (" ".join(texts), choice["short"])
    assert {edge: pair for edge, pair in shown.items() if pair[0] != pair[1]} == {}


def test_diagram_draws_additions_dashed_and_the_chart_plain(gamma2_outputs):
    """Boxes and edges this site added are dashed (class assistant-added); the chart's own are plain (every box of a node drawn more than once, every arrow out of each)."""
    groups = svg_groups(gamma2_outputs.svg)
    wrong = []
    for node_id, node in gamma2_outputs.assistant_data["nodes"].items():
        steps = {f"n-{node_id}--{step['key']}": step for step in node["steps"]}
        boxes = [name for name, group in groups.items() if group.get("data-node") == node_id and name not in steps and not name.endswith("--rappel")]
        assert node["diagram"] in boxes, (node_id, boxes)
        parts = [(box, node) for box in boxes] + [(edge, c) for c in node["choices"] for edge in c["diagram_edges"].values()]
        parts += list(steps.items())
        for group_id, element in parts:
            group = groups[group_id]
            dashed = any(path.get("stroke-dasharray") for path in group.iter() if path.tag in (f"{SVG}path", f"{SVG}polygon"))
            marked = "assistant-added" in (group.get("class") or "").split()
            if dashed != bool(element["reading"]) or marked != bool(element["reading"]):
                wrong.append(f"{group_id} : pointillés {dashed}, classe {marked}, ajout {bool(element['reading'])}")
    assert wrong == []


NBSP = "\u00a0"
PROVENANCE = (
    f"provenance manquante{NBSP}; attendu 'chart' (les cases du logigramme d'origine qu'il reprend)"
    " ou 'reading' (pourquoi ce site l'ajoute, en une phrase)"
)
# A small valid flow with a 'chart' section: every element names its chart
# boxes or gives its reading; an exit in each form; a list of boxes on the step.
CHARTED = textwrap.dedent(
    """\
    title: Essai
    version: janvier 2023
    chart:
      titre: Je ne peux pas accéder
      meteo: Je consulte la météo des services
      signale: Un dysfonctionnement est signalé
      contact: Je contacte le SAU
      secours: J'applique la procédure de secours
    nodes:
      debut:
        kind: start
        chart: titre
        title: Début
        text: On commence.
        next:
          to: meteo
          chart: titre
      meteo:
        kind: question
        chart: meteo
        title: Météo des services
        text: Un dysfonctionnement est-il signalé ?
        answers:
          - key: oui
            chart: signale
            label: Oui
            to: secours
          - key: non
            reading: Le logigramme ne nomme pas ce cas.
            label: Non
            to: contact
      contact:
        kind: action
        chart: contact
        title: Je contacte le SAU
        text: Je contacte le SAU.
        solved:
          to: resolu
          reading: Le logigramme ne dit pas ce qui suit un contact qui aboutit.
        unsolved:
          to: secours
          chart: contact
      secours:
        kind: outcome
        chart: secours
        title: Secours
        text: J'applique la procédure de secours.
        steps:
          - key: document
            chart: [secours, contact]
            title: J'établis un document
            text: J'établis un document papier.
        reminder:
          reading: Le logigramme n'a pas ce rappel.
          title: Rappel
          text: Le numéro LRN.
      resolu:
        kind: outcome
        reading: Le logigramme ne dit pas où mène un problème résolu.
        title: Résolu
        text: Je reprends le travail.
    """
)


# -- reading provenance (gammaflow._reader): the chart section, each element's origin ---


def test_chart_section_and_provenance_are_read(write_flow):
    """The chart's boxes are read in order, and each element carries its boxes (one or a list) or its reading."""
    flow = load(write_flow(CHARTED))
    assert flow.chart == {
        "titre": "Je ne peux pas accéder",
        "meteo": "Je consulte la météo des services",
        "signale": "Un dysfonctionnement est signalé",
        "contact": "Je contacte le SAU",
        "secours": "J'applique la procédure de secours",
    }
    assert list(flow.chart) == ["titre", "meteo", "signale", "contact", "secours"]
    assert [(node.id, node.chart, node.reading) for node in flow.nodes.values()] == [
        ("debut", ("titre",), ""),
        ("meteo", ("meteo",), ""),
        ("contact", ("contact",), ""),
        ("secours", ("secours",), ""),
        ("resolu", (), "Le logigramme ne dit pas où mène un problème résolu."),
    ]
    assert flow.nodes["debut"].choices == (Choice("suite", "Continuer", "meteo", "", 16, 7, ("titre",), "", "next"),)
    assert flow.nodes["meteo"].choices == (
        Choice("oui", "Oui", "secours", "Oui", 24, 9, ("signale",), ""),
        Choice("non", "Non", "contact", "Non", 28, 9, (), "Le logigramme ne nomme pas ce cas."),
    )
    assert flow.nodes["contact"].choices == (
        Choice("resolu", "C'est résolu", "resolu", "C'est résolu", 38, 7, (), "Le logigramme ne dit pas ce qui suit un contact qui aboutit.", "solved"),
        Choice("sans-solution", "Pas de solution", "secours", "Pas de solution", 41, 7, ("contact",), "", "unsolved"),
    )
    secours = flow.nodes["secours"]
    assert [(step.key, step.chart, step.reading) for step in secours.steps] == [("document", ("secours", "contact"), "")]
    assert secours.reminder == Reminder("Rappel", "Le numéro LRN.", (), "Le logigramme n'a pas ce rappel.")


def test_flow_without_chart_section_needs_no_provenance(write_flow, minimal):
    """A flow without a 'chart' section loads with no provenance anywhere."""
    flow = load(write_flow(minimal))
    assert flow.chart == {}
    elements = [*flow.nodes.values(), *(choice for node in flow.nodes.values() for choice in node.choices)]
    assert [(element.chart, element.reading) for element in elements] == [((), "")] * len(elements)


@pytest.mark.parametrize(
    ("old", "new", "place"),
    [
        pytest.param("    reading: Le logigramme ne dit pas où mène un problème résolu.\n", "", f"58:5: nœud 'resolu'{NBSP}: ", id="node"),
        pytest.param("        reading: Le logigramme ne nomme pas ce cas.\n", "", f"28:9: nœud 'meteo'{NBSP}: la réponse 'non'{NBSP}: ", id="answer"),
        pytest.param(
            "    solved:\n      to: resolu\n      reading: Le logigramme ne dit pas ce qui suit un contact qui aboutit.\n",
            "    solved: resolu\n",
            f"37:13: nœud 'contact'{NBSP}: la sortie 'solved'{NBSP}: ",
            id="exit-written-as-an-id",
        ),
        pytest.param(
            "      reading: Le logigramme ne dit pas ce qui suit un contact qui aboutit.\n", "",
            f"38:7: nœud 'contact'{NBSP}: la sortie 'solved'{NBSP}: ",
            id="exit-written-as-a-mapping",
        ),
        pytest.param(
            "    next:\n      to: meteo\n      chart: titre\n", "    next: meteo\n",
            f"15:11: nœud 'debut'{NBSP}: la sortie 'next'{NBSP}: ",
            id="next-exit",
        ),
        pytest.param("        chart: [secours, contact]\n", "", f"49:9: nœud 'secours'{NBSP}: l'étape 'document'{NBSP}: ", id="step"),
        pytest.param("      reading: Le logigramme n'a pas ce rappel.\n", "", f"54:7: nœud 'secours'{NBSP}: le rappel{NBSP}: ", id="reminder"),
    ],
)
def test_element_without_provenance_is_refused(write_flow, errors_of, old, new, place):
    """In a flow with a 'chart' section, a node, answer, exit, step or reminder with neither 'chart' nor 'reading' is refused where it is written."""
    assert CHARTED.count(old) == 1
    path = write_flow(CHARTED.replace(old, new))
    assert errors_of(path) == [f"{path}:{place}{PROVENANCE}"]


def test_unknown_box_suggests_the_close_one(write_flow, errors_of):
    """A 'chart' naming a box the chart section lacks is refused at the name, with the close box suggested; the box meant is then unused."""
    path = write_flow(CHARTED.replace("        chart: signale\n", "        chart: signal\n"))
    assert errors_of(path) == [
        f"{path}:6:3: la case 'signale' du logigramme d'origine n'est reprise par aucun élément{NBSP}; la citer dans un 'chart' ou la retirer",
        f"{path}:25:16: nœud 'meteo'{NBSP}: la case 'signal' n'existe pas dans 'chart' (vouliez-vous dire 'signale'{NBSP}?)",
    ]


def test_unknown_box_in_a_list_suggests_the_close_one(write_flow, errors_of):
    """A misspelt box inside a list of boxes is refused at that item, with the close box suggested."""
    path = write_flow(CHARTED.replace("[secours, contact]", "[secours, contat]"))
    assert errors_of(path) == [
        f"{path}:50:26: nœud 'secours'{NBSP}: la case 'contat' n'existe pas dans 'chart' (vouliez-vous dire 'contact'{NBSP}?)",
    ]


def test_unused_box_is_refused(write_flow, errors_of):
    """A box of the chart section that no element cites is refused at its id."""
    path = write_flow(CHARTED.replace("nodes:\n", "  fax: J'envoie un fax\nnodes:\n"))
    assert errors_of(path) == [
        f"{path}:9:3: la case 'fax' du logigramme d'origine n'est reprise par aucun élément{NBSP}; la citer dans un 'chart' ou la retirer",
    ]


def test_chart_without_chart_section_is_refused(write_flow, minimal, errors_of):
    """An element citing a box in a flow that has no 'chart' section is refused at the box it names."""
    path = write_flow(minimal.replace("    kind: start\n", "    kind: start\n    chart: debut\n"))
    assert errors_of(path) == [
        f"{path}:6:12: nœud 'debut'{NBSP}: 'chart' cite la case 'debut', mais le fichier n'a pas de section 'chart' (les cases du logigramme d'origine)",
    ]


@pytest.mark.parametrize("value", ['""', '"  "'])
def test_empty_reading_is_refused(write_flow, errors_of, value):
    """A 'reading' that is empty or blank is refused at its value."""
    path = write_flow(CHARTED.replace("    reading: Le logigramme ne dit pas où mène un problème résolu.\n", f"    reading: {value}\n"))
    assert errors_of(path) == [f"{path}:59:14: nœud 'resolu'{NBSP}: 'reading' est vide"]


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ("    reading:\n", f"59:13: nœud 'resolu'{NBSP}: 'reading' est vide{NBSP}; attendu la raison de cet ajout, en une phrase"),
        ("    chart: []\n", f"59:12: nœud 'resolu'{NBSP}: 'chart' est une liste vide{NBSP}; attendu l'identifiant d'au moins une case du logigramme"),
    ],
    ids=["reading-without-value", "chart-empty-list"],
)
def test_provenance_without_a_value_is_refused(write_flow, errors_of, line, message):
    """A 'reading' left without a value, or an empty list of boxes, gives no provenance and is refused."""
    path = write_flow(CHARTED.replace("    reading: Le logigramme ne dit pas où mène un problème résolu.\n", line))
    assert errors_of(path) == [f"{path}:{message}"]
