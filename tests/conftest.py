"""Shared fixtures: the GAMMA 2 flow, its compiled outputs, and flow files in tmp_path."""

from __future__ import annotations

import textwrap
from collections.abc import Callable
from pathlib import Path

import pytest

from gammaflow.build import FlowInvalid, Outputs, compile_flow, load
from gammaflow._model import Flow
from gammaflow.runtime import Chart
# Real nginx and Apache for tests/site and tests/browser alike: one sub-folder build, one set of servers a session.
from realservers import real_servers, subfolder_port, subfolder_site  # noqa: F401  (pytest fixtures)

ROOT = Path(__file__).resolve().parent.parent
GAMMA2 = ROOT / "flow" / "gamma2.yaml"
BAD = Path(__file__).resolve().parent / "fixtures" / "bad"

# A small valid flow: one question, one action with « résolu / pas de solution », two ends.
MINIMAL = textwrap.dedent(
    """\
    title: Essai
    version: janvier 2023
    nodes:
      debut:
        kind: start
        title: Début
        text: On commence.
        next: meteo
      meteo:
        kind: question
        title: Météo des services
        text: Un dysfonctionnement est-il signalé ?
        answers:
          - key: oui
            label: Oui
            to: secours
          - key: non
            label: Non
            to: contact
      contact:
        kind: action
        title: Je contacte le SAU
        text: Je contacte le SAU.
        solved: resolu
        unsolved: secours
      secours:
        kind: outcome
        title: Secours
        text: J'applique la procédure de secours.
      resolu:
        kind: outcome
        title: Résolu
        text: Je reprends le travail.
    """
)


@pytest.fixture(scope="session")
def gamma2_path() -> Path:
    """The path of the real flow file, flow/gamma2.yaml."""
    return GAMMA2


@pytest.fixture(scope="session")
def gamma2_flow() -> Flow:
    """The GAMMA 2 flow, loaded and checked once for the session."""
    return load(GAMMA2)


@pytest.fixture(scope="session")
def gamma2_outputs() -> Outputs:
    """Every output compiled from the GAMMA 2 flow, diagram and fallback document included (runs dot once)."""
    return compile_flow(GAMMA2, fallback_document=GAMMA2.parent.parent / "data" / "fallback-document.yaml")


@pytest.fixture(scope="session")
def assistant_file(gamma2_outputs, tmp_path_factory) -> Path:
    """assistant.json as the site ships it, in a temporary folder (for the Pyodide runs)."""
    path = tmp_path_factory.mktemp("assistant_data") / "assistant.json"
    path.write_text(gamma2_outputs.files()["assistant.json"], encoding="utf-8")
    return path


@pytest.fixture(scope="session")
def chart(gamma2_outputs: Outputs) -> Chart:
    """The runtime chart of the GAMMA 2 flow, built from its assistant data."""
    return Chart(gamma2_outputs.assistant_data)


@pytest.fixture
def minimal() -> str:
    """The text of a small valid flow (two ends, a question, an action)."""
    return MINIMAL


@pytest.fixture
def write_flow(tmp_path: Path) -> Callable[..., Path]:
    """A function that writes flow text into tmp_path and returns the file's path."""

    def write(text: str, name: str = "flow.yaml") -> Path:
        path = tmp_path / name
        path.write_text(text, encoding="utf-8")
        return path

    return write


def flow_errors(path: str | Path) -> list[str]:
    """Load a flow that must be invalid; return its errors as the lines a person reads."""
    with pytest.raises(FlowInvalid) as caught:
        load(path)
    assert caught.value.errors, "FlowInvalid raised without any error"
    return [str(error) for error in caught.value.errors]


@pytest.fixture
def errors_of() -> Callable[[str | Path], list[str]]:
    """The flow_errors helper, as a fixture."""
    return flow_errors


@pytest.fixture
def bad() -> Callable[[str], Path]:
    """A function giving the path of a malformed fixture under tests/fixtures/bad/."""

    def path(name: str) -> Path:
        found = BAD / f"{name}.yaml"
        assert found.is_file(), found
        return found

    return path
