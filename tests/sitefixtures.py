"""Helpers and pytest fixtures for the site tests (tests/site, tests/browser).

Importable from any test module (pyproject puts tests/ on sys.path):

    from sitefixtures import build_site, parse_html, run_axe, ...

Functions
    build_site(dest, flow=None, config_overrides=None)  strict `mkdocs build` into dest
    nav_pages()                  the pages of mkdocs.yml's nav, as (title, "page.html")
    parse_html(path) / HtmlDoc   ids, links/resources and visible text of one built page
    normalize_text(s)            whitespace and no-break spaces folded, for text comparisons
    html_to_text(fragment)       the text of an HTML fragment (e.g. a node's "html" in wizard.json)
    run_axe(page)                axe-core (self-hosted, node_modules) on a Playwright page
    format_violations(v)         axe violations as readable lines

Fixtures (import them into a conftest.py: `from sitefixtures import *`)
    built_site     session: the site, built once (BuiltSite: .path, .result, .wizard, .doc(...))
    contacts_site  session: a second site, built once with tests/fixtures/contacts.yaml
    site_server    session: that site served on 127.0.0.1:<free port>; yields the base URL
    browser        session: Debian's Chromium through Playwright (never `playwright install`)
    page           function: a fresh context + page, 1280×800, every request and console
                   error recorded in `page.traffic` (also the `traffic` fixture)

Every browser test must carry `@pytest.mark.browser` (or `pytestmark`).
"""

from __future__ import annotations

import contextlib
import functools
import http.server
import json
import os
import re
import subprocess
import sys
import threading
import uuid
from collections import Counter
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
import yaml

__all__ = [
    "ROOT", "FLOW", "MKDOCS_YML", "AXE_JS", "ARTIFACTS", "AXE_TAGS", "CHROMIUM", "CHROMIUM_ARGS",
    "BuiltSite", "HtmlDoc", "Ref", "Traffic",
    "build_site", "nav_pages", "mkdocs_config", "parse_html", "normalize_text", "html_to_text",
    "run_axe", "format_violations", "new_recorded_page",
    "built_site", "site_http_server", "site_server", "browser", "page", "traffic",
    "CONTACTS_FIXTURE", "contacts_site",
]

ROOT = Path(__file__).resolve().parent.parent
FLOW = ROOT / "flow" / "gamma2.yaml"
MKDOCS_YML = ROOT / "mkdocs.yml"
AXE_JS = ROOT / "node_modules" / "axe-core" / "axe.min.js"
ARTIFACTS = ROOT / "test-artifacts"
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
    "--disable-features=AutofillServerCommunication",
]
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]


# ---------------------------------------------------------------- building

def build_site(
    dest: Path,
    flow: Path | None = None,
    config_overrides: Mapping[str, Any] | None = None,
    *,
    contacts: Path | None = None,
    env: Mapping[str, str] | None = None,
    timeout: float = 300,
) -> subprocess.CompletedProcess[str]:
    """Run `mkdocs build --strict -d dest` from the project root; assert nothing.

    flow: another flow file to build from (through GAMMAFLOW_FLOW, read by
    scripts/sitebuild.py). config_overrides: mkdocs.yml keys to override
    (deep-merged by MkDocs' INHERIT; a list replaces the whole list). contacts:
    another local contacts file than data/contacts.yaml (GAMMAFLOW_CONTACTS). env: extra
    environment variables. The returned process has stderr merged into stdout,
    in order (MkDocs logs to stderr).
    """
    environ = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "PYTHONDONTWRITEBYTECODE": "1"}
    environ.pop("GAMMAFLOW_FLOW", None)
    if flow is not None:
        environ["GAMMAFLOW_FLOW"] = str(Path(flow).resolve())
    environ.pop("GAMMAFLOW_CONTACTS", None)
    if contacts is not None:
        environ["GAMMAFLOW_CONTACTS"] = str(Path(contacts).resolve())
    environ.update(env or {})
    command = [sys.executable, "-m", "mkdocs", "build", "--strict", "-d", str(Path(dest).resolve())]
    override_file = None
    if config_overrides:
        # The overriding config must sit beside mkdocs.yml: MkDocs resolves
        # docs_dir, hooks, custom_dir and the macros module from the config's folder.
        override_file = ROOT / f".sitefixtures-{uuid.uuid4().hex[:12]}.yml"
        override_file.write_text(
            yaml.safe_dump({"INHERIT": MKDOCS_YML.name, **dict(config_overrides)}, allow_unicode=True),
            encoding="utf-8",
        )
        command += ["-f", str(override_file)]
    try:
        return subprocess.run(
            command, cwd=ROOT, env=environ, text=True, encoding="utf-8",
            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, timeout=timeout, check=False,
        )
    finally:
        if override_file is not None:
            override_file.unlink(missing_ok=True)


class _ConfigLoader(yaml.SafeLoader):
    """Reads mkdocs.yml's own tags (!ENV, !relative) without MkDocs."""


def _env_tag(loader: yaml.SafeLoader, node: yaml.Node) -> Any:
    if isinstance(node, yaml.ScalarNode):
        names, default = [loader.construct_scalar(node)], None
    else:
        items = loader.construct_sequence(node)
        names, default = items[:-1], items[-1]
    for name in names:
        if name in os.environ:
            return os.environ[name]
    return default


_ConfigLoader.add_constructor("!ENV", _env_tag)
_ConfigLoader.add_constructor("!relative", lambda loader, node: loader.construct_scalar(node))
_ConfigLoader.add_multi_constructor("tag:yaml.org,2002:python/", lambda loader, suffix, node: None)


@functools.cache
def mkdocs_config() -> dict[str, Any]:
    """mkdocs.yml as plain data (!ENV resolved as MkDocs would)."""
    return yaml.load(MKDOCS_YML.read_text(encoding="utf-8"), Loader=_ConfigLoader)


def nav_pages() -> list[tuple[str, str]]:
    """Every page of the nav, in order, as (title, built file name such as "numero-lrn.html")."""
    pages: list[tuple[str, str]] = []

    def walk(items: Any) -> None:
        for item in items:
            if isinstance(item, str):
                pages.append((item, item))
            elif isinstance(item, dict):
                for title, value in item.items():
                    if isinstance(value, list):
                        walk(value)
                    else:
                        pages.append((title, value))

    walk(mkdocs_config()["nav"])
    # use_directory_urls is false: a.md → a.html; external nav links are kept out.
    return [(title, re.sub(r"\.md$", ".html", src)) for title, src in pages if src.endswith(".md")]


# ---------------------------------------------------------------- reading built HTML

_SPACES = re.compile(r"[\s\u00a0\u202f\u2007\u200b]+")


def normalize_text(text: str) -> str:
    """Fold every run of whitespace (no-break and narrow no-break spaces too) to one space."""
    return _SPACES.sub(" ", text).strip()


@dataclass(frozen=True)
class Ref:
    """One URL in a built page: <a href>, <img src>, <link href>…"""

    tag: str
    attr: str
    url: str
    line: int
    attrs: Mapping[str, str | None] = field(default_factory=dict, compare=False, hash=False)


# Attributes that hold a URL, by tag ("*" for any tag).
_URL_ATTRS = {
    "a": ("href",), "area": ("href",), "link": ("href",), "base": ("href",),
    "script": ("src",), "img": ("src", "srcset"), "iframe": ("src",), "frame": ("src",),
    "source": ("src", "srcset"), "video": ("src", "poster"), "audio": ("src",), "track": ("src",),
    "embed": ("src",), "object": ("data",), "input": ("src",), "form": ("action",),
    "use": ("href", "xlink:href"), "image": ("href", "xlink:href"),
}
_SKIP_TEXT = {"script", "style", "template", "noscript"}
_VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}


class _Parser(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.ids: Counter[str] = Counter()
        self.refs: list[Ref] = []
        self.styles: list[str] = []
        self.text: list[str] = []
        self.title: list[str] = []
        self.anchors: list[tuple[str, str]] = []
        self._anchor: list[tuple[str, list[str]]] = []
        self._skip = 0
        self._stack: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = dict(attrs)
        line = self.getpos()[0]
        if attributes.get("id"):
            self.ids[attributes["id"]] += 1
        for name in ("name",):  # <a name="…"> is an anchor too
            if tag == "a" and attributes.get(name):
                self.ids[attributes[name]] += 1
        for attr in _URL_ATTRS.get(tag, ()):
            value = attributes.get(attr)
            if value is None:
                continue
            urls = [part.strip().split()[0] for part in value.split(",") if part.strip()] if attr == "srcset" else [value.strip()]
            self.refs.extend(Ref(tag, attr, url, line, attributes) for url in urls)
        if attributes.get("style"):
            self.styles.append(attributes["style"])
        if tag in _VOID:
            return
        if tag == "a":
            self._anchor.append((attributes.get("href") or "", []))
        self._stack.append(tag)
        if tag in _SKIP_TEXT:
            self._skip += 1

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)
        if tag not in _VOID:
            self.handle_endtag(tag)

    def handle_endtag(self, tag: str) -> None:
        if tag in _VOID or tag not in self._stack:
            return
        while self._stack:
            top = self._stack.pop()
            if top in _SKIP_TEXT:
                self._skip -= 1
            if top == "a" and self._anchor:
                href, text = self._anchor.pop()
                self.anchors.append((href, normalize_text("".join(text))))
            if top == tag:
                break
        # Block ends separate words ("</p><p>", "</li><li>").
        self.text.append(" ")

    def handle_data(self, data: str) -> None:
        if self._stack and self._stack[-1] == "style":
            self.styles.append(data)
        if self._stack and self._stack[-1] == "title" and "svg" not in self._stack:
            self.title.append(data)
        if not self._skip:
            self.text.append(data)
            for _, text in self._anchor:
                text.append(data)


@dataclass
class HtmlDoc:
    """What the site tests need from one built HTML file."""

    path: Path
    ids: Counter[str]
    refs: list[Ref]
    anchors: list[tuple[str, str]]  # (href, link text) of every <a href>
    styles: list[str]
    text: str
    title: str
    source: str

    def has_text(self, needle: str) -> bool:
        return normalize_text(needle) in self.text


def parse_html(path: Path) -> HtmlDoc:
    source = Path(path).read_text(encoding="utf-8")
    parser = _Parser()
    parser.feed(source)
    parser.close()
    return HtmlDoc(
        path=Path(path), ids=parser.ids, refs=parser.refs, anchors=parser.anchors, styles=parser.styles,
        text=normalize_text("".join(parser.text)), title=normalize_text("".join(parser.title)), source=source,
    )


def html_to_text(fragment: str) -> str:
    """The normalized text of an HTML fragment."""
    parser = _Parser()
    parser.feed(fragment)
    parser.close()
    return normalize_text("".join(parser.text))


@dataclass
class BuiltSite:
    """A built site: its folder and the build's output."""

    path: Path
    result: subprocess.CompletedProcess[str]
    site_url: str | None = None  # the SITE_URL it was built for (None: mkdocs.yml's default)

    def __truediv__(self, other: str) -> Path:
        return self.path / other

    def __fspath__(self) -> str:
        return str(self.path)

    @functools.cached_property
    def wizard(self) -> dict[str, Any]:
        """The compiled flow the site ships (assets/flow/wizard.json)."""
        return json.loads((self.path / "assets" / "flow" / "wizard.json").read_text(encoding="utf-8"))

    def html_files(self) -> list[Path]:
        return sorted(self.path.rglob("*.html"))

    def doc(self, name: str | Path) -> HtmlDoc:
        path = self.path / name
        if path not in self._docs:
            self._docs[path] = parse_html(path)
        return self._docs[path]

    @functools.cached_property
    def _docs(self) -> dict[Path, HtmlDoc]:
        return {}


# ---------------------------------------------------------------- serving

class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    """Static files, no request log; .wasm and .mjs with the types browsers require."""

    extensions_map = {
        **http.server.SimpleHTTPRequestHandler.extensions_map,
        ".wasm": "application/wasm",
        ".mjs": "text/javascript",
        ".js": "text/javascript",
        ".json": "application/json",
        ".woff2": "font/woff2",
        ".svg": "image/svg+xml",
    }
    # Headers sent with every response, e.g. the Content-Security-Policy
    # (set for one test by the csp_server fixture or site_headers()).
    extra_headers: Mapping[str, str] = {}

    def end_headers(self) -> None:
        for name, value in type(self).extra_headers.items():
            self.send_header(name, value)
        super().end_headers()

    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 - the base class's name
        pass


class _QuietServer(http.server.ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request: Any, client_address: Any) -> None:
        # A browser closing a connection mid-response is not a site defect.
        if isinstance(sys.exc_info()[1], ConnectionError):
            return
        super().handle_error(request, client_address)


@pytest.fixture(scope="session")
def site_http_server() -> Iterator[_QuietServer]:
    """The server's socket, bound first: the site is built for its address."""
    server = _QuietServer(("127.0.0.1", 0), _QuietHandler)
    try:
        yield server
    finally:
        server.server_close()


@pytest.fixture(scope="session")
def built_site(tmp_path_factory: pytest.TempPathFactory, site_http_server: _QuietServer) -> BuiltSite:
    """The site, built once per session (strict) from flow/gamma2.yaml.

    Built with SITE_URL set to the address site_server serves it at, as an
    administrator builds it for the intranet: instant navigation needs that.
    """
    dest = tmp_path_factory.mktemp("built") / "site"
    site_url = f"http://127.0.0.1:{site_http_server.server_address[1]}/"
    result = build_site(dest, env={"SITE_URL": site_url})
    if result.returncode != 0:
        pytest.fail(f"mkdocs build --strict a échoué (code {result.returncode}) :\n{result.stdout}", pytrace=False)
    return BuiltSite(dest, result, site_url)


# The local contacts of the tests (never shipped): tests/fixtures/contacts.yaml.
CONTACTS_FIXTURE = ROOT / "tests" / "fixtures" / "contacts.yaml"


@pytest.fixture(scope="session")
def contacts_site(tmp_path_factory: pytest.TempPathFactory) -> BuiltSite:
    """A second site, built once per session with the test contacts (CONTACTS_FIXTURE)
    instead of the shipped, empty data/contacts.yaml. Serve it with serve_site()."""
    dest = tmp_path_factory.mktemp("built-contacts") / "site"
    result = build_site(dest, contacts=CONTACTS_FIXTURE)
    if result.returncode != 0:
        pytest.fail(f"mkdocs build --strict (contacts de test) a échoué (code {result.returncode}) :\n{result.stdout}", pytrace=False)
    return BuiltSite(dest, result)


@pytest.fixture(scope="session")
def site_server(built_site: BuiltSite, site_http_server: _QuietServer) -> Iterator[str]:
    """The built site on http://127.0.0.1:<free port>/ (yields that base URL, with its final /)."""
    server = site_http_server
    server.RequestHandlerClass = functools.partial(_QuietHandler, directory=str(built_site.path))
    thread = threading.Thread(target=server.serve_forever, name="site-server", daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        thread.join(timeout=10)


# ---------------------------------------------------------------- the browser

@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    """Debian's Chromium, headless, through Playwright's sync API."""
    from playwright.sync_api import sync_playwright

    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} introuvable : installer le paquet Debian chromium (./dev setup)", pytrace=False)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()


@dataclass
class Traffic:
    """Everything a page asked for and complained about, pages and workers alike."""

    base_url: str
    requests: list[str] = field(default_factory=list)
    workers: list[str] = field(default_factory=list)
    console_errors: list[str] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)
    bad_responses: list[str] = field(default_factory=list)

    def off_host(self) -> list[str]:
        """Requested URLs that are not on the test server (data: and blob: URLs are local)."""
        origin = urlsplit(self.base_url)
        off = []
        for url in self.requests + self.workers:
            parts = urlsplit(url)
            if parts.scheme in ("data", "blob"):
                continue
            if (parts.scheme, parts.hostname, parts.port) != (origin.scheme, origin.hostname, origin.port):
                off.append(url)
        return off

    def clear(self) -> None:
        for records in (self.requests, self.workers, self.console_errors, self.failed, self.bad_responses):
            records.clear()


def new_recorded_page(
    browser: Any, base_url: str, *, width: int = 1280, height: int = 800, locale: str = "fr-FR", javascript: bool = True,
) -> tuple[Any, Any, Traffic]:
    """A fresh context and page whose traffic is recorded: returns (context, page, traffic)."""
    context = browser.new_context(
        viewport={"width": width, "height": height}, locale=locale, base_url=base_url, java_script_enabled=javascript,
    )
    traffic = Traffic(base_url)
    # Context-level events see the page, its frames and its dedicated workers.
    context.on("request", lambda request: traffic.requests.append(request.url))
    context.on("requestfailed", lambda request: traffic.failed.append(f"{request.url} : {request.failure}"))
    context.on(
        "response",
        lambda response: traffic.bad_responses.append(f"{response.status} {response.url}") if response.status >= 400 else None,
    )
    context.on("serviceworker", lambda worker: traffic.workers.append(worker.url))
    page = context.new_page()

    def on_console(message: Any) -> None:
        if message.type == "error":
            location = message.location or {}
            where = f" ({location.get('url')}:{location.get('lineNumber')})" if location.get("url") else ""
            traffic.console_errors.append(f"{message.text}{where}")

    def on_worker(worker: Any) -> None:
        traffic.workers.append(worker.url)
        worker.on("console", on_console)

    page.on("console", on_console)
    page.on("pageerror", lambda error: traffic.console_errors.append(f"exception non rattrapée : {error}"))
    page.on("worker", on_worker)
    page.traffic = traffic
    return context, page, traffic


@pytest.fixture
def page(browser: Any, site_server: str) -> Iterator[Any]:
    """A new page at 1280×800 on the served site; its traffic is `page.traffic`.

    `page.goto("index.html")` resolves against the server's base URL.
    """
    context, page, _traffic = new_recorded_page(browser, site_server)
    try:
        yield page
    finally:
        context.close()


@pytest.fixture
def traffic(page: Any) -> Traffic:
    """The recorded traffic of the `page` fixture."""
    return page.traffic


# ---------------------------------------------------------------- axe-core

@functools.cache
def _axe_source() -> str:
    return AXE_JS.read_text(encoding="utf-8")


def run_axe(page: Any, *, tags: list[str] | None = None, context: str | dict[str, Any] = "document") -> list[dict[str, Any]]:
    """Run the self-hosted axe-core on the page; return its violations (empty when none)."""
    if not page.evaluate("() => typeof window.axe !== 'undefined'"):
        page.add_script_tag(content=_axe_source())
    options = {"runOnly": {"type": "tag", "values": tags or AXE_TAGS}, "resultTypes": ["violations"]}
    return page.evaluate(
        """async ([context, options]) => {
            const target = context === "document" ? document : context;
            const results = await axe.run(target, options);
            return results.violations.map(v => ({
                id: v.id, impact: v.impact, help: v.help, helpUrl: v.helpUrl, tags: v.tags,
                nodes: v.nodes.map(n => ({target: n.target, html: n.html, summary: n.failureSummary})),
            }));
        }""",
        [context, options],
    )


def format_violations(violations: list[dict[str, Any]], *, max_nodes: int = 5) -> str:
    """Violations as readable text: rule, impact, help, then each offending element."""
    lines = []
    for violation in violations:
        lines.append(f"- {violation['id']} ({violation['impact']}) : {violation['help']} — {violation['helpUrl']}")
        for node in violation["nodes"][:max_nodes]:
            lines.append(f"    · {' '.join(map(str, node['target']))}")
            lines.append(f"      {node['html'][:200]}")
            for summary_line in (node.get("summary") or "").splitlines():
                lines.append(f"      {summary_line}")
        if len(violation["nodes"]) > max_nodes:
            lines.append(f"    … et {len(violation['nodes']) - max_nodes} autre(s) élément(s)")
    return "\n".join(lines)


# ---------------------------------------------------------------- production headers (CSP)
# The headers of `./dev preview` and of the deploy/ configurations (the
# Content-Security-Policy the build computed, in site/csp.txt, and the other
# security headers), sent by the session's site_server for one test:
#
#     csp_server                fixture: site_server's base URL, sending those headers
#                               during the test (the same origin as SITE_URL, so
#                               instant navigation works as in production)
#     site_headers(headers)     context manager: other headers (e.g. another policy)
#     production_headers(site, policy=None)   those headers for a built site
#     serve_site(path, policy=…)  context manager: scripts/preview.py's own server
#                               (MIME types, cache policy) on another free port
#     watch_csp(context)        record CSP violations of every page of a context
#     csp_violations(page)      the violations recorded in that page (list of str)

CSP_LISTENER = """
(() => {
  window.__cspViolations = [];
  document.addEventListener('securitypolicyviolation', (event) => {
    window.__cspViolations.push(
      `${event.effectiveDirective} a bloqué ${event.blockedURI || '(en ligne)'}`
      + (event.sourceFile ? ` (${event.sourceFile}:${event.lineNumber})` : '')
      + (event.sample ? ` : ${event.sample}` : ''));
  });
})();
"""


def production_headers(site: Path, policy: str | None = None) -> dict[str, str]:
    """The security headers of `./dev preview` for a built site; policy: None
    for the build's own (site/csp.txt)."""
    import csp  # scripts/ is on sys.path (pyproject)
    import preview

    return preview.security_headers(csp.read_policy(site) if policy is None else policy)


@contextlib.contextmanager
def site_headers(headers: Mapping[str, str]) -> Iterator[None]:
    """site_server sends these headers with every response while inside."""
    previous = _QuietHandler.extra_headers
    _QuietHandler.extra_headers = dict(headers)
    try:
        yield
    finally:
        _QuietHandler.extra_headers = previous


def serve_site(path: Path, *, policy: str | None = None, headers: Mapping[str, str] | None = None) -> Any:
    """Context manager: the site at path served by scripts/preview.py on
    127.0.0.1:<free port>; yields the base URL. policy: None for csp.txt."""
    import preview

    return preview.serving(Path(path), policy=policy, headers=headers, quiet=True)


def watch_csp(context: Any) -> None:
    """Record every CSP violation of the context's pages (read with csp_violations)."""
    context.add_init_script(CSP_LISTENER)


def csp_violations(page: Any) -> list[str]:
    """The CSP violations recorded in the page's current document (after watch_csp)."""
    return page.evaluate("() => window.__cspViolations || ['(écouteur CSP absent : watch_csp oublié ?)']")


@pytest.fixture
def csp_server(built_site: BuiltSite, site_server: str) -> Iterator[str]:
    """site_server's base URL; during the test it sends the build's Content-Security-Policy
    and the other security headers of `./dev preview`."""
    with site_headers(production_headers(built_site.path)):
        yield site_server


__all__ += [
    "CSP_LISTENER", "production_headers", "site_headers", "serve_site", "watch_csp", "csp_violations", "csp_server",
]


# ---- The assistant page, as the assistant's browser tests see it --------------
ASSISTANT_PAGE = "assistant.html"
PYODIDE_READY_MS = 120_000  # an upper bound for Pyodide on a loaded machine, not a target
PYTHON_MODE = '#assistant[data-mode="python"]'
FALLBACK_MODE = '#assistant[data-mode="fallback"]'
# Said whenever the Python assistant cannot take over (assistant.mjs, TEXT.failed).
STATIC_NOTE = "La version simple ci-dessous reste utilisable"
