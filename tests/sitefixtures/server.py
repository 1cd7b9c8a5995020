"""Serving the built site to the browser tests with scripts/preview.py (the one static server), and the production headers (CSP) for one test."""

from __future__ import annotations

import contextlib
import functools
import threading
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

import pytest

import preview  # scripts/ is on sys.path (pyproject): the one static server

from .build import ROOT, BuiltSite, build_site


class _SessionHandler(preview.Handler):
    """`./dev preview`'s handler (scripts/preview.py: its MIME types, cache
    policy, 404 page), quiet, sending the headers of the test in progress
    (site_headers(), csp_server) with every response."""

    session_headers: Mapping[str, str] = {}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, headers=type(self).session_headers, quiet=True, **kwargs)


@pytest.fixture(scope="session")
def site_http_server() -> Iterator[preview.Server]:
    """The server's socket, bound first: the site is built for its address."""
    server = preview.Server(("127.0.0.1", 0), _SessionHandler)
    try:
        yield server
    finally:
        server.server_close()


@pytest.fixture(scope="session")
def built_site(tmp_path_factory: pytest.TempPathFactory, site_http_server: preview.Server) -> BuiltSite:
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
def site_server(built_site: BuiltSite, site_http_server: preview.Server) -> Iterator[str]:
    """The built site on http://127.0.0.1:<free port>/ (yields that base URL, with its final /)."""
    server = site_http_server
    server.RequestHandlerClass = functools.partial(_SessionHandler, directory=str(built_site.path))
    thread = threading.Thread(target=server.serve_forever, name="site-server", daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        thread.join(timeout=10)




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

    return preview.security_headers(csp.read_policy(site) if policy is None else policy)


@contextlib.contextmanager
def site_headers(headers: Mapping[str, str]) -> Iterator[None]:
    """site_server sends these headers with every response while inside."""
    previous = _SessionHandler.session_headers
    _SessionHandler.session_headers = dict(headers)
    try:
        yield
    finally:
        _SessionHandler.session_headers = previous


def serve_site(path: Path, *, policy: str | None = None, headers: Mapping[str, str] | None = None) -> Any:
    """Context manager: the site at path served by scripts/preview.py on
    127.0.0.1:<free port>; yields the base URL. policy: None for csp.txt."""
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
