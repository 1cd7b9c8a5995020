"""Errors raised while reading and checking a flow file.

    FlowError          one problem, at one place of the file
    FlowInvalid        raised with every FlowError of a file at once
"""

from __future__ import annotations

from dataclasses import dataclass


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
