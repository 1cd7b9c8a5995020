"""French typography (no-break spaces, the apostrophe ’) and the wrapping of diagram box labels."""

from __future__ import annotations

import re
import textwrap

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from gammaflow._typography import APOSTROPHE, NBSP, french, wrap
from typeset import typeset

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
def test_french_only_changes_spaces_and_apostrophes(text):
    """french() changes nothing but spaces and apostrophes: the other characters stay the same, in the same order."""
    def visible(value: str) -> str:
        return re.sub(rf"[ \t{NBSP}]", "", value).replace(APOSTROPHE, "'")

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


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("l'accès", "l’accès"),
        ("j'ai vu qu'aujourd'hui", "j’ai vu qu’aujourd’hui"),
        ("L'Éditeur d'EMCS", "L’Éditeur d’EMCS"),
        ("d'« urgence »", f"d’«{NBSP}urgence{NBSP}»"),
        ("[l'accès](https://www.douane.gouv.fr/)", "[l’accès](https://www.douane.gouv.fr/)"),
        ("'self' et ' seul et l' et 'a", "'self' et ' seul et l' et 'a"),
        ("12'30 et a'1", "12'30 et a'1"),
    ],
)
def test_french_apostrophe(text, expected):
    """A straight apostrophe between letters, or before «, becomes ’; quotes and lone apostrophes stay."""
    assert french(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "`l'accès` et ``l'a ` j'ai``",
        "```\nl'accès : oui\n```",
        "<https://www.douane.gouv.fr/l'accès> et <l'agent@douane.gouv.fr>",
        "[lien](https://www.douane.gouv.fr/l'accès) et\n![image](l'image.png)",
        "[lien][l'id] puis\n[l'id]: https://www.douane.gouv.fr/l'accès",
        "https://www.douane.gouv.fr/l'accès et www.douane.gouv.fr/d'ici et mailto:l'agent@douane.gouv.fr",
        "<span id=\"l'id\" title='a'>",
        "{#l'id .d'une}",
    ],
)
def test_french_leaves_code_urls_and_ids_alone(text):
    """Code spans and blocks, autolinks, link targets, reference labels, raw URLs, tags and ids keep their straight apostrophes."""
    assert french(text) == text


def test_french_typesets_around_what_it_leaves_alone():
    """The prose around code and URLs is typeset: apostrophes and no-break spaces, not inside."""
    text = "l'outil `l'x : y` puis <https://a.fr/l'b> : c'est [l'aide](https://a.fr/d'e \"l'aide\") ; GAMMA 2"
    assert french(text) == (
        f"l’outil `l'x : y` puis <https://a.fr/l'b>{NBSP}: c’est [l’aide](https://a.fr/d'e \"l’aide\"){NBSP}; GAMMA{NBSP}2"
    )


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet="al'éA `<>[]()#{}:/.« 2GM", max_size=60))
def test_french_is_idempotent_on_markdown(text):
    """Applying french() twice to Markdown (code, links, URLs) changes nothing more."""
    assert french(french(text)) == french(text)


def test_typeset_joins_gamma_2_across_an_abbreviation():
    """On a page « <abbr>GAMMA</abbr> 2 » gets its no-break space though a tag separates the words."""
    html = '<p>Accès à <abbr title="Gestion">GAMMA</abbr> 2 : que faire ? GAMMA 2</p>'
    assert typeset(html) == f'<p>Accès à <abbr title="Gestion">GAMMA</abbr>{NBSP}2{NBSP}: que faire{NBSP}? GAMMA{NBSP}2</p>'


def test_typeset_apostrophes_in_text_and_titles():
    """On a page, apostrophes become ’ in text (escaped or not, across inline tags) and in title, alt and aria-label attributes."""
    html = (
        "<p>J&#39;envoie l'<abbr title=\"Code attribué par l'administration\">ARC</abbr>, "
        "<img alt=\"l'image\" src=\"a.png\"><nav aria-label='Déplacements dans l&#39;assistant'></nav></p>"
    )
    assert typeset(html) == (
        "<p>J’envoie l’<abbr title=\"Code attribué par l’administration\">ARC</abbr>, "
        "<img alt=\"l’image\" src=\"a.png\"><nav aria-label='Déplacements dans l’assistant'></nav></p>"
    )


def test_typeset_leaves_code_urls_and_ids_alone():
    """On a page, code, pre, kbd, script and style, and the href, src, id, class and data-* attributes keep their straight apostrophes."""
    html = (
        "<p id=\"l'id\" class=\"d'une\" data-x=\"l'a\"><a href=\"https://a.fr/l'b\">https://a.fr/l'b</a> "
        "<code>l'x</code> <kbd>l'y</kbd> <img src=\"l'a.png\"></p><pre><span>l'x : y</span></pre>"
        "<script>a = \"l'x\";</script><style>p::after { content: \"l'x\"; }</style>"
    )
    assert typeset(html) == html


def test_typeset_does_not_join_across_block_tags():
    """A no-break space or an apostrophe never joins words across a line break or two paragraphs."""
    html = "<p>GAMMA<br> 2 et l'</p><p>accès</p>"
    assert typeset(html) == html


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from([
    "GAMMA", " 2", "l'", "accès", " : ", "« ", "<abbr title=\"l'a\">", "</abbr>", "<em>", "</em>", "<code>", "</code>",
    "<p>", "</p>", "<br>", "&#39;", " ", "\t", "50", " %", "<a href=\"x'y\">", "</a>",
]), max_size=20))
def test_typeset_is_idempotent(parts):
    """Applying typeset() twice to a page changes nothing more."""
    html = "".join(parts)
    assert typeset(typeset(html)) == typeset(html)
