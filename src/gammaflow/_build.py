"""Compile a flow file into every build output, written atomically."""

from __future__ import annotations

import json
import os
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ._contacts import load_contacts
from ._diagram import dot_source, svg
from ._errors import FlowError, FlowInvalid
from ._loader import load
from ._model import Flow
from ._origin import additions, chart_boxes
from ._paths import scenarios, scenarios_markdown
from ._presentation import presentation_data
from ._wizard import wizard_data
from .runtime import Chart


@dataclass(frozen=True)
class Outputs:
    """Everything compiled from one flow file, in memory."""

    flow: Flow
    wizard: dict[str, Any]
    scenarios: list[dict[str, Any]]
    dot: str
    svg: str

    @property
    def chart(self) -> Chart:
        return Chart(self.wizard)

    @property
    def chart_boxes(self) -> list[dict[str, Any]]:
        """The source chart's boxes, each with what it became on the site."""
        return chart_boxes(self.wizard)

    @property
    def presentation(self) -> dict[str, Any]:
        """The presentation mode's data: slides, scenarios, ways and diagram ids."""
        return presentation_data(self.flow, self.chart, self.scenarios)

    @property
    def additions(self) -> list[dict[str, Any]]:
        """What this site added to the chart, each with its reason."""
        return additions(self.wizard)

    def files(self) -> dict[str, str]:
        """Output file names and their text."""
        return {
            "logigramme.dot": self.dot,
            "logigramme.svg": self.svg,
            "wizard.json": _json(self.wizard),
            "scenarios.json": _json(self.scenarios),
            "scenarios.md": scenarios_markdown(self.chart, self.scenarios),
        }


def compile_flow(path: str | Path, *, diagram: bool = True, contacts: str | Path | None = None) -> Outputs:
    """Load, check and compile a flow; raise FlowInvalid or DotMissing.

    contacts: the site's local contacts file (data/contacts.yaml), checked
    too (its errors come with the flow's); None: no local contact set."""
    problems: list[FlowError] = []
    local = None
    if contacts is not None:
        try:
            local = load_contacts(contacts)
        except FlowInvalid as exc:
            problems = list(exc.errors)
    try:
        flow = load(path)
    except FlowInvalid as exc:
        raise FlowInvalid([*exc.errors, *problems]) from None
    if problems:
        raise FlowInvalid(problems)
    wizard = wizard_data(flow, local)
    return Outputs(
        flow=flow,
        wizard=wizard,
        scenarios=scenarios(Chart(wizard)),
        dot=dot_source(flow),
        svg=svg(flow) if diagram else "",
    )


def write_outputs(outputs: Outputs, out_dir: str | Path) -> list[Path]:
    """Write every output into out_dir; each file is replaced whole or not at all."""
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    staged: list[tuple[str, Path]] = []
    try:
        for name, text in outputs.files().items():
            handle, temp = tempfile.mkstemp(prefix=f".{name}.", dir=out)
            staged.append((temp, out / name))  # before writing, so a failed write is cleaned up too
            os.fchmod(handle, 0o644)  # mkstemp makes 0600; the outputs are published
            with os.fdopen(handle, "w", encoding="utf-8") as stream:
                stream.write(text)
    except BaseException:
        for temp, _ in staged:
            os.unlink(temp)
        raise
    for temp, final in staged:
        os.replace(temp, final)
    return [final for _, final in staged]


def _json(data: Any) -> str:
    return json.dumps(data, ensure_ascii=False, indent=1) + "\n"
