"""The typed model of a flow, as the reader (_reader.py) builds it from the file.

Provenance: an element (node, answer or exit, step, reminder) drawn from the
source chart names its boxes in ``chart`` (ids of ``Flow.chart``, the chart's
own words box by box); one that this site adds or reshapes gives its reason,
for readers, in ``reading``. A chart box the site reshaped (merged, split) has
both.
"""

from __future__ import annotations

from dataclasses import dataclass, field

KINDS = ("start", "question", "action", "outcome")


@dataclass(frozen=True)
class Choice:
    """A way out of a node: an answer of a question, or an exit of an action."""

    key: str
    label: str
    target: str
    short: str = ""
    line: int = 0
    column: int = 0
    chart: tuple[str, ...] = ()
    reading: str = ""
    field: str = ""  # an exit: the field the author wrote ('next', 'solved', 'unsolved'); an answer: ""

    @property
    def written(self) -> str:
        """How the author's file names this way out, for messages: « la réponse 'x' », « la sortie 'solved' »."""
        return f"la sortie '{self.field}'" if self.field else f"la réponse '{self.key}'"


@dataclass(frozen=True)
class Step:
    """One numbered step of an outcome (e.g. the fallback procedure)."""

    key: str
    title: str
    text: str
    refs: tuple[str, ...] = ()
    chart: tuple[str, ...] = ()
    reading: str = ""
    contacts: tuple[str, ...] = ()  # local contact roles shown with it (gammaflow._contacts.ROLES)


@dataclass(frozen=True)
class Reminder:
    """A boxed reminder shown with an outcome."""

    title: str
    text: str
    chart: tuple[str, ...] = ()
    reading: str = ""


@dataclass(frozen=True)
class Node:
    """One box of the flowchart."""

    id: str
    kind: str
    title: str
    text: str
    choices: tuple[Choice, ...] = ()
    steps: tuple[Step, ...] = ()
    reminder: Reminder | None = None
    links: tuple[str, ...] = ()
    refs: tuple[str, ...] = ()
    note: str = ""
    line: int = 0
    column: int = 0
    chart: tuple[str, ...] = ()
    reading: str = ""
    contacts: tuple[str, ...] = ()  # local contact roles shown with it (gammaflow._contacts.ROLES)


@dataclass(frozen=True)
class Reference:
    """A legal or official text the procedure rests on."""

    id: str
    title: str
    short: str
    description: str
    url: str


@dataclass(frozen=True)
class Link:
    """An external page a step points to."""

    id: str
    label: str
    url: str


@dataclass(frozen=True)
class Flow:
    """A whole procedure: metadata, texts it cites, and its nodes in file order."""

    source: str
    title: str
    version: str
    summary: str
    nodes: dict[str, Node]
    references: dict[str, Reference] = field(default_factory=dict)
    links: dict[str, Link] = field(default_factory=dict)
    allow_cycles: bool = False
    chart: dict[str, str] = field(default_factory=dict)

    @property
    def start(self) -> Node:
        return next(node for node in self.nodes.values() if node.kind == "start")
