"""Hostile flow text: refused by the reader with a clear error, or, when it
is plain text (titles and labels with < & " ]]> characters), escaped
everywhere it goes: the pages, the Graphviz SVG, the JSON the assistant and
the presentation mode read.

The reader's defences (src/gammaflow/_markdown.py): RAW_HTML refuses raw HTML,
MARKDOWN_TARGET and safe_target refuse link targets other than http(s),
mailto/tel and site pages (read as a browser reads them: entities decoded,
tabs dropped…), and unsafe_html checks what each text renders to against a
short list of tags and attributes, whatever trick got it there.
"""

from __future__ import annotations

import html
import json
import re
import xml.etree.ElementTree as ET
from html.parser import HTMLParser
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import csp
from gammaflow.build import load
from gammaflow._reader import parse
from gammaflow._typography import french
from gammaflow._assistant_data import to_html
from sitefixtures import FLOW, ROOT, BuiltSite, build_site, html_to_text, normalize_text, parse_html

NBSP = "\u00a0"
RAW = "contient du HTML brut ; écrire du Markdown sans balises"
LINK = "attendu une adresse http(s) ou une page du site"
RENDERED = "donne du HTML non permis"


def with_value(minimal: str, value: str, field: str = "text") -> str:
    """The minimal flow with its start node's text (or title) set to value (a YAML double-quoted string)."""
    old = {"text": "    text: On commence.\n", "title": "    title: Début\n"}[field]
    assert old in minimal
    return minimal.replace(old, f"    {field}: {json.dumps(value)}\n")


# ---------------------------------------------------------------- refused

REFUSED = {
    # raw HTML, in every spelling Markdown would pass through
    "script": ("<script>alert(1)</script>", RAW),
    "script-majuscules": ("<ScRiPt>alert(1)</sCrIpT>", RAW),
    "fin-de-script": ("a </script/ x> b", RAW),
    "img-onerror": ('<img src=x onerror="alert(1)">', RAW),
    "img-sans-espace": ("<img/src=x/onerror=alert(1)>", RAW),
    "svg-onload": ("<svg onload=alert(1)>", RAW),
    "svg-sans-espace": ("<svg/onload=alert(1)>", RAW),
    "details-ontoggle": ("<details open ontoggle=alert(1)>", RAW),
    "iframe": ('<iframe src="https://exemple.fr">', RAW),
    "commentaire": ("<!-- caché -->", RAW),
    "doctype": ("<!DOCTYPE html>", RAW),
    "cdata": ("<![CDATA[ x ]]>", RAW),
    "instruction": ("<?php echo 1 ?>", RAW),
    "code-html": ("`<script>`", RAW),
    "balise-a-espaces": ("< b onclick=alert(1)>", RAW),
    # link targets
    "javascript": ("[ici](javascript:alert(1))", LINK),
    "javascript-majuscules": ("[ici](JaVaScRiPt:alert(1))", LINK),
    "javascript-espace": ("[ici](JaVaScRiPt :alert(1))", RENDERED),
    "javascript-entite": ("[ici](&#106;avascript:alert(1))", LINK),
    "javascript-entite-hexa": ("[ici](&#x6A;avascript:alert(1))", LINK),
    "javascript-deux-points": ("[ici](javascript&colon;alert(1))", LINK),
    "javascript-tabulation": ("[ici](java&#9;script:alert(1))", LINK),
    "javascript-chevrons": ("[ici](<javascript:alert(1)>)", LINK),
    "vbscript": ("[ici](vbscript:msgbox(1))", LINK),
    "data": ("[ici](data:text/html;base64,PHNjcmlwdD4=)", LINK),
    "image-data": ("![x](data:image/svg+xml;base64,PHN2Zz4=)", LINK),
    "reference": ("Voir [ici][x].\n\n[x]: javascript:alert(1)", LINK),
    "reference-titre": ('Voir [ici][x].\n\n[x]: javascript:alert(1) "titre"', LINK),
    "reference-ligne-suivante": ("Voir [ici][x].\n\n[x]:\n  javascript:alert(1)", LINK),
    "reference-chevrons": ("Voir [ici][x].\n\n[x]: <javascript:alert(1)>", LINK),
    "lien-automatique": ("<javascript:alert(1)>", LINK),
    "lien-automatique-espace": ("<javascript://x%0aalert(1) y>", LINK),
    "lien-automatique-balise": ("<https:x/onfocus=alert(1)/autofocus>", RENDERED),
    "autre-serveur": ("[ici](//exemple.fr/)", LINK),
    "autre-serveur-antislash": ("[ici](/\\\\exemple.fr/)", LINK),
}


@pytest.mark.parametrize("name", REFUSED)
def test_hostile_text_is_refused_with_a_clear_error(write_flow, minimal, errors_of, name) -> None:
    value, message = REFUSED[name]
    path = write_flow(with_value(minimal, value))
    errors = errors_of(path)
    assert len(errors) == 1, errors
    assert errors[0].startswith(f"{path}:7:11: nœud 'debut'{NBSP}: 'text' "), errors[0]
    assert message in errors[0].replace(NBSP, " "), errors[0]


@pytest.mark.parametrize("value", ["<script>alert(1)</script>", "<img/src=x/onerror=alert(1)>", "[x](javascript:alert(1))"])
def test_titles_are_checked_too(write_flow, minimal, errors_of, value) -> None:
    """Titles reach Markdown pages through the macros ({{ node_title(…) }}): same rules."""
    path = write_flow(with_value(minimal, value, "title"))
    errors = errors_of(path)
    assert len(errors) == 1 and "'title' " in errors[0], errors


def test_a_link_entry_must_be_http(write_flow, minimal, errors_of) -> None:
    flow = minimal.replace("nodes:\n", 'links:\n  x:\n    label: Lien\n    url: "javascript:alert(1)"\nnodes:\n', 1)
    path = write_flow(flow.replace("    text: On commence.\n", "    text: On commence.\n    links: [x]\n"))
    assert any("lien mal formé 'javascript:alert(1)'" in error for error in errors_of(path))


# ---------------------------------------------------------------- allowed, and harmless

ALLOWED = [
    "&lt;script&gt;alert(1)&lt;/script&gt; s'affiche comme du texte",
    'a < 3 & b > 2, "guillemets", ]]> et \\ fin',
    "[la procédure](procedure-de-secours.html#etape-2), [le site](https://www.douane.gouv.fr/?a=1&b=2)",
    "<https://www.douane.gouv.fr/?a=1&b=\"2\">",
    "[écrire](mailto:sau@douane.finances.gouv.fr), [appeler](tel:+33100000000)",
    "<sau@douane.finances.gouv.fr>",
    '[ici](https://exemple.fr "titre&#34; onmouseover=&#34;alert(1)")',
]


@pytest.mark.parametrize("value", ALLOWED)
def test_harmless_text_is_accepted_and_renders_safely(write_flow, minimal, value) -> None:
    flow = load(write_flow(with_value(minimal, value)))
    assert flow.nodes["debut"].text == value
    assert_safe_html(to_html(value))


class _Elements(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.elements: list[tuple[str, dict[str, str | None]]] = []

    def handle_starttag(self, tag, attrs):
        self.elements.append((tag, dict(attrs)))


SAFE_TAGS = {"p", "a", "em", "strong", "code", "pre", "ul", "ol", "li", "br", "hr", "blockquote", "h1", "h2", "h3", "h4", "h5", "h6", "img"}


def browser_scheme(url: str) -> str:
    """The scheme a browser sees in an attribute value (already entity-decoded)."""
    url = re.sub(r"[\t\n\r]", "", url).lstrip("\x00\x01\x02\x03\x04\x05\x06\x07\x08\x0b\x0c\x0e\x0f\x10 ")
    match = re.match(r"^([a-zA-Z][a-zA-Z0-9+.-]*):", url)
    return match.group(1).lower() if match else ""


def assert_safe_html(fragment: str) -> None:
    """Checked independently of the reader: tags, on* attributes, URL schemes."""
    parser = _Elements()
    parser.feed(fragment)
    parser.close()
    assert "<!--" not in fragment and "<?" not in fragment and "<!" not in fragment, fragment
    for tag, attrs in parser.elements:
        assert tag in SAFE_TAGS, fragment
        for name, value in attrs.items():
            assert not name.startswith("on") and name != "style", fragment
            if name in ("href", "src"):
                assert browser_scheme(value or "") in {"", "http", "https", "mailto", "tel"}, fragment
                assert not re.match(r"^\s*[/\\]{2}", value or ""), fragment


TOKENS = list("<>&\"'/\\:;=()[]!?#%*_`- \n\tajvsciptrondlemgfx0123") + [
    "javascript", "script", "on", "&#", "<a", "](", "]:", "&colon;", "data:", "http://", "&#106;", "<img", "onerror=",
]
TRICKY = st.lists(st.sampled_from(TOKENS), max_size=25).map("".join)


@settings(max_examples=300, deadline=None)
@given(TRICKY)
def test_whatever_the_reader_accepts_renders_safely(value: str) -> None:
    text = f"title: t\nversion: v\nnodes:\n  debut:\n    kind: start\n    title: Début\n    text: {json.dumps(value)}\n    next: fin\n  fin:\n    kind: outcome\n    title: Fin\n    text: fin\n"
    flow, errors = parse(text)
    if flow is not None and not errors:
        assert_safe_html(to_html(flow.nodes["debut"].text))


# ---------------------------------------------------------------- a whole site from a tricky flow

# l'autre is typeset (l’autre); the quoted 'x' keeps its straight apostrophes.
TITLE = 'Panne <1> & "deux" ]]> l\'autre \'x\' \\ fin'
LABEL = 'Matériel < 2 & "accès" ]]>'
SHORT = 'x < 3 & "y"'
TEXT = "Écrire &lt;script&gt;alert(1)&lt;/script&gt; ou « a < 3 & b » ]]>, voir [la procédure](procedure-de-secours.html)."


def yaml_single(value: str) -> str:
    return "'" + value.replace("'", "''") + "'"


@pytest.fixture(scope="module")
def tricky_site(tmp_path_factory: pytest.TempPathFactory) -> BuiltSite:
    source = FLOW.read_text(encoding="utf-8")
    for old, new in (
        ("    title: Je diagnostique ma panne\n", f"    title: {yaml_single(TITLE)}\n"),
        ("        label: J'ai un problème de matériel ou d'accès internet\n", f"        label: {yaml_single(LABEL)}\n"),
        ("        short: Matériel ou accès\n", f"        short: {yaml_single(SHORT)}\n"),
        ("    text: Ma panne vient-elle de mon matériel ou de mon accès à internet ?\n", f"    text: {yaml_single(TEXT)}\n"),
    ):
        assert source.count(old) == 1, f"flow/gamma2.yaml a changé : adapter ce test ({old.strip()})"
        source = source.replace(old, new)
    folder = tmp_path_factory.mktemp("tricky")
    flow = folder / "gamma2.yaml"
    flow.write_text(source, encoding="utf-8")
    dest = folder / "site"
    result = build_site(dest, flow=flow)
    assert result.returncode == 0, result.stdout
    return BuiltSite(dest, result)


def test_tricky_titles_build_into_a_site_with_only_its_own_scripts(tricky_site: BuiltSite) -> None:
    # The same inline scripts as the real site: the policy committed in deploy/
    # (tests/site/test_csp_policy.py checks it is the real build's).
    committed = csp.deploy_policy("nginx.conf", (ROOT / "deploy" / "nginx.conf").read_text(encoding="utf-8"))
    assert csp.site_policy(tricky_site.path) == committed
    # Script files: the theme's and ours, all in the site.
    for path in tricky_site.html_files():
        for ref in parse_html(path).refs:
            if ref.tag == "script":
                assert re.match(r"^(/|(\.\./)*)assets/(javascripts|js)/[\w./-]+\.m?js$", ref.url), (path.name, ref.url)
                base = tricky_site.path if ref.url.startswith("/") else path.parent
                assert (base / ref.url.lstrip("/")).resolve().is_file(), (path.name, ref.url)
    # No event-handler or style attribute, no <style>, no javascript: URL in any page.
    assert csp.find_blockers(tricky_site.path) == []


def test_tricky_site_links_are_http_or_the_site(tricky_site: BuiltSite) -> None:
    for path in tricky_site.html_files():
        for ref in parse_html(path).refs:
            assert browser_scheme(ref.url) in {"", "http", "https", "mailto", "tel"}, (path.name, ref)
            assert not re.match(r"^[/\\]{2}", ref.url), (path.name, ref)


def test_tricky_titles_are_text_in_the_pages(tricky_site: BuiltSite) -> None:
    assistant = tricky_site.doc("assistant.html")
    for value in (french(TITLE), french(LABEL)):
        assert assistant.has_text(value), value
    # The &lt;script&gt; the author typed is shown as text, not run.
    assert assistant.has_text("Écrire <script>alert(1)</script> ou")
    assert "<script>alert(1)" not in assistant.source
    outline = tricky_site.doc("logigramme.html")
    assert outline.has_text(french(TITLE))


def test_tricky_titles_are_escaped_in_the_svg(tricky_site: BuiltSite) -> None:
    svg_file = (tricky_site / "assets" / "flow" / "logigramme.svg").read_text(encoding="utf-8")
    root = ET.fromstring(svg_file)  # well-formed XML: every < & " escaped
    texts = " ".join(normalize_text(el.text or "") for el in root.iter("{http://www.w3.org/2000/svg}text"))
    for piece in ("<1>", '"deux"', "]]>", 'x < 3 & "y"'):
        assert piece in texts, piece
    tooltips = [normalize_text(value) for el in root.iter() for name, value in el.attrib.items() if name.endswith("title")]
    assert normalize_text(LABEL) in tooltips
    assert not any(name.startswith("on") for el in root.iter() for name in el.attrib)
    # The inline copy in the page is the same markup: the page's HTML parser reads the same text.
    page = tricky_site.doc("logigramme.html")
    assert "Panne <1> & \"deux\" ]]>" in page.text


def test_tricky_titles_round_trip_through_the_json(tricky_site: BuiltSite) -> None:
    node = tricky_site.assistant_data["nodes"]["diagnostic"]
    assert normalize_text(node["title"]) == normalize_text(french(TITLE))
    assert normalize_text(node["choices"][0]["label"]) == normalize_text(LABEL)
    assert "&lt;script&gt;" in node["html"] and "<script" not in node["html"]
    # The presentation mode's data, in a <template>: JSON with < > & escaped.
    source = tricky_site.doc("presentation.html").source
    raw = re.search(r'<template id="presentation-data">(.*?)</template>', source, re.S).group(1)
    assert "<" not in raw and "&" not in raw.replace("&#34;", "").replace("&#39;", "")
    data = json.loads(html.unescape(raw))
    assert normalize_text(data["nodes"]["diagnostic"]["title"]) == normalize_text(french(TITLE))


def test_tricky_text_shows_as_text_in_the_static_assistant(tricky_site: BuiltSite) -> None:
    node = tricky_site.assistant_data["nodes"]["diagnostic"]
    assert html_to_text(node["html"]).startswith("Écrire <script>alert(1)</script> ou")
