"""The list of every path ("scénarios"), as data and as Markdown."""

from __future__ import annotations

import re

from gammaflow._paths import scenarios, scenarios_markdown

NBSP = "\u00a0"


def test_eighteen_scenarios_numbered_in_order(gamma2_outputs):
    """GAMMA 2 has 18 scenarios, numbered scenario-1 to scenario-18."""
    assert [item["id"] for item in gamma2_outputs.scenarios] == [f"scenario-{n}" for n in range(1, 19)]


def test_scenarios_match_the_chart_paths(chart, gamma2_outputs):
    """Each scenario is one path of the chart: its token, nodes and end come from walking it."""
    for item, path in zip(gamma2_outputs.scenarios, chart.paths(), strict=True):
        walk = chart.walk(path)
        assert item["token"] == ".".join(path)
        assert item["nodes"] == list(walk.nodes)
        assert item["end"] == walk.current
        assert item["name"] == chart.scenario_name(path)


def test_scenario_ends(gamma2_outputs):
    """Seven scenarios end with the fallback procedure and eleven with the problem solved."""
    ends = [item["end"] for item in gamma2_outputs.scenarios]
    assert (ends.count("secours"), ends.count("resolu")) == (7, 11)


def test_scenario_steps_show_answers_but_not_continue(gamma2_outputs):
    """A scenario's steps give each node's title and the answer chosen, but no answer for « Continuer » or the end."""
    first = gamma2_outputs.scenarios[0]
    assert first["name"] == f"Matériel ou accès → C’est résolu → Je reprends le travail dans GAMMA{NBSP}2"
    assert first["steps"] == [
        {"node": "debut", "title": f"Je ne peux pas accéder à GAMMA{NBSP}2", "answer": None},
        {"node": "diagnostic", "title": "Je diagnostique ma panne", "answer": "J’ai un problème de matériel ou d’accès internet"},
        {"node": "materiel", "title": "Je résous mon problème de matériel ou d’accès", "answer": "C’est résolu"},
        {"node": "resolu", "title": f"Je reprends le travail dans GAMMA{NBSP}2", "answer": None},
    ]


def test_markdown_lists_every_scenario_with_its_anchor_and_link(chart, gamma2_outputs):
    """The Markdown opens with the count, then one heading per scenario with its anchor and a link to the assistant."""
    markdown = scenarios_markdown(chart, gamma2_outputs.scenarios)
    assert markdown.startswith("18 parcours mènent du début de la procédure à une fin.\n")
    headings = re.findall(r"^## (.+) \{ #(scenario-\d+) \}$", markdown, re.M)
    assert [(name, anchor) for name, anchor in headings] == [(item["name"], item["id"]) for item in gamma2_outputs.scenarios]
    for item in gamma2_outputs.scenarios:
        assert f"#chemin={item['token']}" in markdown


def test_markdown_numbered_steps(chart, gamma2_outputs):
    """Each scenario's steps are a numbered list, answers in italics after a dash."""
    markdown = scenarios_markdown(chart, gamma2_outputs.scenarios[:1])
    assert f"1. Je ne peux pas accéder à GAMMA{NBSP}2\n" in markdown
    assert "2. Je diagnostique ma panne — *J’ai un problème de matériel ou d’accès internet*\n" in markdown
    assert f"4. Je reprends le travail dans GAMMA{NBSP}2\n" in markdown


def test_markdown_assistant_url_is_a_parameter(chart, gamma2_outputs):
    """The link to the assistant uses the URL given."""
    markdown = scenarios_markdown(chart, gamma2_outputs.scenarios[:1], assistant_url="../aide/")
    assert "../aide/#chemin=suite.materiel.resolu" in markdown


def test_scenarios_of_the_chart_are_recomputed_identically(chart, gamma2_outputs):
    """scenarios() is a pure function of the chart."""
    assert scenarios(chart) == gamma2_outputs.scenarios
