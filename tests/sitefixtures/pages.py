"""Reading built HTML: ids, links and resources, visible text of one page."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path


_SPACES = re.compile(r"[\s\u00a0\u202f\u2007\u200b]+")


def normalize_text(text: str) -> str:
    """Fold every run of whitespace (no-break and narrow no-break spaces too) to one space."""
    return _SPACES.sub(" ", text).strip()


@dataclass(frozen=True)
class Ref:
    """One URL in a built page: <a href>, <img src>, <link href>…"""

    tag: str
    attr: str
    url: str
    line: int
    attrs: Mapping[str, str | None] = field(default_factory=dict, compare=False, hash=False)


# Attributes that hold a URL, by tag ("*" for any tag).
_URL_ATTRS = {
    "a": ("href",), "area": ("href",), "link": ("href",), "base": ("href",),
    "script": ("src",), "img": ("src", "srcset"), "iframe": ("src",), "frame": ("src",),
    "source": ("src", "srcset"), "video": ("src", "poster"), "audio": ("src",), "track": ("src",),
    "embed": ("src",), "object": ("data",), "input": ("src",), "form": ("action",),
    "use": ("href", "xlink:href"), "image": ("href", "xlink:href"),
}
_SKIP_TEXT = {"script", "style", "template", "noscript"}
_VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}


class _Parser(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.ids: Counter[str] = Counter()
        self.refs: list[Ref] = []
        self.styles: list[str] = []
        self.text: list[str] = []
        self.title: list[str] = []
        self.anchors: list[tuple[str, str]] = []
        self._anchor: list[tuple[str, list[str]]] = []
        self._skip = 0
        self._stack: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = dict(attrs)
        line = self.getpos()[0]
        if attributes.get("id"):
            self.ids[attributes["id"]] += 1
        for name in ("name",):  # <a name="…"> is an anchor too
            if tag == "a" and attributes.get(name):
                self.ids[attributes[name]] += 1
        for attr in _URL_ATTRS.get(tag, ()):
            value = attributes.get(attr)
            if value is None:
                continue
            urls = [part.strip().split()[0] for part in value.split(",") if part.strip()] if attr == "srcset" else [value.strip()]
            self.refs.extend(Ref(tag, attr, url, line, attributes) for url in urls)
        if attributes.get("style"):
            self.styles.append(attributes["style"])
        if tag in _VOID:
            return
        if tag == "a":
            self._anchor.append((attributes.get("href") or "", []))
        self._stack.append(tag)
        if tag in _SKIP_TEXT:
            self._skip += 1

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)
        if tag not in _VOID:
            self.handle_endtag(tag)

    def handle_endtag(self, tag: str) -> None:
        if tag in _VOID or tag not in self._stack:
            return
        while self._stack:
            top = self._stack.pop()
            if top in _SKIP_TEXT:
                self._skip -= 1
            if top == "a" and self._anchor:
                href, text = self._anchor.pop()
                self.anchors.append((href, normalize_text("".join(text))))
            if top == tag:
                break
        # Block ends separate words ("</p><p>", "</li><li>").
        self.text.append(" ")

    def handle_data(self, data: str) -> None:
        if self._stack and self._stack[-1] == "style":
            self.styles.append(data)
        if self._stack and self._stack[-1] == "title" and "svg" not in self._stack:
            self.title.append(data)
        if not self._skip:
            self.text.append(data)
            for _, text in self._anchor:
                text.append(data)


@dataclass
class HtmlDoc:
    """What the site tests need from one built HTML file."""

    path: Path
    ids: Counter[str]
    refs: list[Ref]
    anchors: list[tuple[str, str]]  # (href, link text) of every <a href>
    styles: list[str]
    text: str
    title: str
    source: str

    def has_text(self, needle: str) -> bool:
        return normalize_text(needle) in self.text


def parse_html(path: Path) -> HtmlDoc:
    source = Path(path).read_text(encoding="utf-8")
    parser = _Parser()
    parser.feed(source)
    parser.close()
    return HtmlDoc(
        path=Path(path), ids=parser.ids, refs=parser.refs, anchors=parser.anchors, styles=parser.styles,
        text=normalize_text("".join(parser.text)), title=normalize_text("".join(parser.title)), source=source,
    )


def html_to_text(fragment: str) -> str:
    """The normalized text of an HTML fragment."""
    parser = _Parser()
    parser.feed(fragment)
    parser.close()
    return normalize_text("".join(parser.text))
