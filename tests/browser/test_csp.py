"""The site under its own Content-Security-Policy (the header `./dev preview`
and the deploy/ configurations send): every page, the search, instant
navigation and the Python assistant walked to an end, with zero violations
reported by Chromium, in the pages (securitypolicyviolation events) and in
the console (pages and workers). Then a server whose policy forgets
'wasm-unsafe-eval': the assistant must not hang, the static assistant stays
with a note that names the cause and offers « Réessayer ».
"""

from __future__ import annotations

import re
from typing import Any

import pytest

import csp
from gammaflow.runtime import Chart
from sitefixtures import (
    STATIC_NOTE, BuiltSite, csp_server, csp_violations, nav_pages, new_recorded_page, normalize_text, production_headers,
    site_headers, watch_csp,
)

pytestmark = pytest.mark.browser
_ = csp_server  # a pytest fixture

PAGES = [name for _, name in nav_pages()] + ["404.html"]
READY = 120_000  # ms: an upper bound for Pyodide on a loaded machine, not a target
PYTHON = '#assistant[data-mode="python"]'
FALLBACK = '#assistant[data-mode="fallback"]'


def open_context(browser: Any, base_url: str) -> tuple[Any, Any, Any]:
    context, page, traffic = new_recorded_page(browser, base_url)
    watch_csp(context)
    return context, page, traffic


def longest_path(built_site: BuiltSite) -> tuple[Chart, tuple[str, ...]]:
    chart = Chart(built_site.assistant_data)
    return chart, max(chart.paths(), key=len)


def click_through(page: Any, chart: Chart, answers: tuple[str, ...], *, python: bool) -> None:
    """Answer by clicks, checking after each that the next step is the one shown."""
    walk = chart.walk()
    for key in answers:
        page.click(f'#etape-{walk.current} .assistant-choice[data-key="{key}"]')
        walk = walk.answer(key)
        if python:
            page.wait_for_function(
                "([node, token]) => document.getElementById(`etape-${node}`).classList.contains('is-current')"
                " && location.hash === `#chemin=${token}`",
                arg=[walk.current, walk.token()], timeout=30_000,
            )
        else:
            page.wait_for_function("(node) => location.hash === `#etape-${node}`", arg=walk.current, timeout=30_000)
            assert page.is_visible(f"#etape-{walk.current} .assistant-title")
    assert walk.is_end


def test_every_page_and_instant_navigation_under_the_policy(browser: Any, csp_server: str, built_site: BuiltSite) -> None:
    policy = csp.read_policy(built_site.path)
    context, page, traffic = open_context(browser, csp_server)
    problems: dict[str, list[str]] = {}
    try:
        for name in PAGES:
            response = page.goto(name)
            assert response.headers.get("content-security-policy") == policy, f"{name} servie sans la politique"
            page.wait_for_load_state("networkidle")
            if violations := csp_violations(page):
                problems[name] = violations
        # The search: its worker and the index it fetches.
        page.goto("index.html")
        box = page.locator("input.md-search__input")
        box.click()
        box.fill("secours")
        box.press("End")
        page.locator(".md-search-result__meta", has_text=re.compile("trouvé")).wait_for(timeout=15_000)
        if violations := csp_violations(page):
            problems["recherche"] = violations
        # Instant navigation: pages fetched and swapped in, their inline scripts run again.
        page.goto("procedure-de-secours.html")
        page.evaluate("() => { window.__sameDocument = true; }")
        for title, name in nav_pages()[1:]:
            # Instant navigation makes the links absolute: match the end of the address.
            page.locator(f'.md-nav--primary a.md-nav__link[href$="/{name}"], .md-nav--primary a.md-nav__link[href="{name}"]').first.click()
            page.wait_for_url(re.compile(re.escape(name) + "$"))
            page.locator("h1", has_text=re.compile(re.escape(title.split()[0]))).first.wait_for(timeout=30_000)
        # Still the same document: the pages came through instant navigation.
        assert page.evaluate("() => window.__sameDocument === true"), "navigation instantanée inactive"
        if violations := csp_violations(page):
            problems["navigation instantanée"] = violations
    finally:
        context.close()
    assert not problems, "violations de la politique de sécurité :\n" + "\n".join(f"{k} : {v}" for k, v in problems.items())
    assert not traffic.console_errors, traffic.console_errors
    assert not traffic.bad_responses and not traffic.failed, traffic.bad_responses + traffic.failed
    assert any("/workers/search" in url for url in traffic.workers), "le worker de recherche n'a pas démarré"


def test_the_python_assistant_walks_to_an_end_under_the_policy(browser: Any, csp_server: str, built_site: BuiltSite) -> None:
    chart, answers = longest_path(built_site)
    context, page, traffic = open_context(browser, csp_server)
    try:
        page.goto("assistant.html")
        page.wait_for_selector(PYTHON, state="attached", timeout=READY)
        click_through(page, chart, answers, python=True)
        page.locator(".assistant-recap.is-final").wait_for(timeout=30_000)
        assert page.locator(".assistant-recap-list > li").count() == len(answers)
        page.click(".assistant-back")
        page.wait_for_function("(n) => location.hash.split('.').length === n", arg=len(answers) - 1, timeout=30_000)
        violations = csp_violations(page)
    finally:
        context.close()
    assert violations == []
    assert not traffic.console_errors, traffic.console_errors
    assert [url for url in traffic.workers if url.endswith("/assets/js/python-worker.mjs")], traffic.workers
    assert any(url.endswith("/pyodide.asm.wasm") for url in traffic.requests)


def test_without_wasm_unsafe_eval_the_assistant_does_not_hang(
    browser: Any, site_server: str, built_site: BuiltSite, python_causes: dict[str, str]
) -> None:
    """A server policy that forgets 'wasm-unsafe-eval': WebAssembly is refused,
    the assistant gives up at once (no wait for its time limit) and the static
    assistant stays, with a note; only WebAssembly is refused."""
    policy = csp.read_policy(built_site.path)
    assert " 'wasm-unsafe-eval'" in policy
    chart, answers = longest_path(built_site)
    with site_headers(production_headers(built_site.path, policy.replace(" 'wasm-unsafe-eval'", ""))):
        context, page, traffic = open_context(browser, site_server)
        try:
            page.goto("assistant.html")
            page.wait_for_selector(FALLBACK, state="attached", timeout=READY)
            status = normalize_text(page.inner_text(".assistant-status"))
            assert status == f"Python n’a pas pu se charger : {python_causes['csp']}. {STATIC_NOTE} (sans retour ni récapitulatif).", status
            assert page.is_visible(".assistant-status") and page.is_visible(".assistant-retry")
            assert not page.is_visible(".assistant-live")
            click_through(page, chart, answers, python=False)
            violations = csp_violations(page)
        finally:
            context.close()
    assert violations == []
    # Chromium may report the refused compilation in the worker's console; nothing else.
    others = [error for error in traffic.console_errors if "WebAssembly" not in error and "wasm" not in error]
    assert others == [], others
    # Pyodide's 9.6 MB were never fetched: the refusal was seen before loading it.
    assert not any(url.endswith("/pyodide.asm.wasm") for url in traffic.requests)
