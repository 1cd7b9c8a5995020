"""gammaflow's build side: load, check and compile a flow; write its outputs.

This module is the engine's public build API: the site's build glue
(scripts/), the benchmarks and the tests use these names, never a private
module. It needs the build dependencies (PyYAML, Markdown, graphviz); the
browser side (gammaflow.runtime, .assistant, .lrn) does not import it.

The pipeline:   flow file ──_reader──▶ model ──_checks──▶ checked model
                  ──_assistant_data, _diagram, _paths, _presentation──▶ Outputs
"""

from __future__ import annotations

import json
import os
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ._cases import load_cases, page_data, uncovered, uncovered_exits
from ._checks import check
from ._contacts import ROLES, load_contacts
from ._diagram import DotMissing, dot_source, svg
from ._fallback_document import SOURCE_NATURES, fallback_document_motifs, load_fallback_document
from ._errors import FlowError, FlowInvalid
from ._model import Flow
from ._origin import additions, chart_boxes
from ._paths import scenarios, scenarios_markdown
from ._presentation import presentation_data
from ._reader import parse
from ._typography import french
from ._assistant_data import compile_assistant_data
from ._yaml import read_text
from .runtime import Chart

__all__ = [
    "ROLES", "SOURCE_NATURES", "DotMissing", "FlowError", "FlowInvalid", "Outputs",
    "compile_flow", "french", "load", "load_cases", "load_contacts", "load_fallback_document", "write_outputs",
]


def load(path: str | Path) -> Flow:
    """Read and check a flow file; raise FlowInvalid with every error found."""
    return check(parse(read_text(path), str(path)))


@dataclass(frozen=True)
class Outputs:
    """Everything compiled from one flow file, in memory."""

    flow: Flow
    assistant_data: dict[str, Any]
    scenarios: list[dict[str, Any]]
    dot: str
    svg: str
    fallback_document: dict[str, Any] | None = None  # the fallback document's data, if compiled with one
    cases: list[dict[str, Any]] | None = None  # the « cas pratiques », if compiled with their file

    @property
    def uncovered(self) -> list[dict[str, Any]]:
        """The scenarios no case walks (all of them without cases)."""
        return uncovered(self.cases or [], self.scenarios)

    @property
    def cases_page(self) -> dict[str, Any]:
        """What the « Cas pratiques » page's script needs: each question's expected key, the diagram to trace."""
        return page_data(self.cases or [])

    @property
    def uncovered_exits(self) -> list[dict[str, str]]:
        """The site's inferred answers (a « reading ») that no case takes."""
        return uncovered_exits(self.cases or [], self.assistant_data)

    @property
    def motifs(self) -> dict[str, str]:
        """The nodes that authorise the fallback, and the motif each gives the fallback document."""
        return fallback_document_motifs(self.fallback_document) if self.fallback_document else {}

    @property
    def chart(self) -> Chart:
        return Chart(self.assistant_data)

    @property
    def chart_boxes(self) -> list[dict[str, Any]]:
        """The source chart's boxes, each with what it became on the site."""
        return chart_boxes(self.assistant_data)

    @property
    def presentation(self) -> dict[str, Any]:
        """The presentation mode's data: slides, scenarios, ways and diagram ids;
        the « cas pratiques » when compiled with them (their paths and the key
        each question expects)."""
        data = presentation_data(self.flow, self.chart, self.scenarios)
        data["cases"] = [
            {"id": case["id"], "nodes": case["nodes"], "keys": case["keys"],
             "questions": [{"index": q["index"], "expected": q["expected"]} for q in case["questions"]]}
            for case in self.cases or []
        ]
        return data

    @property
    def additions(self) -> list[dict[str, Any]]:
        """What this site added to the chart, each with its reason."""
        return additions(self.assistant_data)

    def files(self) -> dict[str, str]:
        """Output file names and their text (cases.json when compiled with cases)."""
        found = {
            "logigramme.dot": self.dot,
            "logigramme.svg": self.svg,
            "assistant.json": _json(self.assistant_data),
            "scenarios.json": _json(self.scenarios),
            "scenarios.md": scenarios_markdown(self.chart, self.scenarios),
        }
        if self.cases is not None:
            found["cases.json"] = _json(self.cases)
        return found


def compile_flow(
    path: str | Path, *, diagram: bool = True, contacts: str | Path | None = None, fallback_document: str | Path | None = None,
    cases: str | Path | None = None,
) -> Outputs:
    """Load, check and compile a flow; raise FlowInvalid (with the errors of
    every file at once) or DotMissing.

    contacts: the site's local contacts file (data/contacts.yaml); None: no
    local contact set. fallback_document: the fallback document's data file
    (data/fallback-document.yaml), its sources resolved against the flow;
    None: none compiled. cases: the « cas pratiques » (flow/cases.yaml),
    each walked on the flow; None: none compiled."""
    problems: list[FlowError] = []
    local = _gather(problems, load_contacts, contacts)
    try:
        flow = load(path)
    except FlowInvalid as exc:
        # The other files' own mistakes, told with the flow's.
        _gather(problems, load_fallback_document, fallback_document, None)
        _gather(problems, load_cases, cases, None)
        raise FlowInvalid([*exc.errors, *problems]) from None
    assistant_data = compile_assistant_data(flow, local)
    compiled = _gather(problems, load_fallback_document, fallback_document, assistant_data)
    compiled_cases = _gather(problems, load_cases, cases, assistant_data)
    if problems:
        raise FlowInvalid(problems)
    return Outputs(
        flow=flow,
        assistant_data=assistant_data,
        scenarios=scenarios(Chart(assistant_data)),
        dot=dot_source(flow),
        svg=svg(flow) if diagram else "",
        fallback_document=compiled,
        cases=compiled_cases,
    )


def _gather(problems: list[FlowError], read: Any, path: str | Path | None, *args: Any) -> Any:
    """read(path, *args), or None: when path is None, or when it raises
    FlowInvalid (its errors are added to problems)."""
    if path is None:
        return None
    try:
        return read(path, *args)
    except FlowInvalid as exc:
        problems += exc.errors
        return None


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
