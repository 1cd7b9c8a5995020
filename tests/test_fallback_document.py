"""The fallback document's data (data/fallback-document.yaml, gammaflow._fallback_document):
read and checked like the flow, each field and step with its sources resolved
against the compiled flow, each source with its nature."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from gammaflow.build import FlowInvalid, compile_flow
from gammaflow._fallback_document import SOURCE_NATURES, fallback_document_motifs, load_fallback_document
from gammaflow._typography import NBSP

ROOT = Path(__file__).resolve().parent.parent
SHIPPED = ROOT / "data" / "fallback-document.yaml"
FIXTURE = Path(__file__).resolve().parent / "fixtures" / "fallback-document.yaml"
BAD = Path(__file__).resolve().parent / "fixtures" / "bad" / "fallback-document"
NATURES = "regle, logigramme, faq, pratique, site"


@pytest.fixture(scope="module")
def flow(gamma2_outputs) -> dict:
    return gamma2_outputs.assistant_data


@pytest.fixture(scope="module")
def doc(gamma2_outputs) -> dict:
    return gamma2_outputs.fallback_document


def errors(name: str, flow: dict) -> list[str]:
    """The errors of a bad document fixture, as a person reads them."""
    path = BAD / f"{name}.yaml"
    with pytest.raises(FlowInvalid) as caught:
        load_fallback_document(path, flow)
    return [str(error) for error in caught.value.errors]


def test_the_small_fixture_is_valid(flow):
    """The fixture every bad document derives from is valid, so each bad one shows one mistake."""
    assert load_fallback_document(FIXTURE, flow)["checklist"]["items"][0]["sources_resolved"][0]["nature"] == "logigramme"


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("duplicate-id", "31:13: la rubrique 'lrn'{S}: l'identifiant 'lrn' est déjà pris à la ligne 17"),
        ("format-text", "2:9: 'format' doit être un entier (la version des fichiers que la page enregistre), trouvé le texte '2'"),
        ("missing-nature", "8:5: la source 'faq'{S}: le champ 'nature' est obligatoire{S}; attendu l'un de{S}: {N}"),
        ("no-source", "21:18: la rubrique 'lrn'{S}: aucune source{S}; attendu 'sources', la liste de ce qui la justifie (les noms de la section 'sources')"),
        ("prefill-type", "20:18: la rubrique 'lrn'{S}: 'prefill: now' ne convient pas au type 'lrn'{S}; attendu (now : date, time ; register : lrn)"),
        ("reason-without-suggestion", "22:17: la rubrique 'lrn'{S}: 'reason' n'est permis qu'avec une source de nature « site » (une proposition du site){S}; le retirer, ou citer cette source"),
        ("rows-text", "34:15: la rubrique 'produits'{S}: 'rows' (le nombre de lignes imprimées) doit être un entier positif, trouvé le texte '3'"),
        ("suggestion-without-reason", "22:9: la rubrique 'motif'{S}: une proposition du site (source de nature « site ») dit pourquoi{S}; attendu 'reason', en une phrase"),
        ("table-without-columns", "31:9: la rubrique 'produits'{S}: un tableau (type lines) demande 'columns', chacune avec id et label"),
        ("unknown-key", "20:9: clé inconnue 'raison' dans la rubrique 'lrn' (vouliez-vous dire 'reason'{S}?)"),
        ("unknown-nature", "9:13: la source 'faq'{S}: nature inconnue 'loi'{S}; attendu l'un de{S}: {N}"),
        ("unknown-node", "28:19: la rubrique 'motif', option 'meteo'{S}: le nœud 'secours-autorisé' n'existe pas dans la procédure (vouliez-vous dire 'secours-autorise'{S}?)"),
        ("unknown-reference", "8:10: la source 'faq'{S}: la référence 'faq-gama2' n'existe pas dans la procédure (vouliez-vous dire 'faq-gamma2'{S}?)"),
        ("unknown-source", "21:31: la rubrique 'lrn'{S}: la source 'fqa' n'existe pas dans la section 'sources' (vouliez-vous dire 'faq'{S}?)"),
        ("unknown-type", "19:15: la rubrique 'lrn'{S}: type inconnu 'couleur'{S}; attendu l'un de{S}: text, textarea, date, time, lrn, choice, lines, box"),
        ("yaml-syntax", "44:20: YAML invalide{S}: deux-points inattendu{S}; si la valeur est un texte qui contient « : », l’écrire entre guillemets{S}; sinon, vérifier la ligne précédente (un deux-points manquant après sa clé, ou cette ligne trop indentée)"),
    ],
)
def test_each_mistake_is_told_once_with_file_line_and_column(flow, name, expected):
    """Each bad fixture gives exactly one error, at its file:line:column, saying what was expected and what was got."""
    assert errors(name, flow) == [f"{BAD / name}.yaml:" + expected.format(S=NBSP, N=NATURES)]


def test_a_bad_document_is_told_with_the_flow_s_own_errors(tmp_path):
    """compile_flow() tells the document's mistakes with the flow's, each at its own file."""
    flow = tmp_path / "flow.yaml"
    flow.write_text("title: Essai\n", encoding="utf-8")
    with pytest.raises(FlowInvalid) as caught:
        compile_flow(flow, fallback_document=BAD / "format-text.yaml")
    paths = {error.path for error in caught.value.errors}
    assert paths == {str(flow), str(BAD / "format-text.yaml")}


def test_every_field_and_step_has_a_resolved_source(flow, doc):
    fields = [field for section in doc["sections"] for field in section["fields"]]
    assert {field["id"] for field in fields} >= {"lrn", "date", "heure", "motif", "motif_reference", "motif_date", "produits"}
    assert [field["type"] for field in fields if field["id"] == "lrn"] == ["lrn"]
    for item in fields + doc["checklist"]["items"]:
        assert item["sources_resolved"], item["id"]
        assert all(source["title"] for source in item["sources_resolved"]), item["id"]
    titles = {source["title"] for field in fields for source in field["sources_resolved"]}
    assert any(flow["title"] in title and flow["version"] in title for title in titles)
    assert {item["id"] for item in doc["checklist"]["items"]} == {"copie", "archive", "saisie"}


def test_the_motif_offers_both_branches_of_the_procedure(doc):
    motif = next(f for s in doc["sections"] for f in s["fields"] if f["id"] == "motif")
    assert [option["key"] for option in motif["options"]] == ["meteo", "autorisation"]


# ---- each source with its nature; each claim credited to what really says it

def _items(doc: dict) -> list[dict]:
    return [f for s in doc["sections"] for f in s["fields"]] + doc["checklist"]["items"]


def test_every_source_has_a_nature_shown_by_its_label(flow, doc):
    for item in _items(doc):
        for source in item["sources_resolved"]:
            assert source["nature"] in SOURCE_NATURES, (item["id"], source)
            assert source["nature_label"] == SOURCE_NATURES[source["nature"]]
    assert set(SOURCE_NATURES.values()) == {
        "Règle (texte juridique)", "Logigramme", "Doctrine officielle (FAQ)", "Pratique", "Proposition du site",
    }
    # Legal texts are rules; the chart, the FAQ and EMCS practice are not.
    data = yaml.safe_load(SHIPPED.read_text(encoding="utf-8"))
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


def test_the_same_lrn_is_credited_to_emcs_practice_never_to_a_legal_text(flow, doc):
    """« Même LRN » (the deferred DAES keeps the fallback document's LRN) comes
    from EMCS practice only (the page « Numéro LRN », its sources): a field or step that says it
    names that practice and cites a source of nature « pratique » saying it."""
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


def test_dates_and_hours_are_not_credited_to_the_decree(flow, doc):
    """Décret n° 2021-1914, art. 16, says nothing of dates or hours: a date or
    time field comes from the draft DAES's data (règlement délégué, annexe I)
    or is a suggestion of this site, with its reason."""
    decree = flow["references"]["decret-2021-1914-art16"]["url"]
    annex = flow["references"]["rd-2022-1636"]["url"]
    fields = [f for s in doc["sections"] for f in s["fields"] if f["type"] in ("date", "time")]
    assert {"date", "heure"} <= {f["id"] for f in fields}
    for fld in fields:
        urls = [s.get("url") for s in fld["sources_resolved"]]
        assert decree not in urls, fld["id"]
        natures = {s["nature"] for s in fld["sources_resolved"]}
        assert annex in urls or ("site" in natures and fld["reason"].strip()), fld["id"]


def test_the_grounds_of_the_fallback_are_suggestions_of_this_site(flow, doc):
    """The chart asks for no « motif » and no assistance-request reference on
    the document: those fields are this site's suggestion, with its reason
    (they justify the fallback at a control), never the chart's requirement."""
    fields = {f["id"]: f for s in doc["sections"] for f in s["fields"]}
    for field_id in ("motif", "motif_reference", "motif_date"):
        fld = fields[field_id]
        natures = [s["nature"] for s in fld["sources_resolved"]]
        assert natures[0] == "site", (field_id, natures)
        assert set(natures) <= {"site", "logigramme"}, (field_id, natures)
        assert "contrôle" in fld["reason"], (field_id, fld["reason"])
    assert "demande d'assistance" in fields["motif_reference"]["label"]


def test_each_motif_comes_from_a_node_that_leads_to_the_fallback_end(flow, doc):
    """The nodes the motifs name are the two ways of the chart to the fallback procedure, each leading straight to its end (the assistant's link reads the node before the end)."""
    motifs = fallback_document_motifs(doc)
    assert motifs == {"secours-autorise": "meteo", "autorisation": "autorisation"}
    for node_id in motifs:
        targets = {choice["to"] for choice in flow["nodes"][node_id]["choices"]}
        assert targets == {"secours"} and flow["nodes"]["secours"]["kind"] == "outcome", node_id


def test_signature_stamp_and_visa_are_suggestions_of_this_site_never_a_rule(doc):
    """The signatory, signature, stamp and the office's visa are this site's suggestions with a reason that says no text consulted asks for them; the products table keeps annex I as its source."""
    fields = {f["id"]: f for s in doc["sections"] for f in s["fields"]}
    for field_id in ("signataire", "signature", "cachet", "visa"):
        natures = {s["nature"] for s in fields[field_id]["sources_resolved"]}
        assert natures == {"site"}, (field_id, natures)
        assert re.search(r"(textes consultés ne|aucun texte consulté ne)", fields[field_id]["reason"], re.I), field_id
    assert [f["type"] for f in (fields["signature"], fields["cachet"], fields["visa"])] == ["box"] * 3
    produits = fields["produits"]
    assert produits["type"] == "lines" and produits["rows"] >= 1 and len(produits["columns"]) >= 5
    assert {s["nature"] for s in produits["sources_resolved"]} == {"regle"}
