"""Read a flow file: YAML text → typed model, with every error located.

The YAML is composed (not loaded) so that each value keeps its line and
column; duplicate keys, which plain YAML loading silently merges, are errors.
"""

from __future__ import annotations

import difflib
import html
import re
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import yaml

from ._errors import FlowError, FlowInvalid
from ._model import KINDS, Choice, Flow, Link, Node, Reference, Reminder, Step
from .runtime import CONTINUE

ID = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
URL = re.compile(r"^https?://[^\s<>\"']+$")
# Raw HTML, which Markdown would pass through to the page: a tag (<b>, </b>,
# <img/src=…>, < b), a comment, a declaration, CDATA or a processing
# instruction (<!…>, <?…?>). What looks like an autolink (<https://…>,
# <scheme:…>) or an e-mail autolink (<nom@exemple.fr>) is left to the link
# check below (its target) and to _unsafe_html (what it renders to).
RAW_HTML = re.compile(r"<(?![A-Za-z][A-Za-z0-9+.-]*:[^<>]*>|[^<> !]+@[^@<> ]+>)\s*/?\s*[a-zA-Z]|<[!?]")
# Link targets: inline links and images [t](url), reference definitions
# ([t]: url "title", the url possibly on the next line) and autolinks <url>.
MARKDOWN_TARGET = re.compile(
    r"\]\(\s*<?([^)\s>]*)"
    r"|^[ \t]{0,3}\[[^\[\]]*\]:[ \t]*(?:\n[ \t]*)?<?([^\s>]+)"
    r"|<([a-zA-Z][a-zA-Z0-9+.-]*:[^<>]*)>",
    re.M,
)
# What a flow text may produce once rendered (every other tag or attribute is
# refused, whatever Markdown trick produced it).
ALLOWED_HTML = {
    "p": set(), "br": set(), "hr": set(), "em": set(), "strong": set(), "code": set(), "pre": set(),
    "ul": set(), "ol": {"start"}, "li": set(), "blockquote": set(),
    "h1": set(), "h2": set(), "h3": set(), "h4": set(), "h5": set(), "h6": set(),
    "a": {"href", "title"}, "img": {"src", "alt", "title"},
}

TOP_KEYS = {"title", "version", "summary", "chart", "references", "links", "nodes", "allow_cycles"}
NODE_KEYS = {
    "kind", "title", "text", "answers", "next", "next_label", "solved", "unsolved",
    "labels", "steps", "reminder", "links", "refs", "note", "chart", "reading", "contacts",
}
KIND_KEYS = {
    "start": {"next", "next_label"},
    "question": {"answers"},
    "action": {"next", "next_label", "solved", "unsolved", "labels", "answers"},
    "outcome": {"steps", "reminder"},
}
ORIGIN_KEYS = {"chart", "reading"}
ANSWER_KEYS = {"key", "label", "short", "to"} | ORIGIN_KEYS
STEP_KEYS = {"key", "title", "text", "refs", "contacts"} | ORIGIN_KEYS
REMINDER_KEYS = {"title", "text"} | ORIGIN_KEYS
EXIT_KEYS = {"to"} | ORIGIN_KEYS
REFERENCE_KEYS = {"title", "short", "description", "url"}
LINK_KEYS = {"label", "url"}
DEFAULT_LABELS = {
    "next": "Continuer",
    "solved": "C'est résolu",
    "unsolved": "Pas de solution",
}
CHOICE_KEYS = {"next": CONTINUE, "solved": "resolu", "unsolved": "sans-solution"}


@dataclass
class _Value:
    """A YAML value with the place it was written."""

    value: Any
    line: int
    column: int


def load(path: str | Path) -> Flow:
    """Read and check a flow file; raise FlowInvalid with every error found."""
    from ._checks import check

    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise FlowInvalid([FlowError(str(path), 1, 1, f"impossible de lire le fichier ({exc})")]) from None
    return check(parse(text, str(path)))


def compose(text: str, source: str) -> tuple[yaml.Node | None, list[FlowError]]:
    """The YAML node tree of a text (None for a file of comments only), or the YAML error where it is."""
    try:
        return yaml.compose(text, Loader=yaml.SafeLoader), []
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line, column = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        problem = exc.problem or exc.context or "erreur"
        if "mapping values are not allowed" in problem:
            problem += " (un texte qui contient « : » doit être écrit entre guillemets)"
        return None, [FlowError(source, line, column, f"YAML invalide\u00a0: {problem}")]
    except yaml.YAMLError as exc:
        return None, [FlowError(source, 1, 1, f"YAML invalide\u00a0: {exc}")]
    except RecursionError:
        return None, [FlowError(source, 1, 1, "YAML invalide\u00a0: imbrication trop profonde")]


def parse(text: str, source: str = "<flow>") -> tuple[Flow | None, list[FlowError]]:
    """Turn YAML text into a Flow and the list of errors met on the way."""
    reader = _Reader(source)
    root, errors = compose(text, source)
    if errors:
        return None, errors
    if root is None:
        return None, [FlowError(source, 1, 1, "le fichier est vide\u00a0; attendu\u00a0: title, version, nodes")]
    try:
        data = reader.plain(root)
    except RecursionError:  # an alias inside its own anchor: a value that contains itself
        return None, [FlowError(source, 1, 1, "YAML invalide\u00a0: alias récursif ou imbrication trop profonde")]
    flow = reader.flow(data)
    return flow, reader.errors


class _Reader:
    """Walks the composed YAML, building the model and collecting errors."""

    def __init__(self, source: str) -> None:
        self.source = source
        self.errors: list[FlowError] = []
        self._constructor = yaml.SafeLoader("")
        self.boxes: dict[str, str] = {}  # the source chart, box id → its words
        self.used: set[str] = set()  # the boxes some element names

    def error(self, at: _Value, message: str, node: str | None = None) -> None:
        self.errors.append(FlowError(self.source, at.line, at.column, message, node))

    # -- YAML nodes → values with positions --------------------------------

    def plain(self, node: yaml.Node) -> _Value:
        line, column = node.start_mark.line + 1, node.start_mark.column + 1
        if isinstance(node, yaml.MappingNode):
            items: dict[str, tuple[_Value, _Value]] = {}
            for key_node, value_node in node.value:
                key = self.plain(key_node)
                if not isinstance(key.value, str):
                    key = _Value(str(key.value), key.line, key.column)
                if key.value in items:
                    first = items[key.value][0]
                    self.error(key, f"la clé '{key.value}' est déjà définie à la ligne {first.line}")
                    continue
                items[key.value] = (key, self.plain(value_node))
            return _Value(items, line, column)
        if isinstance(node, yaml.SequenceNode):
            return _Value([self.plain(item) for item in node.value], line, column)
        try:
            value = self._constructor.construct_object(node, deep=True)
        except Exception:  # a scalar PyYAML cannot build: unknown tag, '!!int abc', a bare '=' or '<<'
            self.error(_Value(None, line, column), f"YAML invalide\u00a0: valeur illisible '{node.value}' (étiquette '{node.tag}')\u00a0; écrire un texte simple, entre guillemets au besoin")
            value = node.value
        return _Value(value, line, column)

    # -- helpers ------------------------------------------------------------

    def mapping(self, at: _Value, what: str, node: str | None = None) -> dict[str, tuple[_Value, _Value]]:
        if isinstance(at.value, dict):
            return at.value
        self.error(at, f"{what} doit être un dictionnaire (clé\u00a0: valeur), trouvé {_describe(at.value)}", node)
        return {}

    def keys(self, items: dict, allowed: set[str], what: str, node: str | None = None) -> None:
        for name, (key, _) in items.items():
            if name not in allowed:
                hint = did_you_mean(name, allowed)
                self.error(key, f"clé inconnue '{name}' dans {what}{hint}", node)

    def text(
        self, items: dict, name: str, what: str, node: str | None = None, *, required: bool = True, at: _Value | None = None
    ) -> str:
        if name not in items:
            if required and at is not None:
                self.error(at, f"{what}\u00a0: le champ '{name}' est obligatoire", node)
            return ""
        key, value = items[name]
        if not isinstance(value.value, str):
            if value.value is None and not required:
                return ""
            self.error(value, f"'{name}' doit être un texte, trouvé {_describe(value.value)}", node)
            return ""
        content = value.value.strip()
        if not content:
            self.error(value, f"'{name}' est vide", node)
        elif RAW_HTML.search(content):
            self.error(value, f"'{name}' contient du HTML brut\u00a0; écrire du Markdown sans balises", node)
        else:
            unsafe = False
            for match in MARKDOWN_TARGET.finditer(content):
                target = next(group for group in match.groups() if group is not None)
                if not _safe_target(target):
                    unsafe = True
                    self.error(value, f"'{name}' contient un lien '{target}'\u00a0; attendu une adresse http(s) ou une page du site", node)
            problem = None if unsafe else _unsafe_html(content)
            if problem:
                self.error(value, f"'{name}' donne du HTML non permis ({problem})\u00a0; écrire du Markdown simple", node)
        return content

    def url(self, items: dict, what: str, at: _Value, node: str | None = None) -> str:
        if "url" not in items:
            self.error(at, f"{what}\u00a0: le champ 'url' est obligatoire", node)
            return ""
        _, value = items["url"]
        if not isinstance(value.value, str) or not URL.match(value.value):
            self.error(value, f"lien mal formé '{value.value}'\u00a0; attendu une adresse http:// ou https://", node)
            return ""
        return value.value

    def ids(self, items: dict, name: str, known: dict, what: str, node: str) -> tuple[str, ...]:
        if name not in items:
            return ()
        _, value = items[name]
        if not isinstance(value.value, list):
            self.error(value, f"'{name}' doit être une liste d'identifiants, trouvé {_describe(value.value)}", node)
            return ()
        found = []
        for item in value.value:
            if not isinstance(item.value, str):
                self.error(item, f"'{name}' doit être une liste d'identifiants, trouvé {_describe(item.value)} dans la liste", node)
            elif item.value not in known:
                hint = did_you_mean(str(item.value), set(known))
                self.error(item, f"{what} '{item.value}' n'existe pas{hint}", node)
            else:
                found.append(item.value)
        return tuple(found)

    # -- the model ----------------------------------------------------------

    def flow(self, root: _Value) -> Flow | None:
        top = self.mapping(root, "le fichier")
        if not isinstance(root.value, dict):
            return None
        self.keys(top, TOP_KEYS, "le fichier")
        title = self.text(top, "title", "le fichier", at=root)
        version = self.text(top, "version", "le fichier", at=root)
        summary = self.text(top, "summary", "le fichier", required=False)
        boxes = self.chart(top)
        references = self.references(top)
        links = self.links(top)
        allow_cycles = False
        if "allow_cycles" in top:
            _, value = top["allow_cycles"]
            if not isinstance(value.value, bool):
                self.error(value, f"'allow_cycles' doit valoir true ou false, trouvé {_describe(value.value)}")
            allow_cycles = value.value is True
        nodes: dict[str, Node] = {}
        if "nodes" not in top:
            self.error(root, "le fichier\u00a0: le champ 'nodes' est obligatoire")
        else:
            _, nodes_value = top["nodes"]
            for name, (key, value) in self.mapping(nodes_value, "'nodes'").items():
                if not ID.match(name):
                    self.error(key, f"identifiant de nœud '{name}' invalide\u00a0; attendu des minuscules, chiffres et tirets (ex. 'meteo-services')")
                    continue
                node = self.node(name, value, references, links)
                if node is not None:
                    nodes[name] = node
        for box, (key, _) in boxes.items():
            if box in self.boxes and box not in self.used:
                self.error(key, f"la case '{box}' du logigramme d'origine n'est reprise par aucun élément\u00a0; la citer dans un 'chart' ou la retirer")
        return Flow(self.source, title, version, summary, nodes, references, links, allow_cycles, dict(self.boxes))

    def chart(self, top: dict) -> dict[str, tuple[_Value, _Value]]:
        """The source chart's boxes, in the chart's order: id → its own words."""
        if "chart" not in top:
            return {}
        items = self.mapping(top["chart"][1], "'chart'")
        for name, (key, value) in items.items():
            if not ID.match(name):
                self.error(key, f"identifiant de case '{name}' invalide\u00a0; attendu des minuscules, chiffres et tirets")
                continue
            self.boxes[name] = self.text(items, name, "'chart'")
        return items

    def origin(self, items: dict, at: _Value, what: str, node: str | None = None) -> tuple[tuple[str, ...], str]:
        """Where an element comes from: the chart boxes it carries, the reason it was added."""
        boxes: tuple[str, ...] = ()
        if "chart" in items:
            _, value = items["chart"]
            listed = value.value if isinstance(value.value, list) else [value]
            found = []
            if not listed:
                self.error(value, "'chart' est une liste vide ; attendu l'identifiant d'au moins une case du logigramme", node)
            for item in listed:
                if not isinstance(item.value, str):
                    self.error(item, f"'chart' doit être l'identifiant d'une case du logigramme ou une liste d'identifiants, trouvé {_describe(item.value)}", node)
                elif not self.boxes:
                    self.error(item, f"'chart' cite la case '{item.value}', mais le fichier n'a pas de section 'chart' (les cases du logigramme d'origine)", node)
                elif item.value not in self.boxes:
                    self.error(item, f"la case '{item.value}' n'existe pas dans 'chart'{did_you_mean(item.value, set(self.boxes))}", node)
                else:
                    found.append(item.value)
            boxes = tuple(found)
            self.used.update(boxes)
        reading = self.text(items, "reading", what, node, required=False)
        if "reading" in items and items["reading"][1].value is None:
            self.error(items["reading"][1], "'reading' est vide ; attendu la raison de cet ajout, en une phrase", node)
        if self.boxes and "chart" not in items and "reading" not in items:
            prefix = f"{what}\u00a0: " if what else ""
            self.error(at, f"{prefix}provenance manquante\u00a0; attendu 'chart' (les cases du logigramme d'origine qu'il reprend) ou 'reading' (pourquoi ce site l'ajoute, en une phrase)", node)
        return boxes, reading

    def references(self, top: dict) -> dict[str, Reference]:
        if "references" not in top:
            return {}
        found = {}
        for name, (key, value) in self.mapping(top["references"][1], "'references'").items():
            items = self.mapping(value, f"la référence '{name}'")
            what = f"la référence '{name}'"
            self.keys(items, REFERENCE_KEYS, what)
            found[name] = Reference(
                name,
                self.text(items, "title", what, at=value),
                self.text(items, "short", what, at=value),
                self.text(items, "description", what, required=False),
                self.url(items, what, value),
            )
        return found

    def links(self, top: dict) -> dict[str, Link]:
        if "links" not in top:
            return {}
        found = {}
        for name, (key, value) in self.mapping(top["links"][1], "'links'").items():
            items = self.mapping(value, f"le lien '{name}'")
            what = f"le lien '{name}'"
            self.keys(items, LINK_KEYS, what)
            found[name] = Link(name, self.text(items, "label", what, at=value), self.url(items, what, value))
        return found

    def node(self, name: str, at: _Value, references: dict, links: dict) -> Node | None:
        items = self.mapping(at, "un nœud", name)
        if not isinstance(at.value, dict):
            return None
        kind = items.get("kind", (None, _Value(None, at.line, at.column)))[1]
        if kind.value not in KINDS:
            expected = ", ".join(KINDS)
            if "kind" not in items:
                self.error(at, f"le champ 'kind' est obligatoire\u00a0; attendu l'un de\u00a0: {expected}", name)
            else:
                self.error(kind, f"type de nœud inconnu '{kind.value}'\u00a0; attendu l'un de\u00a0: {expected}", name)
            return None
        allowed = (NODE_KEYS - set().union(*KIND_KEYS.values())) | KIND_KEYS[kind.value]
        for field, (key, _) in items.items():
            if field in NODE_KEYS and field not in allowed:
                self.error(key, f"un nœud '{kind.value}' ne peut pas avoir de champ '{field}'", name)
        self.keys(items, NODE_KEYS, "un nœud", name)
        what = "le nœud"
        exits = {"next", "solved", "unsolved"}
        if kind.value == "question":
            choices = self.answers(items, at, name)
        elif kind.value == "action" and "answers" in items and not exits & set(items):
            choices = self.answers(items, at, name)
            if len(choices) < 2 and isinstance(items["answers"][1].value, list):
                self.error(items["answers"][1], f"une étape avec ses propres réponses ('answers') doit en avoir au moins deux, trouvé {len(choices)}\u00a0; pour une seule suite, écrire 'next'", name)
        elif kind.value == "outcome":
            choices = ()
        else:
            choices = self.exits(items, at, name, kind.value)
        reminder = None
        if "reminder" in items:
            place = items["reminder"][1]
            box = self.mapping(place, "'reminder'", name)
            if isinstance(place.value, dict):
                self.keys(box, REMINDER_KEYS, "'reminder'", name)
                reminder = Reminder(self.text(box, "title", "'reminder'", name, at=place),
                                    self.text(box, "text", "'reminder'", name, at=place),
                                    *self.origin(box, place, "le rappel", name))
        chart, reading = self.origin(items, at, "", name)
        return Node(
            id=name,
            kind=kind.value,
            title=self.text(items, "title", what, name, at=at),
            text=self.text(items, "text", what, name, at=at),
            choices=choices,
            steps=self.steps(items, name, references),
            reminder=reminder,
            links=self.ids(items, "links", links, "le lien", name),
            refs=self.ids(items, "refs", references, "la référence", name),
            note=self.text(items, "note", what, name, required=False),
            line=at.line,
            column=at.column,
            chart=chart,
            reading=reading,
            contacts=self.roles(items, name),
        )

    def roles(self, items: dict, name: str) -> tuple[str, ...]:
        """The local contact roles an element shows (« contacts: [sau, …] »)."""
        from ._contacts import ROLES

        if "contacts" not in items:
            return ()
        _, value = items["contacts"]
        if not isinstance(value.value, list) or not value.value:
            self.error(value, f"'contacts' doit être une liste de rôles ({', '.join(ROLES)}), trouvé {_describe(value.value)}", name)
            return ()
        found: list[str] = []
        for item in value.value:
            if not isinstance(item.value, str) or item.value not in ROLES:
                hint = did_you_mean(str(item.value), set(ROLES)) if isinstance(item.value, str) else ""
                shown = f"'{item.value}'" if isinstance(item.value, str) else f"({_describe(item.value)})"
                self.error(item, f"rôle de contact inconnu {shown}{hint} ; attendu l'un de : {', '.join(ROLES)}", name)
            elif item.value in found:
                self.error(item, f"rôle de contact '{item.value}' en double dans 'contacts'", name)
            else:
                found.append(item.value)
        return tuple(found)

    def answers(self, items: dict, at: _Value, name: str) -> tuple[Choice, ...]:
        if "answers" not in items:
            self.error(at, "une question doit avoir des réponses ('answers')", name)
            return ()
        _, value = items["answers"]
        if not isinstance(value.value, list):
            self.error(value, f"'answers' doit être une liste, trouvé {_describe(value.value)}", name)
            return ()
        choices = []
        for answer in value.value:
            fields = self.mapping(answer, "une réponse", name)
            if not isinstance(answer.value, dict):
                continue
            self.keys(fields, ANSWER_KEYS, "une réponse", name)
            key = self.text(fields, "key", "une réponse", name, at=answer)
            if key and not ID.match(key):
                self.error(fields["key"][1], f"clé de réponse '{key}' invalide\u00a0; attendu des minuscules, chiffres et tirets", name)
            label = self.text(fields, "label", "une réponse", name, at=answer)
            target = self.target(fields, "to", answer, name)
            short = self.text(fields, "short", "une réponse", name, required=False)
            chart, reading = self.origin(fields, answer, f"la réponse '{key}'", name)
            choices.append(Choice(key, label, target, short or label, answer.line, answer.column, chart, reading))
        return tuple(choices)

    def exits(self, items: dict, at: _Value, name: str, kind: str) -> tuple[Choice, ...]:
        has_next = "next" in items
        has_solved = "solved" in items or "unsolved" in items
        if has_next and has_solved:
            self.error(at, "une étape a soit 'next', soit 'solved' et 'unsolved', pas les deux", name)
            return ()
        if "answers" in items and kind == "action":
            self.error(at, "une étape a soit 'answers', soit 'next', soit 'solved' et 'unsolved', pas plusieurs", name)
            return ()
        if not has_next and not has_solved:
            self.error(at, "étape sans suite\u00a0; attendu 'next', 'answers', ou 'solved' et 'unsolved'", name)
            return ()
        labels: dict = {}
        if "labels" in items:
            labels = self.mapping(items["labels"][1], "'labels'", name)
            self.keys(labels, {"solved", "unsolved"}, "'labels'", name)
        exits = ["next"] if has_next else ["solved", "unsolved"]
        choices = []
        for exit_name in exits:
            place = items[exit_name][1] if exit_name in items else at
            fields: dict = {}
            if exit_name in items and isinstance(place.value, dict):  # {to: <node>, chart: <box> | reading: <reason>}
                fields = place.value
                self.keys(fields, EXIT_KEYS, f"la sortie '{exit_name}'", name)
                target = self.target(fields, "to", place, name)
            else:
                target = self.target(items, exit_name, at, name)
            if exit_name == "next":
                label = self.text(items, "next_label", "le nœud", name, required=False) or DEFAULT_LABELS["next"]
            else:
                label = self.text(labels, exit_name, "'labels'", name, required=False) or DEFAULT_LABELS[exit_name]
            chart, reading = self.origin(fields, place, f"la sortie '{exit_name}'", name)
            # The diagram labels an exit with its answer's own words ('next' has none).
            short = "" if exit_name == "next" else label
            choices.append(Choice(CHOICE_KEYS[exit_name], label, target, short, place.line, place.column, chart, reading))
        return tuple(choices)

    def target(self, items: dict, name: str, at: _Value, node: str) -> str:
        if name not in items:
            self.error(at, f"le champ '{name}' est obligatoire (l'identifiant du nœud suivant)", node)
            return ""
        _, value = items[name]
        if not isinstance(value.value, str) or not value.value:
            self.error(value, f"'{name}' doit être l'identifiant d'un nœud, trouvé {_describe(value.value)}", node)
            return ""
        return value.value

    def steps(self, items: dict, name: str, references: dict) -> tuple[Step, ...]:
        if "steps" not in items:
            return ()
        _, value = items["steps"]
        if not isinstance(value.value, list) or not value.value:
            self.error(value, f"'steps' doit être une liste d'étapes, trouvé {_describe(value.value)}", name)
            return ()
        steps = []
        for item in value.value:
            fields = self.mapping(item, "une étape", name)
            if not isinstance(item.value, dict):
                continue
            self.keys(fields, STEP_KEYS, "une étape", name)
            key = self.text(fields, "key", "une étape", name, at=item)
            if key and not ID.match(key):
                self.error(fields["key"][1], f"clé d'étape '{key}' invalide\u00a0; attendu des minuscules, chiffres et tirets", name)
            steps.append(Step(
                key,
                self.text(fields, "title", "une étape", name, at=item),
                self.text(fields, "text", "une étape", name, at=item),
                self.ids(fields, "refs", references, "la référence", name),
                *self.origin(fields, item, f"l'étape '{key}'", name),
                contacts=self.roles(fields, name),
            ))
        return tuple(steps)


def _safe_target(target: str) -> bool:
    """Whether a link target is http(s), mailto/tel or site-internal, read as
    a browser reads it: character references decoded (&#106;avascript:), tabs
    and newlines dropped (java&#9;script:), leading spaces and control
    characters ignored; a space before the colon (javascript :) is refused too."""
    url = re.sub(r"[\t\n\r]", "", html.unescape(target))
    url = re.sub(r"^[\x00-\x20\s]+", "", url)
    if re.match(r"^[/\\]{2}", url):  # //host, \\host, /\\host: another server
        return False
    scheme = re.match(r"^([^/?#:]*?)\s*:", url)
    if scheme is None:
        return True
    return scheme.group(1).lower() in {"http", "https", "mailto", "tel"}


class _HtmlCheck(HTMLParser):
    """The first tag, attribute or URL outside ALLOWED_HTML in rendered HTML."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.problem: str | None = None

    def _found(self, problem: str) -> None:
        self.problem = self.problem or problem

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag not in ALLOWED_HTML:
            return self._found(f"balise <{tag}>")
        for attr, value in attrs:
            if attr not in ALLOWED_HTML[tag]:
                self._found(f"attribut {attr} sur <{tag}>")
            elif attr in ("href", "src") and not _safe_target(value or ""):
                self._found(f"lien '{value}'")

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)

    def handle_endtag(self, tag: str) -> None:
        if tag not in ALLOWED_HTML:
            self._found(f"balise </{tag}>")

    def handle_comment(self, data: str) -> None:
        self._found("commentaire HTML")

    def handle_decl(self, decl: str) -> None:
        self._found("déclaration <!…>")

    def unknown_decl(self, data: str) -> None:
        self._found("déclaration <![…]>")

    def handle_pi(self, data: str) -> None:
        self._found("instruction <?…>")


def _unsafe_html(text: str) -> str | None:
    """What is not allowed in the HTML the text renders to, or None.

    A backstop behind RAW_HTML and MARKDOWN_TARGET: whatever Markdown trick
    gets past them, the page receives only the tags, attributes and link
    targets of ALLOWED_HTML."""
    from ._wizard import to_html

    check = _HtmlCheck()
    check.feed(to_html(text))
    check.close()
    return check.problem


def _describe(value: Any) -> str:
    """Name a YAML value's type in French for error messages."""
    if value is None:
        return "rien"
    if isinstance(value, bool):
        return f"le booléen {str(value).lower()}"
    if isinstance(value, (int, float)):
        return f"le nombre {value}"
    if isinstance(value, str):
        return f"le texte '{value}'" if len(value) < 40 else "un texte"
    if isinstance(value, list):
        return "une liste" if value else "une liste vide"
    if isinstance(value, dict):
        return "un dictionnaire" if value else "un dictionnaire vide"
    return type(value).__name__


def did_you_mean(name: str, candidates: set[str]) -> str:
    """Suffix for an error message proposing the closest known name, if any."""
    close = difflib.get_close_matches(name, sorted(candidates), n=1)
    return f" (vouliez-vous dire '{close[0]}'\u00a0?)" if close else ""
