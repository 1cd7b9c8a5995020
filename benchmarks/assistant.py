"""How fast the site's pages and its one Python engine are (a measure, not a test: nothing here fails).

This script stays whole so that it runs on its own (.venv/bin/python
benchmarks/assistant.py): it builds, serves and drives the site and prints
one table; its parts share the browser and the server it starts.

    .venv/bin/python benchmarks/assistant.py [--runs 5] [--site DIR] [--json FILE]

Builds the site (strict) into build/benchmark-site unless --site names a built
one, with SITE_URL set to the address it is served at (instant navigation
needs it), serves it on 127.0.0.1 with the headers of `./dev preview`
(scripts/preview.py: MIME types, cache policy, Content-Security-Policy) and
drives Debian's headless Chromium through Playwright. Every figure is given as
the median and the range (min–max) of --runs runs.

Cold and warm are a reader's browser on its first and on a later visit: cold,
a new persistent profile (chromium.launch_persistent_context on a new
temporary folder: empty disk cache); warm, the SAME profile on disk, the
browser closed and opened again, the page opened again (the disk cache and
the compiled-code cache kept; a fresh in-memory context would drop the
9.6 MB pyodide.asm.wasm, which is not what a returning reader gets).

On the assistant page (assistant.html):
1. First step usable: navigation start → DOMContentLoaded (the static
   assistant's first answer is then in the page and clickable), and first
   contentful paint.
2. Bytes before the first answer is clickable: the page and every resource
   that finished loading before DOMContentLoaded (transferred bytes; this test
   server does not compress). Budget: under 600 KB; Pyodide is not on that path.
3. Python ready: navigation start → the site's Python engine ready
   (performance mark "python:ready", python.mjs). Budget: cold ≤ 2.0 s,
   warm ≤ 1.0 s. Also shown: the assistant taking over the page (mark
   "assistant:python-ready"), the worker's phases, and a bare page starting
   the same Pyodide (how fast Pyodide itself starts on this machine).
4. Longest main-thread gap while Pyodide loads: a 10 ms timer runs from the
   start of the page; the longest interval between two ticks, from the start
   of the engine ("python:start") to the assistant's takeover. Budget: < 100 ms.
5. An answer click → the next step painted (the frame after the DOM change),
   in the static mode (Pyodide blocked: what a reader gets before or without
   Python) and in the Python mode (cold profile). Budget: < 50 ms.

Across the site (a new browser context each time, 1280×800):
6. An early LRN check: numero-lrn.html opened, a number typed and submitted
   as soon as the form can take it (Python still loading: the request is
   queued); from the submit to the findings shown (the frame after), and
   from navigation start to the findings.
7. Pyodide loads per visit: assistant → « Numéro LRN » → « Document de
   secours » by the navigation's links (instant navigation, no reload), each
   page's tool waited for in its Python mode; pyodide.asm.wasm requests and
   workers counted. Budget: 1 (in every run).
8. Cumulative layout shift of every page of the nav: the sum of the
   'layout-shift' entries without recent input (PerformanceObserver), until
   the load, the page's Python tools ready where it has one (#assistant,
   #lrn-helper, [data-lrn-check]), then 1 s without a shift. Budget: ≤ 0.02.

A figure meets its budget when its median does (the range shows the spread),
except the loads per visit, which must be 1 in every run. The machine's load
is printed too: on a busy 2-core machine the figures move.
"""

from __future__ import annotations

import argparse
import functools
import json
import os
import re
import statistics
import sys
import tempfile
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT / "scripts"), str(ROOT / "tests")]

import preview  # noqa: E402  (scripts/: the production headers of `./dev preview`)
from sitefixtures import CHROMIUM, CHROMIUM_ARGS, build_site  # noqa: E402  (the tests' browser and build)
from sitefixtures import nav_pages as _nav_pages  # noqa: E402
VIEWPORT = {"width": 1280, "height": 800}
READY_MS = 120_000  # an upper bound for Pyodide on a loaded machine, not a target
PAGE = "assistant.html"
LRN_PAGE = "numero-lrn.html"
DOCUMENT_PAGE = "document-de-secours.html"
LRN_NUMBER = "SEC20260001"
PATH = ("suite", "pas-de-panne-locale", "non-signale", "dti-plus", "panne")
# Each page's Python tool; its data-mode ends in "python" (the engine took
# over) or "fallback" (Python could not load: the figures that need it are
# then missing, and the cause is printed).
TOOLS = {PAGE: "#assistant", LRN_PAGE: "#lrn-helper", DOCUMENT_PAGE: "[data-lrn-check]"}

# Injected before the page's own scripts: a 10 ms timer whose ticks show how
# long the main thread was busy.
TICKS = """
window.__ticks = [];
setInterval(() => window.__ticks.push(performance.now()), 10);
"""

PAGE_FIGURES = """() => {
  const nav = performance.getEntriesByType('navigation')[0];
  const dcl = nav.domContentLoadedEventEnd;
  const fcp = performance.getEntriesByName('first-contentful-paint')[0];
  // What the first answer needs: the page, then what it asked for before
  // DOMContentLoaded (style sheets, scripts, fonts), not the theme's
  // background requests (search index, sitemap).
  const before = performance.getEntriesByType('resource')
    .filter((r) => r.startTime <= dcl && !['xmlhttprequest', 'fetch', 'beacon'].includes(r.initiatorType));
  const mark = (name) => performance.getEntriesByName(name)[0]?.startTime ?? null;
  const start = mark('python:start');
  const pythonReady = mark('python:ready');
  const ready = mark('assistant:python-ready');
  let gap = 0;
  const ticks = window.__ticks.filter((t) => start !== null && t >= start && (ready === null || t <= ready));
  for (let i = 1; i < ticks.length; i++) gap = Math.max(gap, ticks[i] - ticks[i - 1]);
  return {
    dcl, fcp: fcp ? fcp.startTime : null,
    bytes: nav.transferSize + before.reduce((sum, r) => sum + r.transferSize, 0),
    files: [location.pathname.slice(1), ...before.map((r) => new URL(r.name).pathname.slice(1))],
    resources_before: before.map((r) => [r.name.replace(location.origin + '/', ''), r.transferSize]),
    pyodide_before: before.filter((r) => r.name.includes('/pyodide/')).length,
    python_start: start, python_ready: pythonReady, ready, gap, phases: window.__assistantTimings ?? {},
  };
}"""

# Click an answer and resolve with the time until the frame after the next
# step is shown (static: displayed; Python: drawn by the runtime).
CLICK = """async ([node, key, next, python]) => {
  const link = document.querySelector(`#etape-${node} .assistant-choice[data-key="${key}"]`);
  const target = document.getElementById(`etape-${next}`);
  const shown = () => getComputedStyle(target).display !== 'none'
    && (!python || (target.classList.contains('is-current') && target.querySelector('.assistant-stepno').textContent !== ''));
  return await new Promise((resolve) => {
    const t0 = performance.now();
    const check = () => shown() ? requestAnimationFrame(() => resolve(performance.now() - t0)) : requestAnimationFrame(check);
    link.click();
    requestAnimationFrame(check);
  });
}"""

# The LRN page: when the check form was submitted, and the frame after its
# findings (not the « waiting for Python » note) were put in the page.
LRN_PROBE = """
window.__lrn = { submit: null, answer: null, failed: null };
document.addEventListener('submit', (event) => {
  if (event.target.id === 'lrn-check-form' && window.__lrn.submit === null) window.__lrn.submit = performance.now();
}, true);
new MutationObserver((records) => {
  for (const record of records) {
    const state = record.target.dataset?.state;
    if (record.target.id !== 'lrn-one-result' || !['ok', 'warning', 'error'].includes(state) || window.__lrn.answer !== null) continue;
    if (record.target.querySelector('.lrn-ok, .lrn-findings')) {
      window.__lrn.answer = -1;
      requestAnimationFrame(() => { window.__lrn.answer = performance.now(); });
    } else {
      window.__lrn.failed = record.target.textContent.trim();  // « La vérification a échoué… »
    }
  }
}).observe(document, { subtree: true, attributes: true, attributeFilter: ['data-state'] });
"""

LRN_FIGURES = """() => {
  const mark = (name) => performance.getEntriesByName(name)[0]?.startTime ?? null;
  const result = document.getElementById('lrn-one-result');
  return { ...window.__lrn, python_start: mark('python:start'), python_ready: mark('python:ready'),
           state: result.dataset.state, text: result.innerText.trim().slice(0, 160) };
}"""

# Every layout shift without recent input, from the start of the page.
SHIFTS = """
window.__shifts = [];
new PerformanceObserver((list) => {
  for (const entry of list.getEntries()) {
    if (entry.hadRecentInput) continue;
    window.__shifts.push({
      value: entry.value, at: entry.startTime,
      sources: (entry.sources ?? []).map((source) => {
        const node = source.node;
        if (!node || node.nodeType !== 1) return node ? node.nodeName : '?';
        return node.localName + (node.id ? '#' + node.id : '') + [...node.classList].slice(0, 2).map((c) => '.' + c).join('');
      }),
    });
  }
}).observe({ type: 'layout-shift', buffered: true });
"""

# Wait for the load, the page's Python tools (if any) ready or given up, then
# 1 s without a shift; return the shifts.
SETTLE = """async () => {
  const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
  const limit = performance.now() + 120000;
  if (document.readyState !== 'complete') await new Promise((resolve) => addEventListener('load', resolve, { once: true }));
  const tools = [...document.querySelectorAll('#assistant, #lrn-helper, [data-lrn-check]')];
  const settled = () => tools.every((tool) => ['python', 'fallback'].includes(tool.dataset.mode));
  while (!settled() && performance.now() < limit) await sleep(50);
  const ready = performance.now();
  for (;;) {
    const last = Math.max(ready, ...window.__shifts.map((shift) => shift.at));
    const wait = last + 1000 - performance.now();
    if (wait <= 0 || performance.now() > limit) break;
    await sleep(wait);
  }
  return {
    cls: window.__shifts.reduce((sum, shift) => sum + shift.value, 0),
    shifts: window.__shifts, ready: tools.length ? ready : null,
    modes: tools.map((tool) => tool.dataset.mode ?? null),
  };
}"""

# The yardstick: a bare page whose module worker only starts the same Pyodide
# (no theme, no assistant): how fast Pyodide itself starts on this machine.
# Scripts in files, not inline: the site's Content-Security-Policy is sent.
BASELINE = {
    "/__pyodide_seul__/index.html": ("text/html", """<!doctype html><meta charset="utf-8"><title>Pyodide seul</title>
<script type="module" src="main.mjs"></script>"""),
    "/__pyodide_seul__/main.mjs": ("text/javascript", """
const worker = new Worker("worker.mjs", { type: "module" });
worker.onmessage = (event) => { window.__ready = event.data - performance.timeOrigin; };
"""),
    "/__pyodide_seul__/worker.mjs": ("text/javascript", """
const base = new URL("../assets/pyodide/", import.meta.url).href;
const { loadPyodide } = await import(base + "pyodide.mjs");
const pyodide = await loadPyodide({ indexURL: base });
pyodide.runPython("1 + 1");
postMessage(performance.timeOrigin + performance.now());
"""),
}


class _Handler(preview.Handler):
    """`./dev preview`'s handler (MIME types, cache policy, security headers), plus the bare Pyodide page."""

    def do_GET(self) -> None:
        page = BASELINE.get(self.path.split("?")[0])
        if page is None:
            return super().do_GET()
        body = page[1].encode()
        self.send_response(200)
        self.send_header("Content-Type", f"{page[0]}; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


def build(dest: Path, site_url: str) -> None:
    done = build_site(dest, env={"SITE_URL": site_url})
    if done.returncode != 0:
        sys.exit(f"mkdocs build a échoué :\n{done.stdout}")


def built_for(site: Path) -> tuple[str, int] | None:
    """The local address (host, port) a built site was built for (its sitemap), if it is one."""
    try:
        sitemap = (site / "sitemap.xml").read_text(encoding="utf-8")
    except OSError:
        return None
    found = re.search(r"<loc>\s*http://(127\.0\.0\.1|localhost):(\d+)/", sitemap)
    return (found.group(1), int(found.group(2))) if found else None


def bind(site: Path, port: int) -> preview.Server:
    policy = preview.csp.read_policy(site) if (site / preview.csp.POLICY_FILE).is_file() else ""
    handler = functools.partial(_Handler, directory=str(site), headers=preview.security_headers(policy), quiet=True)
    return preview.Server(("127.0.0.1", port), handler)


def nav_pages() -> list[str]:
    """Every page of mkdocs.yml's nav, as built file names (as the tests read it)."""
    return [name for _title, name in _nav_pages()]


# ---------------------------------------------------------------- one measure

def new_context(browser: Any, base: str, **options: Any) -> Any:
    return browser.new_context(viewport=VIEWPORT, locale="fr-FR", base_url=base, **options)


def open_profile(playwright: Any, profile: Path, base: str) -> tuple[Any, Any]:
    """A browser on a persistent profile (its disk cache kept in that folder): (context, page)."""
    context = playwright.chromium.launch_persistent_context(
        str(profile), executable_path=CHROMIUM, args=CHROMIUM_ARGS,
        viewport=VIEWPORT, locale="fr-FR", base_url=base,
    )
    return context, context.pages[0] if context.pages else context.new_page()


def wasm_fetch(request: Any) -> dict[str, Any]:
    """How pyodide.asm.wasm came: HTTP status and body bytes received."""
    try:
        response = request.response()
        return {"status": response.status if response else None, "body_bytes": request.sizes()["responseBodySize"]}
    except Exception as error:  # noqa: BLE001 - a figure to read, not a failure
        return {"error": str(error)}


def wait_tool(page: Any, name: str) -> str:
    """Wait for the page's tool to end loading; its mode ("python" or "fallback")."""
    page.wait_for_function(
        "(root) => ['python', 'fallback'].includes(document.querySelector(root)?.dataset.mode)", arg=TOOLS[name], timeout=READY_MS,
    )
    return page.evaluate("(root) => document.querySelector(root).dataset.mode", TOOLS[name])


# Why Python did not load, as the page says it (the tools' status lines).
FAILURE = """() => [...document.querySelectorAll('.assistant-status, .lrn-status, [data-lrn-result]')]
  .map((node) => node.textContent.trim()).filter((text) => text.includes('Python')).join(' ')"""


def load_page(page: Any, failures: list[str]) -> dict[str, Any]:
    page.goto(PAGE)
    mode = wait_tool(page, PAGE)
    if mode != "python":
        failures.append(f"{PAGE} : {page.evaluate(FAILURE)}")
    return {**page.evaluate(PAGE_FIGURES), "mode": mode}


def assistant_visit(playwright: Any, profile: Path, base: str, failures: list[str],
                    clicks: Callable[[Any], None] | None = None) -> dict[str, Any]:
    """The assistant page in a browser on this profile; then clicks(page) if Python took over."""
    context, page = open_profile(playwright, profile, base)
    try:
        context.add_init_script(TICKS)
        wasm: list[Any] = []
        context.on("request", lambda request: wasm.append(request) if request.url.endswith("/pyodide.asm.wasm") else None)
        figures = load_page(page, failures)
        figures["wasm"] = [wasm_fetch(request) for request in wasm]
        if clicks is not None and figures["mode"] == "python":
            clicks(page)
        return figures
    finally:
        context.close()


def baseline_visit(playwright: Any, profile: Path, base: str) -> float:
    context, page = open_profile(playwright, profile, base)
    try:
        page.goto("__pyodide_seul__/index.html")
        page.wait_for_function("() => window.__ready", timeout=READY_MS)
        return page.evaluate("() => window.__ready")
    finally:
        context.close()


def click_times(page: Any, chart: Any, python: bool) -> list[float]:
    times = []
    walk = chart.walk()
    for key in PATH:
        after = walk.answer(key)
        times.append(page.evaluate(CLICK, [walk.current, key, after.current, python]))
        walk = after
    return times


def static_clicks(browser: Any, base: str, chart: Any) -> list[float]:
    """Static mode: Pyodide blocked, the static assistant driven by its links."""
    context = new_context(browser, base)
    try:
        context.route("**/assets/pyodide/**", lambda route: route.fulfill(status=404, body=""))
        page = context.new_page()
        page.goto(PAGE)
        page.wait_for_selector('#assistant[data-mode="fallback"]', state="attached", timeout=60_000)
        return click_times(page, chart, python=False)
    finally:
        context.close()


def early_lrn(browser: Any, base: str, failures: list[str]) -> dict[str, Any]:
    """numero-lrn.html, a number submitted as soon as the form takes it."""
    context = new_context(browser, base)
    try:
        context.add_init_script(LRN_PROBE)
        page = context.new_page()
        page.goto(LRN_PAGE, wait_until="commit")
        page.locator("#lrn-one").fill(LRN_NUMBER)  # as soon as it is visible
        page.locator("#lrn-check-form button[type=submit]").click()  # as soon as the script enabled it
        page.wait_for_function("() => window.__lrn.answer > 0 || window.__lrn.failed !== null", timeout=READY_MS)
        figures = page.evaluate(LRN_FIGURES)
        if figures["failed"] is not None:
            failures.append(f"{LRN_PAGE} : {figures['failed']}")
            figures["answer"] = None
        return figures
    finally:
        context.close()


def one_visit(browser: Any, base: str) -> dict[str, Any]:
    """Assistant → « Numéro LRN » → « Document de secours » by the nav's links."""
    context = new_context(browser, base)
    wasm: list[str] = []
    workers: list[str] = []
    try:
        context.on("request", lambda request: wasm.append(request.url) if request.url.endswith("/pyodide.asm.wasm") else None)
        page = context.new_page()
        page.on("worker", lambda worker: workers.append(worker.url))
        page.goto(PAGE)
        modes = [wait_tool(page, PAGE)]
        page.evaluate("() => { window.__sameDocument = true; }")
        for target in (LRN_PAGE, DOCUMENT_PAGE):
            page.locator(f'.md-nav--primary a.md-nav__link[href$="{target}"]:visible').first.click()
            page.wait_for_url(f"**/{target}")
            modes.append(wait_tool(page, target))
        instant = page.evaluate("() => window.__sameDocument === true")
        # The theme's search worker aside, every worker is one of the site's:
        # one Python worker per visit (python-worker.mjs), none other.
        ours = [url for url in workers if "/assets/javascripts/workers/" not in url]
        return {"pyodide_loads": len(wasm), "workers": len(ours), "worker_urls": workers,
                "instant_navigation": instant, "modes": modes}
    finally:
        context.close()


def layout_shift(browser: Any, base: str, name: str) -> dict[str, Any]:
    context = new_context(browser, base)
    try:
        context.add_init_script(SHIFTS)
        page = context.new_page()
        page.goto(name)
        return page.evaluate(SETTLE)
    finally:
        context.close()


# ---------------------------------------------------------------- figures

def spread(values: list[float | None]) -> dict[str, Any] | None:
    """Median and range of the runs that gave a value."""
    values = [v for v in values if v is not None]
    if not values:
        return None
    return {"median": statistics.median(values), "min": min(values), "max": max(values), "runs": len(values)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--site", type=Path, help="a built site (default: build one into build/benchmark-site)")
    parser.add_argument("--json", type=Path, help="also write the figures to this file")
    args = parser.parse_args()
    sys.path.insert(0, str(ROOT / "src"))

    # The socket first: the site is built for its address (instant navigation).
    warnings: list[str] = []
    if args.site is None:
        site = ROOT / "build" / "benchmark-site"
        server = bind(site, 0)
        base = f"http://127.0.0.1:{server.server_address[1]}/"
        print("Construction du site…", file=sys.stderr)
        build(site, base)
    else:
        site = args.site
        address = built_for(site)
        server = None
        if address is not None:
            try:
                server = bind(site, address[1])
            except OSError:
                server = None
        if server is None:
            server = bind(site, 0)
            warnings.append(f"{site} n'a pas été construit pour l'adresse où il est servi : la navigation instantanée "
                            "est désactivée, le nombre de chargements par visite ne vaut rien (omettre --site)")
        base = f"http://127.0.0.1:{server.server_address[1]}/"
    threading.Thread(target=server.serve_forever, daemon=True).start()
    from gammaflow.runtime import Chart

    chart = Chart(json.loads((site / "assets" / "flow" / "assistant.json").read_text(encoding="utf-8")))
    pages = nav_pages()

    from playwright.sync_api import sync_playwright

    cold: list[dict[str, Any]] = []
    warm: list[dict[str, Any]] = []
    baseline: dict[str, list[float]] = {"cold": [], "warm": []}
    clicks: dict[str, list[float]] = {"static": [], "python": []}
    lrn: list[dict[str, Any]] = []
    visits: list[dict[str, Any]] = []
    shifts: dict[str, list[dict[str, Any]]] = {name: [] for name in pages}
    failures: list[str] = []
    with sync_playwright() as playwright, tempfile.TemporaryDirectory(prefix="gamma2-bench-") as scratch:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        for run in range(args.runs):
            print(f"Passe {run + 1}/{args.runs} : assistant à froid et à chaud…", file=sys.stderr)
            profile = Path(scratch) / f"profil-{run}"
            cold.append(assistant_visit(playwright, profile, base, failures,
                                        lambda page: clicks["python"].extend(click_times(page, chart, python=True))))
            warm.append(assistant_visit(playwright, profile, base, failures))  # the same profile, the browser reopened
            bare = Path(scratch) / f"pyodide-seul-{run}"
            for state in ("cold", "warm"):
                baseline[state].append(baseline_visit(playwright, bare, base))
            print(f"Passe {run + 1}/{args.runs} : assistant statique, LRN soumis tôt, une visite…", file=sys.stderr)
            clicks["static"] += static_clicks(browser, base, chart)
            lrn.append(early_lrn(browser, base, failures))
            visits.append(one_visit(browser, base))
            print(f"Passe {run + 1}/{args.runs} : décalages de mise en page ({len(pages)} pages)…", file=sys.stderr)
            for name in pages:
                shifts[name].append(layout_shift(browser, base, name))
        browser.close()
    server.shutdown()
    server.server_close()

    def gzipped(files: list[str]) -> int:
        """What a server compressing text (gzip -6) would send for these files."""
        import gzip

        total = 0
        for name in files:
            data = (site / name).read_bytes()
            total += len(data) if name.endswith((".woff2", ".wasm", ".zip")) else len(gzip.compress(data, 6))
        return total

    def figures(runs: list[dict[str, Any]]) -> dict[str, Any]:
        return {
            "dcl_ms": spread([r["dcl"] for r in runs]),
            "fcp_ms": spread([r["fcp"] for r in runs]),
            "bytes_before_first_answer": spread([r["bytes"] for r in runs]),
            "bytes_before_first_answer_gzip": spread([gzipped(r["files"]) for r in runs]),
            "pyodide_files_before_first_answer": max(r["pyodide_before"] for r in runs),
            "python_ready_ms": spread([r["python_ready"] for r in runs]),
            "assistant_python_ready_ms": spread([r["ready"] for r in runs]),
            "python_start_ms": spread([r["python_start"] for r in runs]),
            "longest_main_thread_gap_ms": spread([r["gap"] for r in runs]),
            "worker_phases_ms": {phase: spread([r["phases"].get(phase) for r in runs]) for phase in ("worker", "pyodide")},
            "pyodide_wasm": [r["wasm"] for r in runs],
        }

    def answered(r: dict[str, Any]) -> float | None:
        return None if r["answer"] is None or r["submit"] is None else r["answer"] - r["submit"]

    def submitted(r: dict[str, Any]) -> bool:
        return r["submit"] is not None and (r["python_ready"] is None or r["submit"] < r["python_ready"])

    result: dict[str, Any] = {
        "runs": args.runs,
        "load_average": os.getloadavg(),
        "cpus": os.cpu_count(),
        "warnings": warnings,
        "python_failures": sorted(set(failures)),
        "cold": figures(cold),
        "warm": figures(warm),
        "bare_pyodide_ready_ms": {state: spread(times) for state, times in baseline.items()},
        "click_to_paint_ms": {mode: spread(times) for mode, times in clicks.items()},
        "early_lrn": {
            "submit_to_answer_ms": spread([answered(r) for r in lrn]),
            "navigation_to_answer_ms": spread([r["answer"] for r in lrn]),
            "submitted_at_ms": spread([r["submit"] for r in lrn]),
            "python_ready_ms": spread([r["python_ready"] for r in lrn]),
            "submitted_while_loading": sum(submitted(r) for r in lrn),
            "answers": sorted({f"{r['state']} : {r['text']}" for r in lrn}),
        },
        "pyodide_loads_per_visit": {
            "per_run": [v["pyodide_loads"] for v in visits],
            "workers_per_run": [v["workers"] for v in visits],
            "worker_urls": sorted({url for v in visits for url in v["worker_urls"]}),
            "instant_navigation": all(v["instant_navigation"] for v in visits),
            "python_everywhere": all(mode == "python" for v in visits for mode in v["modes"]),
        },
        "cls": {name: {**(spread([r["cls"] for r in runs]) or {}),
                       "has_python_tool": any(r["ready"] is not None for r in runs),
                       "tool_modes": sorted({m or "—" for r in runs for m in r["modes"]}),
                       "largest_shifts": sorted((s for r in runs for s in r["shifts"]), key=lambda s: -s["value"])[:3]}
                for name, runs in shifts.items()},
        "resources_before_first_answer": cold[0]["resources_before"],
    }

    # ------------------------------------------------------------ budgets
    budgets: list[dict[str, Any]] = []

    def budget(label: str, figure: dict[str, Any] | None, limit: str, met: bool | None, unit: str) -> None:
        budgets.append({"figure": label, "value": figure, "unit": unit, "budget": limit, "met": met})

    def within(figure: dict[str, Any] | None, limit: float, strict: bool = False) -> bool | None:
        if figure is None:
            return None
        return figure["median"] < limit if strict else figure["median"] <= limit

    c, w = result["cold"], result["warm"]
    budget("Octets avant la première réponse cliquable (à froid)", c["bytes_before_first_answer"], "< 600 Ko",
           within(c["bytes_before_first_answer"], 600 * 1024, strict=True), "Ko")
    budget("Fichiers Pyodide avant la première réponse", spread([r["pyodide_before"] for r in cold + warm]), "0",
           max(r["pyodide_before"] for r in cold + warm) == 0, "n")
    budget("Python prêt, à froid (profil neuf)", c["python_ready_ms"], "≤ 2,0 s", within(c["python_ready_ms"], 2000), "s")
    budget("Python prêt, à chaud (même profil rouvert)", w["python_ready_ms"], "≤ 1,0 s", within(w["python_ready_ms"], 1000), "s")
    for state, figs in (("à froid", c), ("à chaud", w)):
        budget(f"Plus long blocage du fil principal ({state})", figs["longest_main_thread_gap_ms"], "< 100 ms",
               within(figs["longest_main_thread_gap_ms"], 100, strict=True), "ms")
    for mode, label in (("static", "statique"), ("python", "Python")):
        budget(f"Clic → étape suivante affichée ({label})", result["click_to_paint_ms"][mode], "< 50 ms",
               within(result["click_to_paint_ms"][mode], 50, strict=True), "ms")
    budget("LRN soumis tôt : envoi → réponse", result["early_lrn"]["submit_to_answer_ms"], "—", None, "ms")
    budget("LRN soumis tôt : début de navigation → réponse", result["early_lrn"]["navigation_to_answer_ms"], "—", None, "ms")
    loads = result["pyodide_loads_per_visit"]
    budget("Chargements de Pyodide par visite (assistant → LRN → document)", spread(loads["per_run"]), "= 1 à chaque passe",
           bool(loads["per_run"]) and all(n == 1 for n in loads["per_run"]) and all(n == 1 for n in loads["workers_per_run"])
           and loads["instant_navigation"] and loads["python_everywhere"], "n")
    for name, figure in result["cls"].items():
        budget(f"CLS {name}", figure or None, "≤ 0,02", within(figure or None, 0.02), "cls")
    result["budgets"] = budgets

    if args.json:
        args.json.write_text(json.dumps(result, indent=2, ensure_ascii=False), encoding="utf-8")

    # ------------------------------------------------------------ printing
    def ms(value: float | None) -> str:
        return "—" if value is None else f"{value:.0f} ms"

    def fmt(figure: dict[str, Any] | None, unit: str) -> str:
        if not figure:
            return "—"
        one = {
            "ms": lambda v: f"{v:.0f}", "s": lambda v: f"{v / 1000:.2f}".replace(".", ","),
            "Ko": lambda v: f"{v / 1024:.0f}", "cls": lambda v: f"{v:.3f}".replace(".", ","), "n": lambda v: f"{v:g}",
        }[unit]
        suffix = {"ms": " ms", "s": " s", "Ko": " Ko", "cls": "", "n": ""}[unit]
        if figure["min"] == figure["max"]:
            return f"{one(figure['median'])}{suffix}"
        return f"{one(figure['median'])}{suffix} ({one(figure['min'])}–{one(figure['max'])})"

    def med(figure: dict[str, Any] | None) -> float | None:
        return figure["median"] if figure else None

    print(f"\nMédianes (et étendues) de {args.runs} passes, Chromium sans tête, 127.0.0.1 "
          f"({result['cpus']} cœurs, charge {result['load_average'][0]:.1f})")
    for warning in warnings:
        print(f"Attention : {warning}")
    for failure in result["python_failures"]:
        print(f"Python n'a pas pu se charger : {failure}")
    print("À froid : profil neuf ; à chaud : le même profil sur disque, navigateur fermé puis rouvert.\n")
    print(f"{'Assistant':52} {'à froid':>22} {'à chaud':>22}")
    rows = [
        ("Première étape utilisable (DOMContentLoaded)", "dcl_ms", "ms"),
        ("Premier affichage (FCP)", "fcp_ms", "ms"),
        ("Octets avant la première réponse cliquable", "bytes_before_first_answer", "Ko"),
        ("  (le même, servi compressé par gzip)", "bytes_before_first_answer_gzip", "Ko"),
    ]
    for label, key, unit in rows:
        print(f"{label:52} {fmt(c[key], unit):>22} {fmt(w[key], unit):>22}")
    print(f"{'  dont fichiers Pyodide':52} {c['pyodide_files_before_first_answer']:>22} {w['pyodide_files_before_first_answer']:>22}")
    print(f"{'Moteur Python démarré (python:start)':52} {fmt(c['python_start_ms'], 'ms'):>22} {fmt(w['python_start_ms'], 'ms'):>22}")
    for phase, label in (("worker", "  worker démarré"), ("pyodide", "  Pyodide démarré, paquet installé")):
        print(f"{label:52} {fmt(c['worker_phases_ms'][phase], 'ms'):>22} {fmt(w['worker_phases_ms'][phase], 'ms'):>22}")
    print(f"{'Python prêt (python:ready)':52} {fmt(c['python_ready_ms'], 'ms'):>22} {fmt(w['python_ready_ms'], 'ms'):>22}")
    print(f"{'Assistant Python prêt (assistant:python-ready)':52} {fmt(c['assistant_python_ready_ms'], 'ms'):>22} {fmt(w['assistant_python_ready_ms'], 'ms'):>22}")
    b = result["bare_pyodide_ready_ms"]
    print(f"{'  pour comparer : Pyodide seul (page minimale)':52} {fmt(b['cold'], 'ms'):>22} {fmt(b['warm'], 'ms'):>22}")

    def wasm_summary(runs: list[list[dict[str, Any]]]) -> str:
        parts = {f"{f.get('status', '?')}, {f.get('body_bytes', 0) / 1e6:.1f} Mo" for fetches in runs for f in fetches}
        return " / ".join(sorted(parts)) or "—"

    print(f"{'  pyodide.asm.wasm reçu (statut, corps)':52} {wasm_summary(c['pyodide_wasm']):>22} {wasm_summary(w['pyodide_wasm']):>22}")
    print(f"{'Plus long blocage du fil principal':52} {fmt(c['longest_main_thread_gap_ms'], 'ms'):>22} {fmt(w['longest_main_thread_gap_ms'], 'ms'):>22}")
    for mode, label in (("static", "statique"), ("python", "Python")):
        print(f"{f'Clic → étape suivante affichée ({label})':52} {fmt(result['click_to_paint_ms'][mode], 'ms'):>22}")

    e = result["early_lrn"]
    print(f"\nLRN soumis tôt ({LRN_PAGE}, contexte neuf, {LRN_NUMBER})")
    print(f"{'  envoi (depuis le début de la navigation)':52} {fmt(e['submitted_at_ms'], 'ms'):>22}")
    print(f"{'  Python prêt':52} {fmt(e['python_ready_ms'], 'ms'):>22}")
    print(f"{'  envoi → réponse affichée':52} {fmt(e['submit_to_answer_ms'], 'ms'):>22}")
    print(f"{'  début de navigation → réponse affichée':52} {fmt(e['navigation_to_answer_ms'], 'ms'):>22}")
    print(f"{'  envoyé pendant le chargement de Python':52} {f'{e['submitted_while_loading']} / {len(lrn)}':>22}")
    for answer in e["answers"]:
        print(f"    réponse : {answer}")

    print(f"\nUne visite : {PAGE} → {LRN_PAGE} → {DOCUMENT_PAGE} (liens de la navigation)")
    print(f"{'  pyodide.asm.wasm demandé, par passe':52} {', '.join(map(str, loads['per_run'])):>22}")
    print(f"{'  workers du site créés (hors recherche), par passe':52} {', '.join(map(str, loads['workers_per_run'])):>22}")
    print(f"{'  navigation instantanée (sans rechargement)':52} {'oui' if loads['instant_navigation'] else 'NON':>22}")
    print(f"{'  chaque outil en mode Python':52} {'oui' if loads['python_everywhere'] else 'NON':>22}")
    for url in loads["worker_urls"]:
        print(f"    worker : {url.replace(base, '')}")

    print("\nDécalage cumulé de mise en page (CLS), 1280×800, contexte neuf")
    for name, figure in result["cls"].items():
        note = " (outil Python : " + ", ".join(figure["tool_modes"]) + ")" if figure["has_python_tool"] else ""
        print(f"  {name + note:50} {fmt(figure or None, 'cls'):>22}")
        if med(figure) and figure["median"] > 0.02:
            for shift in figure["largest_shifts"]:
                print(f"      {shift['value']:.3f} à {shift['at']:.0f} ms : {', '.join(shift['sources']) or '?'}")

    print(f"\n{'Chiffre':60} {'médiane (min–max)':>26} {'budget':>20}  tenu")
    for row in budgets:
        verdict = {True: "oui", False: "NON", None: "—"}[row["met"]]
        print(f"{row['figure']:60} {fmt(row['value'], row['unit']):>26} {row['budget']:>20}  {verdict}")


if __name__ == "__main__":
    main()
