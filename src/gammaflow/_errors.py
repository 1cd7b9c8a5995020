"""Errors raised while reading and checking the engine's files, and the hints they give.

    FlowError          one problem, at one place of a file (flow, contacts, fallback document)
    FlowInvalid        raised with every FlowError found at once
    did_you_mean       the closest known name, as a hint
    describe           a YAML value's kind, in French, for « trouvé … »
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True, order=True)
class FlowError:
    """One problem found in a flow file, with where it is."""

    path: str
    line: int
    column: int
    message: str
    node: str | None = None

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}:{self.column}: "
        if self.node is not None:
            where += f"nœud '{self.node}'\u00a0: "
        return where + self.message


class FlowInvalid(Exception):
    """The flow file has one or more errors; ``errors`` lists them all."""

    def __init__(self, errors: list[FlowError]) -> None:
        self.errors = sorted(errors)
        super().__init__("\n".join(str(error) for error in self.errors))


def describe(value: Any) -> str:
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
