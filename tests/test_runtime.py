"""The assistant's state machine (gammaflow.runtime) over the compiled GAMMA 2 flow."""

from __future__ import annotations

import ast
import json
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from gammaflow import runtime
from gammaflow._checks import check
from gammaflow._loader import parse
from gammaflow._wizard import wizard_data
from gammaflow.runtime import MAX_TOKEN_LENGTH, NOTICE_INVALID, NOTICE_PARTIAL, Chart, InvalidPath, Walk

from strategies import answer_keys, tokens, valid_flow_data, to_yaml

NBSP = "\u00a0"

# Every path of the chart, as its URL token, in the chart's order.
GAMMA2_PATHS = {
    "suite.materiel.resolu": "resolu",
    "suite.materiel.sans-solution.resolu": "resolu",
    "suite.materiel.sans-solution.sans-solution.suite": "secours",
    "suite.pas-de-panne-locale.signale.suite": "secours",
    "suite.pas-de-panne-locale.non-signale.dti-plus.resolu": "resolu",
    "suite.pas-de-panne-locale.non-signale.dti-plus.panne.resolu": "resolu",
    "suite.pas-de-panne-locale.non-signale.dti-plus.panne.sans-solution.resolu": "resolu",
    "suite.pas-de-panne-locale.non-signale.dti-plus.panne.sans-solution.sans-solution.suite": "secours",
    "suite.pas-de-panne-locale.non-signale.dti-plus.pas-de-panne.resolu": "resolu",
    "suite.pas-de-panne-locale.non-signale.dti-plus.pas-de-panne.sans-solution.resolu": "resolu",
    "suite.pas-de-panne-locale.non-signale.dti-plus.pas-de-panne.sans-solution.sans-solution.suite": "secours",
    "suite.pas-de-panne-locale.non-signale.dti.resolu": "resolu",
    "suite.pas-de-panne-locale.non-signale.dti.sans-solution.suite": "secours",
    "suite.pas-de-panne-locale.non-signale.edi.resolu": "resolu",
    "suite.pas-de-panne-locale.non-signale.edi.problemes-techniques.resolu": "resolu",
    "suite.pas-de-panne-locale.non-signale.edi.problemes-techniques.sans-solution.suite": "secours",
    "suite.pas-de-panne-locale.non-signale.edi.pas-de-probleme.resolu": "resolu",
    "suite.pas-de-panne-locale.non-signale.edi.pas-de-probleme.sans-solution.suite": "secours",
}
TO_MODE = ("suite", "pas-de-panne-locale", "non-signale")
# DTI+: the editor finds a fault, the DTI mode fails too, the contact has no solution.
DTI_PLUS_FAILS = TO_MODE + ("dti-plus", "panne", "sans-solution", "sans-solution", "suite")
# EDI: the provider has technical problems and the SAU has no solution.
EDI_FAILS = TO_MODE + ("edi", "problemes-techniques", "sans-solution", "suite")


def _title(chart: Chart, node: str) -> str:
    """A node's compiled title (French typography applied), as the runtime shows it."""
    return chart.nodes[node]["title"]


def _choice(chart: Chart, node: str, key: str) -> dict:
    """A node's compiled choice by key."""
    [choice] = [choice for choice in chart.nodes[node]["choices"] if choice["key"] == key]
    return choice


# -- paths --------------------------------------------------------------------


def test_gamma2_has_eighteen_paths_in_chart_order(chart):
    """The GAMMA 2 chart has exactly 18 paths from the start to an end, in the chart's order."""
    assert len(GAMMA2_PATHS) == 18
    assert [".".join(path) for path in chart.paths()] == list(GAMMA2_PATHS)


def test_every_path_walks_to_its_end(chart):
    """Walking each path's answers from the start lands on an end node: 'resolu' or 'secours'."""
    for path in chart.paths():
        walk = chart.walk(path)
        assert walk.is_end
        assert walk.current == GAMMA2_PATHS[".".join(path)]
        assert walk.nodes[0] == "debut"
        assert walk.step == len(path) + 1


def test_ends_are_resolu_and_secours(chart):
    """The ends of the chart are exactly « résolu » and « procédure de secours »."""
    assert {chart.walk(path).current for path in chart.paths()} == {"resolu", "secours"}
    assert {node for node, data in chart.nodes.items() if not data["choices"]} == {"resolu", "secours"}


def test_every_node_is_on_some_path(chart):
    """No node of the chart is left out of every path."""
    on_paths = {node for path in chart.paths() for node in chart.walk(path).nodes}
    assert on_paths == set(chart.nodes)


def test_every_path_token_round_trips(chart):
    """A path's token opens the same walk, with no notice."""
    for path in chart.paths():
        walk = chart.walk(path)
        again, notice = chart.from_token(walk.token())
        assert (again, notice) == (walk, None)
        assert again.nodes == walk.nodes


def test_paths_skip_loops(write_flow):
    """In a flow with an intended loop, paths never visit a node twice and still end on an outcome."""
    text = (
        "allow_cycles: true\ntitle: T\nversion: v\nnodes:\n"
        "  debut: {kind: start, title: D, text: D., next: essai}\n"
        "  essai: {kind: action, title: E, text: E., solved: fin, unsolved: attente}\n"
        "  attente: {kind: action, title: A, text: A., next: essai}\n"
        "  fin: {kind: outcome, title: F, text: F.}\n"
    )
    chart = Chart(wizard_data(check(parse(text))))
    assert chart.paths() == [("suite", "resolu")]
    assert chart.walk(("suite", "sans-solution", "suite", "sans-solution", "suite", "resolu")).current == "fin"


def test_path_to_every_node_is_a_shortest_walk(chart):
    """path_to() gives, for every node, answers that walk from the start to it, and no path reaches it sooner."""
    for node in chart.nodes:
        answers = chart.path_to(node)
        assert answers is not None
        assert chart.walk(answers).current == node
        earliest = min(chart.walk(path).nodes.index(node) for path in chart.paths() if node in chart.walk(path).nodes)
        assert len(answers) == earliest


def test_path_to_examples(chart):
    """path_to() of the start is empty, of an unknown node is None, and follows the file's order among equals."""
    assert chart.path_to("debut") == ()
    assert chart.path_to("absent") is None
    assert chart.path_to("autorisation") == ("suite", "materiel", "sans-solution", "sans-solution")


# -- moves ----------------------------------------------------------------------


def test_start(chart):
    """A new walk stands on the start node, at step 1, with no answers and an empty token."""
    walk = chart.walk()
    assert (walk.current, walk.step, walk.answers, walk.token(), walk.is_end) == ("debut", 1, (), "", False)


def test_answer_returns_a_new_walk(chart):
    """Answering returns a new walk one step further; the old walk is unchanged."""
    walk = chart.walk()
    after = walk.answer("suite")
    assert after.current == "diagnostic" and after.step == 2
    assert walk.current == "debut"


def test_answer_unknown_key_raises(chart):
    """A key the current node does not offer is refused with InvalidPath."""
    with pytest.raises(InvalidPath, match=r"step 2: node 'diagnostic' has no choice 'oui'"):
        chart.walk().answer("suite").answer("oui")


def test_answer_past_an_end_raises(chart):
    """No answer can be given once an end is reached."""
    with pytest.raises(InvalidPath):
        chart.walk(("suite", "materiel", "resolu")).answer("suite")


def test_back(chart):
    """back() undoes the last answer; at the start it stays at the start."""
    walk = chart.walk(TO_MODE)
    assert walk.back().current == "meteo"
    assert walk.back().back().back().current == "debut"
    assert chart.walk().back() == chart.walk()


def test_restart(chart):
    """restart() goes back to the start, dropping every answer."""
    assert chart.walk(DTI_PLUS_FAILS).restart() == chart.walk()


def test_dti_plus_fails_walks_through_the_dti_mode_and_the_contact(chart):
    """The DTI+ path where nothing works goes editor, DTI mode meanwhile, contact, authorisation, fallback."""
    assert chart.walk(DTI_PLUS_FAILS).nodes == (
        "debut", "diagnostic", "meteo", "mode", "editeur", "dti-en-attendant", "dti-contact", "autorisation", "secours",
    )


def test_back_to_a_node_on_the_path(chart):
    """back_to() returns to a node already visited, keeping the answers given before it."""
    walk = chart.walk(DTI_PLUS_FAILS)
    assert walk.back_to("mode").answers == TO_MODE
    assert walk.back_to("debut") == chart.walk()
    assert walk.back_to("secours") == walk


def test_back_to_a_node_off_the_path_raises(chart):
    """back_to() a node not on the path is refused."""
    with pytest.raises(InvalidPath, match="node 'materiel' is not on the path"):
        chart.walk(DTI_PLUS_FAILS).back_to("materiel")


def test_change_keeps_later_answers_that_still_fit(chart):
    """Changing the EDI provider's answer from « problèmes techniques » to « aucun problème » keeps the later answers, which fit the contact step too."""
    walk = chart.walk(EDI_FAILS).change(4, "pas-de-probleme")
    assert walk.answers == TO_MODE + ("edi", "pas-de-probleme", "sans-solution", "suite")
    assert walk.nodes == ("debut", "diagnostic", "meteo", "mode", "prestataire", "dti-contact", "autorisation", "secours")


def test_change_drops_later_answers_that_no_longer_fit(chart):
    """Changing the first diagnosis answer drops every later answer, none of which fits the new branch."""
    walk = chart.walk(DTI_PLUS_FAILS).change(1, "materiel")
    assert walk.answers == ("suite", "materiel")
    assert walk.current == "materiel"


def test_change_stops_at_an_end(chart):
    """Changing an answer so that the walk reaches an end drops whatever followed."""
    walk = chart.walk(TO_MODE + ("dti", "sans-solution", "suite")).change(4, "resolu")
    assert walk.answers == TO_MODE + ("dti", "resolu")
    assert walk.is_end and walk.current == "resolu"


def test_change_at_the_current_step_is_an_answer(chart):
    """change() at the current step (one past the last answer) is the same as answering."""
    walk = chart.walk(TO_MODE)
    assert walk.change(3, "dti") == walk.answer("dti")


@pytest.mark.parametrize("index", [-1, 4])
def test_change_out_of_range_raises(chart, index):
    """change() at a step that does not exist on the path is refused."""
    with pytest.raises(InvalidPath):
        chart.walk(TO_MODE).change(index, "dti")


def test_change_to_an_unknown_key_raises(chart):
    """change() to a key the node does not offer is refused."""
    with pytest.raises(InvalidPath):
        chart.walk(TO_MODE).change(2, "peut-etre")


def test_walk_with_invalid_answers_raises(chart):
    """Building a walk from answers that do not fit the chart is refused."""
    with pytest.raises(InvalidPath, match=r"step 1: node 'debut' has no choice 'materiel'"):
        Walk(chart, ("materiel",))


def test_walks_compare_by_chart_and_answers(chart):
    """Two walks are equal when they have the same chart and answers; repr shows token and node."""
    assert chart.walk(("suite",)) == chart.walk(["suite"])
    assert chart.walk(("suite",)) != chart.walk()
    assert chart.walk(("suite",)) != "suite"
    assert repr(chart.walk(("suite",))) == "Walk('suite' at 'diagnostic')"


# -- tokens -----------------------------------------------------------------------


def test_from_token_empty_opens_the_start_silently(chart):
    """An empty or blank token opens the start with no notice."""
    assert chart.from_token("") == (chart.walk(), None)
    assert chart.from_token("   ") == (chart.walk(), None)


def test_from_token_strips_spaces(chart):
    """Spaces around a token are ignored."""
    assert chart.from_token("  suite.materiel \n") == (chart.walk(("suite", "materiel")), None)


@pytest.mark.parametrize("token", ["<script>", "SUITE", "suite..materiel", ".suite", "suite.", "suite materiel", "é"])
def test_from_token_garbage_opens_the_start_with_a_notice(chart, token):
    """A token that is not dot-separated lowercase keys opens the start and says the link was not valid."""
    assert chart.from_token(token) == (chart.walk(), NOTICE_INVALID)


def test_from_token_not_a_string(chart):
    """A token that is not a string opens the start with the invalid-link notice."""
    assert chart.from_token(None) == (chart.walk(), NOTICE_INVALID)  # type: ignore[arg-type]


def test_from_token_unknown_first_key(chart):
    """A well-formed token whose first key fits nothing opens the start with the invalid-link notice."""
    assert chart.from_token("materiel.resolu") == (chart.walk(), NOTICE_INVALID)


def test_from_token_over_long(chart):
    """A token longer than MAX_TOKEN_LENGTH is refused as a whole, even if it starts well."""
    token = "suite." + "a" * MAX_TOKEN_LENGTH
    assert chart.from_token(token) == (chart.walk(), NOTICE_INVALID)


def test_from_token_partially_valid_keeps_the_valid_part(chart):
    """A token whose first answers fit keeps them, drops the rest and says so."""
    walk, notice = chart.from_token("suite.pas-de-panne-locale.non-signale.fax.edi")
    assert walk == chart.walk(TO_MODE)
    assert notice == NOTICE_PARTIAL


def test_from_token_past_an_end(chart):
    """Answers given after an end are dropped with the partial-link notice."""
    assert chart.from_token("suite.materiel.resolu.suite") == (chart.walk(("suite", "materiel", "resolu")), NOTICE_PARTIAL)


def test_notices_are_french_with_no_break_spaces():
    """Both notices are French sentences with a no-break space before the colon."""
    assert NOTICE_INVALID == f"Le lien ouvert ne correspond à aucun chemin de la procédure{NBSP}: l'assistant reprend au début."
    assert NOTICE_PARTIAL == (
        f"Le lien ouvert n'était plus valable en entier{NBSP}: l'assistant reprend à la dernière étape valable."
    )


# -- summary and view -------------------------------------------------------------


def test_summary_rows(chart):
    """summary() has one row per answered step: index, step number, node, title, answer label and key."""
    rows = chart.walk(("suite", "pas-de-panne-locale", "signale", "suite")).summary()
    assert rows == [
        {"index": 0, "step": 1, "node": "debut", "title": f"Je ne peux pas accéder à GAMMA{NBSP}2", "answer": "Commencer", "key": "suite"},
        {"index": 1, "step": 2, "node": "diagnostic", "title": _title(chart, "diagnostic"),
         "answer": _choice(chart, "diagnostic", "pas-de-panne-locale")["label"], "key": "pas-de-panne-locale"},
        {"index": 2, "step": 3, "node": "meteo", "title": _title(chart, "meteo"),
         "answer": _choice(chart, "meteo", "signale")["label"], "key": "signale"},
        {"index": 3, "step": 4, "node": "secours-autorise", "title": _title(chart, "secours-autorise"), "answer": "Continuer", "key": "suite"},
    ]


def test_summary_text_of_a_finished_path(chart):
    """summary_text() gives the title and version, the date, each step with its answer, the result and its steps."""
    text = chart.walk(("suite", "pas-de-panne-locale", "signale", "suite")).summary_text("27/11/2025 à 10:30")
    assert text == "\n".join([
        f"Je ne peux pas accéder à GAMMA{NBSP}2 (procédure version janvier 2023)",
        "Récapitulatif établi le 27/11/2025 à 10:30",
        "",
        f"1. Je ne peux pas accéder à GAMMA{NBSP}2",
        f"2. {_title(chart, 'diagnostic')}{NBSP}: {_choice(chart, 'diagnostic', 'pas-de-panne-locale')['label']}",
        f"3. {_title(chart, 'meteo')}{NBSP}: {_choice(chart, 'meteo', 'signale')['label']}",
        f"4. {_title(chart, 'secours-autorise')}",
        "",
        f"Résultat{NBSP}: {_title(chart, 'secours')}",
        *[f"  {number}. {step['title']}" for number, step in enumerate(chart.nodes["secours"]["steps"], 1)],
    ])
    assert len(chart.nodes["secours"]["steps"]) == 3


def test_summary_text_of_a_path_in_progress(chart):
    """An unfinished path's summary names the current step instead of a result, and has no date line when none is given."""
    text = chart.walk(TO_MODE).summary_text()
    assert text.splitlines()[1] == ""
    assert text.endswith(f"\n\nÉtape en cours{NBSP}: {_title(chart, 'mode')}")
    assert f"\n3. {_title(chart, 'meteo')}{NBSP}: {_choice(chart, 'meteo', 'non-signale')['label']}\n" in text


def test_summary_text_shows_action_exits(chart):
    """An action's exit appears in the summary with its label, given or default (« C’est résolu »)."""
    text = chart.walk(("suite", "materiel", "sans-solution", "resolu")).summary_text()
    assert f"\n3. {_title(chart, 'materiel')}{NBSP}: Le problème persiste\n" in text
    assert f"\n4. {_title(chart, 'materiel-contact')}{NBSP}: C’est résolu\n" in text
    assert text.endswith(f"Résultat{NBSP}: {_title(chart, 'resolu')}")


def test_summary_text_shows_an_action_s_own_answers(chart):
    """An action with its own answers (the EDI provider) appears in the summary with the answer chosen."""
    text = chart.walk(EDI_FAILS).summary_text()
    assert f"\n5. {_title(chart, 'prestataire')}{NBSP}: {_choice(chart, 'prestataire', 'problemes-techniques')['label']}\n" in text
    assert f"\n6. {_title(chart, 'prestataire-sau')}{NBSP}: Pas de solution\n" in text


def test_view(chart):
    """view() gives the current node, step, token, path, lit edges and the nodes no longer reachable."""
    view = chart.walk(TO_MODE).view()
    assert view["node"] == "mode" and view["step"] == 4 and view["is_end"] is False
    assert view["token"] == "suite.pas-de-panne-locale.non-signale"
    assert view["path"] == ["debut", "diagnostic", "meteo", "mode"]
    assert view["edges"] == ["debut:suite", "diagnostic:pas-de-panne-locale", "meteo:non-signale"]
    assert view["dimmed"] == ["materiel", "materiel-contact", "secours-autorise"]
    assert view["summary"] == chart.walk(TO_MODE).summary()


def test_reachable(chart):
    """reachable() lists the node itself and every node below it."""
    assert chart.reachable("autorisation") == {"autorisation", "secours"}
    assert chart.reachable("debut") == set(chart.nodes)


def test_scenario_name(chart):
    """A path's name is its answers' short labels (an action exit's being its own label) then the title of its end."""
    short = _choice(chart, "diagnostic", "materiel")["short"]
    assert chart.scenario_name(("suite", "materiel", "resolu")) == f"{short} → C’est résolu → {_title(chart, 'resolu')}"
    assert chart.scenario_name(("suite", "materiel", "sans-solution", "sans-solution", "suite")) == (
        f"{short} → Le problème persiste → Pas de solution → {_title(chart, 'secours')}"
    )


def test_scenario_name_skips_next_exits(chart):
    """A 'next' exit has no short label, so it adds nothing to a path's name."""
    path = ("suite", "pas-de-panne-locale", "signale", "suite")
    shorts = [_choice(chart, "diagnostic", "pas-de-panne-locale")["short"], _choice(chart, "meteo", "signale")["short"]]
    assert _choice(chart, "debut", "suite")["short"] == _choice(chart, "secours-autorise", "suite")["short"] == ""
    assert chart.scenario_name(path) == " → ".join([*shorts, _title(chart, "secours")])


# -- the chart itself -------------------------------------------------------------


def test_chart_reads_its_json(gamma2_outputs):
    """Chart.from_json reads the wizard JSON; its start, title and version come from it."""
    chart = Chart.from_json(json.dumps(gamma2_outputs.wizard))
    assert (chart.start, chart.title, chart.version) == ("debut", f"Je ne peux pas accéder à GAMMA{NBSP}2", "janvier 2023")


@pytest.mark.parametrize(("data", "found"), [({"format": 2}, "2"), ({}, "None"), ([], "'list'")])
def test_chart_refuses_other_formats(data, found):
    """Data of another format (or not a mapping) is refused with the format expected and found."""
    with pytest.raises(ValueError, match=rf"^wizard data: expected format 1, got {found}$"):
        Chart(data)  # type: ignore[arg-type]


def test_runtime_uses_the_standard_library_only():
    """runtime.py imports only standard-library modules and nothing of the build side, so it runs in Pyodide."""
    tree = ast.parse(Path(runtime.__file__).read_text(encoding="utf-8"))
    imported = {
        alias.name.split(".")[0] for node in ast.walk(tree) if isinstance(node, ast.Import) for alias in node.names
    } | {node.module.split(".")[0] for node in ast.walk(tree) if isinstance(node, ast.ImportFrom) and node.module}
    assert imported <= {"__future__", "json", "re", "typing"}


# -- properties -------------------------------------------------------------------


@settings(max_examples=200, deadline=None)
@given(st.data())
def test_random_answer_sequences_never_raise_from_a_token(chart, data):
    """Any sequence of keys, made into a token, opens a walk on a node of the chart without raising."""
    known = sorted({choice["key"] for node in chart.nodes.values() for choice in node["choices"]})
    keys = data.draw(answer_keys(known))
    token = ".".join(keys)
    walk, notice = chart.from_token(token)
    assert walk.current in chart.nodes
    assert notice in (None, NOTICE_INVALID, NOTICE_PARTIAL)
    if notice is None:
        assert walk.token() == token.strip()
    else:
        assert len(walk.answers) < len(keys)
        assert keys[: len(walk.answers)] == list(walk.answers)


@settings(max_examples=200, deadline=None)
@given(tokens)
def test_random_tokens_never_raise(chart, token):
    """Any string opens a walk on a node of the chart, with a known notice or none."""
    walk, notice = chart.from_token(token)
    assert walk.current in chart.nodes
    assert notice in (None, NOTICE_INVALID, NOTICE_PARTIAL)
    assert chart.from_token(walk.token()) == (walk, None)


@settings(max_examples=100, deadline=None)
@given(valid_flow_data())
def test_every_path_of_a_random_valid_flow_replays_to_an_end(data):
    """For random valid flows, every path replays to an end, every reachable outcome is an end, tokens round-trip."""
    flow = check(parse(to_yaml(data), "hasard.yaml"))
    chart = Chart(json.loads(json.dumps(wizard_data(flow))))
    paths = chart.paths()
    assert paths
    ends = set()
    for path in paths:
        walk = chart.walk(path)
        assert walk.is_end
        assert flow.nodes[walk.current].kind == "outcome"
        assert len(set(walk.nodes)) == len(walk.nodes)
        assert chart.from_token(walk.token()) == (walk, None)
        ends.add(walk.current)
    assert ends == {node.id for node in flow.nodes.values() if node.kind == "outcome"}
    if not flow.allow_cycles:
        assert {node for path in paths for node in chart.walk(path).nodes} == set(flow.nodes)
