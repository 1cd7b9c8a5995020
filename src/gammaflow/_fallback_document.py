"""The fallback document's data (data/fallback-document.yaml): read, checked, compiled.

The file lists the fields of the printable fallback document and the steps
of the after-outage checklist, each with its sources, each source with its
nature (docs/document-de-secours.md). It is read like the flow (_yaml: every
error with file:line:column, all at once) and its sources are resolved
against the compiled flow (its title and version, its references' titles and
links), so that a change of wording in the flow reaches the page.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from ._errors import FlowError, FlowInvalid, describe, did_you_mean
from ._yaml import Reader, Value, plain_data, read_text

FIELD_TYPES = ("text", "textarea", "date", "time", "lrn", "choice", "lines", "box")
# What kind of source says it: the label the page shows for each nature.
SOURCE_NATURES = {
    "regle": "Règle (texte juridique)",
    "logigramme": "Logigramme",
    "faq": "Doctrine officielle (FAQ)",
    "pratique": "Pratique",
    "site": "Proposition du site",
}
# What a field may prefill when the reader comes from the assistant, and for which types.
PREFILLS = {"now": ("date", "time"), "register": ("lrn",)}
FIELD_ID = re.compile(r"^[a-z][a-z0-9_]{0,39}$")

TOP_KEYS = {"format", "sources", "sections", "checklist"}
SOURCE_KEYS = {"flow", "ref", "detail", "title", "nature"}
SECTION_KEYS = {"id", "title", "keep", "fields"}
FIELD_KEYS = {"id", "label", "type", "hint", "rows", "options", "columns", "prefill", "sources", "reason"}
OPTION_KEYS = {"key", "label", "node"}
COLUMN_KEYS = {"id", "label"}
CHECKLIST_KEYS = {"title", "sources", "items"}
STEP_KEYS = {"id", "label", "detail", "sources", "reason"}


def load_fallback_document(path: str | Path, flow: dict[str, Any] | None) -> dict[str, Any]:
    """The document's data, checked, its sources resolved against the compiled
    flow (assistant data); flow None: the file alone is checked (the flow has
    errors of its own). Raise FlowInvalid with every error found."""
    data, errors = parse_fallback_document(read_text(path), str(path), flow)
    if errors:
        raise FlowInvalid(errors)
    return data


def parse_fallback_document(text: str, source: str, flow: dict[str, Any] | None) -> tuple[dict[str, Any], list[FlowError]]:
    """The document's data from a YAML text, and the errors met on the way."""
    reader = Reader(source)
    root = reader.root(text)
    if root is None:
        if not reader.errors:
            reader.errors.append(FlowError(source, 1, 1, "le fichier est vide\u00a0; attendu\u00a0: format, sources, sections, checklist"))
        return {}, reader.errors
    data = _Document(reader, flow).file(root)
    return data, reader.errors


def fallback_document_motifs(document: dict[str, Any]) -> dict[str, str]:
    """The nodes of the procedure that authorise the fallback, and the motif
    each one gives the fallback document (its choice options' « node »)."""
    return {
        option["node"]: option["key"]
        for section in document.get("sections", []) for fld in section["fields"]
        for option in fld.get("options") or [] if option.get("node")
    }


class _Document:
    """Checks the file's values through the reader; builds the page's data."""

    def __init__(self, reader: Reader, flow: dict[str, Any] | None) -> None:
        self.r = reader
        self.flow = flow
        self.sources: dict[str, dict[str, Any]] = {}
        self.broken: set[str] = set()  # sources declared with an error (told once, where they are declared)
        self.seen: dict[str, Value] = {}

    def file(self, root: Value) -> dict[str, Any]:
        top = self.r.mapping(root, "le fichier")
        if not isinstance(root.value, dict):
            return {}
        self.r.keys(top, TOP_KEYS, "le fichier")
        for name in ("format", "sources", "sections", "checklist"):
            if name not in top:
                self.r.error(root, f"le fichier\u00a0: le champ '{name}' est obligatoire")
        if "format" in top:
            value = top["format"][1]
            if not isinstance(value.value, int) or isinstance(value.value, bool):
                self.r.error(value, f"'format' doit être un entier (la version des fichiers que la page enregistre), trouvé {describe(value.value)}")
        data = plain_data(root)
        if "sources" in top:
            for name, (_, value) in self.r.mapping(top["sources"][1], "'sources'").items():
                self.source(name, value)
        sections = self.listed(top, "sections", "une liste de rubriques")
        for index, section in enumerate(sections):
            self.section(section, data["sections"][index])
        if "checklist" in top:
            at = top["checklist"][1]
            items = self.r.mapping(at, "'checklist'")
            if not isinstance(at.value, dict):
                return data
            self.r.keys(items, CHECKLIST_KEYS, "'checklist'")
            self.resolve("la liste de régularisation", items, at, data["checklist"])
            for index, step in enumerate(self.listed(items, "items", "une liste d'étapes")):
                self.step(step, data["checklist"]["items"][index])
        return data

    # -- the parts -------------------------------------------------------------

    def source(self, name: str, at: Value) -> None:
        errors = len(self.r.errors)
        self.check_source(name, at)
        if name not in self.sources and len(self.r.errors) > errors:
            self.broken.add(name)

    def check_source(self, name: str, at: Value) -> None:
        where = f"la source '{name}'"
        items = self.r.mapping(at, where)
        if not isinstance(at.value, dict):
            return
        self.r.keys(items, SOURCE_KEYS, where)
        source = plain_data(at)
        nature = items.get("nature", (None, at))[1]
        expected = ", ".join(SOURCE_NATURES)
        if "nature" not in items:
            self.r.error(at, f"{where}\u00a0: le champ 'nature' est obligatoire\u00a0; attendu l'un de\u00a0: {expected}")
            return
        if nature.value not in SOURCE_NATURES:
            self.r.error(nature, f"{where}\u00a0: nature inconnue {_shown(nature.value)}{did_you_mean(str(nature.value), set(SOURCE_NATURES))}\u00a0; attendu l'un de\u00a0: {expected}")
            return
        source["nature_label"] = SOURCE_NATURES[nature.value]
        if source.get("flow"):
            if self.flow is not None:
                source["title"] = f"Logigramme « {self.flow['title']} » ({self.flow['version']})"
        elif source.get("ref"):
            ref = items["ref"][1]
            references = self.flow["references"] if self.flow is not None else None
            if references is not None and ref.value not in references:
                self.r.error(ref, f"{where}\u00a0: la référence '{ref.value}' n'existe pas dans la procédure{did_you_mean(str(ref.value), set(references))}")
                return
            if references is not None:
                found = references[ref.value]
                source["title"] = found["title"] + (f", {source['detail']}" if source.get("detail") else "")
                source["url"] = found["url"]
        elif not source.get("title"):
            self.r.error(at, f"{where}\u00a0: ni 'ref' (une référence de la procédure), ni 'flow: true' (le logigramme), ni 'title'\u00a0; attendu l'un des trois")
            return
        self.sources[name] = source

    def section(self, at: Value, data: dict[str, Any]) -> None:
        items = self.r.mapping(at, "une section")
        if not isinstance(at.value, dict):
            return
        self.r.keys(items, SECTION_KEYS, "une section")
        for index, fld in enumerate(self.listed(items, "fields", "une liste de rubriques")):
            self.field(fld, data["fields"][index])

    def identified(self, at: Value, what: str, name: str, allowed: set[str]) -> tuple[dict, str] | None:
        """A field or a step: its items and how messages name it, its keys and id checked; None if not a mapping."""
        items = self.r.mapping(at, what)
        if not isinstance(at.value, dict):
            return None
        where = f"{name} '{plain_data(items['id'][1]) if 'id' in items else None}'"
        self.r.keys(items, allowed, where)
        self.ident(items, at, where)
        return items, where

    def field(self, at: Value, data: dict[str, Any]) -> None:
        found = self.identified(at, "une rubrique", "la rubrique", FIELD_KEYS)
        if found is None:
            return
        items, where = found
        kind = items.get("type", (None, at))[1]
        if kind.value not in FIELD_TYPES:
            self.r.error(kind, f"{where}\u00a0: type inconnu {_shown(kind.value)}\u00a0; attendu l'un de\u00a0: {', '.join(FIELD_TYPES)}")
        if "prefill" in items and kind.value in FIELD_TYPES:
            prefill = items["prefill"][1]
            if kind.value not in PREFILLS.get(prefill.value, ()):
                allowed = " ; ".join(f"{name} : {', '.join(types)}" for name, types in PREFILLS.items())
                self.r.error(prefill, f"{where}\u00a0: 'prefill: {prefill.value}' ne convient pas au type '{kind.value}'\u00a0; attendu ({allowed})")
        if kind.value == "choice" and not items.get("options", (None, Value(None, 0, 0)))[1].value:
            self.r.error(at, f"{where}\u00a0: un choix (type choice) demande des options ('options'), chacune avec key et label")
        for option in self.listed(items, "options", "une liste d'options"):
            self.option(option, where)
        if kind.value == "lines":
            self.table(items, at, where)
        self.resolve(where, items, at, data)

    def option(self, at: Value, where: str) -> None:
        items = self.r.mapping(at, f"une option ({where})")
        if not isinstance(at.value, dict):
            return
        key = items.get("key", (None, Value(None, 0, 0)))[1].value
        what = f"{where}, option '{key}'"
        self.r.keys(items, OPTION_KEYS, what)
        for name in ("key", "label"):
            if name not in items:
                self.r.error(at, f"{what}\u00a0: le champ '{name}' est obligatoire")
        if "node" in items and self.flow is not None:
            node = items["node"][1]
            if node.value not in self.flow["nodes"]:
                self.r.error(node, f"{what}\u00a0: le nœud '{node.value}' n'existe pas dans la procédure{did_you_mean(str(node.value), set(self.flow['nodes']))}")

    def table(self, items: dict, at: Value, where: str) -> None:
        """A field of type lines: its number of printed rows, its columns."""
        rows = items.get("rows", (None, at))[1]
        if "rows" not in items or not isinstance(rows.value, int) or isinstance(rows.value, bool) or rows.value < 1:
            self.r.error(rows, f"{where}\u00a0: 'rows' (le nombre de lignes imprimées) doit être un entier positif, trouvé {describe(rows.value if 'rows' in items else None)}")
        columns = self.listed(items, "columns", "une liste de colonnes (chacune avec id et label)")
        if "columns" not in items:
            self.r.error(at, f"{where}\u00a0: un tableau (type lines) demande 'columns', chacune avec id et label")
        for column in columns:
            fields = self.r.mapping(column, f"une colonne ({where})")
            if not isinstance(column.value, dict):
                continue
            self.r.keys(fields, COLUMN_KEYS, f"une colonne ({where})")
            ident = fields.get("id", (None, column))[1]
            if not isinstance(ident.value, str) or not FIELD_ID.match(ident.value):
                self.r.error(ident, f"{where}\u00a0: identifiant de colonne invalide {describe(ident.value)}\u00a0; attendu des minuscules, chiffres et _ (ex. 'quantite')")
            if not isinstance(fields.get("label", (None, column))[1].value, str):
                self.r.error(column, f"{where}\u00a0: une colonne sans 'label' (son titre)")

    def step(self, at: Value, data: dict[str, Any]) -> None:
        found = self.identified(at, "une étape", "l'étape", STEP_KEYS)
        if found is not None:
            items, where = found
            self.resolve(where, items, at, data)

    # -- shared checks ---------------------------------------------------------

    def listed(self, items: dict, name: str, expected: str) -> list[Value]:
        if name not in items:
            return []
        value = items[name][1]
        if not isinstance(value.value, list):
            self.r.error(value, f"'{name}' doit être {expected}, trouvé {describe(value.value)}")
            return []
        return value.value

    def ident(self, items: dict, at: Value, where: str) -> None:
        """A field's or step's id: well formed, and used once in the file."""
        expected = "des minuscules, chiffres et _, commençant par une lettre (ex. 'motif_date')"
        self.r.unique_id(items, at, where, FIELD_ID, expected, self.seen)

    def resolve(self, where: str, items: dict, at: Value, data: dict[str, Any]) -> None:
        """Its sources, resolved; a suggestion of this site says why (« reason »), and only a suggestion does."""
        names = items.get("sources", (None, at))[1]
        listed = names.value if isinstance(names.value, list) else []
        if "sources" in items and not isinstance(names.value, list):
            self.r.error(names, f"{where}\u00a0: 'sources' doit être une liste de sources, trouvé {describe(names.value)}")
        elif not listed:
            self.r.error(names, f"{where}\u00a0: aucune source\u00a0; attendu 'sources', la liste de ce qui la justifie (les noms de la section 'sources')")
        resolved = []
        for name in listed:
            if name.value in self.sources:
                resolved.append(self.sources[name.value])
            elif name.value not in self.broken:
                hint = did_you_mean(str(name.value), set(self.sources))
                self.r.error(name, f"{where}\u00a0: la source '{name.value}' n'existe pas dans la section 'sources'{hint}")
        data["sources_resolved"] = resolved
        suggested = any(source["nature"] == "site" for source in resolved)
        reason = items.get("reason", (None, at))[1]
        if suggested and not (isinstance(reason.value, str) and reason.value.strip()):
            self.r.error(reason, f"{where}\u00a0: une proposition du site (source de nature « site ») dit pourquoi\u00a0; attendu 'reason', en une phrase")
        elif "reason" in items and not suggested:
            self.r.error(reason, f"{where}\u00a0: 'reason' n'est permis qu'avec une source de nature « site » (une proposition du site)\u00a0; le retirer, ou citer cette source")


def _shown(value: Any) -> str:
    """A wrong value as the author wrote it: « 'loi' », or its kind (« une liste »)."""
    return f"'{value}'" if isinstance(value, str) else f"({describe(value)})"
