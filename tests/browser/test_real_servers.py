"""The site in Chromium as real nginx and Apache httpd serve it with the shipped
deploy/ files (tests/realservers.py), at the root and under /gamma2/: the
search, instant navigation, the Python assistant walking a path and the LRN
helper answering, the site's 404 page, zero CSP violations on those pages,
nothing broken or off the site; and a second visit that
revalidates pages and does not ask again for the fingerprinted files (read in
the server's own access log).

Every page under the policy: tests/browser/test_csp.py (the same policy: the
HTTP tests check that every response carries the shipped one and that it is
the policy the build computes for both sites, at the root and in /gamma2/).
The headers, types and compression of every file: tests/site/test_real_servers.py.
"""

from __future__ import annotations

import re
from typing import Any

import pytest

from gammaflow.runtime import Chart
from realservers import MOUNTS, SERVERS, Served  # the fixtures come from tests/conftest.py
from sitefixtures import csp_violations, new_recorded_page, normalize_text, watch_csp

pytestmark = pytest.mark.browser

READY = 120_000  # ms: an upper bound for Pyodide on a loaded machine, not a target
COMBINATIONS = [(server, mount) for server in SERVERS for mount in MOUNTS]
IDS = [f"{server}-{mount}" for server, mount in COMBINATIONS]


def link_to(page: Any, name: str) -> Any:
    """A visible link to a page of the site (instant navigation makes its href absolute)."""
    return page.locator(f'a[href$="/{name}"]:visible, a[href="{name}"]:visible').first


def requests_since(served: Served, start: int) -> list[tuple[str, int]]:
    """(path, status) of the GET requests the server logged after line start."""
    found = []
    for line in served.access_log()[start:]:
        method, path, status = line.split()
        if method == "GET":
            found.append((path.split("?", 1)[0], int(status)))
    return found


@pytest.mark.parametrize("combination", COMBINATIONS, ids=IDS)
def test_the_site_works_under_the_real_server(browser: Any, real_servers: dict[tuple[str, str], Served], combination: tuple[str, str]) -> None:
    served = real_servers[combination]
    chart = Chart(served.site.assistant_data)
    answers = min(chart.paths(), key=len)
    context, page, traffic = new_recorded_page(browser, served.base_url)
    watch_csp(context)
    problems: dict[str, list[str]] = {}
    try:
        # The home page; mkdocs-material takes links over once it has read the sitemap.
        with page.expect_response(lambda response: response.url.endswith(f"{served.prefix}sitemap.xml")):
            page.goto("index.html")
        page.evaluate("() => { window.__sameDocument = true; }")

        # Instant navigation to the assistant: Python takes over and walks a path to an end.
        link_to(page, "assistant.html").click()
        page.wait_for_url(f"{served.base_url}assistant.html")
        page.wait_for_selector('#assistant[data-mode="python"]', state="attached", timeout=READY)
        walk = chart.walk()
        for key in answers:
            page.click(f'#etape-{walk.current} .assistant-choice[data-key="{key}"]')
            walk = walk.answer(key)
            page.wait_for_function(
                "([node, token]) => document.getElementById(`etape-${node}`).classList.contains('is-current')"
                " && location.hash === `#chemin=${token}`",
                arg=[walk.current, walk.token()], timeout=30_000,
            )
        page.locator(".assistant-recap.is-final").wait_for(timeout=30_000)

        # The LRN helper answers, in the same worker.
        link_to(page, "numero-lrn.html").click()
        page.wait_for_url(f"{served.base_url}numero-lrn.html")
        page.wait_for_selector('#lrn-helper[data-mode="python"]', timeout=READY)
        page.fill("#lrn-one", "SEC20260001")
        page.locator("#lrn-check-form button[type=submit]").click()
        page.wait_for_function("() => document.querySelector('#lrn-one-result').dataset.state === 'ok'", timeout=30_000)
        assert page.evaluate("() => window.__sameDocument === true"), "une page a été rechargée : la navigation instantanée n'a pas servi"

        # The search: its worker, the index, results that link into the site's folder.
        box = page.locator("input.md-search__input")
        box.click()
        box.fill("secours")
        box.press("End")
        page.locator(".md-search-result__meta", has_text=re.compile("trouvé")).wait_for(timeout=15_000)
        links = page.locator(".md-search-result__link").evaluate_all("(links) => links.map((a) => a.href)")
        assert links and all(link.startswith(served.base_url) for link in links), links
        if violations := csp_violations(page):
            problems["navigation"] = violations

        # A second visit: pages revalidated (304), fingerprinted files and fonts not asked for.
        start = len(served.access_log())
        page.goto("index.html")
        page.wait_for_load_state("networkidle")
        again = requests_since(served, start)
        assert (f"{served.prefix}index.html", 304) in again, again
        assert any(path.endswith(".css") and status == 304 for path, status in again), again
        cached = [path for path, _ in again if re.search(r"\.[0-9a-f]{8}\.min\.(js|css)$|\.woff2$", path)]
        assert not cached, f"fichiers à empreinte redemandés : {cached}"
        if violations := csp_violations(page):
            problems["index.html (seconde visite)"] = violations

        # A missing page: the site's 404 page, styled, under the policy.
        response = page.goto("dossier/page-inexistante.html")
        assert response.status == 404
        page.wait_for_load_state("networkidle")
        assert normalize_text(page.locator("h1").first.inner_text()) == normalize_text(
            re.search(r"<h1[^>]*>(.*?)</h1>", (served.site.path / "404.html").read_text(encoding="utf-8"), re.S).group(1)
        )
        assert page.evaluate("() => getComputedStyle(document.querySelector('.md-header')).position") == "sticky"
        if violations := csp_violations(page):
            problems["404"] = violations
    finally:
        context.close()
    assert not problems, "violations de la politique de sécurité :\n" + "\n".join(f"{k} : {v}" for k, v in problems.items())
    assert not traffic.off_host(), traffic.off_host()
    missing = f"{served.base_url}dossier/page-inexistante.html"
    # The one error: the missing page's own 404.
    assert [error for error in traffic.console_errors if not error.endswith(f"(Not Found) ({missing}:0)")] == [], traffic.console_errors
    assert traffic.bad_responses == [f"404 {missing}"] and not traffic.failed, traffic.bad_responses + traffic.failed
    assert [url for url in traffic.workers if url.endswith("/assets/js/python-worker.mjs")], traffic.workers
