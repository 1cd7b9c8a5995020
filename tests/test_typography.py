"""French typography (no-break spaces) and the wrapping of diagram box labels."""

from __future__ import annotations

import re
import textwrap

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from gammaflow._typography import NBSP, french, wrap

prose = st.text(alphabet="aeiouéàGAMMn°0123456789 \t:;!?«»'.,%", max_size=60)
words = st.lists(st.text(alphabet="abcdefghijklmnopqrstuvwxyzéàç'-", min_size=1, max_size=14), min_size=1, max_size=14)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Attention : ceci", f"Attention{NBSP}: ceci"),
        ("un ; deux ! trois ?", f"un{NBSP}; deux{NBSP}! trois{NBSP}?"),
        ("« GAMMA 2 »", f"«{NBSP}GAMMA{NBSP}2{NBSP}»"),
        ("Rappel  :  deux espaces", f"Rappel{NBSP}:  deux espaces"),
        ("tab\t: ici", f"tab{NBSP}: ici"),
        ("le n° 2021-1914", f"le n°{NBSP}2021-1914"),
        ("article 9 et art. 26", f"article{NBSP}9 et art.{NBSP}26"),
        ("le mode DTI+", "le mode DTI+"),
        ("22 caractères, 50 %", f"22{NBSP}caractères, 50{NBSP}%"),
        ("https://www.douane.gouv.fr/ et 12:30", "https://www.douane.gouv.fr/ et 12:30"),
        ("déjà:collé", "déjà:collé"),
    ],
)
def test_french_no_break_spaces(text, expected):
    """french() puts no-break spaces before : ; ! ? », after «, and inside names and numbers that must stay together."""
    assert french(text) == expected


@settings(max_examples=200, deadline=None)
@given(prose)
def test_french_is_idempotent(text):
    """Applying french() twice changes nothing more."""
    assert french(french(text)) == french(text)


@settings(max_examples=200, deadline=None)
@given(prose)
def test_french_leaves_no_breakable_space_at_punctuation(text):
    """After french(), no ordinary space or tab precedes : ; ! ? » and none follows «."""
    assert not re.search(r"[ \t][;:!?»]|«[ \t]", french(text))


@settings(max_examples=200, deadline=None)
@given(prose)
def test_french_only_changes_spaces(text):
    """french() changes nothing but spaces: the visible characters stay the same, in the same order."""
    def visible(value: str) -> str:
        return re.sub(rf"[ \t{NBSP}]", "", value)

    assert visible(french(text)) == visible(text)


def test_wrap_balances_lines():
    """A title is wrapped into lines of similar length rather than a long line and a short one."""
    assert wrap("Le SAU ou le service gestionnaire autorise la procédure de secours", 24) == [
        "Le SAU ou le service", "gestionnaire autorise", "la procédure de secours",
    ]


def test_wrap_keeps_no_break_spaces_together():
    """Words joined by a no-break space are never split: « GAMMA 2 » stays on one line."""
    assert wrap(french("Je ne peux pas accéder à GAMMA 2"), 24) == ["Je ne peux pas", f"accéder à GAMMA{NBSP}2"]


def test_wrap_short_empty_and_long_words():
    """Short text stays on one line, empty text gives no line, a word longer than the width stands alone."""
    assert wrap("court", 24) == ["court"]
    assert wrap("", 24) == []
    assert wrap("anticonstitutionnellement long", 10) == ["anticonstitutionnellement", "long"]


@settings(max_examples=200, deadline=None)
@given(words, st.integers(5, 30))
def test_wrap_properties(parts, width):
    """wrap() keeps every word in order, respects the width (but for lone long words) and adds no line to a greedy wrap."""
    text = " ".join(parts)
    lines = wrap(text, width)
    assert " ".join(lines) == text
    for line in lines:
        assert len(line) <= width or " " not in line
    assert len(lines) == len(textwrap.wrap(text, width, break_long_words=False, break_on_hyphens=False))
