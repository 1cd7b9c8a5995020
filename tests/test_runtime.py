"""The assistant's state machine (gammaflow.runtime) over the compiled GAMMA 2 flow.

This module stays whole: it mirrors gammaflow.runtime test by test, in that
module's order, around the same compiled flow and walks.
"""

from __future__ import annotations

import ast
import json
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from gammaflow import runtime
from gammaflow._checks import check
from gammaflow._reader import parse
from gammaflow._assistant_data import compile_assistant_data
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
    chart = Chart(compile_assistant_data(check(parse(text))))
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


def test_change_keeps_later_answers_given_at_the_same_steps(chart):
    """Changing the editor's answer from « panne » to « pas de panne » reaches the same next step: the later answers, given at those very steps, are kept."""
    walk = chart.walk(DTI_PLUS_FAILS).change(4, "pas-de-panne")
    assert walk.answers == TO_MODE + ("dti-plus", "pas-de-panne") + DTI_PLUS_FAILS[5:]
    assert walk.nodes[5:] == chart.walk(DTI_PLUS_FAILS).nodes[5:]


def test_change_never_answers_a_step_the_reader_did_not_see(chart):
    """Changing the EDI provider's answer leads to the contact step, never answered: the walk stops there, even though the old answer « sans-solution » would fit it."""
    walk = chart.walk(EDI_FAILS).change(4, "pas-de-probleme")
    assert walk.answers == TO_MODE + ("edi", "pas-de-probleme")
    assert walk.current == "dti-contact"


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
    assert NOTICE_INVALID == f"Le lien ouvert ne correspond à aucun chemin de la procédure{NBSP}: l’assistant reprend au début."
    assert NOTICE_PARTIAL == (
        f"Le lien ouvert n’était plus valable en entier{NBSP}: l’assistant reprend à la dernière étape valable."
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
    """Chart.from_json reads the assistant's JSON; its start, title and version come from it."""
    chart = Chart.from_json(json.dumps(gamma2_outputs.assistant_data))
    assert (chart.start, chart.title, chart.version) == ("debut", f"Je ne peux pas accéder à GAMMA{NBSP}2", "janvier 2023")


@pytest.mark.parametrize(("data", "found"), [({"format": 2}, "2"), ({}, "None"), ([], "'list'")])
def test_chart_refuses_other_formats(data, found):
    """Data of another format (or not a mapping) is refused with the format expected and found."""
    with pytest.raises(ValueError, match=rf"attendu le format 1, trouvé {found}$"):
        Chart(data)  # type: ignore[arg-type]


@pytest.mark.parametrize(("text", "expected"), [
    ('{"format": 1,', "attendu du JSON, illisible ligne 1, colonne 14"),
    ('{"format": 1}', "attendu la clé « nodes », absente"),
    ("[]", "attendu le format 1, trouvé 'list'"),
])
def test_chart_from_damaged_json_says_so_in_french(text, expected):
    """A damaged assistant.json is refused in the reader's words: which file, what was expected, what was found."""
    with pytest.raises(ValueError) as raised:
        Chart.from_json(text)
    assert str(raised.value) == f"données de l’assistant (assistant.json) endommagées ou d’une autre version du site{NBSP}: {expected}"


def test_runtime_uses_the_standard_library_only():
    """runtime.py imports only standard-library modules and nothing of the build side, so it runs in Pyodide."""
    tree = ast.parse(Path(runtime.__file__).read_text(encoding="utf-8"))
    imported = {
        alias.name.split(".")[0] for node in ast.walk(tree) if isinstance(node, ast.Import) for alias in node.names
    } | {node.module.split(".")[0] for node in ast.walk(tree) if isinstance(node, ast.ImportFrom) and node.module}
    assert imported <= {"__future__", "datetime", "json", "re", "typing"}


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
    chart = Chart(json.loads(json.dumps(compile_assistant_data(flow))))
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


# -- change: only the same step keeps its answer ---------------------------------------

import datetime as dt  # noqa: E402  (this section was appended; the top of the file is another engineer's)


def _every_change(chart: Chart):
    """(walk, index, key) for every path, every answered step and every other answer the step offers."""
    for path in chart.paths():
        walk = chart.walk(path)
        for index, node in enumerate(walk.nodes[:-1]):
            for choice in chart.nodes[node]["choices"]:
                if choice["key"] != path[index]:
                    yield walk, index, choice["key"]


def test_every_change_keeps_only_answers_given_at_the_same_step(chart):
    """For every path, step and other answer: change() keeps the answers before the step, gives the new answer, and past it keeps only (node, key) pairs the reader gave on the old path."""
    count = 0
    for walk, index, key in _every_change(chart):
        count += 1
        changed = walk.change(index, key)
        assert changed.answers[:index + 1] == walk.answers[:index] + (key,), f"{walk!r} change({index}, {key!r}): expected the first answers then {key!r}, got {changed.answers!r}"
        old = set(zip(walk.nodes[index + 1:], walk.answers[index + 1:]))
        new = set(zip(changed.nodes[index + 1:], changed.answers[index + 1:]))
        assert new <= old, f"{walk!r} change({index}, {key!r}): answers the reader did not give at that step: {sorted(new - old)}"
    assert count > len(chart.paths()), f"expected a change for most steps, got {count}"


def test_every_change_stops_at_the_first_new_step(chart):
    """change() stops at the first step it makes new: the walk it gives stands on an end or on a node the reader did not answer after the changed step."""
    for walk, index, key in _every_change(chart):
        changed = walk.change(index, key)
        later = set(walk.nodes[index + 1:len(walk.answers)])
        assert changed.is_end or changed.current not in later, f"{walk!r} change({index}, {key!r}): stopped at {changed.current!r}, which the reader had answered"


def test_change_report_partitions_the_later_answers(chart):
    """change_report's kept and dropped rows are the walk's summary rows after the changed step, each once; kept rows are those the new walk answers, in its order."""
    for walk, index, key in _every_change(chart):
        changed, kept, dropped = walk.change_report(index, key)
        assert changed == walk.change(index, key)
        later = walk.summary()[index + 1:]
        assert sorted(r["index"] for r in kept + dropped) == [r["index"] for r in later], f"{walk!r} change({index}, {key!r}): kept + dropped {[r['index'] for r in kept + dropped]} is not the later rows"
        assert all(row in later for row in kept + dropped), f"{walk!r} change({index}, {key!r}): a row that is not the walk's"
        pairs = list(zip(changed.nodes[index + 1:], changed.answers[index + 1:]))
        assert [(r["node"], r["key"]) for r in kept] == pairs, f"{walk!r} change({index}, {key!r}): expected kept {pairs}, got {[(r['node'], r['key']) for r in kept]}"


def test_changing_to_the_same_answer_keeps_the_walk(chart):
    """Giving the same answer again keeps the walk and every later answer."""
    for path in chart.paths():
        walk = chart.walk(path)
        for index, key in enumerate(path):
            changed, kept, dropped = walk.change_report(index, key)
            assert (changed, dropped) == (walk, []), f"{walk!r} change({index}, {key!r}): expected the same walk, got {changed!r}, dropped {dropped!r}"
            assert kept == walk.summary()[index + 1:]


def test_change_keeps_a_later_answer_only_at_the_same_step(chart):
    """In GAMMA 2, some changes keep later answers (the new branch joins the old one at the very step answered) and some drop every one of them."""
    kept_some = [(w.token(), i, k) for w, i, k in _every_change(chart) if w.change_report(i, k)[1]]
    dropped_all = [(w.token(), i, k) for w, i, k in _every_change(chart) if not w.change_report(i, k)[1] and i < len(w.answers) - 1]
    assert kept_some and dropped_all, f"expected both kinds of change, got {len(kept_some)} keeping and {len(dropped_all)} dropping all"


# -- the reader's date -------------------------------------------------------------------


@pytest.mark.parametrize(("moment", "expected"), [
    (dt.datetime(2026, 12, 1, 9, 5), f"1er décembre 2026 à 9{NBSP}h{NBSP}05"),
    (dt.datetime(2026, 1, 2, 0, 0), f"2 janvier 2026 à 0{NBSP}h{NBSP}00"),
    (dt.datetime(2027, 2, 28, 23, 59), f"28 février 2027 à 23{NBSP}h{NBSP}59"),
    (dt.datetime(2026, 8, 1, 12, 30), f"1er août 2026 à 12{NBSP}h{NBSP}30"),
    (dt.datetime(2026, 10, 11, 10, 10), f"11 octobre 2026 à 10{NBSP}h{NBSP}10"),
])
def test_french_date(moment, expected):
    """french_date writes « 1er » for the first of the month, the month in French, the hour unpadded and the minutes on two digits, with no-break spaces around « h »."""
    assert runtime.french_date(moment) == expected, f"expected {expected!r}, got {runtime.french_date(moment)!r}"


def test_french_date_names_every_month():
    """Each month has its French name, in order."""
    names = [runtime.french_date(dt.datetime(2026, month, 15, 8, 0)).split(" ")[1] for month in range(1, 13)]
    assert names == ["janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre", "octobre", "novembre", "décembre"], names


@pytest.mark.parametrize(("epoch_ms", "offset", "expected"), [
    (0, 0, dt.datetime(1970, 1, 1, 0, 0)),
    (0, 60, dt.datetime(1970, 1, 1, 1, 0)),
    (0, -300, dt.datetime(1969, 12, 31, 19, 0)),
    (1_796_112_300_000, 60, dt.datetime(2026, 12, 1, 9, 5)),
    (1_796_112_300_000.9, 330.0, dt.datetime(2026, 12, 1, 13, 35)),
    (1_796_112_300_000, 24 * 60 - 1, dt.datetime(2026, 12, 2, 8, 4)),
])
def test_reader_moment(epoch_ms, offset, expected):
    """reader_moment gives the reader's local time from Date.now() and the offset -getTimezoneOffset(), in minutes east of UTC."""
    got = runtime.reader_moment(epoch_ms, offset)
    assert got.replace(tzinfo=None, microsecond=0) == expected, f"expected {expected}, got {got}"
    assert got.utcoffset() == dt.timedelta(minutes=int(offset)), f"expected the offset {offset} min, got {got.utcoffset()}"


def test_reader_moment_and_french_date_together():
    """The epoch of 1 December 2026, 8:05 UTC, read at UTC+1, is « 1er décembre 2026 à 9 h 05 »."""
    epoch_ms = dt.datetime(2026, 12, 1, 8, 5, tzinfo=dt.timezone.utc).timestamp() * 1000
    assert runtime.french_date(runtime.reader_moment(epoch_ms, 60)) == f"1er décembre 2026 à 9{NBSP}h{NBSP}05"


@pytest.mark.parametrize(("epoch_ms", "offset"), [
    (None, 0), (0, None), ("0", 0), (0, "60"), ([], 0), ({}, 0), (0, 24 * 60 + 1), (0, -(24 * 60 + 1)), (0, 10**9),
])
def test_reader_moment_refuses_what_is_not_a_clock(epoch_ms, offset):
    """Input that is not a number of milliseconds and an offset within a day is refused with a ValueError naming what was expected and what was given."""
    with pytest.raises(ValueError, match=r"^expected epoch milliseconds \(years 1 to 9999\) and a UTC offset under 24 hours in minutes, got ") as caught:
        runtime.reader_moment(epoch_ms, offset)
    assert f"got {epoch_ms!r}, {offset!r}" in str(caught.value), f"expected the values given in {str(caught.value)!r}"


@pytest.mark.parametrize(("epoch_ms", "offset"), [
    (0, 24 * 60), (0, -24 * 60), (float("nan"), 0), (0, float("nan")), (float("inf"), 0), (1e20, 0), (-1e15, 0), (253_402_300_800_000, 0),
])
def test_reader_moment_refuses_a_moment_it_cannot_write(epoch_ms, offset):
    """An offset of a whole day or more, NaN, infinity or a moment outside years 1–9999 is refused with the same ValueError as other junk."""
    with pytest.raises(ValueError, match=r"^expected epoch milliseconds \(years 1 to 9999\) and a UTC offset under 24 hours in minutes, got "):
        runtime.reader_moment(epoch_ms, offset)


@settings(max_examples=100, deadline=None)
@given(valid_flow_data(), st.data())
def test_change_keeps_only_the_same_steps_on_random_flows_and_walks(data, draw):
    """On random valid flows (loops allowed) and random walks, which may pass a step twice: every change keeps only (node, key) pairs answered later on the old walk, stops at an end or a step it makes new, and its report partitions the later rows."""
    flow = check(parse(to_yaml(data), "hasard.yaml"))
    chart = Chart(json.loads(json.dumps(compile_assistant_data(flow))))
    walk = chart.walk()
    for _ in range(draw.draw(st.integers(0, 12))):
        if walk.is_end:
            break
        walk = walk.answer(draw.draw(st.sampled_from([c["key"] for c in chart.nodes[walk.current]["choices"]])))
    for index, node in enumerate(walk.nodes[:len(walk.answers)]):
        for choice in chart.nodes[node]["choices"]:
            changed, kept, dropped = walk.change_report(index, choice["key"])
            old = set(zip(walk.nodes[index + 1:], walk.answers[index + 1:]))
            new = list(zip(changed.nodes[index + 1:], changed.answers[index + 1:]))
            assert set(new) <= old, f"{walk!r} change({index}, {choice['key']!r}): not answered there: {sorted(set(new) - old)}"
            assert [(r["node"], r["key"]) for r in kept] == new, f"{walk!r} change({index}, {choice['key']!r}): kept {kept} is not {new}"
            later = walk.summary()[index + 1:]
            assert sorted(r["index"] for r in kept + dropped) == [r["index"] for r in later], f"{walk!r} change({index}, {choice['key']!r}): not a partition"
            answered = {r["node"] for r in later} - {r["node"] for r in kept}
            assert changed.is_end or changed.current not in answered, f"{walk!r} change({index}, {choice['key']!r}): stopped at {changed.current!r}, answered later on the old walk"


@pytest.mark.parametrize(("text", "expected"), [("2026-11-27", "27/11/2026"), ("2027-01-01", "01/01/2027"), ("0999-12-31", "31/12/0999")])
def test_french_day_writes_a_form_date_as_jj_mm_aaaa(text, expected):
    """french_day writes a form's date (yyyy-mm-dd) as French readers write it: day, month, year, slashes."""
    assert runtime.french_day(text) == expected


@pytest.mark.parametrize(("text", "expected"), [("09:15", "9\u00a0h\u00a015"), ("00:05", "0\u00a0h\u00a005"), ("23:59:30", "23\u00a0h\u00a059")])
def test_french_time_writes_hours_unpadded_with_no_break_spaces(text, expected):
    """french_time writes « 9 h 15 »: the hour unpadded, minutes on two digits, no-break spaces around « h »."""
    assert runtime.french_time(text) == expected


@pytest.mark.parametrize("text", ["2026-02-30", "27/11/2026", "2026-1-5", "", None, 20261127])
def test_french_day_refuses_what_is_not_a_date(text):
    """A day that does not exist or another shape is refused, saying what was expected and what was got."""
    with pytest.raises(ValueError, match=r"expected a date as yyyy-mm-dd, got|day is out of range"):
        runtime.french_day(text)


@pytest.mark.parametrize("text", ["24:00", "9:15", "12:60", "", None])
def test_french_time_refuses_what_is_not_a_time(text):
    """An hour past 23, minutes past 59 or another shape is refused, saying what was expected and what was got."""
    with pytest.raises(ValueError, match=r"^expected a time as hh:mm, got "):
        runtime.french_time(text)


def test_french_values_json_writes_each_value_and_blanks_the_rest():
    """french_values_json (the fallback document's print, in the worker) writes each date and time in French and gives "" for an empty, invalid or unknown one."""
    values = {
        "a": {"type": "date", "value": "2026-11-27"}, "b": {"type": "time", "value": "09:05"},
        "c": {"type": "date", "value": "2026-02-30"}, "d": {"type": "couleur", "value": "rouge"}, "e": "texte",
    }
    assert json.loads(runtime.french_values_json(json.dumps(values))) == {"a": "27/11/2026", "b": "9\u00a0h\u00a005", "c": "", "d": "", "e": ""}
    with pytest.raises(ValueError, match="expected an object of values, got list"):
        runtime.french_values_json("[]")
