"""The flow's Markdown kept safe (gammaflow._markdown): no raw HTML, no link but http(s), mailto, tel and the site's pages."""

from __future__ import annotations

import pytest

from gammaflow.build import load

NBSP = "\u00a0"


def test_raw_html_in_text(bad, errors_of):
    """HTML tags in a text are refused: texts are Markdown."""
    path = bad("raw-html")
    assert errors_of(path) == [
        f"{path}:30:11: nœud 'secours'{NBSP}: 'text' contient du HTML brut{NBSP}; écrire du Markdown sans balises"
    ]


def test_html_comment_in_text(write_flow, minimal, errors_of):
    """An HTML comment in a text counts as raw HTML."""
    path = write_flow(minimal.replace("    text: On commence.\n", "    text: 'On commence. <!-- brouillon -->'\n"))
    assert errors_of(path) == [f"{path}:7:11: nœud 'debut'{NBSP}: 'text' contient du HTML brut{NBSP}; écrire du Markdown sans balises"]


def test_javascript_link_in_markdown(bad, errors_of):
    """A Markdown link to javascript: is refused, naming the link."""
    path = bad("javascript-link")
    assert errors_of(path) == [
        f"{path}:24:11: nœud 'contact'{NBSP}: 'text' contient un lien 'javascript:appeler'{NBSP};"
        " attendu une adresse http(s) ou une page du site"
    ]


@pytest.mark.parametrize(
    ("markdown", "target"),
    [
        ("Voir <javascript:appeler>", "javascript:appeler"),
        ("Voir [ici][x].\n\n[x]: javascript:appeler", "javascript:appeler"),
        ("Voir <data:text/html,salut>", "data:text/html,salut"),
        ("Voir [ici](//ailleurs.example/page)", "//ailleurs.example/page"),
    ],
)
def test_unsafe_link_forms_are_refused(write_flow, minimal, errors_of, markdown, target):
    """Autolinks, reference definitions, data: and protocol-relative targets are checked like inline links."""
    block = "".join(f"      {line}\n" if line else "\n" for line in markdown.split("\n"))
    path = write_flow(minimal.replace("    text: On commence.\n", f"    text: |\n{block}"))
    assert errors_of(path) == [
        f"{path}:7:11: nœud 'debut'{NBSP}: 'text' contient un lien '{target}'{NBSP}; attendu une adresse http(s) ou une page du site"
    ]


def test_safe_links_are_accepted(write_flow, minimal):
    """https, mailto and tel links, site-relative links and autolinks pass the link check."""
    text = (
        "    text: |\n"
        "      Voir [la FAQ](https://www.douane.gouv.fr/), [écrire](mailto:sau@douane.fr),\n"
        "      [appeler](tel:+33100000000), [l'assistant](../assistant/)\n"
        "      et <https://www.douane.gouv.fr/meteo>.\n"
    )
    flow = load(write_flow(minimal.replace("    text: On commence.\n", text)))
    assert "mailto:sau@douane.fr" in flow.nodes["debut"].text
