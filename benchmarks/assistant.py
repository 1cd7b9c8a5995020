"""How fast the assistant page is (a measure, not a test: nothing here fails).

    .venv/bin/python benchmarks/assistant.py [--runs 5] [--site DIR] [--json FILE]

Builds the site (strict) into build/benchmark-site unless --site names a built
one, serves it on 127.0.0.1 (with the MIME types a correct server sends) and
drives Debian's headless Chromium through Playwright. Every figure is the
median of --runs runs, cold (a new browser context: empty HTTP cache) and warm
(the same context, the page opened again):

1. First step usable: navigation start → DOMContentLoaded (the static
   assistant's first answer is then in the page and clickable), and first
   contentful paint. Budget: at DOMContentLoaded.
2. Bytes before the first answer is clickable: the page and every resource
   that finished loading before DOMContentLoaded (transferred bytes; this test
   server does not compress). Budget: under 600 KB; Pyodide is not on that path.
3. Python assistant ready: navigation start → the runtime took over the page
   (performance mark "assistant:python-ready"). Budget: cold < 2.5 s, warm < 1.2 s.
4. Longest main-thread gap while Pyodide loads: a 10 ms timer runs from the
   start of the page; the longest interval between two ticks, from the start
   of the Pyodide load to the Python assistant ready. Budget: < 100 ms.
5. An answer click → the next step painted (the frame after the DOM change),
   in the static mode (Pyodide blocked: what a reader gets before or without
   Python) and in the Python mode. Budget: < 50 ms.

The machine's load is printed too: on a busy 2-core machine the figures move.
"""

from __future__ import annotations

import argparse
import functools
import http.server
import json
import os
import statistics
import subprocess
import sys
import threading
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
    "--disable-features=AutofillServerCommunication",
]
PAGE = "assistant.html"
PATH = ("suite", "pas-de-panne-locale", "non-signale", "dti-plus", "panne")

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
  const start = mark('assistant:pyodide-start');
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
    ready, gap, phases: window.__assistantTimings ?? {},
  };
}"""

# Click an answer and resolve with the time until the frame after the next
# step is shown (static: displayed; Python: drawn by the runtime).
CLICK = """async ([node, key, next, python]) => {
  const link = document.querySelector(`#etape-${node} .wz-choice[data-key="${key}"]`);
  const target = document.getElementById(`etape-${next}`);
  const shown = () => getComputedStyle(target).display !== 'none'
    && (!python || (target.classList.contains('is-current') && target.querySelector('.wz-stepno').textContent !== ''));
  return await new Promise((resolve) => {
    const t0 = performance.now();
    const check = () => shown() ? requestAnimationFrame(() => resolve(performance.now() - t0)) : requestAnimationFrame(check);
    link.click();
    requestAnimationFrame(check);
  });
}"""


# The yardstick: a bare page whose module worker only starts the same Pyodide
# (no theme, no assistant): how fast Pyodide itself starts on this machine.
BASELINE = {
    "/__pyodide_seul__/index.html": ("text/html", """<!doctype html><meta charset="utf-8"><title>Pyodide seul</title>
<script type="module">
const worker = new Worker("worker.mjs", { type: "module" });
worker.onmessage = (event) => { window.__ready = event.data - performance.timeOrigin; };
</script>"""),
    "/__pyodide_seul__/worker.mjs": ("text/javascript", """
const base = new URL("../assets/pyodide/", import.meta.url).href;
const { loadPyodide } = await import(base + "pyodide.mjs");
const pyodide = await loadPyodide({ indexURL: base });
pyodide.runPython("1 + 1");
postMessage(performance.timeOrigin + performance.now());
"""),
}


class _Handler(http.server.SimpleHTTPRequestHandler):
    extensions_map = {
        **http.server.SimpleHTTPRequestHandler.extensions_map,
        ".wasm": "application/wasm", ".mjs": "text/javascript", ".js": "text/javascript",
        ".json": "application/json", ".woff2": "font/woff2", ".svg": "image/svg+xml",
    }

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

    def log_message(self, *args: Any) -> None:
        pass


class _Server(http.server.ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request: Any, client_address: Any) -> None:
        if not isinstance(sys.exc_info()[1], ConnectionError):  # a browser closing a connection early
            super().handle_error(request, client_address)


def build(dest: Path) -> None:
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "PYTHONDONTWRITEBYTECODE": "1"}
    done = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "-q", "-d", str(dest)],
        cwd=ROOT, env=env, capture_output=True, text=True, check=False,
    )
    if done.returncode != 0:
        sys.exit(f"mkdocs build a échoué :\n{done.stdout}{done.stderr}")


def serve(site: Path) -> tuple[http.server.ThreadingHTTPServer, str]:
    server = _Server(("127.0.0.1", 0), functools.partial(_Handler, directory=str(site)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}/"


def load_page(page: Any) -> dict[str, Any]:
    page.goto(PAGE)
    page.wait_for_selector('#assistant[data-mode="python"]', state="attached", timeout=120_000)
    return page.evaluate(PAGE_FIGURES)


def click_times(page: Any, chart: Any, python: bool) -> list[float]:
    times = []
    walk = chart.walk()
    for key in PATH:
        after = walk.answer(key)
        times.append(page.evaluate(CLICK, [walk.current, key, after.current, python]))
        walk = after
    return times


def median(values: list[float | None]) -> float | None:
    values = [v for v in values if v is not None]
    return statistics.median(values) if values else None


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--site", type=Path, help="a built site (default: build one into build/benchmark-site)")
    parser.add_argument("--json", type=Path, help="also write the figures to this file")
    args = parser.parse_args()
    sys.path.insert(0, str(ROOT / "src"))

    site = args.site
    if site is None:
        site = ROOT / "build" / "benchmark-site"
        print("Construction du site…", file=sys.stderr)
        build(site)
    server, base = serve(site)
    from gammaflow.runtime import Chart

    chart = Chart(json.loads((site / "assets" / "flow" / "wizard.json").read_text(encoding="utf-8")))

    from playwright.sync_api import sync_playwright

    cold: list[dict[str, Any]] = []
    warm: list[dict[str, Any]] = []
    baseline: dict[str, list[float]] = {"cold": [], "warm": []}
    clicks: dict[str, list[float]] = {"static": [], "python": []}
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        for run in range(args.runs):
            print(f"Passe {run + 1}/{args.runs}…", file=sys.stderr)
            context = browser.new_context(viewport={"width": 1280, "height": 800}, locale="fr-FR", base_url=base)
            context.add_init_script(TICKS)
            page = context.new_page()
            cold.append(load_page(page))
            clicks["python"] += click_times(page, chart, python=True)
            warm.append(load_page(page))  # the same context: HTTP and code caches warm
            context.close()
            context = browser.new_context(base_url=base)
            page = context.new_page()
            for state in ("cold", "warm"):
                page.goto(f"__pyodide_seul__/index.html?{state}")
                page.wait_for_function("window.__ready", timeout=120_000)
                baseline[state].append(page.evaluate("window.__ready"))
            context.close()
            # Static mode: Pyodide blocked, the static assistant driven by its links.
            context = browser.new_context(viewport={"width": 1280, "height": 800}, locale="fr-FR", base_url=base)
            context.route("**/assets/pyodide/**", lambda route: route.fulfill(status=404, body=""))
            page = context.new_page()
            page.goto(PAGE)
            page.wait_for_selector('#assistant[data-mode="fallback"]', state="attached", timeout=60_000)
            clicks["static"] += click_times(page, chart, python=False)
            context.close()
        browser.close()
    server.shutdown()

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
            "dcl_ms": median([r["dcl"] for r in runs]),
            "fcp_ms": median([r["fcp"] for r in runs]),
            "bytes_before_first_answer": median([r["bytes"] for r in runs]),
            "bytes_before_first_answer_gzip": median([gzipped(r["files"]) for r in runs]),
            "pyodide_files_before_first_answer": max(r["pyodide_before"] for r in runs),
            "python_ready_ms": median([r["ready"] for r in runs]),
            "longest_main_thread_gap_ms": median([r["gap"] for r in runs]),
            "longest_main_thread_gap_worst_ms": max(r["gap"] for r in runs),
        }

    result = {
        "runs": args.runs,
        "load_average": os.getloadavg(),
        "cpus": os.cpu_count(),
        "cold": figures(cold),
        "warm": figures(warm),
        "bare_pyodide_ready_ms": {state: median(times) for state, times in baseline.items()},
        "worker_phases_ms": {state: {phase: median([r["phases"].get(phase) for r in runs]) for phase in ("worker", "fetched", "pyodide", "runtime")}
                             for state, runs in (("cold", cold), ("warm", warm))},
        "click_to_paint_ms": {mode: {"median": median(times), "max": max(times)} for mode, times in clicks.items()},
        "resources_before_first_answer": cold[0]["resources_before"],
    }
    if args.json:
        args.json.write_text(json.dumps(result, indent=2, ensure_ascii=False), encoding="utf-8")

    def ms(value: float | None) -> str:
        return "—" if value is None else f"{value:.0f} ms"

    c, w = result["cold"], result["warm"]
    print(f"\nAssistant — médiane de {args.runs} passes, Chromium sans tête, 127.0.0.1 "
          f"({result['cpus']} cœurs, charge {result['load_average'][0]:.1f})\n")
    print(f"{'':48} {'à froid':>10} {'à chaud':>10}")
    print(f"{'Première étape utilisable (DOMContentLoaded)':48} {ms(c['dcl_ms']):>10} {ms(w['dcl_ms']):>10}")
    print(f"{'Premier affichage (FCP)':48} {ms(c['fcp_ms']):>10} {ms(w['fcp_ms']):>10}")
    print(f"{'Octets avant la première réponse cliquable':48} {c['bytes_before_first_answer'] / 1024:>7.0f} Ko {w['bytes_before_first_answer'] / 1024:>7.0f} Ko")
    print(f"{'  (le même, servi compressé par gzip)':48} {c['bytes_before_first_answer_gzip'] / 1024:>7.0f} Ko {'':>10}")
    print(f"{'  dont fichiers Pyodide':48} {c['pyodide_files_before_first_answer']:>10} {w['pyodide_files_before_first_answer']:>10}")
    print(f"{'Assistant Python prêt':48} {ms(c['python_ready_ms']):>10} {ms(w['python_ready_ms']):>10}")
    b = result["bare_pyodide_ready_ms"]
    print(f"{'  pour comparer : Pyodide seul (page minimale)':48} {ms(b['cold']):>10} {ms(b['warm']):>10}")
    for phase, label in (("worker", "worker démarré"), ("fetched", "logigramme (wizard.json) lu"), ("pyodide", "Pyodide démarré, paquet installé"), ("runtime", "moteur prêt")):
        print(f"{'  ' + label:48} {ms(result['worker_phases_ms']['cold'][phase]):>10} {ms(result['worker_phases_ms']['warm'][phase]):>10}")
    print(f"{'Plus long blocage du fil principal (médiane)':48} {ms(c['longest_main_thread_gap_ms']):>10} {ms(w['longest_main_thread_gap_ms']):>10}")
    print(f"{'Plus long blocage du fil principal (pire passe)':48} {ms(c['longest_main_thread_gap_worst_ms']):>10} {ms(w['longest_main_thread_gap_worst_ms']):>10}")
    for mode, label in (("static", "statique"), ("python", "Python")):
        figures_ = result["click_to_paint_ms"][mode]
        print(f"{f'Clic → étape suivante affichée ({label})':48} {ms(figures_['median']):>10} {'max ' + ms(figures_['max']):>10}")


if __name__ == "__main__":
    main()
