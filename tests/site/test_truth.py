"""Nothing on the built site misleads an operator: sentences found wrong stay
gone, every view that shows a step's title also gives its full text, and the
site's additions to the chart are marked with their reasons.

Expected texts come from the compiled flow the site ships (assistant.json), never
from copies of its sentences.
"""

from __future__ import annotations

import json
import re

import pytest

from sitefixtures import BuiltSite, html_to_text, nav_pages, normalize_text

# Sentences that misled readers once (issue « Truth an operator can act on »):
# none may come back on any page.
MISLEADING = [
    # The chart spares only the SAU a warning; the copy still goes before the movement.
    "Personne à prévenir au préalable",
    "inutile de l'avertir au préalable",
    # No source expands « SAU »: the site must not state an expansion as fact.
    "Service d'assistance aux utilisateurs",
    # A link to the home page labelled as the reader's personal space.
    "Mon espace sur douane.gouv.fr",
    # The old question, replaced by « Quel est mon mode de transmission ? ».
    "Quel mode de transmission j'utilise",
    # Generic exit labels on edges that say something else.
    "DTI+ → pas de solution",
    "EDI → pas de solution",
    # The hardware path never consults the météo.
    "Si aucun dysfonctionnement n'est signalé, vous cherchez d'abord",
    # Two offices merged in one glossary entry without saying so.
    "Bureau gestionnaire, service gestionnaire",
]


def fragment(source: str, start: str, tag: str) -> str:
    """The HTML of the element that begins at the first match of start, up to its closing tag."""
    begin = source.index(start)
    depth = 0
    for match in re.finditer(rf"<(/?){tag}\b[^>]*>", source[begin:]):
        depth += -1 if match.group(1) else 1
        if depth == 0:
            return source[begin:begin + match.end()]
    raise AssertionError(f"<{tag}> opened at « {start} » is never closed")


def folded(text: str) -> str:
    return normalize_text(text).replace("’", "'")


def test_no_misleading_sentence_is_back(built_site: BuiltSite) -> None:
    """None of the sentences found misleading is on any built page."""
    found = [
        f"{name} : « {sentence} »"
        for _, name in nav_pages()
        for sentence in MISLEADING
        if folded(sentence) in folded(built_site.doc(name).text)
    ]
    assert found == []


def step_texts(node: dict) -> list[str]:
    return [html_to_text(node["html"])] + [html_to_text(step["html"]) for step in node["steps"]]


def test_the_text_version_gives_every_full_text(built_site: BuiltSite) -> None:
    """The diagram's text alternative gives each node's and each step's full text, not their titles alone."""
    outline = html_to_text(fragment(built_site.doc("logigramme.html").source, '<ol class="flow-outline">', "ol"))
    missing = [
        f"{node_id} : « {text} »"
        for node_id, node in built_site.assistant_data["nodes"].items()
        for text in step_texts(node)
        if normalize_text(text) not in outline
    ]
    assert missing == []


def test_handouts_give_every_full_text_of_their_path(built_site: BuiltSite) -> None:
    """Each scenario handout gives the full text of every step of its path, the fallback steps included."""
    source = built_site.doc("presentation.html").source
    scenarios = (built_site / "assets" / "flow" / "scenarios.json").read_text(encoding="utf-8")

    missing = []
    for scenario in json.loads(scenarios):
        sheet = html_to_text(fragment(source, f'<section class="present-sheet" id="fiche-{scenario["id"]}"', "section"))
        for node_id in scenario["nodes"]:
            missing += [f"{scenario['id']}, {node_id} : « {text} »" for text in step_texts(built_site.assistant_data["nodes"][node_id]) if normalize_text(text) not in sheet]
    assert missing == []


def elements(assistant_data: dict) -> list[tuple[str, dict]]:
    found = []
    for node_id, node in assistant_data["nodes"].items():
        found.append((node_id, node))
        found += [(f"{node_id} → {choice['key']}", choice) for choice in node["choices"]]
        found += [(f"{node_id}, {step['key']}", step) for step in node["steps"]]
    return found


def test_the_assistant_marks_every_addition_with_its_reason(built_site: BuiltSite) -> None:
    """The assistant carries one « Ajout du site » or « Lecture du site » mark per added node, answer and step, each with its reason."""
    source = built_site.doc("assistant.html").source
    marks = [html_to_text(mark) for mark in re.findall(r'<details class="flow-added">.*?</details>', source, re.S)]
    reasons = [normalize_text(element["reading"]) for _, element in elements(built_site.assistant_data) if element["reading"]]
    assert len(marks) == len(reasons)
    assert sorted(mark.split(" ", 3)[-1] for mark in marks) == sorted(reasons)


def test_every_added_answer_is_marked_beside_its_button(built_site: BuiltSite) -> None:
    """An added answer's mark sits in the same list item as its button, so it is read with it."""
    source = built_site.doc("assistant.html").source
    for node_id, node in built_site.assistant_data["nodes"].items():
        for choice in node["choices"]:
            section = fragment(source, f'<section class="assistant-step assistant-step--{node["kind"]}" id="etape-{node_id}"', "section")
            item = re.search(rf'<li><a class="assistant-choice[^"]*" href="#etape-{choice["to"]}" data-key="{choice["key"]}">.*?</li>', section, re.S)
            assert item, f"{node_id} → {choice['key']} : bouton absent"
            assert ("flow-added" in item.group(0)) == bool(choice["reading"]), f"{node_id} → {choice['key']}"


def test_the_origin_page_gives_the_chart_box_by_box_and_every_addition(built_site: BuiltSite) -> None:
    """« Le logigramme d'origine » gives each chart box's words in order, and every addition's reason."""
    doc = built_site.doc("logigramme-origine.html")
    boxes = [normalize_text(html_to_text(text)) for text in built_site.assistant_data["chart"].values()]
    at = 0
    for box in boxes:  # each box after the one before it: the chart's order
        at = doc.text.find(box, at)
        assert at >= 0, f"case absente ou hors de l'ordre du logigramme : « {box} »"
        at += len(box)
    reasons = [normalize_text(element["reading"]) for _, element in elements(built_site.assistant_data) if element["reading"]]
    assert [reason for reason in reasons if reason not in doc.text] == []
    assert built_site.assistant_data["version"] in doc.text


@pytest.mark.parametrize("page", ["logigramme.html", "assistant.html"])
def test_the_diagram_caption_says_it_is_redrawn_with_additions(built_site: BuiltSite, page: str) -> None:
    """The diagram's caption says the chart is redrawn, that additions are dashed, and links to the original's page."""
    figcaption = html_to_text(fragment(built_site.doc(page).source, "<figcaption>", "figcaption"))
    assert "redessiné" in figcaption and "pointillés" in figcaption
    assert ("logigramme-origine.html", "le logigramme d'origine, case par case, et la liste des ajouts") in [
        (href, text.replace("’", "'")) for href, text in built_site.doc(page).anchors
    ]


def test_the_about_page_links_to_the_origin_page(built_site: BuiltSite) -> None:
    """« À propos » sends the reader to « Le logigramme d'origine » (no hand-kept list of additions)."""
    assert "logigramme-origine.html" in [href for href, _ in built_site.doc("a-propos.html").anchors]


def test_links_to_the_home_page_say_so(built_site: BuiltSite) -> None:
    """A link to douane.gouv.fr's home page is labelled as the home page, on every page."""
    wrong = [
        f"{name} : « {text} »"
        for _, name in nav_pages()
        for href, text in built_site.doc(name).anchors
        if href.rstrip("/") in ("https://www.douane.gouv.fr", "http://www.douane.gouv.fr") and "accueil" not in text and text != "douane.gouv.fr"
    ]
    assert wrong == []


def test_the_home_page_gives_the_direct_route_and_the_timing(built_site: BuiltSite) -> None:
    """The home page's summary has the direct route (malfunction shown → fallback allowed) and the fallback's timing."""
    text = folded(built_site.doc("index.html").text)
    for words in ("météo signale un dysfonctionnement", "au préalable", "avant le mouvement", "immédiatement dès son retour"):
        assert words in text, words


def test_chart_wording_an_operator_may_not_know_is_glossed(built_site: BuiltSite) -> None:
    """Wherever the chart's « prend attache » is shown, the same page says it in plain French (« contact »)."""
    unglossed = [
        name for _, name in nav_pages()
        if "prend attache" in built_site.doc(name).text and "contact avec le SAU" not in built_site.doc(name).text
    ]
    assert unglossed == []


def test_the_glossary_expands_dsa_and_keeps_sau_unexpanded(built_site: BuiltSite) -> None:
    """DSA is expanded; SAU is said to be the chart's unexpanded abbreviation."""
    text = folded(built_site.doc("glossaire.html").text)
    assert "Document simplifié d'accompagnement" in text
    assert "ne le développe pas" in text
