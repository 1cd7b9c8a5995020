"""The diagram's size, compile time and time to show (a measure, not a test: nothing here fails).

    .venv/bin/python benchmarks/diagram.py [--runs 5] [--site DIR]

1. Compile: compile_flow(flow/gamma2.yaml) with and without the diagram; the
   difference of the medians is Graphviz's ``dot`` and the SVG's post-processing. Budget: no
   more than 0.05 s.
2. Size: the inline SVG's bytes (what every page showing the chart carries).
3. Show: on the Logigramme page (a built site, served on 127.0.0.1, Debian's
   headless Chromium at 1280×800, a new context each run), navigation start →
   DOMContentLoaded (the diagram is in the DOM) and → the mark
   "diagram:fitted" (diagram-zoom.js has fitted it to the screen). Budget: no
   more than 155 ms. Without --site, the site is built (strict) into
   build/benchmark-diagram-site.

Only public names of gammaflow are used (gammaflow.build.compile_flow).
Figures: the median and the range (min–max) of --runs runs.
"""

from __future__ import annotations

import argparse
import functools
import http.server
import os
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from gammaflow.build import compile_flow  # noqa: E402

GAMMA2 = ROOT / "flow" / "gamma2.yaml"


def figure(values: list[float], unit: str = "ms", scale: float = 1000, digits: int = 1) -> str:
    values = [v * scale for v in values]
    return f"{statistics.median(values):.{digits}f} {unit} ({min(values):.{digits}f}–{max(values):.{digits}f})"


def compile_times(runs: int) -> tuple[list[float], int]:
    with_dot, without = [], []
    size = 0
    for _ in range(runs):
        start = time.perf_counter()
        outputs = compile_flow(GAMMA2)
        with_dot.append(time.perf_counter() - start)
        size = len(outputs.svg.encode("utf-8"))
        start = time.perf_counter()
        compile_flow(GAMMA2, diagram=False)
        without.append(time.perf_counter() - start)
    return [statistics.median(with_dot) - statistics.median(without)], size


def show_times(site: Path, runs: int) -> tuple[list[float], list[float]]:
    from playwright.sync_api import sync_playwright

    class Quiet(http.server.SimpleHTTPRequestHandler):
        def log_message(self, *args: object) -> None:
            pass

        def handle(self) -> None:
            try:
                super().handle()
            except (BrokenPipeError, ConnectionResetError):  # the browser closed a page mid-answer
                pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Quiet, directory=str(site)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    url = f"http://127.0.0.1:{server.server_address[1]}/logigramme.html"
    loaded, fitted = [], []
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path="/usr/bin/chromium", args=["--no-sandbox"])
            for _ in range(runs):
                context = browser.new_context(viewport={"width": 1280, "height": 800})
                page = context.new_page()
                page.goto(url)
                page.wait_for_function("() => performance.getEntriesByName('diagram:fitted').length > 0")
                times = page.evaluate("""() => ({dom: performance.getEntriesByType('navigation')[0].domContentLoadedEventEnd,
                                                 fitted: performance.getEntriesByName('diagram:fitted')[0].startTime})""")
                loaded.append(times["dom"] / 1000)
                fitted.append(times["fitted"] / 1000)
                context.close()
            browser.close()
    finally:
        server.shutdown()
    return loaded, fitted


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--site", type=Path, help="a built site (default: build one)")
    args = parser.parse_args()
    dot, size = compile_times(args.runs)
    print(f"diagram compile (dot and SVG): {figure(dot, 's', 1, 3)}   budget ≤ 0.05 s")
    print(f"diagram size (inline SVG): {size} bytes")
    site = args.site
    if site is None:
        site = ROOT / "build" / "benchmark-diagram-site"
        env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "GAMMAFLOW_SNAPSHOT": "0"}
        subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "-q", "-d", str(site)], cwd=ROOT, env=env, check=True)
    loaded, fitted = show_times(site, args.runs)
    print(f"Logigramme page, 1280×800: diagram in the DOM (DOMContentLoaded) {figure(loaded)}; fitted to the screen {figure(fitted)}   budget ≤ 155 ms")


if __name__ == "__main__":
    main()
