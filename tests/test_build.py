"""Compiling a flow file into every output, and writing them atomically."""

from __future__ import annotations

import dataclasses
import json
import stat
from pathlib import Path

import pytest

from gammaflow.build import DotMissing, FlowInvalid, Outputs, compile_flow, write_outputs
from gammaflow._typography import french

NAMES = ["logigramme.dot", "logigramme.svg", "assistant.json", "scenarios.json", "scenarios.md"]


def _snapshot(directory: Path) -> dict[str, bytes]:
    return {path.name: path.read_bytes() for path in sorted(directory.iterdir())}


@pytest.fixture
def previous(tmp_path: Path) -> Path:
    """An output directory holding a previous build's files (with recognisable content)."""
    out = tmp_path / "out"
    out.mkdir()
    for name in NAMES:
        (out / name).write_text(f"ancienne version de {name}\n", encoding="utf-8")
    return out


def test_compile_flow_gives_every_output(gamma2_outputs, gamma2_flow):
    """compile_flow returns the flow, assistant data, scenarios, DOT and SVG."""
    assert isinstance(gamma2_outputs, Outputs)
    assert list(gamma2_outputs.flow.nodes) == list(gamma2_flow.nodes)
    assert gamma2_outputs.dot.startswith("digraph ")
    assert gamma2_outputs.svg.startswith("<svg ")
    assert len(gamma2_outputs.scenarios) == 18
    assert gamma2_outputs.chart.start == "debut"


def test_outputs_give_the_chart_boxes_and_the_additions(gamma2_outputs):
    """Outputs list the source chart's boxes in order, each with the elements that carry it, and every element with a reading."""
    assistant_data = gamma2_outputs.assistant_data
    assert assistant_data["chart"] == {box: french(text) for box, text in gamma2_outputs.flow.chart.items()}
    boxes = gamma2_outputs.chart_boxes
    assert [(box["id"], box["text"]) for box in boxes] == list(assistant_data["chart"].items())
    assert all(box["became"] and all(box["id"] in element["chart"] for element in box["became"]) for box in boxes)
    assert [box["id"] for box in boxes if any(element["node"] == "autorisation" for element in box["became"])] == [
        "autorisation-materiel", "autorisation-modes",
    ]
    additions = gamma2_outputs.additions
    assert additions and all(element["reading"] for element in additions)
    readings = [node["reading"] for node in assistant_data["nodes"].values()] + [
        choice["reading"] for node in assistant_data["nodes"].values() for choice in node["choices"]
    ] + [step["reading"] for node in assistant_data["nodes"].values() for step in node["steps"]] + [
        node["reminder"]["reading"] for node in assistant_data["nodes"].values() if node["reminder"]
    ]
    assert len(additions) == len([reading for reading in readings if reading])


def test_compile_without_diagram_skips_dot(gamma2_path, monkeypatch):
    """With diagram=False no SVG is made, so dot is not needed; the DOT source is still there."""
    monkeypatch.setenv("PATH", "")
    outputs = compile_flow(gamma2_path, diagram=False)
    assert outputs.svg == ""
    assert outputs.dot.startswith("digraph ")


def test_files_names_and_contents(gamma2_outputs):
    """files() maps the five output names to their text; JSON files parse back to the data."""
    files = gamma2_outputs.files()
    assert list(files) == NAMES
    assert json.loads(files["assistant.json"]) == gamma2_outputs.assistant_data
    assert json.loads(files["scenarios.json"]) == gamma2_outputs.scenarios
    assert files["scenarios.md"].startswith("18 parcours")
    assert all(text.endswith("\n") for name, text in files.items() if name.endswith(".json"))


def test_json_outputs_keep_accents(gamma2_outputs):
    """JSON outputs are written as UTF-8 text, not \\u escapes."""
    assert "accéder" in gamma2_outputs.files()["assistant.json"]


def test_write_outputs_writes_the_five_files(gamma2_outputs, tmp_path):
    """write_outputs creates the directory and writes the five files, returning their paths."""
    out = tmp_path / "a" / "b"
    written = write_outputs(gamma2_outputs, out)
    assert written == [out / name for name in NAMES]
    assert sorted(path.name for path in out.iterdir()) == sorted(NAMES)
    for name, text in gamma2_outputs.files().items():
        assert (out / name).read_text(encoding="utf-8") == text


def test_written_files_are_readable_by_all(gamma2_outputs, tmp_path):
    """The outputs are published files: mode 0644, not the 0600 of a temporary file."""
    for path in write_outputs(gamma2_outputs, tmp_path):
        assert stat.S_IMODE(path.stat().st_mode) == 0o644


def test_write_outputs_replaces_previous_files(gamma2_outputs, previous):
    """A new build replaces the previous files and leaves no temporary file behind."""
    write_outputs(gamma2_outputs, previous)
    assert _snapshot(previous) == {name: text.encode("utf-8") for name, text in sorted(gamma2_outputs.files().items())}


def test_build_is_reproducible(gamma2_path, gamma2_outputs):
    """Compiling the same file twice gives byte-identical outputs."""
    assert compile_flow(gamma2_path).files() == gamma2_outputs.files()


def test_invalid_flow_leaves_previous_outputs_untouched(bad, previous):
    """When the flow is invalid, compiling fails before writing: previous outputs stay byte for byte."""
    before = _snapshot(previous)
    with pytest.raises(FlowInvalid):
        write_outputs(compile_flow(bad("several-errors")), previous)
    assert _snapshot(previous) == before


def test_failed_write_leaves_previous_outputs_and_no_temp_file(gamma2_outputs, previous):
    """If one output cannot be written, no file is replaced and every temporary file is removed."""
    before = _snapshot(previous)
    broken = dataclasses.replace(gamma2_outputs, svg="<svg>\ud800</svg>")  # a lone surrogate cannot be encoded
    with pytest.raises(UnicodeEncodeError):
        write_outputs(broken, previous)
    assert _snapshot(previous) == before


def test_missing_dot_leaves_previous_outputs_untouched(gamma2_path, previous, monkeypatch):
    """Without dot, compile_flow raises DotMissing and nothing is written."""
    before = _snapshot(previous)
    monkeypatch.setenv("PATH", "")
    with pytest.raises(DotMissing):
        write_outputs(compile_flow(gamma2_path), previous)
    assert _snapshot(previous) == before
