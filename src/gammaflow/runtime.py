"""The assistant's state machine over the compiled flow.

Standard library only, no I/O: the same module runs in CPython (tests, build)
and in the browser under Pyodide. A walk is immutable; each move returns a new
one. Its state is the tuple of answer keys from the start, which is also its
URL token (keys joined by dots).
"""

from __future__ import annotations

import datetime as _dt
import json
import re
from typing import Any

FORMAT = 1
SEPARATOR = "."
CONTINUE = "suite"  # the key of a step's one unlabelled way on (the flow file's 'next')
MAX_TOKEN_LENGTH = 2000
TOKEN = re.compile(r"^[a-z0-9-]+(?:\.[a-z0-9-]+)*$")

NOTICE_INVALID = (
    "Le lien ouvert ne correspond à aucun chemin de la procédure\u00a0: "
    "l’assistant reprend au début."
)
NOTICE_PARTIAL = (
    "Le lien ouvert n’était plus valable en entier\u00a0: l’assistant reprend "
    "à la dernière étape valable."
)


MONTHS = ("janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre", "octobre", "novembre", "décembre")


def french_date(moment: _dt.datetime) -> str:
    """« 1er décembre 2026 à 9 h 05 », as French readers write a date and time."""
    day = "1er" if moment.day == 1 else str(moment.day)
    return f"{day} {MONTHS[moment.month - 1]} {moment.year} à {moment.hour}\u00a0h\u00a0{moment.minute:02d}"


_ISO_DAY = re.compile(r"^(\d{4})-(\d{2})-(\d{2})$")
_ISO_TIME = re.compile(r"^(\d{2}):(\d{2})(?::\d{2}(?:\.\d+)?)?$")


def french_day(text: str) -> str:
    """« 27/11/2026 » (jj/mm/aaaa) for a form's date « 2026-11-27 »; ValueError if it is not a date."""
    match = _ISO_DAY.match(text) if isinstance(text, str) else None
    if not match:
        raise ValueError(f"expected a date as yyyy-mm-dd, got {text!r}")
    day = _dt.date(int(match[1]), int(match[2]), int(match[3]))  # ValueError for 2026-02-30
    return f"{day.day:02d}/{day.month:02d}/{day.year:04d}"


def french_time(text: str) -> str:
    """« 9 h 15 » (no-break spaces) for a form's time « 09:15 »; ValueError if it is not a time."""
    match = _ISO_TIME.match(text) if isinstance(text, str) else None
    if not match or int(match[1]) > 23 or int(match[2]) > 59:
        raise ValueError(f"expected a time as hh:mm, got {text!r}")
    return f"{int(match[1])}\u00a0h\u00a0{match[2]}"


def french_values_json(text: str) -> str:
    """A form's dates and times written as French readers write them, whatever
    the browser's language: {"id": {"type": "date"|"time", "value": "…"}} →
    {"id": "27/11/2026" | "9 h 15" | ""} ("" for an empty or invalid value)."""
    values = json.loads(text)
    if not isinstance(values, dict):
        raise ValueError(f"expected an object of values, got {type(values).__name__}")
    shown = {}
    for key, item in values.items():
        kind, value = (item.get("type"), item.get("value")) if isinstance(item, dict) else (None, None)
        try:
            shown[key] = french_day(value) if kind == "date" else french_time(value) if kind == "time" else ""
        except ValueError:
            shown[key] = ""
    return json.dumps(shown, ensure_ascii=False)


def reader_moment(epoch_ms: Any, offset_minutes: Any) -> _dt.datetime:
    """The reader's local time from a browser's clock: Date.now() and -getTimezoneOffset()."""
    expected = f"expected epoch milliseconds (years 1 to 9999) and a UTC offset under 24 hours in minutes, got {epoch_ms!r}, {offset_minutes!r}"
    numbers = all(isinstance(value, (int, float)) and not isinstance(value, bool) for value in (epoch_ms, offset_minutes))
    if not numbers or not abs(offset_minutes) < 24 * 60 or not abs(epoch_ms) < 2.6e17:  # NaN fails every comparison
        raise ValueError(expected)
    zone = _dt.timezone(_dt.timedelta(minutes=int(offset_minutes)))
    try:
        return _dt.datetime.fromtimestamp(epoch_ms / 1000, tz=zone)
    except (OverflowError, OSError, ValueError):
        raise ValueError(expected) from None


DAMAGED = "données de l’assistant (assistant.json) endommagées ou d’une autre version du site\u00a0: "


class InvalidPath(ValueError):
    """An answer key does not fit the node it is given to."""


class Chart:
    """The compiled flow: nodes, their choices and their texts."""

    def __init__(self, data: dict[str, Any]) -> None:
        if not isinstance(data, dict) or data.get("format") != FORMAT:
            found = data.get("format") if isinstance(data, dict) else type(data).__name__
            raise ValueError(f"{DAMAGED}attendu le format {FORMAT}, trouvé {found!r}")
        self.data = data
        self.nodes: dict[str, dict[str, Any]] = data["nodes"]
        self.start: str = data["start"]
        self.title: str = data["title"]
        self.version: str = data["version"]

    @classmethod
    def from_json(cls, text: str) -> Chart:
        """The chart of a assistant.json text; a damaged one raises ValueError in the reader's words."""
        try:
            data = json.loads(text)
        except ValueError as error:
            where = f"ligne {error.lineno}, colonne {error.colno}" if isinstance(error, json.JSONDecodeError) else str(error)
            raise ValueError(f"{DAMAGED}attendu du JSON, illisible {where}") from None
        try:
            return cls(data)
        except KeyError as error:
            raise ValueError(f"{DAMAGED}attendu la clé « {error.args[0]} », absente") from None
        except TypeError:
            raise ValueError(f"{DAMAGED}attendu un objet JSON, trouvé des données mal formées") from None

    def target(self, node_id: str, key: str) -> str | None:
        """The node a choice leads to, or None if the node has no such choice."""
        for choice in self.nodes[node_id]["choices"]:
            if choice["key"] == key:
                return choice["to"]
        return None

    def reachable(self, node_id: str) -> set[str]:
        """Every node that can still be reached from node_id, itself included."""
        seen = {node_id}
        todo = [node_id]
        while todo:
            for choice in self.nodes[todo.pop()]["choices"]:
                if choice["to"] not in seen:
                    seen.add(choice["to"])
                    todo.append(choice["to"])
        return seen

    def paths(self) -> list[tuple[str, ...]]:
        """Every path from the start to an end, as answer keys, in file order."""
        found: list[tuple[str, ...]] = []
        stack: list[tuple[str, tuple[str, ...], frozenset[str]]] = [(self.start, (), frozenset([self.start]))]
        while stack:
            node_id, answers, seen = stack.pop()
            choices = self.nodes[node_id]["choices"]
            if not choices:
                found.append(answers)
            for choice in reversed(choices):
                if choice["to"] not in seen:
                    stack.append((choice["to"], answers + (choice["key"],), seen | {choice["to"]}))
        return found

    def path_to(self, node_id: str) -> tuple[str, ...] | None:
        """The fewest answers that lead from the start to node_id (the first such
        path in file order), or None if no path leads there. The assistant maps
        a static step address (#etape-<id>) to a walk with it."""
        if node_id not in self.nodes:
            return None
        found: dict[str, tuple[str, ...]] = {self.start: ()}
        todo = [self.start]
        for current in todo:  # breadth first: todo grows while it is read
            if current == node_id:
                return found[current]
            for choice in self.nodes[current]["choices"]:
                if choice["to"] not in found:
                    found[choice["to"]] = found[current] + (choice["key"],)
                    todo.append(choice["to"])
        return None

    def walk(self, answers: tuple[str, ...] | list[str] = ()) -> Walk:
        return Walk(self, tuple(answers))

    def from_token(self, token: str) -> tuple[Walk, str | None]:
        """The walk a URL token stands for, and a notice when it had to be mended.

        A token that is not made of known keys opens the start; one whose first
        answers are valid keeps them and drops the rest.
        """
        if not isinstance(token, str):
            return self.walk(), NOTICE_INVALID
        token = token.strip()
        if not token:
            return self.walk(), None
        if len(token) > MAX_TOKEN_LENGTH or not TOKEN.match(token):
            return self.walk(), NOTICE_INVALID
        walk = self.walk()
        for key in token.split(SEPARATOR):
            if walk.is_end or self.target(walk.current, key) is None:
                return (walk, NOTICE_PARTIAL) if walk.answers else (walk, NOTICE_INVALID)
            walk = walk.answer(key)
        return walk, None

    def scenario_name(self, answers: tuple[str, ...]) -> str:
        """A readable name for a path: its answers' short labels, then its end."""
        walk = self.walk(answers)
        parts = []
        for node_id, key in zip(walk.nodes, answers):
            choice = _choice(self.nodes[node_id], key)
            if choice.get("short"):
                parts.append(choice["short"])
        parts.append(self.nodes[walk.current]["title"])
        return " → ".join(parts)


class Walk:
    """Where a reader is: the answers given from the start, and the nodes visited."""

    def __init__(self, chart: Chart, answers: tuple[str, ...] = ()) -> None:
        self.chart = chart
        self.answers = answers
        nodes = [chart.start]
        for index, key in enumerate(answers):
            target = chart.target(nodes[-1], key)
            if target is None:
                raise InvalidPath(f"step {index + 1}: node {nodes[-1]!r} has no choice {key!r}")
            nodes.append(target)
        self.nodes = tuple(nodes)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Walk) and other.chart is self.chart and other.answers == self.answers

    def __repr__(self) -> str:
        return f"Walk({self.token()!r} at {self.current!r})"

    @property
    def current(self) -> str:
        return self.nodes[-1]

    @property
    def step(self) -> int:
        """The number of the current step, the start being step 1."""
        return len(self.nodes)

    @property
    def is_end(self) -> bool:
        return not self.chart.nodes[self.current]["choices"]

    def answer(self, key: str) -> Walk:
        return Walk(self.chart, self.answers + (key,))

    def back(self) -> Walk:
        return Walk(self.chart, self.answers[:-1])

    def restart(self) -> Walk:
        return Walk(self.chart)

    def back_to(self, node_id: str) -> Walk:
        """Go back to a node already on the path (its last visit)."""
        if node_id not in self.nodes:
            raise InvalidPath(f"node {node_id!r} is not on the path")
        index = len(self.nodes) - 1 - self.nodes[::-1].index(node_id)
        return Walk(self.chart, self.answers[:index])

    def change(self, index: int, key: str) -> Walk:
        """Give another answer at step index+1.

        A later answer is kept only where the new path reaches the very step
        (node) the reader answered it at; the walk stops at the first step the
        change makes new, so it never answers a question the reader did not see.
        """
        return self.change_report(index, key)[0]

    def change_report(self, index: int, key: str) -> tuple[Walk, list[dict[str, Any]], list[dict[str, Any]]]:
        """change(), with the later answers it kept and those it dropped (summary rows of this walk)."""
        if not 0 <= index < len(self.answers) + 1:
            raise InvalidPath(f"no step {index + 1} on this path")
        walk = Walk(self.chart, self.answers[:index]).answer(key)
        rows = self.summary()[index + 1:]
        later = {row["node"]: row for row in rows}  # the same node offers the same answers
        kept = []
        while not walk.is_end and walk.current in later:
            kept.append(later.pop(walk.current))
            walk = walk.answer(kept[-1]["key"])
        return walk, kept, [row for row in rows if row not in kept]

    def token(self) -> str:
        return SEPARATOR.join(self.answers)

    def summary(self) -> list[dict[str, Any]]:
        """The answers given so far, one entry per step answered."""
        rows = []
        for index, (node_id, key) in enumerate(zip(self.nodes, self.answers)):
            node = self.chart.nodes[node_id]
            rows.append({
                "index": index,
                "step": index + 1,
                "node": node_id,
                "title": node["title"],
                "answer": _choice(node, key)["label"],
                "key": key,
            })
        return rows

    def summary_text(self, produced_at: str = "") -> str:
        """The path as plain text, to paste into an e-mail."""
        end = self.chart.nodes[self.current]
        lines = [f"{self.chart.title} (procédure version {self.chart.version})"]
        if produced_at:
            lines.append(f"Récapitulatif établi le {produced_at}")
        lines.append("")
        for row in self.summary():
            if row["key"] == CONTINUE:
                lines.append(f"{row['step']}. {row['title']}")
            else:
                lines.append(f"{row['step']}. {row['title']}\u00a0: {row['answer']}")
        label = "Résultat" if self.is_end else "Étape en cours"
        lines += ["", f"{label}\u00a0: {end['title']}"]
        for number, step in enumerate(end.get("steps", []), 1):
            lines.append(f"  {number}. {step['title']}")
        return "\n".join(lines)

    def view(self) -> dict[str, Any]:
        """Everything the page needs to show this step, as plain data."""
        reachable = self.chart.reachable(self.current)
        return {
            "node": self.current,
            "step": self.step,
            "token": self.token(),
            "is_end": self.is_end,
            "path": list(self.nodes),
            "edges": [f"{node}:{key}" for node, key in zip(self.nodes, self.answers)],
            "dimmed": [node for node in self.chart.nodes if node not in reachable and node not in self.nodes],
            "summary": self.summary(),
        }


def _choice(node: dict[str, Any], key: str) -> dict[str, Any]:
    return next(choice for choice in node["choices"] if choice["key"] == key)
