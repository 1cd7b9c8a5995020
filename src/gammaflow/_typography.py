"""French typography for every text a reader sees, and wrapping for diagram boxes."""

from __future__ import annotations

import re
import textwrap

NBSP = "\u00a0"
APOSTROPHE = "\u2019"
_BEFORE_PUNCTUATION = re.compile(r"[ \t]+([;:!?»])")
_AFTER_GUILLEMET = re.compile(r"«[ \t]+")
_KEEP_TOGETHER = re.compile(r"\b(GAMMA|n°|article|art\.|DTI) (\d+\+?)")
_NUMBER_UNIT = re.compile(r"(\d) (caractères|%)")
# A straight apostrophe between two letters (l'accès, aujourd'hui) or before a
# guillemet (d'« urgence »): the French apostrophe ’. Quotes ('self') stay.
_STRAIGHT_APOSTROPHE = re.compile(r"(?<=[^\W\d_])'(?=[^\W\d_]|«)")
# What french() never changes in a Markdown text: code, URLs, ids and tags.
_UNTOUCHED = re.compile(
    r"""
      (?<!`)(`+)(?!`).+?(?<!`)\1(?!`)                   # code span `…` (or fenced block)
    | <[A-Za-z][A-Za-z0-9+.\-]{1,31}:[^\s<>]*>          # autolink <https://…>
    | <[^\s<>@]+@[^\s<>@]+>                             # autolink <nom@domaine>
    | </?[A-Za-z][A-Za-z0-9\-]*(?:\s[^<>]*)?/?>          # raw HTML tag
    | \]\(\s*(?:<[^<>\n]*>|[^\s()]*(?:\([^\s()]*\)[^\s()]*)*)  # link target ](…) (a title after it is text)
    | \]\[[^\[\]\n]*\]                                  # reference label ][id]
    | ^[ ]{0,3}\[[^\[\]\n]+\]:[ \t]*\S+                 # reference definition [id]: url
    | \{:?[ \t]*[#.][^{}\n]*\}                          # attribute list {#id .class}
    | \b(?:https?|ftp)://\S+ | \bwww\.\S+ | \bmailto:\S+ # raw URL
    """,
    re.VERBOSE | re.DOTALL | re.MULTILINE,
)


def french(text: str) -> str:
    """Apply French typography: no-break spaces and the apostrophe ’.

    No-break spaces go before ; : ! ? and », after «, and inside names such as
    « GAMMA 2 » that must not be split across lines; a straight apostrophe
    between letters becomes ’. Authors type plain spaces and straight
    apostrophes. Markdown code spans, autolinks, link targets, ids, tags and
    URLs are left as they are.
    """
    parts = []
    start = 0
    for match in _UNTOUCHED.finditer(text):
        parts += [_prose(text[start:match.start()]), match.group()]
        start = match.end()
    parts.append(_prose(text[start:]))
    return "".join(parts)


def _prose(text: str) -> str:
    """French typography on prose known to hold no code, URL nor tag."""
    text = _STRAIGHT_APOSTROPHE.sub(APOSTROPHE, text)
    text = _BEFORE_PUNCTUATION.sub(NBSP + r"\1", text)
    text = _AFTER_GUILLEMET.sub("«" + NBSP, text)
    text = _KEEP_TOGETHER.sub(r"\1" + NBSP + r"\2", text)
    return _NUMBER_UNIT.sub(r"\1" + NBSP + r"\2", text)


def wrap(text: str, width: int = 24) -> list[str]:
    """Wrap text into balanced lines of at most ``width`` characters (longer
    words stand alone), so that no line is a lone short word."""
    lines = textwrap.wrap(text, width, break_long_words=False, break_on_hyphens=False)
    if len(lines) < 2:
        return lines
    # The narrowest width that keeps the same number of lines balances them.
    narrowest = width
    while narrowest > 1:
        trial = textwrap.wrap(text, narrowest - 1, break_long_words=False, break_on_hyphens=False)
        if len(trial) > len(lines):
            break
        narrowest -= 1
        lines = trial
    return lines
