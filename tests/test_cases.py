"""The « cas pratiques » (flow/cases.yaml, gammaflow._cases): read like the
flow, each case walked on the procedure, the scenarios no case covers reported."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from gammaflow.build import FlowInvalid, compile_flow
from gammaflow._cases import load_cases, page_data, parse_cases, uncovered, uncovered_exits
from gammaflow._checks import check
from gammaflow._reader import parse
from gammaflow._assistant_data import compile_assistant_data
from gammaflow._typography import NBSP
from gammaflow.runtime import Chart
from strategies import ids, texts, to_yaml, valid_flow_data

ROOT = Path(__file__).resolve().parent.parent
GAMMA2 = ROOT / "flow" / "gamma2.yaml"
SHIPPED = ROOT / "flow" / "cases.yaml"
FIXTURE = Path(__file__).resolve().parent / "fixtures" / "cases.yaml"
BAD = Path(__file__).resolve().parent / "fixtures" / "bad" / "cases"


@pytest.fixture(scope="module")
def outputs():
    return compile_flow(GAMMA2, diagram=False, cases=SHIPPED)


@pytest.fixture(scope="module")
def assistant_data(outputs) -> dict:
    return outputs.assistant_data


def errors(name: str, assistant_data: dict) -> list[str]:
    """The errors of a bad cases fixture, as an author reads them."""
    with pytest.raises(FlowInvalid) as caught:
        load_cases(BAD / f"{name}.yaml", assistant_data)
    return [str(error) for error in caught.value.errors]


def test_the_small_fixture_is_valid(assistant_data):
    """The fixture every bad cases file derives from is valid, so each bad one shows one mistake."""
    cases = load_cases(FIXTURE, assistant_data)
    assert [case["token"] for case in cases] == [
        "suite.pas-de-panne-locale.signale.suite",
        "suite.pas-de-panne-locale.non-signale.edi.problemes-techniques.sans-solution.suite",
    ]


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("broken-path", "31:15: le cas 'edi', étape 3{S}: le cas attend ici la question du nœud 'prestataire', mais le chemin de ses réponses mène au nœud 'mode' («{S}Quel est mon mode de transmission{S}?{S}»){S}; suivre le chemin de la procédure depuis l'étape précédente"),
        ("duplicate-id", "20:9: le cas 'meteo'{S}: l'identifiant 'meteo' est déjà pris à la ligne 4"),
        ("format-two", "2:9: 'format' doit être 1 (la version de ce format de fichier), trouvé le nombre 2"),
        ("missing-why", "31:9: le cas 'edi', étape 3{S}: le champ 'why' est obligatoire (pourquoi c'est la bonne réponse, d'après la procédure)"),
        ("raw-html", "22:16: le cas 'edi'{S}: 'situation' contient du HTML brut{S}; écrire du Markdown sans balises"),
        ("too-many-steps", "40:15: le cas 'edi', étape 6{S}: les réponses des étapes précédentes mènent déjà à la fin 'secours' («{S}J’applique la procédure de secours{S}»){S}; retirer cette étape et les suivantes, ou corriger une réponse précédente"),
        ("unfinished", "20:5: le cas 'edi'{S}: ses réponses s'arrêtent au nœud 'prestataire-sau' («{S}Mon prestataire prend contact avec le SAU{S}»), qui n'est pas une fin{S}; attendu une étape de plus (node: prestataire-sau, answer: l'une de 'resolu', 'sans-solution')"),
        ("unknown-answer", "35:17: le cas 'edi', étape 4{S}: la réponse 'incident' n'existe pas (ou plus) au nœud 'prestataire'{S}; réponses possibles{S}: 'resolu' (Mon prestataire a résolu le problème), 'problemes-techniques' (Le prestataire connaît des problèmes techniques), 'pas-de-probleme' (Le prestataire ne constate aucun problème chez lui, et je ne peux toujours pas émettre de DAES)"),
        ("unknown-key", "13:9: clé inconnue 'fait' dans le cas 'meteo', étape 2 (vouliez-vous dire 'fact'{S}?)"),
        ("unknown-node", "37:15: le cas 'edi', étape 5{S}: le nœud 'prestataire-edi' n'existe pas dans la procédure (vouliez-vous dire 'prestataire'{S}?)"),
        ("wrong-end", "23:10: le cas 'edi'{S}: ses réponses mènent à la fin 'secours' («{S}J’applique la procédure de secours{S}»), le cas attend la fin 'resolu'"),
        ("wrong-explains-expected", "17:11: le cas 'meteo', étape 2{S}: 'wrong' explique la réponse 'signale', qui est la réponse attendue{S}; attendu une autre réponse de{S}: 'signale' (Un dysfonctionnement est signalé), 'non-signale' (Aucun dysfonctionnement n’est signalé)"),
        ("yaml-syntax", "33:19: YAML invalide{S}: deux-points inattendu{S}; si la valeur est un texte qui contient « : », l’écrire entre guillemets{S}; sinon, vérifier la ligne précédente (un deux-points manquant après sa clé, ou cette ligne trop indentée)"),
    ],
)
def test_each_mistake_is_told_once_with_file_line_and_column(assistant_data, name, expected):
    """Each bad fixture gives exactly one error, at its file:line:column, saying what was expected and what was got."""
    assert errors(name, assistant_data) == [f"{BAD / name}.yaml:" + expected.format(S=NBSP)]


def test_every_bad_fixture_is_listed():
    """No bad fixture is left untested (the parametrised list names them all)."""
    listed = {"broken-path", "duplicate-id", "format-two", "missing-why", "raw-html", "too-many-steps", "unfinished",
              "unknown-answer", "unknown-key", "unknown-node", "wrong-end", "wrong-explains-expected", "yaml-syntax"}
    assert {path.stem for path in BAD.glob("*.yaml")} == listed


def test_a_change_of_the_flow_that_breaks_a_shipped_case_fails_the_build_at_the_case(tmp_path):
    """Renaming an answer of the procedure fails compile_flow() at the shipped case's line, saying which step and what it may answer now."""
    flow = tmp_path / "gamma2.yaml"
    flow.write_text(GAMMA2.read_text(encoding="utf-8").replace("key: problemes-techniques", "key: incident-technique"), encoding="utf-8")
    with pytest.raises(FlowInvalid) as caught:
        compile_flow(flow, diagram=False, cases=SHIPPED)
    lines = SHIPPED.read_text(encoding="utf-8").splitlines()
    found = [error for error in caught.value.errors if error.path == str(SHIPPED)]
    assert found, caught.value
    answers = [error for error in found if lines[error.line - 1].strip() == "answer: problemes-techniques"]
    explained = [error for error in found if lines[error.line - 1].strip() == "problemes-techniques: >-"]  # a 'wrong' reason
    assert len(answers) == 2 and len(explained) == 1 and len(found) == 3
    assert "'wrong' explique la réponse 'problemes-techniques', qui n'existe pas à ce nœud" in explained[0].message
    for error in answers:
        assert re.match(r"le cas '[a-z-]+', étape 4\u00a0: la réponse 'problemes-techniques' n'existe pas \(ou plus\) au nœud 'prestataire'", error.message)
        assert "'incident-technique' (Le prestataire connaît des problèmes techniques)" in error.message


def test_bad_cases_are_told_with_the_flow_s_own_errors(tmp_path):
    """compile_flow() tells the cases' own mistakes with the flow's, each at its own file."""
    flow = tmp_path / "flow.yaml"
    flow.write_text("title: Essai\n", encoding="utf-8")
    with pytest.raises(FlowInvalid) as caught:
        compile_flow(flow, diagram=False, cases=BAD / "format-two.yaml")
    assert {error.path for error in caught.value.errors} == {str(flow), str(BAD / "format-two.yaml")}


def test_an_empty_file_says_what_it_should_hold(tmp_path):
    """An empty cases file is one error at 1:1 naming the fields expected."""
    empty = tmp_path / "cases.yaml"
    empty.write_text("# rien\n", encoding="utf-8")
    with pytest.raises(FlowInvalid, match=f"{empty}:1:1: le fichier est vide{NBSP}; attendu{NBSP}: format, cases"):
        load_cases(empty, None)


# -- the shipped cases ------------------------------------------------------------


def test_the_shipped_cases_are_ten_or_more_and_cover_every_end_and_mode(outputs):
    """At least ten cases; every end of the procedure and every transmission mode is some case's answer."""
    cases = outputs.cases
    assert len(cases) >= 10
    ends = {node_id for node_id, node in outputs.assistant_data["nodes"].items() if not node["choices"]}
    assert {case["end"] for case in cases} == ends
    modes = {choice["key"] for choice in outputs.assistant_data["nodes"]["mode"]["choices"]}
    taken = {key for case in cases for node, key in zip(case["nodes"], case["keys"]) if node == "mode"}
    assert taken == modes == {"dti-plus", "dti", "edi"}


def test_the_shipped_cases_take_every_exit_the_site_infers(outputs):
    """Every answer the site adds where the chart is silent (a « reading ») is practised by some case."""
    assert outputs.uncovered_exits == []


def test_the_shipped_traps(outputs):
    """The météo trap (no need to warn the SAU, the copy still goes first) and the DTI+ software failure (DTI meanwhile) are cases."""
    by_id = {case["id"]: case for case in outputs.cases}
    meteo = by_id["meteo-dysfonctionnement"]
    assert meteo["end"] == "secours" and "signale" in meteo["keys"]
    assert any("bureau gestionnaire avant le mouvement" in point for point in meteo["teaching"])
    dti_plus = by_id["dti-plus-panne-logiciel"]
    assert dti_plus["end"] == "resolu" and dti_plus["nodes"][-2] == "dti-en-attendant"
    assert sum("piège" in point for case in outputs.cases for point in case["teaching"]) >= 2


def test_each_case_walks_its_path_and_expects_its_answers(outputs):
    """A case's questions are the steps of its path with more than one answer, each expecting the case's key."""
    chart = Chart(outputs.assistant_data)
    for case in outputs.cases:
        walk = chart.walk(case["keys"])
        assert walk.is_end and walk.current == case["end"] and list(walk.nodes) == case["nodes"]
        asked = [index for index, node in enumerate(case["nodes"][:-1]) if len(chart.nodes[node]["choices"]) > 1]
        assert [q["index"] for q in case["questions"]] == asked
        for question in case["questions"]:
            assert question["expected"] == case["keys"][question["index"]]
            assert question["diagram"]["current"] == outputs.assistant_data["nodes"][question["node"]]["diagram"] or question["node"] in question["diagram"]["current"]


def test_the_texts_are_french(outputs):
    """Titles and texts carry French typography: no-break spaces before : ; ? !, the curly apostrophe."""
    for case in outputs.cases:
        for text in [case["title"], case["situation"], *case["teaching"], *(q["why"] + q["fact"] for q in case["questions"])]:
            assert not re.search(r" [:;?!»]", text), text
            assert "'" not in text, text


def test_page_data_carries_keys_and_traces_not_texts(outputs):
    """The page's data says which key each question expects and what to draw; the texts are in the page itself."""
    data = page_data(outputs.cases)
    first = data["cases"][0]["questions"][0]
    assert set(first) == {"node", "keys", "expected", "diagram"}
    assert first["expected"] in first["keys"]
    assert "links" not in first["diagram"]


# -- the report of what no case covers --------------------------------------------


def test_uncovered_lists_the_scenarios_no_case_walks(outputs):
    """With the small fixture's two cases, every other scenario is reported, in the scenarios' order."""
    cases = load_cases(FIXTURE, outputs.assistant_data)
    missing = uncovered(cases, outputs.scenarios)
    assert len(missing) == len(outputs.scenarios) - 2
    assert {s["token"] for s in missing}.isdisjoint({case["token"] for case in cases})
    assert [s["id"] for s in missing] == [s["id"] for s in outputs.scenarios if s in missing]


def test_uncovered_of_the_shipped_cases_matches_outputs(outputs):
    """Outputs.uncovered is the scenarios minus the shipped cases' paths."""
    walked = {case["token"] for case in outputs.cases}
    assert [s["token"] for s in outputs.uncovered] == [s["token"] for s in outputs.scenarios if s["token"] not in walked]
    assert len(outputs.uncovered) < len(outputs.scenarios) - 10


def test_uncovered_exits_names_the_readings_a_case_set_misses(outputs):
    """With the small fixture, the inferred answers it does not take are listed with the site's reason."""
    cases = load_cases(FIXTURE, outputs.assistant_data)
    missing = uncovered_exits(cases, outputs.assistant_data)
    assert ("prestataire", "pas-de-probleme") in {(m["node"], m["key"]) for m in missing}
    assert ("meteo", "non-signale") not in {(m["node"], m["key"]) for m in missing}  # the EDI case takes it
    assert all(m["reading"] for m in missing)


# -- random flows, random cases -----------------------------------------------------


@st.composite
def flows_and_cases(draw: st.DrawFn) -> tuple[dict, str, bool]:
    """A random valid flow's compiled data and the YAML of random cases on it: true paths, or paths gone wrong."""
    assistant_data = compile_assistant_data(check(parse(to_yaml(draw(valid_flow_data(max_inner=5))), "flow.yaml")))
    chart = Chart(assistant_data)
    paths = chart.paths()
    cases = []
    intact = True
    for number in range(draw(st.integers(1, 3))):
        keys = list(draw(st.sampled_from(paths)))
        walk = chart.walk(keys)
        steps = [{"node": node, "answer": key, "why": draw(texts)} for node, key in zip(walk.nodes, keys)]
        end = walk.current
        damage = draw(st.sampled_from(["none", "drop", "swap-key", "swap-node", "end", "junk"]))
        intact = intact and damage == "none"
        if damage == "drop" and steps:
            del steps[draw(st.integers(0, len(steps) - 1))]
        elif damage == "swap-key" and steps:
            steps[draw(st.integers(0, len(steps) - 1))]["answer"] = draw(st.one_of(ids, st.sampled_from(sorted({c["key"] for n in assistant_data["nodes"].values() for c in n["choices"]}))))
        elif damage == "swap-node" and steps:
            steps[draw(st.integers(0, len(steps) - 1))]["node"] = draw(st.one_of(ids, st.sampled_from(sorted(assistant_data["nodes"]))))
        elif damage == "end":
            end = draw(st.one_of(ids, st.sampled_from(sorted(assistant_data["nodes"]))))
        elif damage == "junk" and steps:
            steps[draw(st.integers(0, len(steps) - 1))][draw(st.sampled_from(["why", "node", "wrong", "fact"]))] = draw(st.one_of(st.integers(), st.none(), st.lists(ids, max_size=2), texts))
        cases.append({"id": f"cas-{number}", "title": draw(texts), "situation": draw(texts), "end": end,
                      "steps": steps or [], "teaching": [draw(texts)]})
    return assistant_data, to_yaml({"format": 1, "cases": cases}), intact


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(flows_and_cases())
def test_random_cases_on_random_flows_are_valid_or_a_clean_error(drawn):
    """Whatever the flow and the cases, the checker gives compiled cases that walk to their end, or placed errors: never a traceback."""
    assistant_data, text, intact = drawn
    cases, problems = parse_cases(text, "cases.yaml", assistant_data)
    chart = Chart(assistant_data)
    assert not (intact and problems), problems  # a case written from a true path is valid
    if problems:
        assert all(error.path == "cases.yaml" and error.line >= 1 and error.column >= 1 and error.message for error in problems)
    else:
        for case in cases:
            walk = chart.walk(case["keys"])
            assert walk.is_end and walk.current == case["end"]
            assert all(q["expected"] == case["keys"][q["index"]] for q in case["questions"])


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(max_size=200))
def test_any_text_is_a_clean_error_or_cases(text):
    """Any text at all gives cases or placed errors, never a traceback."""
    _, problems = parse_cases(text, "cases.yaml", None)
    assert all(error.line >= 1 for error in problems)
