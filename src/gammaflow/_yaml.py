"""Reading the engine's YAML files with the place of every value.

The YAML is composed (not loaded) so that each value keeps its line and
column; duplicate keys, which plain YAML loading silently merges, are errors;
PyYAML's syntax errors reach the author in French, with what to do.

    Value        a YAML value with where it was written
    read_text    a file's text, or FlowInvalid saying why it cannot be read
    compose      a text's YAML node tree, or its syntax error in French
    Reader       walks the node tree into Values, collecting errors; the
                 readers of the flow, the contacts and the fallback document
                 build on it
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from ._errors import FlowError, FlowInvalid, describe, did_you_mean


@dataclass
class Value:
    """A YAML value with the place it was written."""

    value: Any
    line: int
    column: int


def read_text(path: str | Path) -> str:
    """The file's text; raise FlowInvalid (at 1:1) when it cannot be read as UTF-8."""
    try:
        return Path(path).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise FlowInvalid([FlowError(str(path), 1, 1, f"impossible de lire le fichier ({exc})")]) from None


# PyYAML's problems, as an author can act on them: (problem, context) patterns
# → the French message, and whether the error is placed where the construct
# began (context mark: the opening quote or bracket) rather than where PyYAML noticed it.
_SYNTAX = (
    (r"^found character '\\t' that cannot start any token", None, False,
     "tabulation\u00a0: YAML n’accepte que des espaces pour indenter\u00a0; remplacer la tabulation par des espaces"),
    (r"^found character '(.)' that cannot start any token", None, False,
     "le caractère « {0} » ne peut pas commencer une valeur\u00a0; écrire ce texte entre guillemets"),
    (r"^mapping values are not allowed here", None, False,
     "deux-points inattendu\u00a0; si la valeur est un texte qui contient « : », l’écrire entre guillemets\u00a0; "
     "sinon, vérifier la ligne précédente (un deux-points manquant après sa clé, ou cette ligne trop indentée)"),
    (r"^expected <block end>, but found '<scalar>'", r"block mapping", False,
     "texte en trop après une valeur (peut-être après un guillemet fermant)\u00a0; mettre tout le texte entre les guillemets"),
    (r"^expected <block end>, but found", r"block (mapping|collection)", False,
     "indentation incohérente\u00a0: cette ligne n’est pas alignée sur le bloc commencé ligne {line}\u00a0; "
     "aligner ses clés avec des espaces, au même niveau que leurs voisines (un élément de liste commence par « - » suivi d’une espace)"),
    (r"^found unexpected end of stream", r"quoted scalar", True,
     "guillemet non fermé\u00a0: le texte qui commence ici n’a pas de guillemet fermant\u00a0; le fermer par le même guillemet"),
    (r"^found unknown escape character '(.)'", None, False,
     "séquence « \\{0} » inconnue dans un texte entre guillemets doubles\u00a0; écrire ce texte entre guillemets simples, ou doubler la barre oblique inverse"),
    (r"^expected ',' or '\]'", r"flow sequence", True,
     "crochet non fermé\u00a0: la liste ouverte ici par « [ » n’est pas fermée par « ] » (ou il manque une virgule entre ses éléments)"),
    (r"^expected ',' or '\}'", r"flow mapping", True,
     "accolade non fermée\u00a0: le dictionnaire ouvert ici par « {{ » n’est pas fermé par « }} » (ou il manque une virgule entre ses éléments)"),
    (r"^found undefined alias '([^']*)'", None, False,
     "« *{0} » renvoie à une ancre « &{0} » qui n’existe pas\u00a0; pour un texte qui commence par « * », l’écrire entre guillemets"),
    (r"but found another document", None, False,
     "un second document YAML commence ici (ligne « --- »)\u00a0; un fichier n’en contient qu’un\u00a0: retirer cette ligne"),
    (r"^expected alphabetic or numeric character", r"anchor|alias", True,
     "« & » ou « * » en début de valeur annonce une ancre YAML\u00a0; pour un texte, l’écrire entre guillemets"),
)


def _syntax_error(exc: yaml.MarkedYAMLError, source: str) -> FlowError:
    """A PyYAML syntax error as the author should read it: in French, placed, with what to do."""
    problem, context = exc.problem or "", exc.context or ""
    problem_mark, context_mark = exc.problem_mark, exc.context_mark
    for pattern, context_pattern, at_context, message in _SYNTAX:
        match = re.search(pattern, problem)
        if match and (context_pattern is None or re.search(context_pattern, context)):
            mark = (context_mark if at_context else problem_mark) or problem_mark or context_mark
            line = context_mark.line + 1 if context_mark else "?"
            text = message.format(*match.groups(), line=line)
            break
    else:  # a problem not listed above: PyYAML's own words, said to be so
        mark = problem_mark or context_mark
        text = f"erreur de syntaxe (message de PyYAML\u00a0: {problem or context or 'erreur'})"
    line, column = (mark.line + 1, mark.column + 1) if mark else (1, 1)
    return FlowError(source, line, column, f"YAML invalide\u00a0: {text}")


def compose(text: str, source: str) -> tuple[yaml.Node | None, list[FlowError]]:
    """The YAML node tree of a text (None for a file of comments only), or the YAML error where it is."""
    try:
        return yaml.compose(text, Loader=yaml.SafeLoader), []
    except yaml.MarkedYAMLError as exc:
        return None, [_syntax_error(exc, source)]
    except yaml.YAMLError as exc:
        return None, [FlowError(source, 1, 1, f"YAML invalide\u00a0: {exc}")]
    except RecursionError:
        return None, [FlowError(source, 1, 1, "YAML invalide\u00a0: imbrication trop profonde")]


class Reader:
    """Walks a composed YAML tree into Values, collecting errors with their places."""

    def __init__(self, source: str) -> None:
        self.source = source
        self.errors: list[FlowError] = []
        self._constructor = yaml.SafeLoader("")

    def error(self, at: Value, message: str, node: str | None = None) -> None:
        self.errors.append(FlowError(self.source, at.line, at.column, message, node))

    def root(self, text: str) -> Value | None:
        """The text's top value; None if it is empty or unreadable (the reason is in errors)."""
        tree, errors = compose(text, self.source)
        self.errors += errors
        if tree is None:
            return None
        try:
            return self.plain(tree)
        except RecursionError:  # an alias inside its own anchor: a value that contains itself
            self.errors.append(FlowError(self.source, 1, 1, "YAML invalide\u00a0: alias récursif ou imbrication trop profonde"))
            return None

    def plain(self, node: yaml.Node) -> Value:
        line, column = node.start_mark.line + 1, node.start_mark.column + 1
        if isinstance(node, yaml.MappingNode):
            items: dict[str, tuple[Value, Value]] = {}
            for key_node, value_node in node.value:
                key = self.plain(key_node)
                if not isinstance(key.value, str):
                    key = Value(str(key.value), key.line, key.column)
                if key.value in items:
                    first = items[key.value][0]
                    self.error(key, f"la clé '{key.value}' est déjà définie à la ligne {first.line}")
                    continue
                items[key.value] = (key, self.plain(value_node))
            return Value(items, line, column)
        if isinstance(node, yaml.SequenceNode):
            return Value([self.plain(item) for item in node.value], line, column)
        try:
            value = self._constructor.construct_object(node, deep=True)
        except Exception:  # a scalar PyYAML cannot build: unknown tag, '!!int abc', a bare '=' or '<<'
            self.unreadable(node)
            value = node.value
        return Value(value, line, column)

    def unreadable(self, node: yaml.Node) -> None:
        at = Value(None, node.start_mark.line + 1, node.start_mark.column + 1)
        self.error(at, f"YAML invalide\u00a0: valeur illisible '{node.value}' (étiquette '{node.tag}')\u00a0; écrire un texte simple, entre guillemets au besoin")

    def mapping(self, at: Value, what: str, node: str | None = None) -> dict[str, tuple[Value, Value]]:
        if isinstance(at.value, dict):
            return at.value
        self.error(at, f"{what} doit être un dictionnaire (clé\u00a0: valeur), trouvé {describe(at.value)}", node)
        return {}

    def unique_id(self, items: dict, at: Value, where: str, pattern: re.Pattern[str], expected: str, seen: dict[str, Value]) -> str | None:
        """The 'id' of a mapping: told when missing, ill-formed (expected: how it
        is written) or already in seen (where it was first); added to seen."""
        ident = items.get("id", (None, at))[1]
        if "id" not in items or not isinstance(ident.value, str) or not pattern.match(ident.value):
            found = describe(ident.value) if "id" in items else "rien"
            self.error(ident, f"{where}\u00a0: identifiant invalide ({found})\u00a0; attendu {expected}")
            return None
        if ident.value in seen:
            self.error(ident, f"{where}\u00a0: l'identifiant '{ident.value}' est déjà pris à la ligne {seen[ident.value].line}")
            return None
        seen[ident.value] = ident
        return ident.value

    def keys(self, items: dict, allowed: set[str], what: str, node: str | None = None) -> None:
        for name, (key, _) in items.items():
            if name not in allowed:
                hint = did_you_mean(name, allowed)
                self.error(key, f"clé inconnue '{name}' dans {what}{hint}", node)


class TextReader(Reader):
    """A reader that keeps every scalar as written: « 0123456789 », « 08:30 »
    stay texts (plain YAML would read numbers, or minutes)."""

    _TAGS = {f"tag:yaml.org,2002:{name}" for name in ("str", "int", "float", "bool", "timestamp")}

    def plain(self, node: yaml.Node) -> Value:
        if isinstance(node, yaml.ScalarNode):
            line, column = node.start_mark.line + 1, node.start_mark.column + 1
            if node.tag == "tag:yaml.org,2002:null" and node.style is None:
                return Value(None, line, column)
            if node.tag not in self._TAGS:
                self.unreadable(node)
            return Value(node.value, line, column)
        return super().plain(node)


def plain_data(value: Value) -> Any:
    """A Value tree as plain Python data (what yaml.safe_load would give)."""
    if isinstance(value.value, dict):
        return {name: plain_data(item) for name, (_, item) in value.value.items()}
    if isinstance(value.value, list):
        return [plain_data(item) for item in value.value]
    return value.value
