"""data/document-secours.yaml: the fallback document's fields and checklist,
each with its sources, resolved against the compiled flow (scripts/sitebuild.py)."""

from __future__ import annotations

import re
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


def _field(data: dict, field_id: str) -> dict:
    return next(f for s in data["sections"] for f in s["fields"] if f["id"] == field_id)


def changed_copy(tmp_path: Path, change) -> Path:
    """The shipped document-secours.yaml with ``change`` applied, written under tmp_path."""
    data = yaml.safe_load(sitebuild.FALLBACK_DOCUMENT.read_text(encoding="utf-8"))
    change(data)
    path = tmp_path / "document-secours.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda d: d["sections"][0]["fields"][0].update(sources=["inconnue"]), "sources inconnues"),
        (lambda d: d["sections"][0]["fields"][0].update(sources=[]), "aucune source"),
        (lambda d: d["sections"][0]["fields"][0].update(type="couleur"), "type 'couleur' inconnu"),
        (lambda d: d["sections"][0]["fields"][1].update(id="lrn"), "en double"),
        (lambda d: d["sources"]["faq"].update(ref="absente"), "absente de la procédure"),
        (lambda d: d.update(format="1"), "entier"),
        (lambda d: d["sources"]["faq"].update(nature="loi"), "nature 'loi' inconnue"),
        (lambda d: d["sources"]["decret-16"].pop("nature"), "nature None inconnue"),
        (lambda d: _field(d, "date").pop("reason"), "proposition du site sans « reason »"),
        (lambda d: _field(d, "motif").update(reason="  "), "proposition du site sans « reason »"),
        (lambda d: _field(d, "lrn").update(reason="parce que"), "« reason » sans la source de nature « site »"),
        (lambda d: _field(d, "lrn").update(raison="parce que"), r"rubrique 'lrn' : clés inconnues \['raison'\]"),
        (lambda d: d["checklist"]["items"][0].update(reason="parce que"), "étape 'copie' : « reason » sans"),
        (lambda d: d["checklist"]["items"][0].update(note="x"), r"étape 'copie' : clés inconnues \['note'\]"),
        (lambda d: d["sources"]["faq"].update(nature_of="faq"), r"source 'faq' : clés inconnues"),
    ],
)
def test_a_mistake_in_the_data_file_stops_the_build(flow, tmp_path: Path, change, message):
    with pytest.raises(ValueError, match=message):
        sitebuild.fallback_document(flow, changed_copy(tmp_path, change))


# ---- each source with its nature; each claim credited to what really says it

def _items(doc: dict) -> list[dict]:
    return [f for s in doc["sections"] for f in s["fields"]] + doc["checklist"]["items"]


def test_every_source_has_a_nature_shown_by_its_label(flow):
    doc = sitebuild.fallback_document(flow)
    for item in _items(doc):
        for source in item["sources_resolved"]:
            assert source["nature"] in sitebuild.SOURCE_NATURES, (item["id"], source)
            assert source["nature_label"] == sitebuild.SOURCE_NATURES[source["nature"]]
    assert set(sitebuild.SOURCE_NATURES.values()) == {
        "Règle (texte juridique)", "Logigramme", "Doctrine officielle (FAQ)", "Pratique", "Proposition du site",
    }
    # Legal texts are rules; the chart, the FAQ and EMCS practice are not.
    data = yaml.safe_load(sitebuild.FALLBACK_DOCUMENT.read_text(encoding="utf-8"))
    for name, source in data["sources"].items():
        if source.get("flow"):
            assert source["nature"] == "logigramme", name
        elif source.get("ref") == "faq-gamma2":
            assert source["nature"] == "faq", name
        elif source.get("ref") or "Décret" in source.get("title", ""):
            assert source["nature"] == "regle", name
        if "EMCS" in source.get("title", ""):
            assert source["nature"] == "pratique", name


SAME_LRN = re.compile(r"\bmêmes? (?:numéro )?LRN\b|\bLRN\b[^.;]*\bdoit être le même\b", re.IGNORECASE)


def test_the_same_lrn_is_credited_to_emcs_practice_never_to_a_legal_text(flow):
    """« Même LRN » (the deferred DAES keeps the fallback document's LRN) comes
    from EMCS practice only (domain-facts §5): a field or step that says it
    names that practice and cites a source of nature « pratique » saying it."""
    doc = sitebuild.fallback_document(flow)
    saying = [item for item in _items(doc) if SAME_LRN.search(" ".join(str(item.get(k, "")) for k in ("label", "hint", "reason")))]
    assert [item["id"] for item in saying] == ["saisie"]
    for item in saying:
        assert "pratique EMCS" in item["label"], item["label"]
        practice = [s for s in item["sources_resolved"] if s["nature"] == "pratique" and SAME_LRN.search(s["title"])]
        assert practice, item["id"]
    # No source of another nature claims it.
    for item in _items(doc):
        for source in item["sources_resolved"]:
            if SAME_LRN.search(source["title"]):
                assert source["nature"] == "pratique", source["title"]


def test_dates_and_hours_are_not_credited_to_the_decree(flow):
    """Décret n° 2021-1914, art. 16, says nothing of dates or hours: a date or
    time field comes from the draft DAES's data (règlement délégué, annexe I)
    or is a suggestion of this site, with its reason."""
    doc = sitebuild.fallback_document(flow)
    decree = flow["references"]["decret-2021-1914-art16"]["url"]
    annex = flow["references"]["rd-2022-1636"]["url"]
    fields = [f for s in doc["sections"] for f in s["fields"] if f["type"] in ("date", "time")]
    assert {"date", "heure"} <= {f["id"] for f in fields}
    for fld in fields:
        urls = [s.get("url") for s in fld["sources_resolved"]]
        assert decree not in urls, fld["id"]
        natures = {s["nature"] for s in fld["sources_resolved"]}
        assert annex in urls or ("site" in natures and fld["reason"].strip()), fld["id"]


def test_the_grounds_of_the_fallback_are_suggestions_of_this_site(flow):
    """The chart asks for no « motif » and no assistance-request reference on
    the document: those fields are this site's suggestion, with its reason
    (they justify the fallback at a control), never the chart's requirement."""
    doc = sitebuild.fallback_document(flow)
    fields = {f["id"]: f for s in doc["sections"] for f in s["fields"]}
    for field_id in ("motif", "motif_reference", "motif_date"):
        fld = fields[field_id]
        natures = [s["nature"] for s in fld["sources_resolved"]]
        assert natures[0] == "site", (field_id, natures)
        assert set(natures) <= {"site", "logigramme"}, (field_id, natures)
        assert "contrôle" in fld["reason"], (field_id, fld["reason"])
    assert "demande d'assistance" in fields["motif_reference"]["label"]


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda d: _field(d, "motif")["options"][0].update(node="absent"), r"rubrique 'motif', option 'meteo' : nœud 'absent' absent de la procédure"),
        (lambda d: _field(d, "motif")["options"][0].update(noeud="meteo"), r"option 'meteo' : clés inconnues \['noeud'\]"),
        (lambda d: _field(d, "produits").pop("columns"), r"rubrique 'produits' : un tableau demande « rows » \(un entier\) et « columns »"),
        (lambda d: _field(d, "produits").update(rows="5"), r"reçu '5'"),
        (lambda d: _field(d, "date").update(prefill="register"), r"« prefill » 'register' ne convient pas au type 'date'"),
        (lambda d: _field(d, "lrn").update(prefill="hier"), r"« prefill » 'hier' ne convient pas au type 'lrn'"),
    ],
)
def test_a_mistake_in_the_new_field_kinds_stops_the_build(flow, tmp_path: Path, change, message):
    """A motif's node, a table's columns and rows, a prefill: each mistake names the field and what was expected."""
    with pytest.raises(ValueError, match=message):
        sitebuild.fallback_document(flow, changed_copy(tmp_path, change))


def test_each_motif_comes_from_a_node_that_leads_to_the_fallback_end(flow):
    """The nodes the motifs name are the two ways of the chart to the fallback procedure, each leading straight to its end (the assistant's link reads the node before the end)."""
    motifs = sitebuild.document_motifs(sitebuild.fallback_document(flow))
    assert motifs == {"secours-autorise": "meteo", "autorisation": "autorisation"}
    for node_id in motifs:
        targets = {choice["to"] for choice in flow["nodes"][node_id]["choices"]}
        assert targets == {"secours"} and flow["nodes"]["secours"]["kind"] == "outcome", node_id
    assert sitebuild.fallback_link(flow) == {"page": "document-de-secours.html", "field": "motif", "motifs": motifs}


def test_signature_stamp_and_visa_are_suggestions_of_this_site_never_a_rule(flow):
    """The signatory, signature, stamp and the office's visa are this site's suggestions with a reason that says no text consulted asks for them; the products table keeps annex I as its source."""
    fields = {f["id"]: f for s in sitebuild.fallback_document(flow)["sections"] for f in s["fields"]}
    for field_id in ("signataire", "signature", "cachet", "visa"):
        natures = {s["nature"] for s in fields[field_id]["sources_resolved"]}
        assert natures == {"site"}, (field_id, natures)
        assert re.search(r"(textes consultés ne|aucun texte consulté ne)", fields[field_id]["reason"], re.I), field_id
    assert [f["type"] for f in (fields["signature"], fields["cachet"], fields["visa"])] == ["box"] * 3
    produits = fields["produits"]
    assert produits["type"] == "lines" and produits["rows"] >= 1 and len(produits["columns"]) >= 5
    assert {s["nature"] for s in produits["sources_resolved"]} == {"regle"}
