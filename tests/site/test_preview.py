"""`./dev preview` (scripts/preview.py): the built site served as production
servers serve it: MIME types, cache policy, security headers, the site's 404
page, no folder listing."""

from __future__ import annotations

import http.client
import re
import subprocess
import sys
import urllib.request
from pathlib import Path
from urllib.error import HTTPError

import pytest

import csp
import preview
from sitefixtures import ROOT, BuiltSite, serve_site


@pytest.fixture(scope="module")
def server(built_site: BuiltSite):
    with serve_site(built_site.path) as url:
        yield url


def fetch(url: str, headers: dict[str, str] | None = None) -> tuple[int, http.client.HTTPMessage, bytes]:
    request = urllib.request.Request(url, headers=headers or {})
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status, response.headers, response.read()
    except HTTPError as error:
        return error.code, error.headers, error.read()


def some(site: Path, pattern: str) -> str:
    found = sorted(site.glob(pattern))
    assert found, pattern
    return found[0].relative_to(site).as_posix()


@pytest.mark.parametrize(
    ("pattern", "mime"),
    [
        ("index.html", "text/html"),
        ("assets/pyodide/pyodide.asm.wasm", "application/wasm"),
        ("assets/pyodide/pyodide.mjs", "text/javascript"),
        ("assets/js/assistant.mjs", "text/javascript"),
        ("assets/js/present.js", "text/javascript"),
        ("assets/flow/assistant.json", "application/json"),
        ("assets/pyodide/pyodide-lock.json", "application/json"),
        ("assets/flow/logigramme.svg", "image/svg+xml"),
        ("assets/fonts/*.woff2", "font/woff2"),
        ("assets/stylesheets/main.*.min.css", "text/css"),
        ("assets/pyodide/*/*.whl", "application/zip"),
    ],
)
def test_mime_types(server: str, built_site: BuiltSite, pattern: str, mime: str) -> None:
    status, headers, _ = fetch(server + some(built_site.path, pattern))
    assert status == 200
    assert headers.get_content_type() == mime


@pytest.mark.parametrize(
    ("pattern", "cache"),
    [
        ("index.html", "no-cache"),
        ("assets/flow/assistant.json", "no-cache"),
        ("assets/css/site.css", "no-cache"),
        ("assets/js/assistant.mjs", "no-cache"),
        ("assets/pyodide/pyodide.asm.wasm", "no-cache"),
        ("search/search_index.json", "no-cache"),
        ("sitemap.xml", "no-cache"),
        ("assets/javascripts/lunr/min/lunr.fr.min.js", "no-cache"),
        ("assets/javascripts/bundle.*.min.js", preview.LONG_CACHE),
        ("assets/stylesheets/main.*.min.css", preview.LONG_CACHE),
        ("assets/fonts/*.woff2", preview.LONG_CACHE),
    ],
)
def test_cache_policy(server: str, built_site: BuiltSite, pattern: str, cache: str) -> None:
    _, headers, _ = fetch(server + some(built_site.path, pattern))
    assert headers["Cache-Control"] == cache


def test_security_headers_on_every_response(server: str, built_site: BuiltSite) -> None:
    policy = csp.read_policy(built_site.path)
    for path in ("index.html", "assets/js/python-worker.mjs", "assets/pyodide/pyodide.asm.wasm", "nulle-part.html"):
        _, headers, _ = fetch(server + path)
        assert headers["Content-Security-Policy"] == policy, path
        for name, value in csp.SECURITY_HEADERS:
            assert headers[name] == value, (path, name)
        # The font preload too, but not with an error: resolved from a 404 deeper
        # in the tree, its relative URLs would lead nowhere.
        preload, value = csp.FONT_PRELOAD
        assert headers[preload] == (None if path == "nulle-part.html" else value), path


def test_the_preloaded_fonts_are_the_pages_fonts(built_site: BuiltSite) -> None:
    """The fonts the Link header announces exist and are the Roboto faces fonts.css gives the weights 300, 400 and 700."""
    fonts_css = (built_site.path / "assets/css/fonts.css").read_text(encoding="utf-8")
    declared = dict(re.findall(r'font-family: "Roboto"; font-style: normal; font-weight: (\d+);[^}]*url\("\.\./(fonts/[^"]+)"\)', fonts_css))
    assert csp.PRELOADED_FONTS == tuple(f"assets/{declared[weight]}" for weight in ("300", "400", "700"))
    assert all((built_site.path / font).is_file() for font in csp.PRELOADED_FONTS)


def test_a_missing_page_gets_the_site_404_page(server: str, built_site: BuiltSite) -> None:
    status, headers, body = fetch(server + "dossier/nulle-part.html")
    assert status == 404
    assert headers.get_content_type() == "text/html"
    assert body == (built_site / "404.html").read_bytes()


def test_no_folder_listing(server: str) -> None:
    status, _, body = fetch(server + "assets/")
    assert status == 404
    assert b"pyodide" not in body


def test_unchanged_files_are_revalidated_cheaply(server: str) -> None:
    _, headers, _ = fetch(server + "assets/pyodide/pyodide.asm.wasm")
    status, _, body = fetch(server + "assets/pyodide/pyodide.asm.wasm", {"If-Modified-Since": headers["Last-Modified"]})
    assert status == 304 and body == b""


def test_another_policy_can_be_served(built_site: BuiltSite) -> None:
    with serve_site(built_site.path, policy="default-src 'self'") as url:
        _, headers, _ = fetch(url + "index.html")
    assert headers["Content-Security-Policy"] == "default-src 'self'"


def test_preview_says_to_build_first(tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "preview.py"), str(tmp_path), "--port", "0"],
        capture_output=True, text=True, timeout=30, check=False,
    )
    assert result.returncode == 2
    assert "./dev build" in result.stderr


def test_preview_listens_where_asked(built_site: BuiltSite) -> None:
    server = preview.make_server(built_site.path, port=0, quiet=True)
    try:
        assert server.server_address[0] == "127.0.0.1"
    finally:
        server.server_close()
