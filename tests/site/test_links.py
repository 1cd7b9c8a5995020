"""A link checker over the built HTML, and the offline promise.

Internal links and resources must resolve to a file of the site, and a
#fragment to an id of the target page — or, for the addresses a page's script
reads (the assistant's #chemin=…, the presentation's #etape-…/#scenario-…), to
something of the procedure (see script_route).
External links may only be http(s) (plus mailto:/tel: for contacts) and only
to hosts the flow or the pages' sources cite. Nothing a page loads — scripts,
stylesheets, images, frames, media, CSS url() — may come from another host.
"""

from __future__ import annotations

import json
import posixpath
import re
from functools import cache
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

import pytest

from sitefixtures import ROOT, BuiltSite, HtmlDoc, Ref, mkdocs_config

BASE = "http://site.invalid/"  # where the checker pretends the site lives
URL_IN_TEXT = re.compile(r"https?://[^\s\"'<>()\[\]`]+")
CSS_URL = re.compile(r"""url\(\s*(['"]?)(.*?)\1\s*\)|@import\s+(['"])(.*?)\3""")
# Resources the browser fetches by itself: none may leave the site.
LOADED = {
    ("script", "src"), ("img", "src"), ("img", "srcset"), ("iframe", "src"), ("frame", "src"),
    ("source", "src"), ("source", "srcset"), ("video", "src"), ("video", "poster"), ("audio", "src"),
    ("track", "src"), ("embed", "src"), ("object", "data"), ("input", "src"), ("use", "href"),
    ("use", "xlink:href"), ("image", "href"), ("image", "xlink:href"),
}
# <link rel=…> values that load nothing.
LINK_RELS_NOT_LOADED = {"canonical", "alternate", "author", "license", "help", "next", "prev", "search"}
NAVIGATION_SCHEMES = {"http", "https", "mailto", "tel"}


def site_url(site: BuiltSite) -> str:
    """The address the site was built for (SITE_URL, else mkdocs.yml's default)."""
    return site.site_url or mkdocs_config()["site_url"]


def site_prefix(site: BuiltSite) -> str:
    """The path part of site_url ("/" on the default): absolute links start with it."""
    return urlsplit(site_url(site)).path or "/"


@cache
def cited_hosts() -> frozenset[str]:
    """Hosts the flow file or the page sources cite: the only ones a link may go to."""
    sources = [ROOT / "flow" / "gamma2.yaml", *sorted((ROOT / "docs").rglob("*.md"))]
    hosts = set()
    for source in sources:
        for url in URL_IN_TEXT.findall(source.read_text(encoding="utf-8")):
            host = urlsplit(url).hostname
            if host:
                hosts.add(host)
    return frozenset(hosts)


def site_file(site: BuiltSite, url: str) -> Path | None:
    """The file a same-site URL (already joined to BASE) designates, if any."""
    path = unquote(urlsplit(url).path)
    prefix = site_prefix(site)
    if not path.startswith("/"):
        return None
    relative = path[1:]
    if path.startswith(prefix):
        relative = path[len(prefix):]
    relative = posixpath.normpath(relative) if relative else ""
    if relative.startswith(".."):
        return None
    target = site.path / relative if relative not in ("", ".") else site.path
    if target.is_dir():
        target = target / "index.html"
    return target if target.is_file() else None


def page_url(site: Path, path: Path) -> str:
    return BASE + path.relative_to(site).as_posix()


def script_route(site: BuiltSite, page: str, fragment: str) -> bool | None:
    """Addresses a page's own script reads instead of an element id.

    None: not such an address (the fragment must then be an id). Otherwise
    whether it designates something of the procedure:
        assistant.html#chemin=<answers>           the live assistant (its own tests check the path)
        presentation.html#etape-<node>[--<step>]  the presentation mode: a node, an outcome's step or reminder
                                                  (#noeud-…: its former form, still read)
        presentation.html#scenario-<n>[/<k>]      …or step k (from 1) of a generated scenario
        presentation.html#cas-<id>[/<k>]          …or slide k (from 1) of a « cas pratique » (its slides are on the page)
    """
    if page == "assistant.html" and fragment.startswith("chemin="):
        return True
    if page != "presentation.html":
        return None
    nodes = site.assistant_data["nodes"]
    if match := re.fullmatch(r"(?:etape|noeud)-(.+)", fragment):
        node, _, step = match.group(1).partition("--")
        if node not in nodes:
            return False
        return not step or step == "rappel" and bool(nodes[node].get("reminder")) or step in {s["key"] for s in nodes[node].get("steps") or []}
    if match := re.fullmatch(r"(scenario-\d+)(?:/(\d+))?", fragment):
        scenarios = json.loads((site / "assets" / "flow" / "scenarios.json").read_text(encoding="utf-8"))
        return any(scenario["id"] == match.group(1) for scenario in scenarios) and (match.group(2) is None or int(match.group(2)) >= 1)
    if match := re.fullmatch(r"cas-([a-z0-9-]+)(?:/(\d+))?", fragment):
        slides = (site / "presentation.html").read_text(encoding="utf-8")
        return f'data-slide="cas-{match.group(1)}"' in slides and (match.group(2) is None or int(match.group(2)) >= 1)
    return fragment == "presentation" or None


def is_loaded(ref: Ref) -> bool:
    """Whether the browser fetches this URL by itself (a script, a stylesheet, an image…)."""
    if ref.tag == "link":
        rels = set((ref.attrs.get("rel") or "").lower().split())
        return not rels or not rels <= LINK_RELS_NOT_LOADED
    return (ref.tag, ref.attr) in LOADED


def check_ref(site: BuiltSite, doc: HtmlDoc, ref: Ref) -> str | None:
    """None when the reference is fine, else why not."""
    where = f"{doc.path.relative_to(site.path)}:{ref.line} <{ref.tag} {ref.attr}=\"{ref.url}\">"
    url = ref.url
    if not url:
        return None if ref.tag == "a" else f"{where} : adresse vide"
    parts = urlsplit(url)
    scheme = parts.scheme.lower()
    if scheme in ("data", "blob"):
        return None if (ref.tag, ref.attr) in LOADED or ref.tag == "link" else f"{where} : lien {scheme}:"
    loads = is_loaded(ref)
    if ref.tag == "link":
        if "canonical" in (ref.attrs.get("rel") or "").lower().split():
            return None if url.startswith(site_url(site)) else f"{where} : lien canonique hors de site_url ({site_url(site)})"
    if scheme or parts.netloc:
        if loads:
            return f"{where} : ressource chargée depuis un autre hôte (le site doit fonctionner hors ligne)"
        if scheme not in NAVIGATION_SCHEMES:
            return f"{where} : schéma « {scheme} » interdit (seulement http, https, mailto, tel)"
        if scheme in ("http", "https") and parts.hostname not in cited_hosts():
            return f"{where} : hôte « {parts.hostname} » cité ni par la procédure ni par les pages ({sorted(cited_hosts())})"
        return None
    # Same site.
    absolute = urljoin(page_url(site.path, doc.path), url)
    target = site_file(site, absolute)
    if target is None:
        return f"{where} : cible introuvable dans le site"
    fragment = unquote(urlsplit(absolute).fragment)
    if not fragment:
        return None
    if target.suffix != ".html":
        return f"{where} : ancre vers un fichier qui n'est pas une page"
    route = script_route(site, target.name, fragment)
    if route is not None:
        return None if route else f"{where} : l'adresse #{fragment} ne désigne rien de la procédure"
    if fragment not in site.doc(target.relative_to(site.path)).ids:
        return f"{where} : l'ancre #{fragment} n'existe pas dans {target.relative_to(site.path)}"
    return None


def test_html_pages_exist(built_site: BuiltSite) -> None:
    assert len(built_site.html_files()) >= 10


def test_every_internal_link_and_anchor_resolves(built_site: BuiltSite) -> None:
    problems = []
    checked = 0
    for path in built_site.html_files():
        doc = built_site.doc(path.relative_to(built_site.path))
        for ref in doc.refs:
            checked += 1
            problem = check_ref(built_site, doc, ref)
            if problem:
                problems.append(problem)
    assert checked > 100, f"seulement {checked} liens vérifiés : le vérificateur ne lit pas les pages"
    assert not problems, f"{len(problems)} lien(s) cassé(s) :\n" + "\n".join(problems)


def test_nothing_is_loaded_from_another_host(built_site: BuiltSite) -> None:
    """The offline promise: <script src>, <link href>, <img src>, <iframe>, <source>… stay on the site."""
    problems = []
    loaded = 0
    for path in built_site.html_files():
        doc = built_site.doc(path.relative_to(built_site.path))
        for ref in doc.refs:
            if not is_loaded(ref):
                continue
            loaded += 1
            parts = urlsplit(ref.url)
            if parts.scheme.lower() not in ("", "data", "blob") or parts.netloc:
                problems.append(f"{path.name}:{ref.line} <{ref.tag} {ref.attr}=\"{ref.url}\">")
    assert loaded > 50, f"seulement {loaded} ressources vues : le vérificateur ne lit pas les pages"
    assert not problems, "ressources chargées depuis un autre hôte (le site doit fonctionner hors ligne) :\n" + "\n".join(problems)


def test_assistant_step_anchors_exist(built_site: BuiltSite) -> None:
    """Every node has its #etape-<id> on the assistant page (links and the diagram point there)."""
    ids = built_site.doc("assistant.html").ids
    missing = [node for node in built_site.assistant_data["nodes"] if f"etape-{node}" not in ids]
    assert not missing, f"assistant.html : pas d'ancre #etape- pour {missing}"


def test_ids_are_unique_on_every_page(built_site: BuiltSite) -> None:
    problems = []
    for path in built_site.html_files():
        doc = built_site.doc(path.relative_to(built_site.path))
        duplicated = sorted(name for name, count in doc.ids.items() if count > 1)
        if duplicated:
            problems.append(f"{path.name} : {duplicated}")
    assert not problems, "ids en double (une ancre doit être unique) :\n" + "\n".join(problems)


def test_css_urls_stay_in_the_site(built_site: BuiltSite) -> None:
    problems = []
    for css in sorted(built_site.path.rglob("*.css")):
        text = css.read_text(encoding="utf-8")
        for match in CSS_URL.finditer(text):
            url = (match.group(2) or match.group(4) or "").strip()
            if not url or url.startswith(("data:", "#")):
                continue
            where = f"{css.relative_to(built_site.path)} : url({url})"
            parts = urlsplit(url)
            if parts.scheme or parts.netloc:
                problems.append(f"{where} : chargé depuis un autre hôte")
                continue
            absolute = urljoin(BASE + css.relative_to(built_site.path).as_posix(), url)
            if site_file(built_site, absolute) is None:
                problems.append(f"{where} : fichier introuvable")
    for path in built_site.html_files():
        doc = built_site.doc(path.relative_to(built_site.path))
        for style in doc.styles:
            for match in CSS_URL.finditer(style):
                url = (match.group(2) or match.group(4) or "").strip()
                if urlsplit(url).scheme not in ("", "data") or url.startswith("//"):
                    problems.append(f"{path.name} : style url({url}) hors du site")
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("needle", ["fonts.googleapis", "fonts.gstatic", "unpkg.com", "cdn.jsdelivr", "cdnjs"])
def test_no_cdn_in_html_or_css(built_site: BuiltSite, needle: str) -> None:
    found = [
        str(path.relative_to(built_site.path))
        for path in sorted([*built_site.path.rglob("*.html"), *built_site.path.rglob("*.css")])
        if needle in path.read_text(encoding="utf-8")
    ]
    assert not found, f"« {needle} » dans {found}"


def test_material_config_has_no_remote_url(built_site: BuiltSite) -> None:
    """mkdocs-material's inline __config (search worker, polyfills…) stays on the site."""
    for doc_path in built_site.html_files():
        source = doc_path.read_text(encoding="utf-8")
        match = re.search(r'<script id="__config" type="application/json">(.*?)</script>', source, re.S)
        assert match, f"{doc_path.name} : pas de configuration mkdocs-material"
        config = json.loads(match.group(1))
        remote = URL_IN_TEXT.findall(json.dumps(config))
        assert not remote, f"{doc_path.name} : __config cite {remote}"


def test_checker_reports_what_it_should(tmp_path: Path) -> None:
    """The checker itself, on a small site with one of each mistake."""
    (tmp_path / "assets" / "flow").mkdir(parents=True)
    (tmp_path / "assets" / "flow" / "assistant.json").write_text('{"nodes": {"debut": {"steps": []}}}', encoding="utf-8")
    (tmp_path / "assets" / "flow" / "scenarios.json").write_text('[{"id": "scenario-1"}]', encoding="utf-8")
    (tmp_path / "b.html").write_text('<p id="ici">b</p>', encoding="utf-8")
    (tmp_path / "presentation.html").write_text("<p>p</p>", encoding="utf-8")
    (tmp_path / "a.html").write_text(
        '<a href="b.html#ici">ok</a>\n<a href="b.html#ailleurs">ancre</a>\n<a href="c.html">page</a>\n'
        '<a href="https://www.douane.gouv.fr/x">cité</a>\n<a href="https://exemple.invalid/">non cité</a>\n'
        '<script src="https://cdn.exemple.invalid/x.js"></script>\n<img src="data:image/png;base64,AA" alt="">\n'
        '<a href="assistant.html#chemin=a.b">chemin</a>\n<a href="presentation.html#etape-debut">nœud</a>\n'
        '<a href="presentation.html#etape-absent">nœud absent</a>\n<a href="presentation.html#scenario-1/2">scénario</a>\n'
        '<a href="javascript:void(0)">js</a>\n<a href="mailto:sau@exemple.invalid">courriel</a>\n',
        encoding="utf-8",
    )
    site = BuiltSite(tmp_path, None)  # type: ignore[arg-type]
    doc = site.doc("a.html")
    problems = {ref.line: check_ref(site, doc, ref) for ref in doc.refs}
    failing = sorted(line for line, problem in problems.items() if problem)
    # 2 missing anchor, 3 missing page, 5 uncited host, 6 remote script,
    # 8 assistant.html does not exist here, 10 unknown node, 12 javascript:.
    assert failing == [2, 3, 5, 6, 8, 10, 12], problems
