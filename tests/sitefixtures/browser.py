"""Debian's Chromium through Playwright (never `playwright install`): the browser, recorded pages and their traffic."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest

from .build import ROOT

ARTIFACTS = ROOT / "test-artifacts"
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
    "--disable-features=AutofillServerCommunication",
]



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
