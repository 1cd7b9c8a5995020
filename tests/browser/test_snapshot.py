"""The Python worker starts from the build's memory snapshot, and falls back
to the normal start (Pyodide, then our wheel) when the snapshot is missing,
damaged or not Pyodide's."""

from __future__ import annotations

import base64
import gzip
import hashlib
import json
from typing import Any

import pytest

from sitefixtures import ASSISTANT_PAGE as PAGE
from sitefixtures import PYODIDE_READY_MS as READY
from sitefixtures import PYTHON_MODE as PYTHON
from sitefixtures import BuiltSite, new_recorded_page

pytestmark = pytest.mark.browser

SNAPSHOT = "**/assets/pyodide/snapshot-*.bin.gz"
WHEEL = "/gammaflow-"
# How the worker started: the init answer, kept by python.mjs's engine.
START = "async () => (await import(new URL('assets/js/python.mjs', document.baseURI).href)).python().info?.start ?? null"
LRN = "async () => (await import(new URL('assets/js/python.mjs', document.baseURI).href)).python().call('lrn.check', {lrn: ''})"
FALLBACK_WARNING = "Python : instantané inutilisable, démarrage normal"


def open_assistant(browser: Any, site_server: str, routes: dict[str, Any]) -> tuple[str | None, list[str], Any]:
    """The assistant page until Python mode, with these routes: (how the worker started, console warnings, traffic)."""
    context, page, traffic = new_recorded_page(browser, site_server)
    warnings: list[str] = []

    def on_worker(worker: Any) -> None:
        worker.on("console", lambda message: warnings.append(message.text) if message.type == "warning" else None)

    page.on("worker", on_worker)
    page.on("console", lambda message: warnings.append(message.text) if message.type == "warning" else None)
    for pattern, handler in routes.items():
        context.route(pattern, handler)
    try:
        page.goto(PAGE)
        page.wait_for_selector(PYTHON, state="attached", timeout=READY)
        start = page.evaluate(START)
        # gammaflow.lrn answers through the same worker (the assistant already did: Python mode).
        found = page.evaluate(LRN)
        assert [f["rule"] for f in found] == ["vide"], found
    finally:
        context.close()
    return start, warnings, traffic


def test_python_starts_from_the_snapshot(browser: Any, site_server: str) -> None:
    """With the built site as it is: restored from the snapshot, the wheel never fetched, nothing warned."""
    start, warnings, traffic = open_assistant(browser, site_server, {})
    assert start == "snapshot"
    assert [url for url in traffic.requests if "/assets/pyodide/snapshot-" in url]
    assert not [url for url in traffic.requests if WHEEL in url], "la roue a été chargée malgré l'instantané"
    assert not [w for w in warnings if FALLBACK_WARNING in w], warnings
    assert not traffic.console_errors, traffic.console_errors
    assert not traffic.bad_responses, traffic.bad_responses


def foreign_snapshot(built_site: BuiltSite) -> dict[str, Any]:
    """Routes serving a manifest that names a well-formed gzip, with its right SRI hash, that is not a Pyodide snapshot."""
    real = json.loads((built_site.path / "assets" / "pyodide" / "snapshot.json").read_text(encoding="utf-8"))
    packed = gzip.compress(bytes(4 * 1024 * 1024), mtime=0)
    name = "snapshot-0000000000000000.bin.gz"
    manifest = {**real, "file": name, "size": len(packed),
                "integrity": "sha384-" + base64.b64encode(hashlib.sha384(packed).digest()).decode()}
    return {
        "**/assets/pyodide/snapshot.json": lambda route: route.fulfill(status=200, content_type="application/json", body=json.dumps(manifest)),
        f"**/assets/pyodide/{name}": lambda route: route.fulfill(status=200, content_type="application/gzip", body=packed),
    }


@pytest.mark.parametrize("damage", ["404", "garbage", "not-a-snapshot"])
def test_a_missing_or_damaged_snapshot_falls_back_to_the_normal_start(
    browser: Any, site_server: str, built_site: BuiltSite, damage: str
) -> None:
    """404, garbage (its SRI hash fails) or a foreign file: a console warning, the wheel installed, Python mode reached."""
    hits: list[str] = []

    def broken(route: Any) -> None:
        hits.append(route.request.url)
        if damage == "404":
            route.fulfill(status=404, content_type="text/html", body="<h1>Introuvable</h1>")
        else:
            route.fulfill(status=200, content_type="application/gzip", body=bytes(range(256)) * 4096)

    routes = foreign_snapshot(built_site) if damage == "not-a-snapshot" else {SNAPSHOT: broken}
    start, warnings, traffic = open_assistant(browser, site_server, routes)
    assert start == "normal"
    assert damage == "not-a-snapshot" or hits, f"l'instantané n'a pas été demandé : le motif {SNAPSHOT} est à revoir"
    assert [w for w in warnings if FALLBACK_WARNING in w], warnings
    assert [url for url in traffic.requests if WHEEL in url], "démarrage normal sans la roue ?"
