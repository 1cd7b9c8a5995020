"""Read a flow file: its YAML text → the typed model (_model), every error located.

What a flow file may hold (its keys, per kind of node) is defined here; the
graph's rules are checked afterwards (_checks).
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from ._contacts import ROLES
from ._errors import FlowError, describe, did_you_mean
from ._markdown import URL, text_problems
from ._model import KINDS, Choice, Flow, Link, Node, Reference, Reminder, Step
from ._yaml import Reader, Value
from .runtime import CONTINUE

ID = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
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


def parse(text: str, source: str = "<flow>") -> tuple[Flow | None, list[FlowError]]:
    """Turn YAML text into a Flow and the list of errors met on the way."""
    reader = _FlowReader(source)
    root = reader.root(text)
    if root is None:
        if not reader.errors:
            reader.errors.append(FlowError(source, 1, 1, "le fichier est vide\u00a0; attendu\u00a0: title, version, nodes"))
        return None, reader.errors
    return reader.flow(root), reader.errors


class _FlowReader(Reader):
    """Walks the composed YAML of a flow file, building the model and collecting errors."""

    def __init__(self, source: str) -> None:
        super().__init__(source)
        self.boxes: dict[str, str] = {}  # the source chart, box id → its words
        self.used: set[str] = set()  # the boxes some element names

    # -- helpers ------------------------------------------------------------

    def text(
        self, items: dict, name: str, what: str, node: str | None = None, *, required: bool = True, at: Value | None = None
    ) -> str:
        if name not in items:
            if required and at is not None:
                self.error(at, f"{what}\u00a0: le champ '{name}' est obligatoire", node)
            return ""
        key, value = items[name]
        if not isinstance(value.value, str):
            if value.value is None and not required:
                return ""
            self.error(value, f"'{name}' doit être un texte, trouvé {describe(value.value)}", node)
            return ""
        content = value.value.strip()
        if not content:
            self.error(value, f"'{name}' est vide", node)
        for problem in text_problems(name, content) if content else ():
            self.error(value, problem, node)
        return content

    def url(self, items: dict, what: str, at: Value, node: str | None = None) -> str:
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
            self.error(value, f"'{name}' doit être une liste d'identifiants, trouvé {describe(value.value)}", node)
            return ()
        found = []
        for item in value.value:
            if not isinstance(item.value, str):
                self.error(item, f"'{name}' doit être une liste d'identifiants, trouvé {describe(item.value)} dans la liste", node)
            elif item.value not in known:
                hint = did_you_mean(str(item.value), set(known))
                self.error(item, f"{what} '{item.value}' n'existe pas{hint}", node)
            else:
                found.append(item.value)
        return tuple(found)

    # -- the model ----------------------------------------------------------

    def flow(self, root: Value) -> Flow | None:
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
                self.error(value, f"'allow_cycles' doit valoir true ou false, trouvé {describe(value.value)}")
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

    def chart(self, top: dict) -> dict[str, tuple[Value, Value]]:
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

    def origin(self, items: dict, at: Value, what: str, node: str | None = None) -> tuple[tuple[str, ...], str]:
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
                    self.error(item, f"'chart' doit être l'identifiant d'une case du logigramme ou une liste d'identifiants, trouvé {describe(item.value)}", node)
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

    def entries(self, top: dict, section: str, what: str, allowed: set[str]) -> Iterator[tuple[str, dict, Value, str]]:
        """Each named entry of a top section ('references', 'links'): its name, fields, place, and how messages name it."""
        if section not in top:
            return
        for name, (_, value) in self.mapping(top[section][1], f"'{section}'").items():
            named = f"{what} '{name}'"
            items = self.mapping(value, named)
            self.keys(items, allowed, named)
            yield name, items, value, named

    def references(self, top: dict) -> dict[str, Reference]:
        return {
            name: Reference(
                name,
                self.text(items, "title", what, at=value),
                self.text(items, "short", what, at=value),
                self.text(items, "description", what, required=False),
                self.url(items, what, value),
            )
            for name, items, value, what in self.entries(top, "references", "la référence", REFERENCE_KEYS)
        }

    def links(self, top: dict) -> dict[str, Link]:
        return {
            name: Link(name, self.text(items, "label", what, at=value), self.url(items, what, value))
            for name, items, value, what in self.entries(top, "links", "le lien", LINK_KEYS)
        }

    def node(self, name: str, at: Value, references: dict, links: dict) -> Node | None:
        items = self.mapping(at, "un nœud", name)
        if not isinstance(at.value, dict):
            return None
        kind = items.get("kind", (None, Value(None, at.line, at.column)))[1]
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
        found: list[str] = []
        for item in self.nonempty_list(items, "contacts", f"une liste de rôles ({', '.join(ROLES)})", name):
            if not isinstance(item.value, str) or item.value not in ROLES:
                hint = did_you_mean(str(item.value), set(ROLES)) if isinstance(item.value, str) else ""
                shown = f"'{item.value}'" if isinstance(item.value, str) else f"({describe(item.value)})"
                self.error(item, f"rôle de contact inconnu {shown}{hint} ; attendu l'un de : {', '.join(ROLES)}", name)
            elif item.value in found:
                self.error(item, f"rôle de contact '{item.value}' en double dans 'contacts'", name)
            else:
                found.append(item.value)
        return tuple(found)

    def keyed(self, listed: list[Value], what: str, kind: str, allowed: set[str], name: str) -> Iterator[tuple[Value, dict, str]]:
        """Each mapping of a list (answers, steps), with its fields and its 'key', checked (kind: « de réponse », « d'étape »)."""
        for item in listed:
            fields = self.mapping(item, what, name)
            if not isinstance(item.value, dict):
                continue
            self.keys(fields, allowed, what, name)
            key = self.text(fields, "key", what, name, at=item)
            if key and not ID.match(key):
                self.error(fields["key"][1], f"clé {kind} '{key}' invalide\u00a0; attendu des minuscules, chiffres et tirets", name)
            yield item, fields, key

    def answers(self, items: dict, at: Value, name: str) -> tuple[Choice, ...]:
        if "answers" not in items:
            self.error(at, "une question doit avoir des réponses ('answers')", name)
            return ()
        _, value = items["answers"]
        if not isinstance(value.value, list):
            self.error(value, f"'answers' doit être une liste, trouvé {describe(value.value)}", name)
            return ()
        choices = []
        for answer, fields, key in self.keyed(value.value, "une réponse", "de réponse", ANSWER_KEYS, name):
            label = self.text(fields, "label", "une réponse", name, at=answer)
            target = self.target(fields, "to", answer, name)
            short = self.text(fields, "short", "une réponse", name, required=False)
            chart, reading = self.origin(fields, answer, f"la réponse '{key}'", name)
            choices.append(Choice(key, label, target, short or label, answer.line, answer.column, chart, reading))
        return tuple(choices)

    def exits(self, items: dict, at: Value, name: str, kind: str) -> tuple[Choice, ...]:
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
            choices.append(Choice(CHOICE_KEYS[exit_name], label, target, short, place.line, place.column, chart, reading, exit_name))
        return tuple(choices)

    def target(self, items: dict, name: str, at: Value, node: str) -> str:
        if name not in items:
            self.error(at, f"le champ '{name}' est obligatoire (l'identifiant du nœud suivant)", node)
            return ""
        _, value = items[name]
        if not isinstance(value.value, str) or not value.value:
            self.error(value, f"'{name}' doit être l'identifiant d'un nœud, trouvé {describe(value.value)}", node)
            return ""
        return value.value

    def nonempty_list(self, items: dict, field: str, expected: str, name: str) -> list[Value]:
        """The items of a list field that may not be empty ([] when it is absent, or wrong and told)."""
        if field not in items:
            return []
        _, value = items[field]
        if not isinstance(value.value, list) or not value.value:
            self.error(value, f"'{field}' doit être {expected}, trouvé {describe(value.value)}", name)
            return []
        return value.value

    def steps(self, items: dict, name: str, references: dict) -> tuple[Step, ...]:
        steps = []
        listed = self.nonempty_list(items, "steps", "une liste d'étapes", name)
        for item, fields, key in self.keyed(listed, "une étape", "d'étape", STEP_KEYS, name):
            steps.append(Step(
                key,
                self.text(fields, "title", "une étape", name, at=item),
                self.text(fields, "text", "une étape", name, at=item),
                self.ids(fields, "refs", references, "la référence", name),
                *self.origin(fields, item, f"l'étape '{key}'", name),
                contacts=self.roles(fields, name),
            ))
        return tuple(steps)
