"""The search index as built: generated copies left out, accents folded, the search dialog named.

The browser side (typing queries into the real search box, the page each
must put first) is in tests/browser/test_pages.py.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import material
import yaml

import searchindex
from sitefixtures import ROOT, BuiltSite, mkdocs_config, nav_pages

THEME = Path(material.__file__).parent / "templates"
FRONT_MATTER = re.compile(r"\A---\n(.*?)\n---\n", re.DOTALL)


def search_index(site: BuiltSite) -> dict[str, Any]:
    return json.loads((site / "search" / "search_index.json").read_text(encoding="utf-8"))


def excluded_by_front_matter() -> set[str]:
    """The nav pages whose front matter says `search: exclude: true`."""
    excluded = set()
    for _, name in nav_pages():
        match = FRONT_MATTER.match((ROOT / "docs" / name.replace(".html", ".md")).read_text(encoding="utf-8"))
        meta = yaml.safe_load(match[1]) if match else {}
        if (meta.get("search") or {}).get("exclude"):
            excluded.add(name)
    return excluded


def test_generated_copies_are_out_of_the_index(built_site: BuiltSite) -> None:
    """The pages excluded by their front matter (the presentation and the scenarios among them: copies of
    every step) and the assistant's diagram are not indexed; every other page is."""
    excluded = excluded_by_front_matter()
    assert {"presentation.html", "scenarios.html"} <= excluded, excluded
    locations = [doc["location"] for doc in search_index(built_site)["docs"]]
    indexed = {location.split("#")[0] for location in locations}
    assert not indexed & excluded, f"pages exclues de la recherche, mais dans l'index : {sorted(indexed & excluded)}"
    assert indexed == {name for _, name in nav_pages()} - excluded, sorted(indexed)
    # The assistant's diagram repeats the steps: its heading carries data-search-exclude.
    assert "assistant.html#le-logigramme" not in locations
    assert any(location.startswith("assistant.html#etape-") for location in locations), locations


def test_fold_removes_accents_and_ligatures() -> None:
    assert searchindex.fold("Météo") == "Meteo"
    assert searchindex.fold("À") == "A"
    assert searchindex.fold("cœur") == "coeur"
    assert searchindex.fold("Ça") == "Ca"
    assert searchindex.fold("GAMMA") == "GAMMA"


def test_folded_words_keep_only_the_words_with_an_accent() -> None:
    separator = mkdocs_config()["plugins"][0]["search"]["separator"]
    html = "<p>Je consulte la météo des services : l’éditeur, le <abbr>SAU</abbr>, la procédure.</p>"
    assert searchindex.folded_words(html, separator) == "meteo editeur, procedure."


def test_index_has_the_folded_fields_with_the_boosts_of_title_and_text(built_site: BuiltSite) -> None:
    """Every entry with an accented word gets its folded form, weighed as the field it comes from."""
    index = search_index(built_site)
    fields = index["config"]["fields"]
    for field, folded in searchindex.FOLDED.items():
        assert fields[folded]["boost"] == fields[field]["boost"], fields
    meteo = [doc for doc in index["docs"] if "météo" in doc["text"].lower()]
    assert meteo, "aucune entrée de l'index ne parle de la météo des services"
    for doc in meteo:
        assert "meteo" in doc.get("folded_text", "").lower(), doc["location"]
    for doc in index["docs"]:
        for field, folded in searchindex.FOLDED.items():
            words = doc.get(folded, "").split()
            # Only words that had an accent: no plain word counted twice.
            assert "gamma" not in map(str.lower, words), (doc["location"], folded)
            assert all(searchindex.fold(word) == word for word in words), (doc["location"], folded)
            if doc.get(field) and searchindex.fold(doc[field]) != doc[field]:
                assert words, f"{doc['location']} : « {field} » a des accents, pas de « {folded} »"


def test_add_folded_fields_names_what_is_missing(tmp_path: Path) -> None:
    """Without the fields declared in mkdocs.yml the worker would not index them: the build says so."""
    (tmp_path / "search").mkdir()
    (tmp_path / "search" / "search_index.json").write_text(
        json.dumps({"config": {"separator": " ", "fields": {"title": {}, "text": {}}}, "docs": []}), encoding="utf-8"
    )
    try:
        searchindex.add_folded_fields(tmp_path)
    except ValueError as error:
        assert "folded_title" in str(error) and "mkdocs.yml" in str(error), error
    else:
        raise AssertionError("un index sans les champs déclarés a été accepté")


def test_search_dialog_override_is_the_theme_partial_with_a_name() -> None:
    """docs/overrides/partials/search.html is the installed theme's partial plus the dialog's aria-label, nothing else."""
    theme = THEME / "partials" / "search.html"
    ours = (ROOT / "docs" / "overrides" / "partials" / "search.html").read_text(encoding="utf-8")
    ours = re.sub(r"\A\{#-.*?-#\}\n", "", ours, flags=re.DOTALL)
    theirs = re.sub(r"\A\{#-.*?-#\}\n", "", theme.read_text(encoding="utf-8"), flags=re.DOTALL)
    named = '<div class="md-search" data-md-component="search" role="dialog" aria-label="{{ lang.t(\'search\') }}">'
    assert named in ours
    assert ours.replace(named, '<div class="md-search" data-md-component="search" role="dialog">') == theirs, (
        "le gabarit de recherche du thème a changé : reprendre sa copie dans docs/overrides/partials/search.html"
    )


def test_every_page_names_the_search_dialog(built_site: BuiltSite) -> None:
    for path in built_site.html_files():
        source = path.read_text(encoding="utf-8")
        if 'data-md-component="search"' in source:
            assert re.search(r'<div class="md-search" data-md-component="search" role="dialog" aria-label="Recherche">', source), path.name
