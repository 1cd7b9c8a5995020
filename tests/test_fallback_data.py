"""data/document-secours.yaml: the fallback document's fields and checklist,
each with its sources, resolved against the compiled flow (scripts/sitebuild.py)."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

import sitebuild


@pytest.fixture(scope="module")
def flow(gamma2_outputs) -> dict:
    return gamma2_outputs.wizard


def test_every_field_and_step_has_a_resolved_source(flow):
    doc = sitebuild.fallback_document(flow)
    fields = [field for section in doc["sections"] for field in section["fields"]]
    assert {field["id"] for field in fields} >= {"lrn", "date", "heure", "motif", "motif_reference", "motif_date", "produits"}
    assert [field["type"] for field in fields if field["id"] == "lrn"] == ["lrn"]
    for item in fields + doc["checklist"]["items"]:
        assert item["sources_resolved"], item["id"]
        assert all(source["title"] for source in item["sources_resolved"]), item["id"]
    titles = {source["title"] for field in fields for source in field["sources_resolved"]}
    assert any(flow["title"] in title and flow["version"] in title for title in titles)
    assert {item["id"] for item in doc["checklist"]["items"]} == {"copie", "archive", "saisie"}


def test_the_motif_offers_both_branches_of_the_procedure(flow):
    doc = sitebuild.fallback_document(flow)
    motif = next(f for s in doc["sections"] for f in s["fields"] if f["id"] == "motif")
    assert [option["key"] for option in motif["options"]] == ["meteo", "autorisation"]


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda d: d["sections"][0]["fields"][0].update(sources=["inconnue"]), "sources inconnues"),
        (lambda d: d["sections"][0]["fields"][0].update(sources=[]), "aucune source"),
        (lambda d: d["sections"][0]["fields"][0].update(type="couleur"), "type 'couleur' inconnu"),
        (lambda d: d["sections"][0]["fields"][1].update(id="lrn"), "en double"),
        (lambda d: d["sources"]["faq"].update(ref="absente"), "absente de la procédure"),
        (lambda d: d.update(format="1"), "entier"),
    ],
)
def test_a_mistake_in_the_data_file_stops_the_build(flow, tmp_path: Path, change, message):
    data = yaml.safe_load(sitebuild.FALLBACK_DOCUMENT.read_text(encoding="utf-8"))
    change(data)
    path = tmp_path / "document-secours.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    with pytest.raises(ValueError, match=message):
        sitebuild.fallback_document(flow, path)
