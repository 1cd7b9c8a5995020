"""The flow file is the only source of the procedure's wording.

This module stays whole: every test reads the same built site and checks one
kind of text against the compiled flow and data files that gave it.

Every node, step, reference and link of the compiled flow (the assistant.json the
site ships) is on the site with its flow text; and a copy of the flow whose
every wording, URL and version label is changed gives a site where the new
wording is everywhere the old one was, and the old one nowhere.
"""

from __future__ import annotations

import html.parser
import re
from pathlib import Path
from typing import Any

import pytest
import yaml

from sitefixtures import FLOW, BuiltSite, HtmlDoc, build_site, html_to_text, nav_pages, normalize_text, parse_html

FRENCH_DATE = re.compile(
    r"\b(1er|\d{1,2}) (janvier|février|mars|avril|mai|juin|juillet|août|septembre|octobre|novembre|décembre) \d{4}\b"
)


def nav_docs(site: BuiltSite) -> dict[str, HtmlDoc]:
    return {name: site.doc(name) for _, name in nav_pages()}


def pages_with(docs: dict[str, HtmlDoc], text: str) -> list[str]:
    needle = normalize_text(text)
    return [name for name, doc in docs.items() if needle in doc.text]


def test_every_node_title_is_on_the_assistant_and_the_diagram_pages(built_site: BuiltSite) -> None:
    missing = []
    for name in ("assistant.html", "logigramme.html"):
        doc = built_site.doc(name)
        missing += [f"{name} : {node_id} « {node['title']} »" for node_id, node in built_site.assistant_data["nodes"].items() if not doc.has_text(node["title"])]
    assert not missing, "titres de nœuds absents :\n" + "\n".join(missing)


def test_every_node_text_is_on_the_site(built_site: BuiltSite) -> None:
    docs = nav_docs(built_site)
    missing = []
    for node_id, node in built_site.assistant_data["nodes"].items():
        texts = {"texte": html_to_text(node["html"])}
        for step in node.get("steps") or []:
            texts[f"étape {step['key']} (titre)"] = step["title"]
            texts[f"étape {step['key']}"] = html_to_text(step["html"])
        if node.get("reminder"):
            texts["rappel (titre)"] = node["reminder"]["title"]
            texts["rappel"] = html_to_text(node["reminder"]["html"])
        for what, text in texts.items():
            assert text, f"{node_id} : {what} vide"
            if not pages_with(docs, text):
                missing.append(f"{node_id}, {what} : « {text} »")
    assert not missing, "textes de la procédure absents de toutes les pages :\n" + "\n".join(missing)


def test_every_answer_is_on_the_assistant_page(built_site: BuiltSite) -> None:
    doc = built_site.doc("assistant.html")
    missing = [
        f"{node_id} → {choice['to']} : « {choice['label']} »"
        for node_id, node in built_site.assistant_data["nodes"].items()
        for choice in node["choices"]
        if not doc.has_text(choice["label"])
    ]
    assert not missing, "réponses absentes de l'assistant :\n" + "\n".join(missing)


def test_home_page_shows_the_version_and_the_build_date(built_site: BuiltSite) -> None:
    home = built_site.doc("index.html")
    version = built_site.assistant_data["version"]
    assert home.has_text(version), f"la page d'accueil n'affiche pas la version « {version} »"
    assert FRENCH_DATE.search(home.text), "la page d'accueil n'affiche pas la date de construction (en français)"
    assert home.has_text(built_site.assistant_data["title"])


def test_every_reference_and_link_is_on_the_site(built_site: BuiltSite) -> None:
    docs = nav_docs(built_site)
    hrefs = {name: {ref.url for ref in doc.refs if ref.tag == "a"} for name, doc in docs.items()}
    problems = []
    for kind in ("references", "links"):
        for key, item in built_site.assistant_data[kind].items():
            if not any(item["url"] in urls for urls in hrefs.values()):
                problems.append(f"{kind}.{key} : aucun lien vers {item['url']}")
    # The references page lists every reference: its full title, linked to the official text.
    linked = {(href, text) for href, text in built_site.doc("references.html").anchors}
    for key, item in built_site.assistant_data["references"].items():
        if (item["url"], normalize_text(item["title"])) not in linked:
            problems.append(f"references.html : pas de lien « {item['title']} » → {item['url']} ({key})")
    assert not problems, "\n".join(problems)


# ---- changing the flow changes the site ---------------------------------------

TAG = "7q4z"  # in every replacement, so that no real wording can match by chance


def _new_url(old: str, key: str) -> str:
    scheme, rest = old.split("://", 1)
    return f"{scheme}://{rest.split('/', 1)[0]}/essai-{TAG}/{key}"


def _rewrite_flow(flow: dict[str, Any]) -> dict[str, Any]:
    """Every wording, URL and the version label replaced (ids, keys and structure kept)."""
    flow["version"] = f"février 2099 {TAG}"
    for key in flow.get("chart") or {}:
        flow["chart"][key] = f"Case {key} du logigramme {TAG}"
    for key, ref in (flow.get("references") or {}).items():
        ref["title"] = f"Texte de référence {key} {TAG}"
        ref["short"] = f"référence {key} {TAG}"
        ref["url"] = _new_url(ref["url"], key)
    for key, link in (flow.get("links") or {}).items():
        link["label"] = f"Lien {key} {TAG}"
        link["url"] = _new_url(link["url"], key)
    for number, node in enumerate(flow["nodes"].values(), start=1):
        node["title"] = f"Titre {number} {TAG}"
        node["text"] = f"Texte modifié du nœud {number} {TAG}."
        for step in node.get("steps") or []:
            step["title"] = f"Étape {step['key']} du nœud {number} {TAG}"
            step["text"] = f"Texte modifié de l'étape {step['key']} du nœud {number} {TAG}."
        if node.get("reminder"):
            node["reminder"]["title"] = f"Rappel du nœud {number} {TAG}"
            node["reminder"]["text"] = f"Texte modifié du rappel du nœud {number} {TAG}."
        for answer in node.get("answers") or []:
            answer["label"] = f"Réponse {answer['key']} du nœud {number} {TAG}"
            if "short" in answer:
                answer["short"] = f"Court {answer['key']} {number} {TAG}"
        for key in node.get("labels") or {}:
            node["labels"][key] = f"Sortie {key} du nœud {number} {TAG}"
        if "next_label" in node:
            node["next_label"] = f"Suite du nœud {number} {TAG}"
        elements = [node, node.get("reminder") or {}, *(node.get("steps") or []), *(node.get("answers") or [])]
        elements += [node[name] for name in ("next", "solved", "unsolved") if isinstance(node.get(name), dict)]
        for place, element in enumerate(elements):
            if "reading" in element:
                element["reading"] = f"Raison {place} du nœud {number} {TAG}."
    return flow


@pytest.fixture(scope="module")
def rewritten(tmp_path_factory: pytest.TempPathFactory) -> BuiltSite:
    """The site built from a copy of the flow whose every wording was replaced."""
    folder = tmp_path_factory.mktemp("rewritten")
    flow = _rewrite_flow(yaml.safe_load(FLOW.read_text(encoding="utf-8")))
    copy = folder / "gamma2.yaml"
    copy.write_text(yaml.safe_dump(flow, allow_unicode=True, sort_keys=False, width=1000), encoding="utf-8")
    result = build_site(folder / "site", flow=copy)
    assert result.returncode == 0, f"la copie modifiée de la procédure ne se construit pas :\n{result.stdout}"
    site = BuiltSite(folder / "site", result)
    assert site.assistant_data["version"] == flow["version"], "le site ne reprend pas la copie modifiée"
    return site


def wordings(assistant_data: dict[str, Any]) -> dict[str, str]:
    """Every wording of a compiled flow, normalized, by a key stable across rewrites."""
    found: dict[str, str] = {"version": assistant_data["version"]}
    for node_id, node in assistant_data["nodes"].items():
        found[f"{node_id} (titre)"] = node["title"]
        found[f"{node_id} (texte)"] = html_to_text(node["html"])
        for step in node.get("steps") or []:
            found[f"{node_id}/{step['key']} (titre)"] = step["title"]
            found[f"{node_id}/{step['key']} (texte)"] = html_to_text(step["html"])
        if node.get("reminder"):
            found[f"{node_id} (rappel, titre)"] = node["reminder"]["title"]
            found[f"{node_id} (rappel)"] = html_to_text(node["reminder"]["html"])
        for choice in node["choices"]:
            found[f"{node_id} → {choice['key']}"] = choice["label"]
        readings = [node, node.get("reminder") or {}, *(node.get("steps") or []), *node["choices"]]
        for place, element in enumerate(readings):
            if element.get("reading"):
                found[f"{node_id} (raison {place})"] = element["reading"]
    for key, text in assistant_data["chart"].items():
        found[f"case {key}"] = text
    for key, ref in assistant_data["references"].items():
        found[f"référence {key}"] = ref["title"]
    for key, link in assistant_data["links"].items():
        found[f"lien {key}"] = link["label"]
    return {key: normalize_text(text) for key, text in found.items()}


def test_rewritten_flow_builds_without_warning(rewritten: BuiltSite) -> None:
    warnings = [line for line in rewritten.result.stdout.splitlines() if re.match(r"^\s*(WARNING|ERROR)\b", line)]
    assert not warnings, "\n".join(warnings)


def test_rewritten_wording_replaces_the_old_on_every_page(built_site: BuiltSite, rewritten: BuiltSite) -> None:
    old_docs, new_docs = nav_docs(built_site), nav_docs(rewritten)
    old, new = wordings(built_site.assistant_data), wordings(rewritten.assistant_data)
    # The flow's title and summary are not rewritten: a wording equal to them may stay;
    # so may the engine's own default labels (« C'est résolu »…), which the flow does not write.
    kept = {normalize_text(rewritten.assistant_data["title"]), normalize_text(rewritten.assistant_data["summary"])}
    changed = {key for key in old if new.get(key) != old[key] and old[key] not in kept}
    assert len(changed) > 20, f"la réécriture n'a presque rien changé : {sorted(set(old) - changed)}"
    problems = []
    for key in sorted(changed):
        # Nothing of the old wording is left, on any page…
        for name in pages_with(new_docs, old[key]):
            problems.append(f"{name} : l'ancien libellé est resté ({key}) : « {old[key]} »")
        # …and the new one is where the old one was. The old wording may have been
        # there inside a longer one (a title inside its node's text) or shared by
        # several nodes: then the new wording of any of those will do.
        replacements = {new[other] for other in changed if old[key] in old[other]}
        for name in pages_with(old_docs, old[key]):
            if not any(new_docs[name].has_text(text) for text in replacements):
                problems.append(f"{name} : le nouveau libellé de {key} n'y est pas (« {new[key]} »)")
    for node_id, node in rewritten.assistant_data["nodes"].items():
        for name in ("assistant.html", "logigramme.html"):
            if not new_docs[name].has_text(node["title"]):
                problems.append(f"{name} : le nouveau titre de {node_id} n'y est pas")
    assert not problems, f"{len(problems)} écart(s) après modification de la procédure :\n" + "\n".join(problems)


def test_rewritten_urls_replace_the_old_links(built_site: BuiltSite, rewritten: BuiltSite) -> None:
    site = rewritten
    old_urls = {item["url"] for kind in ("references", "links") for item in built_site.assistant_data[kind].values()}
    new_urls = {item["url"] for kind in ("references", "links") for item in site.assistant_data[kind].values()}
    problems = []
    for name, doc in nav_docs(site).items():
        stale = sorted({ref.url for ref in doc.refs if ref.tag == "a" and ref.url in old_urls})
        if stale:
            problems.append(f"{name} : lien recopié à la main (ne suit pas la procédure) : {stale}")
    linked = {ref.url for doc in nav_docs(site).values() for ref in doc.refs if ref.tag == "a"}
    problems += [f"nouvelle adresse absente du site : {url}" for url in sorted(new_urls - linked)]
    assert not problems, "\n".join(problems)


def test_parse_html_reads_text_ids_and_links(tmp_path: Path) -> None:
    """The checker's own reader (sitefixtures.parse_html) on a known page."""
    page = tmp_path / "p.html"
    page.write_text(
        '<html><head><title>T&amp;t</title><style>p{}</style><script>var x="caché";</script></head>'
        '<body><h1 id="a">Un\u00a0:  titre</h1><p>Deux<br>mots <a href="b.html#c">lien</a></p>'
        '<img src="i.png" srcset="i1.png 1x, i2.png 2x"><svg><use xlink:href="#a"/></svg></body></html>',
        encoding="utf-8",
    )
    doc = parse_html(page)
    assert doc.title == "T&t"
    assert doc.ids == {"a": 1}
    assert "Un : titre" in doc.text and "caché" not in doc.text and "p{}" not in doc.text
    assert [(ref.tag, ref.attr, ref.url) for ref in doc.refs] == [
        ("a", "href", "b.html#c"), ("img", "src", "i.png"), ("img", "srcset", "i1.png"),
        ("img", "srcset", "i2.png"), ("use", "xlink:href", "#a"),
    ]


# ---- who says what: each claim credited to the source that really says it -----
# (docs/references.md « Nature de chaque point », docs/document-de-secours.md,
# data/fallback-document.yaml)

from html.parser import HTMLParser  # noqa: E402

NATURES = ("Règle (texte juridique)", "Logigramme", "Doctrine officielle (FAQ)", "Pratique")
SAME_LRN = re.compile(r"\bmêmes? (?:numéro )?LRN\b|\bLRN\b[^.;]*\bdoit être le même\b", re.IGNORECASE)
LEGAL_TEXT = re.compile(r"\b(?:décret|directive|règlement|article|art\.)", re.IGNORECASE)


class _Blocks(HTMLParser):
    """Each block of a page (paragraph, list item, table row, label, legend,
    one source of the fallback document) with its own text, its nested blocks'
    text left out: a claim and what it is credited to are read together."""

    BLOCKS = {"p", "li", "tr", "dt", "dd", "h1", "h2", "h3", "h4", "h5", "h6", "label", "legend", "figcaption", "summary"}
    BLOCK_CLASSES = {"fallback-document-source", "fallback-document-why"}
    VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[tuple[str, list[str] | None]] = []
        self.done: list[str] = []
        self.skip = 0

    def _innermost(self) -> list[str] | None:
        return next((text for _, text in reversed(self.stack) if text is not None), None)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in self.VOID:
            return
        if tag in ("script", "style"):
            self.skip += 1
        classes = set((dict(attrs).get("class") or "").split())
        block = tag in self.BLOCKS or bool(classes & self.BLOCK_CLASSES)
        if block and (parent := self._innermost()) is not None:
            parent.append(" ")
        self.stack.append((tag, [] if block else None))

    def handle_endtag(self, tag: str) -> None:
        if tag in ("script", "style"):
            self.skip = max(0, self.skip - 1)
        if not any(open_tag == tag for open_tag, _ in self.stack):
            return
        while self.stack:
            open_tag, text = self.stack.pop()
            if text is not None:
                self.done.append(normalize_text("".join(text)))
            if open_tag == tag:
                break

    def handle_data(self, data: str) -> None:
        if not self.skip and (text := self._innermost()) is not None:
            text.append(data)


def blocks(doc: HtmlDoc) -> list[str]:
    parser = _Blocks()
    parser.feed(doc.source)
    parser.close()
    return [text.replace("\u2019", "'") for text in parser.done if text]


def test_the_same_lrn_is_credited_to_emcs_practice_never_to_a_legal_text(built_site: BuiltSite) -> None:
    """« Même LRN » (the DAES submitted afterwards keeps the fallback document's
    LRN) comes from EMCS practice only: wherever a page says it, the same
    paragraph (list item, table row, source) names « pratique EMCS » and no
    legal text."""
    found, problems = [], []
    for name, doc in nav_docs(built_site).items():
        for text in blocks(doc):
            if not SAME_LRN.search(text):
                continue
            found.append(name)
            if "pratique emcs" not in text.lower():
                problems.append(f"{name} : « même LRN » sans « pratique EMCS » : « {text} »")
            if LEGAL_TEXT.search(text):
                problems.append(f"{name} : « même LRN » crédité à un texte juridique : « {text} »")
    assert not problems, "\n".join(problems)
    assert {"procedure-de-secours.html", "document-de-secours.html", "references.html"} <= set(found), found


def test_the_deferred_submission_flag_is_given_its_value_r_not_read_as_required(built_site: BuiltSite) -> None:
    """Annex I of the règlement délégué: "Deferred Submission Flag: 'R'" marks an
    e-AD/e-SAD submitted for a movement begun under the fallback document. « R »
    is the flag's value, not a status « requis »."""
    problems, found = [], []
    for name, doc in nav_docs(built_site).items():
        for text in blocks(doc):
            if "Deferred Submission Flag" not in text:
                continue
            found.append(name)
            if "« R »" not in text:
                problems.append(f"{name} : l'indicateur sans sa valeur « R » : « {text} »")
            if re.search(r"\brequis\b|\bstatut\b|\bobligatoire\b", text, re.IGNORECASE):
                problems.append(f"{name} : « R » lu comme « requis » : « {text} »")
    assert not problems, "\n".join(problems)
    assert {"procedure-de-secours.html", "references.html"} <= set(found), found


@pytest.mark.parametrize("name", ["references.html", "procedure-de-secours.html", "document-de-secours.html"])
def test_dsa_is_expanded_at_its_first_use(built_site: BuiltSite, name: str) -> None:
    text = built_site.doc(name).text.replace("\u2019", "'")
    first = re.search(r"\bDSA\b", text)
    if first:
        around = text[max(0, first.start() - 150): first.end() + 150]
        assert "document simplifié d'accompagnement" in around, f"{name} : « DSA » sans son sens : « {around} »"


def _plain(fragment: str) -> str:
    """An HTML fragment's text, tags dropped where they are (« (<abbr>FAQ</abbr>) » → « (FAQ) »)."""
    import html

    return normalize_text(html.unescape(re.sub(r"<[^>]+>", "", fragment))).replace("\u2019", "'")


def _statut_rows(doc: HtmlDoc) -> list[tuple[str, list[tuple[str, str]]]]:
    """The rows of the table « Nature de chaque point » of the references page:
    (point, [(nature, its source)…]) read from the bold nature labels."""
    section = doc.source[doc.source.index('id="statut"'):]
    end = section.find("<h2", 1)
    section = section[: end if end > 0 else len(section)]
    rows = []
    for row in re.findall(r"<tr>(.*?)</tr>", section, re.S)[1:]:
        cells = re.findall(r"<td[^>]*>(.*?)</td>", row, re.S)
        assert len(cells) == 2, row
        parts = re.split(r"<strong>(.*?)</strong>", cells[1])
        natures = [(_plain(parts[i]), _plain(parts[i + 1]).lstrip(": ").strip()) for i in range(1, len(parts) - 1, 2)]
        rows.append((_plain(cells[0]), natures))
    return rows


def test_references_classify_each_point_by_the_nature_of_its_source(built_site: BuiltSite) -> None:
    doc = built_site.doc("references.html")
    assert not doc.has_text("Droit confirmé"), "« Droit confirmé » mêle règles, logigramme et FAQ"
    assert not doc.has_text("Mot de la procédure")
    explained = [text for text in blocks(doc) if any(text.startswith(f"{label} : ") for label in NATURES)]
    for label in NATURES:  # the info box explains each nature
        assert any(text.startswith(f"{label} : ") and len(text) > len(label) + 40 for text in explained), (
            f"l'encadré n'explique pas « {label} »"
        )
    rows = _statut_rows(doc)
    assert len(rows) >= 10
    problems = []
    for point, natures in rows:
        if not natures:
            problems.append(f"« {point} » : aucune nature")
        for nature, source in natures:
            if nature not in NATURES:
                problems.append(f"« {point} » : nature inconnue « {nature} »")
            elif not source:
                problems.append(f"« {point} » : « {nature} » sans sa source")
            elif nature == "Règle (texte juridique)" and not LEGAL_TEXT.search(source):
                problems.append(f"« {point} » : « Règle » sans texte juridique : « {source} »")
            elif nature != "Règle (texte juridique)" and LEGAL_TEXT.search(source):
                problems.append(f"« {point} » : un texte juridique classé « {nature} » : « {source} »")
            elif nature == "Doctrine officielle (FAQ)" and "FAQ" not in source:
                problems.append(f"« {point} » : « {nature} » sans la FAQ : « {source} »")
            elif nature == "Pratique" and "EMCS" not in source:
                problems.append(f"« {point} » : « {nature} » sans la pratique EMCS : « {source} »")
    by_point = {point: {nature for nature, _ in natures} for point, natures in rows}

    def natures_of(words: str) -> set[str]:
        matches = [natures for point, natures in by_point.items() if words in point]
        assert len(matches) == 1, (words, list(by_point))
        return matches[0]

    # What the sources establish, point by point.
    assert natures_of("même numéro LRN") == {"Pratique"}
    assert natures_of("jamais réutilisé") == {"Pratique"}
    assert natures_of("dans une série continue") == {"Doctrine officielle (FAQ)", "Logigramme"}
    assert natures_of("22 caractères") == {"Logigramme", "Pratique"}
    assert natures_of("Deferred Submission Flag") == {"Règle (texte juridique)"}
    for words in ("SAU par téléphone", "météo des services", "DTI+"):
        assert natures_of(words) == {"Logigramme"}, words
    assert not problems, "\n".join(problems)


def _fallback_fields(doc: HtmlDoc) -> dict[str, str]:
    """Each field and step of the fallback document: its HTML, by its id."""
    form = doc.source[doc.source.index('id="fallback-document-form"'):]
    chunks = re.split(r'(?=<(?:div|fieldset) class="fallback-document-(?:field|check)\b)', form)[1:]
    found = {}
    for chunk in chunks:
        key = re.search(r'data-(?:field|check)="([^"]+)"', chunk)
        assert key, chunk[:200]
        found.setdefault(key.group(1), chunk)
    return found


def test_each_field_of_the_fallback_document_shows_its_sources_and_their_nature(built_site: BuiltSite) -> None:
    from gammaflow.build import SOURCE_NATURES

    doc = built_site.doc("document-de-secours.html")
    labels = set(SOURCE_NATURES.values())
    fields = _fallback_fields(doc)
    assert {"lrn", "date", "heure", "motif", "motif_reference", "motif_date", "copie", "archive", "saisie"} <= set(fields)
    problems = []
    for key, chunk in fields.items():
        sources = re.findall(r'<span class="fallback-document-source" data-nature="([a-z]+)">(.*?)<span class="fallback-document-nature">(.*?)</span>', chunk, re.S)
        if not sources:
            problems.append(f"{key} : aucune source affichée avec sa nature")
        for nature, _, label in sources:
            if _plain(label) not in labels or SOURCE_NATURES.get(nature) != _plain(label):
                problems.append(f"{key} : nature « {label} » ({nature})")
        suggested = any(nature == "site" for nature, _, _ in sources)
        why = re.search(r'<span class="fallback-document-why">(.*?)</span>', chunk, re.S)
        if suggested != bool(why):
            problems.append(f"{key} : proposition du site sans sa raison, ou raison sans proposition")
        if suggested and why and "proposée par ce site" not in _plain(why.group(1)):
            problems.append(f"{key} : la raison ne dit pas « proposée par ce site »")
    for key in ("date", "heure", "motif", "motif_reference", "motif_date"):
        natures = re.findall(r'class="fallback-document-source" data-nature="([a-z]+)"', fields[key])
        if "site" not in natures or "regle" in natures:
            problems.append(f"{key} : doit être une proposition du site, pas une règle ({natures})")
    for key in ("date", "heure"):
        if "2021-1914" in _plain(fields[key]):
            problems.append(f"{key} : crédité au décret n° 2021-1914, qui ne dit rien des dates et heures")
    assert not problems, "\n".join(problems)


class _ProseReader(html.parser.HTMLParser):
    """The text of a page's content (its <article>), without code, pre, kbd, samp, script, style or textarea."""

    SKIPPED = {"code", "pre", "kbd", "samp", "script", "style", "textarea"}

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.article = 0  # depth of <article> elements, from the page's content
        self.skipped = 0
        self.texts: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "article" and (self.article or "md-content__inner" in (dict(attrs).get("class") or "")):
            self.article += 1
        if tag in self.SKIPPED:
            self.skipped += 1
            self.texts.append(" ")  # the text before the code does not run into the text after it

    def handle_endtag(self, tag: str) -> None:
        if tag == "article" and self.article:
            self.article -= 1
        if tag in self.SKIPPED and self.skipped:
            self.skipped -= 1
            self.texts.append(" ")

    def handle_data(self, data: str) -> None:
        if self.article and not self.skipped:
            self.texts.append(data)


def test_page_prose_has_french_apostrophes_and_keeps_gamma_2_together(built_site: BuiltSite) -> None:
    """No page's content shows a straight apostrophe between letters, or « GAMMA 2 » with a breakable space, outside code."""
    problems = []
    for name in [name for _, name in nav_pages()] + ["404.html"]:
        reader = _ProseReader()
        reader.feed((built_site / name).read_text(encoding="utf-8"))
        text = "".join(reader.texts)
        assert text.strip(), f"{name} : contenu de la page introuvable"
        problems += [
            f"{name} : « …{text[max(m.start() - 30, 0):m.end() + 30]}… »"
            for m in re.finditer(r"[^\W\d_]'[^\W\d_]|GAMMA[ \t\r\n]+2", text)
        ]
    assert not problems, "apostrophe droite ou « GAMMA 2 » sécable dans le texte des pages :\n" + "\n".join(problems)
