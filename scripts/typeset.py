"""French typography on the built pages' HTML (the MkDocs hook on_page_content).

The text a reader sees gets gammaflow's french() (no-break spaces before
; : ! ? and inside « », the apostrophe ’); tags, code, URLs and ids do not.
"""

from __future__ import annotations

import re
from typing import Any

from gammaflow.build import french

_TAG_OR_TEXT = re.compile(r"(<[^>]*>)")
_RAW_ELEMENTS = re.compile(r"<(/?)(code|pre|script|style|kbd|samp|svg|textarea)\b", re.I)
# Tags that do not end a run of text: « GAMMA</abbr> 2 » or « l'<abbr>ARC</abbr> »
# read as one text, typeset as one (the no-break space, the apostrophe ’).
_INLINE_TAG = re.compile(r"</?(a|abbr|b|bdi|bdo|cite|data|dfn|em|i|mark|q|s|small|span|strong|sub|sup|time|u|del|ins)\b", re.I)
# Attributes whose value a reader sees or hears; never href, src, id, class, data-*.
_TEXT_ATTRIBUTE = re.compile(r"""(?<=\s)(title|alt|aria-label|placeholder)=("[^"]*"|'[^']*')""", re.I)
_APOSTROPHE_ENTITY = re.compile(r"&#0*39;|&#[xX]0*27;|&apos;")


def typeset(html: str) -> str:
    """Apply French typography to the text of a page, not to its tags or code.

    french() (no-break spaces, the apostrophe ’) runs on each run of text that
    only inline tags (<abbr>, <a>, <strong>…) interrupt, as one text, so that
    « <abbr>GAMMA</abbr> 2 » is joined too; and on the title, alt and
    aria-label attributes. Nothing inside <code>, <pre>, <script>, <style>…
    """
    parts = _TAG_OR_TEXT.split(html)
    depth = 0
    run: list[int] = []  # indexes of the text parts of the current run
    for index, part in enumerate(parts):
        if index % 2 == 0:  # text
            if depth == 0:
                run.append(index)
            continue
        match = _RAW_ELEMENTS.match(part)
        if match and not part.endswith("/>"):
            depth = max(depth + (-1 if match.group(1) else 1), 0)
        elif depth == 0 and _TEXT_ATTRIBUTE.search(part):
            parts[index] = _TEXT_ATTRIBUTE.sub(_typeset_attribute, part)
        if depth or match or not _INLINE_TAG.match(part):
            _typeset_run(parts, run)
            run = []
    _typeset_run(parts, run)
    return "".join(parts)


def _typeset_attribute(match: re.Match[str]) -> str:
    """One title, alt or aria-label attribute, typeset (its quotes kept safe)."""
    quote, value = match.group(2)[0], match.group(2)[1:-1]
    value = french(_APOSTROPHE_ENTITY.sub("'", value)).replace("'", "&#39;")
    return f"{match.group(1)}={quote}{value}{quote}"


def _typeset_run(parts: list[str], run: list[int]) -> None:
    """french() on the text parts parts[i] (i in run) read as one text.

    french() only turns a straight apostrophe into ’, and a space or tab, or a
    run of them, into one no-break space: each character of the result goes
    back to the part its source character came from.
    """
    texts = [_APOSTROPHE_ENTITY.sub("'", parts[i]) for i in run]
    source = "".join(texts)
    if not source.strip():
        return
    result = french(source)
    owner = [n for n, text in enumerate(texts) for _ in text]
    typeset: list[list[str]] = [[] for _ in texts]
    done = 0
    for position, char in enumerate(source):
        new = result[done:done + 1]
        if new == char or (char == "'" and new == "\u2019") or (char in " \t" and new == "\u00a0"):
            typeset[owner[position]].append(new)
            done += 1
        elif char not in " \t":  # not a space folded into the previous no-break space
            typeset = [[french(text)] for text in texts]  # unexpected: each part on its own
            break
    else:
        if done != len(result):
            typeset = [[french(text)] for text in texts]
    for i, chars in zip(run, typeset):
        parts[i] = "".join(chars)


def typeset_toc(items: Any) -> None:
    """French typography on a page's table of contents (its titles are plain text)."""
    for item in items:
        item.title = french(item.title)
        typeset_toc(item.children)
