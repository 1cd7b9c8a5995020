"""The site served by real nginx and Apache httpd with the shipped deploy/ files,
at the root and under /gamma2/ (tests/realservers.py starts them): every file
with its type, cache rule and security headers, compression, revalidation, the
site's 404 page; and deploy/web.config (IIS cannot run here) declaring the same
types, headers, policy and cache rules as the two servers.

The reference for types and cache rules is scripts/preview.py, the server
`./dev preview` runs and the browser suite uses.
"""

from __future__ import annotations

import difflib
import gzip
import html
import http.client
import re
import xml.etree.ElementTree as ET
from pathlib import Path
from urllib.parse import quote, urlsplit

import pytest

import csp
import preview
import realservers
from realservers import DEPLOY, MOUNTS, SERVERS, SUBFOLDER, Served, adapt_htaccess, adapt_nginx, htaccess_directory_block  # fixtures: tests/conftest.py
from sitefixtures import BuiltSite

COMBINATIONS = [(server, mount) for server in SERVERS for mount in MOUNTS]
IDS = [f"{server}-{mount}" for server, mount in COMBINATIONS]
# Names of one media type (RFC 9239: text/javascript, application/javascript is
# obsolete; RFC 7303: text/xml is an alias of application/xml).
SAME_TYPE = {"application/javascript": "text/javascript", "text/xml": "application/xml"}


def essence(content_type: str | None) -> tuple[str, str | None]:
    """A Content-Type as compared here: (media type, charset), lower case, synonyms folded."""
    kind, *params = re.sub(r"\s+", "", (content_type or "").lower()).split(";")
    charset = next((p.split("=", 1)[1].strip('"') for p in params if p.startswith("charset=")), None)
    return SAME_TYPE.get(kind, kind), charset


def same_type(got: str | None, expected: str) -> bool:
    """The expected type, and its charset if it names one (utf-8 when another type adds one)."""
    (kind, charset), (want_kind, want_charset) = essence(got), essence(expected)
    return kind == want_kind and charset in ((want_charset,) if want_charset else (None, "utf-8"))


def expected_type(path: str) -> str:
    return preview.MIME_TYPES[Path(path).suffix.lower()]


def site_files(site: BuiltSite) -> list[str]:
    """Every file of the built site, as URL paths relative to the site's root."""
    return sorted(path.relative_to(site.path).as_posix() for path in site.path.rglob("*") if path.is_file())


def shipped_headers() -> dict[str, str]:
    """The headers every response must carry: the policy and the other security headers."""
    policy = csp.deploy_policy("nginx.conf", (DEPLOY / "nginx.conf").read_text(encoding="utf-8"))
    return {"Content-Security-Policy": policy, **dict(csp.RESPONSE_HEADERS)}


class Client:
    """One keep-alive connection to a served site."""

    def __init__(self, served: Served) -> None:
        self.served = served
        parts = urlsplit(served.origin)
        self.connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=30)

    def request(self, method: str, path: str, headers: dict[str, str] | None = None) -> tuple[http.client.HTTPResponse, bytes]:
        url = path if path.startswith("/") else self.served.prefix + quote(path)
        self.connection.request(method, url, headers=headers or {})
        response = self.connection.getresponse()
        return response, response.read()

    def close(self) -> None:
        self.connection.close()


@pytest.fixture(params=COMBINATIONS, ids=IDS)
def served(request: pytest.FixtureRequest, real_servers: dict[tuple[str, str], Served]) -> Served:
    return real_servers[request.param]


@pytest.fixture
def client(served: Served) -> Client:
    client = Client(served)
    yield client
    client.close()


def missing_headers(response: http.client.HTTPResponse) -> list[str]:
    """The shipped headers the response lacks; with an error, the font preload must be absent
    (its relative URLs, resolved from a 404 deeper in the tree, would lead nowhere)."""
    expected = shipped_headers()
    preload, _ = csp.FONT_PRELOAD
    if response.status >= 400:
        del expected[preload]
        if response.getheader(preload) is not None:
            return [f"{preload} envoyé avec une erreur {response.status}"]
    return [f"{name}: {value}" for name, value in expected.items() if response.getheader(name) != value]


# ---------------------------------------------------------------- the shipped files, as shipped

def changed_lines(shipped: str, used: str) -> list[str]:
    return [line for line in difflib.ndiff(shipped.splitlines(), used.splitlines()) if line.startswith(("- ", "+ "))]


def test_the_servers_run_the_shipped_files_with_only_their_paths_adapted(real_servers: dict[tuple[str, str], Served]) -> None:
    """nginx.conf: listen, root and (sub-folder) error_page changed; the .htaccess: the ErrorDocument path (sub-folder); nothing else."""
    for (server, mount), served in real_servers.items():
        if server == "nginx":
            shipped, used = DEPLOY / "nginx.conf", served.logs / "gamma2.conf"
            allowed = r"[-+]     (listen|root|error_page 404) "
            expected = 6 if mount == "sous-dossier" else 4
        else:
            shipped, used = DEPLOY / "apache.htaccess", served.folder / ".htaccess"
            allowed = r"[-+] ErrorDocument 404 "
            expected = 2 if mount == "sous-dossier" else 0
        changes = changed_lines(shipped.read_text(encoding="utf-8"), used.read_text(encoding="utf-8"))
        assert len(changes) == expected and all(re.match(allowed, line) for line in changes), (server, mount, changes)


def test_a_shipped_file_needing_another_edit_fails() -> None:
    """adapt_nginx and adapt_htaccess refuse a file whose lines to adapt are not the expected ones."""
    text = (DEPLOY / "nginx.conf").read_text(encoding="utf-8")
    with pytest.raises(AssertionError, match="listen 80"):
        adapt_nginx(text.replace("    listen 80;", "    listen 8080;"), listen="127.0.0.2:1", root=Path("/x"))
    with pytest.raises(AssertionError, match="error_page"):
        adapt_nginx(text.replace("error_page 404 /404.html;", ""), listen="127.0.0.2:1", root=Path("/x"), subfolder=SUBFOLDER)
    htaccess = (DEPLOY / "apache.htaccess").read_text(encoding="utf-8")
    with pytest.raises(AssertionError, match="ErrorDocument"):
        adapt_htaccess(htaccess.replace("ErrorDocument 404 /404.html", "ErrorDocument 404 /site/404.html"), subfolder=SUBFOLDER)
    assert htaccess_directory_block(htaccess, Path("/srv/x")) == '<Directory "/srv/x">\n    AllowOverride FileInfo Options=Indexes\n</Directory>'


def test_a_missing_server_fails_and_says_to_run_setup() -> None:
    with pytest.raises(pytest.fail.Exception, match=r"introuvable .*lancer \./dev setup"):
        realservers._check_installed("nginx", "/nulle-part/nginx")


# ---------------------------------------------------------------- every file

def test_every_file_has_its_type_cache_rule_and_security_headers(served: Served, client: Client) -> None:
    """Each file of the site: 200, the preview's type (charset for pages), its cache rule, every security header."""
    problems = []
    for path in site_files(served.site):
        response, _ = client.request("HEAD", path)
        url = served.prefix + path
        if response.status != 200:
            problems.append(f"{url} : statut {response.status}")
            continue
        if not same_type(response.getheader("Content-Type"), expected_type(path)):
            problems.append(f"{url} : Content-Type « {response.getheader('Content-Type')} », attendu « {preview.MIME_TYPES[Path(path).suffix]} »")
        if response.getheader("Cache-Control") != preview.cache_control(url):
            problems.append(f"{url} : Cache-Control « {response.getheader('Cache-Control')} », attendu « {preview.cache_control(url)} »")
        if missing := missing_headers(response):
            problems.append(f"{url} : en-têtes absents ou différents : {missing}")
    assert not problems, f"{served.server} ({served.mount}) :\n" + "\n".join(problems)


def test_the_site_folder_serves_its_home_page(served: Served, client: Client) -> None:
    response, body = client.request("GET", served.prefix)
    assert response.status == 200
    assert same_type(response.getheader("Content-Type"), "text/html; charset=utf-8")
    assert body == (served.site.path / "index.html").read_bytes()


def test_the_shipped_policy_is_the_one_of_the_served_site(served: Served) -> None:
    """The policy in deploy/ allows every inline script of the site, at the root and in a sub-folder."""
    assert csp.read_policy(served.site.path) == shipped_headers()["Content-Security-Policy"], (
        f"{served.mount} : la politique de deploy/ n'est pas celle que la construction calcule pour ce site"
    )


# ---------------------------------------------------------------- compression

def test_wasm_and_scripts_are_compressed_and_the_snapshot_is_sent_as_is(served: Served, client: Client) -> None:
    site = served.site.path
    gz = {"Accept-Encoding": "gzip"}
    compressed = ["assets/pyodide/pyodide.asm.wasm", "assets/js/python.mjs", "index.html", "search/search_index.json"]
    for path in compressed:
        response, body = client.request("GET", path, gz)
        assert response.status == 200, path
        assert response.getheader("Content-Encoding") == "gzip", f"{served.prefix}{path} n'est pas compressé"
        assert "Accept-Encoding" in (response.getheader("Vary") or ""), path
        assert gzip.decompress(body) == (site / path).read_bytes(), path
        assert same_type(response.getheader("Content-Type"), expected_type(path)), path
    assert len(body) < (site / path).stat().st_size
    # The Pyodide snapshot is gzip already: sent as is, its SRI hash must match.
    snapshots = sorted((site / "assets" / "pyodide").glob("snapshot-*.bin.gz"))
    assert snapshots, "pas d'instantané de Pyodide dans le site construit"
    path = snapshots[0].relative_to(site).as_posix()
    response, body = client.request("GET", path, gz)
    assert response.status == 200
    assert response.getheader("Content-Encoding") is None, f"{path} : Content-Encoding {response.getheader('Content-Encoding')}"
    assert same_type(response.getheader("Content-Type"), "application/gzip")
    assert body == snapshots[0].read_bytes()


# ---------------------------------------------------------------- cache

def test_a_second_visit_revalidates_pages_and_reuses_fingerprinted_files(served: Served, client: Client) -> None:
    fingerprinted = [p for p in site_files(served.site) if preview.cache_control(served.prefix + p) == preview.LONG_CACHE]
    assert any(p.startswith("assets/stylesheets/main.") for p in fingerprinted) and any(p.endswith(".woff2") for p in fingerprinted)
    gz = {"Accept-Encoding": "gzip"}  # as a browser asks, compressed responses and all
    for path in ("index.html", "assets/flow/assistant.json", "assets/js/assistant.mjs", "assets/pyodide/pyodide.asm.wasm"):
        response, _ = client.request("GET", path, gz)
        assert response.getheader("Cache-Control") == "no-cache", path
        validators = {}
        if etag := response.getheader("ETag"):
            validators["If-None-Match"] = etag
        if modified := response.getheader("Last-Modified"):
            validators["If-Modified-Since"] = modified
        assert validators, f"{path} : ni ETag ni Last-Modified, rien pour revalider"
        again, body = client.request("GET", path, {**gz, **validators})
        assert again.status == 304 and body == b"", f"{path} : seconde visite {again.status}, attendu 304"
        assert not missing_headers(again), (path, missing_headers(again))
    for path in fingerprinted[:3]:
        response, _ = client.request("HEAD", path)
        assert response.getheader("Cache-Control") == preview.LONG_CACHE, path


# ---------------------------------------------------------------- errors

def test_a_missing_page_gets_the_sites_404_page_with_the_headers(served: Served, client: Client) -> None:
    page = (served.site.path / "404.html").read_bytes()
    for path in ("page-inexistante.html", "dossier/inexistant/page.html", "assets/js/inexistant.mjs"):
        response, body = client.request("GET", path)
        assert response.status == 404, path
        assert same_type(response.getheader("Content-Type"), "text/html; charset=utf-8"), path
        assert body == page, f"{served.prefix}{path} : ce n'est pas la page 404 du site"
        assert not missing_headers(response), (path, missing_headers(response))
    # Its links and assets are absolute (it is served at any depth), under the site's folder.
    links = re.findall(rb'(?:href|src)="(/[^"]*)"', page)
    assert links and all(link.startswith(served.prefix.encode()) for link in links), links


def test_no_folder_listing(served: Served, client: Client) -> None:
    for path in ("assets/", "assets/pyodide/"):
        response, body = client.request("GET", path)
        assert response.status in (403, 404), f"{path} : {response.status}"
        assert b"Index of" not in body
        assert not missing_headers(response), (path, missing_headers(response))


# ---------------------------------------------------------------- IIS agrees with nginx and Apache

# IIS's own types (applicationHost.config) for the site's extensions web.config does not declare.
IIS_DEFAULT_TYPES = {".html": "text/html", ".css": "text/css", ".js": "application/javascript", ".png": "image/png",
                     ".xml": "text/xml", ".txt": "text/plain"}


def deploy_headers(name: str) -> dict[str, str]:
    """The headers a deploy file sets on every response (Cache-Control aside)."""
    text = (DEPLOY / name).read_text(encoding="utf-8")
    if name == "nginx.conf":
        found = re.findall(r'^\s*add_header\s+([\w-]+)\s+"([^"]*)"(?:\s+always)?;', text, re.M)
    elif name == "apache.htaccess":
        found = re.findall(r'^\s*Header\s+(?:always\s+)?set\s+([\w-]+)\s+"([^"]*)"', text, re.M)
    else:
        root = ET.parse(DEPLOY / name).getroot()
        found = [(add.get("name"), add.get("value")) for add in root.findall("system.webServer/httpProtocol/customHeaders/add")]
    found = [(header, value) for header, value in found if header != "Cache-Control"]
    headers = dict(found)
    assert len(headers) == len(found), f"deploy/{name} : un en-tête en double"
    return headers


def iis_cache_control(root: ET.Element, path: str) -> str:
    """What IIS sends as Cache-Control for a path: its most specific <location>'s clientCache."""
    cache = root.find("system.webServer/staticContent/clientCache")
    best = ""
    for location in root.findall("location"):
        where = location.get("path")
        if (path.startswith(where + "/")) and len(where) > len(best):
            best, cache = where, location.find("system.webServer/staticContent/clientCache")
    if cache.get("cacheControlMode") == "DisableCache":
        return "no-cache"
    assert cache.get("cacheControlMode") == "UseMaxAge"
    days, _, clock = cache.get("cacheControlMaxAge").partition(".")
    hours, minutes, seconds = (int(part) for part in clock.split(":"))
    max_age = ((int(days) * 24 + hours) * 60 + minutes) * 60 + seconds
    return ", ".join([cache.get("cacheControlCustom"), f"max-age={max_age}"])


def directives(value: str) -> set[str]:
    return {part.strip() for part in value.split(",")}


# IIS adds its custom headers to every response, errors included, and has no way of its own
# (without the URL Rewrite module) to leave one out of an error: web.config does without
# the font preload, which nginx and Apache send with successful responses only.
IIS_LEAVES_OUT = {csp.FONT_PRELOAD[0]}


def test_the_three_servers_send_the_same_headers() -> None:
    """nginx, Apache and IIS: the same headers, the policy among them, with the same values as scripts/csp.py;
    IIS without the font preload (IIS_LEAVES_OUT), which it would send with its errors too."""
    expected = shipped_headers()
    assert IIS_LEAVES_OUT <= set(expected)
    for name in ("nginx.conf", "apache.htaccess"):
        assert deploy_headers(name) == expected, f"deploy/{name}"
    assert deploy_headers("web.config") == {k: v for k, v in expected.items() if k not in IIS_LEAVES_OUT}, "deploy/web.config"


def test_the_three_servers_serve_the_same_404_page() -> None:
    """nginx's error_page, Apache's ErrorDocument and IIS's httpErrors: the site's /404.html, with its 404 status."""
    nginx = re.findall(r"^\s*error_page\s+404\s+(\S+);", (DEPLOY / "nginx.conf").read_text(encoding="utf-8"), re.M)
    apache = re.findall(r"^ErrorDocument\s+404\s+(\S+)$", (DEPLOY / "apache.htaccess").read_text(encoding="utf-8"), re.M)
    errors = ET.parse(DEPLOY / "web.config").getroot().find("system.webServer/httpErrors")
    assert errors is not None, "deploy/web.config : pas de <httpErrors> (IIS servirait sa propre page 404)"
    assert errors.get("errorMode") == "Custom", errors.attrib
    iis = [(e.get("path"), e.get("responseMode")) for e in errors.findall("error") if e.get("statusCode") == "404"]
    assert [(r.get("statusCode"), r.get("subStatusCode")) for r in errors.findall("remove")] == [("404", "-1")]
    # ExecuteURL keeps the 404 status (Redirect would answer 302, then 200).
    assert nginx == apache == [path for path, _ in iis] == ["/404.html"], (nginx, apache, iis)
    assert [mode for _, mode in iis] == ["ExecuteURL"]


def test_iis_declares_the_types_the_servers_send(built_site: BuiltSite) -> None:
    """For every extension of the site, IIS's type (declared in web.config, or its own) is the reference's."""
    root = ET.parse(DEPLOY / "web.config").getroot()
    declared = {m.get("fileExtension"): m.get("mimeType") for m in root.findall("system.webServer/staticContent/mimeMap")}
    extensions = {Path(path).suffix.lower() for path in site_files(built_site)}
    wrong = {}
    for extension in sorted(extensions):
        iis = declared.get(extension) or IIS_DEFAULT_TYPES.get(extension)
        reference = expected_type("x" + extension)
        if essence(iis)[0] != essence(reference)[0]:
            wrong[extension] = (iis, reference)
    assert not wrong, f"deploy/web.config : types (IIS, attendu) : {wrong}"
    # Nothing declared for an extension the site does not have.
    assert set(declared) <= extensions | set(preview.MIME_TYPES), sorted(set(declared) - extensions)


def test_iis_caches_the_files_the_servers_cache(built_site: BuiltSite) -> None:
    """For every file of the site, IIS's Cache-Control has the directives the reference (and nginx, Apache) send."""
    root = ET.parse(DEPLOY / "web.config").getroot()
    wrong = []
    for path in site_files(built_site):
        iis, reference = iis_cache_control(root, path), preview.cache_control("/" + path)
        if directives(iis) != directives(reference):
            wrong.append(f"{path} : IIS « {iis} », attendu « {reference} »")
    assert not wrong, "\n".join(wrong)


def test_nginx_and_apache_compress_the_same_types() -> None:
    nginx = re.search(r"^\s*gzip_types\s+([^;]+);", (DEPLOY / "nginx.conf").read_text(encoding="utf-8"), re.M).group(1).split()
    apache = re.search(r"AddOutputFilterByType DEFLATE (.+)$", (DEPLOY / "apache.htaccess").read_text(encoding="utf-8"), re.M).group(1).split()
    # nginx always compresses text/html, so gzip_types does not name it.
    assert set(nginx) | {"text/html"} == set(apache)
    assert "application/wasm" in apache


def test_web_config_is_well_formed_xml() -> None:
    root = ET.parse(DEPLOY / "web.config").getroot()
    assert root.tag == "configuration"
    headers = root.findall("system.webServer/httpProtocol/customHeaders/add")
    assert headers and all(html.unescape(add.get("value")) == add.get("value") for add in headers)
    assert root.find("system.webServer/httpProtocol/customHeaders/add[@name='Link']") is None
