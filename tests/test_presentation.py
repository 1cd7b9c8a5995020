"""The presentation mode's data (Outputs.presentation, gammaflow._presentation) for the compiled GAMMA 2 flow."""

from __future__ import annotations

import xml.etree.ElementTree as ET

import pytest


@pytest.fixture(scope="module")
def presentation(gamma2_outputs) -> dict:
    """The presentation data of the GAMMA 2 flow."""
    return gamma2_outputs.presentation


@pytest.fixture(scope="module")
def svg_ids(gamma2_outputs) -> set[str]:
    """Every id of the compiled SVG diagram (entities decoded by the XML parser)."""
    return {element.get("id") for element in ET.fromstring(gamma2_outputs.svg).iter() if element.get("id")}


def test_the_presentation_covers_every_node_of_the_chart(presentation, chart):
    """The presentation has the chart's title and start, and every node in the chart's order, with its kind and title."""
    assert (presentation["title"], presentation["start"]) == (chart.title, chart.start), f"expected {(chart.title, chart.start)!r}, got {(presentation['title'], presentation['start'])!r}"
    assert list(presentation["nodes"]) == list(chart.nodes), f"expected the chart's nodes, got {list(presentation['nodes'])}"
    for node, data in presentation["nodes"].items():
        expected = (chart.nodes[node]["kind"], chart.nodes[node]["title"])
        assert (data["kind"], data["title"]) == expected, f"{node}: expected {expected!r}, got {(data['kind'], data['title'])!r}"


def test_every_way_is_the_shortest_path_and_leads_to_its_node(presentation, chart):
    """For every node, way is chart.path_to: its keys, walked from the start, visit its nodes and stop on the node."""
    for node, data in presentation["nodes"].items():
        way = data["way"]
        assert way["keys"] == list(chart.path_to(node)), f"{node}: expected the keys {list(chart.path_to(node))}, got {way['keys']}"
        walk = chart.walk(way["keys"])
        assert way["nodes"] == list(walk.nodes), f"{node}: expected the nodes {list(walk.nodes)}, got {way['nodes']}"
        assert walk.current == node and way["nodes"][-1] == node, f"{node}: the way ends on {walk.current!r}"
        assert len(way["nodes"]) == len(way["keys"]) + 1


def test_every_box_and_edge_id_exists_in_the_svg(presentation, svg_ids):
    """Every box, step arrow and choice arrow the presentation lights is an element of the compiled SVG."""
    for node, data in presentation["nodes"].items():
        ids = [*data["boxes"], *data["step_edges"],
               *(edge for choice in data["choices"] for edge in (choice["edge"], choice["box"], *choice["edges"].values()))]
        missing = sorted(set(ids) - svg_ids)
        assert not missing, f"{node}: expected ids of the SVG, got unknown {missing}"


def test_boxes_and_edges_are_the_assistant_data_s_diagram_ids(presentation, chart):
    """The presentation lights the same elements as the assistant: the node's box and its parts, the arrows between its steps, each choice's arrows (out of each of the node's boxes) and the box it reaches."""
    for node, data in presentation["nodes"].items():
        compiled = chart.nodes[node]
        assert data["boxes"] == [compiled["diagram"], *compiled["diagram_parts"]], f"{node}: boxes {data['boxes']}"
        assert data["step_edges"] == compiled["diagram_part_edges"], f"{node}: step_edges {data['step_edges']}"
        expected = [{"key": c["key"], "to": c["to"], "edge": c["diagram"], "edges": c["diagram_edges"], "box": c["diagram_to"]}
                    for c in compiled["choices"]]
        assert data["choices"] == expected, f"{node}: expected choices {expected}, got {data['choices']}"


def test_slides_are_the_node_its_steps_and_its_reminder(presentation, chart):
    """A node has 1 slide, plus one per outcome step and one for its reminder; each slide lights its own box and each step but the last has an arrow to the next."""
    with_parts = 0
    for node, data in presentation["nodes"].items():
        compiled = chart.nodes[node]
        steps = len(compiled["steps"])
        expected = 1 + steps + (1 if compiled["reminder"] else 0)
        assert len(data["slides"]) == expected, f"{node}: expected {expected} slides, got {len(data['slides'])}"
        assert data["slides"][0] == node, f"{node}: the first slide is {data['slides'][0]!r}"
        assert data["slides"][1:1 + steps] == [f"{node}--{step['key']}" for step in compiled["steps"]], f"{node}: step slides {data['slides']}"
        assert len(data["boxes"]) == len(data["slides"]), f"{node}: {len(data['boxes'])} boxes for {len(data['slides'])} slides"
        assert data["boxes"][0] == compiled["diagram"], f"{node}: first box {data['boxes'][0]}"
        assert all(box == f"n-{slide}" for slide, box in zip(data["slides"][1:], data["boxes"][1:])), f"{node}: boxes {data['boxes']} do not match slides {data['slides']}"
        assert len(data["step_edges"]) == max(steps - 1, 0), f"{node}: expected {max(steps - 1, 0)} step arrows, got {data['step_edges']}"
        with_parts += len(data["slides"]) > 1
    assert with_parts, "expected at least one node with steps or a reminder"


def test_scenarios_carry_keys_matching_their_tokens(presentation, gamma2_outputs, chart):
    """Each scenario is a path of the chart: its keys are its token's, walking them visits its nodes, and together they are every path once."""
    scenarios = presentation["scenarios"]
    compiled = {s["id"]: s for s in gamma2_outputs.scenarios}
    assert [s["id"] for s in scenarios] == list(compiled), "expected the compiled scenarios, in order"
    for scenario in scenarios:
        source = compiled[scenario["id"]]
        assert ".".join(scenario["keys"]) == source["token"], f"{scenario['id']}: keys {scenario['keys']} do not make the token {source['token']!r}"
        assert scenario["name"] == source["name"] == chart.scenario_name(tuple(scenario["keys"]))
        walk = chart.walk(scenario["keys"])
        assert scenario["nodes"] == list(walk.nodes), f"{scenario['id']}: expected the nodes {list(walk.nodes)}, got {scenario['nodes']}"
        assert walk.is_end and walk.current == source["end"], f"{scenario['id']}: expected to end on {source['end']!r}, got {walk.current!r}"
    assert sorted(tuple(s["keys"]) for s in scenarios) == sorted(chart.paths()), "expected every path of the chart once"
