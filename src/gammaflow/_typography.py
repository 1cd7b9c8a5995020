"""French typography for every text a reader sees, and wrapping for diagram boxes."""

from __future__ import annotations

import re
import textwrap

NBSP = "\u00a0"
_BEFORE_PUNCTUATION = re.compile(r"[ \t]+([;:!?»])")
_AFTER_GUILLEMET = re.compile(r"«[ \t]+")
_KEEP_TOGETHER = re.compile(r"\b(GAMMA|n°|article|art\.|DTI) (\d+\+?)")
_NUMBER_UNIT = re.compile(r"(\d) (caractères|%)")


def french(text: str) -> str:
    """Put no-break spaces where French typography wants them.

    Before ; : ! ? and », after «, and inside names such as « GAMMA 2 » that
    must not be split across lines. Authors type plain spaces.
    """
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
