"""Hostile addresses and broken files, on the assistant page.

- Nasty #chemin= / #etape- addresses: no script runs (any dialog fails the
  test), the assistant lands on a valid step, or on the start with a notice.
  (The runtime's own property tests are tests/test_runtime.py; a few other
  addresses are in test_assistant.py.)
- Each file the Python assistant needs, missing (404) or garbage, on both
  ways Python starts (from the build's memory snapshot, and the normal start
  the worker falls back to without it): the static assistant keeps working,
  a note says why the full assistant could not load (for Python's own files,
  a missing or damaged file, in python.mjs's words, and « Réessayer »), and
  nothing hangs: the failure itself ends the wait, not the 30-second limit.
"""

from __future__ import annotations

from typing import Any

import pytest

from gammaflow.runtime import NOTICE_INVALID, NOTICE_PARTIAL, Chart
from sitefixtures import ASSISTANT_PAGE as PAGE
from sitefixtures import FALLBACK_MODE as FALLBACK
from sitefixtures import PYODIDE_READY_MS as READY
from sitefixtures import PYTHON_MODE as PYTHON
from sitefixtures import BuiltSite, STATIC_NOTE, new_recorded_page, normalize_text

pytestmark = pytest.mark.browser


# (address after "#", the step it must land on, the notice it must show)
ADDRESSES = [
    ("chemin=javascript:alert(1)", "debut", NOTICE_INVALID),
    ("chemin=<img src=x onerror=alert(1)>", "debut", NOTICE_INVALID),
    ('"><img src=x onerror=alert(1)>', "debut", None),  # not an assistant address: the start, silently
    ("etape-<svg onload=alert(1)>", "debut", NOTICE_INVALID),
    ("chemin=%00", "debut", NOTICE_INVALID),
    ("chemin=" + "suite." * 1000 + "suite", "debut", NOTICE_INVALID),
    ("chemin=../../etc/passwd", "debut", NOTICE_INVALID),
    ("chemin=suite.matériel", "debut", NOTICE_INVALID),
    ("chemin=suite.materiel\u202e", "debut", NOTICE_INVALID),
    ("chemin=suite.materiel.", "debut", NOTICE_INVALID),
    ("chemin=suite..materiel", "debut", NOTICE_INVALID),
    ("chemin=SUITE", "debut", NOTICE_INVALID),
    ("chemin=suite.materiel.resolu.suite", "resolu", NOTICE_PARTIAL),
    ("chemin=suite&modifier=-1", "diagnostic", None),
    ("chemin=suite&modifier=1e9", "diagnostic", None),
    ("chemin=suite.materiel", "materiel", None),  # a valid one, for contrast
]


@pytest.fixture(scope="module")
def chart(built_site: BuiltSite) -> Chart:
    return Chart(built_site.assistant_data)


def shown_steps(page: Any) -> list[str]:
    return page.evaluate(
        """() => [...document.querySelectorAll('.assistant-steps > .assistant-step')]
            .filter((s) => getComputedStyle(s).display !== 'none').map((s) => s.dataset.node)"""
    )


LANDED = """([hash, node, notice]) => {
  const norm = (text) => text.replace(/\\s+/g, " ").trim();
  const section = document.getElementById(`etape-${node}`);
  return (hash === null || location.hash === hash) && section && section.classList.contains("is-current")
    && norm(document.querySelector(".assistant-notice").textContent) === norm(notice);
}"""


def expected_walk(chart: Chart, address: str, node: str, notice: str | None):
    if notice == NOTICE_PARTIAL:
        return chart.from_token(address.removeprefix("chemin="))[0]
    return chart.walk(chart.path_to(node))


def check_landing(page: Any, chart: Chart, address: str, node: str, notice: str | None, problems: list[str], how: str) -> None:
    walk = expected_walk(chart, address, node, notice)
    # Another page's anchor is left in the address: it is not the assistant's to rewrite.
    hash_ = (f"#chemin={walk.token()}" if walk.answers else "") if address.startswith(("chemin=", "etape-")) else None
    try:
        page.wait_for_function(LANDED, arg=[hash_, node, notice or ""], timeout=30_000)  # a bound, not a target
    except Exception:  # noqa: BLE001 - reported below with what the page shows
        pass
    shown = shown_steps(page)
    told = " ".join(page.inner_text(".assistant-notice").split())
    if shown != [node]:
        problems.append(f"{how}, #{address[:60]} : étape(s) affichée(s) {shown}, attendu {node}")
    if told != " ".join((notice or "").split()):
        problems.append(f"{how}, #{address[:60]} : avis « {told} », attendu « {notice} »")
    if hash_ is not None and page.evaluate("location.hash") != hash_:
        problems.append(f"{how}, #{address[:60]} : adresse {page.evaluate('location.hash')[:60]}, attendu {hash_}")
    if page.locator("#assistant img, #assistant script, #assistant svg").count():
        problems.append(f"{how}, #{address[:60]} : élément injecté dans l'assistant")


def test_nasty_addresses_run_no_script_and_land_on_a_valid_step(browser: Any, site_server: str, chart: Chart) -> None:
    """Opened as the page's address (the takeover reads it), then typed into
    the address bar of the running assistant (hashchange)."""
    for _, node, _ in ADDRESSES:
        assert node in chart.nodes, f"{node} : nœud absent de la procédure, revoir la liste"
    context, page, traffic = new_recorded_page(browser, site_server)
    dialogs: list[str] = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    problems: list[str] = []
    try:
        # On opening: the script-like addresses, and a valid one.
        for address, node, notice in ADDRESSES:
            if "alert" in address or address == "chemin=suite.materiel":
                page.goto("about:blank")
                page.goto(f"{PAGE}#{address}")
                page.wait_for_selector(PYTHON, state="attached", timeout=READY)
                check_landing(page, chart, address, node, notice, problems, "à l'ouverture")
        # In the running assistant: every assistant address.
        for address, node, notice in ADDRESSES:
            if address.startswith(("chemin=", "etape-")):
                page.evaluate("(hash) => { location.hash = hash; }", address)
                check_landing(page, chart, address, node, notice, problems, "en cours de route")
        assert page.get_attribute("#assistant", "data-mode") == "python"
        pwned = page.evaluate("() => window.__pwned")
    finally:
        context.close()
    assert dialogs == [], f"une boîte de dialogue s'est ouverte : {dialogs}"
    assert pwned is None
    assert not problems, "\n".join(problems)
    assert not traffic.console_errors, traffic.console_errors


# The assistant's files: the site's Python worker, what Pyodide loads, our wheel and its lock, the flow.
ASSETS = {
    "python-worker.mjs": "**/assets/js/python-worker.mjs",
    "pyodide.mjs": "**/assets/pyodide/pyodide.mjs",
    "pyodide.asm.wasm": "**/assets/pyodide/pyodide.asm.wasm",
    "python_stdlib.zip": "**/assets/pyodide/python_stdlib.zip",
    "pyodide-lock.json": "**/assets/pyodide/pyodide-lock.json",
    "roue gammaflow": "**/assets/pyodide/*/gammaflow-*.whl",
    "assistant.json": "**/assets/flow/assistant.json",
}
GARBAGE = bytes(range(256)) * 64
# The build's memory snapshot (pyodide-loader.mjs): refused, the worker starts the normal way.
SNAPSHOT = "**/assets/pyodide/snapshot-*.bin.gz"
# How Python starts: the wheel is only fetched on the normal start; the files below are used
# differently by the two starts (the others are read before the choice, or once Python is up).
NORMAL_START = ("pyodide.asm.wasm", "python_stdlib.zip", "roue gammaflow")
CASES = [
    pytest.param(asset, start, id=f"{asset}-{start}")
    for asset in ASSETS
    for start in ("instantané", "normal")
    if start == "instantané" and asset != "roue gammaflow" or start == "normal" and asset in NORMAL_START
]


@pytest.mark.parametrize(("asset", "start"), CASES)
def test_a_missing_or_damaged_file_leaves_the_static_assistant_with_a_note(
    browser: Any, site_server: str, chart: Chart, python_causes: dict[str, str], asset: str, start: str
) -> None:
    """For each file: served as a 404, then as garbage; the assistant gives up
    because it sees the failure, not because its time limit ran out, and says
    which: a file of Python missing or damaged (assistant.json, read once Python
    is ready: the procedure could not be read)."""
    python_file = asset != "assistant.json"
    heads = [f"Python n’a pas pu se charger : {python_causes[cause]}." for cause in ("missing", "damaged")]
    answers = max(chart.paths(), key=len)
    for damage in ("404", "garbage"):
        context, page, traffic = new_recorded_page(browser, site_server)
        hits: list[str] = []

        def broken(route: Any, request: Any, damage: str = damage) -> None:
            hits.append(request.url)
            if damage == "404":
                route.fulfill(status=404, content_type="text/html", body="<h1>Introuvable</h1>")
            else:
                route.fulfill(status=200, content_type=route.request.headers.get("accept", "application/octet-stream").split(",")[0], body=GARBAGE)

        context.route(ASSETS[asset], broken)
        if start == "normal":
            context.route(SNAPSHOT, lambda route: route.fulfill(status=404, content_type="text/html", body="<h1>Introuvable</h1>"))
        warnings: list[str] = []
        page.on("console", lambda message: warnings.append(message.text) if message.type == "warning" else None)
        try:
            page.goto(PAGE)
            page.wait_for_selector(FALLBACK, state="attached", timeout=READY)
            assert hits, f"{asset} n'a pas été demandé : le motif {ASSETS[asset]} est à revoir"
            status = normalize_text(page.inner_text(".assistant-status"))
            assert STATIC_NOTE in status, (asset, start, damage, status)
            assert page.is_visible(".assistant-status") and not page.is_visible(".assistant-live")
            if python_file:
                # The failure itself ended the wait, not the time limit; its cause is told, and « Réessayer » offered.
                reasons = [w for w in warnings if w.startswith("Python n'a pas pu se charger")]
                assert reasons and not any(python_causes["timeout"] in normalize_text(r) for r in reasons), (asset, start, damage, reasons)
                assert any(status.startswith(head) for head in heads), (asset, start, damage, status)
                assert page.is_visible(".assistant-retry"), (asset, start, damage)
            else:
                assert status.startswith("L’assistant complet n’a pas pu lire la procédure ("), (asset, start, damage, status)
            walk = chart.walk()
            for key in answers:
                page.click(f'#etape-{walk.current} .assistant-choice[data-key="{key}"]')
                walk = walk.answer(key)
                page.wait_for_function("(node) => location.hash === `#etape-${node}`", arg=walk.current, timeout=30_000)
                assert shown_steps(page) == [walk.current], (asset, start, damage)
            assert page.get_attribute("#assistant", "data-mode") == "fallback"
        finally:
            context.close()
        # Pyodide itself leaves a rejected promise behind for some damaged files
        # (its own stack, in assets/pyodide/); our scripts must not.
        ours = [e for e in traffic.console_errors if "exception non rattrapée" in e and "/assets/pyodide/" not in e]
        assert not ours, (asset, start, damage, ours)
