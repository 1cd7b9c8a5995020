"""The assistant data (assistant.json): what the in-browser runtime and the pages read."""

from __future__ import annotations

import json
import re

from gammaflow._assistant_data import to_html, compile_assistant_data
from gammaflow.runtime import FORMAT, Chart

NBSP = "\u00a0"
SPACE_BEFORE_PUNCTUATION = re.compile(r" [;:!?»]|« ")


def _texts(value):
    """Every string inside the assistant data, keys excepted."""
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for item in value.values():
            yield from _texts(item)
    elif isinstance(value, list):
        for item in value:
            yield from _texts(item)


def test_assistant_data_json_round_trips_through_chart(gamma2_outputs):
    """assistant.json, read back by Chart, gives the same nodes, start and paths as the in-memory data."""
    text = gamma2_outputs.files()["assistant.json"]
    chart = Chart.from_json(text)
    assert json.loads(text) == gamma2_outputs.assistant_data
    assert chart.nodes == gamma2_outputs.assistant_data["nodes"]
    assert chart.start == "debut"
    assert chart.paths() == Chart(gamma2_outputs.assistant_data).paths()


def test_assistant_data_top_level(gamma2_outputs):
    """The data carries its format number, title, version, summary, start, nodes, references, links, the source chart and the local contacts."""
    assistant_data = gamma2_outputs.assistant_data
    assert list(assistant_data) == ["format", "title", "version", "summary", "start", "nodes", "references", "links", "chart", "contacts"]
    assert assistant_data["format"] == FORMAT
    assert assistant_data["title"] == f"Je ne peux pas accéder à GAMMA{NBSP}2"
    assert assistant_data["version"] == "janvier 2023"


def test_every_node_is_in_the_assistant_data_in_file_order(gamma2_outputs, gamma2_flow):
    """Every node of the flow is in the assistant data, in file order, with its kind and choices."""
    nodes = gamma2_outputs.assistant_data["nodes"]
    assert list(nodes) == list(gamma2_flow.nodes)
    for node in gamma2_flow.nodes.values():
        assert nodes[node.id]["kind"] == node.kind
        assert [(c["key"], c["to"]) for c in nodes[node.id]["choices"]] == [(c.key, c.target) for c in node.choices]


def test_french_typography_in_every_text(gamma2_outputs):
    """No text of the assistant data has an ordinary space before : ; ! ? » or after «; they are no-break spaces."""
    for text in _texts(gamma2_outputs.assistant_data):
        if text.startswith("http"):
            continue
        assert not SPACE_BEFORE_PUNCTUATION.search(text), text


def test_no_break_space_before_colon_in_texts(gamma2_outputs):
    """Texts written with « : » get a no-break space before the colon."""
    nodes = gamma2_outputs.assistant_data["nodes"]
    assert nodes["secours"]["reminder"]["title"].startswith(f"Rappel{NBSP}: le numéro LRN")
    assert nodes["secours-autorise"]["title"].startswith(f"Pas besoin d’avertir le SAU au préalable{NBSP}:")
    assert nodes["mode"]["title"] == f"Quel est mon mode de transmission{NBSP}?"


def test_texts_are_rendered_from_markdown(gamma2_outputs):
    """Node texts become HTML paragraphs; an autolink becomes a link."""
    html = gamma2_outputs.assistant_data["nodes"]["meteo"]["html"]
    assert html.startswith("<p>") and html.endswith("</p>") and html.count("<p>") == 2
    assert to_html("Voir <https://exemple.fr/page>.") == '<p>Voir <a href="https://exemple.fr/page">https://exemple.fr/page</a>.</p>'


def test_outcome_steps_reminder_refs_links_and_notes(gamma2_outputs):
    """Steps, the reminder, references (with URLs), links and trainer's notes are carried to the assistant_data."""
    nodes = gamma2_outputs.assistant_data["nodes"]
    secours = nodes["secours"]
    assert [step["key"] for step in secours["steps"]] == ["document", "copie", "regularisation"]
    assert secours["steps"][0]["refs"][0]["id"] == "rd-2022-1636-art9"
    assert "22\u00a0caractères" in secours["reminder"]["html"]
    assert [ref["id"] for ref in secours["refs"]] == ["rd-2022-1636-art9", "decret-2021-1914-art16", "faq-gamma2"]
    assert nodes["meteo"]["links"] == [
        {"label": "Météo des services (état opérationnel des services en ligne)", "url": "https://www.douane.gouv.fr/meteo/prodouane/pages/meteo"}
    ]
    assert nodes["diagnostic"]["note"].startswith("Faire vérifier d’abord")
    assert nodes["resolu"]["reminder"] is None and nodes["resolu"]["steps"] == []


def test_choices_carry_label_and_short(gamma2_outputs):
    """Each choice has its key, full label, short label, target, diagram ids (its arrow, out of each of the node's boxes, and the box it reaches) and provenance."""
    assert gamma2_outputs.assistant_data["nodes"]["mode"]["choices"][0] == {
        "key": "dti-plus",
        "label": "J’utilise le mode DTI+ et je ne peux pas créer de fichier JSON",
        "short": "DTI+",
        "to": "editeur",
        "diagram": "e-mode-dti-plus",
        "diagram_to": "n-editeur",
        "diagram_edges": {"n-mode": "e-mode-dti-plus"},
        "chart": ["dti-plus"],
        "reading": "",
    }


def test_references_and_links_sections(gamma2_outputs):
    """The references and links sections list every entry with its texts and URL."""
    assistant_data = gamma2_outputs.assistant_data
    assert set(assistant_data["references"]) == {"rd-2022-1636", "rd-2022-1636-art9", "dir-2020-262", "decret-2021-1914-art16", "faq-gamma2"}
    assert assistant_data["references"]["decret-2021-1914-art16"]["short"] == f"article{NBSP}16 du décret n°{NBSP}2021-1914"
    assert assistant_data["links"]["douane"] == {"label": "douane.gouv.fr (page d’accueil, d’où l’on ouvre son espace)", "url": "https://www.douane.gouv.fr/"}


def test_to_html_empty_and_markdown():
    """to_html renders nothing for an empty text, and Markdown with typography otherwise."""
    assert to_html("") == ""
    assert to_html("**Attention** : *ceci*") == f"<p><strong>Attention</strong>{NBSP}: <em>ceci</em></p>"


def test_assistant_data_data_of_a_small_flow(write_flow, minimal):
    """A flow with default exit labels gets « C'est résolu » and « Pas de solution », drawn with the same words."""
    from gammaflow.build import load

    data = compile_assistant_data(load(write_flow(minimal)))
    assert data["start"] == "debut"
    assert [(c["key"], c["label"], c["short"]) for c in data["nodes"]["contact"]["choices"]] == [
        ("resolu", "C’est résolu", "C’est résolu"),
        ("sans-solution", "Pas de solution", "Pas de solution"),
    ]
    assert data["summary"] == "" and data["references"] == {} and data["links"] == {}
