"""The JSON Schema of the flow format (src/gammaflow/flow.schema.json), for editors."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import jsonschema
import pytest
import yaml
from hypothesis import given, settings

import gammaflow
from gammaflow.build import FlowInvalid, load
from gammaflow._checks import check
from gammaflow._markdown import RAW_HTML, URL
from gammaflow._reader import (
    ANSWER_KEYS, EXIT_KEYS, ID, KIND_KEYS, LINK_KEYS, NODE_KEYS, ORIGIN_KEYS, REFERENCE_KEYS, REMINDER_KEYS,
    STEP_KEYS, TOP_KEYS, parse,
)
from gammaflow._model import KINDS

from strategies import broken_flows, valid_flows

SCHEMA_PATH = Path(gammaflow.__file__).with_name("flow.schema.json")
SCHEMA: dict[str, Any] = json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))
VALIDATOR = jsonschema.Draft202012Validator(SCHEMA)
DEFS = SCHEMA["$defs"]


def _errors(data: Any) -> list[jsonschema.ValidationError]:
    return sorted(VALIDATOR.iter_errors(data), key=lambda error: list(error.absolute_path))


def _load_yaml(path: Path) -> Any:
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def test_schema_is_a_valid_draft_2020_12_schema():
    """The schema itself is valid against the draft 2020-12 meta-schema."""
    assert SCHEMA["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    jsonschema.Draft202012Validator.check_schema(SCHEMA)


def test_flow_file_points_editors_to_the_schema(gamma2_path):
    """flow/gamma2.yaml's first line names the schema by a relative path that exists."""
    first = gamma2_path.read_text(encoding="utf-8").splitlines()[0]
    assert first == "# yaml-language-server: $schema=../src/gammaflow/flow.schema.json"
    assert (gamma2_path.parent / first.split("=", 1)[1]).resolve() == SCHEMA_PATH.resolve()


def test_gamma2_validates(gamma2_path):
    """The real flow file is valid against the schema."""
    assert _errors(_load_yaml(gamma2_path)) == []


def test_minimal_flow_validates(minimal):
    """The small reference flow is valid against the schema."""
    assert _errors(yaml.safe_load(minimal)) == []


@pytest.mark.parametrize(
    ("fixture", "where", "validator"),
    [
        ("unknown-key", ["nodes", "contact"], "additionalProperties"),
        ("unknown-kind", ["nodes", "resolu", "kind"], "enum"),
        ("wrong-type", ["nodes", "debut", "text"], "type"),
        ("missing-field", ["nodes", "contact"], "required"),
        ("field-not-allowed", ["nodes", "resolu"], "additionalProperties"),
        ("next-and-solved", ["nodes", "contact"], "oneOf"),
        ("one-answer", ["nodes", "meteo", "answers"], "minItems"),
        ("empty-text", ["nodes", "secours", "text"], "pattern"),
        ("raw-html", ["nodes", "secours", "text"], "not"),
        ("malformed-link", ["links", "meteo", "url"], "pattern"),
        ("invalid-id", ["nodes"], "pattern"),  # the propertyNames rule reports its pattern
        ("not-a-mapping", [], "type"),
    ],
)
def test_structural_mistakes_are_rejected_by_the_schema_too(bad, fixture, where, validator):
    """Mistakes of structure (unknown key or kind, wrong type, missing or misplaced field...) fail the schema where the reader reports them."""
    errors = _errors(_load_yaml(bad(fixture)))
    assert (where, validator) in [(list(error.absolute_path), error.validator) for error in errors]
    with pytest.raises(FlowInvalid):
        load(bad(fixture))


def test_provenance_is_left_to_the_reader(bad):
    """A missing provenance (required only when the file has a 'chart' section) passes the schema; the reader catches it."""
    assert _errors(_load_yaml(bad("missing-provenance"))) == []
    with pytest.raises(FlowInvalid):
        load(bad("missing-provenance"))


def _minimal_with(minimal: str, old: str, new: str) -> Any:
    assert minimal.count(old) == 1
    return yaml.safe_load(minimal.replace(old, new))


ACTION_ANSWERS = (
    "    answers:\n"
    "      - {key: resolu, label: Le SAU a résolu le problème, short: Résolu, to: resolu}\n"
    "      - {key: aucune, label: Le SAU n'a pas de solution, to: secours, reading: Le logigramme ne le dit pas.}\n"
)
CONTACT_EXITS = "    solved: resolu\n    unsolved: secours\n"


def test_chart_section_and_provenance_validate(minimal):
    """A chart section, boxes given as one id or a list, readings, exits written as mappings and an action's own answers validate."""
    text = minimal.replace("nodes:\n", "chart:\n  meteo: Je consulte la météo\n  contact: Je contacte le SAU\nnodes:\n")
    text = text.replace("    kind: question\n", "    kind: question\n    chart: meteo\n")
    text = text.replace("    kind: start\n", "    kind: start\n    reading: L'assistant commence ici.\n")
    data = _minimal_with(text, CONTACT_EXITS, "    chart: [contact, meteo]\n    solved: {to: resolu, reading: Le logigramme ne le dit pas.}\n    unsolved: {to: secours, chart: contact}\n")
    assert _errors(data) == []
    assert _errors(_minimal_with(minimal, CONTACT_EXITS, ACTION_ANSWERS)) == []


@pytest.mark.parametrize(
    ("old", "new", "where", "validator"),
    [
        ("title: Essai\n", "title: Essai\nchart:\n  Case_1: Une case\n", ["chart"], "pattern"),
        ("title: Essai\n", "title: Essai\nchart:\n  case: '  '\n", ["chart", "case"], "pattern"),
        ("    kind: outcome\n    title: Résolu\n", "    kind: outcome\n    reading: ''\n    title: Résolu\n", ["nodes", "resolu", "reading"], "pattern"),
        ("    kind: outcome\n    title: Résolu\n", "    kind: outcome\n    chart: Case\n    title: Résolu\n", ["nodes", "resolu", "chart"], "anyOf"),
        (CONTACT_EXITS, "    solved: {to: resolu, raison: x}\n    unsolved: secours\n", ["nodes", "contact", "solved"], "anyOf"),
        (CONTACT_EXITS, "    solved: {chart: contact}\n    unsolved: secours\n", ["nodes", "contact", "solved"], "anyOf"),
        (CONTACT_EXITS, "    next: secours\n" + ACTION_ANSWERS, ["nodes", "contact"], "oneOf"),
        (CONTACT_EXITS, CONTACT_EXITS + ACTION_ANSWERS, ["nodes", "contact"], "oneOf"),
        ("        label: Oui\n", "        label: Oui\n        reading: 12\n", ["nodes", "meteo", "answers", 0, "reading"], "type"),
    ],
    ids=[
        "invalid-box-id", "empty-box", "empty-reading", "box-not-an-id",
        "unknown-key-in-exit", "exit-without-to", "answers-and-next", "answers-and-solved", "reading-not-a-text",
    ],
)
def test_provenance_mistakes_are_rejected_by_the_schema_too(minimal, errors_of, write_flow, old, new, where, validator):
    """Mistakes of structure in the chart section, provenance, exits and an action's answers fail the schema where the reader reports them."""
    errors = _errors(_minimal_with(minimal, old, new))
    assert (where, validator) in [(list(error.absolute_path), error.validator) for error in errors]
    assert errors_of(write_flow(minimal.replace(old, new)))


def test_empty_list_of_boxes_is_rejected_by_the_schema(minimal):
    """'chart: []' names no box: the schema wants one id or a non-empty list (the reader lets it pass, an engine bug)."""
    data = _minimal_with(minimal, "    kind: outcome\n    title: Résolu\n", "    kind: outcome\n    chart: []\n    title: Résolu\n")
    errors = _errors(data)
    assert (["nodes", "resolu", "chart"], "anyOf") in [(list(error.absolute_path), error.validator) for error in errors]


@pytest.mark.parametrize(
    "fixture", ["dangling-target", "unreachable", "cycle", "dead-end", "duplicate-labels", "duplicate-keys", "no-start", "target-start"]
)
def test_graph_mistakes_are_left_to_the_checks(bad, fixture):
    """Mistakes only the graph shows (targets, reachability, cycles, duplicates) pass the schema; the reader catches them."""
    assert _errors(_load_yaml(bad(fixture))) == []
    with pytest.raises(FlowInvalid):
        load(bad(fixture))


def test_schema_key_sets_match_the_reader():
    """The keys the schema allows at each level are exactly those the reader accepts."""
    assert set(SCHEMA["properties"]) == TOP_KEYS
    assert set(SCHEMA["required"]) == {"title", "version", "nodes"}
    common = NODE_KEYS - set().union(*KIND_KEYS.values())
    for kind in KINDS:
        assert set(DEFS[f"{kind}Node"]["properties"]) == common | KIND_KEYS[kind], kind
        assert DEFS[f"{kind}Node"]["additionalProperties"] is False
    assert set(DEFS["kind"]["enum"]) == set(KINDS)
    assert set(DEFS["answer"]["properties"]) == ANSWER_KEYS
    assert set(DEFS["step"]["properties"]) == STEP_KEYS
    assert set(DEFS["reference"]["properties"]) == REFERENCE_KEYS
    assert set(DEFS["link"]["properties"]) == LINK_KEYS
    assert set(DEFS["outcomeNode"]["properties"]["reminder"]["properties"]) == REMINDER_KEYS
    assert set(DEFS["actionNode"]["properties"]["labels"]["properties"]) == {"solved", "unsolved"}
    [exit_mapping] = [branch for branch in DEFS["exit"]["anyOf"] if branch.get("type") == "object"]
    assert set(exit_mapping["properties"]) == EXIT_KEYS
    assert exit_mapping["additionalProperties"] is False and exit_mapping["required"] == ["to"]
    assert ORIGIN_KEYS == {"chart", "reading"}
    assert ORIGIN_KEYS <= common and ORIGIN_KEYS <= ANSWER_KEYS & STEP_KEYS & REMINDER_KEYS & EXIT_KEYS
    for name in ("next", "solved", "unsolved"):
        assert DEFS["actionNode"]["properties"][name]["$ref"] == "#/$defs/exit", name
    assert DEFS["startNode"]["properties"]["next"]["$ref"] == "#/$defs/exit"


def test_schema_patterns_match_the_reader():
    """Ids, URLs and the raw-HTML rule use the reader's own regular expressions."""
    assert DEFS["id"]["pattern"] == ID.pattern
    assert DEFS["url"]["pattern"] == URL.pattern.replace('\\"', '"')  # no needless escape: ECMA-262 'u' mode refuses it
    assert DEFS["text"]["not"]["pattern"] == RAW_HTML.pattern


def _properties(schema: Any):
    """Every (name, subschema) under a 'properties' keyword, anywhere in the schema."""
    if isinstance(schema, dict):
        for name, sub in schema.get("properties", {}).items():
            yield name, sub
        for value in schema.values():
            yield from _properties(value)
    elif isinstance(schema, list):
        for value in schema:
            yield from _properties(value)


def test_every_property_has_a_french_description():
    """Each property carries a description (its own or its definition's) for editors' tooltips."""
    for name, sub in _properties(SCHEMA):
        description = sub.get("description") or DEFS.get(sub.get("$ref", "").rsplit("/", 1)[-1], {}).get("description")
        if name == "kind" and "const" in sub:  # the if/then selectors
            continue
        assert description, name
        assert re.search(r"(?i)\b(le|la|les|du|de|des|un|une|et|ou)\b", description), (name, description)


@settings(max_examples=50, deadline=None)
@given(valid_flows())
def test_random_valid_flows_validate(text):
    """Flows the reader accepts are accepted by the schema."""
    check(parse(text, "hasard.yaml"))
    assert _errors(yaml.safe_load(text)) == []


@settings(max_examples=100, deadline=None)
@given(broken_flows())
def test_schema_is_never_stricter_than_the_reader(text):
    """A mutated flow the reader accepts is never refused by the schema."""
    try:
        check(parse(text, "hasard.yaml"))
    except FlowInvalid:
        return
    assert _errors(yaml.safe_load(text)) == []
