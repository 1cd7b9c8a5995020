"""The « Cas pratiques » page as built, without a browser: every shipped case
is on it, readable without JavaScript (its situation, each question with its
answers, a « Voir la réponse » per step, the path and what to remember), and
the data its script compares keys with is the engine's."""

from __future__ import annotations

import json
import re
from typing import Any

import pytest

from gammaflow.build import compile_flow
from sitefixtures import FLOW, ROOT, BuiltSite, html_to_text, normalize_text

CASES = ROOT / "flow" / "cases.yaml"
PAGE = "cas-pratiques.html"


@pytest.fixture(scope="module")
def outputs():
    return compile_flow(FLOW, diagram=False, cases=CASES)


@pytest.fixture(scope="module")
def source(built_site: BuiltSite) -> str:
    return built_site.doc(PAGE).source


def section(source: str, case_id: str) -> str:
    match = re.search(rf'<section class="case" id="cas-{case_id}".*?</section>', source, re.S)
    assert match, f"le cas {case_id} n'est pas sur la page"
    return match.group(0)


def test_every_case_reads_without_javascript_with_a_reveal_per_step(source: str, outputs: Any) -> None:
    """Each case: its situation, each question with every answer in plain text, one closed « Voir la réponse » with the right one, the path and the teaching points."""
    for case in outputs.cases:
        html = section(source, case["id"])
        text = html_to_text(html)
        assert normalize_text(html_to_text(case["situation"])) in text
        reveals = re.findall(r'<details class="case-q__reveal">(.*?)</details>', html, re.S)
        assert len(reveals) == len(case["questions"]), case["id"]
        for question, reveal in zip(case["questions"], reveals):
            assert "<summary>Voir la réponse</summary>" in reveal
            assert normalize_text(f"Réponse : {question['expected_label']}") in html_to_text(reveal)
            for answer in question["answers"]:
                assert f"<li>{answer['label']}</li>" in html, (case["id"], answer["key"])
        assert '<details class="case__end">' in html
        assert html.index('<details class="case__end">') < html.index(f'#chemin={case["token"]}"'), "le chemin complet se découvre à la fin, pas avant"
        for point in case["teaching"]:
            assert normalize_text(html_to_text(point)) in text
        assert normalize_text(html_to_text(case["end_title"])) in text


def test_the_script_s_data_is_the_engine_s(source: str, outputs: Any) -> None:
    """template#cases-data holds, for each question, the key gammaflow expects: the script compares with it and nothing else."""
    match = re.search(r'<template id="cases-data">(.*?)</template>', source, re.S)
    assert match
    data = json.loads(match.group(1).replace("&#34;", '"').replace("&amp;", "&"))
    assert data == json.loads(json.dumps(outputs.cases_page))


def test_the_page_is_in_the_menu_and_lists_what_no_case_covers(built_site: BuiltSite, outputs: Any) -> None:
    """The page is in the navigation near the assistant, and tells trainers which scenarios no case practises, linked to them."""
    doc = built_site.doc(PAGE)
    assert doc.title.startswith("Cas pratiques")
    assert any(href == PAGE for href, _ in built_site.doc("assistant.html").anchors)
    for scenario in outputs.uncovered:
        assert (f"scenarios.html#{scenario['id']}", normalize_text(scenario["name"])) in doc.anchors
    assert doc.has_text(f"{len(outputs.scenarios) - len(outputs.uncovered)} des {len(outputs.scenarios)} scénarios sont pratiqués par un cas")


def test_ids_are_unique(built_site: BuiltSite) -> None:
    """No id twice on the page (the cases, their questions, the diagram)."""
    doc = built_site.doc(PAGE)
    assert not [name for name, count in doc.ids.items() if count > 1]
