"""Markdown in the flow's texts: rendered to HTML, and kept safe.

A flow text is Markdown without raw HTML; what it renders to may hold only
the tags, attributes and link targets of ALLOWED_HTML, whatever Markdown trick
an author (or an attacker editing the file) tries.

    to_html           render a text (French typography applied)
    text_problems     what is wrong with a text, as the reader reports it
"""

from __future__ import annotations

import html
import re
from html.parser import HTMLParser

import markdown

from ._typography import french

# An http(s) address, as a link field of a flow or contacts file must be.
URL = re.compile(r"^https?://[^\s<>\"']+$")
# Raw HTML, which Markdown would pass through to the page: a tag (<b>, </b>,
# <img/src=…>, < b), a comment, a declaration, CDATA or a processing
# instruction (<!…>, <?…?>). What looks like an autolink (<https://…>,
# <scheme:…>) or an e-mail autolink (<nom@exemple.fr>) is left to the link
# check (its target) and to unsafe_html (what it renders to).
RAW_HTML = re.compile(r"<(?![A-Za-z][A-Za-z0-9+.-]*:[^<>]*>|[^<> !]+@[^@<> ]+>)\s*/?\s*[a-zA-Z]|<[!?]")
# Link targets: inline links and images [t](url), reference definitions
# ([t]: url "title", the url possibly on the next line) and autolinks <url>.
MARKDOWN_TARGET = re.compile(
    r"\]\(\s*<?([^)\s>]*)"
    r"|^[ \t]{0,3}\[[^\[\]]*\]:[ \t]*(?:\n[ \t]*)?<?([^\s>]+)"
    r"|<([a-zA-Z][a-zA-Z0-9+.-]*:[^<>]*)>",
    re.M,
)
# What a flow text may produce once rendered (every other tag or attribute is
# refused, whatever Markdown trick produced it).
ALLOWED_HTML = {
    "p": set(), "br": set(), "hr": set(), "em": set(), "strong": set(), "code": set(), "pre": set(),
    "ul": set(), "ol": {"start"}, "li": set(), "blockquote": set(),
    "h1": set(), "h2": set(), "h3": set(), "h4": set(), "h5": set(), "h6": set(),
    "a": {"href", "title"}, "img": {"src", "alt", "title"},
}


def safe_target(target: str) -> bool:
    """Whether a link target is http(s), mailto/tel or site-internal, read as
    a browser reads it: character references decoded (&#106;avascript:), tabs
    and newlines dropped (java&#9;script:), leading spaces and control
    characters ignored; a space before the colon (javascript :) is refused too."""
    url = re.sub(r"[\t\n\r]", "", html.unescape(target))
    url = re.sub(r"^[\x00-\x20\s]+", "", url)
    if re.match(r"^[/\\]{2}", url):  # //host, \\host, /\\host: another server
        return False
    scheme = re.match(r"^([^/?#:]*?)\s*:", url)
    if scheme is None:
        return True
    return scheme.group(1).lower() in {"http", "https", "mailto", "tel"}


class _HtmlCheck(HTMLParser):
    """The first tag, attribute or URL outside ALLOWED_HTML in rendered HTML."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.problem: str | None = None

    def _found(self, problem: str) -> None:
        self.problem = self.problem or problem

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag not in ALLOWED_HTML:
            return self._found(f"balise <{tag}>")
        for attr, value in attrs:
            if attr not in ALLOWED_HTML[tag]:
                self._found(f"attribut {attr} sur <{tag}>")
            elif attr in ("href", "src") and not safe_target(value or ""):
                self._found(f"lien '{value}'")

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)

    def handle_endtag(self, tag: str) -> None:
        if tag not in ALLOWED_HTML:
            self._found(f"balise </{tag}>")

    def handle_comment(self, data: str) -> None:
        self._found("commentaire HTML")

    def handle_decl(self, decl: str) -> None:
        self._found("déclaration <!…>")

    def unknown_decl(self, data: str) -> None:
        self._found("déclaration <![…]>")

    def handle_pi(self, data: str) -> None:
        self._found("instruction <?…>")


def unsafe_html(text: str) -> str | None:
    """What is not allowed in the HTML the text renders to, or None.

    A backstop behind RAW_HTML and MARKDOWN_TARGET: whatever Markdown trick
    gets past them, the page receives only the tags, attributes and link
    targets of ALLOWED_HTML."""
    check = _HtmlCheck()
    check.feed(to_html(text))
    check.close()
    return check.problem


def to_html(text: str) -> str:
    """Render a flow text (Markdown, French typography applied) to HTML."""
    if not text:
        return ""
    return markdown.markdown(french(text), output_format="html")


def text_problems(name: str, content: str) -> list[str]:
    """Why the text of field `name` cannot go on the page (raw HTML, a link
    that is not http(s) or of the site, HTML outside ALLOWED_HTML), or []."""
    if RAW_HTML.search(content):
        return [f"'{name}' contient du HTML brut\u00a0; écrire du Markdown sans balises"]
    problems = []
    for match in MARKDOWN_TARGET.finditer(content):
        target = next(group for group in match.groups() if group is not None)
        if not safe_target(target):
            problems.append(f"'{name}' contient un lien '{target}'\u00a0; attendu une adresse http(s) ou une page du site")
    if problems:
        return problems
    problem = unsafe_html(content)
    return [f"'{name}' donne du HTML non permis ({problem})\u00a0; écrire du Markdown simple"] if problem else []
