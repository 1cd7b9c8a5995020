"""The Content-Security-Policy: computed by the build, carried unchanged by
the server configurations in deploy/, documented on the administrators' page.

The browser side (every page and the Python assistant under this policy,
with no violation) is tests/browser/test_csp.py.
"""

from __future__ import annotations

import base64
import html
import hashlib
import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

import csp
import preview
from sitefixtures import ROOT, BuiltSite

DEPLOY = ROOT / "deploy"


def directives(policy: str) -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    for part in policy.split(";"):
        name, *values = part.split()
        assert name not in found, f"directive {name} en double dans {policy}"
        found[name] = values
    return found


# ---------------------------------------------------------------- hashing

def test_inline_scripts_are_those_the_browser_runs() -> None:
    page = (
        '<script src="a.js"></script>'
        '<script>var a = "&amp;" < 1;</script>'
        '<script id="__config" type="application/json">{"x": 1}</script>'
        '<script type="module">import "./b.mjs";</script>'
        '<script type="text/javascript; charset=utf-8">c()</script>'
        '<script type="text/x-template"><p>x</p></script>'
    )
    # As written, character references and all: the browser hashes the source text.
    assert csp.inline_scripts(page) == ['var a = "&amp;" < 1;', 'import "./b.mjs";', "c()"]


def test_script_hash_is_the_csp_sha256_of_the_utf8_text() -> None:
    text = "alert('é')"
    expected = base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode()
    assert csp.script_hash(text) == f"'sha256-{expected}'"
    # A known value (echo -n "alert(1)" | openssl sha256 -binary | base64).
    assert csp.script_hash("alert(1)") == "'sha256-bhHHL3z2vDgxUt0W3dWQOrprscmda2Y5pLsLg4GF+pI='"


def test_blockers_are_found() -> None:
    page = '<p style="color:red" onclick="x()">a</p><style>p{}</style><a href=" JavaScript:x()">b</a>'
    scanner = csp._scan(page)
    assert len(scanner.blockers) == 4, scanner.blockers


# ---------------------------------------------------------------- the built site

def test_the_build_writes_the_policy_of_its_pages(built_site: BuiltSite) -> None:
    written = (built_site / "csp.txt").read_text(encoding="utf-8").strip()
    assert written == csp.site_policy(built_site.path)
    found = directives(written)
    hashes = [value for value in found["script-src"] if value.startswith("'sha256-")]
    # Every inline script of every page is allowed by its hash, and nothing more.
    scripts = {text for path in built_site.html_files() for text in csp.inline_scripts(path.read_text(encoding="utf-8"))}
    assert scripts, "aucun script en ligne : mkdocs-material a changé ? revoir scripts/csp.py"
    assert sorted(hashes) == sorted({csp.script_hash(text) for text in scripts})


def test_the_policy_is_strict(built_site: BuiltSite) -> None:
    found = directives(csp.read_policy(built_site.path))
    assert found["default-src"] == ["'self'"]
    assert found["script-src"][:2] == ["'self'", "'wasm-unsafe-eval'"]
    assert all(value.startswith("'sha256-") for value in found["script-src"][2:])
    for name in ("style-src", "font-src", "connect-src", "worker-src", "base-uri", "form-action", "frame-ancestors"):
        assert found[name] == ["'self'"], name
    assert found["img-src"] == ["'self'", "data:"]
    assert found["object-src"] == ["'none'"]
    everything = " ".join(value for values in found.values() for value in values)
    for loose in ("'unsafe-inline'", "'unsafe-eval'", "'unsafe-hashes'", "*", "http:", "https:", "blob:"):
        assert loose not in everything.split(), loose


def test_nothing_in_the_pages_needs_a_looser_policy(built_site: BuiltSite) -> None:
    """No style attribute, <style>, event-handler attribute or javascript: URL in any page."""
    assert csp.find_blockers(built_site.path) == []


# ---------------------------------------------------------------- deploy/

@pytest.mark.parametrize("name", sorted(csp.DEPLOY_LINES))
def test_deploy_file_carries_the_policy_the_build_computes(built_site: BuiltSite, name: str) -> None:
    text = (DEPLOY / name).read_text(encoding="utf-8")
    assert csp.deploy_policy(name, text) == csp.read_policy(built_site.path), (
        f"deploy/{name} : la politique n'est plus celle que calcule la construction ; "
        "lancer ./dev build puis .venv/bin/python scripts/csp.py"
    )
    assert csp.with_policy(name, text, csp.read_policy(built_site.path)) == text


@pytest.mark.parametrize("name", sorted(csp.DEPLOY_LINES))
def test_deploy_file_sends_every_security_header(name: str) -> None:
    text = (DEPLOY / name).read_text(encoding="utf-8")
    for header, value in csp.RESPONSE_HEADERS:
        if name == "web.config" and (header, value) == csp.FONT_PRELOAD:
            # IIS would send it with its error pages too (tests/site/test_real_servers.py, IIS_LEAVES_OUT).
            assert 'name="Link"' not in text
            continue
        written = html.escape(value, quote=False) if name == "web.config" else value
        assert re.search(rf'{re.escape(header)}"?\s+(value=)?"{re.escape(written)}"', text), f"deploy/{name} : {header}: {value}"


def test_nginx_conf_types_and_cache() -> None:
    text = (DEPLOY / "nginx.conf").read_text(encoding="utf-8")
    for extension, mime in (("wasm", "application/wasm"), ("mjs", "text/javascript"), ("woff2", "font/woff2"), ("json", "application/json")):
        assert re.search(rf"location ~\* \\\.{extension}\$ \{{\s*types \{{ \}}\s*default_type {re.escape(mime)};", text), extension
    assert "add_header Cache-Control $gamma2_cache_control always;" in text
    patterns = re.findall(r'^\s*"~([^"]+)"\s+"public, max-age=31536000, immutable";', text, re.M)
    assert patterns and all(re.compile(p) for p in patterns)
    # The same paths as the preview server's: long cache exactly for the fingerprinted files and the fonts.
    for path in CACHE_EXAMPLES:
        long = any(re.search(p, path) for p in patterns)
        assert long == (preview.cache_control(path) == preview.LONG_CACHE), path
    # add_header in a location would drop the server's headers there.
    first_location = re.search(r"^\s*location\b", text, re.M).start()
    assert re.findall(r"^\s*add_header", text, re.M) == re.findall(r"^\s*add_header", text[:first_location], re.M)


def test_apache_htaccess_types_and_cache() -> None:
    text = (DEPLOY / "apache.htaccess").read_text(encoding="utf-8")
    for extension, mime in (("wasm", "application/wasm"), ("mjs", "text/javascript"), ("json", "application/json"), ("svg", "image/svg+xml"), ("woff2", "font/woff2")):
        assert re.search(rf"^AddType {re.escape(mime)} .*\.{extension}\b", text, re.M), extension
    assert 'Header set Cache-Control "no-cache"' in text
    files = re.search(r'<FilesMatch "([^"]+)">\s*Header set Cache-Control "public, max-age=31536000, immutable"', text)
    assert files
    for path in CACHE_EXAMPLES:
        long = re.search(files.group(1), path.rsplit("/", 1)[-1]) is not None
        assert long == (preview.cache_control(path) == preview.LONG_CACHE), path


def test_iis_web_config_types_and_cache() -> None:
    root = ET.parse(DEPLOY / "web.config").getroot()
    static = root.find("system.webServer/staticContent")
    maps = {m.get("fileExtension"): m.get("mimeType") for m in static.findall("mimeMap")}
    removed = {m.get("fileExtension") for m in static.findall("remove")}
    for extension, mime in ((".wasm", "application/wasm"), (".mjs", "text/javascript"), (".json", "application/json"),
                            (".svg", "image/svg+xml"), (".woff2", "font/woff2"), (".whl", "application/zip")):
        assert maps.get(extension) == mime, extension
    assert set(maps) <= removed, "un <mimeMap> sans <remove> fait échouer IIS quand le type existe déjà"
    assert static.find("clientCache").get("cacheControlMode") == "DisableCache"
    long = {
        location.get("path"): location.find("system.webServer/staticContent/clientCache").get("cacheControlMode")
        for location in root.findall("location")
    }
    assert long == {
        "assets/javascripts": "UseMaxAge", "assets/javascripts/lunr": "DisableCache",
        "assets/stylesheets": "UseMaxAge", "assets/fonts": "UseMaxAge",
    }


def test_every_extension_of_the_site_has_a_type_on_iis(built_site: BuiltSite) -> None:
    """IIS refuses files whose extension it does not know (404.3)."""
    root = ET.parse(DEPLOY / "web.config").getroot()
    declared = {m.get("fileExtension") for m in root.findall("system.webServer/staticContent/mimeMap")}
    iis_default = {".html", ".css", ".js", ".png", ".xml", ".txt", ".ico"}
    extensions = {path.suffix for path in built_site.path.rglob("*") if path.is_file() and path.suffix}
    assert extensions <= declared | iis_default, sorted(extensions - declared - iis_default)


CACHE_EXAMPLES = [
    "/index.html", "/assistant.html", "/sitemap.xml", "/search/search_index.json",
    "/assets/flow/assistant.json", "/assets/css/site.css", "/assets/js/assistant.mjs",
    "/assets/pyodide/pyodide.asm.wasm", "/assets/pyodide/pyodide-lock.json",
    "/assets/javascripts/lunr/min/lunr.fr.min.js",
    "/assets/javascripts/bundle.a5f9d56c.min.js", "/assets/javascripts/bundle.a5f9d56c.min.js.map",
    "/assets/javascripts/workers/search.2c215733.min.js", "/assets/stylesheets/main.57a0d79d.min.css",
    "/assets/fonts/roboto-latin-400-normal.woff2", "/gamma2/assets/fonts/roboto-latin-400-normal.woff2",
]


def test_cache_examples_cover_both_policies() -> None:
    kinds = {preview.cache_control(path) for path in CACHE_EXAMPLES}
    assert kinds == {preview.LONG_CACHE, preview.REVALIDATE}
    assert preview.cache_control("/assets/flow/assistant.json") == "no-cache"
    assert preview.cache_control("/assets/stylesheets/main.57a0d79d.min.css") == preview.LONG_CACHE


# ---------------------------------------------------------------- the administrators' page

def test_administrators_page_explains_the_policy_and_the_three_servers(built_site: BuiltSite) -> None:
    source = (ROOT / "docs" / "administrateurs.md").read_text(encoding="utf-8")
    for name, _ in csp.DIRECTIVES:
        assert f"`{name} " in source, f"docs/administrateurs.md n'explique pas {name}"
    for needed in ("deploy/nginx.conf", "deploy/apache.htaccess", "deploy/web.config", "./dev preview",
                   "scripts/csp.py", "site/csp.txt", "AllowOverride FileInfo Options=Indexes", "nginx -t"):
        assert needed in source, needed
    assert "à venir" not in source
    page = built_site.doc("administrateurs.html")
    for title in ("nginx", "Apache", "IIS"):
        assert re.search(rf'<h3 id="[^"]*">{title}<', page.source), title


def test_dev_has_a_preview_command() -> None:
    dev = (ROOT / "dev").read_text(encoding="utf-8")
    assert re.search(r"^\s*preview\)\s*setup;.*mkdocs\" build --strict;.*scripts/preview\.py", dev, re.M)


def test_deploy_folder_has_just_the_three_files() -> None:
    assert sorted(p.name for p in DEPLOY.iterdir()) == sorted(csp.DEPLOY_LINES)


def test_csp_script_checks_and_updates_deploy(built_site: BuiltSite, tmp_path: Path) -> None:
    for name in csp.DEPLOY_LINES:
        (tmp_path / name).write_text(
            csp.with_policy(name, (DEPLOY / name).read_text(encoding="utf-8"), "default-src 'none'"), encoding="utf-8"
        )
    assert csp.update_deploy(csp.read_policy(built_site.path), tmp_path) == list(csp.DEPLOY_LINES)
    for name in csp.DEPLOY_LINES:
        assert (tmp_path / name).read_text(encoding="utf-8") == (DEPLOY / name).read_text(encoding="utf-8")
    assert csp.update_deploy(csp.read_policy(built_site.path), tmp_path) == []
