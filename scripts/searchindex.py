"""The search index, insensitive to accents: « meteo » finds what « météo » finds.

mkdocs-material's search runs lunr in a worker on search/search_index.json;
lunr's French pipeline does not fold accents, and the theme passes the
query to lunr as typed. After every build, scripts/hooks.py calls
add_folded_fields(site_dir): each entry of the index gets, in the fields
FOLDED (declared in mkdocs.yml's search plugin with the same boosts as
title and text, so that the worker indexes them), the accent-folded form of
each of its words that has an accent, and of those words only. So:

- « meteo » matches « météo » through the folded field, with the same
  weight as « météo » matching the text itself: the two queries rank the
  pages alike;
- « gamma » or « lrn », which have no accent, match the text alone, as
  before (a folded copy of the whole text would count them twice);
- the reader sees the text as written: the theme shows title and text only.

Nothing runs in the browser: the worker reads the extra fields from the index.
"""

from __future__ import annotations

import json
import re
import unicodedata
from pathlib import Path

# Field of the index → the field its folded words go to (mkdocs.yml declares them).
FOLDED = {"title": "folded_title", "text": "folded_text"}
# Letters that NFD does not split into a base letter and an accent.
LIGATURES = str.maketrans({"œ": "oe", "Œ": "OE", "æ": "ae", "Æ": "AE"})
TAG = re.compile(r"<[^>]*>")


def fold(word: str) -> str:
    """The word without its accents and ligatures: « Météo » → « Meteo », « cœur » → « coeur »."""
    decomposed = unicodedata.normalize("NFD", word.translate(LIGATURES))
    return unicodedata.normalize("NFC", "".join(c for c in decomposed if not unicodedata.combining(c)))


def folded_words(html: str, separator: str) -> str:
    """The folded form of every word of the text that has an accent, in order, space-separated."""
    words = re.split(separator, TAG.sub(" ", html))
    return " ".join(folded for word in words if word and (folded := fold(word)) != word)


def add_folded_fields(site_dir: str | Path) -> None:
    """Add the folded fields to every entry of site_dir/search/search_index.json."""
    path = Path(site_dir) / "search" / "search_index.json"
    index = json.loads(path.read_text(encoding="utf-8"))
    missing = [field for field in FOLDED.values() if field not in index["config"].get("fields", {})]
    if missing:
        raise ValueError(
            f"{path} : champs de recherche {missing} absents de la configuration de l'index ; "
            f"attendu dans mkdocs.yml, extension search, fields : {sorted(FOLDED.values())}"
        )
    separator = index["config"]["separator"]
    for entry in index["docs"]:
        for field, folded_field in FOLDED.items():
            if words := folded_words(entry.get(field, ""), separator):
                entry[folded_field] = words
    path.write_text(json.dumps(index, separators=(",", ":")), encoding="utf-8")  # as the plugin writes it
