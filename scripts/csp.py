"""The site's Content-Security-Policy, computed from the built site.

After every build, scripts/hooks.py calls write_policy(site_dir): the policy,
with the sha256 of every inline script that mkdocs-material writes into the
pages, goes to site/csp.txt. The preview server (scripts/preview.py) sends it,
and the server configurations in deploy/ carry the same line:

    .venv/bin/python scripts/csp.py            # rewrite deploy/* from site/ (run ./dev build first)
    .venv/bin/python scripts/csp.py --check    # exit 1 if deploy/* differ from site/

tests/site/test_csp_policy.py fails when the committed deploy files and the
policy a build computes drift apart.

Why each source is in the policy (everything the site loads is its own):
- script-src 'self' 'wasm-unsafe-eval' + hashes: the theme's bundle and our
  scripts are files; Pyodide compiles WebAssembly, which needs
  'wasm-unsafe-eval' (not 'unsafe-eval'); mkdocs-material writes small inline
  scripts into each page (its scope and storage helpers, the tab restorer),
  allowed one by one by their sha256 rather than by 'unsafe-inline'.
- style-src 'self': no 'unsafe-inline'. The pages carry no style attribute
  and no <style> element (find_blockers() below fails the build if one
  appears); the diagram is Graphviz SVG with presentation attributes (fill=,
  stroke=), which CSP does not govern; the theme's and our scripts set styles
  through the CSSOM (element.style), which CSP allows. The browser suite
  (tests/browser/test_csp.py) runs every page under this policy and fails on
  any violation.
- img-src 'self' data:: the theme's CSS draws its icons (admonitions, lists,
  search…) with mask-image: url("data:image/svg+xml,…"); data: images cannot
  run script.
- font-src 'self': the Roboto files in assets/fonts/.
- connect-src 'self': the search index, the compiled flow, Pyodide's files
  and our wheel are fetched from the site itself.
- worker-src 'self': the search worker and the site's Python worker (python-worker.mjs).
- object-src 'none', base-uri 'self', form-action 'self', frame-ancestors
  'self': no plugins, no <base> hijack, forms (the search box) stay on the
  site, no framing by another site (frame-ancestors works only as a header,
  not in a <meta>).
"""

from __future__ import annotations

import base64
import hashlib
import re
import sys
from collections.abc import Iterable
from html.parser import HTMLParser
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEPLOY = ROOT / "deploy"
POLICY_FILE = "csp.txt"

# The policy's fixed part; script-src gets the inline scripts' hashes appended.
DIRECTIVES: tuple[tuple[str, str], ...] = (
    ("default-src", "'self'"),
    ("script-src", "'self' 'wasm-unsafe-eval'"),
    ("style-src", "'self'"),
    ("img-src", "'self' data:"),
    ("font-src", "'self'"),
    ("connect-src", "'self'"),
    ("worker-src", "'self'"),
    ("object-src", "'none'"),
    ("base-uri", "'self'"),
    ("form-action", "'self'"),
    ("frame-ancestors", "'self'"),
)

# The fonts of every page (assets/css/fonts.css: Roboto 300, 400 and 700, the
# theme's light titles, text and bold), announced with the HTML by a Link
# header, so that they arrive before the first layout and their swap does not
# reflow the page (measured on a phone: layout shift 0.08–0.13 without, 0 with).
# A header, not a <link rel="preload"> in the page: opened from a file, the page
# would get console errors for it. Relative URLs: every page is at the site's
# root, which may be a sub-folder. Not sent with errors: the 404 page, served at
# any depth, would resolve them to missing files.
PRELOADED_FONTS = tuple(f"assets/fonts/roboto-latin-{weight}-normal.woff2" for weight in (300, 400, 700))
FONT_PRELOAD = ("Link", ", ".join(f"<{font}>; rel=preload; as=font; crossorigin" for font in PRELOADED_FONTS))

# The other security headers every server sends with the policy.
SECURITY_HEADERS: tuple[tuple[str, str], ...] = (
    ("X-Content-Type-Options", "nosniff"),
    ("Referrer-Policy", "same-origin"),
    ("X-Frame-Options", "SAMEORIGIN"),
    ("Cross-Origin-Opener-Policy", "same-origin"),
    ("Permissions-Policy", "camera=(), microphone=(), geolocation=(), payment=(), usb=()"),
)

# Every header every server sends, besides the policy and Cache-Control.
RESPONSE_HEADERS: tuple[tuple[str, str], ...] = (*SECURITY_HEADERS, FONT_PRELOAD)

# <script type="…"> values that the browser runs (and CSP governs); any other
# type (application/json, the theme's __config) is a data block.
_RUNNABLE = re.compile(r"^(|module|importmap|speculationrules|(text|application)/(x-)?(java|ecma|j|live)script)$")


class _Scanner(HTMLParser):
    """Inline scripts, and what the policy would block, in one HTML file."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.scripts: list[str] = []
        self.blockers: list[str] = []
        self._script: list[str] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = dict(attrs)
        line = self.getpos()[0]
        for name, value in attrs:
            if name.startswith("on"):
                self.blockers.append(f"ligne {line} : attribut {name}= sur <{tag}>")
            elif name == "style":
                self.blockers.append(f"ligne {line} : attribut style= sur <{tag}>")
            elif name in ("href", "src", "action", "formaction", "xlink:href") and value is not None:
                if re.sub(r"[\x00-\x20]+", "", value).lower().startswith(("javascript:", "vbscript:")):
                    self.blockers.append(f"ligne {line} : {name}=« {value[:40]} » sur <{tag}>")
        if tag == "style":
            self.blockers.append(f"ligne {line} : élément <style>")
        if tag == "script" and "src" not in attributes:
            kind = (attributes.get("type") or "").split(";")[0].strip().lower()
            if _RUNNABLE.match(kind):
                self._script = []

    def handle_data(self, data: str) -> None:
        if self._script is not None:
            self._script.append(data)

    def handle_endtag(self, tag: str) -> None:
        if tag == "script" and self._script is not None:
            self.scripts.append("".join(self._script))
            self._script = None


def _scan(html: str) -> _Scanner:
    scanner = _Scanner()
    scanner.feed(html)
    scanner.close()
    return scanner


def inline_scripts(html: str) -> list[str]:
    """The text of every inline script the browser would run, as written."""
    return _scan(html).scripts


def script_hash(text: str) -> str:
    """The CSP source of one inline script: 'sha256-<base64>'."""
    digest = hashlib.sha256(text.encode("utf-8")).digest()
    return f"'sha256-{base64.b64encode(digest).decode('ascii')}'"


def html_files(site: Path) -> list[Path]:
    return sorted(Path(site).rglob("*.html"))


def site_hashes(site: Path) -> list[str]:
    """The hashes of the inline scripts of every page of a built site, sorted."""
    return sorted({script_hash(text) for path in html_files(site) for text in inline_scripts(path.read_text(encoding="utf-8"))})


def policy(hashes: Iterable[str]) -> str:
    """The policy line for these inline-script hashes."""
    parts = []
    for name, value in DIRECTIVES:
        if name == "script-src":
            value = " ".join([value, *sorted(set(hashes))])
        parts.append(f"{name} {value}")
    return "; ".join(parts)


def site_policy(site: Path) -> str:
    return policy(site_hashes(site))


def find_blockers(site: Path) -> list[str]:
    """What this policy would block in the built pages: event-handler and
    style attributes, <style> elements, javascript: URLs (none expected)."""
    found = []
    for path in html_files(site):
        for problem in _scan(path.read_text(encoding="utf-8")).blockers:
            found.append(f"{path.relative_to(site).as_posix()}, {problem}")
    return found


def write_policy(site: Path) -> str:
    """Compute the built site's policy and write it to site/csp.txt."""
    line = site_policy(site)
    (Path(site) / POLICY_FILE).write_text(line + "\n", encoding="utf-8")
    return line


def read_policy(site: Path) -> str:
    return (Path(site) / POLICY_FILE).read_text(encoding="utf-8").strip()


# ---------------------------------------------------------------- the deploy files
# Each file has exactly one line carrying the policy; these patterns find it
# (group 1: the text before the policy, group 2: the policy, group 3: after).
DEPLOY_LINES: dict[str, re.Pattern[str]] = {
    "nginx.conf": re.compile(r'^(\s*add_header\s+Content-Security-Policy\s+")([^"]*)("\s+always;\s*)$', re.M),
    "apache.htaccess": re.compile(r'^(\s*Header\s+always\s+set\s+Content-Security-Policy\s+")([^"]*)("\s*)$', re.M),
    "web.config": re.compile(r'^(\s*<add\s+name="Content-Security-Policy"\s+value=")([^"]*)("\s*/>\s*)$', re.M),
}


def deploy_policy(name: str, text: str) -> str:
    """The policy a deploy file carries (its one Content-Security-Policy line)."""
    found = DEPLOY_LINES[name].findall(text)
    if len(found) != 1:
        raise ValueError(f"deploy/{name} : {len(found)} ligne(s) Content-Security-Policy, attendu exactement une")
    return found[0][1]


def with_policy(name: str, text: str, line: str) -> str:
    """The deploy file's text with its policy line set to line."""
    deploy_policy(name, text)
    return DEPLOY_LINES[name].sub(lambda m: m.group(1) + line + m.group(3), text, count=1)


def update_deploy(line: str, deploy: Path = DEPLOY) -> list[str]:
    """Rewrite the policy line of every deploy file; the names of those changed."""
    changed = []
    for name in DEPLOY_LINES:
        path = deploy / name
        text = path.read_text(encoding="utf-8")
        new = with_policy(name, text, line)
        if new != text:
            path.write_text(new, encoding="utf-8")
            changed.append(name)
    return changed


def main(argv: list[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    check = "--check" in args
    rest = [a for a in args if a != "--check"]
    site = Path(rest[0]) if rest else ROOT / "site"
    if not (site / "index.html").is_file():
        print(f"{site} ne contient pas de site construit : lancer d'abord ./dev build", file=sys.stderr)
        return 2
    line = site_policy(site)
    if check:
        stale = [name for name in DEPLOY_LINES if deploy_policy(name, (DEPLOY / name).read_text(encoding="utf-8")) != line]
        for name in stale:
            print(f"deploy/{name} : la politique diffère de celle du site construit", file=sys.stderr)
        return 1 if stale else 0
    changed = update_deploy(line)
    print(("mis à jour : " + ", ".join(f"deploy/{n}" for n in changed)) if changed else "deploy/ est déjà à jour")
    return 0


if __name__ == "__main__":
    sys.exit(main())
