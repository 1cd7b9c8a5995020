"""Serve the built site as a production server would: `./dev preview`.

    .venv/bin/python scripts/preview.py [--port 8000] [--bind 127.0.0.1] [site]

Unlike `./dev serve` (MkDocs' live-reloading development server), this
serves the folder that `./dev build` wrote, with what the servers configured
from deploy/ send: the right MIME types (.wasm, .mjs…), the cache policy, the
Content-Security-Policy the build computed (site/csp.txt) and the other
security headers. The test suite (tests/sitefixtures.py: site_server,
csp_server, serve_site) and the benchmarks serve the site with this module
too, so the browser tests run under these headers.
"""

from __future__ import annotations

import argparse
import functools
import http.server
import re
import sys
import threading
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

import csp  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent

MIME_TYPES = {
    ".html": "text/html; charset=utf-8",
    ".wasm": "application/wasm",
    ".mjs": "text/javascript",
    ".js": "text/javascript",
    ".css": "text/css",
    ".json": "application/json",
    ".svg": "image/svg+xml",
    ".woff2": "font/woff2",
    ".xml": "application/xml",
    ".txt": "text/plain; charset=utf-8",
    ".map": "application/json",
    ".png": "image/png",
    ".zip": "application/zip",
    ".whl": "application/zip",
    ".dot": "text/plain; charset=utf-8",
    ".gz": "application/gzip",
}

# Names that change whenever their content does: the theme's bundles and
# style sheets (main.57a0d79d.min.css), and the fonts (from a pinned npm
# package). Everything else keeps its name from one version to the next
# (pages, assets/flow/, assets/css/, assets/js/, assets/pyodide/, search/,
# sitemap.xml) and is revalidated on every use (a 304 when unchanged).
IMMUTABLE = re.compile(r"(^|/)assets/(javascripts|stylesheets)/(.+/)?[^/]+\.[0-9a-f]{8}\.min\.(js|css)(\.map)?$|(^|/)assets/fonts/[^/]+\.woff2$")
LONG_CACHE = "public, max-age=31536000, immutable"
REVALIDATE = "no-cache"


def cache_control(path: str) -> str:
    """The Cache-Control value for a URL path."""
    return LONG_CACHE if IMMUTABLE.search(path) else REVALIDATE


def security_headers(policy: str | None) -> dict[str, str]:
    headers = dict(csp.RESPONSE_HEADERS)
    if policy:
        headers["Content-Security-Policy"] = policy
    return headers


class Handler(http.server.SimpleHTTPRequestHandler):
    """Static files with MIME types, cache policy and security headers.

    headers: sent with every response (the policy among them); quiet: no
    request log (the tests).
    """

    protocol_version = "HTTP/1.1"  # keep-alive: a page asks for some twenty files
    extensions_map = {**http.server.SimpleHTTPRequestHandler.extensions_map, **MIME_TYPES}
    extra_headers: Mapping[str, str] = {}
    quiet = False

    def __init__(self, *args: Any, headers: Mapping[str, str] | None = None, quiet: bool = False, **kwargs: Any) -> None:
        self.extra_headers = dict(headers or {})
        self.quiet = quiet
        super().__init__(*args, **kwargs)

    status = 200

    def send_response(self, code: int, message: str | None = None) -> None:
        self.status = code
        super().send_response(code, message)

    def end_headers(self) -> None:
        for name, value in self.extra_headers.items():
            # The font preload, as the deploy files send it: not with errors (csp.FONT_PRELOAD).
            if name == csp.FONT_PRELOAD[0] and self.status >= 400:
                continue
            self.send_header(name, value)
        path = self.path.split("?", 1)[0].split("#", 1)[0]
        self.send_header("Cache-Control", cache_control(path))
        super().end_headers()

    def send_error(self, code: int, message: str | None = None, explain: str | None = None) -> None:
        # A missing page gets the site's own 404 page, as the deploy configs do.
        page = Path(self.directory) / "404.html"
        if code == 404 and page.is_file() and self.command in ("GET", "HEAD"):
            body = page.read_bytes()
            self.send_response(404, message)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            if self.command == "GET":
                self.wfile.write(body)
            return
        super().send_error(code, message, explain)

    def list_directory(self, path: Any) -> None:
        # No folder listings (nginx, Apache and IIS list none by default either).
        self.send_error(404)
        return None

    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 - the base class's name
        if not self.quiet:
            super().log_message(format, *args)


class Server(http.server.ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request: Any, client_address: Any) -> None:
        # A browser closing a connection mid-response is not a site defect.
        if isinstance(sys.exc_info()[1], ConnectionError):
            return
        super().handle_error(request, client_address)


def make_server(site: Path, *, host: str = "127.0.0.1", port: int = 8000, policy: str | None = None,
                headers: Mapping[str, str] | None = None, quiet: bool = False) -> Server:
    """A server for the built site. policy: the CSP to send (default: the
    build's site/csp.txt; "" for none); headers: more headers, or overrides."""
    if policy is None:
        policy = csp.read_policy(site)
    all_headers = {**security_headers(policy), **dict(headers or {})}
    handler = functools.partial(Handler, directory=str(site), headers=all_headers, quiet=quiet)
    return Server((host, port), handler)


@contextmanager
def serving(site: Path, **options: Any) -> Iterator[str]:
    """Serve the site in a background thread; yields its base URL (ending in /)."""
    server = make_server(site, **{"port": 0, **options})
    thread = threading.Thread(target=server.serve_forever, name="preview-server", daemon=True)
    thread.start()
    try:
        host, port = server.server_address[:2]
        yield f"http://{host}:{port}/"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=10)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Sert le site construit (site/) comme un serveur de production.")
    parser.add_argument("site", nargs="?", default=str(ROOT / "site"), help="le dossier du site construit (site/)")
    parser.add_argument("--bind", default="127.0.0.1", help="l'adresse d'écoute (127.0.0.1)")
    parser.add_argument("--port", type=int, default=8000, help="le port (8000)")
    args = parser.parse_args(argv)
    site = Path(args.site)
    if not (site / csp.POLICY_FILE).is_file():
        print(f"{site} ne contient pas de site construit ({csp.POLICY_FILE} absent) : lancer d'abord ./dev build", file=sys.stderr)
        return 2
    try:
        server = make_server(site, host=args.bind, port=args.port)
    except OSError as exc:
        print(f"impossible d'écouter sur {args.bind}:{args.port} ({exc.strerror}) ; essayer --port 8001", file=sys.stderr)
        return 1
    print(f"Site servi sur http://{args.bind}:{args.port}/ avec ses en-têtes de production (Ctrl+C pour arrêter)", file=sys.stderr)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
